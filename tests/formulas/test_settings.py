from decimal import Decimal

import pytest

from formulas.settings import policy_from
from formulas.catalog import load_catalog


def test_policy_from_the_shipped_settings():
    policy = policy_from(load_catalog().settings)
    assert policy.rounding == "half_up" and policy.percent_decimals == 2
    assert policy.share_of_year("6 tháng đầu năm") == 50
    assert policy.share_of_year("  6 THÁNG   đầu năm ") == 50
    assert policy.share_of_year("kỳ lạ") == 100 and not policy.knows_period("kỳ lạ")
    assert policy.plausible_percent_max == Decimal(300)
    assert policy.is_period_basis("kh_ky") and not policy.is_period_basis("kh_nam")


def test_truncate_and_bad_mode():
    assert policy_from({"rounding": "truncate"}).rounding == "truncate"
    with pytest.raises(ValueError, match="rounding"):
        policy_from({"rounding": "bankers"})
    assert policy_from(None).rounding == "half_up"
