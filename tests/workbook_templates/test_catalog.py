"""The indicator catalog (workbook_templates/catalog/*.yaml): integrity of the shipped data, and clear
errors naming the file and the code when an edited catalog is broken."""
from __future__ import annotations

import re
import shutil
from dataclasses import fields

import pytest
import yaml

from formulas import layout
from formulas.catalog import (
    AGGREGATIONS, CAP_NAMES, CATALOG_DIR, CODE_RE, DIRECTIONS, KINDS, LEVELS, SENTENCE_PATTERNS,
    CatalogError, Indicator, fill_level, load_catalog,
)

from formulas.catalog import TARGETS_SECTION  # noqa: E402
FIXED_SHEETS = {layout.SHEET_GUIDE, layout.SHEET_INFO, layout.SHEET_PROSE, layout.SHEET_TASKS,
                layout.SHEET_FINDINGS, layout.SHEET_META}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog("huyen")  # the common base plus the huyện folder (the demo's main targets)


# base sheets huyen/_level.yaml drops (quốc phòng - an ninh)
HUYEN_EXCLUDES = set(yaml.safe_load((CATALOG_DIR / "huyen" / "_level.yaml").read_text(encoding="utf-8"))
                     .get("exclude") or ())


def sector_files():
    return sorted(p for p in [*CATALOG_DIR.glob("*.yaml"), *CATALOG_DIR.glob("huyen/*.yaml")]
                  if not p.name.startswith("_") and p.stem not in HUYEN_EXCLUDES)


def raw_codes():
    """Every code as written in the YAML files (the loader keeps only one per code)."""
    out = []
    for path in sector_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(path.name, ind["code"]) for ind in data["indicators"]]
    return out


# ------------------------------------------------------------------------------- the shipped catalog

def test_catalog_loads_with_one_file_per_sheet(catalog):
    assert len(catalog.sheets) == len(sector_files()) >= 15
    assert {s.key for s in catalog.sheets} == {p.stem for p in sector_files()}
    assert len(catalog.by_code) >= 250


def test_codes_are_unique_across_files_and_well_formed(catalog):
    codes = [c for _, c in raw_codes()]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    assert dupes == []
    assert len(codes) == len(catalog.by_code)
    assert [c for c in codes if not CODE_RE.match(c)] == []


def test_parents_exist_on_a_known_sheet_and_share_the_unit_of_a_breakdown(catalog):
    sheets = {s.sheet for s in catalog.sheets}
    for ind in catalog.by_code.values():
        if ind.parent is None:
            continue
        parent = catalog.indicator(ind.parent)
        assert parent is not None, ind.code
        assert parent.sheet in sheets, ind.code
        if parent.children_add_up:
            assert ind.unit == parent.unit, f"{ind.code} ({ind.unit}) is part of {parent.code} ({parent.unit})"


def test_every_breakdown_has_children_and_every_share_a_summed_parent(catalog):
    for ind in catalog.by_code.values():
        if ind.children_add_up:
            assert len(catalog.children(ind.code)) >= 2, ind.code
        if ind.show_share:
            assert ind.parent and catalog.indicator(ind.parent).children_add_up, ind.code


def test_fields_hold_allowed_values(catalog):
    for ind in catalog.by_code.values():
        assert ind.name.strip() and ind.unit.strip(), ind.code
        assert ind.kind in KINDS and ind.better in DIRECTIONS and ind.aggregate in AGGREGATIONS, ind.code
        assert ind.sentence in SENTENCE_PATTERNS, ind.code
        assert ind.evaluate in ("period", "year_end"), ind.code
        assert 0 <= ind.decimals <= 6, ind.code
        if ind.phrase:
            assert "{value}" in ind.phrase, ind.code


def test_rates_are_bounded_percentages(catalog):
    rates = [i for i in catalog.by_code.values() if i.is_rate]
    assert len(rates) >= 15
    for ind in rates:
        assert (ind.minimum, ind.maximum) == (0, 100), ind.code
        assert ind.unit == "%", ind.code
        assert not ind.children_add_up, ind.code  # a rate is never the sum of its rows
        assert ind.aggregate in ("recompute", "weighted", "none"), f"{ind.code}: a rate cannot be summed"


def test_recompute_and_weighted_reference_counts_not_rates(catalog):
    recompute = [i for i in catalog.by_code.values() if i.aggregate == "recompute"]
    assert len(recompute) >= 8
    for ind in recompute:
        assert ind.numerator and ind.denominator, ind.code
        for ref in (ind.numerator, ind.denominator):
            assert not catalog.indicator(ref).is_rate, f"{ind.code}: {ref}"
        assert catalog.indicator(ind.numerator).unit == catalog.indicator(ind.denominator).unit, ind.code
    for ind in catalog.by_code.values():
        if ind.aggregate == "weighted":
            assert ind.weight and not catalog.indicator(ind.weight).is_rate, ind.code


def test_lower_is_better_where_less_is_good(catalog):
    lower = {c for c, i in catalog.by_code.items() if i.better == "lower"}
    assert {"LDXH.TY_LE_HO_NGHEO", "LDXH.HO_NGHEO", "NV.HS_HUYEN_CHAM_HAN", "NV.HS_HUYEN_QUA_HAN",
            "NV.HS_XA_CHAM_HAN", "NV.HS_XA_QUA_HAN", "YT.SUY_DINH_DUONG"} <= lower
    assert {"NS.THU", "NN.GIEO_TRONG", "YT.BHYT_TY_LE"}.isdisjoint(lower)


def test_sheets_have_valid_unique_names_sections_and_report_order(catalog):
    names = [s.sheet for s in catalog.sheets]
    assert len(set(names)) == len(names)
    assert FIXED_SHEETS.isdisjoint(names)
    for s in catalog.sheets:
        assert 0 < len(s.sheet) <= 31 and not re.search(r"[\[\]:*?/\\]", s.sheet), s.sheet
        assert catalog.section(s.section) is not None, s.key
        assert s.indicators, s.key
    # tabs follow the report: sorted by order, the sheets' sections are in outline order
    outline = [sec.key for sec in catalog.sections]
    positions = [outline.index(s.section) for s in catalog.sheets]
    assert positions == sorted(positions)


def test_plan_labels_fill_for_every_level_and_plans_are_declared(catalog):
    assert set(CAP_NAMES) == set(LEVELS)
    for s in catalog.sheets:
        keys = {b.key for b in s.plan_bases}
        assert not keys & {"cung_ky", "den_ngay", "uoc_ky", "ghi_chu"}, s.key
        for basis in s.plan_bases:
            for cap in LEVELS:
                assert "{" not in basis.label_for(cap), (s.key, basis.key)
        for ind in s.indicators:
            assert set(ind.plans) <= keys, ind.code
    budget = catalog.sheet("Ngân sách")
    assert [b.label_for("huyen") for b in budget.plan_bases] == ["Dự toán tỉnh giao", "Dự toán huyện giao"]
    assert [b.label_for("xa") for b in budget.plan_bases] == ["Dự toán tỉnh giao", "Dự toán xã giao"]  # xã under the tỉnh since 01/7/2025
    assert fill_level("Dự toán {cap_tren} giao", "tinh") == "Dự toán Trung ương giao"


def test_seed_report_areas_are_covered(catalog):
    """Each area of section II of the seed report has its indicators (the demo data fills them)."""
    for code in ("GTSX.TONG", "NN.LUA_XUAN", "NN.TRONG_RUNG", "NN.CHE_PHU_RUNG", "NQ08.MOI_KINH_PHI",
                 "NN.NUOC_HVS", "NTM.TIEU_CHI_XA_PHAN_DAU", "MTQG.NTM_DT_TW", "MTQG.DTTS_SN_DP", "MTQG.GN_DP",
                 "CN.GIAY_PHEP_XD", "TM.XU_LY_VU", "TD.DU_NO", "DTC.GIAI_NGAN", "GPMB.DU_AN", "NS.THU",
                 "NS.CHI", "DN.THANH_LAP_MOI", "HTX.TONG", "YT.VACCINE_MUI", "YT.BHYT_TY_LE",
                 "VH.KHACH_DU_LICH", "VH.CDS_APP", "LDXH.TY_LE_HO_NGHEO", "NV.HS_HUYEN_TIEP_NHAN",
                 "NV.HS_XA_TIEP_NHAN", "NV.DVC_TY_LE", "TN.DKDD_LAN_DAU", "TT.KIEM_TRA_DAT_XD",
                 "GT.THON_CUNG_HOA_TY_LE", "TCD.LUOT", "TCD.DON_DA_GQ", "TCD.KIEN_NGHI", "PCTN.BAN_KE_KHAI",
                 "TP.XLVP_QUYET_DINH"):
        assert catalog.indicator(code) is not None, code


def test_disbursement_is_split_by_programme_capital_type_and_source(catalog):
    for prog in ("NTM", "DTTS"):
        for cap in ("DT", "SN"):
            mid = catalog.indicator(f"MTQG.{prog}_{cap}")
            assert mid.parent == f"MTQG.{prog}" and mid.children_add_up
            assert {c.code for c in catalog.children(mid.code)} == {f"MTQG.{prog}_{cap}_TW", f"MTQG.{prog}_{cap}_DP"}
    sheet = catalog.sheet("NTM - MTQG")
    assert {"den_ngay", "uoc_ky"} <= set(sheet.value_columns)
    assert all(i.sentence == "giai_ngan" and i.plans == ("kh_von",)
               for i in sheet.indicators if i.code.startswith("MTQG.") and i.unit == "triệu đồng")


def test_one_stop_dossiers_break_down_for_both_levels(catalog):
    for lv in ("HUYEN", "XA"):
        p = f"NV.HS_{lv}"
        kids = lambda code: {c.code for c in catalog.children(code)}  # noqa: E731
        assert kids(f"{p}_TIEP_NHAN") == {f"{p}_DA_GIAI_QUYET", f"{p}_DANG_GIAI_QUYET"}
        assert kids(f"{p}_DA_GIAI_QUYET") == {f"{p}_TRUOC_HAN", f"{p}_DUNG_HAN", f"{p}_CHAM_HAN"}
        assert kids(f"{p}_DANG_GIAI_QUYET") == {f"{p}_TRONG_HAN", f"{p}_QUA_HAN"}
        assert all(catalog.indicator(f"{p}_{k}").children_add_up for k in ("TIEP_NHAN", "DA_GIAI_QUYET", "DANG_GIAI_QUYET"))
    online = catalog.indicator("NV.DVC_TY_LE_HUYEN")
    assert (online.aggregate, online.numerator, online.denominator) == ("recompute", "NV.DVC_HS_HUYEN", "NV.HS_HUYEN_TIEP_NHAN")


@pytest.mark.parametrize("cap", ["huyen", "xa", "tinh"])
def test_main_targets_sheet_proposes_a_general_list_measured_like_its_sources(cap):
    """Each level proposes a general list (the office edits it on the sheet, formulas.main_targets);
    a target measures what its source measures, so its figures read and round the same."""
    catalog = load_catalog(cap)
    sheet = next(s for s in catalog.sheets if s.section == TARGETS_SECTION)
    assert sheet.sheet == "Chỉ tiêu chủ yếu"
    assert [b.key for b in sheet.plan_bases] == ["kh_nam"] and sheet.value_columns == ("uoc_ky",)
    assert sheet.order == max(s.order for s in catalog.sheets)
    assert len(sheet.indicators) >= 8
    for t in sheet.indicators:
        assert t.plans == ("kh_nam",), t.code
        if t.evaluate == "group":  # judged by its components, which have sources
            assert catalog.children(t.code), t.code
            continue
        src = catalog.indicator(t.source)
        assert src is not None and src.sheet != sheet.sheet, t.code
        assert (t.unit, t.kind, t.better, t.decimals, t.cumulative) == (
            src.unit, src.kind, src.better, src.decimals, src.cumulative), t.code
    assert {"CT.TY_LE_HO_NGHEO", "CT.THU_NS"} <= {t.code for t in sheet.indicators}
    assert all(i.source is None for s in catalog.sheets if s is not sheet for i in s.indicators)


def test_the_demo_resolutions_own_targets_are_not_in_the_catalog():
    """Cao Lộc's 15 targets (ngô Xuân, cây ăn quả đặc sản, the xã striving for NTM…) are demo data."""
    codes = {i.code for s in load_catalog("huyen").sheets if s.section == TARGETS_SECTION for i in s.indicators}
    assert not codes & {"CT.NGO_XUAN", "CT.CAY_AN_QUA_MOI", "CT.NTM_TIEU_CHI", "CT.GTSX_NONG_LAM"}


def test_readme_documents_every_field_and_pattern():
    readme = (CATALOG_DIR / "README.md").read_text(encoding="utf-8")
    for f in fields(Indicator):
        if f.name in ("sheet", "level"):
            continue
        assert f"`{f.name}`" in readme, f.name
    for key in ("sheet", "title", "section", "order", "plan_bases", "value_columns", "indicators"):
        assert f"`{key}`" in readme, key
    for pattern in SENTENCE_PATTERNS:
        assert f"`{pattern}`" in readme, pattern
    for value in (*KINDS, *AGGREGATIONS, *DIRECTIONS):
        assert f"`{value}`" in readme, value


# ------------------------------------------------------------------------------- broken copies

@pytest.fixture()
def copy(tmp_path):
    d = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, d, ignore=shutil.ignore_patterns("*.md"))
    return d


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_copy_of_the_catalog_loads(copy):
    assert len(load_catalog(copy).by_code) == len(load_catalog(CATALOG_DIR).by_code)


def test_duplicate_code_names_file_and_code(copy):
    _edit(copy / "tu_phap.yaml", "code: TP.HO_TICH\n", "code: NS.THU\n")
    with pytest.raises(CatalogError, match=r"tu_phap\.yaml.*NS\.THU"):
        load_catalog(copy)


def test_unknown_parent_names_file_and_code(copy):
    _edit(copy / "gpmb.yaml", "parent: GPMB.DU_AN\n", "parent: GPMB.KHONG_CO\n")
    with pytest.raises(CatalogError, match=r"gpmb\.yaml.*GPMB\.DA_DANG_THUC_HIEN.*GPMB\.KHONG_CO"):
        load_catalog(copy)


def test_unknown_key_names_file_code_and_key(copy):
    _edit(copy / "ngan_sach.yaml", "    required: true\n", "    requried: true\n")
    with pytest.raises(CatalogError, match=r"ngan_sach\.yaml.*NS\.THU.*requried"):
        load_catalog(copy)


def test_unknown_section_and_pattern_name_the_file(copy):
    _edit(copy / "y_te.yaml", "section: y_te\n", "section: suc_khoe\n")
    with pytest.raises(CatalogError, match=r"y_te\.yaml.*suc_khoe"):
        load_catalog(copy)


def test_recompute_without_denominator_names_the_code(copy):
    _edit(copy / "van_hoa.yaml", "    denominator: VH.NVH_TONG\n", "")
    with pytest.raises(CatalogError, match=r"van_hoa\.yaml.*VH\.NVH_TY_LE.*denominator"):
        load_catalog(copy)


def test_too_long_sheet_name_is_refused(copy):
    _edit(copy / "gpmb.yaml", "sheet: GPMB\n", "sheet: Bồi thường, hỗ trợ, tái định cư và GPMB\n")
    with pytest.raises(CatalogError, match=r"gpmb\.yaml"):
        load_catalog(copy)
