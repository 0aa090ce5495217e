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
from decimal import Decimal, getcontext
from itertools import repeat
from operator import attrgetter

from formulas.aggregate import Derived, derive
from formulas.evaluation import HUNDRED, evaluate, evaluate_column, threshold_for
from formulas.model import IndicatorRow, WorkbookData
from formulas.results import (CHUA_HOAN_THANH, CUOI_NAM, HOAN_THANH, ComputedIndicator, ComputeResult, Stating,
                              SummaryCounts)
from formulas.ratios import CHANGE_PERCENT, CHANGE_POINTS
from formulas.rounding import MODES, quantum
from formulas.settings import Policy, policy_from

TARGETS_SECTION = "tong_hop_chi_tieu"  # outline key of the main-targets summary (Chỉ tiêu chủ yếu)


_source_of = attrgetter("source")


def target_sheets(catalog) -> set[str]:
    """Sheets holding the main targets counted in "15 chỉ tiêu: 01 vượt, 12 đạt …"."""
    return {s.sheet for s in catalog.sheets
            if s.section == TARGETS_SECTION or any(map(_source_of, s.indicators))}


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
            _promote_young()
            gc.enable()


def _promote_young() -> None:
    """Move the objects built while paused (a province's 100,000 results, kept by the caller)
    straight to the oldest generation: re-enabled with them young, the collector would at once
    trace them all to find no garbage, and again one generation later. freeze() + unfreeze() moves
    every tracked object to the oldest generation without tracing it; done only when the program
    keeps nothing frozen of its own (unfreeze() would release that too)."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def _compute(data: WorkbookData, catalog, policy: Policy | None = None) -> ComputeResult:
    policy = policy or policy_from(catalog.settings)
    share = policy.share_of_year(data.info.get("ky_bao_cao"))
    state = derive(data, catalog)
    sheet_bases = {s.sheet: tuple(b.key for b in s.plan_bases) for s in catalog.sheets}
    out, groups = _group_rows(data.rows, state.values, policy, share, sheet_bases)
    # Only the rows that show their share need their parent's actual.
    parent_actual = _parent_actuals([i for g in groups if g.show_share for i in g.rows], data, state, catalog)
    for group in groups:
        for idx, item in zip(group.rows, _compute_group(group, data.rows, state.values, parent_actual)):
            out[idx] = item
    result = _Result(indicators=out, summary=summarize(data, out, catalog))
    # validate() reuses both instead of deriving, grouping and reading the columns again.
    result.derived = state
    result.groups = groups
    return result


class _Result(ComputeResult):
    """A ComputeResult that also carries the derived values it was computed from, and the groups of
    rows it was computed in, with their columns (formulas.validation checks a group a column at a
    time: same _shape, same per-row rules)."""

    __slots__ = ("derived", "groups")


def _shape(ind) -> tuple:
    """What the figures of an indicator depend on besides its numbers, and what validation's per-row
    rules depend on (bounds, sign, required), so validate checks a group's rows with those facts
    looked up once. (_group_rows writes the same tuple inline: attributes read in the loop body run
    about twice as fast as through a call, once per row of a province.)"""
    return (ind.decimals, ind.plans, ind.cumulative, ind.better, ind.evaluate, ind.kind, ind.show_share,
            ind.minimum, ind.maximum, ind.allow_negative, ind.required)


_KIND = 5  # position of kind in a _shape


class _Group:
    """Rows of one indicator shape (a province's communes repeat the same few), computed a column
    at a time: the same facts for every row, and per-row Python overhead paid once per column."""

    __slots__ = ("stating", "thresholds", "better", "year_end", "is_rate", "show_share", "shared", "rows",
                 "values", "actuals", "pct_columns", "pct_same")

    def __init__(self, stating: Stating, thresholds: tuple, better: str, year_end: bool, is_rate: bool,
                 show_share: bool, shared: bool = True):
        self.stating, self.thresholds, self.better = stating, thresholds, better
        self.year_end, self.is_rate, self.show_share = year_end, is_rate, show_share
        self.shared = shared  # rows of one catalog _shape (False: a custom row's own group)
        self.rows: list[int] = []  # row indices
        # Filled by _compute_group, per row of the group: the numbers (typed or derived), the actual
        # (unrounded), the stated % of each plan basis (stating.bases order) and of the same period.
        self.values: list[dict] = []
        self.actuals: list = []
        self.pct_columns: list[list] = []
        self.pct_same: list = []


def _group_rows(rows: list[IndicatorRow], values: list[dict], policy: Policy, share_of_year: Decimal,
                sheet_bases: dict) -> tuple[list, list[_Group]]:
    """The rows grouped by indicator shape (a custom row in a group of its own), each group to be
    computed column by column (_compute_group); and the list of results in row order, where only
    the text rows (no figures) are filled in yet."""
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
        else:  # (a text indicator's kind is part of its shape: its rows are set apart below)
            shape = (ind.decimals, ind.plans, ind.cumulative, ind.better, ind.evaluate, ind.kind, ind.show_share,
                     ind.minimum, ind.maximum, ind.allow_negative, ind.required)  # _shape(ind), inline
            group = group_of_shape.get(shape)
            if group is None:
                thresholds = tuple(threshold_for(b, ind.cumulative, share_of_year, period_bases) for b in ind.plans)
                unit = CHANGE_POINTS if ind.is_rate else CHANGE_PERCENT
                group = group_of_shape[shape] = _Group(
                    Stating(quantum(ind.decimals), qp, rounding, ind.plans, unit), thresholds, ind.better,
                    ind.evaluate == "year_end" and year_end_now, ind.is_rate, ind.show_share)
                groups.append(group)
        group.rows.append(idx)
    text_groups = [g for shape, g in group_of_shape.items() if shape[_KIND] == "text"]
    for group in text_groups:  # a text row: no figures (its numbers, if any, are not stated)
        for idx in group.rows:
            out[idx] = _empty(rows[idx], qp, rounding)
    return out, [g for g in groups if g not in text_groups]


def _compute_group(group: _Group, rows: list[IndicatorRow], values: list[dict],
                   parent_actual: dict) -> list[ComputedIndicator]:
    """The figures of one group's rows, a column at a time. The arithmetic is formulas.ratios'
    (percent, change) and the rounding formulas.rounding.stated, written inline since this runs for
    every row of a province's consolidated workbook: `y if (y := quantize(x, q)) else abs(y)` never
    states "-0,00". Only what the patch, the checks and the counts need is computed here; the figures
    only a sentence states are ComputedIndicator properties (formulas.results). The group keeps its
    numbers, actuals and % columns for validate()."""
    stating = group.stating
    qp, rounding = stating.percent_quantum, stating.rounding
    quantize = _quantizer(rounding)
    idxs = group.rows
    vals = list(map(values.__getitem__, idxs))
    # The period estimate, else the value to the cut-off date.
    actuals = [v.get("den_ngay") if (e := v.get("uoc_ky")) is None else e for v in vals]
    actuals100 = [None if a is None else a * HUNDRED for a in actuals]
    # % of each plan basis (none without an actual, a plan, or with a zero plan); the evaluation
    # against the first basis that has one (or CUOI_NAM for a target evaluated at year end).
    evaluations = [CUOI_NAM if group.year_end else None] * len(idxs)
    pct_columns = []
    for basis, threshold in zip(stating.bases, group.thresholds):
        pcts = [None if a is None or not (plan := v.get(basis)) else
                (y if (y := quantize(a / plan, qp)) else abs(y)) for a, v in zip(actuals100, vals)]
        if group.year_end:
            pass  # CUOI_NAM whatever the %
        elif not pct_columns:  # the first basis: every row with a % is evaluated against it
            evaluations = evaluate_column(pcts, group.better, threshold)
        else:  # a later basis: only the rows the earlier ones could not evaluate
            better = group.better
            evaluations = [e if e is not None or p is None else evaluate(p, better, threshold)
                           for e, p in zip(evaluations, pcts)]
        pct_columns.append(pcts)
    pct_plans = _dicts(stating.bases, pct_columns, len(idxs))
    pct_same = [None if a is None or not (same := v.get("cung_ky")) else
                (y if (y := quantize(a / same, qp)) else abs(y)) for a, v in zip(actuals100, vals)]
    if group.is_rate:
        # A rate changes by percentage points, between the two stated figures (same decimals):
        # stating.figure(a) - stating.figure(same), inline.
        q = stating.quantum
        changes = [None if a is None or (same := v.get("cung_ky")) is None else
                   (x if (x := quantize(a, q)) else abs(x)) - (y if (y := quantize(same, q)) else abs(y))
                   for a, v in zip(actuals, vals)]
    else:
        changes = [None if p is None else p - HUNDRED for p in pct_same]  # from the stated %
    if group.show_share:
        shares = [None if a is None or not (parent := parent_actual.get(i)) else
                  (y if (y := quantize(a / parent, qp)) else abs(y)) for a, i in zip(actuals100, idxs)]
    else:
        shares = [None] * len(idxs)
    group.values, group.actuals, group.pct_columns, group.pct_same = vals, actuals, pct_columns, pct_same
    return list(map(ComputedIndicator, map(rows.__getitem__, idxs), vals, repeat(stating), pct_plans, pct_same,
                    changes, shares, evaluations))


def _quantizer(rounding: str):
    """Decimal.quantize(x, quantum, rounding) as a bound method of a copy of the current context set
    to that rounding (same precision and traps): the same results, without parsing the rounding
    argument on each of a province's 300,000 calls."""
    context = getcontext().copy()
    context.rounding = rounding
    return context.quantize


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


def _parent_actuals(idxs: list[int], data: WorkbookData, state: Derived, catalog) -> dict[int, Decimal | None]:
    """For each of these rows whose indicator shows its share: the parent's actual — typed, or summed
    from the children present when the parent adds up from them and has no row of its own."""
    out: dict[int, Decimal | None] = {}
    sums: dict[str, Decimal | None] = {}  # parent without a row -> sum of its children, once
    rows = data.rows
    for idx in idxs:
        ind = rows[idx].indicator
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
    # Without a main-targets sheet (a province's commune sheets) there is no target to count.
    for item in computed if sheets else ():
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
