"""Findings: what the checker says about a cell, in Vietnamese, with sheet and address."""
from __future__ import annotations

from dataclasses import dataclass

from formulas.a1 import split_address

ERROR, WARNING, INFO = "lỗi", "cảnh báo", "thông tin"
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str  # stable rule code, e.g. "SO_KHONG_HOP_LE"
    severity: str  # ERROR | WARNING | INFO
    sheet: str
    cell: str  # A1 address, "" when the finding is about a whole sheet
    code: str | None  # indicator code, if any
    message: str  # Vietnamese: what is wrong and what to do
    # Set by formulas.jobs: the unit (formulas.facts.unit_key) and the file read, so a finding
    # among many workbooks (issue #10) names its file; "" for a finding of the open workbook.
    unit: str = ""
    file: str = ""

    @property
    def place(self) -> str:
        """sheet!cell (the sheet alone for a whole-sheet finding): what one workbook shows."""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    @property
    def where(self) -> str:
        """"tệp.xlsx: sheet!cell" when the file is known, else sheet!cell."""
        return f"{self.file}: {self.place}" if self.file else self.place

    def sort_key(self, sheet_order: dict[str, int] | None = None):
        row, col = split_address(self.cell)
        order = (sheet_order or {}).get(self.sheet, 10_000)
        return (order, self.sheet, row, col, _SEVERITY_ORDER[self.severity], self.rule, self.message)

    def to_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "sheet": self.sheet, "cell": self.cell,
                "code": self.code, "message": self.message}


def has_errors(findings) -> bool:
    return any(f.severity == ERROR for f in findings)
