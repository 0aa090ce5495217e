"""The render context: sections in outline order, continuous numbering, prose interleaved."""
from datetime import date
from decimal import Decimal as D

import pytest

from formulas.compute import compute
from formulas.model import IndicatorRow, KeyTask, ProseParagraph, WorkbookData
from generator.context import (build_context, fill_title, header, number_sections, plan_text)
from generator.narrative import SectionRenderer, render_sections
from generator.sentences import first_word
from formulas.catalog import load_catalog

INFO = {"cap": "huyen", "co_quan": "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC", "so_ky_hieu": "617/BC-UBND",
        "dia_danh": "Cao Lộc", "ngay_ban_hanh": date(2023, 7, 4), "ky_bao_cao": "6 tháng đầu năm", "nam": 2023,
        "ky_tiep_theo": "6 tháng cuối năm", "ngay_chot_so_lieu": date(2023, 5, 31), "trich_yeu": "Tình hình …",
        "quyen_han_ky": "TM. ỦY BAN NHÂN DÂN", "chuc_vu_ky": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "nguoi_ky": "Nguyễn Văn A", "noi_nhan": "UBND tỉnh;\n- Sở KH&ĐT\nLưu: VT."}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def row(catalog, code, r, **values):
    ind = catalog.indicator(code)
    return IndicatorRow(sheet=ind.sheet, row=r, code=code, name=ind.name, unit=ind.unit,
                        values={k: D(str(v)) for k, v in values.items()}, cells={}, indicator=ind)


def render(catalog, rows, prose, tasks=()):
    data = WorkbookData(info=dict(INFO), rows=rows, prose=prose, tasks=list(tasks))
    ctx = build_context(data, compute(data, catalog), catalog)
    render_sections(ctx["sections"], ctx["header"], SectionRenderer())
    return ctx, number_sections(ctx["sections"])


def test_empty_sections_left_out_and_numbering_continuous(catalog):
    prose = [ProseParagraph("chi_dao", "Chỉ đạo một.", None, 6),
             ProseParagraph("giao_duc", "Giáo dục.", None, 7),  # 2.1 kept, 1.x all empty
             ProseParagraph("tu_phap", "Tư pháp.", None, 8),
             ProseParagraph("nhiem_vu", "Nhiệm vụ.", None, 9)]
    _, sections = render(catalog, [], prose)
    headings = [s.heading for s in sections]
    assert headings[0].startswith("I. CÔNG TÁC CHỈ ĐẠO")
    assert headings[1].startswith("II. TÌNH HÌNH THỰC HIỆN")
    assert headings[2] == "1. Lĩnh vực văn hoá - xã hội"  # "Lĩnh vực kinh tế" had nothing: no gap
    assert headings[3] == "1.1. Công tác giáo dục và đào tạo"
    assert headings[4].startswith("2. Tình hình, kết quả thực hiện công tác tư pháp")
    assert headings[5].startswith("III. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2023")  # III, not V
    assert len(headings) == 6
    assert not any("Thuận lợi" in h for h in headings)


def test_prose_after_an_indicator_and_numbered_direction_paragraphs(catalog):
    rows = [row(catalog, "NN.LUA_XUAN", 7, kh_ky=1979, kh_nam=4394, cung_ky=2067.6, uoc_ky=1990.48),
            row(catalog, "NN.NGO_XUAN", 8, kh_ky=957.9, cung_ky=1000.6, uoc_ky=1051.12)]
    prose = [ProseParagraph("nong_nghiep", "Về trồng trọt: tình hình ổn định.", None, 6),
             ProseParagraph("nong_nghiep", "Mô hình lúa lai 3 dòng.", "NN.LUA_XUAN", 7),
             ProseParagraph("chi_dao", "Tiếp tục triển khai.", None, 8),
             ProseParagraph("chi_dao", "2. Đã đánh số sẵn.", None, 9)]
    _, sections = render(catalog, rows, prose)
    nn = next(s for s in sections if s.key == "nong_nghiep")
    assert nn.paragraphs[0] == "Về trồng trọt: tình hình ổn định."
    assert nn.paragraphs[1].startswith("Lúa Xuân ước được 1.990,48/1.979 ha")
    assert nn.paragraphs[2] == "Mô hình lúa lai 3 dòng."
    assert nn.paragraphs[3].startswith("Ngô Xuân ước được 1.051,12/957,9 ha")
    chi_dao = next(s for s in sections if s.key == "chi_dao")
    assert chi_dao.paragraphs == ["1. Tiếp tục triển khai.", "2. Đã đánh số sẵn."]


def test_consecutive_sentences_do_not_all_start_the_same_way(catalog):
    codes = [c for c, i in catalog.by_code.items() if i.sentence == "ty_le" and i.kind == "rate"][:6]
    rows = [row(catalog, c, 6 + n, uoc_ky=50 + n) for n, c in enumerate(codes)]
    _, sections = render(catalog, rows, [])
    checked = 0
    for sec in sections:  # within a section (a heading in between is a fresh start)
        firsts = [first_word(s) for para in sec.paragraphs for s in para.split(". ")]
        checked += len(firsts)
        assert all(a != b for a, b in zip(firsts, firsts[1:])), firsts
    assert checked >= 5


def test_summary_counts_in_targets_section(catalog):
    tasks = [KeyTask("Kinh tế", "NV1", "Hoàn thành", "", 6), KeyTask("Kinh tế", "NV2", "Hoàn thành", "", 7),
             KeyTask("Xã hội", "NV3", "Chưa hoàn thành", "", 8)]
    _, sections = render(catalog, [], [], tasks)
    tong_hop = next(s for s in sections if s.key == "tong_hop_chi_tieu")
    assert tong_hop.paragraphs == ["- Đối với nhóm nhiệm vụ trọng tâm: Tổng số thực hiện 02 nhóm lĩnh vực, gồm "
                                   "03 nhiệm vụ, trong đó 02 nhiệm vụ hoàn thành, 01 nhiệm vụ chưa hoàn thành."]


def test_header_fields():
    h = header(INFO)
    assert h["co_quan_dong"] == ["ỦY BAN NHÂN DÂN", "HUYỆN CAO LỘC"]
    assert h["so_ky_hieu"] == "Số: 617/BC-UBND"
    assert h["dia_danh_ngay"] == "Cao Lộc, ngày 04 tháng 7 năm 2023"
    assert h["chuc_vu_ky"] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert h["noi_nhan"] == ["- UBND tỉnh;", "- Sở KH&ĐT;", "- Lưu: VT."]
    assert h["kem_theo"] == "(Kèm theo Báo cáo số 617/BC-UBND ngày 04/7/2023 của UBND huyện Cao Lộc)"
    assert h["ky_nam_upper"] == "6 THÁNG ĐẦU NĂM 2023"


def test_titles_and_plan_labels():
    values = {"ky": "6 tháng đầu năm", "nam": "2023", "ky_upper": "6 THÁNG ĐẦU NĂM"}
    assert fill_title("XÃ HỘI {ky_upper} NĂM {nam}", values) == "XÃ HỘI 6 THÁNG ĐẦU NĂM 2023"
    assert fill_title("quý {nam}", {"nam": "2023"}) == "quý 2023"
    assert plan_text("kh_ky", "KH vụ/kỳ", 2) == "kế hoạch vụ"
    assert plan_text("kh_nam", "KH năm", 1) == "kế hoạch"
    assert plan_text("du_toan_tren", "Dự toán tỉnh giao", 2) == "dự toán tỉnh giao"


def test_appendix_rows_fixed_decimals_and_groups(catalog):
    rows = [row(catalog, "NN.LUA_XUAN", 7, kh_ky=1979, kh_nam=4394, cung_ky=2067.6, uoc_ky=1990.48)]
    ctx, _ = render(catalog, rows, [])
    group, item = ctx["appendix"][0], ctx["appendix"][1]
    assert group["nhom"] and group["stt"] == "I"
    assert item["ke_hoach"] == ["1.979,00 (KH vụ/kỳ)", "4.394,00 (KH năm)"]
    assert item["pct_ke_hoach"] == ["100,58% (KH vụ/kỳ)", "45,30% (KH năm)"]
    assert item["so_cung_ky"] == "96,27%" and item["tang_giam"] == "-3,73%"
    assert len(ctx["appendix"]) == 2  # empty rows of the catalog are not listed


def _v(code, name, value, unit="xã", phrase="", parent=None, kind="count", pattern="so_luong", level=0):
    from generator.sentences import IndicatorView
    return IndicatorView(code=code, name=name, unit=unit, kind=kind, pattern=pattern, phrase=phrase,
                         actual=D(value), parent=parent, level=level, sheet="S", section="s")


def test_catalog_phrases_read_as_admin_prose():
    from generator.context import section_blocks
    from generator.sentences import Period
    period = Period(ky="6 tháng đầu năm", nam="2023")
    views = [
        _v("A.XA", "Số xã", "3", phrase="xây dựng mô hình sản xuất lúa tại {value} xã"),
        _v("A.GIONG", "Giống", "1988", unit="kg", kind="quantity", phrase="cấp giống lúa được {value} kg"),
        _v("A.PHAN", "Phân bón", "61", unit="tấn", kind="quantity", phrase="hỗ trợ {value} tấn phân bón"),
        _v("A.THUOC", "Thuốc", "980", unit="gói", phrase="{value} gói thuốc bảo vệ thực vật"),
        _v("A.LOP", "Lớp", "4", unit="lớp", phrase="tổ chức tập huấn kỹ thuật được {value} lớp"),
        _v("A.NGUOI", "Người", "342", unit="lượt", phrase="với {value} lượt người nghe", parent="A.LOP", level=1),
    ]
    views[4].children = [views[5]]
    blocks = section_blocks(views, [], period)
    assert [b.text for b in blocks] == [
        "Trong 6 tháng đầu năm 2023, đã xây dựng mô hình sản xuất lúa tại 03 xã; cấp giống lúa được 1.988 kg; "
        "hỗ trợ 61 tấn phân bón, 980 gói thuốc bảo vệ thực vật; tổ chức tập huấn kỹ thuật được 04 lớp với "
        "342 lượt người nghe."]


def test_value_first_phrase_without_anything_to_extend_stands_alone():
    from generator.context import section_blocks
    from generator.sentences import Period
    period = Period(ky="6 tháng đầu năm", nam="2023")
    views = [_v("N.XS", "Chính quyền cơ sở xếp loại Xuất sắc", "2", phrase="{value} xã Xuất sắc"),
             _v("N.TOT", "Chính quyền cơ sở xếp loại Tốt", "20", phrase="{value} xã, thị trấn tốt")]
    text = section_blocks(views, [], period)[0].text
    assert text.startswith("Chính quyền cơ sở xếp loại Xuất sắc là 02 xã.")
    assert "là 20 xã." in text and "02 xã, 20" not in text


def test_prose_paragraphs_are_finished():
    from generator.context import finish_paragraph
    assert finish_paragraph("đã ban hành Quyết định số 1923/QĐ-UBND") == "Đã ban hành Quyết định số 1923/QĐ-UBND."
    assert finish_paragraph("lấn chiếm vỉa hè;") == "Lấn chiếm vỉa hè."
    assert finish_paragraph("Tình hình, kết quả giải quyết hồ sơ TTHC:") == "Tình hình, kết quả giải quyết hồ sơ TTHC:"
    assert finish_paragraph("  Hai   khoảng  trắng.  ") == "Hai khoảng trắng."


def test_period_wording():
    from generator.sentences import ky_nam
    assert ky_nam("6 tháng đầu năm", 2023) == "6 tháng đầu năm 2023"
    assert ky_nam("quý I", "2023") == "quý I năm 2023"
    assert ky_nam("năm", 2025) == "năm 2025"
    assert ky_nam("9 tháng", "") == "9 tháng"
    values = {"ky_upper": "NĂM", "nam": "2025"}
    assert fill_title("KẾT QUẢ {ky_upper} NĂM {nam}", values) == "KẾT QUẢ NĂM 2025"
    xa = header({**INFO, "cap": "xa", "co_quan": "Ủy ban nhân dân xã Tân Liên", "dia_danh": "Tân Liên"})
    assert xa["co_quan_dong"] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN LIÊN"]
    assert xa["kem_theo"].endswith("của UBND xã Tân Liên)")


def test_chained_predicates_keep_comparisons_and_breakdowns_stand_alone():
    from generator.context import section_blocks
    from generator.sentences import IndicatorView, Period
    period = Period(ky="6 tháng đầu năm", nam="2023")
    firms = IndicatorView(code="DN.TLM", name="Số doanh nghiệp thành lập mới", unit="doanh nghiệp", kind="count",
                          phrase="{uoc}thành lập mới {value} doanh nghiệp", actual=D(45), is_estimate=True,
                          change=D("114.29"), change_unit="%", sheet="S", section="s")
    paused = _v("DN.TN", "Số doanh nghiệp tạm ngừng", "30", unit="doanh nghiệp", phrase="tạm ngừng {value} doanh nghiệp")
    visits = _v("TCD.LUOT", "Số lượt tiếp công dân", "238", unit="lượt", phrase="tiếp {value} lượt công dân",
                pattern="trong_do")
    visits.children = [_v(None, "Chủ tịch UBND tiếp", "25", unit="lượt", parent="TCD.LUOT", level=1, pattern="khong")]
    texts = [b.text for b in section_blocks([firms, paused, visits], [], period)]
    assert texts[0] == ("Trong 6 tháng đầu năm 2023, ước thành lập mới 45 doanh nghiệp, tăng 114,29% so với cùng kỳ; "
                        "tạm ngừng 30 doanh nghiệp.")
    # a "trong đó: …" sentence is not glued to the chain with ";"
    assert texts[1].endswith("đã tiếp 238 lượt công dân, trong đó: Chủ tịch UBND tiếp 25 lượt.")


def test_a_stock_never_opens_with_the_period():
    from generator.context import section_blocks
    from generator.sentences import Period
    period = Period(ky="6 tháng đầu năm", nam="2023")
    a = _v("TD.A", "Tổng doanh số cho vay", "2999", unit="tỷ đồng", kind="amount", pattern="ket_qua")
    b = _v("TD.B", "Tổng dư nợ", "3193", unit="tỷ đồng", kind="amount", pattern="ket_qua")
    b.cumulative = False
    text = section_blocks([a, b], [], period)[0].text
    assert "Trong 6 tháng đầu năm 2023, tổng dư nợ" not in text
    assert text.endswith("Tính đến thời điểm báo cáo, tổng dư nợ đạt 3.193 tỷ đồng.")


def test_two_rates_with_empty_sub_rows_share_a_paragraph():
    from generator.context import section_blocks
    from generator.sentences import Period
    period = Period(ky="6 tháng đầu năm", nam="2023")
    xa = _v("GT.XA", "Tỷ lệ xã có đường ô tô đến trung tâm xã được rải nhựa", "100", unit="%", kind="rate",
            pattern="ty_le")
    xa.children = [_v("GT.XA_N", "Số xã", "0", parent="GT.XA", level=1, pattern="khong")]
    xa.children[0].actual = None  # the numerator row left empty
    thon = _v("GT.THON", "Tỷ lệ thôn có đường ô tô đến trung tâm thôn được cứng hóa", "61.5", unit="%",
              kind="rate", pattern="ty_le")
    assert len(section_blocks([xa, thon], [], period)) == 1


def test_appendix_value_headers_follow_the_period():
    from formulas.period import parse
    from generator.context import appendix_value_headers

    assert appendix_value_headers(parse("năm", 2026)) == ("Thực hiện năm 2025", "Ước thực hiện năm 2026")
    assert appendix_value_headers(parse("tháng 8", 2026)) == ("Cùng kỳ năm trước", "Lũy kế từ đầu năm")
    assert appendix_value_headers(parse("6 tháng đầu năm", 2023)) == ("Cùng kỳ năm trước", "Thực hiện (ước) trong kỳ")
    assert appendix_value_headers(None) == ("Cùng kỳ năm trước", "Thực hiện (ước) trong kỳ")


def test_the_period_after_nine_months_is_said_as_offices_say_it():
    from generator.context import title_values
    nine = {"cap": "tinh", "ky_bao_cao": "9 tháng đầu năm", "nam": 2026}
    values = title_values(nine)
    assert (values["ky_sau"], values["ky_sau_nam"]) == ("3 tháng cuối năm", "3 tháng cuối năm 2026")
    # the same period typed another way is said the one way; anything else staff typed is kept
    assert title_values({**nine, "ky_tiep_theo": "Quý IV"})["ky_sau_nam"] == "3 tháng cuối năm 2026"
    assert title_values({**nine, "ky_tiep_theo": "quý IV và cả năm 2026"})["ky_sau"] == "quý IV và cả năm 2026"
    year = title_values({"cap": "xa", "ky_bao_cao": "năm", "nam": 2026})
    assert (year["ky_sau_nam"], year["cot_moc"], year["cot_ke_hoach_sau"]) == ("năm 2027", "năm 2025", "Kế hoạch năm 2027")
    assert title_values({"cap": "xa", "ky_bao_cao": "quý III", "nam": 2026})["cot_moc"] == "cùng kỳ"


def test_the_findings_annex_is_capped_errors_first_with_a_total_line():
    from formulas.findings import ERROR, WARNING, Finding
    from generator.context import findings_rows

    findings = [Finding("SO_DANG_VAN_BAN", WARNING, "Nông nghiệp", f"E{r}", None, f"cảnh báo {r}") for r in range(6, 20)]
    findings.insert(9, Finding("SO_KHONG_HOP_LE", ERROR, "Y tế", "F9", None, "lỗi F9"))
    rows = findings_rows(findings, limit=5)
    assert [r["noi_dung"] for r in rows[:5]] == ["cảnh báo 6", "cảnh báo 7", "cảnh báo 8", "cảnh báo 9", "lỗi F9"]
    assert [r["stt"] for r in rows[:5]] == ["1", "2", "3", "4", "5"]
    assert rows[5]["stt"] == "" and "chỉ ghi 05 trong tổng số 15 lỗi, cảnh báo (01 lỗi, 14 cảnh báo)" in rows[5]["noi_dung"]
    assert len(findings_rows(findings)) == 15  # under the cap: every finding, no total line
