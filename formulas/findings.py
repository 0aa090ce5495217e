"""Findings: what the checker says about a cell, in Vietnamese, with sheet and address."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from formulas.a1 import split_address
from formulas.vn_numbers import format_vn

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


def vn_count(n: int) -> str:
    """A count as Vietnamese admin text writes it: 02, 15, 15.284 (thousands with "."); nothing is
    "0", never "00"."""
    return f"{n:02d}" if 0 < n < 10 else format_vn(Decimal(n), 0)


def severity_counts(findings) -> dict[str, int]:
    out = {ERROR: 0, WARNING: 0, INFO: 0}
    for f in findings:
        out[f.severity] = out.get(f.severity, 0) + 1
    return out


def counts_text(findings) -> str:
    """"02 lỗi, 15 cảnh báo, 15.284 thông tin"; a severity with none is left out ("01 cảnh báo")."""
    c = severity_counts(findings)
    return ", ".join(f"{vn_count(c[s])} {s}" for s in (ERROR, WARNING, INFO) if c[s]) or "không có phát hiện nào"


@dataclass(frozen=True, slots=True)
class Elided:
    """Findings of one rule on one sheet left out of a listing: how many, and where the first are."""
    rule: str
    severity: str
    sheet: str
    count: int
    first_cells: tuple[str, ...]


def condense(findings, per_group: int = 5, cells_named: int = 3) -> list:
    """The findings to list for a reader, in their order: every error, and at most per_group
    warnings / informations of one rule on one sheet, followed by an Elided that counts the rest.
    A workbook with 20.000 repeated findings lists a few screens, not 20.000 lines."""
    totals: dict[tuple[str, str], int] = {}
    for f in findings:
        if f.severity != ERROR:
            totals[(f.sheet, f.rule)] = totals.get((f.sheet, f.rule), 0) + 1
    seen: dict[tuple[str, str], int] = {}
    hidden_cells: dict[tuple[str, str], list[str]] = {}
    out: list = []
    pending: dict[tuple[str, str], tuple[int, str]] = {}  # group -> (index of its Elided in out, severity)
    for f in findings:
        key = (f.sheet, f.rule)
        if f.severity == ERROR or totals[key] <= per_group:
            out.append(f)
            continue
        n = seen[key] = seen.get(key, 0) + 1
        if n <= per_group:
            out.append(f)
            if n == per_group:
                pending[key] = (len(out), f.severity)
                out.append(None)  # the Elided goes right after the group's last listed finding
        else:
            cells = hidden_cells.setdefault(key, [])
            if len(cells) < cells_named and f.cell:
                cells.append(f.cell)
    for key, (i, severity) in pending.items():
        sheet, rule = key
        out[i] = Elided(rule, severity, sheet, totals[key] - per_group, tuple(hidden_cells.get(key, ())))
    return out
