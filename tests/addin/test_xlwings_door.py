"""The xlwings door on xlwings' remote engine: reads anchored at A1, patches as Office.js actions."""
import datetime as dt

import pytest
import xlwings as xw

from addin.xlwings_door import MARK_RGB, apply_patch, read_sheet_values
from formulas.findings import ERROR, WARNING
from formulas.patch import CellMark, Patch, RangeWrite
from tests.addin.office_js import apply_actions, fills, payload_from_xlsx, sheet_values, trim_rows
from workbook_templates.builder import build_template
from formulas.errors import KtxhError
from formulas.layout import SHEET_FINDINGS
from workbook_templates.reader import read_sheet_values as read_file_values
from formulas.colours import COMPUTED_RGB, INPUT_RGB


def _book(sheets):
    return xw.Book(json={
        "client": "Office.js", "version": xw.__version__,
        "book": {"name": "so.xlsx", "active_sheet_index": 0, "selection": "A1"}, "names": [],
        "sheets": [{"name": n, "values": v, "pictures": [], "tables": []} for n, v in sheets.items()],
    })


def test_read_keeps_excel_coordinates_and_types():
    book = _book({"A": [["", "", ""], ["", "x", 1.5], ["", "2023-07-04T00:00:00.000Z", ""]], "B": [[""]]})
    values = read_sheet_values(book)
    assert values["A"] == [[None, None, None], [None, "x", 1.5], [None, dt.datetime(2023, 7, 4), None]]
    assert values["A"][1][2] == 1.5  # row 2, column C
    assert values["B"] == [[None]]


def test_write_becomes_one_setvalues_at_the_block_address():
    book = _book({"A": [["t"]], SHEET_FINDINGS: [[""]]})
    apply_patch(book, Patch(writes=[RangeWrite("A", "D7", ((1.5, None), ("Đạt", 2)))]))
    (action,) = book.json()["actions"]
    assert action["func"] == "setValues"
    assert (action["sheet_position"], action["start_row"], action["start_column"]) == (0, 6, 3)
    assert action["values"] == [[1.5, ""], ["Đạt", 2]]  # None clears the cell


def test_marks_are_coloured_after_old_marks_are_cleared():
    book = _book({"A": [["t"]]})
    apply_patch(book, Patch(marks=[CellMark("A", "F9", ERROR, "x"), CellMark("A", "G9", WARNING)],
                            clear_marks=[("A", "F6:K40")]))
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["setRangeColor"] * 3
    clear, err, warn = actions
    assert clear["args"] == ["#" + INPUT_RGB] and (clear["row_count"], clear["column_count"]) == (35, 6)
    assert err["args"] == ["#" + MARK_RGB[ERROR]] and (err["start_row"], err["start_column"]) == (8, 5)
    assert warn["args"] == ["#" + MARK_RGB[WARNING]]
    assert MARK_RGB[ERROR] != MARK_RGB[WARNING] != INPUT_RGB


def test_a_deleted_findings_sheet_is_recreated_but_other_sheets_are_not():
    book = _book({"A": [["t"]]})
    apply_patch(book, Patch(writes=[RangeWrite(SHEET_FINDINGS, "A6", ((1, "lỗi"),))]))
    funcs = [a["func"] for a in book.json()["actions"]]
    assert funcs == ["addSheet", "setValues", "setRangeColor"]
    with pytest.raises(KtxhError, match="Nông nghiệp"):
        apply_patch(_book({"A": [["t"]]}), Patch(writes=[RangeWrite("Nông nghiệp", "A6", ((1,),))]))


def test_both_doors_read_the_same_values_from_the_template(tmp_path):
    path = build_template(tmp_path / "mau.xlsx", don_vi="UBND xã Tân Liên", ky="6 tháng đầu năm", nam=2026, cap="xa")
    from_xlwings = read_sheet_values(xw.Book(json=payload_from_xlsx(path)))
    from_file = read_file_values(path)
    assert from_xlwings.keys() == from_file.keys()
    for name in from_file:
        assert trim_rows(from_xlwings[name]) == trim_rows(from_file[name]), name


def test_actions_replayed_on_the_file_write_exactly_the_patch(tmp_path):
    path = build_template(tmp_path / "mau.xlsx", don_vi="UBND xã Tân Liên", ky="6 tháng đầu năm", nam=2026, cap="xa")
    book = xw.Book(json=payload_from_xlsx(path))
    apply_patch(book, Patch(writes=[RangeWrite(SHEET_FINDINGS, "B6", (("lỗi", "X"), (None, "Y")))],
                            marks=[CellMark(SHEET_FINDINGS, "C7", ERROR)]))
    out = tmp_path / "out.xlsx"
    apply_actions(path, book.json()["actions"], out)
    before, after = sheet_values(path), sheet_values(out)
    changed = {(s, r, c) for s in after for r, row in enumerate(after[s]) for c, v in enumerate(row)
               if v != _at(before[s], r, c)}
    assert changed == {(SHEET_FINDINGS, 5, 1), (SHEET_FINDINGS, 5, 2), (SHEET_FINDINGS, 6, 2)}
    assert fills(out)[(SHEET_FINDINGS, "C7")] == MARK_RGB[ERROR]


def _at(rows, r, c):
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else None


def test_text_shaped_like_a_timestamp_does_not_break_the_read():
    # xlwings 0.37's remote engine raises on such text; the door reads the sheet raw instead
    book = _book({"A": [["2026-11-28T00:01:28", "2023-07-04T00:00:00.000Z", ""]]})
    assert read_sheet_values(book)["A"] == [["2026-11-28T00:01:28", dt.datetime(2023, 7, 4), None]]


def test_findings_rows_get_the_table_fill_and_wrapped_messages_like_the_file_door():
    book = _book({SHEET_FINDINGS: [[""]]})
    row = (1, "lỗi", "R", "Nông nghiệp", "F7", "NN.X", "Thiếu số liệu")
    blank = (None,) * 7
    apply_patch(book, Patch(writes=[RangeWrite(SHEET_FINDINGS, "A6", (row, row, blank))]))
    setvalues, fill, wrap = book.json()["actions"]
    assert fill["func"] == "setRangeColor" and fill["args"] == ["#" + COMPUTED_RGB]
    assert (fill["start_row"], fill["row_count"], fill["start_column"], fill["column_count"]) == (5, 2, 0, 7)
    assert wrap["func"] == "setWrapText" and (wrap["start_column"], wrap["row_count"]) == (6, 2)
