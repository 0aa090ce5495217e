"""The one path both doors take, kept for its callers: formulas.jobs.recalc as a tuple.

New code calls formulas.jobs (check / recalc / report) directly.
"""
from __future__ import annotations

from formulas.jobs import previous_findings_rows, recalc  # noqa: F401  (re-exported)
from formulas.model import SheetValues


def run(values: SheetValues, catalog):
    """-> (WorkbookData, ComputeResult, list[Finding], Patch)."""
    out = recalc(values, catalog=catalog)
    return out.data, out.result, out.findings, out.patch
