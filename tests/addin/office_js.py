"""Test helper: play the Office.js client of xlwings Lite / Server against a real .xlsx file.

``payload_from_xlsx`` builds the request body the add-in sends (client, version, book, names,
sheets with values from A1, dates as ISO strings, empty cells as ""); ``apply_actions`` replays
the response's actions (setValues, setRangeColor, addSheet, alert) on the file with openpyxl,
the way the add-in replays them on the open workbook.
"""
from __future__ import annotations

import datetime as dt
from copy import copy
import re
from pathlib import Path

import openpyxl
from openpyxl.styles import PatternFill
from openpyxl.utils.escape import unescape

import xlwings as xw

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}:\d{2})?$")


def _cell_json(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape(value)  # Excel shows "_x005F_" as "_"; openpyxl's reader leaves it escaped
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    return value


def payload_from_xlsx(path: Path | str, *, active_sheet_index: int = 0) -> dict:
    wb = openpyxl.load_workbook(path)  # not data_only: a ktxh workbook holds no formulas to evaluate
    sheets = []
    for ws in wb.worksheets:
        rows = [[_cell_json(v) for v in row] for row in ws.iter_rows(min_row=1, min_col=1, values_only=True)]
        sheets.append({"name": ws.title, "values": rows or [[""]], "pictures": [], "tables": []})
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": Path(path).name, "active_sheet_index": active_sheet_index, "selection": "A1"},
        "names": [],
        "sheets": sheets,
    }


def _from_json(value):
    if value == "":
        return None
    if isinstance(value, str) and _ISO.match(value):
        return dt.datetime.fromisoformat(value)
    return value


def apply_actions(path: Path | str, actions: list[dict], out: Path | str) -> list[list]:
    """Replay actions on a copy of `path` saved to `out`; returns the alerts' arguments."""
    wb = openpyxl.load_workbook(path)
    alerts = []
    for action in actions:
        func = action["func"]
        if func == "alert":
            alerts.append(action["args"])
            continue
        if func == "addSheet":
            index, name = action["args"]
            wb.create_sheet(name, index)
            continue
        ws = wb.worksheets[action["sheet_position"]]
        r0, c0 = action["start_row"] + 1, action["start_column"] + 1
        if func == "setValues":
            for i, row in enumerate(action["values"]):
                for j, value in enumerate(row):
                    ws.cell(r0 + i, c0 + j).value = _from_json(value)
        elif func == "setRangeColor":
            color = action["args"][0]
            fill = PatternFill() if color is None else PatternFill("solid", start_color=color[1:], end_color=color[1:])
            for i in range(action["row_count"]):
                for j in range(action["column_count"]):
                    ws.cell(r0 + i, c0 + j).fill = fill
        elif func == "setWrapText":
            for i in range(action["row_count"]):
                for j in range(action["column_count"]):
                    cell = ws.cell(r0 + i, c0 + j)
                    alignment = copy(cell.alignment)  # styles are shared: change a copy
                    alignment.wrap_text = bool(action["args"][0])
                    cell.alignment = alignment
        else:
            raise AssertionError(f"the door emitted an action this helper does not replay: {func}")
    wb.save(out)
    return alerts


def sheet_values(path: Path | str) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def fills(path: Path | str) -> dict[tuple[str, str], str | None]:
    """(sheet, cell) -> solid fill RGB (last 6 hex digits), None when unfilled."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                rgb = c.fill.start_color.rgb if c.fill.fill_type == "solid" else None
                out[(ws.title, c.coordinate)] = rgb[-6:].upper() if isinstance(rgb, str) else None
    return out


def trim_rows(rows):
    """Drop trailing empty cells and rows: the doors may disagree on the extent of blank formatting."""
    rows = [list(r) for r in rows]
    for r in rows:
        while r and r[-1] is None:
            r.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows
