from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formulas.rounding import HALF_UP, TRUNCATE, round_value, to_decimal, to_float

decimals_st = st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, allow_infinity=False, places=6)


@given(decimals_st, st.integers(0, 4), st.sampled_from([HALF_UP, TRUNCATE]))
def test_rounding_is_idempotent(x, d, mode):
    once = round_value(x, d, mode)
    assert round_value(once, d, mode) == once
    assert -once.as_tuple().exponent == d


@given(st.integers(-10**8, 10**8), st.integers(0, 4))
def test_exact_half_rounds_away_from_zero(n, d):
    # n + 0.5 units of the last kept digit: always up in magnitude
    x = (Decimal(n) + Decimal("0.5")).scaleb(-d)
    expected = (Decimal(n) + (1 if n >= 0 else 0)).scaleb(-d)
    assert round_value(x, d) == expected


@given(decimals_st, st.integers(0, 4))
def test_truncate_never_increases_magnitude_and_errs_by_less_than_a_unit(x, d):
    t = round_value(x, d, TRUNCATE)
    assert abs(t) <= abs(x)
    assert abs(x - t) < Decimal(1).scaleb(-d)


@given(decimals_st, st.integers(0, 4))
def test_half_up_is_within_half_a_unit(x, d):
    assert abs(round_value(x, d) - x) <= Decimal("0.5").scaleb(-d)


def test_known_cases():
    assert round_value(Decimal("100.575"), 2) == Decimal("100.58")
    assert round_value(Decimal("100.575"), 2, TRUNCATE) == Decimal("100.57")
    assert round_value(Decimal("-3.735"), 2) == Decimal("-3.74")
    assert round_value(Decimal("2.5"), 0) == 3  # not banker's rounding
    assert str(round_value(Decimal("-0.001"), 2)) == "0.00"  # never "-0,00"
    assert round_value(None, 2) is None
    with pytest.raises(ValueError):
        round_value(Decimal(1), 2, "bankers")


def test_no_binary_float_artefacts():
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal(1990.48) == Decimal("1990.48")
    assert to_decimal(float("nan")) is None and to_decimal(True) is None and to_decimal("1") is None
    assert repr(to_float(round_value(Decimal(1990.48) * 100 / Decimal(1979), 2))) == "100.58"


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_float_round_trip_is_exact(f):
    assert float(to_decimal(f)) == f


def test_to_floats_is_to_float_over_a_column():
    from formulas.rounding import to_floats

    column = [Decimal("100.58"), None, Decimal("-3.73"), Decimal("0.00")]
    assert to_floats(column) == [to_float(v) for v in column] == [100.58, None, -3.73, 0.0]
