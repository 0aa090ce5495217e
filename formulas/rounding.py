"""The one rounding rule for every figure a report states.

Arithmetic is exact (Decimal); a figure is rounded once, at the end, to its declared decimals.
"half_up" rounds a tie away from zero (100,575 -> 100,58; -3,735 -> -3,74), as offices do by hand;
"truncate" drops the extra digits (toward zero), as some offices do. The mode comes from
catalog/_settings.yaml through formulas.settings.
"""
from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

HALF_UP, TRUNCATE = "half_up", "truncate"
MODES = {HALF_UP: ROUND_HALF_UP, TRUNCATE: ROUND_DOWN}

# Quantum per number of decimals, built once: Decimal("1E-2") for 2 decimals.
_QUANTA = {d: Decimal(1).scaleb(-d) for d in range(0, 13)}


def quantum(decimals: int) -> Decimal:
    return _QUANTA.get(decimals) or Decimal(1).scaleb(-decimals)


def round_value(value: Decimal | None, decimals: int, mode: str = HALF_UP) -> Decimal | None:
    """Round an exact Decimal to `decimals` places by the declared mode; None stays None."""
    if value is None:
        return None
    try:
        rounding = MODES[mode]
    except KeyError:
        raise ValueError(f"cách làm tròn '{mode}' không hợp lệ (half_up hoặc truncate)") from None
    result = value.quantize(quantum(decimals), rounding=rounding)
    return result if result else result.copy_abs()  # never state "-0,00"


def stated(value: Decimal | None, quantum_: Decimal, rounding: str) -> Decimal | None:
    """round_value with a prebuilt quantum and decimal-module rounding constant (MODES), for the
    calculator's inner loops; None stays None, and a rounded zero never reads "-0,00"."""
    if value is None:
        return None
    result = value.quantize(quantum_, rounding)
    return result if result else abs(result)


def to_decimal(value: object) -> Decimal | None:
    """A number from a door or an Excel formula to an exact Decimal, without binary-float artefacts.

    A float goes through its shortest repr (0.1 -> Decimal("0.1"), not 0.1000000000000000055…),
    which is the number the user typed or Excel displays at full precision. Text is not converted here
    (the parser handles Vietnamese text numbers); None, bool and text give None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return Decimal(repr(value))
    return None


def to_float(value: Decimal | None) -> float | None:
    """A rounded Decimal to the float a door writes: float("100.58") is exactly what Excel shows."""
    return None if value is None else float(value)


def to_floats(values: list[Decimal | None]) -> list[float | None]:
    """to_float over a whole column at once (a province's patch has half a million cells)."""
    return [None if v is None else float(v) for v in values]
