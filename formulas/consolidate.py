"""Tổng hợp: the figures of many units (a province's xã) combined into the upper level's.

Pure: it takes each unit's checked workbook (formulas.jobs.Outcome) and gives the consolidated
input values, by each indicator's declared rule (formulas.catalog `aggregate`), never averaging
rates:
- sum: the total of the units that reported the figure (an empty cell is not a zero; how many
  units reported it is kept beside the total);
- recompute: Σ numerators / Σ denominators × 100 over the units that reported both;
- weighted: Σ(value × weight) / Σ(weights), each unit weighted by its own `weight` indicator;
- count: how many units' figure (of `count_of`, default the same code) meets `count_when`
  ("số xã đạt chuẩn nông thôn mới": units whose flag is ≥ 1), over the units that reported it;
- none: not consolidated (each unit's own); nor are the units' main targets (the upper level's
  targets read its own consolidated sector rows).
Results (cùng kỳ, đến ngày, ước kỳ, thực hiện tháng, ước tháng sau) are combined; plans only where
the indicator says `plans_add_up: true`, since the upper level has plans of its own.

Which units count is decided here too (`admit`): each unit once (two files for one unit is an error
naming both), at the expected level, period and catalog; a unit with errors only when forced.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from formulas.aggregate import RESULT_COLUMNS, counted, recomputed, total, weighted_mean
from formulas.catalog import CAP_NAMES, TARGETS_SECTION, Catalog, catalog_id
from formulas.facts import Fact, FactTable, Provenance, period_key, unit_key
from formulas.findings import ERROR, WARNING, Finding
from formulas.period import KE_HOACH_NAM_SAU, THUC_HIEN_THANG, UOC_KY_SAU
from formulas.rules import finding
from formulas.targets import parse_target

# the figures a unit reports that add up across units (its plans do not: see plans_add_up)
COMBINED_COLUMNS = ("cung_ky", *RESULT_COLUMNS, THUC_HIEN_THANG, UOC_KY_SAU)

# submission status of a unit (Tình hình nộp)
NOP, THIEU, CO_LOI, BI_LOAI = "Đã nộp", "Chưa nộp", "Có lỗi", "Không tổng hợp"


@dataclass(slots=True)
class Submission:
    """One unit's line of "Tình hình nộp": who sent what, and whether it was taken."""
    unit: str
    file: str = ""
    modified: str = ""  # the file's modification time, as the door read it ("" when unknown)
    status: str = NOP
    errors: int = 0
    warnings: int = 0
    included: bool = False
    reason: str = ""  # why a unit was left out, in Vietnamese


@dataclass(slots=True)
class Consolidated:
    """The consolidated input values and how many units each one stands on."""
    period: str
    units: list[str]  # the units included, in order
    values: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # code -> column -> aggregate
    reported: dict[str, dict[str, int]] = field(default_factory=dict)  # code -> column -> units with a value
    facts: FactTable = field(default_factory=FactTable)  # every included unit's figures, with provenance
    # code -> unit -> the unit's result as % of its own year plan (its first plan basis with one)
    percentages: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    def value(self, code: str, column: str) -> Decimal | None:
        return self.values.get(code, {}).get(column)


def unit_facts(outcome) -> FactTable:
    """A unit's figures as the calculator saw them (typed, or derived: a total left empty is the sum of
    its parts), with the file and cell they come from."""
    unit, file = outcome.unit, outcome.source
    period = period_key(outcome.data.info)
    table = FactTable()
    for item in outcome.result.indicators:
        row = item.row
        if not row.code or row.indicator is None or row.indicator.is_text:
            continue
        for column, value in item.values.items():
            if isinstance(value, Decimal):
                table.add(Fact(unit, period, row.code, column, value),
                          Provenance(file, row.sheet, row.cells.get(column, "")))
    return table


def unit_percentages(outcomes) -> dict[str, dict[str, Decimal]]:
    """code -> unit -> % of the unit's own year plan, as its own check computed it (the first of the
    indicator's plan bases that gives one: kế hoạch năm, dự toán, kế hoạch vốn)."""
    out: dict[str, dict[str, Decimal]] = {}
    for outcome in outcomes:
        for item in outcome.result.indicators:
            ind = item.row.indicator
            if ind is None or not item.row.code or not item.pct_plan:
                continue
            pct = next((item.pct_plan.get(k) for k in ind.plans if item.pct_plan.get(k) is not None), None)
            if pct is not None:
                out.setdefault(item.row.code, {})[outcome.unit] = pct
    return out


def consolidate(facts: FactTable, catalog: Catalog) -> Consolidated:
    """The upper level's input values from the units' facts (one period), rule by rule."""
    by: dict[str, dict[str, dict[str, Decimal]]] = {}  # code -> column -> unit -> value
    for f in facts:
        by.setdefault(f.code, {}).setdefault(f.column, {})[f.unit] = f.value
    out = Consolidated(period=(facts.periods or [""])[0], units=facts.units, facts=facts)
    targets = {s.sheet for s in catalog.sheets if s.section == TARGETS_SECTION}
    for code, ind in catalog.by_code.items():
        # a main target is the upper level's own: it reads its sector row in the consolidated workbook
        if ind.is_text or ind.aggregate == "none" or ind.source or ind.sheet in targets:
            continue
        columns = COMBINED_COLUMNS + ((*ind.plans, KE_HOACH_NAM_SAU) if ind.plans_add_up else ())
        for column in columns:
            values = by.get(code, {}).get(column, {})
            if ind.aggregate == "sum":
                value, n = total(values), len(values)
            elif ind.aggregate == "recompute":
                num = by.get(ind.numerator, {}).get(column, {})
                den = by.get(ind.denominator, {}).get(column, {})
                value = recomputed(num, den)
                n = sum(1 for u in num if num[u] is not None and den.get(u) is not None)
            elif ind.aggregate == "count":
                values = by.get(ind.count_of or code, {}).get(column, {})
                condition = parse_target(ind.count_when, ind.unit)
                value, n = counted(values, condition), len(values)
            else:  # weighted
                weights = by.get(ind.weight, {}).get(column, {})
                value = weighted_mean(values, weights)
                n = sum(1 for u in values if weights.get(u) is not None)
            if value is not None:
                out.values.setdefault(code, {})[column] = value
                out.reported.setdefault(code, {})[column] = n
    return out


def admit(outcomes: Iterable, *, unit_cap: str, period: str, catalog: Catalog, force: bool = False,
          expected: Iterable[str] = (), modified: dict[str, str] | None = None
          ) -> tuple[list, list[Submission], list[Finding]]:
    """(outcomes to consolidate, Tình hình nộp, findings). A unit at another level, period or catalog
    version is left out; a unit with errors is left out unless forced (then marked); two files for one
    unit is an error naming both; an expected unit that sent nothing is a warning. `unit_cap` and
    `catalog`: the units' level and catalog (a province consolidates xã workbooks)."""
    cap = unit_cap
    want_id = catalog_id(cap)
    taken, lines, findings = [], [], []
    first_file: dict[str, str] = {}
    for out in outcomes:
        unit, file = out.unit, out.source
        errors = sum(1 for f in out.findings if f.severity == ERROR)
        warnings = sum(1 for f in out.findings if f.severity == WARNING)
        line = Submission(unit or "(không rõ đơn vị)", file, (modified or {}).get(file, ""), NOP, errors, warnings)
        lines.append(line)
        refusal = _refusal(out, line, cap=cap, want_id=want_id, period=period, catalog=catalog, force=force,
                           first_file=first_file.get(unit))
        if unit and unit not in first_file:
            first_file[unit] = file
        if refusal is not None:
            line.status = CO_LOI if refusal.rule == "DON_VI_CO_LOI" else BI_LOAI
            findings.append(refusal)
            continue
        line.included = True
        if errors:
            line.status = CO_LOI
            line.reason = f"vẫn tổng hợp khi còn {errors:02d} lỗi (--force)"
        taken.append(out)
    seen = {ln.unit for ln in lines}
    for unit in expected:
        if unit_key({"co_quan": unit}) not in seen:
            lines.append(Submission(unit_key({"co_quan": unit}), status=THIEU, reason="chưa nộp sổ"))
            findings.append(finding("DON_VI_CHUA_NOP", "Tình hình nộp", "", None,
                                    f"Đơn vị “{unit}” có trong danh sách nhưng chưa nộp sổ số liệu.",
                                    unit=unit_key({"co_quan": unit})))
    return taken, lines, findings


def _refusal(out, line: Submission, *, cap: str, want_id: str, period: str, catalog: Catalog, force: bool,
             first_file: str | None) -> Finding | None:
    """Why a unit's workbook is not consolidated (its line's reason is set), or None."""
    meta, info = out.data.meta or {}, out.data.info
    got_cap, got_period = str(meta.get("cap") or info.get("cap")), period_key(info)

    def refuse(rule_finding, reason: str) -> Finding:  # (each rule is named where it is raised)
        line.reason = reason
        return rule_finding(f"Đơn vị “{line.unit}” (tệp “{out.source}”) không được tổng hợp: {reason}.")

    if not out.unit:
        return refuse(lambda m: finding("DON_VI_KHONG_RO", "Thông tin", "", None, m, file=out.source),
                      "trang Thông tin chưa ghi tên cơ quan ban hành")
    if first_file is not None:
        return refuse(lambda m: finding("DON_VI_TRUNG", "Thông tin", "", None, m, unit=out.unit, file=out.source),
                      f"trùng đơn vị với tệp “{first_file}”")
    if got_cap != cap or (meta.get("catalog_id") and meta.get("catalog_id") != want_id):
        level = CAP_NAMES.get(got_cap, got_cap)
        return refuse(lambda m: finding("DON_VI_KHAC_CAP", "Thông tin", "", None, m, unit=out.unit, file=out.source),
                      f"sổ cấp {level}, không phải cấp {CAP_NAMES[cap]}")
    if got_period != period:
        return refuse(lambda m: finding("DON_VI_KHAC_KY", "Thông tin", "", None, m, unit=out.unit, file=out.source),
                      f"sổ kỳ {got_period}, không phải {period}")
    version = meta.get("catalog_version")
    if version and version != catalog.version:
        return refuse(lambda m: finding("DON_VI_KHAC_DANH_MUC", "Thông tin", "", None, m, unit=out.unit,
                                        file=out.source),
                      f"sổ dùng danh mục {meta.get('catalog_id', want_id)} phiên bản {version}, khác phiên bản "
                      f"{catalog.version}")
    if line.errors and not force:
        return refuse(lambda m: finding("DON_VI_CO_LOI", "Thông tin", "", None, m, unit=out.unit, file=out.source),
                      f"sổ còn {line.errors:02d} lỗi (dùng --force để vẫn tổng hợp)")
    return None


def unit_table(facts: FactTable, catalog: Catalog, consolidated: Consolidated | None = None):
    """pandas DataFrame of "Theo đơn vị": one row per indicator (code, name, unit of measure), one
    column per unit with its result (ước kỳ, else đến ngày), and "Tổng hợp" when given."""
    import pandas as pd  # only a consolidation needs it (~0,3 s to import)

    records = [(f.code, f.unit, f.column, f.value) for f in facts if f.column in RESULT_COLUMNS]
    frame = pd.DataFrame.from_records(records, columns=["code", "unit", "column", "value"])
    # ước kỳ where a unit gave it, else its figure to the cut-off date
    frame["rank"] = frame["column"].map({c: i for i, c in enumerate(RESULT_COLUMNS)})
    best = frame.sort_values("rank").drop_duplicates(["code", "unit"])
    table = best.pivot(index="code", columns="unit", values="value")
    table = table.reindex(columns=facts.units)
    order = [c for c in catalog.by_code if c in table.index]
    table = table.reindex(order)
    if consolidated is not None:
        table["Tổng hợp"] = [next((consolidated.value(c, col) for col in RESULT_COLUMNS
                                   if consolidated.value(c, col) is not None), None) for c in table.index]
    table.insert(0, "dvt", [catalog.by_code[c].unit for c in table.index])
    table.insert(0, "ten", [catalog.by_code[c].name for c in table.index])
    return table
