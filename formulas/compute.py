"""Plan-achievement computation: every figure a report states, from the inputs, by one rule.

compute(data, catalog) -> ComputeResult. Exact Decimal arithmetic throughout; each stated figure
is rounded once at the end (formulas.rounding) to the indicator's decimals, percentages to the
policy's percent decimals. Pure: no files, no Excel.

Values that are derived rather than typed (formulas.aggregate):
- an aggregate parent whose children add up (children_add_up) and whose cell is empty takes the sum
  of its children, column by column;
- a rate declared as numerator / denominator (aggregate: recompute) whose cell is empty is
  recomputed from them — a ratio of aggregates, never an average of ratios;
- a main target (Chỉ tiêu chủ yếu, `source:`) without its own result takes its source indicator's.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from decimal import Decimal

from formulas.aggregate import Derived, derive
from formulas.evaluation import HUNDRED, evaluate, threshold_for
from formulas.model import IndicatorRow, WorkbookData
from formulas.results import (CHUA_HOAN_THANH, CUOI_NAM, HOAN_THANH, ComputedIndicator, ComputeResult, Stating,
                              SummaryCounts)
from formulas.ratios import CHANGE_PERCENT, CHANGE_POINTS
from formulas.rounding import MODES, quantum
from formulas.settings import Policy, policy_from

TARGETS_SECTION = "tong_hop_chi_tieu"  # outline key of the main-targets summary (Chỉ tiêu chủ yếu)


def target_sheets(catalog) -> set[str]:
    """Sheets holding the main targets counted in "15 chỉ tiêu: 01 vượt, 12 đạt …"."""
    return {s.sheet for s in catalog.sheets
            if s.section == TARGETS_SECTION or any(i.source for i in s.indicators)}


def compute(data: WorkbookData, catalog, policy: Policy | None = None) -> ComputeResult:
    with gc_paused():
        return _compute(data, catalog, policy)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while building many small acyclic objects: with 100,000
    rows it would otherwise rescan the whole growing heap again and again (reference counting still
    frees everything; no cycles are created here)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compute(data: WorkbookData, catalog, policy: Policy | None = None) -> ComputeResult:
    policy = policy or policy_from(catalog.settings)
    share = policy.share_of_year(data.info.get("ky_bao_cao"))
    state = derive(data, catalog)
    parent_actual = _parent_actuals(data, state, catalog)
    sheet_bases = {s.sheet: tuple(b.key for b in s.plan_bases) for s in catalog.sheets}
    compute_row = _row_computer(policy, share, parent_actual, sheet_bases)
    out = list(map(compute_row, range(len(data.rows)), data.rows, state.values))
    result = _Result(indicators=out, summary=summarize(data, out, catalog))
    result.derived = state  # validate() reuses it instead of deriving again
    return result


class _Result(ComputeResult):
    """A ComputeResult that also carries the derived values it was computed from."""

    __slots__ = ("derived",)


def _row_computer(policy: Policy, share_of_year: Decimal, parent_actual: dict, sheet_bases: dict):
    """A function (row index, row, values) -> ComputedIndicator for one compute run.

    What depends only on the indicator and the policy is worked out once per indicator shape (a
    province's communes repeat the same few shapes), and the arithmetic is formulas.ratios'
    (percent, change) written inline, since this runs for every row of a province's consolidated
    workbook. Only what the patch, the checks and the counts need is computed here; the figures only
    a sentence states are ComputedIndicator properties (formulas.results).
    `y if (y := x.quantize(…)) else abs(y)` is formulas.rounding.stated inline: a rounded zero never
    reads "-0,00".
    """
    rounding = MODES[policy.rounding]
    qp = quantum(policy.percent_decimals)
    period_bases = policy.period_bases
    year_end_now = share_of_year < HUNDRED
    facts_of_shape: dict[tuple, tuple] = {}

    def facts(ind) -> tuple:
        """(stating, đạt thresholds, better, CUOI_NAM now, is rate, shows share), worked out once per
        indicator shape: a province's communes repeat the same few shapes, each with its own catalog
        entry."""
        shape = (ind.decimals, ind.plans, ind.cumulative, ind.better, ind.evaluate, ind.kind, ind.show_share)
        f = facts_of_shape.get(shape)
        if f is None:
            thresholds = tuple(threshold_for(b, ind.cumulative, share_of_year, period_bases) for b in ind.plans)
            f = facts_of_shape[shape] = (Stating(quantum(ind.decimals), qp, rounding, ind.plans), thresholds,
                                         ind.better, ind.evaluate == "year_end" and year_end_now, ind.is_rate,
                                         ind.show_share)
        return f

    def compute_row(idx: int, row: IndicatorRow, values: dict) -> ComputedIndicator:
        ind = row.indicator
        if ind is None:  # a custom row: figures as typed, every plan basis it has, higher is better
            bases = tuple(b for b in sheet_bases.get(row.sheet, ()) if values.get(b) is not None)
            stating = Stating(None, qp, rounding, bases)
            thresholds = tuple(threshold_for(b, True, share_of_year, period_bases) for b in bases)
            better, year_end, is_rate, show_share = "higher", False, False, False
        elif ind.kind == "text":
            return _empty(row, qp, rounding)
        else:
            stating, thresholds, better, year_end, is_rate, show_share = facts(ind)

        get = values.get
        actual = get("uoc_ky")
        is_estimate = actual is not None
        if not is_estimate:
            actual = get("den_ngay")
        evaluation = CUOI_NAM if year_end else None
        if actual is None:  # nothing to compare: no ratio, no change, no share
            return ComputedIndicator(row, values, stating, False, dict.fromkeys(stating.bases), None,
                                     None, None, None, evaluation)
        actual100 = actual * HUNDRED
        pct_plan = {}
        for b, threshold in zip(stating.bases, thresholds):
            plan = get(b)
            if not plan:  # no plan, or a zero plan: no ratio
                pct_plan[b] = None
            else:
                pct = pct_plan[b] = y if (y := (actual100 / plan).quantize(qp, rounding)) else abs(y)
                if evaluation is None:
                    evaluation = evaluate(pct, better, threshold)
        same = get("cung_ky")
        if not same:
            pct_same = None
        else:
            pct_same = y if (y := (actual100 / same).quantize(qp, rounding)) else abs(y)
        if is_rate:
            # A rate changes by percentage points, between the two stated figures (same decimals).
            if same is None:
                change = unit = None
            else:
                change, unit = stating.figure(actual) - stating.figure(same), CHANGE_POINTS
        elif pct_same is None:
            change = unit = None
        else:
            change, unit = pct_same - HUNDRED, CHANGE_PERCENT  # from the stated %
        share_pct = None
        if show_share:
            parent_value = parent_actual.get(idx)
            if parent_value:
                share_pct = y if (y := (actual100 / parent_value).quantize(qp, rounding)) else abs(y)
        return ComputedIndicator(row, values, stating, is_estimate, pct_plan, pct_same, change, unit,
                                 share_pct, evaluation)

    return compute_row


def _empty(row: IndicatorRow, qp: Decimal, rounding: str) -> ComputedIndicator:
    """A text row: no figures (its numbers, if any, are not stated)."""
    return ComputedIndicator(row=row, values={}, stating=Stating(None, qp, rounding, ()), actual_is_estimate=False,
                             pct_plan={}, pct_same_period=None, change=None, change_unit=None, share=None,
                             evaluation=None)


def _parent_actuals(data: WorkbookData, state: Derived, catalog) -> dict[int, Decimal | None]:
    """For each row whose indicator shows its share: the parent's actual — typed, or summed from
    the children present when the parent adds up from them and has no row of its own."""
    out: dict[int, Decimal | None] = {}
    sums: dict[str, Decimal | None] = {}  # parent without a row -> sum of its children, once
    for idx, row in enumerate(data.rows):
        ind = row.indicator
        if ind is None or not ind.show_share or not ind.parent:
            continue
        p_idx = state.first.get(ind.parent)
        if p_idx is not None:
            out[idx] = state.actual(p_idx)
            continue
        if ind.parent not in sums:
            parent = catalog.indicator(ind.parent) if catalog is not None else None
            parts = [state.actual(k) for k in state.children.get(ind.parent, ())]
            complete = parent is not None and parent.children_add_up and parts and None not in parts
            sums[ind.parent] = sum(parts, Decimal(0)) if complete else None
        out[idx] = sums[ind.parent]
    return out


def summarize(data: WorkbookData, computed: list[ComputedIndicator], catalog) -> SummaryCounts:
    """Counts of the main targets by evaluation and of key tasks by status."""
    sheets = target_sheets(catalog)
    summary = SummaryCounts()
    for item in computed:
        row = item.row
        if row.sheet not in sheets or (row.indicator is not None and row.indicator.is_text):
            continue
        if row.code is None and not row.name:
            continue
        summary.targets_total += 1
        if item.evaluation:
            summary.targets[item.evaluation] = summary.targets.get(item.evaluation, 0) + 1
    groups = set()
    for task in data.tasks:
        if not (task.task or "").strip():
            continue
        summary.tasks_total += 1
        groups.add((task.group or "").strip())
        status = normalize_status(task.status)
        if status:
            summary.tasks[status] = summary.tasks.get(status, 0) + 1
    summary.task_groups = len(groups)
    return summary


TASK_STATUS_NAMES = (HOAN_THANH, CHUA_HOAN_THANH, "Đang thực hiện")


def normalize_status(status: object) -> str | None:
    """A key task's status as typed to one of the canonical names (case and spaces ignored)."""
    text = " ".join(str(status or "").split()).lower()
    for name in TASK_STATUS_NAMES:
        if text == name.lower():
            return name
    return None
