"""formulas.audit.claims / quantities: what is read from a paragraph of a hand-typed report."""
from __future__ import annotations

from decimal import Decimal

from formulas.audit import claims as C
from formulas.audit.claims import Paragraph, extract_claims, extract_document
from formulas.audit.quantities import find_quantities


def _claims(text: str, kind: str | None = None):
    found = extract_claims(Paragraph(1, text))
    return [c for c in found if kind is None or c.kind == kind]


def _shown(claim):
    return [q.shown if q else None for q in claim.inputs]


# ---- quantities --------------------------------------------------------------------------------
def test_units_and_multipliers_are_read_with_the_printed_digits():
    qs = find_quantities("dư nợ 3,35 tỷ đồng, hỗ trợ 53,9 triệu đồng, khách 1.000 nghìn lượt người, 17,28ha")
    assert [(q.value, q.unit, q.amount) for q in qs] == [
        (Decimal("3.35"), "đồng", Decimal("3350000000")), (Decimal("53.9"), "đồng", Decimal("53900000")),
        (Decimal("1000"), "lượt người", Decimal("1000000")), (Decimal("17.28"), "ha", Decimal("17.28"))]
    assert qs[0].decimals == 2 and qs[0].half_unit == Decimal("0.005") * 10 ** 9


def test_counts_are_exact_and_measures_carry_half_a_unit():
    hs, ha = find_quantities("1.287 hồ sơ và 957,9 ha")
    assert hs.half_unit == 0 and ha.half_unit == Decimal("0.05")


def test_dates_and_document_numbers_are_not_figures_nor_ratios():
    qs = find_quantities("đến hết 31/5/2023 là 8.488/19.048 triệu đồng")
    assert [q.text for q in qs] == ["8.488", "19.048"]
    assert _claims("Nghị định số 116/2010/NĐ-CP tỷ lệ thu hồi đạt 100%", C.RATIO) == []


def test_english_decimal_point_and_bare_multiplier():
    pct, kh = find_quantities("là 87.5% (KH 1.895 tỷ)")
    assert pct.value == Decimal("87.5") and pct.is_percent
    assert kh.amount == Decimal("1895") * 10 ** 9 and kh.unit == "*"


# ---- relations ---------------------------------------------------------------------------------
def test_ratio_x_over_y_with_percent_both_orders():
    (a,) = _claims("Ngô Xuân trồng ước được 1.051,12/957,9 ha, bằng 109,84% KH, 84,9% KH năm.", C.RATIO)
    assert _shown(a) == ["1.051,12 ha", "957,9 ha"] and a.stated.text == "109,84" and a.basis == "KH"
    (b,) = _claims("tỷ lệ tham gia BHYT là 87.5% (72.293/82.587 người).", C.RATIO)
    assert _shown(b) == ["72.293 người", "82.587 người"]
    (c,) = _claims("Đã giải quyết 141/202 đơn thuộc thẩm quyền đạt tỷ lệ 69,8%.", C.RATIO)
    assert _shown(c) == ["141 đơn", "202 đơn"]


def test_plan_with_the_plan_stated_in_brackets_and_before():
    (a,) = _claims("Thu ngân sách ước đạt 1.990 tỷ đồng, bằng 105% kế hoạch (KH 1.895 tỷ).", C.PLAN)
    assert _shown(a) == ["1.990 tỷ đồng", "1.895 tỷ"] and a.basis == "kế hoạch"
    (b,) = _claims("Tổng kế hoạch vốn giao: 144.049 triệu đồng, giải ngân: 73.417 triệu đồng, "
                   "đạt 50,96% kế hoạch vốn giao.", C.PLAN)
    assert _shown(b) == ["73.417 triệu đồng", "144.049 triệu đồng"]
    (c,) = _claims("Giá trị sản xuất đạt 634.689 triệu đồng, đạt 54,27% so với kế hoạch.", C.PLAN)
    assert _shown(c) == ["634.689 triệu đồng", None]  # the plan is not printed


def test_same_period_and_changes_with_the_same_period_value():
    (s,) = _claims("Sản lượng đạt 7.359 tấn, bằng 103,7% so với cùng kỳ (cùng kỳ 7.096 tấn).", C.SAME)
    assert _shown(s) == ["7.359 tấn", "7.096 tấn"]
    (up,) = _claims("Tổng chi 389.000 triệu đồng, tăng 21,09% so với cùng kỳ (cùng kỳ năm 2022: 321.249 triệu đồng).",
                    C.CHANGE)
    assert up.sign == 1 and _shown(up) == ["389.000 triệu đồng", "321.249 triệu đồng"]
    (down,) = _claims("Số vụ tai nạn là 12 vụ, giảm 20% so với cùng kỳ (15 vụ).", C.CHANGE)
    assert down.sign == -1 and _shown(down) == ["12 vụ", "15 vụ"]


def test_share_of_a_stated_whole_and_percentage_points():
    (a,) = _claims("Số hộ nghèo còn 1.344 hộ, chiếm 6,78% tổng số 19.823 hộ.", C.SHARE)
    assert _shown(a) == ["1.344 hộ", "19.823 hộ"]
    (p,) = _claims("Tỷ lệ hộ nghèo còn 6,78%, giảm 1,51 điểm phần trăm so với cùng kỳ (8,29%).", C.POINTS)
    assert p.sign == -1 and _shown(p) == ["6,78%", "8,29%"] and p.stated.unit == "điểm %"


# ---- sums --------------------------------------------------------------------------------------
def test_breakdowns_trong_do_gom_brackets_and_nesting():
    (a, b, c) = _claims("Tổng số hồ sơ tiếp nhận là 1.741 hồ sơ, trong đó: 1.691 hồ sơ giải quyết (trước hạn: "
                        "744 hồ sơ, đúng hạn: 913 hồ sơ; 34 hồ sơ chậm hạn), 50 hồ sơ đang giải quyết "
                        "(trong hạn: 46 hồ sơ, quá hạn 04 hồ sơ).", C.SUM)
    assert (a.stated.text, [q.text for q in a.inputs], a.exhaustive) == ("1.741", ["1.691", "50"], False)
    assert [q.text for q in b.inputs] == ["744", "913", "34"] and [q.text for q in c.inputs] == ["46", "04"]
    (d,) = _claims("trồng được 548 cây các loại (04 cây Vàng Anh; 06 cây Ban tím; 38 cây Đào; 500 cây Hò).", C.SUM)
    assert d.exhaustive and len(d.inputs) == 4


def test_nested_breakdown_in_another_unit_leaves_the_parent_its_own_parts():
    text = ("tổng số mũi tiêm được 1.085 mũi, trong đó: (người lớn tiêm được 759 mũi gồm “mũi 1 được 40 liều; "
            "mũi 2 được 719 liều”; trẻ em tiêm được 299 mũi gồm “mũi 1 được 85 liều; mũi 2 được 214 liều”)")
    (total,) = _claims(text, C.SUM)
    assert [q.text for q in total.inputs] == ["759", "299"]


def test_verdict_counts_with_bare_numbers():
    (a,) = _claims("Kết quả 15 chỉ tiêu: 01 vượt, 12 đạt, 02 không đạt.", C.SUM)
    assert [q.text for q in a.inputs] == ["01", "12", "02"]
    (b,) = _claims("Tổng số 15 chỉ tiêu, trong đó có 01 chỉ tiêu vượt, 12 chỉ tiêu đạt, 02 chỉ tiêu chưa đạt.", C.SUM)
    assert len(b.inputs) == 3


def test_slash_pairs_as_a_total_and_fractions_of_targets():
    found = _claims("Toàn huyện tiếp 238 lượt/255 công dân (Trong đó: Chủ tịch tiếp 25 lượt/34 công dân, "
                    "Ban Tiếp công dân tiếp 213 lượt/221 công dân).", C.SUM)
    assert sorted(c.stated.text for c in found) == ["238", "255"]
    (f,) = _claims("Đến nay, xã đã đạt 08/19 tiêu chí nông thôn mới.", C.FRACTION)
    assert [q.text for q in f.inputs] == ["08", "19"]


def test_aggregate_rate_after_a_list_of_rates():
    ps = [Paragraph(1, "Cấp huyện: 1.287/1.741 đạt 73,8%."), Paragraph(2, "Cấp xã: 13.838/18.008 đạt 76,8%."),
          Paragraph(3, "Tỷ lệ trên tổng hồ sơ cấp huyện, cấp xã đạt: 75,3%.")]
    agg = [c for c in extract_document(ps) if c.kind == C.AGGREGATE]
    assert len(agg) == 1 and [q.text for q in agg[0].inputs] == ["1.287", "1.741", "13.838", "18.008"]
    assert agg[0].paragraph == 3 and [m.text for m in agg[0].members] == ["73,8", "76,8"]


def test_claim_records_paragraph_quote_and_cell():
    (c,) = extract_claims(Paragraph(7, "Mở đầu. Lúa đạt 1.990,48/1.979,0 ha, bằng 100,58% KH. Kết thúc.", "bảng 1, dòng 2, cột 3"))
    assert c.paragraph == 7 and c.quote == "Lúa đạt 1.990,48/1.979,0 ha, bằng 100,58% KH." and c.cell.startswith("bảng 1")


# ---- patterns that span clauses, sentences and paragraphs ---------------------------------------
def test_a_percent_after_a_comma_takes_the_verb_before_it():
    found = _claims("Lúa Xuân cấy ước được 1.990,48/1.979,0 ha, bằng 100,58% KH, 45,3% KH năm.", C.PLAN)
    (year,) = [c for c in found if c.stated.text == "45,3"]
    assert year.stated.text == "45,3" and year.basis == "KH năm" and year.inputs[1] is None
    (same,) = _claims("Diện tích gieo trồng 92.450 ha, bằng 100,49% kế hoạch (KH 92.000 ha), 98,6% so với cùng kỳ.",
                      C.SAME)
    assert same.stated.text == "98,6" and _shown(same) == ["92.450 ha", None]
    assert _claims("Tổng đàn 2.350 con, 35% là bò.", C.PLAN) == []  # no basis after it: not a relation


def test_a_comparison_named_by_its_year_and_its_value_in_brackets():
    (c,) = _claims("GRDP ước đạt 48.620 tỷ đồng, tăng 7,12% so với năm 2024 (năm 2024: 45.388 tỷ đồng).", C.CHANGE)
    assert _shown(c) == ["48.620 tỷ đồng", "45.388 tỷ đồng"]
    (pts,) = _claims("Tỷ lệ hộ nghèo còn 5,86%, giảm 1,43 điểm phần trăm so với cuối năm 2024 (7,29%).", C.POINTS)
    assert _shown(pts) == ["5,86%", "7,29%"] and pts.sign == -1


def test_a_basis_named_by_who_set_it():
    (c,) = _claims("Thu ngân sách 9.845 tỷ đồng, bằng 112,51% dự toán Trung ương giao (dự toán 8.750 tỷ đồng).",
                   C.PLAN)
    assert _shown(c) == ["9.845 tỷ đồng", "8.750 tỷ đồng"]


def test_a_breakdown_in_the_bulleted_lines_below_its_total():
    ps = [Paragraph(1, "Trồng rừng tập trung 8.215 ha, trong đó:"), Paragraph(2, "- Rừng sản xuất: 7.640 ha;"),
          Paragraph(3, "- Rừng phòng hộ: 575 ha."), Paragraph(4, "Tỷ lệ che phủ rừng đạt 65,2%.")]
    (s,) = [c for c in extract_document(ps) if c.kind == C.SUM]
    assert s.paragraph == 1 and s.stated.shown == "8.215 ha" and _shown(s) == ["7.640 ha", "575 ha"]
    assert not s.exhaustive  # "trong đó" may list only some parts
    ps[0] = Paragraph(1, "Trồng rừng tập trung 8.215 ha, gồm:")
    assert [c.exhaustive for c in extract_document(ps) if c.kind == C.SUM] == [True]
    # a bulleted line without a figure of the total's kind: not its breakdown
    ps[2] = Paragraph(3, "- Chăm sóc rừng trồng các năm trước.")
    assert [c for c in extract_document(ps) if c.kind == C.SUM] == []


def test_a_share_whose_whole_is_the_total_of_the_sentence_before():
    one = [Paragraph(1, "Tổng thu ngân sách ước đạt 9.845 tỷ đồng. Trong đó, thu nội địa 8.912 tỷ đồng, chiếm 90,52%.")]
    (s,) = [c for c in extract_document(one) if c.kind == C.SHARE]
    assert _shown(s) == ["8.912 tỷ đồng", "9.845 tỷ đồng"]
    two = [Paragraph(1, "Tổng thu ngân sách ước đạt 9.845 tỷ đồng."),
           Paragraph(2, "Trong đó, thu nội địa 8.912 tỷ đồng, chiếm 90,52%.")]
    (s,) = [c for c in extract_document(two) if c.kind == C.SHARE]
    assert _shown(s) == ["8.912 tỷ đồng", "9.845 tỷ đồng"]
    # without "trong đó" / "riêng" the sentence before is another subject: no whole is borrowed
    other = [Paragraph(1, "Tổng thu ngân sách ước đạt 9.845 tỷ đồng."),
             Paragraph(2, "Thu nội địa 8.912 tỷ đồng, chiếm 90,52%.")]
    (s,) = [c for c in extract_document(other) if c.kind == C.SHARE]
    assert s.inputs[1] is None


def test_the_shares_of_a_structure_add_up_to_a_hundred():
    p = Paragraph(1, "Cơ cấu kinh tế: nông nghiệp chiếm 21,4%; công nghiệp chiếm 33,9%; dịch vụ chiếm 38,2%; "
                     "thuế sản phẩm chiếm 6,5%.")
    (s,) = [c for c in extract_document([p]) if c.kind == C.SUM]
    assert s.basis == C.STRUCTURE and [q.text for q in s.inputs] == ["21,4", "33,9", "38,2", "6,5"]
    listing = Paragraph(1, "Nông nghiệp chiếm 21,4%; công nghiệp chiếm 33,9%; dịch vụ chiếm 38,2%.")
    assert [c for c in extract_document([listing]) if c.kind == C.SUM] == []  # not said to be one whole
