"""Workbooks built for other periods than the demo's: headers, Thông tin, and the share they are judged at."""
from __future__ import annotations

import openpyxl
import pytest

from formulas import layout
from formulas.catalog import load_catalog
from formulas.compute import compute
from formulas.period import KE_HOACH_NAM_SAU, THUC_HIEN_THANG, UOC_KY_SAU
from formulas.results import DAT, KHONG_DAT
from formulas.validation import validate
from workbook_templates.builder import KY_CHOICES, build_template, code_rows, column_keys
from workbook_templates.reader import read_workbook

FLOW, TARGETS = "Công nghiệp - Dịch vụ", "Chỉ tiêu chủ yếu"


def _build(tmp_path, ky, nam=2026, name="mau.xlsx"):
    path = tmp_path / name
    build_template(path, don_vi="UBND tỉnh Lạng Sơn", ky=ky, nam=nam, cap="tinh")
    return path


def _headers(ws):
    keys = [c.value for c in ws[layout.KEY_ROW]]
    return dict(zip(keys, (c.value for c in ws[layout.HEADER_ROW])))


def _info(wb):
    ws = wb[layout.SHEET_INFO]
    return {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)}


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    return openpyxl.load_workbook(_build(tmp_path_factory.mktemp("thang"), "tháng 8"))


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    return openpyxl.load_workbook(_build(tmp_path_factory.mktemp("nam"), "năm"))


def test_monthly_workbook_has_the_month_the_cumulative_and_next_month(month):
    h = _headers(month[FLOW])
    assert h[THUC_HIEN_THANG] == "Thực hiện tháng 8"
    assert h["uoc_ky"] == "Lũy kế từ đầu năm đến hết tháng 8"
    assert h[UOC_KY_SAU] == "Ước thực hiện tháng 9"
    assert "den_ngay" not in h and h["cung_ky"] == "Cùng kỳ năm trước"
    assert list(h).index(THUC_HIEN_THANG) < list(h).index("uoc_ky") < list(h).index(UOC_KY_SAU)
    assert _headers(month[TARGETS])["uoc_ky"] == "Lũy kế từ đầu năm đến hết tháng 8"
    assert UOC_KY_SAU not in _headers(month[TARGETS])  # main targets: the cumulative only
    info = _info(month)
    assert (info["ky_bao_cao"], info["ky_tiep_theo"]) == ("tháng 8", "tháng 9")
    assert "năm năm" not in info["trich_yeu"]
    assert month[FLOW].cell(layout.SUBTITLE_ROW, 1).value.endswith("Kỳ báo cáo: tháng 8 năm 2026")


def test_annual_workbook_has_last_year_this_year_and_next_years_plan(year):
    h = _headers(year[FLOW])
    assert h["cung_ky"] == "Thực hiện năm 2025"
    assert h["uoc_ky"] == "Ước thực hiện cả năm 2026"
    assert h[KE_HOACH_NAM_SAU] == "Kế hoạch năm 2027"
    assert _headers(year[TARGETS])[KE_HOACH_NAM_SAU] == "Kế hoạch năm 2027"
    info = _info(year)
    assert info["ky_tiep_theo"] == "năm 2027"
    assert info["trich_yeu"].endswith("năm 2026; nhiệm vụ trọng tâm năm 2027")
    prose = year[layout.SHEET_PROSE]
    titles = [prose.cell(r, 3).value for r in range(layout.FIRST_DATA_ROW, prose.max_row + 1)]
    assert "NHIỆM VỤ TRỌNG TÂM NĂM 2027" in titles and not any("NĂM NĂM" in (t or "") for t in titles)
    # next year's plan takes a target as a resolution states it, like this year's plan cells
    ws, cols, rows = year[TARGETS], column_keys(year[TARGETS]), code_rows(year[TARGETS])
    cell = ws.cell(rows["CT.GRDP_TANG"], cols[KE_HOACH_NAM_SAU])
    assert any(cell.coordinate in dv.sqref and dv.promptTitle == "Chỉ tiêu kế hoạch"
               for dv in ws.data_validations.dataValidation)


def test_thong_tin_offers_every_period(month):
    ws = month[layout.SHEET_INFO]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    offered = next(f for f in lists if "quý" in f)
    for choice in ("quý II", "6 tháng cuối năm", "9 tháng đầu năm", "tháng 8", "tháng 01", "năm"):
        assert choice in offered.strip('"').split(",")
    assert len(KY_CHOICES) == 20


def _judge(tmp_path, ky, *, plan, actual, extra=None):
    """Build, type one year plan and one result, read back and compute: TM.BAN_LE's evaluation."""
    path = _build(tmp_path, ky, name=f"{ky}.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[FLOW]
    cols, rows = column_keys(ws), code_rows(ws)
    r = rows["TM.BAN_LE"]
    ws.cell(r, cols["kh_nam"], plan)
    ws.cell(r, cols["uoc_ky"], actual)
    for key, value in (extra or {}).items():
        ws.cell(r, cols[key], value)
    wb.save(path)
    data = read_workbook(path)
    catalog = load_catalog("tinh")
    result = compute(data, catalog)
    item = next(i for i in result.indicators if i.row.code == "TM.BAN_LE")
    return item, data, validate(data, catalog, result)


@pytest.mark.parametrize("actual, verdict", [(760, DAT), (750, DAT), (740, KHONG_DAT)])
def test_nine_month_report_is_judged_at_75_percent(tmp_path, actual, verdict):
    item, data, findings = _judge(tmp_path, "9 tháng đầu năm", plan=1000, actual=actual)
    assert data.info["ky_bao_cao"] == "9 tháng đầu năm"
    assert item.evaluation == verdict
    assert not [f for f in findings if f.rule == "KY_BAO_CAO_LA"]


def test_monthly_and_annual_columns_read_back_and_old_columns_are_not_missed(tmp_path):
    item, data, findings = _judge(tmp_path, "tháng 8", plan=1000, actual=700,
                                  extra={THUC_HIEN_THANG: 90, UOC_KY_SAU: 95})
    assert item.evaluation == DAT  # 70 % ≥ 66,67 %
    assert (item.row.values[THUC_HIEN_THANG], item.row.values[UOC_KY_SAU]) == (90, 95)
    assert not [f for f in findings if f.rule == "THIEU_COT" or "den_ngay" in f.message]
    item, data, findings = _judge(tmp_path, "năm", plan=1000, actual=990, extra={KE_HOACH_NAM_SAU: 1100})
    assert item.evaluation == KHONG_DAT and item.row.values[KE_HOACH_NAM_SAU] == 1100


def test_a_bad_value_in_a_period_column_is_marked_and_its_mark_cleared_next_time(tmp_path):
    from formulas.pipeline import run
    from workbook_templates.reader import read_sheet_values

    path = _build(tmp_path, "năm")
    wb = openpyxl.load_workbook(path)
    ws = wb[FLOW]
    cols, rows = column_keys(ws), code_rows(ws)
    cell = ws.cell(rows["TM.BAN_LE"], cols[KE_HOACH_NAM_SAU])
    cell.value = "nhiều lắm"
    wb.save(path)
    _data, _result, findings, patch = run(read_sheet_values(path), load_catalog("tinh"))
    assert any(f.sheet == FLOW and f.cell == cell.coordinate and f.rule == "SO_KHONG_HOP_LE" for f in findings)
    assert any(m.sheet == FLOW and m.cell == cell.coordinate for m in patch.marks)
    assert all(w.sheet != FLOW or cols[KE_HOACH_NAM_SAU] not in _columns(w) for w in patch.writes)  # an input
    cleared = [r for s, r in patch.clear_marks if s == FLOW]
    assert any(_inside(cell.coordinate, r) for r in cleared)


def _columns(write):
    from formulas.a1 import column_index
    first = column_index(write.top_left)
    return set(range(first, first + len(write.values[0])))


def _inside(coordinate, rng):
    from openpyxl.utils.cell import range_boundaries
    lo_c, lo_r, hi_c, hi_r = range_boundaries(rng)
    c, r = range_boundaries(coordinate)[:2]
    return lo_c <= c <= hi_c and lo_r <= r <= hi_r
