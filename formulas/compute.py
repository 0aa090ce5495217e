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

from collections.abc import Sequence
from decimal import Decimal, getcontext
from itertools import compress, repeat
from operator import attrgetter

from formulas.aggregate import Derived, derive
from formulas.evaluation import HUNDRED, evaluate, evaluate_column, threshold_for
from formulas.model import IndicatorRow, WorkbookData
from formulas.results import (CHUA_HOAN_THANH, CUOI_NAM, HOAN_THANH, ComputedIndicator, ComputeResult, Stating,
                              SummaryCounts)
from formulas.ratios import CHANGE_PERCENT, CHANGE_POINTS
from formulas.rounding import MODES, quantum
from formulas.settings import Policy, policy_from
from formulas.targets import VERDICT, evaluate_target, group_verdict
from formulas.catalog import TARGETS_SECTION  # outline key of the main targets (Chỉ tiêu chủ yếu)


_source_of = attrgetter("source")


def target_sheets(catalog) -> set[str]:
    """Sheets holding the main targets counted in "15 chỉ tiêu: 01 vượt, 12 đạt …"."""
    return {s.sheet for s in catalog.sheets
            if s.section == TARGETS_SECTION or any(map(_source_of, s.indicators))}


def compute(data: WorkbookData, catalog, policy: Policy | None = None) -> ComputeResult:
    policy = policy or policy_from(catalog.settings)
    share = policy.share_of_year(data.info.get("ky_bao_cao"))
    state = derive(data, catalog)
    sheet_bases = {s.sheet: tuple(b.key for b in s.plan_bases) for s in catalog.sheets}
    out, groups = _group_rows(data.rows, state.values, policy, share, sheet_bases)
    # Only the rows that show their share need their parent's actual.
    parent_actual = _parent_actuals([i for g in groups if g.show_share for i in g.rows], data, state, catalog)
    for group in groups:
        _compute_group(group, data.rows, state.values, parent_actual)
    _evaluate_targets(data.rows, groups, state, catalog)
    indicators = _Indicators(data.rows, out, groups, state.targets)
    result = _Result(indicators=indicators, summary=summarize(data, indicators, catalog))
    # validate() reuses both instead of deriving, grouping and reading the columns again.
    result.derived = state
    result.groups = groups
    return result


class _Result(ComputeResult):
    """A ComputeResult that also carries the derived values it was computed from, and the groups of
    rows it was computed in, with their columns (formulas.validation checks a group a column at a
    time: same _shape, same per-row rules)."""

    __slots__ = ("derived", "groups")


_GROUP_COLUMN = {"pct_same_period": "pct_same", "change": "changes", "share": "shares", "evaluation": "evaluations",
                 "values": "values"}  # ComputedIndicator field -> _Group column


class _Indicators(Sequence):
    """compute()'s ComputedIndicators in row order, each made from its group's columns when first
    read (then kept: the same object on every read). validate() reads only the rows it reports on,
    so a province's 100,000 rows cost no 100,000 objects (and no collector passes over them) until a
    door or the report asks for all of them; iterating makes them all at once, a group at a time."""

    __slots__ = ("_rows", "_items", "_groups", "_group_of", "_pos_of", "_inherited")

    def __init__(self, rows: list[IndicatorRow], items: list, groups: list[_Group], inherited: dict | None = None):
        self._rows, self._items, self._groups = rows, items, groups  # items: the text rows filled in
        self._inherited = inherited or {}  # row -> targets stated on its source row (Derived.targets)
        self._group_of = self._pos_of = None  # row -> its group and place in it, on first need

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._items)))]
        item = self._items[i]
        if item is None:
            if self._group_of is None:
                self._index()
            group, pos = self._group_of[i], self._pos_of[i]
            stating = group.stating
            item = self._items[i] = ComputedIndicator(
                self._rows[group.rows[pos]], group.values[pos], stating,
                {b: col[pos] for b, col in zip(stating.bases, group.pct_columns)}, group.pct_same[pos],
                group.changes[pos], group.shares[pos], group.evaluations[pos],
                self._inherited.get(group.rows[pos]) if self._inherited else None)
        return item

    def __iter__(self):
        if None in self._items:
            self._make_all()
        return iter(self._items)

    def __eq__(self, other) -> bool:
        if isinstance(other, (list, tuple, Sequence)) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        return repr(list(self))

    @property
    def rows(self) -> list[IndicatorRow]:
        """The rows the results are of (result.indicators[i].row is rows[i])."""
        return self._rows

    def column(self, attr: str, basis: str | None = None) -> list:
        """One result of every row in row order, read from the groups' columns without making the
        rows' objects: attr is a ComputedIndicator field; "pct_plan" with a basis gives that basis's %
        (None where the row has no such basis, as ComputedIndicator.pct_plan.get(basis))."""
        out = [None] * len(self._items)  # text rows: no figures
        for group in self._groups:
            if attr == "pct_plan":
                bases = group.stating.bases
                if basis not in bases:
                    continue
                col = group.pct_columns[bases.index(basis)]
            else:
                col = getattr(group, _GROUP_COLUMN[attr])
            list(map(out.__setitem__, group.rows, col))
        return out

    def _index(self) -> None:
        n = len(self._items)
        group_of, pos_of = [None] * n, [0] * n
        for group in self._groups:  # (setitem mapped in C: a province's rows without a Python loop)
            list(map(group_of.__setitem__, group.rows, repeat(group)))
            list(map(pos_of.__setitem__, group.rows, range(len(group.rows))))
        self._group_of, self._pos_of = group_of, pos_of

    def _make_all(self) -> None:
        items, rows = self._items, self._rows
        for g in self._groups:
            made = map(ComputedIndicator, map(rows.__getitem__, g.rows), g.values, repeat(g.stating),
                       _dicts(g.stating.bases, g.pct_columns, len(g.rows)), g.pct_same, g.changes, g.shares,
                       g.evaluations)
            for idx, item in zip(g.rows, made):
                if items[idx] is None:  # one already read stays the same object
                    items[idx] = item
        for idx, stated in self._inherited.items():
            items[idx].inherited_targets = stated


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
                 "values", "actuals", "pct_columns", "pct_same", "changes", "shares", "evaluations")

    def __init__(self, stating: Stating, thresholds: tuple, better: str, year_end: bool, is_rate: bool,
                 show_share: bool, shared: bool = True):
        self.stating, self.thresholds, self.better = stating, thresholds, better
        self.year_end, self.is_rate, self.show_share = year_end, is_rate, show_share
        self.shared = shared  # rows of one catalog _shape (False: a custom row's own group)
        self.rows: list[int] = []  # row indices
        # Filled by _compute_group, per row of the group: the numbers (typed or derived), the actual
        # (unrounded), the stated % of each plan basis (stating.bases order) and of the same period,
        # the change, the share and the evaluation (_Indicators makes the rows' results from them).
        self.values: list[dict] = []
        self.actuals: list = []
        self.pct_columns: list[list] = []
        self.pct_same: list = []
        self.changes: list = []
        self.shares: list = []
        self.evaluations: list = []


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
            bases = tuple(b for b in sheet_bases.get(row.sheet, ())
                          if v.get(b) is not None or (row.targets and b in row.targets))
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
                   parent_actual: dict) -> None:
    """The figures of one group's rows, a column at a time, kept on the group. The arithmetic is formulas.ratios'
    (percent, change) and the rounding formulas.rounding.stated, written inline since this runs for
    every row of a province's consolidated workbook: `y if (y := quantize(x, q)) else abs(y)` never
    states "-0,00". Only what the patch, the checks and the counts need is computed here; the figures
    only a sentence states are ComputedIndicator properties (formulas.results). validate() reads the
    group's numbers, actuals and % columns too."""
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
    group.changes, group.shares, group.evaluations = changes, shares, evaluations


_targets_of = attrgetter("targets")


def group_codes(catalog) -> list[str]:
    """Codes of the targets judged by their members (`evaluate: group`, e.g. cơ cấu kinh tế)."""
    return [c for c, ind in catalog.by_code.items() if ind.evaluate == "group"] if catalog is not None else []


def _evaluate_targets(rows: list[IndicatorRow], groups: list[_Group], state: Derived, catalog) -> None:
    """The evaluations _compute_group cannot make a column at a time: rows whose plan cell states a
    range, an inequality or a verdict (formulas.targets; their % of plan stays None), then the
    targets judged by their members. Rows without either (a province's usual rows) cost one look-up."""
    targeted = list(compress(range(len(rows)), map(_targets_of, rows)))
    if state.targets:  # main targets stating no plan of their own take their source's
        targeted = sorted({*targeted, *state.targets})
    parents = [(code, i) for code in group_codes(catalog) if (i := state.first.get(code)) is not None]
    if not targeted and not parents:
        return
    wanted = set(targeted)
    for code, i in parents:
        wanted.add(i)
        wanted.update(state.children.get(code, ()))
    where = {}
    for group in groups:
        for pos, i in enumerate(group.rows):
            if i in wanted:
                where[i] = (group, pos)
    for i in targeted:
        if i not in where:  # a text row
            continue
        group, pos = where[i]
        group.evaluations[pos] = _row_target_evaluation(group, pos, state.targets_of(i))
    for code, i in parents:
        if i not in where:
            continue
        group, pos = where[i]
        own = rows[i].targets or {}
        if any(t.kind == VERDICT for t in own.values()):
            continue  # the verdict the office stated on the group's own row stands
        members = [where[k] for k in state.children.get(code, ()) if k in where]
        group.evaluations[pos] = group_verdict(g.evaluations[p] for g, p in members)


def _row_target_evaluation(group: _Group, pos: int, targets: dict) -> str | None:
    """The evaluation against the first basis that gives one, as _compute_group's, where a basis
    stating a target is judged by formulas.targets with the stated actual."""
    stating = group.stating
    if group.year_end and not any(t.kind == VERDICT for t in targets.values()):
        return CUOI_NAM
    actual = stating.figure(group.actuals[pos])
    for basis, threshold, pcts in zip(stating.bases, group.thresholds, group.pct_columns):
        target = targets.get(basis)
        if target is not None:
            verdict = evaluate_target(target, actual, group.better, threshold)
        else:
            pct = pcts[pos]
            verdict = None if pct is None else evaluate(pct, group.better, threshold)
        if verdict is not None:
            return verdict
    return None


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
    # Without a main-targets sheet (a province's commune sheets) there is no target to count. Only
    # the target sheets' results are read (computed is in data.rows order; _Indicators makes them).
    rows = data.rows
    # The members of a target judged by its members (cơ cấu kinh tế) count as that one target.
    judged_by_members = group_codes(catalog) if sheets else ()
    present = {r.code for r in rows if r.sheet in sheets} if judged_by_members else set()
    members = {i.code for c in judged_by_members if c in present for i in catalog.children(c)}
    for item in (computed[i] for i, row in enumerate(rows) if row.sheet in sheets) if sheets else ():
        row = item.row
        if row.sheet not in sheets or (row.indicator is not None and row.indicator.is_text):
            continue
        if row.code is None and not row.name:
            continue
        if members and row.code in members:
            continue
        summary.targets_total += 1
        if item.evaluation:
            summary.targets[item.evaluation] = summary.targets.get(item.evaluation, 0) + 1
        elif item.actual is not None:  # a province that has not typed its own plans yet, say
            summary.targets_without_plan += 1
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
