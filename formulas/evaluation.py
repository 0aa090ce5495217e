"""The evaluation vượt / đạt / không đạt / đánh giá cuối năm, by one declared policy.

Policy (catalog/_settings.yaml, formulas.settings):
- A period or season basis (KH vụ/kỳ) is compared at 100%.
- A year basis (KH năm, dự toán giao) in a period report: a cumulative indicator is "đạt" at the share
  of the year elapsed (50% for "6 tháng đầu năm") and "vượt" once it reaches 100% of the year target;
  a stock or a rate (cumulative: false) is compared at 100%, since it does not grow with time.
- Higher is better: vượt above 100% (or at 100% of a year target before year end), đạt from the
  threshold, otherwise không đạt. Lower is better (hộ nghèo, hồ sơ chậm hạn): the plan is a ceiling —
  vượt below 100%, đạt at 100%, không đạt above.
- Targets declared `evaluate: year_end` get "Đánh giá cuối năm" in any report before the year's end.
- An indicator is evaluated against the first plan basis it declares that has a stated % (KH vụ
  before KH năm; dự toán tỉnh giao before dự toán huyện giao) — formulas.compute.
The evaluation uses the *stated* (rounded) percentage, so the words always agree with the figure.
A plan stated as a range, an inequality or a verdict ("8,5 - 9 %", "dưới 2 %", "Đạt") is judged by
formulas.targets with the same threshold (no % of plan); a target made of members (`evaluate:
group`, cơ cấu kinh tế) is "Đạt" only where every member is (formulas.compute).
"""
from __future__ import annotations

from decimal import Decimal

from formulas.results import DAT, KHONG_DAT, VUOT

HUNDRED = Decimal(100)


def evaluate(stated_percent: Decimal | None, better: str = "higher", threshold: Decimal = HUNDRED) -> str | None:
    """Evaluate a stated % of plan; `threshold` is the % at which a higher-is-better result is đạt."""
    if stated_percent is None:
        return None
    if better == "lower":
        if stated_percent < HUNDRED:
            return VUOT
        return DAT if stated_percent == HUNDRED else KHONG_DAT
    if stated_percent > HUNDRED or (stated_percent == HUNDRED and threshold < HUNDRED):
        return VUOT
    return DAT if stated_percent >= threshold else KHONG_DAT


def evaluate_column(stated_percents: list, better: str = "higher", threshold: Decimal = HUNDRED) -> list:
    """evaluate() for each stated % of a column (None stays None), its comparisons written inline
    since it runs for every row of a province's consolidated workbook."""
    if better == "lower":
        return [None if p is None else VUOT if p < HUNDRED else DAT if p == HUNDRED else KHONG_DAT
                for p in stated_percents]
    early = threshold < HUNDRED  # 100% of a year target before the year's end is vượt
    return [None if p is None else VUOT if p > HUNDRED or (p == HUNDRED and early) else
            DAT if p >= threshold else KHONG_DAT for p in stated_percents]


def threshold_for(basis: str, cumulative: bool, share_of_year: Decimal, period_bases) -> Decimal:
    """The đạt threshold of one basis: 100% for a period basis or a non-cumulative indicator,
    else the share of the year elapsed."""
    if basis in period_bases or not cumulative:
        return HUNDRED
    return min(share_of_year, HUNDRED)
