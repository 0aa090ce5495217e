"""Sentences for plans stated as a range, an inequality or a verdict (formulas.targets)."""
from decimal import Decimal as D

import pytest

from formulas.results import DAT, DAT_MOT_PHAN, KHONG_DAT, VUOT
from generator.sentences import IndicatorView, Period, PlanView, sentence

PERIOD = Period(ky="6 tháng đầu năm", nam="2023")


def _view(target, evaluation, unit="%", kind="rate", better="higher", pattern="ty_le", actual="9.2"):
    return IndicatorView(code="X.Y", name="Tốc độ tăng trưởng kinh tế", unit=unit, kind=kind, better=better,
                         pattern=pattern, actual=D(actual), is_estimate=True, evaluation=evaluation,
                         plans=[PlanView("kh_nam", "KH năm", "kế hoạch năm", None, None, None, target=target)])


@pytest.mark.parametrize("target, evaluation, better, expected", [
    ("8,5 - 9%", VUOT, "higher", "Tốc độ tăng trưởng kinh tế ước đạt 9,2%, vượt mục tiêu 8,5 - 9%."),
    ("8,5 - 9%", DAT, "higher", "Tốc độ tăng trưởng kinh tế ước đạt 9,2%, đạt mục tiêu 8,5 - 9%."),
    ("8,5 - 9%", KHONG_DAT, "higher", "Tốc độ tăng trưởng kinh tế ước đạt 9,2%, chưa đạt mục tiêu 8,5 - 9%."),
    ("dưới 2%", DAT, "lower", "Tốc độ tăng trưởng kinh tế ước còn 9,2%, đạt mục tiêu dưới 2%."),
    ("dưới 2%", KHONG_DAT, "lower",
     "Tốc độ tăng trưởng kinh tế ước còn 9,2%, chưa đạt mục tiêu dưới 2%."),
    ("trên 95%", None, "higher", "Tốc độ tăng trưởng kinh tế ước đạt 9,2%, mục tiêu trên 95%."),
    ("verdict", DAT_MOT_PHAN, "higher", "Tốc độ tăng trưởng kinh tế ước đạt 9,2%, đạt một phần kế hoạch."),
])
def test_target_sentences(target, evaluation, better, expected):
    assert sentence(_view(target, evaluation, better=better), PERIOD) == expected


def test_target_in_an_achieved_over_plan_sentence():
    v = _view("800 - 850 ha", DAT, unit="ha", kind="area", pattern="dat_tren_ke_hoach", actual="820")
    assert sentence(v, PERIOD) == "Tốc độ tăng trưởng kinh tế ước được 820 ha, đạt mục tiêu 800 - 850 ha."
