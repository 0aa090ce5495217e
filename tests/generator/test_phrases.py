"""Text helpers of the facts: achieved over plan, one sentence's ends, a name in mid-sentence."""
from decimal import Decimal as D

from generator.phrases import cham_cau, dat_tren, pct, viet_thuong_dau


def test_small_helpers():
    assert pct(D("45.30")) == "45,3%" and pct(None) == ""
    assert dat_tren(D("1990.48"), D("1979.00"), "ha") == "1.990,48/1.979 ha"
    assert dat_tren(D("17.28"), None, "ha") == "17,28 ha"
    assert dat_tren(D("98.1"), D("98"), "%") == "98,1/98%"
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
