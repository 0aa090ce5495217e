"""The indicator catalog: YAML data files in workbook_templates/catalog/, loaded into typed objects.

One file per sector sheet (plus _outline.yaml for the report outline and _settings.yaml for the
evaluation policy). The template builder, the parser, the calculator, the consolidation and the
narrative all read this one catalog; a provincial IT officer edits the YAML, never Python.
The schema is documented in workbook_templates/catalog/README.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

# The catalog data stays with the templates (staff edit it there); only the loader is core.
CATALOG_DIR = Path(__file__).resolve().parent.parent / "workbook_templates" / "catalog"

KINDS = ("count", "amount", "area", "quantity", "rate", "text")
DIRECTIONS = ("higher", "lower")
AGGREGATIONS = ("sum", "recompute", "weighted", "count", "none")
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
# Since 01/7/2025 a xã answers to the tỉnh directly (the huyện level stopped operating).
CAP_PARENT_NAMES = {"tinh": "Trung ương", "xa": "tỉnh", "huyen": "tỉnh"}

# One catalog per level: the files directly in CATALOG_DIR are the common base ("chung"); each level
# folder (huyen/, tinh/, xa/) holds a _level.yaml (id, version, extends, exclude, override…) and the
# level's own sector files. Codes are shared by every level, so a province consolidates its xã by code.
LEVEL_FILE = "_level.yaml"
BASE_ID = "chung"
DEFAULT_CAP = "huyen"  # workbooks made before per-level catalogs were read with today's huyện catalog


TARGETS_SECTION = "tong_hop_chi_tieu"  # outline key of the main targets (Chỉ tiêu chủ yếu)


def catalog_id(cap: str) -> str:
    return f"ktxh-{cap}"



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
    shares_add_up: bool = False  # children are shares (%) of one whole: they must add up to 100 %
    numerator: str | None = None  # for aggregate: recompute (rate = numerator / denominator × 100)
    denominator: str | None = None
    weight: str | None = None  # for aggregate: weighted
    plans_add_up: bool = False  # consolidation: the upper level's plan is the sum of the units' plans
    # aggregate: count (consolidation only): how many units' `count_of` (default: this code) meets
    # `count_when`, a condition in a target's words (formulas.targets): ">= 1", "trên 50", "19"
    count_of: str | None = None
    count_when: str | None = None
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
    id: str = ""  # e.g. "ktxh-xa"; "" for a catalog folder without _level.yaml (tests, custom sets)
    cap: str | None = None  # the level the catalog is for
    # (code, source, evaluate) of the main targets workbooks made before the targets sheet stated its
    # own list held (a level's _targets_before_*.yaml; formulas.main_targets reads them with it)
    earlier_targets: tuple = ()

    def indicator(self, code: str) -> Indicator | None:
        return self.by_code.get(code)

    def sheet(self, name: str) -> SectorSheet | None:
        return next((s for s in self.sheets if s.sheet == name), None)

    def children(self, code: str) -> list[Indicator]:
        return [i for i in self.by_code.values() if i.parent == code]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


def _count_condition(ind: Indicator):
    # imported here: formulas.targets reaches this module back through results -> model
    from formulas.targets import VERDICT, parse_target

    target = parse_target(ind.count_when, ind.unit) if ind.count_when is not None else None
    return None if target is None or target.kind == VERDICT else target


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
            raw.setdefault("cumulative", False)  # a rate never adds up over the months
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
            if ind.aggregate == "count" and _count_condition(ind) is None:
                raise CatalogError(f"{where}: aggregate count cần count_when là một điều kiện "
                                   f"(ví dụ \">= 1\", \"trên 50\"), không phải '{ind.count_when}'")
            if ind.aggregate == "weighted" and not ind.weight:
                raise CatalogError(f"{where}: aggregate weighted cần weight")
            if ind.aggregate == "weighted" and ind.children_add_up:
                # a parent averaged from its children weights each child by the child's own weight
                for child in catalog.children(ind.code):
                    if not child.weight:
                        raise CatalogError(f"{where}: chỉ tiêu con {child.code} của bình quân gia quyền "
                                           "cần weight (quyền số của chỉ tiêu con)")
            if ind.shares_add_up and not all(c.unit == "%" for c in catalog.children(ind.code) or [None]):
                raise CatalogError(f"{where}: shares_add_up cần các chỉ tiêu con là tỷ trọng (đơn vị %)")
            if ind.evaluate == "group" and not catalog.children(ind.code):
                raise CatalogError(f"{where}: evaluate group cần các chỉ tiêu con (thành phần của mục tiêu)")


def _sections_from(outline: dict) -> list[Section]:
    return [Section(key=s["key"], title=s["title"], level=int(s["level"]), parent=s.get("parent"))
            for s in outline["sections"]]


def _sector_files(directory: Path) -> dict[str, SectorSheet]:
    return {p.stem: _sector_from(p, _load_yaml(p))
            for p in sorted(directory.glob("*.yaml")) if not p.name.startswith("_")}


def _is_level_name(value) -> bool:
    return isinstance(value, str) and (value in LEVELS or value.removeprefix("ktxh-") in LEVELS)


def load_catalog(cap: str | Path = DEFAULT_CAP, directory: Path | str | None = None) -> Catalog:
    """The catalog of one level: load_catalog("xa"), load_catalog("ktxh-tinh"); default huyện.
    A folder is accepted too (load_catalog(path)): with a _level.yaml it is a level folder extending
    its parent folder, without one it is a complete catalog loaded as it is (tests, custom sets).
    Loaded once per level and folder: every spelling of the same request gives the same object."""
    if not _is_level_name(cap):
        directory, cap = cap, None
    else:
        cap = cap.removeprefix("ktxh-")
    return _load_catalog(cap, str(Path(directory).resolve()) if directory is not None else None)


@lru_cache(maxsize=8)
def _load_catalog(cap: str | None, directory: str | None) -> Catalog:
    if cap is not None:
        level_dir = Path(directory or CATALOG_DIR) / cap.removeprefix("ktxh-")
    else:
        level_dir = Path(directory)
    if not (level_dir / LEVEL_FILE).exists():
        if cap is not None:
            raise CatalogError(f"{level_dir}: không có {LEVEL_FILE} của cấp '{cap}'")
        return _assemble(level_dir, _load_yaml(level_dir / "_outline.yaml"), _sector_files(level_dir))
    return _load_level(level_dir)


load_catalog.cache_clear = _load_catalog.cache_clear  # tests that edit a catalog folder reload it


def _load_level(level_dir: Path) -> Catalog:
    where = f"{level_dir.name}/{LEVEL_FILE}"
    spec = _load_yaml(level_dir / LEVEL_FILE) or {}
    for key in ("id", "version", "extends"):
        if key not in spec:
            raise CatalogError(f"{where}: thiếu khóa '{key}'")
    unknown = set(spec) - {"id", "version", "extends", "cap", "exclude", "override", "sheets", "sections",
                           "settings"}
    if unknown:
        raise CatalogError(f"{where}: khóa lạ {sorted(unknown)}")
    if spec["extends"] != BASE_ID:
        raise CatalogError(f"{where}: extends phải là '{BASE_ID}' (bộ chung ở thư mục danh mục)")
    base_dir = level_dir.parent
    outline = dict(_load_yaml(base_dir / "_outline.yaml"))
    sheets = _sector_files(base_dir)
    sheets.update(_sector_files(level_dir))  # a level file with a base file's name replaces it
    sections = _sections_from(outline)
    # an excluded outline section goes with the sheet of the same key (huyện: no quốc phòng - an ninh)
    dropped_sections = set(spec.get("exclude") or ()) & {s.key for s in sections}
    sections = [s for s in sections if s.key not in dropped_sections]
    sheets = _apply_level(where, spec, sheets, dropped_sections)
    for extra in spec.get("sections") or ():
        after = extra.get("after")
        keys = [s.key for s in sections]
        if after not in keys:
            raise CatalogError(f"{where}: mục thêm '{extra.get('key')}': after '{after}' không có trong đề cương")
        sections.insert(keys.index(after) + 1, Section(key=extra["key"], title=extra["title"],
                                                        level=int(extra["level"]), parent=extra.get("parent")))
    outline["version"] = str(spec["version"])
    cap = spec.get("cap") or level_dir.name
    if cap not in LEVELS:
        raise CatalogError(f"{where}: cấp '{cap}' không thuộc {LEVELS}")
    catalog = _assemble(base_dir, outline, sheets, sections=sections, extra_settings=spec.get("settings"),
                        id=str(spec["id"]), cap=cap)
    earlier = _earlier_targets(level_dir, catalog)
    return replace(catalog, earlier_targets=earlier) if earlier else catalog


def _earlier_targets(level_dir: Path, catalog: Catalog) -> tuple:
    out = []
    for path in sorted(level_dir.glob("_targets_before_*.yaml")):
        for item in (_load_yaml(path) or {}).get("targets") or ():
            code, source, evaluate = item.get("code"), item.get("source"), item.get("evaluate", "period")
            if not code or source not in catalog.by_code or evaluate not in ("period", "year_end"):
                raise CatalogError(f"{level_dir.name}/{path.name}: mục {item}: cần code, source có trong danh "
                                   "mục, evaluate là period hoặc year_end")
            out.append((str(code), str(source), str(evaluate)))
    return tuple(out)


def _apply_level(where: str, spec: dict, sheets: dict[str, SectorSheet],
                 sections: set[str] = frozenset()) -> dict[str, SectorSheet]:
    """exclude (sheet keys, sheet names, codes: a code's breakdown goes with it; or outline section
    keys, `sections`), override (fields of an indicator, keeping its code) and sheets (title, order,
    plan_bases of a sheet)."""

    exclude = set(spec.get("exclude") or ())
    all_codes = {i.code for s in sheets.values() for i in s.indicators}
    names = {s.sheet for s in sheets.values()}
    for item in exclude:
        if item not in sheets and item not in names and item not in all_codes and item not in sections:
            raise CatalogError(f"{where}: exclude '{item}' không phải tệp, trang hay mã chỉ tiêu nào")
    sheets = {k: s for k, s in sheets.items() if k not in exclude and s.sheet not in exclude}
    dropped = set(exclude)
    while True:  # children of an excluded indicator go with it
        more = {i.code for s in sheets.values() for i in s.indicators
                if i.parent in dropped and i.code not in dropped}
        if not more:
            break
        dropped |= more
    overrides = spec.get("override") or {}
    known = set(Indicator.__dataclass_fields__) - {"code", "sheet", "level"}
    codes = {i.code for s in sheets.values() for i in s.indicators}
    for code, fields_ in overrides.items():
        if code not in codes:
            raise CatalogError(f"{where}: override '{code}' không có trong danh mục của cấp này")
        bad = set(fields_) - known
        if bad:
            raise CatalogError(f"{where}: override {code}: khóa lạ {sorted(bad)}")
    out = {}
    for key, s in sheets.items():
        inds = tuple(replace(i, **{k: (tuple(v) if k == "plans" else v) for k, v in overrides.get(i.code, {}).items()})
                     for i in s.indicators if i.code not in dropped)
        s = replace(s, indicators=inds)
        sheet_spec = (spec.get("sheets") or {}).get(key)
        if sheet_spec:
            bad = set(sheet_spec) - {"title", "order", "plan_bases"}
            if bad:
                raise CatalogError(f"{where}: sheets {key}: khóa lạ {sorted(bad)}")
            if "plan_bases" in sheet_spec:
                labels = {b.key: b.label for b in s.plan_bases} | dict(sheet_spec["plan_bases"])
                sheet_spec = {**sheet_spec, "plan_bases": tuple(PlanBasis(k, v) for k, v in labels.items())}
            s = replace(s, **sheet_spec)
        out[key] = s
    for key in (spec.get("sheets") or {}):
        if key not in sheets:
            raise CatalogError(f"{where}: sheets '{key}' không phải tệp danh mục nào")
    return out


def _assemble(directory: Path, outline: dict, by_key: dict[str, SectorSheet], *, sections=None,
              extra_settings: dict | None = None, id: str = "", cap: str | None = None) -> Catalog:
    sections = tuple(sections if sections is not None else _sections_from(outline))
    settings_path = directory / "_settings.yaml"
    settings = dict((_load_yaml(settings_path) if settings_path.exists() else None) or {})
    settings.update(extra_settings or {})
    return _build(str(outline.get("version", "0")), by_key.values(), sections, settings, id=id, cap=cap)


def rebuild_catalog(catalog: Catalog, sheets) -> Catalog:
    """The catalog with other sheets (same outline, settings, id), checked like a loaded one."""
    return replace(_build(catalog.version, sheets, catalog.sections, catalog.settings, id=catalog.id,
                          cap=catalog.cap), earlier_targets=catalog.earlier_targets)


def _build(version: str, sheets, sections, settings: dict, *, id: str, cap: str | None) -> Catalog:
    sheets = sorted(sheets, key=lambda s: (s.order, s.key))
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
        version=version,
        sheets=tuple(sheets),
        sections=tuple(sections),
        settings=settings,
        by_code=by_code,
        id=id,
        cap=cap,
    )
    validate(catalog)
    return catalog


def catalog_for_values(values, directory: Path | str | None = None, *, level: Catalog | None = None) -> Catalog:
    """The catalog a workbook read as {sheet name: rows of values} was made with (catalog_for_meta;
    or `level`, a catalog the caller chose), with the main targets its targets sheet states
    (formulas.main_targets): the office's list, not the one the catalog proposes."""
    from formulas.main_targets import catalog_with_workbook_targets  # it builds on this module

    if level is None:
        level = catalog_for_meta(values.get("_ktxh"), directory)  # layout.SHEET_META (layout imports this)
    return catalog_with_workbook_targets(values, level)


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.\-]", str(version).strip()))


def catalog_for_meta(rows: list[list[object]] | None, directory: Path | str | None = None) -> Catalog:
    """The catalog a workbook was made with, from its hidden _ktxh sheet (key in A, value in B).
    No catalog_id (a workbook made before per-level catalogs): the huyện catalog, as it was read then.
    An unknown id or a version newer than this ktxh knows is refused: never a silent misread."""
    from formulas.errors import KtxhError

    found: dict[str, tuple[int, str]] = {}
    for r, row in enumerate(rows or (), start=1):
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip() and row[1] is not None:
            value = row[1]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            found.setdefault(row[0].strip(), (r, str(value).strip()))
    if "catalog_id" not in found:
        return load_catalog(DEFAULT_CAP, directory)
    r, cid = found["catalog_id"]
    cap = cid.removeprefix("ktxh-")
    if not cid.startswith("ktxh-") or cap not in LEVELS:
        known = ", ".join(catalog_id(c) for c in LEVELS)
        raise KtxhError(f"Trang “_ktxh”, ô B{r}: mã danh mục “{cid}” không có trong bản ktxh này "
                        f"(chỉ có {known}). Sổ được tạo bằng bộ danh mục khác: hãy mở sổ bằng bản ktxh "
                        "đã tạo sổ, hoặc tạo sổ mới bằng lệnh “ktxh new” rồi chép số liệu sang.")
    catalog = load_catalog(cap, directory)
    if "catalog_version" in found:
        rv, version = found["catalog_version"]
        if _version_key(version) > _version_key(catalog.version):
            raise KtxhError(f"Trang “_ktxh”, ô B{rv}: sổ dùng danh mục {cid} phiên bản {version}, mới hơn "
                            f"phiên bản {catalog.version} mà bản ktxh này biết. Hãy cập nhật ktxh lên bản "
                            "mới rồi chạy lại.")
    return catalog


def _with_level(ind: Indicator, level: int) -> Indicator:
    return replace(ind, level=level)
