"""The patch: exactly which cells write-back changes, the same for every door.

Computed columns of every sector row (in contiguous blocks), the Kiểm tra sheet (old rows cleared;
at most FINDINGS_SHEET_ROWS findings and a total line, so neither writer needs to know),
marks on the input cells that findings point at, and the input ranges whose old marks are cleared.
An input cell never appears in a write: build_patch checks it and raises if it would.
"""
from __future__ import annotations

from pathlib import PurePath

from formulas.a1 import column_index, column_letters, split_address
from formulas.findings import ERROR, INFO, WARNING, Finding, counts_text, vn_count
from formulas.model import WorkbookData, cell_address
from formulas.patch import CellMark, Patch, RangeWrite
from formulas.results import ComputedIndicator, ComputeResult
from formulas.rounding import to_floats
from formulas import layout
from formulas.period import KE_HOACH_NAM_SAU, PERIOD_VALUE_COLUMNS

FIXED_COMPUTED = ("pct_cung_ky", "tang_giam", "ty_trong", "danh_gia")
NO_FINDINGS = "Không phát hiện lỗi nào trong sổ số liệu."
# Rows of findings the Kiểm tra sheet holds at most: a sheet of 15.000 rows helps nobody and costs
# seconds to write; `ktxh check` and its --json list every finding.
FINDINGS_SHEET_ROWS = 1000
_SEVERITY_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


class PatchError(AssertionError):
    """A write would touch an input cell: a bug in the core, never something to apply."""


col_index = column_index  # 'E6' -> 5 (formulas.a1)


def row_index(address: str) -> int:
    return split_address(address)[0]


def computed_keys(sheet) -> list[str]:
    """Computed column keys of a sector sheet (layout.sector_columns, kind COMPUTED)."""
    return [c.key for c in layout.sector_columns(sheet, "huyen", "") if c.kind == layout.COMPUTED]


def input_keys(sheet) -> list[str]:
    # plus the columns a period's layout adds (thực hiện tháng, ước tháng sau, kế hoạch năm sau)
    return [c.key for c in layout.sector_columns(sheet, "huyen", "") if c.kind == layout.INPUT] + list(PERIOD_VALUE_COLUMNS)


def computed_value(item: ComputedIndicator, key: str) -> object:
    """The value a computed column shows: a float per cent (54.27, not 0.5427), text, or None."""
    return computed_column([item], key)[0]


_FIELDS = {"danh_gia": "evaluation", "pct_cung_ky": "pct_same_period", "tang_giam": "change", "ty_trong": "share"}


def computed_column(items, key: str) -> list:
    """The values computed column `key` shows for these rows, a column at a time (a province's
    patch has half a million computed cells). compute()'s own results (compute._Indicators) hand
    the column over whole, without making 100,000 row objects."""
    attr, basis = _FIELDS.get(key), None
    if attr is None:
        if not key.startswith("pct_"):
            raise KeyError(key)
        attr, basis = "pct_plan", key[4:]
    column = getattr(items, "column", None)
    if column is not None:
        values = column(attr, basis)
    elif basis is not None:
        values = [it.pct_plan.get(basis) for it in items]
    else:
        values = [getattr(it, attr) for it in items]
    return values if attr == "evaluation" else to_floats(values)


def build_patch(data: WorkbookData, catalog, result: ComputeResult, findings: list[Finding],
                previous_findings_rows: int = 0) -> Patch:
    patch = Patch()
    inputs: dict[str, set[int]] = {}  # sheet -> input column indices (for the guard and the marks)
    # Rows by index, the computed values a whole column at a time (made once per column key).
    indicators = result.indicators
    rows = getattr(indicators, "rows", None)
    if rows is None:
        rows = [item.row for item in indicators]
    columns: dict[str, list] = {}

    def column(key: str) -> list:
        if key not in columns:
            columns[key] = computed_column(indicators, key)
        return columns[key]

    by_sheet: dict[str, list[int]] = {}
    for idx, row in enumerate(rows):
        by_sheet.setdefault(row.sheet, []).append(idx)
    for sheet in catalog.sheets:
        idxs = by_sheet.get(sheet.sheet)
        if not idxs:
            continue
        idxs.sort(key=lambda i: rows[i].row)
        items = [rows[i] for i in idxs]  # the sheet's rows in Excel order
        # A sheet's rows share its columns (the parser maps them once per sheet): column indices
        # are read from the first row, not parsed again from every cell address.
        cells = items[0].cells
        col_of = {k: col_index(cells[k]) for k in cells}
        comp = sorted((col_of[k], k) for k in computed_keys(sheet) if k in col_of)
        inputs[sheet.sheet] = {col_of[k] for k in input_keys(sheet) if k in col_of}
        patch.writes += _blocks(sheet.sheet, idxs, items, comp, column)
        patch.clear_marks += _clear_ranges(sheet, items, col_of)
    info_rows = sorted(row_index(a) for a in data.info_cells.values() if a)
    if info_rows:
        inputs[layout.SHEET_INFO] = {layout.INFO_VALUE_COL}
        col = column_letters(layout.INFO_VALUE_COL)
        patch.clear_marks.append((layout.SHEET_INFO, f"{col}{info_rows[0]}:{col}{info_rows[-1]}"))
    task_cols = [i for i, c in enumerate(layout.TASK_COLUMNS, 1) if c.kind == layout.INPUT]
    inputs[layout.SHEET_TASKS] = set(task_cols)
    if data.tasks:
        rows = [t.row for t in data.tasks]
        for lo, hi in consecutive_runs(task_cols):
            patch.clear_marks.append((layout.SHEET_TASKS, f"{column_letters(lo)}{min(rows)}:"
                                                          f"{column_letters(hi)}{max(rows)}"))
    patch.writes += findings_writes(findings, previous_findings_rows)
    patch.marks = _marks(findings, inputs)
    _guard(patch, inputs)
    return patch


def _clear_ranges(sheet, items: list, col_of: dict[str, int]) -> list[tuple[str, str]]:
    """The input cells a mark may sit on: each row's plan and value cells, as few rectangles as
    possible (consecutive rows with the same columns). Never label, computed or unused cells, so a
    door that repaints the whole range with the input fill changes nothing else."""
    all_bases = tuple(b.key for b in sheet.plan_bases)
    letters = {c: column_letters(c) for c in col_of.values()}
    # (plan bases, has a same-period cell) -> the input columns as runs of column letters, worked
    # out once per shape (a province's communes repeat the same few).
    runs_of: dict[tuple, tuple[tuple[str, str], ...]] = {}

    def column_runs(shape) -> tuple[tuple[str, str], ...]:
        plans, same_period = shape
        keys = plans + tuple(
            k for k in sheet.value_columns  # no same-period cell where the template has none (builder._applicable)
            if k != "cung_ky" or same_period) + tuple(
            k for k in PERIOD_VALUE_COLUMNS if k != KE_HOACH_NAM_SAU or plans)  # next year's plan where a plan is
        cols = sorted(col_of[k] for k in keys if k in col_of)
        return tuple((letters[lo], letters[hi]) for lo, hi in consecutive_runs(cols))

    out: list[tuple[str, str]] = []
    name = sheet.sheet
    first = last = 0  # rows of the current group
    group_runs = None
    for row in items:  # IndicatorRows in Excel order
        ind = row.indicator
        shape = (all_bases, True) if ind is None else (ind.plans, ind.same_period)
        runs = runs_of.get(shape)
        if runs is None:
            runs = runs_of[shape] = column_runs(shape)
        r = row.row
        if runs == group_runs and r == last + 1:
            last = r
            continue
        if group_runs is not None:
            out += [(name, f"{lo}{first}:{hi}{last}") for lo, hi in group_runs]
        first = last = r
        group_runs = runs
    if group_runs is not None:
        out += [(name, f"{lo}{first}:{hi}{last}") for lo, hi in group_runs]
    return out


def consecutive_runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted integers: [3, 4, 5, 8] -> [(3, 5), (8, 8)]."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _blocks(sheet: str, idxs: list[int], items: list, comp: list[tuple[int, str]], column) -> list[RangeWrite]:
    """Computed values as rectangular blocks: consecutive rows × consecutive computed columns.
    items are the sheet's rows in Excel order, idxs their indices in the result; column(key) the
    key's values of every row of the result."""
    if not comp:
        return []
    col_runs = []
    for lo, hi in consecutive_runs([c for c, _ in comp]):
        col_runs.append((lo, [k for c, k in comp if lo <= c <= hi]))
    row_runs: list[tuple[int, list[int]]] = []  # (first Excel row, result indices)
    last = None
    for idx, row in zip(idxs, items):
        if last is not None and row.row == last + 1:
            row_runs[-1][1].append(idx)
        else:
            row_runs.append((row.row, [idx]))
        last = row.row
    out = []
    for first, run in row_runs:
        for lo, keys in col_runs:
            values = tuple(zip(*([col[i] for i in run] for col in map(column, keys))))
            out.append(RangeWrite(sheet, cell_address(first, lo), values))
    return out


def findings_writes(findings: list[Finding], previous_rows: int = 0,
                   limit: int | None = None) -> list[RangeWrite]:
    """The Kiểm tra sheet: one row per finding from FIRST_DATA_ROW, old rows beyond blanked. Past
    limit (FINDINGS_SHEET_ROWS) findings, the most severe are kept in their order and a last row
    says how many there are in all and where to see every one."""
    limit = FINDINGS_SHEET_ROWS if limit is None else limit
    width = len(layout.FINDING_COLUMNS)
    shown = most_severe(findings, limit)
    rows = [(i, f.severity, f.rule, f.sheet, f.cell, f.code or "", f.message)
            for i, f in enumerate(shown, start=1)]
    if not rows:
        rows = [(None, "", "", "", "", "", NO_FINDINGS)]
    elif len(shown) < len(findings):
        rows.append((None, "", "", "", "", "", total_line(findings, len(shown))))
    rows += [(None,) * width] * max(previous_rows - len(rows), 0)
    return [RangeWrite(layout.SHEET_FINDINGS, cell_address(layout.FIRST_DATA_ROW, 1), tuple(rows))]


def most_severe(findings: list[Finding], limit: int) -> list[Finding]:
    """At most limit findings: errors first, then warnings, then information, each kept in order."""
    if len(findings) <= limit:
        return list(findings)
    keep = sorted(range(len(findings)), key=lambda i: (_SEVERITY_RANK[findings[i].severity], i))[:limit]
    return [findings[i] for i in sorted(keep)]


def total_line(findings: list[Finding], shown: int) -> str:
    """The Kiểm tra sheet's last row when it is capped: the total, and the commands that list all."""
    files = {f.file for f in findings if f.file}
    name = PurePath(files.pop()).name if len(files) == 1 else "SO_LIEU.xlsx"
    return (f"Trang này chỉ ghi {vn_count(shown)} trong tổng số {vn_count(len(findings))} phát hiện "
            f"({counts_text(findings)}), lỗi ghi trước, rồi đến cảnh báo, thông tin. Để xem đủ tất cả, chạy "
            f"lệnh “ktxh check {name}” (hoặc “ktxh check {name} --json” để có danh sách cho máy đọc).")


def _marks(findings: list[Finding], inputs: dict[str, set[int]]) -> list[CellMark]:
    """One mark per offending input cell, with the most severe finding's colour and all the reasons."""
    worst: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for f in findings:
        if f.severity == INFO or not f.cell or col_index(f.cell) not in inputs.get(f.sheet, ()):
            continue
        key = (f.sheet, f.cell)
        sev, notes = worst.get(key, (f.severity, []))
        if _SEVERITY_RANK[f.severity] < _SEVERITY_RANK[sev]:
            sev = f.severity
        notes.append(f"[{f.severity}] {f.message}")
        worst[key] = (sev, notes)
    return [CellMark(sheet, cell, sev, "\n".join(notes)) for (sheet, cell), (sev, notes) in worst.items()]


def _guard(patch: Patch, inputs: dict[str, set[int]]) -> None:
    for w in patch.writes:
        cols = inputs.get(w.sheet)
        if not cols or not w.values:
            continue
        first = col_index(w.top_left)
        span = set(range(first, first + len(w.values[0])))
        if span & cols:
            raise PatchError(f"bản vá ghi vào cột nhập liệu {w.sheet}!{w.top_left}: lỗi chương trình")
