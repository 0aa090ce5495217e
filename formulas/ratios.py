"""Exact ratio arithmetic: % of a basis, change against the same period, remaining, ratio of sums.

All functions take and return exact Decimals (unrounded) or None when a figure cannot be computed
(a missing value, a zero or missing basis). Rounding happens once, later (formulas.rounding).
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

HUNDRED = Decimal(100)
CHANGE_PERCENT, CHANGE_POINTS = "%", "điểm %"


def percent(value: Decimal | None, basis: Decimal | None) -> Decimal | None:
    """value / basis × 100; None when either is missing or the basis is zero."""
    if value is None or basis is None or not basis:
        return None
    return value * HUNDRED / basis


def change_from_percent(stated_percent: Decimal | None) -> Decimal | None:
    """Change of an amount or count against the same period: the stated % minus 100.

    Computed from the *stated* (already rounded) percentage, so "bằng 96,27%" and "giảm 3,73%"
    always agree in the same report.
    """
    return None if stated_percent is None else stated_percent - HUNDRED


def change_in_points(value: Decimal | None, same_period: Decimal | None) -> Decimal | None:
    """Change of a rate against the same period, in percentage points (6,78% vs 8,29% -> -1,51)."""
    if value is None or same_period is None:
        return None
    return value - same_period


def remaining(plan: Decimal | None, actual: Decimal | None) -> Decimal | None:
    """What is still to do to reach the plan (negative when the plan is exceeded)."""
    if plan is None or actual is None:
        return None
    return plan - actual


def ratio_of_sums(numerators: Iterable[Decimal | None], denominators: Iterable[Decimal | None]) -> Decimal | None:
    """A rate of an aggregate: Σ numerators / Σ denominators × 100, never the mean of the rates.

    Pairs where either side is missing are left out of both sums, so a unit that reported only one
    side does not distort the aggregate.
    """
    num = den = Decimal(0)
    seen = False
    for n, d in zip(numerators, denominators):
        if n is None or d is None:
            continue
        num += n
        den += d
        seen = True
    return percent(num, den) if seen else None
