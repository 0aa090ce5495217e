from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from formulas.ratios import change_from_percent, change_in_points, percent, ratio_of_sums, remaining

amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=Decimal("0.01"), max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


def test_percent_and_missing_or_zero_basis():
    assert percent(Decimal("256812"), Decimal("225000")).quantize(Decimal("0.01")) == Decimal("114.14")
    assert percent(Decimal(1), Decimal(0)) is None
    assert percent(None, Decimal(1)) is None and percent(Decimal(1), None) is None


def test_change_and_remaining():
    assert change_from_percent(Decimal("96.27")) == Decimal("-3.73")
    assert change_from_percent(None) is None
    assert change_in_points(Decimal("6.78"), Decimal("8.29")) == Decimal("-1.51")
    assert remaining(Decimal(10), Decimal(4)) == 6


@given(st.lists(st.tuples(amounts, positive), min_size=1, max_size=30))
def test_ratio_of_sums_equals_recomputation(pairs):
    nums, dens = zip(*pairs)
    assert ratio_of_sums(nums, dens) == sum(nums) * 100 / sum(dens)


def test_ratio_of_sums_is_not_the_mean_of_ratios():
    # 1/1 = 100% and 1/99 ≈ 1%: the aggregate is 2/100 = 2%, not the mean ≈ 50,5%
    assert ratio_of_sums([Decimal(1), Decimal(1)], [Decimal(1), Decimal(99)]) == Decimal(2)


def test_ratio_of_sums_skips_pairs_with_a_missing_side():
    assert ratio_of_sums([Decimal(1), None], [Decimal(4), Decimal(100)]) == Decimal(25)
    assert ratio_of_sums([None], [Decimal(1)]) is None
