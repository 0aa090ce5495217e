"""Plain functions behind the Excel custom functions (addin/ decorates them for each xlwings host).

Staff can use them in their own formulas: =KTXH_TY_LE(F6;E6) gives the same 100,58 the report
states, because they go through the same exact arithmetic and the one rounding rule as the
calculator. Arguments and results are what Excel passes: floats (or None for an empty cell) and
text; a figure that cannot be computed (empty cell, zero plan) gives None, an empty cell in Excel.
"""
from __future__ import annotations

from decimal import Decimal

from formulas.evaluation import HUNDRED, evaluate
from formulas.ratios import change_from_percent, change_in_points, percent
from formulas.rounding import HALF_UP, round_value, to_decimal, to_float


def _num(value: object) -> Decimal | None:
    if isinstance(value, str):
        from formulas.vn_numbers import parse_text_number  # "1.990,48" typed as text in a cell

        parsed = parse_text_number(value)
        return parsed.value if parsed is not None else None
    return to_decimal(value)


def _decimals(value: object, default: int = 2) -> int:
    d = to_decimal(value)
    return default if d is None else max(0, min(int(d), 10))


def ratio_to_plan(actual: float | None, plan: float | None, decimals: float | None = 2,
                  rounding: str = HALF_UP) -> float | None:
    """actual / plan × 100, rounded once: ratio_to_plan(1990.48, 1979) -> 100.58."""
    return to_float(round_value(percent(_num(actual), _num(plan)), _decimals(decimals), rounding))


def ratio_to_same_period(actual: float | None, same_period: float | None, decimals: float | None = 2,
                         rounding: str = HALF_UP) -> float | None:
    """actual / same period × 100 ("bằng 96,27% so với cùng kỳ")."""
    return ratio_to_plan(actual, same_period, decimals, rounding)


def change_vs_same_period(actual: float | None, same_period: float | None, is_rate: object = False,
                          decimals: float | None = 2, rounding: str = HALF_UP) -> float | None:
    """Change against the same period: the stated % minus 100 for amounts and counts ("tăng 21,09%");
    for a rate (is_rate true), the difference in percentage points ("giảm 1,51 điểm %")."""
    d = _decimals(decimals)
    a, s = _num(actual), _num(same_period)
    if _truthy(is_rate):
        return to_float(change_in_points(round_value(a, d, rounding), round_value(s, d, rounding)))
    return to_float(change_from_percent(round_value(percent(a, s), d, rounding)))


def evaluation(actual: float | None, plan: float | None, better: str = "higher",
               threshold: float | None = 100, decimals: float | None = 2, rounding: str = HALF_UP) -> str | None:
    """"Vượt" / "Đạt" / "Không đạt" of actual against plan; `threshold` is the % at which a result is
    đạt (50 for a 6-month report against a year plan); better="lower" for a ceiling (hộ nghèo).
    A plan stated as a range, an inequality or a verdict ("8,5 - 9", "dưới 2", "Đạt") is judged as
    the calculator judges it (formulas.targets)."""
    limit = to_decimal(threshold)
    limit = HUNDRED if limit is None else limit
    direction = "lower" if str(better).strip().lower() in ("lower", "thấp", "giảm") else "higher"
    if isinstance(plan, str) and _num(plan) is None:
        from formulas.targets import evaluate_target, parse_target

        target = parse_target(plan)
        return None if target is None else evaluate_target(target, _num(actual), direction, limit)
    stated = round_value(percent(_num(actual), _num(plan)), _decimals(decimals), rounding)
    return evaluate(stated, direction, limit)


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "có", "co", "x", "rate", "tỷ lệ", "ty le")
    return bool(value)


__all__ = ["ratio_to_plan", "ratio_to_same_period", "change_vs_same_period", "evaluation"]
