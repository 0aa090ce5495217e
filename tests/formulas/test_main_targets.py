"""The main targets belong to the workbook: the office's list on the Chỉ tiêu chủ yếu sheet is what
the checker counts and evaluates, whatever list the catalog proposes (formulas.main_targets)."""
from __future__ import annotations

import openpyxl
import pytest

from formulas import jobs, layout
from formulas.catalog import TARGETS_SECTION, load_catalog
from formulas.main_targets import TargetSpec, parse_timing, specs_of, targets_sheet, with_main_targets
from formulas.results import CUOI_NAM
from workbook_templates.builder import build_workbook, code_rows, column_keys, save_workbook
from workbook_templates.reader import read_sheet_values

SHEET = "Chỉ tiêu chủ yếu"


@pytest.fixture(scope="module")
def huyen():
    return load_catalog("huyen")


def test_the_proposed_list_unchanged_is_the_same_catalog(huyen):
    assert with_main_targets(huyen, specs_of(huyen)) is huyen


def test_a_target_from_a_source_measures_like_it_and_keeps_the_offices_order(huyen):
    specs = [TargetSpec("CT.NGO_XUAN", "Diện tích ngô Xuân", "", "NN.NGO_XUAN"),
             TargetSpec("CT.THU_NS", "Thu ngân sách trên địa bàn", "triệu đồng", "NS.THU"),
             TargetSpec("CT.HO_NGHEO_GIAM", "Giảm tỷ lệ hộ nghèo", "%", None, "year_end")]
    got = with_main_targets(huyen, specs)
    sheet = targets_sheet(got)
    assert [i.code for i in sheet.indicators] == ["CT.NGO_XUAN", "CT.THU_NS", "CT.HO_NGHEO_GIAM"]
    ngo, src = got.by_code["CT.NGO_XUAN"], huyen.by_code["NN.NGO_XUAN"]
    assert (ngo.unit, ngo.kind, ngo.decimals, ngo.source, ngo.plans, ngo.sheet) == (
        src.unit, src.kind, src.decimals, "NN.NGO_XUAN", ("kh_nam",), SHEET)
    assert got.by_code["CT.THU_NS"].name == "Thu ngân sách trên địa bàn"  # the office's wording
    typed = got.by_code["CT.HO_NGHEO_GIAM"]  # no source: its result is typed on its row
    assert (typed.kind, typed.source, typed.evaluate) == ("rate", None, "year_end")
    assert "CT.GTSX" not in got.by_code  # dropped from the list: no longer a target
    assert "NN.NGO_XUAN" in got.by_code and got.sheets[0] is not None
    assert load_catalog("huyen") is huyen  # the level catalog itself is untouched


def test_an_unknown_source_is_left_out(huyen):
    got = with_main_targets(huyen, [TargetSpec("CT.X", "X", "ha", "NN.KHONG_CO")])
    assert "CT.X" not in got.by_code


def test_a_group_keeps_its_components():
    tinh = load_catalog("tinh")
    specs = [s for s in specs_of(tinh) if s.code.startswith("CT.CO_CAU")]
    got = targets_sheet(with_main_targets(tinh, specs))
    assert [i.code for i in got.indicators][0] == "CT.CO_CAU"
    assert {i.parent for i in got.indicators[1:]} == {"CT.CO_CAU"} and len(got.indicators) == 5


def test_timing_words():
    assert [parse_timing(t) for t in ("Cuối năm", " cuối  năm ", "Trong kỳ", "Theo thành phần", "", "sau")] == [
        "year_end", "year_end", "period", "group", None, None]


def _huyen_book(tmp_path):
    wb = build_workbook(don_vi="UBND huyện Minh Hòa", ky="6 tháng đầu năm", nam=2026, cap="huyen")
    return wb, wb[SHEET]


def test_built_sheet_lets_the_office_edit_its_list(tmp_path):
    wb, ws = _huyen_book(tmp_path)
    cols = column_keys(ws)
    assert {layout.TARGET_SOURCE_COLUMN, layout.TARGET_TIMING_COLUMN} <= set(cols)
    first = layout.FIRST_DATA_ROW
    assert ws.cell(first, cols["ma"]).value == "CT.GTSX" and ws.cell(first, cols["nguon"]).value == "GTSX.TONG"
    assert ws.cell(first, cols["thoi_diem_danh_gia"]).value == "Trong kỳ"
    n = len(targets_sheet(load_catalog("huyen")).indicators)
    spare = first + n  # empty rows under the list, for the resolution's other targets
    for key in ("ma", "ten", "dvt", "kh_nam", "nguon", "thoi_diem_danh_gia"):
        assert not ws.cell(first, cols[key]).protection.locked, key
        assert not ws.cell(spare + layout.TARGET_SPARE_ROWS - 1, cols[key]).protection.locked, key
    assert ws.cell(spare, cols["ma"]).value is None
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any("Cuối năm" in dv.formula1 for dv in lists)


def test_the_offices_list_is_what_the_checker_counts(tmp_path):
    """Remove a proposed target, add one of the resolution's own in a spare row, judged at year end;
    add one whose source code is mistyped: the count, the verdicts and the finding follow the sheet."""
    wb, ws = _huyen_book(tmp_path)
    cols, rows = column_keys(ws), code_rows(ws)
    nn = wb["Nông nghiệp"]
    nn.cell(code_rows(nn)["NN.NGO_XUAN"], column_keys(nn)["uoc_ky"], 1100)
    proposed = len(targets_sheet(load_catalog("huyen")).indicators)
    ws.cell(rows["CT.GTSX"], cols["ma"]).value = None  # the resolution sets no GTSX target
    ws.cell(rows["CT.GTSX"], cols["ten"]).value = None
    spare = layout.FIRST_DATA_ROW + proposed
    for key, value in (("ma", "CT.NGO_XUAN"), ("ten", "Diện tích ngô Xuân"), ("dvt", "ha"), ("kh_nam", 1200),
                       ("nguon", "nn.ngo_xuan"), ("thoi_diem_danh_gia", "Cuối năm")):
        ws.cell(spare, cols[key]).value = value
    for key, value in (("ma", "CT.SAI"), ("ten", "Chỉ tiêu gõ sai mã nguồn"), ("kh_nam", 5), ("nguon", "NN.KHONG_CO")):
        ws.cell(spare + 1, cols[key]).value = value
    path = save_workbook(wb, tmp_path / "huyen.xlsx")

    out = jobs.check(read_sheet_values(path), source=path)
    targets = targets_sheet(out.catalog)
    assert [i.code for i in targets.indicators][-1] == "CT.NGO_XUAN" and "CT.GTSX" not in out.catalog.by_code
    # one removed, two added: the mistyped one is still one of the resolution's targets, not judged
    assert out.result.summary.targets_total == proposed + 1
    assert out.result.by_code()["CT.SAI"].evaluation is None
    ngo = out.result.by_code()["CT.NGO_XUAN"]
    assert ngo.evaluation == CUOI_NAM
    bad = [f for f in out.findings if f.rule == "MA_NGUON_KHONG_CO"]
    letter = openpyxl.utils.get_column_letter(cols["nguon"])
    assert [(f.sheet, f.cell, f.code) for f in bad] == [(SHEET, f"{letter}{spare + 1}", "CT.SAI")]
    assert "NN.KHONG_CO" in bad[0].message


def test_a_workbook_without_the_target_columns_keeps_the_catalogs_list(tmp_path):
    """Workbooks made before the columns existed, at a level that never shipped another list: the
    catalog's proposed list, read as before."""
    wb = build_workbook(don_vi="UBND xã Minh Hòa", ky="năm", nam=2026, cap="xa")
    ws = wb[SHEET]
    ws.delete_cols(column_keys(ws)["nguon"], 2)
    path = save_workbook(wb, tmp_path / "cu.xlsx")
    out = jobs.check(read_sheet_values(path), source=path)
    assert out.catalog is load_catalog("xa")


def test_an_old_demo_workbook_reads_with_the_list_the_catalog_shipped_then(tmp_path):
    """A huyện workbook made by ktxh before catalog 2026.2 (no target columns; the catalog held the
    demo's 15 targets): read with huyen/_targets_before_2026.2.yaml, it gives the seed's counts."""
    from workbook_templates.demo import write_demo_workbook

    path = write_demo_workbook(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    ws.delete_cols(column_keys(ws)["nguon"], 2)
    meta = wb["_ktxh"]
    for row in meta.iter_rows():
        if row[0].value in ("catalog_id", "catalog_version"):
            row[1].value = {"catalog_id": "ktxh-huyen", "catalog_version": "2026.1"}[row[0].value]
    old = tmp_path / "demo_2026_1.xlsx"
    wb.save(old)
    out = jobs.check(read_sheet_values(old), source=old)
    assert [i.code for i in targets_sheet(out.catalog).indicators][5] == "CT.NGO_XUAN"
    summary = out.result.summary
    assert (summary.targets_total, summary.targets) == (15, {"Vượt": 1, "Đạt": 12, CUOI_NAM: 2})
