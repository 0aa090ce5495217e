"""The jobs every door runs — check, recalc, report — on the sheet values the door has read.

A door (the CLI, the xlwings buttons, the Word export) only reads values and writes what comes
back; which catalog, which sheets are required, parse → compute → validate → patch is decided here
once. Each finding carries the unit (formulas.facts.unit_key) and the file it was read from, so the
same finding names a cell in one workbook or a file + cell among many (issue #10). Pure: no files.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from os import PathLike
from pathlib import PurePath

from formulas import catalog as catalog_module
from formulas import layout
from formulas.build_patch import build_patch
from formulas.compute import compute
from formulas.facts import FactTable, facts_from, unit_key
from formulas.findings import ERROR, Finding
from formulas.model import SheetValues, WorkbookData
from formulas.patch import Patch
from formulas.results import ComputeResult
from formulas.settings import policy_from
from formulas.validation import validate


@dataclass(slots=True)
class Outcome:
    """What a job returns. patch is None for report (nothing is written back)."""

    catalog: object  # formulas.catalog.Catalog
    data: WorkbookData
    result: ComputeResult
    findings: list[Finding]
    patch: Patch | None
    unit: str
    source: str  # file name or path as the door gave it; "" for an open workbook

    @property
    def info(self) -> dict:
        return self.data.info

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    def facts(self) -> FactTable:
        """The workbook as facts (inputs and computed columns), provenance = source + sheet!cell."""
        return facts_from(self.data, unit=self.unit, source=self.source, result=self.result)


def catalog_for(values: SheetValues, catalog=None):
    """The one place that chooses the catalog of a workbook: the one it was made with (its _ktxh
    catalog id and version; none recorded: the huyện catalog) or the one given, with the main targets
    the workbook lists. Looked up through the module so a test's monkeypatch of
    formulas.catalog.load_catalog applies."""
    return catalog_module.catalog_for_values(values, level=catalog)


def previous_findings_rows(values: SheetValues) -> int:
    """How many rows the Kiểm tra sheet holds from an earlier run (to clear them)."""
    grid = values.get(layout.SHEET_FINDINGS) or []
    last = 0
    for i, row in enumerate(grid[layout.FIRST_DATA_ROW - 1:], start=1):
        if any(v not in (None, "") for v in row):
            last = i
    return last


def where_label(source: str | PathLike | None) -> str:
    """How a missing-sheet message names the workbook: Tệp “so.xlsx”."""
    return f"Tệp “{PurePath(source).name}”" if source else "Sổ làm việc"


def _run(values: SheetValues, catalog, source, where: str | None, with_patch: bool) -> Outcome:
    from formulas.parse import check_required_sheets, parse_workbook

    catalog = catalog_for(values, catalog)
    check_required_sheets(values, catalog, where=where or where_label(source))
    data = parse_workbook(values, catalog)
    policy = policy_from(catalog.settings)
    result = compute(data, catalog, policy)
    unit, file = unit_key(data.info), str(source) if source else ""
    findings = [replace(f, unit=unit, file=file) for f in validate(data, catalog, result, policy)]
    patch = build_patch(data, catalog, result, findings, previous_findings_rows(values)) if with_patch else None
    return Outcome(catalog, data, result, findings, patch, unit, file)


def check(values: SheetValues, *, catalog=None, source: str | PathLike | None = None,
          where: str | None = None) -> Outcome:
    """The findings; the patch holds only the Kiểm tra sheet and the cell marks (computed columns
    stay as they are). KtxhError when a required sheet is missing."""
    out = _run(values, catalog, source, where, with_patch=True)
    out.patch = findings_only(out.patch)
    return out


def recalc(values: SheetValues, *, catalog=None, source: str | PathLike | None = None,
           where: str | None = None) -> Outcome:
    """The findings and the whole patch: computed columns, marks and the Kiểm tra sheet."""
    return _run(values, catalog, source, where, with_patch=True)


def report(values: SheetValues, *, catalog=None, source: str | PathLike | None = None,
           where: str | None = None) -> Outcome:
    """What the Word report needs: data, compute result, findings, info (no patch). Whether errors
    stop the export is the export's decision (generator.export, --force)."""
    return _run(values, catalog, source, where, with_patch=False)


def findings_only(patch: Patch) -> Patch:
    """The part of a patch the check job applies: the Kiểm tra sheet and the marks."""
    return Patch(writes=[w for w in patch.writes if w.sheet == layout.SHEET_FINDINGS],
                 marks=list(patch.marks), clear_marks=list(patch.clear_marks))


# ------------------------------------------------------------------------------- tổng hợp (issue #10)

# the level whose workbooks an upper level consolidates (since 01/7/2025 a tỉnh gathers its xã)
UNIT_LEVEL = {"tinh": "xa", "huyen": "xa"}


@dataclass(slots=True)
class Consolidation:
    """What the consolidation job returns: the upper level's input values, who sent what, and the
    findings (each naming its file), with the units' own outcomes."""

    catalog: object  # the upper level's catalog (formulas.catalog.Catalog)
    consolidated: object  # formulas.consolidate.Consolidated
    submissions: list  # formulas.consolidate.Submission, one per file or expected unit
    findings: list[Finding]
    units: list[Outcome]  # the units consolidated

    @property
    def period(self) -> str:
        return self.consolidated.period


def consolidate(units, *, cap: str = "tinh", period: str | None = None, force: bool = False,
                expected=(), modified: dict[str, str] | None = None) -> Consolidation:
    """The consolidation of units' workbooks. `units`: (source, sheet values) per file as the door read
    it, or (source, KtxhError) for a file it could not read. Each unit is checked by the same rules as
    alone; `period` ("năm 2026") defaults to the period most units report."""
    from collections import Counter

    from formulas.consolidate import BI_LOAI, Submission, admit, consolidate as combine, unit_facts, unit_percentages
    from formulas.errors import KtxhError
    from formulas.facts import merge, period_key

    if cap not in UNIT_LEVEL:
        raise KtxhError(f"cấp tổng hợp '{cap}' không hợp lệ; chọn tinh (tỉnh tổng hợp các xã) hoặc huyen.")
    unit_cap = UNIT_LEVEL[cap]
    outcomes, unread = [], []
    for source, values in units:
        try:
            if isinstance(values, Exception):
                raise values
            # the check's findings without its patch (Kiểm tra sheet, marks): a unit's file is not
            # written back, and the patch was a quarter of the time and much of the memory per unit
            outcomes.append(report(values, source=source))
        except KtxhError as exc:  # a damaged or foreign file: listed, never guessed at
            unread.append(Submission("(không đọc được)", str(source), (modified or {}).get(str(source), ""),
                                     BI_LOAI, reason=str(exc)))
    if period is None:
        periods = Counter(period_key(o.data.info) for o in outcomes)
        period = periods.most_common(1)[0][0] if periods else ""
    taken, lines, findings = admit(outcomes, unit_cap=unit_cap, period=period,
                                   catalog=catalog_module.load_catalog(unit_cap), force=force,
                                   expected=expected, modified=modified)
    upper = catalog_module.load_catalog(cap)
    facts = merge(unit_facts(o) for o in taken)
    combined = combine(facts, upper)
    combined.period = period
    combined.percentages = unit_percentages(taken)
    own = [f for o in taken for f in o.findings]  # each names its file (Outcome sets unit and file)
    return Consolidation(upper, combined, lines + unread, findings + own, taken)
