"""The patch: exactly which cells write-back changes. Every door (file, xlwings) applies the same one.

Only computed columns, the Kiểm tra sheet and cell marks appear here; input cells never do
(formulas.build_patch enforces it, and tests compare every input cell before and after).
Values are plain Python (float, int, str, None) so any door can write them.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RangeWrite:
    sheet: str
    top_left: str  # A1 address of the block's first cell
    values: tuple[tuple[object, ...], ...]  # rows of the block


@dataclass(frozen=True, slots=True)
class CellMark:
    sheet: str
    cell: str  # A1 address of an offending input cell
    severity: str  # formulas.findings.ERROR / WARNING
    note: str = ""  # short Vietnamese reason (a door may show it as a comment)


@dataclass(slots=True)
class Patch:
    writes: list[RangeWrite] = field(default_factory=list)
    marks: list[CellMark] = field(default_factory=list)
    # Input ranges whose marks from a previous run are cleared (restored to the input fill).
    clear_marks: list[tuple[str, str]] = field(default_factory=list)  # (sheet, "F6:K40")
