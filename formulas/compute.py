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
from formulas.results import (CHUA_HOAN_THANH, CUOI_NAM, HOAN_THANH, ComputedIndicator, ComputeResult,
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
    row_computer = _RowComputer(policy, share)
    out = [row_computer(row, values, parent_actual.get(idx), sheet_bases.get(row.sheet, ()))
           for idx, (row, values) in enumerate(zip(data.rows, state.values))]
    return ComputeResult(indicators=out, summary=summarize(data, out, catalog))


class _RowComputer:
    """Computes one row; what depends only on the indicator and the policy is worked out once per
    indicator (100,000 rows must take well under a second)."""

    def __init__(self, policy: Policy, share_of_year: Decimal):
        self.rounding = MODES[policy.rounding]
        self.qp = quantum(policy.percent_decimals)
        self.share = share_of_year
        self.period_bases = policy.period_bases
        self.year_end_now = share_of_year < HUNDRED
        self.facts: dict[int, tuple] = {}
        self.shapes: dict[tuple, tuple] = {}

    def _facts(self, ind):
        """(quantum, plan bases, đạt thresholds, better, CUOI_NAM now, is rate, shows share), shared by
        every indicator of the same shape (a province's communes repeat the same few shapes)."""
        f = self.facts.get(id(ind))
        if f is not None and f[0] is ind:
            return f[1]
        shape = (ind.decimals, ind.plans, ind.cumulative, ind.better, ind.evaluate, ind.kind, ind.show_share)
        facts = self.shapes.get(shape)
        if facts is None:
            thresholds = tuple(threshold_for(b, ind.cumulative, self.share, self.period_bases) for b in ind.plans)
            facts = (quantum(ind.decimals), ind.plans, thresholds, ind.better,
                     ind.evaluate == "year_end" and self.year_end_now, ind.is_rate, ind.show_share)
            self.shapes[shape] = facts
        self.facts[id(ind)] = (ind, facts)
        return facts

    def __call__(self, row: IndicatorRow, values: dict, parent_value, sheet_bases) -> ComputedIndicator:
        ind = row.indicator
        rounding, qp = self.rounding, self.qp
        if ind is None:  # a custom row: figures as typed, every plan basis it has, higher is better
            q = None
            bases = tuple(b for b in sheet_bases if values.get(b) is not None)
            thresholds = tuple(threshold_for(b, True, self.share, self.period_bases) for b in bases)
            better, year_end, is_rate, show_share = "higher", False, False, False
        elif ind.kind == "text":
            return _empty(row)
        else:
            q, bases, thresholds, better, year_end, is_rate, show_share = self._facts(ind)

        get = values.get
        raw_actual = get("uoc_ky")
        is_estimate = raw_actual is not None
        raw_to_date = get("den_ngay")
        if raw_actual is None:
            raw_actual = raw_to_date
        raw_same = get("cung_ky")
        actual100 = None if raw_actual is None else raw_actual * HUNDRED
        to_date100 = actual100 if not is_estimate else (None if raw_to_date is None else raw_to_date * HUNDRED)

        plans, pct_plan, pct_to_date, left = {}, {}, {}, {}
        evaluation = CUOI_NAM if year_end else None
        for i, b in enumerate(bases):
            plan = get(b)
            if plan is None:
                plans[b] = pct_plan[b] = pct_to_date[b] = left[b] = None
                continue
            plans[b] = plan if q is None else plan.quantize(q, rounding)
            if plan:  # a zero plan has no ratio
                pct = None if actual100 is None else _nz((actual100 / plan).quantize(qp, rounding))
                pct_plan[b] = pct
                pct_to_date[b] = (pct if to_date100 is actual100 else
                                  None if to_date100 is None else _nz((to_date100 / plan).quantize(qp, rounding)))
                if evaluation is None and pct is not None:
                    evaluation = evaluate(pct, better, thresholds[i])
            else:
                pct_plan[b] = pct_to_date[b] = None
            left[b] = None if raw_actual is None else (
                plan - raw_actual if q is None else _nz((plan - raw_actual).quantize(q, rounding)))

        if q is None:
            actual, same, to_date = raw_actual, raw_same, raw_to_date
        else:
            actual = None if raw_actual is None else _nz(raw_actual.quantize(q, rounding))
            same = None if raw_same is None else _nz(raw_same.quantize(q, rounding))
            to_date = None if raw_to_date is None else _nz(raw_to_date.quantize(q, rounding))
        pct_same = None if actual100 is None or not raw_same else _nz((actual100 / raw_same).quantize(qp, rounding))
        if is_rate:
            # A rate changes by percentage points; both stated figures share the same decimals.
            change = None if actual is None or same is None else actual - same
            unit = CHANGE_POINTS
        else:
            change = None if pct_same is None else pct_same - HUNDRED  # from the stated %
            unit = CHANGE_PERCENT
        if change is None:
            unit = None
        share_pct = None
        if show_share and actual100 is not None and parent_value:
            share_pct = _nz((actual100 / parent_value).quantize(qp, rounding))
        return ComputedIndicator(row, actual, is_estimate, to_date, plans, pct_plan, pct_to_date,
                                 same, pct_same, change, unit, share_pct, left, evaluation)


def _nz(x: Decimal) -> Decimal:
    """A rounded zero is stated without a sign: never "-0,00"."""
    return x if x or not x.is_signed() else x.copy_abs()


def _empty(row: IndicatorRow) -> ComputedIndicator:
    return ComputedIndicator(row=row, actual=None, actual_is_estimate=False, to_date=None, plans={},
                             pct_plan={}, pct_plan_to_date={}, same_period=None, pct_same_period=None,
                             change=None, change_unit=None, share=None, remaining={}, evaluation=None)


def _parent_actuals(data: WorkbookData, state: Derived, catalog) -> dict[int, Decimal | None]:
    """For each row whose indicator shows its share: the parent's actual — typed, or summed from
    the children present when the parent adds up from them and has no row of its own."""
    out = {}
    for idx, row in enumerate(data.rows):
        ind = row.indicator
        if ind is None or not ind.show_share or not ind.parent:
            continue
        p_idx = state.first.get(ind.parent)
        if p_idx is not None:
            out[idx] = state.actual(p_idx)
            continue
        parent = catalog.indicator(ind.parent) if catalog is not None else None
        if parent is not None and parent.children_add_up:
            parts = [state.actual(k) for k in state.children.get(ind.parent, ())]
            out[idx] = sum(parts, Decimal(0)) if parts and None not in parts else None
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
