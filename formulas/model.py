"""The parsed workbook: plain data handed from a door (file or xlwings) to the pure core.

A door reads each sheet's 2-D values; formulas.parse turns them into a WorkbookData; compute and
validate work on it; the patch says which cells change. Nothing here knows about files or Excel.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from formulas.a1 import cell_address  # noqa: F401  (re-exported: the doors and tests import it from here)
from formulas.catalog import Indicator

# 2-D values of each sheet, as a door reads them: {sheet name: [[cell, ...], ...]}.
# Cells are str, int, float, bool, datetime/date, or None for empty.
SheetValues = dict[str, list[list[object]]]


@dataclass(slots=True)
class IndicatorRow:
    """One data row of a sector sheet, found by its code (or a custom row without one)."""

    sheet: str
    row: int  # 1-based Excel row
    code: str | None
    name: str
    unit: str
    values: dict[str, Decimal | str | None]  # column key -> number (Decimal), text, or None
    cells: dict[str, str]  # column key -> A1 address, for every column of the sheet
    note: str = ""
    indicator: Indicator | None = None  # catalog entry; None for custom or unknown rows
    # Plan cells stating a range, an inequality or a verdict (formulas.targets): basis key ->
    # Target; their value in `values` is None. None (not {}) on the usual row, to stay small.
    targets: dict | None = None

    def value(self, key: str) -> Decimal | None:
        v = self.values.get(key)
        return v if isinstance(v, Decimal) else None


@dataclass(slots=True)
class ProseParagraph:
    section: str  # outline key
    text: str
    after_code: str | None  # place after this indicator's sentence, if given
    row: int


@dataclass(slots=True)
class KeyTask:
    group: str
    task: str
    status: str
    note: str
    row: int


@dataclass(slots=True)
class WorkbookData:
    info: dict[str, str | date | None]
    rows: list[IndicatorRow]
    prose: list[ProseParagraph]
    tasks: list[KeyTask]
    info_cells: dict[str, str] = field(default_factory=dict)  # info key -> A1 address on Thông tin
    meta: dict[str, str] = field(default_factory=dict)
    findings: list = field(default_factory=list)  # parse findings (formulas.findings.Finding)

    def by_code(self) -> dict[str, IndicatorRow]:
        """First row of each code (duplicates are reported by validation)."""
        out: dict[str, IndicatorRow] = {}
        for r in self.rows:
            if r.code and r.code not in out:
                out[r.code] = r
        return out
