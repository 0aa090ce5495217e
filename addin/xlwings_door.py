"""The xlwings door: read a live workbook's values for the core, and apply the core's patch to it.

It serves every xlwings host (desktop Excel through COM/AppleScript, xlwings Lite, xlwings Server)
because it uses only the API all of them implement: ``sheets``, ``sheet.used_range``,
``sheet.range(...).options(ndim=2).value`` for reads and writes, ``range.color`` for marks and
``range.wrap_text`` for the findings table.
It never computes: what to write comes from the core’s jobs (formulas.jobs) as a formulas.patch.Patch.
"""
from __future__ import annotations

from datetime import datetime

from formulas.build_patch import consecutive_runs
from formulas.findings import WARNING
from formulas.model import SheetValues
from formulas.patch import Patch
from formulas import layout
from formulas import colours
from formulas.errors import KtxhError
from formulas.layout import SHEET_FINDINGS

# Fill of a marked input cell, by severity: the same colours as the file door (one constant).
MARK_RGB: dict[str, str] = dict(colours.MARK_RGB)


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
        if write.sheet == SHEET_FINDINGS:
            _style_findings_rows(sheet, write)
    for sheet_name, address in patch.clear_marks:
        _sheet(sheets, sheet_name)[address].color = _hex(colours.INPUT_RGB)
    for mark in patch.marks:
        _sheet(sheets, mark.sheet)[mark.cell].color = _hex(MARK_RGB.get(mark.severity, MARK_RGB[WARNING]))


def _style_findings_rows(sheet, write) -> None:
    """As the file door does (workbook_templates.writer): Kiểm tra rows that hold a finding get the
    table's fill, and the message column wraps (Excel then fits the row height to the text)."""
    top = sheet[write.top_left]
    r0, c0 = top.row, top.column
    filled = [i for i, row in enumerate(write.values) if any(v not in (None, "") for v in row)]
    kinds = [layout.FINDING_COLUMNS[c0 - 1 + j].kind for j in range(len(write.values[0]))]
    message_col = next(i for i, c in enumerate(layout.FINDING_COLUMNS, start=1) if c.key == "noi_dung")
    for lo, hi in consecutive_runs(filled):
        for first, last, kind in _runs_by_kind(kinds):
            if kind in _KIND_RGB:
                sheet.range((r0 + lo, c0 + first), (r0 + hi, c0 + last)).color = _hex(_KIND_RGB[kind])
        if c0 <= message_col < c0 + len(kinds):
            sheet.range((r0 + lo, message_col), (r0 + hi, message_col)).wrap_text = True


_KIND_RGB = {layout.INPUT: colours.INPUT_RGB, layout.COMPUTED: colours.COMPUTED_RGB}


def _runs_by_kind(kinds: list[str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for j, kind in enumerate(kinds):
        if out and out[-1][2] == kind:
            out[-1] = (out[-1][0], j, kind)
        else:
            out.append((j, j, kind))
    return out


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
