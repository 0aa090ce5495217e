"""Generated sentences: one per indicator, by its catalog pattern, mentioning only what exists."""
from datetime import date
from decimal import Decimal as D

from generator.sentences import IndicatorView, Period, PlanView, sentence, summary_sentences

P = Period(ky="6 tháng đầu năm", nam="2023", cut_off=date(2023, 5, 31))


def plan(key, label, text, value, pct, pct_to_date=None):
    return PlanView(key=key, label=label, text=text, plan=D(value) if value else None,
                    pct=D(pct) if pct else None, pct_to_date=D(pct_to_date) if pct_to_date else None)


def rice(**kw):
    base = dict(code="NN.LUA_XUAN", name="Lúa Xuân", unit="ha", kind="area", pattern="dat_tren_ke_hoach",
                decimals=2, actual=D("1990.48"), is_estimate=True,
                plans=[plan("kh_ky", "KH vụ/kỳ", "kế hoạch vụ", "1979.00", "100.58"),
                       plan("kh_nam", "KH năm", "kế hoạch năm", "4394.00", "45.30")],
                same_period=D("2067.60"), pct_same_period=D("96.27"), change=D("-3.73"), change_unit="%")
    base.update(kw)
    return IndicatorView(**base)


def test_spring_rice_sentence():
    assert sentence(rice(), P) == ("Lúa Xuân ước được 1.990,48/1.979 ha, bằng 100,58% kế hoạch vụ, "
                                   "45,3% kế hoạch năm, bằng 96,27% so với cùng kỳ.")


def test_without_plan_or_same_period_nothing_is_mentioned():
    text = sentence(rice(plans=[], same_period=None, pct_same_period=None, change=None, change_unit=None), P)
    assert text == "Lúa Xuân ước được 1.990,48 ha."
    assert "kế hoạch" not in text and "cùng kỳ" not in text


def test_counted_value_is_not_an_estimate():
    assert sentence(rice(is_estimate=False), P).startswith("Lúa Xuân được 1.990,48/1.979 ha")


def budget(**kw):
    base = dict(code="NS.THU", name="Tổng thu ngân sách nhà nước trên địa bàn", unit="triệu đồng",
                pattern="ngan_sach", actual=D("256812"), is_estimate=False,
                plans=[plan("du_toan_tren", "Dự toán tỉnh giao", "dự toán tỉnh giao", "225000", "114.14"),
                       plan("du_toan_cap", "Dự toán huyện giao", "dự toán huyện giao", "280000", "91.72")],
                same_period=D("134718"), pct_same_period=D("190.63"), change=D("90.63"), change_unit="%")
    base.update(kw)
    return IndicatorView(**base)


def test_budget_against_both_estimates():
    assert sentence(budget(), P) == (
        "Tổng thu ngân sách nhà nước trên địa bàn thực hiện 256.812 triệu đồng, đạt 114,14% dự toán tỉnh giao, "
        "đạt 91,72% dự toán huyện giao, tăng 90,63% so với cùng kỳ.")
    assert sentence(budget(is_estimate=True), P).startswith(
        "Tổng thu ngân sách nhà nước trên địa bàn ước thực hiện 256.812 triệu đồng")


def test_single_plan_above_100_reads_vuot():
    v = IndicatorView(code="X.A", name="Giá trị sản xuất ngành dịch vụ", unit="triệu đồng",
                      actual=D("871442"), is_estimate=True,
                      plans=[plan("kh_nam", "KH năm", "kế hoạch", "800000", "108.93")])
    assert sentence(v, P) == "Giá trị sản xuất ngành dịch vụ ước đạt 871.442 triệu đồng, vượt 8,93% kế hoạch."


def test_share_is_stated():
    v = IndicatorView(code="X.B", name="Giá trị sản xuất ngành nông, lâm nghiệp", unit="triệu đồng",
                      actual=D("634689"), is_estimate=False,
                      plans=[plan("kh_nam", "KH năm", "kế hoạch", "1169500", "54.27")], share=D("17.96"))
    assert sentence(v, P) == ("Giá trị sản xuất ngành nông, lâm nghiệp đạt 634.689 triệu đồng, "
                              "đạt 54,27% so với kế hoạch, chiếm tỷ trọng 17,96%.")


def test_rate_changes_in_percentage_points():
    v = IndicatorView(code="R.A", name="Tỷ lệ che phủ rừng", unit="%", kind="rate", pattern="ty_le",
                      actual=D("72.0"), plans=[plan("kh_nam", "KH năm", "kế hoạch", "70.2", "102.56")],
                      same_period=D("71.5"), change=D("0.5"), change_unit="điểm %")
    assert sentence(v, P) == ("Tỷ lệ che phủ rừng đạt 72%, đạt 102,56% so với kế hoạch, "
                              "tăng 0,5 điểm phần trăm so với cùng kỳ.")


def test_lower_is_better_rate():
    v = IndicatorView(code="LD.HO_NGHEO", name="Tỷ lệ hộ nghèo", unit="%", kind="rate", better="lower",
                      pattern="ty_le", actual=D("6.78"), is_estimate=True,
                      plans=[plan("kh_nam", "KH năm", "kế hoạch", "7.00", "96.86")],
                      same_period=D("8.29"), change=D("-1.51"), change_unit="điểm %", evaluation="Đạt")
    text = sentence(v, P)
    assert text == ("Tỷ lệ hộ nghèo ước còn 6,78%, đạt kế hoạch (kế hoạch không quá 7%), "
                    "giảm 1,51 điểm phần trăm so với cùng kỳ.")
    assert "96,86" not in text  # never "đạt 96,86% kế hoạch" for a figure that should stay low
    missed = sentence(_replace(v, evaluation="Không đạt", actual=D("7.5")), P)
    assert "chưa đạt kế hoạch" in missed


def _replace(v, **kw):
    from dataclasses import replace
    return replace(v, **kw)


def test_disbursement_to_date_and_estimate():
    v = IndicatorView(code="DT.NSTW", name="Ngân sách trung ương", unit="triệu đồng", pattern="giai_ngan",
                      actual=D("28667"), is_estimate=True, to_date=D("13340"),
                      plans=[plan("kh_nam", "KH vốn", "kế hoạch", "44278", "64.74", "30.13")])
    assert sentence(v, P) == (
        "Ngân sách trung ương: giải ngân đến hết ngày 31/5/2023 là 13.340/44.278 triệu đồng, đạt 30,13% "
        "kế hoạch vốn giao; ước giải ngân trong 6 tháng đầu năm 2023 là 28.667/44.278 triệu đồng, "
        "đạt 64,74% kế hoạch vốn giao.")


def test_phrase_predicate_gets_a_lead_in_and_padding():
    v = IndicatorView(code="CN.GPXD", name="Số giấy phép xây dựng được cấp", unit="giấy phép", kind="count",
                      pattern="so_luong", phrase="cấp {value} giấy phép xây dựng", actual=D("3"))
    assert sentence(v, P) == "Trong 6 tháng đầu năm 2023, đã cấp 03 giấy phép xây dựng."
    assert sentence(v, P, opening=1) == "Từ đầu năm đến nay, đã cấp 03 giấy phép xây dựng."


def test_trong_do_breakdown():
    child = lambda name, val: IndicatorView(code=None, name=name, unit="hồ sơ", kind="count", actual=D(val))
    parent = IndicatorView(code="CC.HS", name="Tổng số hồ sơ tiếp nhận", unit="hồ sơ", kind="count",
                           pattern="trong_do", actual=D("1741"),
                           children=[child("Đã giải quyết", "1691"), child("Đang giải quyết", "50")])
    parent.children[0].children = [child("Trước hạn", "744"), child("Chậm hạn", "34")]
    assert sentence(parent, P) == ("Tổng số hồ sơ tiếp nhận là 1.741 hồ sơ, trong đó: đã giải quyết 1.691 hồ sơ "
                                   "(trước hạn 744 hồ sơ, chậm hạn 34 hồ sơ); đang giải quyết 50 hồ sơ.")
    trees = IndicatorView(code="NN.CAY", name="Số cây trồng", unit="cây", kind="count", pattern="trong_do",
                          actual=D("548"), children=[
                              IndicatorView(code=None, name="Cây Vàng Anh", unit="cây", kind="count", actual=D(4))])
    assert sentence(trees, P) == "Số cây trồng là 548 cây, trong đó: 04 cây Vàng Anh."


def test_no_value_or_khong_pattern_gives_nothing():
    assert sentence(rice(actual=None), P) == ""
    assert sentence(rice(pattern="khong"), P) == ""


def test_summary_sentences():
    out = summary_sentences(15, {"Vượt": 1, "Đạt": 12, "Đánh giá cuối năm": 2}, 3, 12,
                            {"Hoàn thành": 11, "Chưa hoàn thành": 1}, P)
    assert out[0] == ("- Đối với các chỉ tiêu kinh tế - xã hội: Tổng số 15 chỉ tiêu phát triển kinh tế - xã hội "
                      "thực hiện 6 tháng đầu năm 2023, trong đó có 01 chỉ tiêu vượt kế hoạch, 12 chỉ tiêu đạt "
                      "kế hoạch, 02 chỉ tiêu thực hiện đánh giá cuối năm.")
    assert out[1] == ("- Đối với nhóm nhiệm vụ trọng tâm: Tổng số thực hiện 03 nhóm lĩnh vực, gồm 12 nhiệm vụ, "
                      "trong đó 11 nhiệm vụ hoàn thành, 01 nhiệm vụ chưa hoàn thành.")
    unpadded = Period(ky="6 tháng đầu năm", nam="2023", pad_counts=False)
    assert "1 chỉ tiêu vượt" in summary_sentences(15, {"Vượt": 1}, 0, 0, {}, unpadded)[0]
    assert summary_sentences(0, {}, 0, 0, {}, P) == []


def test_summary_names_the_targets_not_yet_judged():
    """An empty workbook: 15 targets, 2 judged only at year end, 13 without figures — the counts add up."""
    text = summary_sentences(15, {"Đánh giá cuối năm": 2}, 0, 0, {}, P)[0]
    assert text.endswith("trong đó có 02 chỉ tiêu thực hiện đánh giá cuối năm, "
                         "13 chỉ tiêu chưa có số liệu để đánh giá.")
    assert "chưa có số liệu" not in summary_sentences(15, {"Vượt": 1, "Đạt": 14}, 0, 0, {}, P)[0]
