"""Generated sentences: one per indicator, by its catalog pattern, mentioning only what exists."""
from datetime import date
from decimal import Decimal as D

import pytest

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


def test_summary_tells_a_result_without_a_plan_from_no_figure():
    """A consolidated province before it types its own plans: the results are there, the plans are not."""
    text = summary_sentences(15, {"Đạt": 2}, 0, 0, {}, P, targets_without_plan=10)[0]
    assert text.endswith("trong đó có 02 chỉ tiêu đạt kế hoạch, 10 chỉ tiêu chưa có kế hoạch để đánh giá, "
                         "03 chỉ tiêu chưa có số liệu để đánh giá.")


def test_phrase_fields_plan_estimate_and_level():
    from generator.sentences import fill_phrase
    period = Period(ky="6 tháng đầu năm", nam="2023", cap="huyện")
    v = IndicatorView(code="NQ08.MOI", name="Số chủ thể được hỗ trợ mới", unit="chủ thể", kind="count",
                      pattern="dat_tren_ke_hoach", phrase="có {value}/{plan} chủ thể được hỗ trợ mới",
                      actual=D(9), plans=[plan("kh_nam", "KH năm", "kế hoạch", "10", "90")])
    assert fill_phrase(v, period) == "có 09/10 chủ thể được hỗ trợ mới"
    assert fill_phrase(_replace(v, plans=[]), period) == "có 09 chủ thể được hỗ trợ mới"  # no "/{plan}" left
    firms = IndicatorView(code="DN.TLM", name="Số doanh nghiệp thành lập mới", unit="doanh nghiệp", kind="count",
                          phrase="{uoc}thành lập mới {value} doanh nghiệp", actual=D(45), is_estimate=True,
                          same_period=D(21), pct_same_period=D("214.29"), change=D("114.29"), change_unit="%")
    # an estimate says "ước" and belongs to the whole period; a counted value says "đã"
    assert sentence(firms, period, opening=1) == (
        "Trong 6 tháng đầu năm 2023, ước thành lập mới 45 doanh nghiệp, tăng 114,29% so với cùng kỳ.")
    assert sentence(_replace(firms, is_estimate=False), period).startswith("Trong 6 tháng đầu năm 2023, đã thành lập mới")
    team = IndicatorView(code="NTM.D", name="Đoàn do UBND tổ chức", unit="đoàn", kind="count", pattern="so_luong",
                         phrase="UBND {cap} đã tổ chức {value} đoàn kiểm tra", actual=D(1))
    assert sentence(team, period) == "UBND huyện đã tổ chức 01 đoàn kiểm tra."


def test_rate_exactly_on_target_is_not_said_twice():
    v = IndicatorView(code="YT.CT", name="Tỷ lệ chất thải y tế được xử lý", unit="%", kind="rate", pattern="ty_le",
                      actual=D(100), is_estimate=True, plans=[plan("kh_nam", "KH năm", "kế hoạch", "100", "100")])
    assert sentence(v, P) == "Tỷ lệ chất thải y tế được xử lý ước đạt 100%, đạt kế hoạch đề ra."


def test_breakdown_of_a_stock_states_it():
    area = IndicatorView(code="GPMB.DT", name="Tổng diện tích đất thu hồi của các dự án", unit="ha", kind="area",
                         pattern="trong_do", decimals=2, actual=D("592.3"), is_estimate=True, cumulative=False,
                         children=[IndicatorView(code=None, name="Diện tích đang thực hiện", unit="ha", kind="area",
                                                 actual=D("379.49"))])
    assert sentence(area, P) == ("Tổng diện tích đất thu hồi của các dự án là 592,3 ha, trong đó: "
                                 "diện tích đang thực hiện 379,49 ha.")
    households = IndicatorView(code="GPMB.HO", name="Số hộ bị ảnh hưởng", unit="hộ", kind="count", pattern="trong_do",
                               actual=D(5212), children=[IndicatorView(
                                   code=None, name="Hộ, tổ chức thuộc diện tích đang thực hiện", unit="hộ",
                                   kind="count", actual=D(3439))])
    assert sentence(households, P).endswith("trong đó: 3.439 hộ, tổ chức thuộc diện tích đang thực hiện.")


def test_sector_breakdown_keeps_each_sector_plan_and_share():
    sector = lambda name, val, pct, share: IndicatorView(
        code=None, name=name, unit="triệu đồng", actual=D(val), share=D(share),
        plans=[plan("kh_nam", "KH năm", "kế hoạch", "1169400", pct)])
    total = IndicatorView(code="GTSX.TONG", name="Tổng giá trị sản xuất (giá so sánh)", unit="triệu đồng",
                          pattern="trong_do", actual=D(3533615), is_estimate=True,
                          plans=[plan("kh_nam", "KH năm", "kế hoạch", "6804100", "51.93")],
                          children=[sector("Nông, lâm nghiệp và thủy sản", 634689, "54.27", "17.96")])
    assert sentence(total, P) == (
        "Tổng giá trị sản xuất (giá so sánh) ước đạt 3.533.615 triệu đồng, đạt 51,93% so với kế hoạch, trong đó: "
        "nông, lâm nghiệp và thủy sản 634.689 triệu đồng (đạt 54,27% so với kế hoạch, chiếm tỷ trọng 17,96%).")


def test_disbursement_sub_sources_say_the_period_once():
    total = IndicatorView(code="DTC.GN", name="Giải ngân vốn đầu tư công (nguồn NSNN)", unit="triệu đồng",
                          pattern="giai_ngan", actual=D(73417), is_estimate=True,
                          plans=[plan("kh_von", "KH vốn", "kế hoạch", "144049", "50.97")])
    assert sentence(total, P) == ("Vốn đầu tư công (nguồn NSNN): ước giải ngân trong 6 tháng đầu năm 2023 là "
                                  "73.417/144.049 triệu đồng, đạt 50,97% kế hoạch vốn giao.")
    sub = _replace(total, code="X.DT", name="Vốn đầu tư", level=1)
    assert sentence(sub, P) == "Vốn đầu tư: ước giải ngân 73.417/144.049 triệu đồng, đạt 50,97% kế hoạch vốn giao."
    # with a to-date figure the estimate keeps its period, to tell the two apart
    assert "ước giải ngân trong 6 tháng đầu năm 2023 là" in sentence(_replace(sub, to_date=D(60000)), P)


def test_predicate_clause_keeps_its_comparisons():
    from generator.sentences import clause
    firms = IndicatorView(code="DN.TLM", name="Số doanh nghiệp thành lập mới", unit="doanh nghiệp", kind="count",
                          phrase="{uoc}thành lập mới {value} doanh nghiệp", actual=D(45), is_estimate=True,
                          change=D("114.29"), change_unit="%")
    assert clause(firms, P) == "ước thành lập mới 45 doanh nghiệp, tăng 114,29% so với cùng kỳ"


def test_counts_never_read_00():
    from generator.context import findings_note
    from formulas.findings import ERROR, WARNING, Finding
    out = summary_sentences(3, {"Vượt": 0, "Đạt": 3, "Không đạt": 0}, 0, 2, {"Hoàn thành": 2, "Đang thực hiện": 0}, P)
    assert out[0].endswith("trong đó có 03 chỉ tiêu đạt kế hoạch.") and out[1].endswith("trong đó 02 nhiệm vụ hoàn thành.")
    assert all("00" not in s for s in out)
    errors_only = [Finding(rule="r", severity=ERROR, sheet="Ngân sách", cell="F10", code=None, message="m")]
    assert "còn 01 lỗi:" in findings_note(errors_only) and "00" not in findings_note(errors_only)
    warnings_only = [Finding(rule="r", severity=WARNING, sheet="Y tế", cell="F9", code=None, message="m")] * 12
    assert "còn 12 cảnh báo:" in findings_note(warnings_only)


# ---------------------------------------------------------------- the comparisons, as _cau.j2 words them


def _stock(**kw):
    base = dict(code="X.H", name="Số hộ nghèo", unit="hộ", kind="count", pattern="so_luong", actual=D(1344))
    base.update(kw)
    return IndicatorView(**base)


@pytest.mark.parametrize("change, unit, expected", [
    (D("21.09"), "%", "tăng 21,09% so với cùng kỳ"),
    (D("-3.73"), "%", "giảm 3,73% so với cùng kỳ"),
    (D("0.00"), "%", "bằng cùng kỳ"),
    (D("-1.51"), "điểm %", "giảm 1,51 điểm phần trăm so với cùng kỳ"),
    (D("0.50"), "điểm %", "tăng 0,5 điểm phần trăm so với cùng kỳ"),
    (D("-300"), "hộ", "giảm 300 hộ so với cùng kỳ"),
])
def test_change_against_the_same_period(change, unit, expected):
    v = _stock(pattern="ket_qua", kind="amount", change=change, change_unit=unit)
    assert sentence(v, P) == f"Số hộ nghèo đạt 1.344 hộ, {expected}."


def test_no_change_figure_says_nothing_of_the_same_period():
    assert sentence(_stock(pattern="ket_qua", kind="amount"), P) == "Số hộ nghèo đạt 1.344 hộ."


def test_ratio_or_change_by_pattern_and_by_reference():
    # the crop pattern states the ratio; a rate always its change in points, whatever the pattern prefers
    crop = rice(plans=[])
    assert sentence(crop, P).endswith("bằng 96,27% so với cùng kỳ.")
    rate = rice(plans=[], unit="%", kind="rate", actual=D("72"), change=D("-1.51"), change_unit="điểm %",
                pct_same_period=None)
    assert sentence(rate, P).endswith("giảm 1,51 điểm phần trăm so với cùng kỳ.")
    # another reference than the same period, as the catalog names it
    poor = _stock(pattern="ket_qua", kind="amount", change=D("-1.51"), change_unit="điểm %",
                  same_period_text="so với cuối năm trước")
    assert sentence(poor, P).endswith("giảm 1,51 điểm phần trăm so với cuối năm trước.")
    assert sentence(rice(plans=[], same_period_text="so với cuối năm trước"), P).endswith(
        "bằng 96,27% so với cuối năm trước.")


def test_plan_comparisons():
    one = lambda pct: IndicatorView(code="X.A", name="Giá trị A", unit="triệu đồng", actual=D(5),
                                    plans=[plan("kh_nam", "KH năm", "kế hoạch", "5", pct)])
    assert sentence(one("54.27"), P) == "Giá trị A đạt 5 triệu đồng, đạt 54,27% so với kế hoạch."
    assert sentence(one("100.00"), P) == "Giá trị A đạt 5 triệu đồng, đạt 100% so với kế hoạch."
    assert sentence(one("112.00"), P) == "Giá trị A đạt 5 triệu đồng, vượt 12% kế hoạch."
