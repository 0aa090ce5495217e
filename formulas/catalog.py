"""The indicator catalog: YAML data files in workbook_templates/catalog/, loaded into typed objects.

One file per sector sheet (plus _outline.yaml for the report outline and _settings.yaml for the
evaluation policy). The template builder, the parser, the calculator, the consolidation and the
narrative all read this one catalog; a provincial IT officer edits the YAML, never Python.
The schema is documented in workbook_templates/catalog/README.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

# The catalog data stays with the templates (staff edit it there); only the loader is core.
CATALOG_DIR = Path(__file__).resolve().parent.parent / "workbook_templates" / "catalog"

KINDS = ("count", "amount", "area", "quantity", "rate", "text")
DIRECTIONS = ("higher", "lower")
AGGREGATIONS = ("sum", "recompute", "weighted", "none")
VALUE_COLUMNS = ("cung_ky", "den_ngay", "uoc_ky")
LEVELS = ("tinh", "xa", "huyen")

# Sentence patterns the narrative knows (generator/ implements one template per pattern).
SENTENCE_PATTERNS = {
    "ket_qua": "value with whatever comparisons exist: đạt X% KH (each basis), bằng/tăng/giảm so với cùng kỳ",
    "dat_tren_ke_hoach": "achieved over plan, 'x/y <unit>', then % of each plan and of the same period",
    "ty_le": "a rate: 'đạt X%', % of plan, change against the same period in điểm phần trăm",
    "giai_ngan": "disbursement 'x/y triệu đồng, đạt X% kế hoạch vốn giao' for to-date and estimate",
    "ngan_sach": "budget: value, đạt X% each estimate, so với cùng kỳ",
    "so_luong": "a plain count or amount with no comparison ('cấp 33 giấy phép')",
    "trong_do": "a parent with its breakdown: 'tổng số X, trong đó: a ..., b ...'",
    "khong": "no generated sentence (the figure appears only in the appendix table)",
}

CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*(\.[A-Z0-9_]+)+$")

CAP_NAMES = {"tinh": "tỉnh", "xa": "xã", "huyen": "huyện"}
CAP_PARENT_NAMES = {"tinh": "Trung ương", "xa": "huyện", "huyen": "tỉnh"}


class CatalogError(ValueError):
    """The catalog data is inconsistent; the message names the file and the indicator."""


@dataclass(frozen=True, slots=True)
class PlanBasis:
    key: str  # column key, e.g. "kh_nam"
    label: str  # header label; may hold {cap} / {cap_tren}

    def label_for(self, cap: str) -> str:
        return fill_level(self.label, cap)


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    sheet: str
    name: str
    unit: str
    parent: str | None = None
    plans: tuple[str, ...] = ()
    same_period: bool = True
    same_period_text: str = ""  # sentence wording of the comparison, default "so với cùng kỳ"
    cumulative: bool = True  # value to the cut-off date must not exceed the period estimate
    kind: str = "amount"
    better: str = "higher"
    decimals: int = 0
    aggregate: str = "sum"
    children_add_up: bool = False  # children are a complete breakdown of this total
    show_share: bool = False  # tỷ trọng of this indicator in its parent is reported
    numerator: str | None = None  # for aggregate: recompute (rate = numerator / denominator × 100)
    denominator: str | None = None
    weight: str | None = None  # for aggregate: weighted
    sentence: str = "ket_qua"
    required: bool = False
    allow_negative: bool = False
    minimum: float | None = None
    maximum: float | None = None
    source: str | None = None  # main targets: the result is read from this indicator
    evaluate: str = "period"  # main targets: "period", "year_end" or "group" (judged by its children)
    help: str = ""  # input message shown in Excel
    phrase: str = ""  # optional narrative phrase with {value} {unit}, e.g. "cấp 33 giấy phép xây dựng"
    level: int = 0  # depth below the sheet's top rows (computed from parents)

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate"

    @property
    def is_text(self) -> bool:
        return self.kind == "text"


@dataclass(frozen=True, slots=True)
class SectorSheet:
    key: str  # file stem, e.g. "nong_nghiep"
    sheet: str  # Excel sheet name (≤ 31 characters)
    title: str  # printed title of the sheet
    section: str  # outline key of the report section this sheet feeds
    order: int
    plan_bases: tuple[PlanBasis, ...]
    value_columns: tuple[str, ...]
    indicators: tuple[Indicator, ...]

    @property
    def has_share(self) -> bool:
        return any(i.show_share for i in self.indicators)


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str  # may hold {ky}, {nam}, {cap}, {cap_upper}, {ky_sau}
    level: int  # 1 = I., 2 = 1., 3 = 1.1.
    parent: str | None


@dataclass(frozen=True, slots=True)
class Catalog:
    version: str
    sheets: tuple[SectorSheet, ...]
    sections: tuple[Section, ...]
    settings: dict = field(default_factory=dict)
    by_code: dict = field(default_factory=dict)  # code -> Indicator

    def indicator(self, code: str) -> Indicator | None:
        return self.by_code.get(code)

    def sheet(self, name: str) -> SectorSheet | None:
        return next((s for s in self.sheets if s.sheet == name), None)

    def children(self, code: str) -> list[Indicator]:
        return [i for i in self.by_code.values() if i.parent == code]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def fill_level(text: str, cap: str) -> str:
    """Replace {cap} and {cap_tren} in a label by the names for this administrative level."""
    return text.replace("{cap}", CAP_NAMES[cap]).replace("{cap_tren}", CAP_PARENT_NAMES[cap])


def _load_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as fh:
            # libyaml when available: the catalog loads ~10x faster (every export reads it)
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path.name}: không đọc được YAML: {exc}") from exc


def _sector_from(path: Path, data: dict) -> SectorSheet:
    where = path.name
    for key in ("sheet", "title", "section", "indicators"):
        if key not in data:
            raise CatalogError(f"{where}: thiếu khóa '{key}'")
    sheet = data["sheet"]
    if len(sheet) > 31 or any(ch in sheet for ch in "[]:*?/\\"):
        raise CatalogError(f"{where}: tên trang tính '{sheet}' không hợp lệ cho Excel")
    bases = tuple(PlanBasis(k, v) for k, v in (data.get("plan_bases") or {}).items())
    value_columns = tuple(data.get("value_columns") or VALUE_COLUMNS)
    for col in value_columns:
        if col not in VALUE_COLUMNS:
            raise CatalogError(f"{where}: cột giá trị '{col}' không có trong {VALUE_COLUMNS}")
    known_fields = set(Indicator.__dataclass_fields__) - {"sheet", "level"}
    indicators = []
    for raw in data["indicators"]:
        unknown = set(raw) - known_fields
        if unknown:
            raise CatalogError(f"{where}: chỉ tiêu {raw.get('code')}: khóa lạ {sorted(unknown)}")
        raw = dict(raw)
        raw["plans"] = tuple(raw.get("plans") or ())
        if raw.get("kind") == "rate":
            raw.setdefault("minimum", 0)
            raw.setdefault("maximum", 100)
            raw.setdefault("decimals", 2)
        indicators.append(Indicator(sheet=sheet, **raw))
    return SectorSheet(
        key=path.stem,
        sheet=sheet,
        title=data["title"],
        section=data["section"],
        order=int(data.get("order", 100)),
        plan_bases=bases,
        value_columns=value_columns,
        indicators=tuple(indicators),
    )


def _levels(by_code: dict[str, Indicator]) -> dict[str, int]:
    levels: dict[str, int] = {}

    def depth(code: str, seen: tuple = ()) -> int:
        if code in levels:
            return levels[code]
        ind = by_code[code]
        # an unknown parent is left to validate(), which names the file and the code
        if ind.parent is None or ind.parent not in by_code or by_code[ind.parent].sheet != ind.sheet:
            levels[code] = 0
        elif ind.parent in seen:
            raise CatalogError(f"vòng lặp chỉ tiêu cha: {' -> '.join(seen + (code,))}")
        else:
            levels[code] = depth(ind.parent, seen + (code,)) + 1
        return levels[code]

    for code in by_code:
        depth(code)
    return levels


def validate(catalog: Catalog) -> None:
    """Raise CatalogError on the first inconsistency (unique codes, parents, patterns, kinds…)."""
    section_keys = {s.key for s in catalog.sections}
    for sheet in catalog.sheets:
        if sheet.section not in section_keys:
            raise CatalogError(f"{sheet.key}.yaml: mục '{sheet.section}' không có trong _outline.yaml")
        basis_keys = {b.key for b in sheet.plan_bases}
        for ind in sheet.indicators:
            where = f"{sheet.key}.yaml: {ind.code}"
            if not CODE_RE.match(ind.code):
                raise CatalogError(f"{where}: mã phải dạng NHOM.TEN (chữ in hoa, số, '_')")
            if not ind.name or not ind.unit:
                raise CatalogError(f"{where}: thiếu tên hoặc đơn vị tính")
            if ind.kind not in KINDS:
                raise CatalogError(f"{where}: loại '{ind.kind}' không thuộc {KINDS}")
            if ind.better not in DIRECTIONS:
                raise CatalogError(f"{where}: chiều đánh giá '{ind.better}' không thuộc {DIRECTIONS}")
            if ind.aggregate not in AGGREGATIONS:
                raise CatalogError(f"{where}: cách tổng hợp '{ind.aggregate}' không thuộc {AGGREGATIONS}")
            if ind.sentence not in SENTENCE_PATTERNS:
                raise CatalogError(f"{where}: mẫu câu '{ind.sentence}' chưa được định nghĩa")
            if ind.evaluate not in ("period", "year_end", "group"):
                raise CatalogError(f"{where}: evaluate phải là period, year_end hoặc group")
            if not 0 <= ind.decimals <= 6:
                raise CatalogError(f"{where}: số chữ số thập phân phải từ 0 đến 6")
            for basis in ind.plans:
                if basis not in basis_keys:
                    raise CatalogError(f"{where}: cơ sở kế hoạch '{basis}' không có trong plan_bases")
            for ref in (ind.parent, ind.numerator, ind.denominator, ind.weight, ind.source):
                if ref is not None and ref not in catalog.by_code:
                    raise CatalogError(f"{where}: tham chiếu '{ref}' không tồn tại")
            if ind.aggregate == "recompute" and not (ind.numerator and ind.denominator):
                raise CatalogError(f"{where}: aggregate recompute cần numerator và denominator")
            if ind.aggregate == "weighted" and not ind.weight:
                raise CatalogError(f"{where}: aggregate weighted cần weight")
            if ind.aggregate == "weighted" and ind.children_add_up:
                # a parent averaged from its children weights each child by the child's own weight
                for child in catalog.children(ind.code):
                    if not child.weight:
                        raise CatalogError(f"{where}: chỉ tiêu con {child.code} của bình quân gia quyền "
                                           "cần weight (quyền số của chỉ tiêu con)")
            if ind.evaluate == "group" and not catalog.children(ind.code):
                raise CatalogError(f"{where}: evaluate group cần các chỉ tiêu con (thành phần của mục tiêu)")


@lru_cache(maxsize=4)
def load_catalog(directory: Path | str = CATALOG_DIR) -> Catalog:
    directory = Path(directory)
    outline = _load_yaml(directory / "_outline.yaml")
    sections = tuple(
        Section(key=s["key"], title=s["title"], level=int(s["level"]), parent=s.get("parent"))
        for s in outline["sections"]
    )
    settings_path = directory / "_settings.yaml"
    settings = _load_yaml(settings_path) if settings_path.exists() else {}
    sheets = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        sheets.append(_sector_from(path, _load_yaml(path)))
    sheets.sort(key=lambda s: (s.order, s.key))
    by_code: dict[str, Indicator] = {}
    for sheet in sheets:
        for ind in sheet.indicators:
            if ind.code in by_code:
                raise CatalogError(f"{sheet.key}.yaml: mã {ind.code} bị trùng với trang {by_code[ind.code].sheet}")
            by_code[ind.code] = ind
    names = [s.sheet for s in sheets]
    if len(set(names)) != len(names):
        raise CatalogError("hai tệp danh mục dùng cùng một tên trang tính")
    levels = _levels(by_code)
    by_code = {c: _with_level(i, levels[c]) for c, i in by_code.items()}
    sheets = [
        SectorSheet(s.key, s.sheet, s.title, s.section, s.order, s.plan_bases, s.value_columns,
                    tuple(by_code[i.code] for i in s.indicators))
        for s in sheets
    ]
    catalog = Catalog(
        version=str(outline.get("version", "0")),
        sheets=tuple(sheets),
        sections=sections,
        settings=settings or {},
        by_code=by_code,
    )
    validate(catalog)
    return catalog


def _with_level(ind: Indicator, level: int) -> Indicator:
    from dataclasses import replace

    return replace(ind, level=level)
