"""`ktxh tong-hop`: xã workbooks in a folder → the province's workbook with the aggregates in its
input cells, "Theo đơn vị", "Tình hình nộp" and "Lỗi của đơn vị"; then recalc and export on it."""
from __future__ import annotations

import openpyxl
import pytest
from docx import Document

from addin.cli import main
from formulas.catalog import load_catalog
from tests.formulas.test_consolidate import REQUIRED, info
from workbook_templates.builder import code_rows, column_keys, save_workbook
from workbook_templates.consolidated import SHEET_BY_UNIT, SHEET_RANKING, SHEET_SUBMISSIONS, SHEET_UNIT_FINDINGS
from workbook_templates.demo import build_demo_workbook


def xa_file(folder, name: str, values: dict, file: str | None = None, ky: str = "năm"):
    filled = {c: {"uoc_ky": v} for c, v in REQUIRED.items()}
    for code, cols in values.items():
        filled.setdefault(code, {}).update(cols)
    data = {"info": info(name, "xa", ky), "values": filled, "prose": [], "tasks": []}
    return save_workbook(build_demo_workbook(data, load_catalog("xa")), folder / (file or f"{name}.xlsx"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("xa")
    xa_file(d, "An Bình", {"NN.LUONG_THUC": {"uoc_ky": 100}, "YT.BHYT_THAM_GIA": {"uoc_ky": 900},
                           "YT.DAN_SO": {"uoc_ky": 1000}, "YT.BHYT_TY_LE": {"kh_nam": 95}})
    xa_file(d, "Bình Minh", {"NN.LUONG_THUC": {"uoc_ky": 250}, "YT.BHYT_THAM_GIA": {"uoc_ky": 50},
                             "YT.DAN_SO": {"uoc_ky": 100}, "YT.BHYT_TY_LE": {"kh_nam": 90}})
    xa_file(d, "Cao Sơn", {})
    return d


@pytest.fixture(scope="module")
def consolidated(folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("tinh") / "tong_hop.xlsx"
    listing = out.parent / "danh_sach.txt"
    listing.write_text("# các xã phải nộp\nỦY BAN NHÂN DÂN XÃ AN BÌNH\nỦy ban nhân dân xã Hồng Phong\n", encoding="utf-8")
    code = main(["tong-hop", str(folder), "-o", str(out), "--don-vi", "UBND tỉnh Minh Sơn",
                 "--danh-sach", str(listing)])
    return code, out


def cell(wb, code: str, key: str):
    ind = load_catalog("tinh").by_code[code]
    ws = wb[ind.sheet]
    return ws.cell(code_rows(ws)[code], column_keys(ws)[key]).value


def test_the_provinces_workbook_holds_the_aggregates(consolidated):
    code, out = consolidated
    assert code == 1  # Hồng Phong, listed, sent nothing
    wb = openpyxl.load_workbook(out)
    assert cell(wb, "NN.LUONG_THUC", "uoc_ky") == 350
    assert cell(wb, "NN.LUONG_THUC", "ghi_chu") == "Tổng hợp từ 02/03 đơn vị có số liệu"
    assert cell(wb, "NS.THU", "uoc_ky") == 1500 and cell(wb, "NS.THU", "ghi_chu") is None
    assert cell(wb, "YT.BHYT_TY_LE", "uoc_ky") == pytest.approx(950 / 1100 * 100, abs=1e-6)  # ratio of sums
    meta = {r[0]: r[1] for r in wb["_ktxh"].iter_rows(values_only=True)}
    assert meta["catalog_id"] == "ktxh-tinh"


def test_by_unit_and_submissions_sheets(consolidated):
    _, out = consolidated
    wb = openpyxl.load_workbook(out)
    by_unit = wb[SHEET_BY_UNIT]
    head = [c.value for c in by_unit[4]]
    assert head[:3] == ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT"] and head[-1] == "Tổng hợp"
    assert {"Xã An Bình", "Xã Bình Minh", "Xã Cao Sơn"} <= set(head)
    row = next(r for r in by_unit.iter_rows(min_row=6, values_only=True) if r[0] == "NN.LUONG_THUC")
    assert row[3:9:2] == (100, 250, None) and row[9] == 350  # each unit's result, then the total
    bhyt = next(r for r in by_unit.iter_rows(min_row=6, values_only=True) if r[0] == "YT.BHYT_TY_LE")
    # each unit's % of its own year plan: 90 % of 95 %, 50 % of 90 %; Cao Sơn has none
    assert bhyt[4] == pytest.approx(94.74) and bhyt[6] == pytest.approx(55.56)  # as each unit states them
    assert bhyt[8] is None
    ranking = [r for r in wb[SHEET_RANKING].iter_rows(min_row=6, values_only=True) if any(r)]
    at = next(i for i, r in enumerate(ranking) if r[1] and "bảo hiểm y tế" in r[1].lower())
    assert [(r[2], r[3]) for r in ranking[at + 1:at + 3]] == [(1, "Xã An Bình"), (2, "Xã Bình Minh")]
    lines = [r for r in wb[SHEET_SUBMISSIONS].iter_rows(min_row=6, values_only=True) if r[0]]
    assert [(r[1], r[2]) for r in lines] == [
        ("ỦY BAN NHÂN DÂN XÃ AN BÌNH", "Đã nộp"), ("ỦY BAN NHÂN DÂN XÃ BÌNH MINH", "Đã nộp"),
        ("ỦY BAN NHÂN DÂN XÃ CAO SƠN", "Đã nộp"), ("ỦY BAN NHÂN DÂN XÃ HỒNG PHONG", "Chưa nộp")]
    assert lines[0][5] == "An Bình.xlsx" and lines[0][6]  # file and its modification time
    assert SHEET_UNIT_FINDINGS in wb.sheetnames


def test_recalc_and_export_work_on_the_consolidated_workbook(consolidated, tmp_path):
    _, out = consolidated
    copy = tmp_path / "tong_hop.xlsx"
    copy.write_bytes(out.read_bytes())
    assert main(["recalc", str(copy)]) == 0
    findings = [r for r in openpyxl.load_workbook(copy)["Kiểm tra"].iter_rows(min_row=6, values_only=True) if r[0]]
    assert any(r[2] == "THIEU_THONG_TIN" for r in findings)  # the province types its own Thông tin
    docx = tmp_path / "bao_cao.docx"
    assert main(["export", str(copy), "-o", str(docx), "--force"]) == 0
    doc = Document(str(docx))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "Tổng sản lượng lương thực có hạt ước đạt 350 tấn" in text
    assert "UBND TỈNH MINH SƠN" in text.upper() and "huyện" not in text.lower()


def test_a_second_file_for_one_xa_and_a_damaged_file_are_named(folder, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for p in folder.iterdir():
        (d / p.name).write_bytes(p.read_bytes())
    (d / "An Bình (gửi lại).xlsx").write_bytes((folder / "An Bình.xlsx").read_bytes())
    (d / "hong.xlsx").write_bytes(b"not a workbook")
    xa_file(d, "Đông Hà", {}, ky="9 tháng đầu năm")
    out = tmp_path / "th.xlsx"
    assert main(["tong-hop", str(d), "-o", str(out)]) == 1
    lines = {r[5]: r for r in openpyxl.load_workbook(out)[SHEET_SUBMISSIONS].iter_rows(min_row=6, values_only=True)
             if r[0]}
    second = lines["An Bình.xlsx"] if "gửi lại" in lines["An Bình.xlsx"][7] else lines["An Bình (gửi lại).xlsx"]
    assert second[2] == "Không tổng hợp" and "trùng đơn vị" in second[7]
    assert lines["hong.xlsx"][2] == "Không tổng hợp" and lines["hong.xlsx"][7]
    assert "9 tháng" in lines["Đông Hà.xlsx"][7]
    wb = openpyxl.load_workbook(out)
    assert cell(wb, "NN.LUONG_THUC", "uoc_ky") == 350  # each xã counted once


def test_nothing_to_consolidate_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "hong.xlsx").write_bytes(b"x")
    assert main(["tong-hop", str(tmp_path), "-o", str(tmp_path / "th.xlsx")]) == 2
    assert "không có sổ nào đủ điều kiện" in capsys.readouterr().err


def test_a_unit_with_errors_is_marked_when_forced_and_its_findings_name_file_and_cell(folder, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for p in folder.iterdir():
        (d / p.name).write_bytes(p.read_bytes())
    xa_file(d, "Đông Hà", {"NN.LUONG_THUC": {"uoc_ky": "một trăm"}})  # text in a figure cell: an error
    out = tmp_path / "th.xlsx"
    assert main(["tong-hop", str(d), "-o", str(out)]) == 1  # left out without --force
    lines = {r[5]: r for r in openpyxl.load_workbook(out)[SHEET_SUBMISSIONS].iter_rows(min_row=6, values_only=True)
             if r[0]}
    assert lines["Đông Hà.xlsx"][2] == "Có lỗi" and "--force" in lines["Đông Hà.xlsx"][7]
    forced = tmp_path / "th_force.xlsx"
    assert main(["tong-hop", str(d), "-o", str(forced), "--force"]) == 0
    wb = openpyxl.load_workbook(forced)
    lines = {r[5]: r for r in wb[SHEET_SUBMISSIONS].iter_rows(min_row=6, values_only=True) if r[0]}
    assert lines["Đông Hà.xlsx"][2] == "Có lỗi" and lines["Đông Hà.xlsx"][3] >= 1 and "vẫn tổng hợp" in lines["Đông Hà.xlsx"][7]
    errors = [r for r in wb[SHEET_UNIT_FINDINGS].iter_rows(min_row=6, values_only=True) if r[0] and r[2] == "lỗi"]
    # the finding names the xã's file and the sheet!cell to fix there
    assert any(r[1] == "Xã Đông Hà" and r[3].startswith("Đông Hà.xlsx: Nông nghiệp!") for r in errors), errors


@pytest.mark.parametrize("extra, output, message", [
    ([], "th.ods", "phải có đuôi .xlsx"),
    (["--ky", "năm"], "th.xlsx", "--ky cần --nam"),
    (["--cap", "xa"], "th.xlsx", "cấp tổng hợp 'xa' không hợp lệ"),
])
def test_refusals_are_vietnamese_and_write_nothing(folder, tmp_path, capsys, extra, output, message):
    assert main(["tong-hop", str(folder), "-o", str(tmp_path / output), *extra]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_existing_workbook_is_not_replaced_without_ghi_de(folder, tmp_path, capsys):
    out = tmp_path / "th.xlsx"
    out.write_bytes(b"the province's own edits")
    assert main(["tong-hop", str(folder), "-o", str(out)]) == 2
    assert "đã có; không ghi đè" in capsys.readouterr().err and out.read_bytes() == b"the province's own edits"


def test_a_missing_source_is_named(tmp_path, capsys):
    assert main(["tong-hop", str(tmp_path / "khong_co"), "-o", str(tmp_path / "th.xlsx")]) == 2
    assert "không tìm thấy" in capsys.readouterr().err and not (tmp_path / "th.xlsx").exists()
