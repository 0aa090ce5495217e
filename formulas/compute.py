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
from itertools import repeat
from operator import attrgetter

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
    out, groups = _compute_rows(data.rows, state.values, policy, share, parent_actual, sheet_bases)
    result = _Result(indicators=out, summary=summarize(data, out, catalog))
    # validate() reuses both instead of deriving and grouping again.
    result.derived = state
    result.shape_groups = [g.rows for g in groups if g.shared]
    return result


class _Result(ComputeResult):
    """A ComputeResult that also carries the derived values it was computed from, and the row
    indices of each catalog indicator shape (same _shape: same per-row rules in formulas.validation)."""

    __slots__ = ("derived", "shape_groups")


# What the figures of an indicator depend on besides its numbers (one C call per row), and what
# validation's per-row rules depend on (bounds, sign, required), so validate checks a group's rows
# with those facts looked up once.
_shape = attrgetter("decimals", "plans", "cumulative", "better", "evaluate", "kind", "show_share",
                    "minimum", "maximum", "allow_negative", "required")


class _Group:
    """Rows of one indicator shape (a province's communes repeat the same few), computed a column
    at a time: the same facts for every row, and per-row Python overhead paid once per column."""

    __slots__ = ("stating", "thresholds", "better", "year_end", "is_rate", "show_share", "shared", "rows")

    def __init__(self, stating: Stating, thresholds: tuple, better: str, year_end: bool, is_rate: bool,
                 show_share: bool, shared: bool = True):
        self.stating, self.thresholds, self.better = stating, thresholds, better
        self.year_end, self.is_rate, self.show_share = year_end, is_rate, show_share
        self.shared = shared  # rows of one catalog _shape (False: a custom row's own group)
        self.rows: list[int] = []  # row indices


def _compute_rows(rows: list[IndicatorRow], values: list[dict], policy: Policy, share_of_year: Decimal,
                  parent_actual: dict, sheet_bases: dict) -> tuple[list[ComputedIndicator], list[_Group]]:
    """One ComputedIndicator per row, in row order: rows grouped by indicator shape, each group
    computed column by column (_compute_group); and the groups."""
    rounding = MODES[policy.rounding]
    qp = quantum(policy.percent_decimals)
    period_bases = policy.period_bases
    year_end_now = share_of_year < HUNDRED
    out: list = [None] * len(rows)
    group_of_shape: dict[tuple, _Group] = {}
    groups: list[_Group] = []
    for idx, row in enumerate(rows):
        ind = row.indicator
        if ind is None:  # a custom row (a group of its own): figures as typed, every plan basis it
            v = values[idx]  # has, higher is better
            bases = tuple(b for b in sheet_bases.get(row.sheet, ()) if v.get(b) is not None)
            group = _Group(Stating(None, qp, rounding, bases),
                           tuple(threshold_for(b, True, share_of_year, period_bases) for b in bases),
                           "higher", False, False, False, shared=False)
            groups.append(group)
        elif ind.kind == "text":
            out[idx] = _empty(row, qp, rounding)
            continue
        else:
            shape = _shape(ind)
            group = group_of_shape.get(shape)
            if group is None:
                thresholds = tuple(threshold_for(b, ind.cumulative, share_of_year, period_bases) for b in ind.plans)
                unit = CHANGE_POINTS if ind.is_rate else CHANGE_PERCENT
                group = group_of_shape[shape] = _Group(
                    Stating(quantum(ind.decimals), qp, rounding, ind.plans, unit), thresholds, ind.better,
                    ind.evaluate == "year_end" and year_end_now, ind.is_rate, ind.show_share)
                groups.append(group)
        group.rows.append(idx)
    for group in groups:
        for idx, item in zip(group.rows, _compute_group(group, rows, values, parent_actual)):
            out[idx] = item
    return out, groups


def _compute_group(group: _Group, rows: list[IndicatorRow], values: list[dict],
                   parent_actual: dict) -> list[ComputedIndicator]:
    """The figures of one group's rows, a column at a time. The arithmetic is formulas.ratios'
    (percent, change) and the rounding formulas.rounding.stated, written inline since this runs for
    every row of a province's consolidated workbook: `y if (y := x.quantize(…)) else abs(y)` never
    states "-0,00". Only what the patch, the checks and the counts need is computed here; the figures
    only a sentence states are ComputedIndicator properties (formulas.results)."""
    stating = group.stating
    qp, rounding = stating.percent_quantum, stating.rounding
    idxs = group.rows
    vals = [values[i] for i in idxs]
    # The period estimate, else the value to the cut-off date.
    actuals = [v.get("den_ngay") if (e := v.get("uoc_ky")) is None else e for v in vals]
    actuals100 = [None if a is None else a * HUNDRED for a in actuals]
    # % of each plan basis (none without an actual, a plan, or with a zero plan); the evaluation
    # against the first basis that has one (or CUOI_NAM for a target evaluated at year end).
    evaluations = [CUOI_NAM if group.year_end else None] * len(idxs)
    pct_columns = []
    for basis, threshold in zip(stating.bases, group.thresholds):
        pcts = [None if a is None or not (plan := v.get(basis)) else
                (y if (y := (a / plan).quantize(qp, rounding)) else abs(y)) for a, v in zip(actuals100, vals)]
        pct_columns.append(pcts)
        if not group.year_end:
            better = group.better
            evaluations = [e if e is not None or p is None else evaluate(p, better, threshold)
                           for e, p in zip(evaluations, pcts)]
    pct_plans = _dicts(stating.bases, pct_columns, len(idxs))
    pct_same = [None if a is None or not (same := v.get("cung_ky")) else
                (y if (y := (a / same).quantize(qp, rounding)) else abs(y)) for a, v in zip(actuals100, vals)]
    if group.is_rate:
        # A rate changes by percentage points, between the two stated figures (same decimals).
        figure = stating.figure
        changes = [None if a is None or (same := v.get("cung_ky")) is None else figure(a) - figure(same)
                   for a, v in zip(actuals, vals)]
    else:
        changes = [None if p is None else p - HUNDRED for p in pct_same]  # from the stated %
    if group.show_share:
        shares = [None if a is None or not (parent := parent_actual.get(i)) else
                  (y if (y := (a / parent).quantize(qp, rounding)) else abs(y)) for a, i in zip(actuals100, idxs)]
    else:
        shares = [None] * len(idxs)
    return list(map(ComputedIndicator, [rows[i] for i in idxs], vals, repeat(stating), pct_plans, pct_same,
                    changes, shares, evaluations))


def _dicts(keys: tuple, columns: list[list], n: int) -> list[dict]:
    """Per row, {key: value of the key's column}: n new dicts (a dict display for the usual one or
    two plan bases is much faster than dict(zip(…)))."""
    if not keys:
        return [{} for _ in range(n)]
    if len(keys) == 1:
        (k,), (c,) = keys, columns
        return [{k: x} for x in c]
    if len(keys) == 2:
        (k1, k2), (c1, c2) = keys, columns
        return [{k1: x, k2: y} for x, y in zip(c1, c2)]
    return [dict(zip(keys, xs)) for xs in zip(*columns)]


def _empty(row: IndicatorRow, qp: Decimal, rounding: str) -> ComputedIndicator:
    """A text row: no figures (its numbers, if any, are not stated)."""
    return ComputedIndicator(row=row, values={}, stating=Stating(None, qp, rounding, ()), pct_plan={},
                             pct_same_period=None, change=None, share=None, evaluation=None)


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
