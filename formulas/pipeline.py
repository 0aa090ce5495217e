"""The one path both doors take: sheet values in; parsed data, results, findings and patch out.

The file door (openpyxl/calamine) and the xlwings door both call run(), so what they write is
identical by construction. Pure: no files, no Excel.
"""
from __future__ import annotations

from formulas.build_patch import build_patch
from formulas.compute import compute
from formulas.model import SheetValues
from formulas.settings import policy_from
from formulas.validation import validate
from formulas import layout


def previous_findings_rows(values: SheetValues) -> int:
    """How many rows the Kiểm tra sheet holds from an earlier run (to clear them)."""
    grid = values.get(layout.SHEET_FINDINGS) or []
    last = 0
    for i, row in enumerate(grid[layout.FIRST_DATA_ROW - 1:], start=1):
        if any(v not in (None, "") for v in row):
            last = i
    return last


def run(values: SheetValues, catalog):
    """-> (WorkbookData, ComputeResult, list[Finding], Patch)."""
    from formulas.parse import parse_workbook  # the reader's parser (issue #2)

    data = parse_workbook(values, catalog)
    policy = policy_from(catalog.settings)
    result = compute(data, catalog, policy)
    findings = validate(data, catalog, result, policy)
    patch = build_patch(data, catalog, result, findings, previous_findings_rows(values))
    return data, result, findings, patch
