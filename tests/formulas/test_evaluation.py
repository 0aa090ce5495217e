from decimal import Decimal as D

import pytest

from formulas.evaluation import evaluate, evaluate_indicator, threshold_for
from formulas.results import CUOI_NAM, DAT, KHONG_DAT, VUOT


@pytest.mark.parametrize("pct, threshold, expected", [
    ("100.58", "100", VUOT), ("100", "100", DAT), ("99.99", "100", KHONG_DAT),
    ("50", "50", DAT), ("49.99", "50", KHONG_DAT), ("100", "50", VUOT), ("62.83", "50", DAT),
])
def test_higher_is_better(pct, threshold, expected):
    assert evaluate(D(pct), "higher", D(threshold)) == expected


@pytest.mark.parametrize("pct, expected", [("96.86", VUOT), ("100", DAT), ("104.31", KHONG_DAT)])
def test_lower_is_better_is_a_ceiling(pct, expected):
    assert evaluate(D(pct), "lower", D(50)) == expected


def test_nothing_to_evaluate():
    assert evaluate(None) is None


def test_thresholds():
    assert threshold_for("kh_nam", True, D(50), ("kh_ky",)) == 50
    assert threshold_for("kh_ky", True, D(50), ("kh_ky",)) == 100  # a season plan: 100%
    assert threshold_for("kh_nam", False, D(50), ("kh_ky",)) == 100  # a rate does not grow with time


def test_indicator_uses_first_declared_basis_with_a_value_and_year_end_policy():
    kw = dict(better="higher", cumulative=True, share_of_year=D(50), period_bases=("kh_ky",))
    stated = {"kh_ky": None, "kh_nam": D("62.83")}
    assert evaluate_indicator(stated, ("kh_ky", "kh_nam"), evaluate_at="period", **kw) == DAT
    assert evaluate_indicator({"kh_ky": D("99")}, ("kh_ky",), evaluate_at="period", **kw) == KHONG_DAT
    assert evaluate_indicator(stated, ("kh_nam",), evaluate_at="year_end", **kw) == CUOI_NAM
    kw["share_of_year"] = D(100)  # the year report evaluates year-end targets
    assert evaluate_indicator(stated, ("kh_nam",), evaluate_at="year_end", **kw) == KHONG_DAT
