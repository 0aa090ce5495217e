"""Vietnamese formatting filters: numbers, percents, counts, dates, units."""
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from hypothesis import given, strategies as st

from generator.vn_format import (dem, dia_danh_ngay, doi_don_vi, ngay_ngan, ngay_thang, phan_tram, so,
                                 so_dem, so_don_vi, ti_so, to_decimal)


@pytest.mark.parametrize("value, kwargs, expected", [
    (D("1990.48"), {}, "1.990,48"),
    (2027484, {}, "2.027.484"),
    (D("1979.00"), {}, "1.979,00"),
    (D("1979.00"), {"trim": True}, "1.979"),
    (D("45.30"), {"trim": True}, "45,3"),
    (D("0"), {}, "0"),
    (D("0.00"), {}, "0,00"),
    (D("-1234.5"), {}, "-1.234,5"),
    (D("-0.00"), {}, "0,00"),  # no "-0"
    (D("999.995"), {"decimals": 2}, "1.000,00"),  # half up carries into the thousands
    (D("1.005"), {"decimals": 2}, "1,01"),  # exact .5 rounds up (a float would give 1,00)
    (1.005, {"decimals": 2}, "1,01"),  # floats go through str(), not binary
    (D("-2.345"), {"decimals": 2}, "-2,35"),  # half up is away from zero
    (0.1 + 0.2, {"decimals": 2}, "0,30"),
    (D("123"), {"decimals": 0}, "123"),
    (D("1234567.891"), {}, "1.234.567,891"),
    (None, {}, ""),
    (None, {"default": "-"}, "-"),
    ("abc", {}, ""),
    ("1234.5", {}, "1.234,5"),
    (True, {}, ""),
    (float("nan"), {}, ""),
])
def test_so(value, kwargs, expected):
    assert so(value, **kwargs) == expected


@pytest.mark.parametrize("value, kwargs, expected", [
    (D("54.27"), {}, "54,27%"),
    (D("100.00"), {"trim": True}, "100%"),
    (D("45.30"), {"trim": True}, "45,3%"),
    (D("0"), {}, "0%"),
    (D("-3.73"), {}, "-3,73%"),
    (D("190.625"), {"decimals": 2}, "190,63%"),
    (None, {}, ""),
])
def test_phan_tram(value, kwargs, expected):
    assert phan_tram(value, **kwargs) == expected


@pytest.mark.parametrize("value, pad, expected", [
    (1, True, "01"), (9, True, "09"), (10, True, "10"), (0, True, "0"), (D("3"), True, "03"),
    (D("3.00"), True, "03"), (1741, True, "1.741"), (5, False, "5"), (D("2.5"), True, "2,5"),
    (-3, True, "-3"), (None, True, ""),
])
def test_so_dem(value, pad, expected):
    assert so_dem(value, pad=pad) == expected


def test_dem_and_ti_so():
    assert dem(1, "chỉ tiêu") == "01 chỉ tiêu"
    assert dem(12, "chỉ tiêu") == "12 chỉ tiêu"
    assert dem(1, "chỉ tiêu", pad=False) == "1 chỉ tiêu"
    assert dem(None, "chỉ tiêu") == ""
    assert ti_so(9, 10) == "09/10"
    assert ti_so(8, 19) == "08/19"
    assert ti_so(1287, 1741) == "1.287/1.741"
    assert ti_so(D("1990.48"), D("1979.00")) == "1.990,48/1.979"
    assert ti_so(D("17.28"), 30) == "17,28/30"
    assert ti_so(5, None) == "05"


def test_so_don_vi():
    assert so_don_vi(D("459.65"), "ha") == "459,65 ha"
    assert so_don_vi(D("72.0"), "%") == "72%"
    assert so_don_vi(D("6.78"), " % ") == "6,78%"
    assert so_don_vi(5, "chủ thể", count=True) == "05 chủ thể"
    assert so_don_vi(None, "ha") == ""


def test_doi_don_vi():
    assert doi_don_vi(D("3350"), "triệu đồng", "tỷ đồng") == D("3.35")
    assert doi_don_vi(D("233.5"), "triệu đồng", "tỷ đồng", 1) == D("0.2")  # 0,2335 -> 0,2
    assert doi_don_vi(D("0.25"), "tỷ đồng", "triệu đồng", 0) == D("250")
    assert doi_don_vi(None, "triệu đồng", "tỷ đồng") is None
    with pytest.raises(ValueError):
        doi_don_vi(1, "ha", "tỷ đồng")


@pytest.mark.parametrize("value, expected", [
    (date(2023, 7, 4), "ngày 04 tháng 7 năm 2023"),
    (date(2023, 2, 28), "ngày 28 tháng 02 năm 2023"),
    (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
    (date(2023, 3, 12), "ngày 12 tháng 3 năm 2023"),
    (date(2023, 12, 31), "ngày 31 tháng 12 năm 2023"),
    (datetime(2023, 7, 4, 9, 30), "ngày 04 tháng 7 năm 2023"),
    ("04/07/2023", "ngày 04 tháng 7 năm 2023"),
])
def test_ngay_thang(value, expected):
    assert ngay_thang(value) == expected


def test_dates_other_forms():
    assert dia_danh_ngay("Cao Lộc", date(2023, 7, 4)) == "Cao Lộc, ngày 04 tháng 7 năm 2023"
    assert dia_danh_ngay("Cao Lộc", None, 2023).startswith("Cao Lộc, ngày ")
    assert dia_danh_ngay("Cao Lộc", None, 2023).endswith("năm 2023")
    assert ngay_ngan(date(2023, 7, 4)) == "04/7/2023"
    assert ngay_ngan(date(2023, 2, 8)) == "08/02/2023"
    assert ngay_ngan(None) == ""


@given(st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False, allow_infinity=False))
def test_so_round_trips(value):
    text = so(value)
    back = D(text.replace(".", "").replace(",", "."))
    assert back == value
    assert " " not in text and "e" not in text.lower()


def test_to_decimal_rejects_junk():
    assert to_decimal("1,5") is None  # text parsing is the reader's job (formulas.vn_numbers)
    assert to_decimal(float("inf")) is None
    assert to_decimal(D("1.50")) == D("1.50")
