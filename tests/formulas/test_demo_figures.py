"""The demo workbook (the seed report 617/BC-UBND): computed figures equal the report's printed
ones wherever the report is arithmetically consistent, and the checker points at the places where it
is not; errors injected into a copy give exactly the expected findings at the expected cells."""
from __future__ import annotations

import shutil
from decimal import Decimal as D

import openpyxl
import pytest

from formulas import pipeline
from formulas.findings import ERROR
from formulas.results import CUOI_NAM, DAT, VUOT
from formulas import layout
from workbook_templates.builder import code_rows, column_keys
from formulas.catalog import load_catalog
from workbook_templates.demo import write_demo_workbook
from workbook_templates.reader import read_sheet_values


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return write_demo_workbook(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def run(demo):
    return pipeline.run(read_sheet_values(demo), load_catalog())


def address(path, code, key):
    wb = openpyxl.load_workbook(path)
    ws = wb[load_catalog().indicator(code).sheet]
    return openpyxl.utils.get_column_letter(column_keys(ws)[key]) + str(code_rows(ws)[code])


def test_seed_figures(run):
    _data, result, _findings, _patch = run
    got = result.by_code()
    lua = got["NN.LUA_XUAN"]  # "Lúa Xuân cấy ước được 1.990,48/1.979,0 ha, bằng 100,58% KH, … 96,27% so với cùng kỳ"
    assert (lua.actual, lua.plans["kh_ky"], lua.pct_plan["kh_ky"], lua.pct_same_period) == (
        D("1990.48"), D("1979.00"), D("100.58"), D("96.27"))
    gieo = got["NN.GIEO_TRONG"]  # "4.347,07/6.918,54 ha, bằng 62,83% KH năm, bằng 103,71% so với cùng kỳ"
    assert (gieo.pct_plan["kh_nam"], gieo.pct_same_period) == (D("62.83"), D("103.71"))
    thu = got["NS.THU"]  # "256.812 triệu đồng, đạt 114,14% dự toán tỉnh giao, 91,72% dự toán huyện giao, 190,63% cùng kỳ"
    assert [thu.pct_plan[b] for b in ("du_toan_tren", "du_toan_cap")] + [thu.pct_same_period] == [
        D("114.14"), D("91.72"), D("190.63")]
    chi = got["NS.CHI"]  # "đạt 50,93% … 48,51% …, tăng 21,09% so với cùng kỳ"
    assert [chi.pct_plan[b] for b in ("du_toan_tren", "du_toan_cap")] + [chi.change, chi.change_unit] == [
        D("50.93"), D("48.51"), D("21.09"), "%"]
    # "chiếm tỷ trọng 17,96%" / "57,38%" / "24,66%": shares of the sum of the three sectors
    assert [got[c].share for c in ("GTSX.NONG_LAM", "GTSX.CN_XD", "GTSX.DICH_VU")] == [
        D("17.96"), D("57.38"), D("24.66")]
    assert [got[c].pct_plan["kh_nam"] for c in ("GTSX.NONG_LAM", "GTSX.CN_XD", "GTSX.DICH_VU")] == [
        D("54.27"), D("51.95"), D("50.32")]
    rung = got["NN.TRONG_RUNG"]  # "459,65 ha, đạt 83,57% so với kế hoạch, bằng 129,9% so với cùng kỳ"
    assert (rung.pct_plan["kh_nam"], rung.pct_same_period) == (D("83.57"), D("129.90"))
    assert got["NN.CHE_PHU_RUNG"].pct_plan["kh_nam"] == D("102.56")  # "Tỷ lệ che phủ rừng 72%, đạt 102,56%"
    hn = got["LDXH.TY_LE_HO_NGHEO"]  # "tỷ lệ hộ nghèo 6,78% (… tỷ lệ giảm 1,51%)": a rate, in points
    assert (hn.actual, hn.change, hn.change_unit) == (D("6.78"), D("-1.51"), "điểm %")


def test_summary_counts_match_the_report(run):
    # "Tổng số 15 chỉ tiêu … 01 chỉ tiêu vượt kế hoạch, 12 chỉ tiêu đạt, 02 chỉ tiêu thực hiện đánh giá cuối năm"
    s = run[1].summary
    assert (s.targets_total, s.targets) == (15, {VUOT: 1, DAT: 12, CUOI_NAM: 2})
    assert (s.tasks_total, s.tasks) == (12, {"Hoàn thành": 11, "Chưa hoàn thành": 1})


def test_checker_points_at_the_reports_own_inconsistencies(demo, run):
    findings = run[2]
    where = {(f.rule, f.sheet, f.cell) for f in findings}
    # "tổng số mũi tiêm … 1.085 mũi, trong đó … 759 mũi … 299 mũi": 759 + 299 = 1.058
    vaccine = ("TONG_THIEU_THANH_PHAN", "Y tế", address(demo, "YT.VACCINE_MUI", "uoc_ky"))
    assert vaccine in where
    # "Cấp huyện: 1.287/1.741 đạt 73,8%" (it is 73,92%), and the overall 75,3% = the mean of
    # 73,8% and 76,8%, where Σ/Σ gives 76,59%: a ratio of aggregates, not an average of ratios
    online = ("TY_LE_KHONG_KHOP", "Nội vụ - CCHC", address(demo, "NV.DVC_TY_LE_HUYEN", "uoc_ky"))
    overall = ("TY_LE_KHONG_KHOP", "Nội vụ - CCHC", address(demo, "NV.DVC_TY_LE", "uoc_ky"))
    assert online in where and overall in where
    assert {(f.rule, f.sheet, f.cell) for f in findings if f.severity == ERROR} == {online, overall}
    msg = next(f.message for f in findings if (f.rule, f.sheet, f.cell) == online)
    assert "1.287/1.741 = 73,92%" in msg
    # "Cấp xã: 13.838/18.008 đạt 76,8%" is consistent: not reported
    assert not any(f.code == "NV.DVC_TY_LE_XA" for f in findings)


def test_injected_errors_give_exactly_the_expected_findings(demo, run, tmp_path):
    path = tmp_path / "hong.xlsx"
    shutil.copy(demo, path)
    wb = openpyxl.load_workbook(path)
    catalog = load_catalog()

    def put(code, key, value):
        ws = wb[catalog.indicator(code).sheet]
        c = ws.cell(code_rows(ws)[code], column_keys(ws)[key])
        c.value = value
        return c.coordinate

    expected = {
        ("SO_AM", "Nông nghiệp", put("NN.TRONG_RUNG", "cung_ky", -353.85)),
        ("LUY_KE_VUOT_UOC", "Nông nghiệp", put("NN.CAY_AN_QUA_MOI", "den_ngay", 20)),
        ("KE_HOACH_BANG_0", "Nông nghiệp", put("NN.NGO_XUAN", "kh_nam", 0)),
    }
    bad_text = put("NS.CHI", "uoc_ky", "không rõ")  # text in a number cell; NS.CHI is required
    expected |= {("SO_KHONG_HOP_LE", "Ngân sách", bad_text), ("THIEU_SO_LIEU", "Ngân sách", bad_text)}
    rate = put("VH.NVH_TY_LE", "uoc_ky", 172.26)  # a rate above 100%, and no longer 99/137
    expected |= {("NGOAI_KHOANG", "Văn hóa - Du lịch", rate), ("TY_LE_KHONG_KHOP", "Văn hóa - Du lịch", rate)}
    ws = wb["Nông nghiệp"]
    keys, extra = column_keys(ws), ws.max_row + 1
    ws.cell(extra, keys["ma"], "NN.TRONG_RUNG")  # the same code twice
    ws.cell(extra, keys["kh_nam"], 550)
    ws.cell(extra, keys["uoc_ky"], 459.65)
    ws.cell(extra + 1, keys["ma"], "NN.KHONG_CO")  # a code not in the catalog
    ws.cell(extra + 1, keys["uoc_ky"], 5)
    ma = openpyxl.utils.get_column_letter(keys["ma"])
    expected |= {("MA_TRUNG", "Nông nghiệp", f"{ma}{extra}"), ("MA_KHONG_XAC_DINH", "Nông nghiệp", f"{ma}{extra + 1}")}
    info = wb[layout.SHEET_INFO]
    row = next(r for r in range(1, info.max_row + 1) if info.cell(r, layout.INFO_KEY_COL).value == "so_ky_hieu")
    info.cell(row, layout.INFO_VALUE_COL).value = None
    expected.add(("THIEU_THONG_TIN", layout.SHEET_INFO, f"C{row}"))
    wb.save(path)

    base = {(f.rule, f.sheet, f.cell) for f in run[2]}
    _data, _result, findings, _patch = pipeline.run(read_sheet_values(path), catalog)
    now = {(f.rule, f.sheet, f.cell) for f in findings}
    assert now - base == expected
    assert base - now == set()
