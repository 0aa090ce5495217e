"""The per-level catalogs (huyện, xã, tỉnh): integrity, wording a xã or tỉnh user sees, shared codes,
the concepts each level reports, and the _ktxh catalog id / version round trip."""
from __future__ import annotations

import unicodedata
from itertools import combinations

import openpyxl
import pytest
import yaml
from openpyxl.utils.escape import unescape

from formulas import layout
from formulas.catalog import (
    CATALOG_DIR, LEVELS, catalog_for_meta, catalog_for_values, catalog_id, fill_level, load_catalog,
)
from formulas.errors import KtxhError
from workbook_templates.builder import build_template, section_title
from workbook_templates.reader import read_workbook

UNITS = {"xa": "UBND xã Tân Liên", "tinh": "UBND tỉnh Lạng Sơn", "huyen": "UBND huyện Cao Lộc"}
PERIODS = ("6 tháng đầu năm", "năm", "quý I", "9 tháng đầu năm", "tháng 8")
TARGETS = "Chỉ tiêu chủ yếu"
NEW_LEVELS = ("xa", "tinh")  # levels whose users must never read "huyện"


def says_huyen(text) -> bool:
    """True when the text names the huyện level, whatever its case or Unicode composition."""
    return isinstance(text, str) and "huyện" in unicodedata.normalize("NFC", text).casefold()


@pytest.fixture(scope="module")
def catalogs():
    return {cap: load_catalog(cap) for cap in LEVELS}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One 6-month workbook per level, saved and reopened with openpyxl: {cap: (path, workbook)}."""
    out = {}
    for cap in LEVELS:
        path = build_template(tmp_path_factory.mktemp(cap) / f"mau_{cap}.xlsx", don_vi=UNITS[cap],
                              ky="6 tháng đầu năm", nam=2026, cap=cap)
        out[cap] = (path, openpyxl.load_workbook(path))
    return out


def meta_rows(wb) -> list[list[object]]:
    return [list(r) for r in wb[layout.SHEET_META].iter_rows(values_only=True)]


def meta_row_of(rows, key) -> int:
    return next(i for i, r in enumerate(rows, start=1) if r[0] == key)


def test_detector_catches_every_spelling():
    decomposed = unicodedata.normalize("NFD", "huyện")
    for text in ("UBND huyện", "Huyện Cao Lộc", "ỦY BAN NHÂN DÂN HUYỆN", decomposed):
        assert says_huyen(text), text
    for text in ("UBND xã", "NV.HS_HUYEN_TIEP_NHAN", None, 3):
        assert not says_huyen(text), text


# ------------------------------------------------------------------------------- 1. integrity

@pytest.mark.parametrize("cap", LEVELS)
def test_level_loads_with_its_id_cap_and_version(catalogs, cap):
    catalog = catalogs[cap]
    spec = yaml.safe_load((CATALOG_DIR / cap / "_level.yaml").read_text(encoding="utf-8"))
    assert catalog.id == catalog_id(cap) == f"ktxh-{cap}" == spec["id"]
    assert catalog.cap == cap
    assert catalog.version == str(spec["version"]) == "2026.2"
    assert load_catalog(f"ktxh-{cap}") is catalog  # the id names the same catalog


@pytest.mark.parametrize("cap", LEVELS)
def test_codes_unique_and_references_resolve_within_the_level(catalogs, cap):
    catalog = catalogs[cap]
    codes = [i.code for s in catalog.sheets for i in s.indicators]
    assert len(codes) == len(set(codes)) == len(catalog.by_code)
    for ind in catalog.by_code.values():
        for field in ("parent", "numerator", "denominator", "weight", "source"):
            ref = getattr(ind, field)
            assert ref is None or ref in catalog.by_code, f"{cap}: {ind.code}.{field} -> {ref}"


def test_levels_differ_where_they_should(catalogs):
    """xã drops the huyện one-stop rows and the gross-output sheet stays; tỉnh swaps it for GRDP."""
    xa, tinh, huyen = catalogs["xa"], catalogs["tinh"], catalogs["huyen"]
    assert "NV.HS_HUYEN_TIEP_NHAN" in huyen.by_code and "NV.HS_HUYEN_TIEP_NHAN" not in xa.by_code
    assert "NV.DVC_TY_LE_HUYEN" not in xa.by_code
    assert tinh.sheet("Giá trị sản xuất") is None and tinh.sheet("Kinh tế tổng hợp") is not None
    assert "KT.GRDP" in tinh.by_code and "KT.GRDP" not in xa.by_code
    assert tinh.section("kinh_te_tong_hop") is not None and xa.section("kinh_te_tong_hop") is None


# ------------------------------------------------------------------------------- 2. no "huyện"

@pytest.mark.parametrize("cap", NEW_LEVELS)
def test_catalog_wording_never_says_huyen(catalogs, cap):
    catalog = catalogs[cap]
    hits = []
    for sheet in catalog.sheets:
        hits += [(sheet.key, t) for t in (sheet.sheet, sheet.title) if says_huyen(t)]
        for basis in sheet.plan_bases:
            label = fill_level(basis.label, cap)
            assert "{" not in label, (sheet.key, basis.key)
            if says_huyen(label):
                hits.append((sheet.key, label))
        for ind in sheet.indicators:
            for field in ("name", "phrase", "help", "same_period_text", "unit"):
                if says_huyen(getattr(ind, field)):
                    hits.append((ind.code, field, getattr(ind, field)))
    assert hits == []


@pytest.mark.parametrize("cap", NEW_LEVELS)
def test_section_titles_never_say_huyen(catalogs, cap):
    for section in catalogs[cap].sections:
        for ky in PERIODS:
            title = section_title(section.title, ky=ky, nam=2026, cap=cap)
            assert "{" not in title and not says_huyen(title), (section.key, ky, title)
    chi_dao = section_title(catalogs[cap].section("chi_dao").title, ky="năm", nam=2026, cap=cap)
    assert chi_dao.endswith("UBND " + {"xa": "XÃ", "tinh": "TỈNH"}[cap])


def visible_texts(wb):
    """(where, text) of every string a user sees: cells of visible sheets, data-validation messages,
    page headers and footers. The Thông tin row where the level is chosen lists every level
    (tinh / xa / huyen, the last for reports made before 01/7/2025) and is left out."""
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        skip_row = None
        if ws.title == layout.SHEET_INFO:
            skip_row = next(c.row for c in ws["A"] if c.value == "cap")
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.row != skip_row:
                    out.append((f"{ws.title}!{c.coordinate}", unescape(c.value)))
        for dv in ws.data_validations.dataValidation:
            if skip_row is not None and f"C{skip_row}" in dv.sqref:
                continue
            for text in (dv.prompt, dv.promptTitle, dv.error, dv.errorTitle, dv.formula1):
                if text:
                    out.append((f"{ws.title} validation {dv.sqref}", text))
        for hf in (ws.oddHeader, ws.oddFooter, ws.evenHeader, ws.evenFooter):
            for part in (hf.left, hf.center, hf.right):
                if part.text:
                    out.append((f"{ws.title} header/footer", part.text))
    return out


@pytest.mark.parametrize("cap", NEW_LEVELS)
def test_built_workbook_never_says_huyen(built, catalogs, cap):
    _, wb = built[cap]
    texts = visible_texts(wb)
    assert len(texts) > 2 * len(catalogs[cap].by_code)  # names, units, prompts…: the scan saw the sheets
    assert any("validation" in where for where, _ in texts)
    assert [(where, text) for where, text in texts if says_huyen(text)] == []


def test_xa_budget_and_one_stop_rows_name_the_xa(built, catalogs):
    budget = catalogs["xa"].sheet("Ngân sách")
    labels = {b.key: b.label_for("xa") for b in budget.plan_bases}
    own = labels["du_toan_cap"]
    assert "xã" in own and not says_huyen(own) and labels["du_toan_tren"] == "Dự toán tỉnh giao"
    _, wb = built["xa"]
    headers = [c.value for c in wb["Ngân sách"][layout.HEADER_ROW]]
    assert own in headers and f"% so với {own}" in headers
    texts = [t for _, t in visible_texts(wb)]
    assert not any("Bộ phận Một cửa UBND cấp huyện" in t for t in texts)
    assert any(t.startswith("Bộ phận Một cửa UBND xã") for t in texts)


def test_info_sheet_example_agency_is_of_the_workbooks_level(built):
    for cap, word in (("xa", "XÃ"), ("tinh", "TỈNH"), ("huyen", "HUYỆN")):
        ws = built[cap][1][layout.SHEET_INFO]
        row = next(c.row for c in ws["A"] if c.value == "co_quan")
        assert f"ỦY BAN NHÂN DÂN {word} " in ws.cell(row, 4).value, cap


# ------------------------------------------------------------------------------- 3. shared codes

SAME_FIELDS = ("unit", "kind", "aggregate", "numerator", "denominator", "weight", "better", "parent")


def test_a_shared_code_is_the_same_indicator_on_every_level(catalogs):
    for a, b in combinations(LEVELS, 2):
        shared = catalogs[a].by_code.keys() & catalogs[b].by_code.keys()
        assert len(shared) > 250, (a, b)
        for code in sorted(shared):
            ia, ib = catalogs[a].by_code[code], catalogs[b].by_code[code]
            diff = [f for f in SAME_FIELDS if getattr(ia, f) != getattr(ib, f)]
            if "count" in (ia.aggregate, ib.aggregate):  # a province counts its xã's flags (số xã đạt chuẩn):
                diff.remove("aggregate")                 # the rule says how the lower level's values combine
            assert diff == [], f"{code}: {a} and {b} differ in {diff}"


def test_level_overrides_of_names_and_phrases_do_not_say_huyen(catalogs):
    huyen = catalogs["huyen"]
    for cap in NEW_LEVELS:
        overridden = [(code, f) for code, ind in catalogs[cap].by_code.items() if code in huyen.by_code
                      for f in ("name", "phrase", "help") if getattr(ind, f) != getattr(huyen.by_code[code], f)]
        assert len(overridden) >= 3, cap  # the level renames rows: the check below is not vacuous
        for code, f in overridden:
            assert not says_huyen(getattr(catalogs[cap].by_code[code], f)), (cap, code, f)
    assert catalogs["xa"].by_code["NV.HS_XA_TIEP_NHAN"].name.startswith("Bộ phận Một cửa UBND xã")
    assert "tỉnh" in catalogs["tinh"].by_code["NV.HS_HUYEN_TIEP_NHAN"].name


# ------------------------------------------------------------------------------- 4. tỉnh concepts

TINH_CONCEPTS = {
    "GRDP": "KT.GRDP", "GRDP growth": "KT.GRDP_TANG", "economic structure": "KT.CO_CAU",
    "GRDP per capita": "KT.GRDP_BQ", "IIP": "KT.IIP", "retail sales": "TM.BAN_LE", "CPI": "KT.CPI",
    "exports": "KT.XUAT_KHAU", "imports": "KT.NHAP_KHAU", "FDI projects": "KT.FDI_DU_AN", "FDI capital": "KT.FDI_VON",
    "domestic investment projects": "KT.DTTN_DU_AN", "domestic investment capital": "KT.DTTN_VON",
    "total social investment": "KT.VON_DAU_TU_XH", "budget revenue": "NS.THU",
    "domestic revenue": "NS.THU_NOI_DIA", "import-export revenue": "NS.THU_XNK", "budget expenditure": "NS.CHI",
    "new enterprises": "DN.THANH_LAP_MOI", "tourists": "VH.KHACH_DU_LICH", "tourism revenue": "VH.DOANH_THU_DU_LICH",
    "poverty rate": "LDXH.TY_LE_HO_NGHEO", "trained labour": "LDXH.LAO_DONG_DAO_TAO",
    "health insurance": "YT.BHYT_TY_LE", "doctors per 10,000": "YT.BAC_SI_VAN_DAN",
    "hospital beds per 10,000": "YT.GIUONG_BENH_VAN_DAN", "schools meeting national standards": "GD.TY_LE_TRUONG_DAT_CHUAN",
    "new-rural communes": "NTM.SO_XA_DAT_CHUAN", "forest cover": "NN.CHE_PHU_RUNG", "urbanisation": "KT.DO_THI_HOA",
    "clean water": "NN.NUOC_HVS", "solid waste": "TN.CTR_DO_THI",
}
SECTORS = ("NLTS", "CN_XD", "DV", "THUE")  # nông lâm thủy sản, công nghiệp - xây dựng, dịch vụ, thuế sản phẩm


def test_tinh_catalog_holds_the_provincial_resolution_concepts(catalogs):
    tinh = catalogs["tinh"]
    missing = {concept: code for concept, code in TINH_CONCEPTS.items() if tinh.indicator(code) is None}
    assert missing == {}
    assert tinh.indicator("TM.BAN_LE").name.startswith("Tổng mức bán lẻ")
    for code in ("KT.CPI", "LDXH.TY_LE_HO_NGHEO"):
        assert tinh.indicator(code).better == "lower", code
    for code in ("KT.GRDP", "KT.GRDP_TANG", "KT.IIP", "NS.THU", "KT.XUAT_KHAU", "NN.CHE_PHU_RUNG"):
        assert tinh.indicator(code).better == "higher", code
    assert {i.code for i in tinh.children("NS.THU")} >= {"NS.THU_NOI_DIA", "NS.THU_XNK"}


def test_tinh_grdp_growth_and_structure_by_the_four_sectors(catalogs):
    tinh = catalogs["tinh"]
    for total in ("KT.GRDP", "KT.GRDP_TANG", "KT.GRDP_HH", "KT.CO_CAU"):
        assert {i.code for i in tinh.children(total)} == {f"{total}_{s}" for s in SECTORS}, total
    assert tinh.indicator("KT.GRDP").children_add_up and tinh.indicator("KT.GRDP_HH").children_add_up
    structure = tinh.indicator("KT.CO_CAU")
    assert structure.shares_add_up and structure.unit == "%"
    for s in SECTORS:
        share = tinh.indicator(f"KT.CO_CAU_{s}")
        assert (share.unit, share.aggregate, share.numerator, share.denominator) == (
            "%", "recompute", f"KT.GRDP_HH_{s}", "KT.GRDP_HH"), s
        assert tinh.indicator(f"KT.GRDP_TANG_{s}").allow_negative  # a sector may shrink


TINH_TARGET_SOURCES = {
    "KT.GRDP_TANG", "KT.GRDP_BQ", "KT.VON_DAU_TU_XH", "KT.XUAT_KHAU", "NS.THU", "KT.CPI", "LDXH.TY_LE_HO_NGHEO",
    "LDXH.LAO_DONG_DAO_TAO", "YT.BHYT_TY_LE", "YT.BAC_SI_VAN_DAN", "YT.GIUONG_BENH_VAN_DAN",
    "GD.TY_LE_TRUONG_DAT_CHUAN", "NTM.SO_XA_DAT_CHUAN", "NN.CHE_PHU_RUNG", "KT.DO_THI_HOA", "NN.NUOC_HVS",
    "TN.CTR_DO_THI", *(f"KT.CO_CAU_{s}" for s in SECTORS),
}


@pytest.mark.parametrize("cap", NEW_LEVELS)
def test_main_targets_read_a_real_sector_indicator(catalogs, cap):
    catalog = catalogs[cap]
    sheet = catalog.sheet(TARGETS)
    assert sheet is not None and [b.key for b in sheet.plan_bases] == ["kh_nam"]
    for t in sheet.indicators:
        assert t.plans == ("kh_nam",), t.code
        if t.evaluate == "group":  # judged by its parts, which carry the sources
            assert t.source is None and len(catalog.children(t.code)) >= 2, t.code
            continue
        src = catalog.indicator(t.source)
        assert src is not None and src.sheet != TARGETS, t.code
        assert (t.unit, t.kind, t.better) == (src.unit, src.kind, src.better), t.code


def test_tinh_main_targets_cover_the_resolution(catalogs):
    tinh = catalogs["tinh"]
    targets = tinh.sheet(TARGETS).indicators
    sources = {t.source for t in targets if t.source}
    assert sources >= TINH_TARGET_SOURCES, sorted(TINH_TARGET_SOURCES - sources)
    structure = tinh.indicator("CT.CO_CAU")
    assert structure.evaluate == "group" and structure.shares_add_up
    assert {c.source for c in tinh.children("CT.CO_CAU")} == {f"KT.CO_CAU_{s}" for s in SECTORS}
    assert tinh.indicator("CT.CPI").better == "lower" and tinh.indicator("CT.TY_LE_HO_NGHEO").better == "lower"


# ------------------------------------------------------------------------------- 5. xã areas

XA_AREAS = {
    "agriculture": ("NN.LUA_XUAN", "NN.LUONG_THUC", "NN.TRONG_RUNG"),
    "budget": ("NS.THU", "NS.CHI"),
    "public investment": ("DTC.GIAI_NGAN",),
    "population and social protection": ("LDXH.TY_LE_HO_NGHEO", "LDXH.BTXH_CHI_TRA", "LDXH.NCC_CHI_TRA"),
    "education": ("GD.TY_LE_TRUONG_DAT_CHUAN", "GD.TRUONG_DAT_CHUAN"),
    "health": ("YT.BHYT_TY_LE", "YT.VACCINE_MUI"),
    "land and construction order": ("TN.DKDD_LAN_DAU", "CN.GIAY_PHEP_XD", "TT.KIEM_TRA_DAT_XD"),
    "one-stop dossiers": ("NV.HS_XA_TIEP_NHAN", "NV.HS_TIEP_NHAN"),
    "online public services": ("NV.DVC_TY_LE", "NV.DVC_HS_XA"),
    "administrative violations": ("TP.XLVP_QUYET_DINH",),
    "inspection": ("TTR.CUOC_THANH_TRA",),
    "citizen reception": ("TCD.LUOT", "TCD.DON_DA_GQ"),
}


@pytest.mark.parametrize("area", sorted(XA_AREAS))
def test_xa_catalog_has_commune_indicators_for_each_area(catalogs, area):
    xa = catalogs["xa"]
    present = [code for code in XA_AREAS[area] if xa.indicator(code) is not None]
    assert present, area


@pytest.mark.parametrize("cap", ["xa", "tinh"])
def test_security_and_order_are_reported_by_xa_and_tinh(catalogs, cap):
    """Quốc phòng - an ninh: its sheet and its section for a xã and a tỉnh; the huyện catalog drops
    both (the demo report, like the seed, has no such section)."""
    words = ("nhập ngũ", "phạm pháp hình sự", "tai nạn giao thông", "ma túy")
    level = catalogs[cap]
    for w in words:
        assert any(w in ind.name.lower() for ind in level.by_code.values()), (cap, w)
    assert level.sheet("Quốc phòng - An ninh").section == "quoc_phong_an_ninh"
    assert level.section("quoc_phong_an_ninh") is not None
    assert catalogs["huyen"].section("quoc_phong_an_ninh") is None
    assert catalogs["huyen"].sheet("Quốc phòng - An ninh") is None


# ------------------------------------------------------------------------------- 6. _ktxh round trip

@pytest.mark.parametrize("cap", LEVELS)
def test_built_workbook_names_its_catalog_and_reopens_with_it(built, catalogs, cap):
    rows = meta_rows(built[cap][1])
    meta = {r[0]: r[1] for r in rows}
    assert meta["catalog_id"] == f"ktxh-{cap}" and meta["catalog_version"] == catalogs[cap].version
    assert meta["cap"] == cap
    assert catalog_for_meta(rows) is catalogs[cap]
    assert catalog_for_values({layout.SHEET_META: rows}).cap == cap


def _with(rows, key, value):
    return [[r[0], value] if r[0] == key else list(r) for r in rows]


def test_unknown_catalog_id_is_refused_naming_the_cell(built):
    rows = meta_rows(built["xa"][1])
    with pytest.raises(KtxhError) as exc:
        catalog_for_meta(_with(rows, "catalog_id", "ktxh-quan"))
    msg = str(exc.value)
    assert "_ktxh" in msg and f"B{meta_row_of(rows, 'catalog_id')}" in msg and "ktxh-quan" in msg


def test_newer_catalog_version_is_refused_and_older_accepted(built, catalogs):
    rows = meta_rows(built["tinh"][1])
    with pytest.raises(KtxhError) as exc:
        catalog_for_meta(_with(rows, "catalog_version", "2099.1"))
    msg = str(exc.value)
    assert "2099.1" in msg and "_ktxh" in msg and f"B{meta_row_of(rows, 'catalog_version')}" in msg
    assert catalog_for_meta(_with(rows, "catalog_version", "2025.1")) is catalogs["tinh"]


def test_workbook_without_catalog_id_is_read_with_the_huyen_catalog(built, catalogs):
    rows = [r for r in meta_rows(built["xa"][1]) if r[0] != "catalog_id"]
    assert catalog_for_meta(rows) is catalogs["huyen"]
    assert catalog_for_meta(None).cap == "huyen"


def test_reader_reads_a_xa_workbook_with_the_xa_catalog(built, catalogs):
    data = read_workbook(built["xa"][0])
    assert data.meta["catalog_id"] == "ktxh-xa"
    codes = {r.code for r in data.rows}
    assert codes == set(catalogs["xa"].by_code)
    assert "CT.LUONG_THUC" in codes and "NV.HS_HUYEN_TIEP_NHAN" not in codes
    row = next(r for r in data.rows if r.code == "NV.HS_XA_TIEP_NHAN")
    assert row.indicator is catalogs["xa"].by_code["NV.HS_XA_TIEP_NHAN"]


def test_reader_refuses_a_workbook_with_an_unknown_catalog_id(built, tmp_path):
    wb = openpyxl.load_workbook(built["xa"][0])
    ws = wb[layout.SHEET_META]
    r = meta_row_of(meta_rows(wb), "catalog_id")
    ws.cell(r, 2, "ktxh-quan")
    path = tmp_path / "la.xlsx"
    wb.save(path)
    with pytest.raises(KtxhError, match=rf"_ktxh.*B{r}"):
        read_workbook(path)


@pytest.mark.parametrize("cap", NEW_LEVELS)
def test_no_demo_only_rows_in_new_levels(catalogs, cap):
    # the tree species planted at Cao Lộc's festival are the demo's, not every province's or xã's
    names = {ind.name for ind in catalogs[cap].by_code.values()}
    assert not names & {"Cây Vàng Anh", "Cây Ban tím", "Cây Muồng Hoàng Yến", "Cây Đào", "Cây Hò"}
    assert catalogs[cap].indicator("NN.TET_TRONG_CAY") is not None  # the festival's total stays
