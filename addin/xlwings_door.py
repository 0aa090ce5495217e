"""The xlwings door: read a live workbook's values for the core, and apply the core's patch to it.

It serves every xlwings host (desktop Excel through COM/AppleScript, xlwings Lite, xlwings Server)
because it uses only the API all of them implement: ``sheets``, ``sheet.used_range``,
``sheet.range(...).options(ndim=2).value`` for reads and writes, and ``range.color`` for marks.
It never computes: what to write comes from formulas.pipeline as a formulas.patch.Patch.
"""
from __future__ import annotations

from datetime import datetime

from formulas.findings import WARNING
from formulas.model import SheetValues
from formulas.patch import Patch
from workbook_templates.errors import KtxhError
from workbook_templates.layout import SHEET_FINDINGS
from workbook_templates import styles

# Fill of a marked input cell, by severity: the same colours as the file door (one constant).
MARK_RGB: dict[str, str] = dict(styles.MARK_RGB)


def read_sheet_values(book) -> SheetValues:
    """Every sheet's values from A1 to the last used cell, so list indexes match Excel rows/columns.

    The used range may start below or right of A1 (Excel trims leading empty rows and columns);
    reading from A1 keeps row 0 = Excel row 1, the offset the core's cell addresses rely on.
    """
    values: SheetValues = {}
    for sheet in book.sheets:
        last = sheet.used_range.last_cell
        block = sheet.range((1, 1), (last.row, last.column))
        try:
            rows = block.options(ndim=2).value
        except ValueError:
            # xlwings' remote engine (0.37) crashes on *text* shaped like an ISO timestamp without
            # a zone ("2026-11-28T00:01:28"); such a sheet is read raw, text kept as text.
            rows = [[_raw_cell(v) for v in row] for row in block.raw_value]
        values[sheet.name] = [list(row) for row in rows]
    return values


def _raw_cell(value):
    """A raw Office.js cell: "" is empty, an ISO string ending in Z is a date, other text stays."""
    if value == "":
        return None
    if isinstance(value, str) and value.endswith("Z"):
        try:
            return datetime.fromisoformat(value[:-1])
        except ValueError:
            return value
    return value


def apply_patch(book, patch: Patch) -> None:
    """Write the patch into the open workbook: values, then cleared marks, then new marks.

    Clearing before marking means a cell that is still wrong keeps its mark after the run.
    """
    sheets = _sheets_by_name(book)
    for write in patch.writes:
        sheet = sheets.get(write.sheet) or _add_sheet(book, sheets, write.sheet)
        sheet[write.top_left].options(ndim=2).value = [list(row) for row in write.values]
    for sheet_name, address in patch.clear_marks:
        _sheet(sheets, sheet_name)[address].color = _hex(styles.INPUT_RGB)
    for mark in patch.marks:
        _sheet(sheets, mark.sheet)[mark.cell].color = _hex(MARK_RGB.get(mark.severity, MARK_RGB[WARNING]))


def _sheets_by_name(book) -> dict:
    return {sheet.name: sheet for sheet in book.sheets}


def _sheet(sheets: dict, name: str):
    try:
        return sheets[name]
    except KeyError:
        raise KtxhError(f"Sổ không có trang tính '{name}'; hãy dùng mẫu ktxh (lệnh 'ktxh new').") from None


def _add_sheet(book, sheets: dict, name: str):
    """Only the Kiểm tra sheet may be missing (a user deleted it); it is recreated at the end."""
    if name != SHEET_FINDINGS:
        return _sheet(sheets, name)
    sheet = book.sheets.add(name, after=book.sheets[-1])
    sheets[name] = sheet
    return sheet


def _hex(rgb: str) -> str:
    return "#" + rgb[-6:].upper()
