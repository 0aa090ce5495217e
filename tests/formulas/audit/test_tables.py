"""formulas.audit.tables: biểu tables read from .docx (python-docx, built here) and checked row by row."""
from __future__ import annotations

import docx
import pytest

from addin.commands.soat import audit_report, read_report
from formulas.audit.tables import fold, header_columns

HEAD = ["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Tỷ lệ\n%", "Cùng kỳ", "So sánh\ncùng kỳ (%)", "Đánh giá"]


def _docx(path, rows, head=HEAD):
    document = docx.Document()
    document.add_paragraph("Biểu 01. Kết quả thực hiện các chỉ tiêu 6 tháng đầu năm 2026")
    table = document.add_table(rows=len(rows) + 1, cols=len(head))
    for c, text in enumerate(head):
        table.cell(0, c).text = text
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


def _findings(path):
    paragraphs, _document, _anchors = read_report(path)
    return audit_report(paragraphs).findings


def test_headers_are_found_without_accents_case_or_line_breaks():
    cols = header_columns({1: "TT", 2: "CHỈ TIÊU", 3: "Đơn vị tính", 4: "KẾ HOẠCH\nnăm", 5: "Ước thực hiện",
                           6: "TỶ LỆ %", 7: "Đánh giá"})
    assert cols == {"stt": 1, "ten": 2, "dvt": 3, "ke_hoach": 4, "thuc_hien": 5, "ty_le": 6, "danh_gia": 7}
    assert fold("Tỷ lệ\n%  so với KH") == "ty le % so voi kh"
    assert header_columns({1: "Nơi nhận", 2: "Chức vụ"}) == {}


def test_matching_rows_give_nothing(tmp_path):
    path = _docx(tmp_path / "dung.docx", [
        ["1", "Diện tích lúa", "ha", "1.979,0", "1.990,48", "100,58", "2.067,5", "96,27", "Đạt"],
        ["2", "Hồ sơ trực tuyến", "hồ sơ", "8", "1", "12,5", "", "", "Không đạt"],
    ])
    assert _findings(path) == []


def test_mismatching_rate_truncation_and_same_period_name_table_row_and_cell(tmp_path):
    path = _docx(tmp_path / "sai.docx", [
        ["1", "Ngô Xuân", "ha", "957,9", "1.051,12", "109,84", "", "", "Vượt"],
        ["2", "Hồ sơ đúng hạn", "hồ sơ", "19.048", "9.034", "47,42%", "", "", "Không đạt"],
        ["3", "Hồ sơ", "hồ sơ", "200", "150", "75", "100", "140", "Không đạt"],
    ])
    got = {(f.rule, f.cell, f.stated) for f in _findings(path)}
    assert ("SOAT_TY_LE_SAI", "bảng 1, dòng 2, cột 6", "109,84%") in got
    assert ("SOAT_CAT_BOT", "bảng 1, dòng 3, cột 6", "47,42%") in got
    assert ("SOAT_TY_LE_SAI", "bảng 1, dòng 4, cột 8", "140%") in got
    (f,) = [f for f in _findings(path) if f.stated == "109,84%"]
    assert "bảng 1" in f.message and "Ngô Xuân" in f.message and "109,73%" in f.message


def test_verdict_against_its_own_ratio_and_group_against_member(tmp_path):
    path = _docx(tmp_path / "danh_gia.docx", [
        ["I", "Nông nghiệp", "", "", "", "", "", "", "Đạt"],
        ["1", "Lúa", "ha", "100", "105", "105", "", "", "Không đạt"],
        ["2", "Ngô", "ha", "100", "90", "90", "", "", "Không đạt"],
        ["II", "Văn hóa", "", "", "", "", "", "", "Đạt"],
        ["1", "Thôn văn hóa", "thôn", "10", "10", "100", "", "", "Đạt"],
    ])
    got = [(f.rule, f.cell) for f in _findings(path)]
    assert ("SOAT_DANH_GIA_SAI", "bảng 1, dòng 3, cột 9") in got
    assert ("SOAT_NHOM_MAU_THUAN", "bảng 1, dòng 2, cột 9") in got
    assert not [c for r, c in got if "dòng 5" in c or "dòng 6" in c]



@pytest.mark.parametrize("head, expected", [
    (["STT", "Chỉ tiêu", "ĐVT", "KH năm 2025", "TH 6 tháng", "% so KH"],
     {"stt": 1, "ten": 2, "dvt": 3, "ke_hoach": 4, "thuc_hien": 5, "ty_le": 6}),
    (["TT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2025", "Ước TH 6 tháng", "TH/KH (%)", "Cùng kỳ", "TH/CK (%)"],
     {"stt": 1, "ten": 2, "dvt": 3, "ke_hoach": 4, "thuc_hien": 5, "ty_le": 6, "cung_ky": 7, "so_cung_ky": 8}),
    (["TT", "Nội dung", "Đơn vị tính", "KH", "TH", "Tỷ lệ (%)", "Đánh giá"],
     {"stt": 1, "ten": 2, "dvt": 3, "ke_hoach": 4, "thuc_hien": 5, "ty_le": 6, "danh_gia": 7}),
    (["STT", "Chỉ tiêu", "ĐVT", "Chỉ tiêu giao", "UTH cả năm", "So sánh (%)"],
     {"stt": 1, "ten": 2, "dvt": 3, "ke_hoach": 4, "thuc_hien": 5, "ty_le": 6}),
    (["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện năm 2025", "Ước thực hiện năm 2026", "Kế hoạch năm 2027",
      "% so với kế hoạch", "% so với năm 2025", "Đánh giá"],  # ktxh's annual appendix: next year's plan is no basis
     {"stt": 1, "ten": 2, "dvt": 3, "ke_hoach": 4, "cung_ky": 5, "thuc_hien": 6, "ty_le": 8, "so_cung_ky": 9,
      "danh_gia": 10}),
    (["STT", "Chỉ tiêu", "ĐVT", "KH 2025", "TH 2024", "UTH 2025", "% UTH/KH", "% so CK"],  # last year's TH: cùng kỳ
     {"stt": 1, "ten": 2, "dvt": 3, "ke_hoach": 4, "cung_ky": 5, "thuc_hien": 6, "ty_le": 7, "so_cung_ky": 8}),
])
def test_headers_as_offices_abbreviate_them(head, expected):
    assert header_columns(dict(enumerate(head, start=1))) == expected


def test_an_abbreviated_bieu_is_checked_row_by_row(tmp_path):
    head = ["TT", "Chỉ tiêu", "ĐVT", "KH 2025", "TH 2024", "UTH 2025", "% UTH/KH", "% so CK"]
    path = _docx(tmp_path / "viet_tat.docx", [
        ["1", "Thu ngân sách", "tỷ đồng", "1.895", "1.805", "1.990", "105,01", "110,25"],
        ["2", "Chi ngân sách", "tỷ đồng", "2.000", "1.800", "1.900", "95", "115"],
    ], head=head)
    got = {(f.rule, f.cell) for f in _findings(path)}
    assert got == {("SOAT_TY_LE_SAI", "bảng 1, dòng 3, cột 8")}  # 1.900 / 1.800 = 105,56%, not 115%


def test_a_period_plan_and_a_year_plan_each_with_its_own_ratio(tmp_path):
    head = ["STT", "Chỉ tiêu", "ĐVT", "KH năm 2025", "KH 6 tháng", "TH 6 tháng", "% so KH 6 tháng", "% so KH năm"]
    assert header_columns(dict(enumerate(head, start=1))) == {
        "stt": 1, "ten": 2, "dvt": 3, "ke_hoach_nam": 4, "ke_hoach": 5, "thuc_hien": 6, "ty_le": 7, "ty_le_nam": 8}
    rows = [["1", "Lúa Xuân", "ha", "4.400", "1.979,0", "1.990,48", "100,58", "45,24"]]
    assert _findings(_docx(tmp_path / "dung.docx", rows, head=head)) == []  # 45,24% of the year, 100,58% of the period
    rows[0][7] = "45,3"
    assert {(f.rule, f.cell) for f in _findings(_docx(tmp_path / "sai.docx", rows, head=head))} == {
        ("SOAT_TY_LE_SAI", "bảng 1, dòng 2, cột 8")}
