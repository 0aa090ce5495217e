"""Phrase helpers: the comparisons a report states."""
from decimal import Decimal as D

import pytest

from generator.phrases import (bang_cung_ky, cham_cau, dat_ke_hoach, dat_tren, so_voi_cung_ky, tang_giam,
                               uoc, viet_thuong_dau, vuot_ke_hoach)


def test_dat_ke_hoach():
    assert dat_ke_hoach(D("54.27")) == "đạt 54,27% so với kế hoạch"
    assert dat_ke_hoach(D("114.14"), "dự toán tỉnh giao", so_voi=False) == "đạt 114,14% dự toán tỉnh giao"
    assert dat_ke_hoach(D("100.00")) == "đạt 100% so với kế hoạch"
    assert dat_ke_hoach(None) == ""


def test_vuot_ke_hoach():
    assert vuot_ke_hoach(D("104.16")) == "vượt 4,16% kế hoạch"
    assert vuot_ke_hoach(D("112.00")) == "vượt 12% kế hoạch"
    assert vuot_ke_hoach(D("100.00")) == ""
    assert vuot_ke_hoach(D("99.99")) == ""
    assert vuot_ke_hoach(None) == ""


@pytest.mark.parametrize("change, unit, expected", [
    (D("21.09"), "%", "tăng 21,09% so với cùng kỳ"),
    (D("-3.73"), "%", "giảm 3,73% so với cùng kỳ"),
    (D("0.00"), "%", "bằng cùng kỳ"),
    (D("-1.51"), "điểm %", "giảm 1,51 điểm phần trăm so với cùng kỳ"),
    (D("0.50"), "điểm %", "tăng 0,5 điểm phần trăm so với cùng kỳ"),
    (D("-300"), "hộ", "giảm 300 hộ so với cùng kỳ"),
    (None, "%", ""),
])
def test_tang_giam(change, unit, expected):
    assert tang_giam(change, unit) == expected


def test_so_voi_cung_ky():
    assert bang_cung_ky(D("96.27")) == "bằng 96,27% so với cùng kỳ"
    assert so_voi_cung_ky(D("96.27"), D("-3.73"), "%", prefer="bang") == "bằng 96,27% so với cùng kỳ"
    assert so_voi_cung_ky(D("121.09"), D("21.09"), "%") == "tăng 21,09% so với cùng kỳ"
    # a rate always changes in percentage points, whatever the preference
    assert so_voi_cung_ky(None, D("-1.51"), "điểm %", prefer="bang") == "giảm 1,51 điểm phần trăm so với cùng kỳ"
    assert so_voi_cung_ky(None, None, None) == ""


def test_small_helpers():
    assert uoc("đạt", True) == "ước đạt"
    assert uoc("đạt", False) == "đạt"
    assert dat_tren(D("1990.48"), D("1979.00"), "ha") == "1.990,48/1.979 ha"
    assert dat_tren(D("17.28"), None, "ha") == "17,28 ha"
    assert dat_tren(None, D("1"), "ha") == ""
    assert cham_cau("tổng  thu đạt 5 triệu đồng,") == "Tổng thu đạt 5 triệu đồng."
    assert cham_cau("Xong.") == "Xong."
    assert viet_thuong_dau("Lúa Xuân") == "lúa Xuân"
    assert viet_thuong_dau("OCOP hạng 3 sao") == "OCOP hạng 3 sao"
    assert viet_thuong_dau("") == ""


def test_offices_and_bodies_keep_their_capital_in_mid_sentence():
    assert viet_thuong_dau("Chủ tịch UBND cấp xã tiếp") == "Chủ tịch UBND cấp xã tiếp"
    assert viet_thuong_dau("Ban Tiếp công dân tiếp") == "Ban Tiếp công dân tiếp"
    assert viet_thuong_dau("Bộ phận Một cửa UBND cấp xã") == "Bộ phận Một cửa UBND cấp xã"
    assert viet_thuong_dau("Ban hành văn bản") == "ban hành văn bản"  # a verb, not a body
    assert viet_thuong_dau("Lúa Xuân") == "lúa Xuân" and viet_thuong_dau("Công chức cấp xã tiếp") == "công chức cấp xã tiếp"


def test_same_period_comparison_can_name_another_reference():
    assert so_voi_cung_ky(None, D("-1.51"), "điểm %", what="so với cuối năm trước") == (
        "giảm 1,51 điểm phần trăm so với cuối năm trước")
    assert so_voi_cung_ky(D("96.27"), D("-3.73"), "%", prefer="bang", what="so với cuối năm trước") == (
        "bằng 96,27% so với cuối năm trước")
    assert so_voi_cung_ky(D("96.27"), D("-3.73"), "%", prefer="bang") == "bằng 96,27% so với cùng kỳ"
