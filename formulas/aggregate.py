"""The numbers compute and validate work on: the typed values plus those derived from other rows.

Derived only where a cell is empty, never over a typed value (a typed total that disagrees with
its parts is a finding, not something to overwrite):
- children_add_up parent: the sum of its children, column by column, when every child present in
  the workbook has that column;
- aggregate: recompute (a rate with numerator / denominator): numerator / denominator × 100;
- a main target with `source:`: the source indicator's result (and its plan / same period when the
  target row has none).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from formulas.model import WorkbookData
from formulas.ratios import percent

RESULT_COLUMNS = ("uoc_ky", "den_ngay")


@dataclass(slots=True)
class Derived:
    values: list[dict[str, Decimal]]  # per row, column key -> number (typed or derived)
    first: dict[str, int]  # code -> index of its first row
    children: dict[str, list[int]]  # parent code -> indices of rows whose indicator has that parent
    derived: list[set[str] | None]  # per row, the column keys that were derived (None: none)
    rows: list  # data.rows, for the rules that need a row's indicator
    needs: list[int]  # rows that derive from other rows (children, numerator / denominator, source)
    duplicates: list[int]  # rows whose code an earlier row already has

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
        if ind.children_add_up or ind.numerator or ind.source:
            needs.append(idx)
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
            for col in (*wanted, *ind.plans):
                if typed.get(col) is None and src.get(col) is not None:
                    new[col] = src[col]
    if new:
        state.values[idx] = {**typed, **new}
        state.derived[idx] = set(new)
    done[idx] = 2
