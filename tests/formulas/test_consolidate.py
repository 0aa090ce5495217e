"""Tổng hợp (formulas.consolidate): each rule against a hand-computed case, ratio of sums not mean of
ratios, an empty cell not a zero, and which units are taken (duplicate, other period / level /
catalog version, errors, missing)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from formulas import jobs
from formulas.catalog import load_catalog
from formulas.consolidate import (BI_LOAI, CO_LOI, NOP, THIEU, admit, consolidate, unit_facts,
                                  unit_table)
from formulas.facts import Fact, FactTable, Provenance, merge
from workbook_templates.builder import save_workbook
from workbook_templates.demo import build_demo_workbook
from workbook_templates.reader import read_sheet_values

REQUIRED = {"GTSX.NONG_LAM": 10, "GTSX.CN_XD": 10, "GTSX.DICH_VU": 10, "NN.GIEO_TRONG": 100,
            "NS.THU": 500, "NS.CHI": 900, "LDXH.TY_LE_HO_NGHEO": 3, "DTC.GIAI_NGAN": 0}


def info(name: str, cap: str = "xa", ky: str = "năm", nam: int = 2026) -> dict:
    level = {"xa": "XÃ", "huyen": "HUYỆN", "tinh": "TỈNH"}[cap]
    return {"cap": cap, "co_quan": f"ỦY BAN NHÂN DÂN {level} {name.upper()}", "so_ky_hieu": "01/BC-UBND",
            "dia_danh": name, "ngay_ban_hanh": "10/12/2026", "ky_bao_cao": ky, "nam": nam,
            "trich_yeu": "Báo cáo", "quyen_han_ky": "TM. ỦY BAN NHÂN DÂN", "chuc_vu_ky": "CHỦ TỊCH",
            "nguoi_ky": "Nguyễn Văn A", "noi_nhan": ["Lưu: VT."]}


def unit(tmp_path, name: str, values: dict, cap: str = "xa", ky: str = "năm", complete: bool = True):
    """One unit's workbook, written and read back like a file the province receives, and checked."""
    filled = {c: {"uoc_ky": v} for c, v in REQUIRED.items()} if complete else {}
    for code, cols in values.items():
        filled.setdefault(code, {}).update(cols)
    data = {"info": info(name, cap, ky), "values": filled, "prose": [], "tasks": []}
    path = save_workbook(build_demo_workbook(data, load_catalog(cap)), tmp_path / f"{name}.xlsx")
    return jobs.check(read_sheet_values(path), source=path.name)


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xa")
    a = unit(tmp, "An Bình", {
        "NN.LUONG_THUC": {"uoc_ky": 100, "cung_ky": 90},
        "YT.BHYT_THAM_GIA": {"uoc_ky": 900}, "YT.DAN_SO": {"uoc_ky": 1000},
        "NN.CHE_PHU_RUNG": {"uoc_ky": 60}, "TN.DIEN_TICH_TU_NHIEN": {"uoc_ky": 3000},
        "DTC.GIAI_NGAN": {"kh_von": 1000, "uoc_ky": 800},
        "NN.TRONG_RUNG": {"kh_nam": 50, "uoc_ky": 40},
        "CT.THU_NS": {"kh_nam": 600},
        "NTM.SO_XA_DAT_CHUAN": {"uoc_ky": 1, "cung_ky": 0}})
    b = unit(tmp, "Bình Minh", {
        "NN.LUONG_THUC": {"uoc_ky": 250},
        "YT.BHYT_THAM_GIA": {"uoc_ky": 50}, "YT.DAN_SO": {"uoc_ky": 100},
        "NN.CHE_PHU_RUNG": {"uoc_ky": 30}, "TN.DIEN_TICH_TU_NHIEN": {"uoc_ky": 1000},
        "DTC.GIAI_NGAN": {"kh_von": 500, "uoc_ky": 500},  # (Cao Sơn: 0 of no capital)
        "NN.TRONG_RUNG": {"kh_nam": 20, "uoc_ky": 25},
        "NTM.SO_XA_DAT_CHUAN": {"uoc_ky": 0, "cung_ky": 0}})
    c = unit(tmp, "Cao Sơn", {"YT.BHYT_TY_LE": {"uoc_ky": 99}, "NTM.SO_XA_DAT_CHUAN": {"uoc_ky": 1}})  # a rate typed without its counts
    return a, b, c


@pytest.fixture(scope="module")
def total(units):
    return consolidate(merge(unit_facts(u) for u in units), load_catalog("tinh"))


def test_sum_of_the_units_that_reported_it(total):
    assert total.value("NN.LUONG_THUC", "uoc_ky") == D(350)
    assert total.reported["NN.LUONG_THUC"]["uoc_ky"] == 2  # Cao Sơn left it empty: not a zero
    assert total.value("NN.LUONG_THUC", "cung_ky") == D(90) and total.reported["NN.LUONG_THUC"]["cung_ky"] == 1
    assert total.value("NS.THU", "uoc_ky") == D(1500) and total.reported["NS.THU"]["uoc_ky"] == 3


def test_a_rate_is_the_ratio_of_the_sums_never_the_mean_of_the_rates(total):
    got = total.value("YT.BHYT_TY_LE", "uoc_ky")
    assert got == pytest.approx(D(950) / D(1100) * 100)  # 86,36 %
    assert got != pytest.approx((D(90) + D(50) + D(99)) / 3) and got != pytest.approx(D(70))
    assert total.reported["YT.BHYT_TY_LE"]["uoc_ky"] == 2  # Cao Sơn's 99 % has no counts to add


def test_weighted_by_each_units_own_weight(total):
    # forest cover weighted by natural area: (60 × 3000 + 30 × 1000) / 4000 = 52,5 (the mean would be 45)
    assert total.value("NN.CHE_PHU_RUNG", "uoc_ky") == D("52.5")


def test_count_of_units_meeting_the_condition(total):
    # tỉnh: "số xã đạt chuẩn nông thôn mới" counts the xã whose flag is ≥ 1 (An Bình, Cao Sơn)
    assert total.value("NTM.SO_XA_DAT_CHUAN", "uoc_ky") == D(2)
    assert total.reported["NTM.SO_XA_DAT_CHUAN"]["uoc_ky"] == 3
    # last year none had: a count of zero from two units that said so, not an empty cell
    assert total.value("NTM.SO_XA_DAT_CHUAN", "cung_ky") == D(0)
    assert total.reported["NTM.SO_XA_DAT_CHUAN"]["cung_ky"] == 2


def test_count_differs_from_a_sum_and_honours_its_condition():
    # hand-computed: BHYT rates 99, 50, 80, 50,01 and one empty; "số xã có tỷ lệ trên 50 %" = 3 (not 279,01)
    catalog = load_catalog("tinh")
    rate = replace(catalog.indicator("YT.BHYT_TY_LE"), aggregate="count", count_when="trên 50")
    mini = replace(catalog, by_code={"YT.BHYT_TY_LE": rate})
    facts = FactTable()
    for name, value in (("A", "99"), ("B", "50"), ("C", "80"), ("D", "50.01")):
        facts.add(Fact(name, "năm 2026", "YT.BHYT_TY_LE", "uoc_ky", D(value)), Provenance(f"{name}.xlsx", "Y tế", "F9"))
    got = consolidate(facts, mini)
    assert got.value("YT.BHYT_TY_LE", "uoc_ky") == D(3) and got.reported["YT.BHYT_TY_LE"]["uoc_ky"] == 4
    at_least = consolidate(facts, replace(mini, by_code={"YT.BHYT_TY_LE": replace(rate, count_when=">= 50")}))
    assert at_least.value("YT.BHYT_TY_LE", "uoc_ky") == D(4)


def test_plans_are_summed_only_where_the_catalog_says_so(total):
    assert total.value("DTC.GIAI_NGAN", "kh_von") == D(1500)  # plans_add_up: capital allotted to the xã
    assert total.value("NN.TRONG_RUNG", "uoc_ky") == D(65)
    assert total.value("NN.TRONG_RUNG", "kh_nam") is None  # the province has its own plan


def test_each_units_own_targets_are_not_consolidated(total):
    assert "CT.THU_NS" not in total.values and "CT.LUONG_THUC" not in total.values


def test_every_figure_keeps_the_file_and_cell_it_came_from(total, units):
    fact = next(f for f in total.facts if f.code == "NN.LUONG_THUC" and f.column == "uoc_ky"
                and f.unit.endswith("AN BÌNH"))
    where = total.facts.where(fact)
    assert where.file == "An Bình.xlsx" and where.sheet == "Nông nghiệp" and where.cell


def test_unit_table_has_a_column_per_unit_and_the_total(total):
    table = unit_table(total.facts, load_catalog("tinh"), total)
    assert list(table.columns) == ["ten", "dvt", *total.units, "Tổng hợp"]
    row = table.loc["NN.LUONG_THUC"]
    assert row["Tổng hợp"] == D(350) and row[total.units[0]] == D(100)
    assert row.isna()[total.units[2]]  # empty stays empty


# ----------------------------------------------------------------------------- which units are taken

@pytest.fixture(scope="module")
def odd_units(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("odd")
    again = unit(tmp, "An Bình bản 2", {})
    again.unit = "ỦY BAN NHÂN DÂN XÃ AN BÌNH"  # a second file for the same xã
    other_period = unit(tmp, "Đông Hà", {}, ky="9 tháng đầu năm")
    other_level = unit(tmp, "Tân Yên", {}, cap="huyen")
    with_errors = unit(tmp, "Lũng Vài", {}, complete=False)  # required figures missing
    return again, other_period, other_level, with_errors


def test_admit_takes_each_unit_once_at_its_level_period_and_catalog(units, odd_units):
    xa = load_catalog("xa")
    expected = [u.unit for u in units] + ["ỦY BAN NHÂN DÂN XÃ HỒNG PHONG"]
    taken, lines, findings = admit([*units, *odd_units], unit_cap="xa", period="năm 2026", catalog=xa,
                                   expected=expected)
    assert [t.unit for t in taken] == [u.unit for u in units]
    by_file = {ln.file: ln for ln in lines}
    assert by_file["An Bình bản 2.xlsx"].status == BI_LOAI and "An Bình.xlsx" in by_file["An Bình bản 2.xlsx"].reason
    assert "9 tháng" in by_file["Đông Hà.xlsx"].reason and by_file["Đông Hà.xlsx"].status == BI_LOAI
    assert "cấp huyện" in by_file["Tân Yên.xlsx"].reason
    assert by_file["Lũng Vài.xlsx"].status == CO_LOI and not by_file["Lũng Vài.xlsx"].included
    assert by_file["Lũng Vài.xlsx"].errors > 0
    missing = [ln for ln in lines if ln.status == THIEU]
    assert [ln.unit for ln in missing] == ["ỦY BAN NHÂN DÂN XÃ HỒNG PHONG"]
    rules = {(f.rule, f.file) for f in findings}
    assert {("DON_VI_TRUNG", "An Bình bản 2.xlsx"), ("DON_VI_KHAC_KY", "Đông Hà.xlsx"),
            ("DON_VI_KHAC_CAP", "Tân Yên.xlsx"), ("DON_VI_CO_LOI", "Lũng Vài.xlsx"),
            ("DON_VI_CHUA_NOP", "")} <= rules
    assert all(ln.status == NOP and ln.included for ln in lines if ln.file in {u.source for u in units})


def test_a_unit_with_errors_is_taken_when_forced_and_marked(units, odd_units):
    with_errors = odd_units[3]
    taken, lines, _ = admit([*units, with_errors], unit_cap="xa", period="năm 2026",
                            catalog=load_catalog("xa"), force=True)
    assert with_errors in taken
    line = next(ln for ln in lines if ln.file == "Lũng Vài.xlsx")
    assert line.included and line.status == CO_LOI and "--force" in line.reason


def test_another_catalog_version_is_refused(units):
    a = units[0]
    meta = dict(a.data.meta)
    a.data.meta["catalog_version"] = "2025.9"
    try:
        taken, lines, findings = admit([a], unit_cap="xa", period="năm 2026", catalog=load_catalog("xa"))
    finally:
        a.data.meta.clear()
        a.data.meta.update(meta)
    assert taken == [] and "2025.9" in lines[0].reason and findings[0].rule == "DON_VI_KHAC_DANH_MUC"
