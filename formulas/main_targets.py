"""The main targets (Chỉ tiêu chủ yếu) of one workbook: the list its office's resolution sets.

Every HĐND sets its own list, so the list belongs to the workbook, not to the catalog: the catalog
of a level only proposes a general list (the rows a new workbook starts with). On the targets sheet
each row names its target (Mã, Chỉ tiêu, ĐVT), its target value (KH năm: a number, a range, an
inequality or a verdict) and two columns that make it a target:

- `nguon` ("Lấy kết quả từ mã"): the sector indicator whose result the target reads;
- `thoi_diem_danh_gia` ("Thời điểm đánh giá"): judged in the period, only at year end, or from
  its components (a group such as the economic structure).

`with_main_targets(catalog, specs)` gives the catalog with that list in place of the proposed one;
the demo writes the Cao Lộc resolution's 15 targets through it, and `catalog_for_values` reads any
workbook's own list back through it, so the checker, the calculator and the report all see the
targets the office typed. A workbook without these columns (made before they existed) is read with
the list the catalog shipped then (Catalog.earlier_targets), else with the catalog's proposed list.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from formulas.catalog import TARGETS_SECTION, Catalog, Indicator, SectorSheet, rebuild_catalog
from formulas.layout import TARGET_SOURCE_COLUMN as COL_SOURCE, TARGET_TIMING_COLUMN as COL_TIMING
TIMING_LABELS = {"period": "Trong kỳ", "year_end": "Cuối năm", "group": "Theo thành phần"}
_TIMING_OF_LABEL = {v.casefold(): k for k, v in TIMING_LABELS.items()}


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """One row of a targets sheet, as the office wrote it."""
    code: str
    name: str = ""
    unit: str = ""
    source: str | None = None
    evaluate: str = "period"


def targets_sheet(catalog: Catalog) -> SectorSheet | None:
    return next((s for s in catalog.sheets if s.section == TARGETS_SECTION), None)


def is_targets_sheet(sheet: SectorSheet) -> bool:
    return sheet.section == TARGETS_SECTION


def timing_label(ind: Indicator) -> str:
    return TIMING_LABELS.get(ind.evaluate, TIMING_LABELS["period"])


def parse_timing(text: object) -> str | None:
    """'Cuối năm' -> 'year_end'; empty -> None (the catalog's, or 'period'); unknown -> None."""
    if not isinstance(text, str) or not text.strip():
        return None
    return _TIMING_OF_LABEL.get(" ".join(text.split()).casefold())


def specs_of(catalog: Catalog) -> tuple[TargetSpec, ...]:
    sheet = targets_sheet(catalog)
    return tuple(TargetSpec(i.code, i.name, i.unit, i.source, i.evaluate) for i in (sheet.indicators if sheet else ()))


def with_main_targets(catalog: Catalog, specs) -> Catalog:
    """The catalog whose targets sheet holds `specs`, in their order. A spec whose code the catalog
    proposes, with the same source and timing, keeps the catalog's definition (a group keeps its
    components); any other takes what it measures from its source indicator (unit, kind, direction,
    decimals, bounds), or, with no source, is a figure typed on the row (a rate when its unit is %).
    A spec whose source is not in the catalog is left out: formulas.parse reports its cell."""
    specs = tuple(specs)
    sheet = targets_sheet(catalog)
    if sheet is None or specs == specs_of(catalog):
        return catalog
    key = (id(catalog), specs)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is catalog:
        return cached[1]
    proposed = {i.code: i for i in sheet.indicators}
    kept_codes = {s.code for s in specs}
    plan = sheet.plan_bases[0].key if sheet.plan_bases else None
    indicators: list[Indicator] = []
    for spec in specs:
        own = proposed.get(spec.code)
        if own is not None and spec.source == own.source and spec.evaluate == own.evaluate:
            if own.parent is None or own.parent in kept_codes:  # the office's wording of it, if any
                indicators.append(replace(own, name=spec.name or own.name, unit=spec.unit or own.unit))
            continue
        if spec.source is None:  # the result is typed on the row itself
            indicators.append(_typed_target(spec, sheet.sheet, plan))
            continue
        source = catalog.by_code.get(spec.source)
        if source is None or source.is_text:
            continue  # formulas.parse reports the unknown source on its cell
        indicators.append(_target_from_source(spec, source, sheet.sheet, plan))
    codes = {i.code for i in indicators}
    # a group's components follow it; components whose group was dropped are dropped too
    indicators = [i for i in indicators if i.parent is None or i.parent in codes]
    sheets = tuple(replace(s, indicators=tuple(indicators)) if s is sheet else s for s in catalog.sheets)
    out = rebuild_catalog(catalog, sheets)
    if len(_CACHE) > 64:
        _CACHE.clear()
    _CACHE[key] = (catalog, out)
    return out


_CACHE: dict[tuple, tuple[Catalog, Catalog]] = {}


def _target_from_source(spec: TargetSpec, source: Indicator, sheet: str, plan: str | None) -> Indicator:
    evaluate = spec.evaluate if spec.evaluate in ("period", "year_end") else "period"
    return Indicator(
        code=spec.code, sheet=sheet, name=spec.name or source.name, unit=spec.unit or source.unit,
        plans=(plan,) if plan else (), same_period=False, cumulative=source.cumulative, kind=source.kind,
        better=source.better, decimals=source.decimals, aggregate="none", allow_negative=source.allow_negative,
        minimum=source.minimum, maximum=source.maximum, source=source.code, evaluate=evaluate, sentence="khong")


def _typed_target(spec: TargetSpec, sheet: str, plan: str | None) -> Indicator:
    rate = spec.unit.strip() == "%"
    evaluate = spec.evaluate if spec.evaluate in ("period", "year_end") else "period"
    return Indicator(code=spec.code, sheet=sheet, name=spec.name or spec.code, unit=spec.unit, plans=(plan,) if plan else (),
                     same_period=False, kind="rate" if rate else "amount", decimals=2 if rate else 0,
                     aggregate="none", allow_negative=True,
                     evaluate=evaluate, sentence="khong")


def specs_from_rows(rows: list[list[object]] | None, catalog: Catalog) -> tuple[TargetSpec, ...] | None:
    """The targets a sheet's rows state (key row with ma, ten, nguon), or None when the sheet has no
    `nguon` column (a workbook made before it: the catalog's list stands)."""
    from formulas.parse import find_key_row  # parse reads sheets; this module only needs its key row

    found = find_key_row(rows or [], ("ma", "ten", COL_SOURCE))
    if found is None:
        return None
    key_r, cols = found
    proposed = {i.code: i for i in (targets_sheet(catalog).indicators if targets_sheet(catalog) else ())}
    out: list[TargetSpec] = []
    seen: set[str] = set()
    for row in rows[key_r + 3:]:  # key row, header row, column numbers, then data
        def cell(key):
            i = cols.get(key)
            v = row[i] if i is not None and i < len(row) else None
            return " ".join(str(v).split()) if v is not None else ""
        code = "".join(cell("ma").split()).upper()
        if not code or code in seen:
            continue
        seen.add(code)
        own = proposed.get(code)
        source = "".join(cell(COL_SOURCE).split()).upper() or None
        timing = parse_timing(cell(COL_TIMING))
        if own is not None:
            source = source or own.source
            timing = timing or own.evaluate
        out.append(TargetSpec(code, cell("ten"), cell("dvt"), source, timing or "period"))
    return tuple(out)


def catalog_with_workbook_targets(values, catalog: Catalog) -> Catalog:
    """The level catalog with the main targets the workbook's targets sheet states."""
    sheet = targets_sheet(catalog)
    if sheet is None:
        return catalog
    rows = values.get(sheet.sheet)
    specs = specs_from_rows(rows, catalog)
    if specs is None:  # made before the sheet stated its list: the list the catalog shipped then
        specs = _earlier_specs(rows, catalog)
        if specs is None:
            return catalog
    return with_main_targets(catalog, specs)


def _earlier_specs(rows, catalog: Catalog) -> tuple[TargetSpec, ...] | None:
    """The targets of a workbook without the nguon column, in its row order: the rows whose codes the
    catalog's earlier list (Catalog.earlier_targets) or its proposed list holds."""
    from formulas.parse import find_key_row

    found = find_key_row(rows or [], ("ma", "ten"))
    if not catalog.earlier_targets or found is None:
        return None
    key_r, cols = found
    earlier = {code: (source, evaluate) for code, source, evaluate in catalog.earlier_targets}
    proposed = {s.code: s for s in specs_of(catalog)}
    out = []
    for row in rows[key_r + 3:]:
        cell = lambda key: (" ".join(str(row[cols[key]]).split()) if key in cols and cols[key] < len(row)
                            and row[cols[key]] is not None else "")
        code = "".join(cell("ma").split()).upper()
        if code in earlier:
            source, evaluate = earlier[code]
            out.append(TargetSpec(code, cell("ten"), cell("dvt"), source, evaluate))
        elif code in proposed:
            out.append(proposed[code])
    return tuple(out)
