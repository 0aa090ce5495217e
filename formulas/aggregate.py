"""The numbers compute and validate work on: the typed values plus those derived from other rows.

Derived only where a cell is empty, never over a typed value (a typed total that disagrees with
its parts is a finding, not something to overwrite):
- children_add_up parent: the sum of its children, column by column, when every child present in
  the workbook has that column;
- aggregate: recompute (a rate with numerator / denominator): numerator / denominator × 100;
- aggregate: weighted parent that children_add_up: Σ(child × child's weight) / Σ(child's weights),
  column by column, each child weighted by the value of its own `weight:` indicator in the same
  column; a child left blank is not counted (neither as zero nor in the weights);
- a main target with `source:`: the source indicator's result (and its plan / same period when the
  target row has none; a plan the source states as a range or an inequality goes to `targets`).

The rules themselves are plain functions of values keyed by anything (a child's code, or a unit in
a province's consolidation: unit -> value), so the consolidation reuses them: total (sum),
ratio_of_sums (recompute), weighted_mean (weighted), combine (by the catalog's rule name; "none"
gives nothing).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from formulas.model import WorkbookData
from formulas.ratios import percent, ratio_of_sums
from formulas.targets import satisfies

RESULT_COLUMNS = ("uoc_ky", "den_ngay")

Values = Mapping[object, Decimal | None] | Iterable[Decimal | None]


def _listed(values: Values) -> list:
    return list(values.values()) if isinstance(values, Mapping) else list(values)


def _paired(values: Values, other: Values) -> list[tuple]:
    """(value, other) pairs: by key for mappings (a key missing on one side is a blank), by position
    otherwise."""
    if isinstance(values, Mapping) and isinstance(other, Mapping):
        return [(v, other.get(k)) for k, v in values.items()]
    return list(zip(_listed(values), _listed(other)))


def total(values: Values, complete: bool = False) -> Decimal | None:
    """`sum`: the sum of the values given; blanks (None) are left out. None when none is given, or
    with complete=True when any is blank (a total that must not be stated from part of its parts)."""
    present = [v for v in _listed(values) if v is not None]
    if not present or (complete and len(present) != len(_listed(values))):
        return None
    return sum(present, Decimal(0))


def recomputed(numerators: Values, denominators: Values) -> Decimal | None:
    """`recompute`: Σ numerators / Σ denominators × 100 over the pairs with both sides (never the
    mean of the rates)."""
    pairs = _paired(numerators, denominators)
    return ratio_of_sums([n for n, _ in pairs], [d for _, d in pairs])


def weighted_mean(values: Values, weights: Values) -> Decimal | None:
    """`weighted`: Σ(value × weight) / Σ(weights) over the pairs with both a value and a weight (a blank
    value is not a zero, and its weight is not counted); None without any, or when the weights add up
    to zero."""
    pairs = [(v, w) for v, w in _paired(values, weights) if v is not None and w is not None]
    den = sum((w for _, w in pairs), Decimal(0))
    if not pairs or not den:
        return None
    return sum((v * w for v, w in pairs), Decimal(0)) / den


def counted(values: Values, condition) -> Decimal | None:
    """`count`: how many of the stated values meet the condition (a formulas.targets.Target: "≥ 1",
    "trên 50"); None when none was stated (no unit said anything is not a count of zero)."""
    stated = [v for v in (values.values() if isinstance(values, dict) else values) if v is not None]
    return Decimal(sum(1 for v in stated if satisfies(condition, v))) if stated else None


def combine(rule: str, values: Values = (), *, weights: Values = (), numerators: Values = (),
            denominators: Values = (), condition=None) -> Decimal | None:
    """One aggregation rule of the catalog (formulas.catalog.AGGREGATIONS) applied to plain values:
    sum -> total(values); recompute -> recomputed(numerators, denominators); weighted ->
    weighted_mean(values, weights); count -> counted(values, condition); none -> None (not
    aggregated: each unit states its own)."""
    if rule == "sum":
        return total(values)
    if rule == "recompute":
        return recomputed(numerators, denominators)
    if rule == "weighted":
        return weighted_mean(values, weights)
    if rule == "count":
        return counted(values, condition)
    if rule == "none":
        return None
    raise ValueError(f"cách tổng hợp '{rule}' không có")


@dataclass(slots=True)
class Derived:
    values: list[dict[str, Decimal]]  # per row, column key -> number (typed or derived)
    first: dict[str, int]  # code -> index of its first row
    children: dict[str, list[int]]  # parent code -> indices of rows whose indicator has that parent
    derived: list[set[str] | None]  # per row, the column keys that were derived (None: none)
    rows: list  # data.rows, for the rules that need a row's indicator
    needs: list[int]  # rows that derive from other rows (children, numerator / denominator, source)
    duplicates: list[int]  # rows whose code an earlier row already has
    # main targets whose plan cell is empty take the target their source row states ("8,5 - 9"):
    # row index -> {plan column: formulas.targets.Target}
    targets: dict[int, dict] = field(default_factory=dict)

    def targets_of(self, idx: int) -> dict | None:
        return self.rows[idx].targets or self.targets.get(idx)

    def actual(self, idx: int) -> Decimal | None:
        v = self.values[idx]
        a = v.get("uoc_ky")
        return a if a is not None else v.get("den_ngay")


def derive(data: WorkbookData, catalog=None) -> Derived:
    rows = data.rows
    # Rows are read as they are (a parsed row maps every number column, None when empty); a row
    # gets its own copy only when something is derived for it.
    values = [row.values for row in rows]
    first: dict[str, int] = {}
    children: dict[str, list[int]] = {}
    needs: list[int] = []
    duplicates: list[int] = []
    for idx, row in enumerate(rows):
        code = row.code
        is_first = code and first.setdefault(code, idx) == idx
        if code and not is_first:
            duplicates.append(idx)
        ind = row.indicator
        if ind is None:
            continue
        if ind.parent and is_first:  # duplicates are a finding, not a component
            children.setdefault(ind.parent, []).append(idx)
        if ind.children_add_up or ind.shares_add_up or ind.numerator or ind.source:
            needs.append(idx)  # shares_add_up: validation checks the parent against its children
    state = Derived(values, first, children, [None] * len(rows), rows, needs, duplicates)
    # 0 new, 1 in progress, 2 done; a row that derives nothing (no children to add, no numerator,
    # no source) starts done, so the recursion never visits a province's plain rows.
    done = bytearray(b"\x02") * len(rows)
    for idx in needs:
        done[idx] = 0
    for idx in needs:
        if not done[idx]:
            _derive_row(idx, data, state, done)
    return state


def _derive_row(idx: int, data: WorkbookData, state: Derived, done: bytearray) -> None:
    done[idx] = 1
    row = data.rows[idx]
    ind = row.indicator
    if ind is None or ind.is_text:
        done[idx] = 2
        return
    is_first = state.first.get(row.code) == idx
    kids = state.children.get(ind.code, ()) if (ind.children_add_up and is_first) else ()
    refs = [state.first.get(c) for c in (ind.numerator, ind.denominator, ind.source) if c]
    kid_weights = []  # for a weighted parent: per child, the row of its weight indicator
    if kids and ind.aggregate == "weighted":
        kid_weights = [state.first.get(w) if (w := state.rows[k].indicator.weight) else None for k in kids]
        refs += kid_weights
    for j in (*kids, *refs):
        if j is not None and not done[j]:
            _derive_row(j, data, state, done)
    typed = state.values[idx]
    new: dict[str, Decimal] = {}
    if kids and ind.aggregate == "sum":
        kid_values = [state.values[k] for k in kids]
        columns = set().union(*kid_values)
        for col in columns:
            if typed.get(col) is not None:
                continue
            parts = [p for v in kid_values if (p := v.get(col)) is not None]
            if len(parts) == len(kid_values):  # every child has the column
                new[col] = sum(parts, Decimal(0))
    if kids and ind.aggregate == "weighted":
        kid_values = [state.values[k] for k in kids]
        weight_values = [{} if w is None else state.values[w] for w in kid_weights]
        for col in set().union(*kid_values):
            if typed.get(col) is not None:
                continue
            pairs = [(v.get(col), w.get(col)) for v, w in zip(kid_values, weight_values)]
            if any(v is not None and w is None for v, w in pairs):
                continue  # a child without its weight: no average can be stated
            mean = weighted_mean([v for v, _ in pairs], [w for _, w in pairs])
            if mean is not None:
                new[col] = mean
    if ind.aggregate == "recompute" and ind.numerator and ind.denominator:
        n_idx, d_idx = state.first.get(ind.numerator), state.first.get(ind.denominator)
        if n_idx is not None and d_idx is not None:
            num, den = state.values[n_idx], state.values[d_idx]
            for col, n in num.items():
                if n is not None and typed.get(col) is None and col not in new:
                    pct = percent(n, den.get(col))
                    if pct is not None:
                        new[col] = pct
    if ind.source:
        s_idx = state.first.get(ind.source)
        if s_idx is not None and all(typed.get(c) is None for c in RESULT_COLUMNS):
            src = state.values[s_idx]
            wanted = (*RESULT_COLUMNS, "cung_ky") if ind.same_period else RESULT_COLUMNS
            own = row.targets or {}  # a target stated on the row itself ("trên 95") is its plan
            for col in (*wanted, *ind.plans):
                if typed.get(col) is None and col not in own and src.get(col) is not None:
                    new[col] = src[col]
            stated = state.rows[s_idx].targets
            if stated and not own:
                inherited = {c: t for c in ind.plans if typed.get(c) is None and (t := stated.get(c)) is not None}
                if inherited:
                    state.targets[idx] = inherited
    if new:
        state.values[idx] = {**typed, **new}
        state.derived[idx] = set(new)
    done[idx] = 2
