from decimal import Decimal as D

import pytest

from formulas.evaluation import evaluate, threshold_for
from formulas.results import DAT, KHONG_DAT, VUOT


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


def test_a_column_is_evaluated_as_each_percentage_alone():
    from formulas.evaluation import evaluate_column
    pcts = [None] + [D(x) for x in ("-5", "0", "49.99", "50", "62.83", "99.99", "100", "100.01", "350")]
    for better in ("higher", "lower"):
        for threshold in (D(100), D(50), D("62.83"), D(120)):
            assert evaluate_column(pcts, better, threshold) == [evaluate(p, better, threshold) for p in pcts]
