"""The built template read back with openpyxl: sheets, headers, validation, protection, print setup."""
from __future__ import annotations

import os
import stat
from datetime import datetime

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import unescape
from python_calamine import CalamineWorkbook

from formulas import layout
from workbook_templates import styles
from workbook_templates.builder import (
    build_template, build_workbook, code_rows, column_keys, escape_office_text, infer_cap, next_period, period_phrase, place_name,
    save_workbook, section_title, short_unit_name,
)
from formulas.catalog import load_catalog
from formulas.errors import KtxhError

SETTINGS = dict(don_vi="UBND xã Tân Liên", ky="6 tháng đầu năm", nam=2026, cap="xa")


@pytest.fixture(scope="module")
def built(tmp_path_factory, small_catalog):
    path = tmp_path_factory.mktemp("tpl") / "mau.xlsx"
    build_template(path, catalog=small_catalog, **SETTINGS)
    return openpyxl.load_workbook(path), small_catalog, path


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    path = tmp_path_factory.mktemp("real") / "mau.xlsx"
    build_template(path, **SETTINGS)
    return openpyxl.load_workbook(path), load_catalog("xa")


def _dv_for(ws, coordinate):
    """The data validations covering one cell."""
    return [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]


# ---------------------------------------------------------------- sheets and headers

def test_sheets_in_layout_order(built, real):
    for wb, catalog in (built[:2], real):
        assert wb.sheetnames == layout.all_sheet_names(catalog)
    assert "Thử nghiệm" in built[0].sheetnames


def test_sector_headers_key_row_and_numbers(built):
    wb, catalog, _ = built
    sheet = catalog.sheet("Thử nghiệm")
    ws = wb[sheet.sheet]
    columns = layout.sector_columns(sheet, "xa", "6 tháng đầu năm 2026")  # headers say the year
    assert [c.value for c in ws[layout.KEY_ROW]] == [c.key for c in columns]
    assert [c.value for c in ws[layout.HEADER_ROW]] == [c.header for c in columns]
    assert [c.value for c in ws[layout.NUMBER_ROW]] == [f"({i})" for i in range(1, len(columns) + 1)]
    assert ws.row_dimensions[layout.KEY_ROW].hidden
    # plan labels filled for the level: a xã's estimates come from the huyện and the xã
    assert "Dự toán tỉnh giao" in [c.header for c in columns]  # xã under the tỉnh since 01/7/2025
    assert "Dự toán xã giao" in [c.header for c in columns]
    assert ws.cell(layout.HEADER_ROW, 1).alignment.wrap_text


def test_sector_title_and_subtitle(built):
    ws = built[0]["Thử nghiệm"]
    assert ws["A1"].value == "BIỂU THU NGÂN SÁCH THỬ NGHIỆM"  # catalog title, upper case
    sub = ws["A2"].value
    assert "UBND xã Tân Liên" in sub and "6 tháng đầu năm 2026" in sub and "năm năm" not in sub
    assert any(str(r) == f"A1:{get_column_letter(ws.max_column)}1" for r in ws.merged_cells.ranges)


def test_real_sector_title_says_bieu_so_lieu(real):
    wb, catalog = real
    for sheet in catalog.sheets:
        assert wb[sheet.sheet]["A1"].value.startswith("BIỂU")


def test_rows_follow_catalog_with_indented_children(built):
    wb, catalog, _ = built
    sheet = catalog.sheet("Thử nghiệm")
    ws = wb[sheet.sheet]
    cols = column_keys(ws)
    rows = code_rows(ws)
    assert list(rows) == [i.code for i in sheet.indicators]
    assert list(rows.values()) == list(range(layout.FIRST_DATA_ROW, layout.FIRST_DATA_ROW + len(sheet.indicators)))
    levels = {i.code: i.level for i in sheet.indicators}
    assert levels["TN.THU_THUE_DN"] == 2
    for code, r in rows.items():
        name = ws.cell(r, cols["ten"])
        assert name.alignment.indent == 2 * levels[code]
        assert name.font.b == (levels[code] == 0)
    assert [ws.cell(r, cols["stt"]).value for r in rows.values()] == ["1", "1.1", "-", "2", "3", "4"]
    assert ws.cell(rows["TN.HO_NGHEO"], cols["dvt"]).value == "%"


def test_code_and_unit_columns_fit_their_longest_entry(real):
    wb, catalog = real
    for sheet in catalog.sheets:
        ws = wb[sheet.sheet]
        cols = column_keys(ws)
        width = {k: ws.column_dimensions[get_column_letter(i)].width for k, i in cols.items()}
        assert width["ma"] >= 0.85 * max(len(i.code) for i in sheet.indicators), sheet.sheet  # 9 pt codes
        assert width["dvt"] >= max(len(i.unit) for i in sheet.indicators), sheet.sheet


def test_freeze_panes_below_headers_right_of_name(built):
    wb, catalog, _ = built
    ws = wb["Thử nghiệm"]
    name_col = column_keys(ws)["ten"]
    assert ws.freeze_panes == f"{get_column_letter(name_col + 1)}{layout.FIRST_DATA_ROW}"


# ---------------------------------------------------------------- cell kinds, protection

def test_inputs_unlocked_yellow_computed_locked_grey(built):
    wb, catalog, _ = built
    sheet = catalog.sheet("Thử nghiệm")
    ws = wb[sheet.sheet]
    cols = column_keys(ws)
    kinds = {c.key: c.kind for c in layout.sector_columns(sheet, "xa", "x")}
    r = code_rows(ws)["TN.THU"]  # has every column
    for key, kind in kinds.items():
        cell = ws.cell(r, cols[key])
        if kind == layout.INPUT:
            assert cell.protection.locked is False, key
            assert cell.fill.fgColor.rgb.endswith(styles.INPUT_RGB), key
        elif kind == layout.COMPUTED:
            assert cell.protection.locked is True, key
            assert cell.fill.fgColor.rgb.endswith(styles.COMPUTED_RGB), key
            assert cell.font.i, key
        else:
            assert cell.protection.locked is True, key


def test_columns_an_indicator_lacks_are_locked_and_white(built):
    wb, catalog, _ = built
    ws = wb["Thử nghiệm"]
    cols, rows = column_keys(ws), code_rows(ws)
    thue = ws.cell(rows["TN.THU_THUE"], cols["dt_cap"])  # only dt_tren declared
    assert thue.protection.locked is True and thue.fill.fill_type is None
    dn = ws.cell(rows["TN.THU_THUE_DN"], cols["cung_ky"])  # same_period: false
    assert dn.protection.locked is True
    assert ws.cell(rows["TN.THU_THUE"], cols["dt_tren"]).protection.locked is False


def test_protection_on_without_password(built, real):
    for wb in (built[0], real[0]):
        for name in [*layout.sector_sheet_names(real[1] if wb is real[0] else built[1]), layout.SHEET_INFO]:
            p = wb[name].protection
            assert p.sheet is True, name
            assert not p.password, name


def test_number_formats_by_decimals_and_kind(built):
    wb, catalog, _ = built
    ws = wb["Thử nghiệm"]
    cols, rows = column_keys(ws), code_rows(ws)
    assert ws.cell(rows["TN.THU"], cols["uoc_ky"]).number_format == "#,##0.0"
    assert ws.cell(rows["TN.THU_THUE"], cols["uoc_ky"]).number_format == "#,##0"
    assert ws.cell(rows["TN.HO_NGHEO"], cols["uoc_ky"]).number_format == "#,##0.00"
    assert ws.cell(rows["TN.THU"], cols["pct_dt_cap"]).number_format == styles.PERCENT_FORMAT
    assert ws.cell(rows["TN.TINH_HINH"], cols["uoc_ky"]).number_format == "@"


# ---------------------------------------------------------------- data validation

def test_every_input_number_cell_has_vietnamese_validation(built):
    wb, catalog, _ = built
    sheet = catalog.sheet("Thử nghiệm")
    ws = wb[sheet.sheet]
    cols, rows = column_keys(ws), code_rows(ws)
    inputs = [c.key for c in layout.sector_columns(sheet, "xa", "x") if c.kind == layout.INPUT and c.key != "ghi_chu"]
    checked = targets = 0
    for ind in sheet.indicators:
        for key in inputs:
            cell = ws.cell(rows[ind.code], cols[key])
            if cell.protection.locked:
                continue
            dvs = _dv_for(ws, cell.coordinate)
            assert len(dvs) == 1, (ind.code, key)
            dv = dvs[0]
            assert dv.showInputMessage and dv.prompt
            if ind.is_text:
                assert dv.type is None
                continue
            if key in {b.key for b in sheet.plan_bases}:  # a target: a number, a range, "trên 95", "Đạt"
                assert dv.type is None and not dv.showErrorMessage
                assert "khoảng '8,5 - 9'" in dv.prompt and "'dưới 2'" in dv.prompt and "'Đạt'" in dv.prompt
                targets += 1
                continue
            assert dv.type == "decimal" and dv.showErrorMessage and dv.errorStyle == "stop"
            assert "Nhập" in dv.prompt or ind.help == dv.prompt
            assert "phải là số" in dv.error and ind.name in dv.error
            assert len(dv.promptTitle) <= 32 and len(dv.prompt) <= 255 and len(dv.error) <= 225
            checked += 1
    assert checked + targets >= 10 and checked and targets


def test_validation_bounds(built):
    wb, catalog, _ = built
    ws = wb["Thử nghiệm"]
    cols, rows = column_keys(ws), code_rows(ws)

    def dv(code):
        return _dv_for(ws, ws.cell(rows[code], cols["uoc_ky"]).coordinate)[0]

    assert (dv("TN.THU").operator, dv("TN.THU").formula1) == ("greaterThanOrEqual", "0")
    rate = dv("TN.HO_NGHEO")
    assert (rate.operator, float(rate.formula1), float(rate.formula2)) == ("between", 0, 100)
    neg = dv("TN.CHENH_LECH")
    assert float(neg.formula1) < 0
    assert dv("TN.THU_THUE").prompt == "Số thu thuế theo sổ Kho bạc"  # indicator.help wins


# ---------------------------------------------------------------- print setup

def test_print_setup_a4_landscape_fit_width_titles(built, real):
    for wb, catalog in (built[:2], real):
        for name in layout.sector_sheet_names(catalog):
            ws = wb[name]
            assert ws.page_setup.orientation == "landscape"
            assert int(ws.page_setup.paperSize) == 9  # A4
            assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert ws.print_title_rows == f"${layout.HEADER_ROW}:${layout.NUMBER_ROW}"
            assert ws.page_margins.left >= 0.4


# ---------------------------------------------------------------- fixed sheets

def test_info_sheet_prefilled_with_validation(built):
    ws = built[0][layout.SHEET_INFO]
    assert ws.column_dimensions["A"].hidden
    rows = {ws.cell(r, 1).value: r for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)}
    assert list(rows) == [f.key for f in layout.INFO_FIELDS]
    value = {k: ws.cell(r, layout.INFO_VALUE_COL).value for k, r in rows.items()}
    assert value["cap"] == "xa" and value["ky_bao_cao"] == "6 tháng đầu năm" and value["nam"] == 2026
    assert value["co_quan"] == "ỦY BAN NHÂN DÂN XÃ TÂN LIÊN"
    assert value["dia_danh"] == "Tân Liên"
    assert value["ky_tiep_theo"] == "6 tháng cuối năm"
    assert "năm năm" not in value["trich_yeu"]
    for key, r in rows.items():
        assert ws.cell(r, layout.INFO_VALUE_COL).protection.locked is False
        assert ws.cell(r, layout.INFO_LABEL_COL).protection.locked is not False
    cap_dv = _dv_for(ws, f"C{rows['cap']}")[0]
    assert cap_dv.type == "list" and "tinh" in cap_dv.formula1 and "huyen" in cap_dv.formula1
    assert _dv_for(ws, f"C{rows['ky_bao_cao']}")[0].type == "list"
    for f in layout.INFO_FIELDS:
        if f.kind == "date":
            dv = _dv_for(ws, f"C{rows[f.key]}")[0]
            assert dv.type == "date" and "dd/mm/yyyy" in dv.error
            assert ws.cell(rows[f.key], layout.INFO_VALUE_COL).number_format == "dd/mm/yyyy"


def test_prose_sheet_one_row_per_section_in_order(built):
    wb, catalog, _ = built
    ws = wb[layout.SHEET_PROSE]
    keys = [c.key for c in layout.PROSE_COLUMNS]
    assert [c.value for c in ws[layout.KEY_ROW]] == keys
    assert [c.value for c in ws[layout.HEADER_ROW]] == [c.header for c in layout.PROSE_COLUMNS]
    muc, ten, noi = (keys.index(k) + 1 for k in ("muc", "ten_muc", "noi_dung"))
    rows = range(layout.FIRST_DATA_ROW, layout.FIRST_DATA_ROW + len(catalog.sections))
    assert [unescape(ws.cell(r, muc).value) for r in rows] == [s.key for s in catalog.sections]
    assert all(ws.cell(r, noi).value is None for r in rows)
    assert all(ws.cell(r, ten).value and "{" not in ws.cell(r, ten).value for r in rows)
    assert ws.max_row == rows[-1]
    assert "UBND XÃ" in ws.cell(rows[0], ten).value  # {cap_upper} filled


def test_keys_that_look_like_escapes_are_escaped_for_office(built):
    """LibreOffice would read 'van_hoa_xa_hoi' as 'van_hoa' + newline + 'hoi'; the file holds the
    standard escape, and a real reader (calamine, as Excel and LibreOffice do) gets the key back."""
    wb, catalog, path = built
    keys = [s.key for s in catalog.sections]
    assert "van_hoa_xa_hoi" in keys
    muc = [c.key for c in layout.PROSE_COLUMNS].index("muc")
    raw = [r[muc] for r in wb[layout.SHEET_PROSE].iter_rows(min_row=layout.FIRST_DATA_ROW, values_only=True)]
    assert "van_hoa_x005F_xa_hoi" in raw
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(layout.SHEET_PROSE).to_python()
    assert [r[muc] for r in rows[layout.FIRST_DATA_ROW - 1:]] == keys


def test_escaping_is_idempotent_and_done_in_memory(small_catalog):
    assert escape_office_text("van_hoa_xa_hoi") == "van_hoa_x005F_xa_hoi"
    assert escape_office_text("van_hoa_x005F_xa_hoi") == "van_hoa_x005F_xa_hoi"
    assert escape_office_text("NTM.SO_XA_DAT") == "NTM.SO_XA_DAT"  # only "_x" + hex + "_" is read as an escape
    wb = build_workbook(catalog=small_catalog, **SETTINGS)  # callers that wb.save() themselves get it too
    values = [c.value for c in wb[layout.SHEET_PROSE]["B"]]
    assert "van_hoa_x005F_xa_hoi" in values and "van_hoa_xa_hoi" not in values


def test_tasks_sheet_status_list(built):
    ws = built[0][layout.SHEET_TASKS]
    assert [c.value for c in ws[layout.HEADER_ROW]] == [c.header for c in layout.TASK_COLUMNS]
    col = get_column_letter([c.key for c in layout.TASK_COLUMNS].index("ket_qua") + 1)
    dv = _dv_for(ws, f"{col}{layout.FIRST_DATA_ROW}")[0]
    assert dv.type == "list" and all(s in dv.formula1 for s in layout.TASK_STATUSES)


def test_findings_sheet_headers_only(built):
    ws = built[0][layout.SHEET_FINDINGS]
    assert [c.value for c in ws[layout.HEADER_ROW]] == [c.header for c in layout.FINDING_COLUMNS]
    assert [c.value for c in ws[layout.KEY_ROW]] == [c.key for c in layout.FINDING_COLUMNS]
    assert ws.max_row == layout.NUMBER_ROW


def test_meta_sheet_hidden_with_versions(built):
    wb, catalog, _ = built
    ws = wb[layout.SHEET_META]
    assert ws.sheet_state == "hidden"
    meta = {r[0]: r[1] for r in ws.iter_rows(values_only=True)}
    assert meta["template_version"] == layout.TEMPLATE_VERSION
    assert meta["catalog_version"] == catalog.version
    assert meta["cap"] == "xa"
    assert datetime.fromisoformat(meta["created"]).year >= 2024


def test_guide_explains_buttons_commands_and_protection(built):
    ws = built[0][layout.SHEET_GUIDE]
    text = "\n".join(str(c.value) for c in ws["B"] if c.value)
    swatches = {c.fill.fgColor.rgb[-6:] for c in ws["A"] if c.fill.fill_type == "solid"}
    assert {styles.INPUT_RGB, styles.COMPUTED_RGB, *styles.MARK_RGB.values()} <= swatches  # the colour legend
    for phrase in ("Tính toán lại", "Kiểm tra số liệu", "Xuất báo cáo Word", "ktxh recalc", "ktxh check",
                   "ktxh export", "KHÔNG có mật khẩu", "Thử nghiệm"):
        assert phrase in text


# ---------------------------------------------------------------- helpers and file writing

@pytest.mark.parametrize("name,cap", [
    ("UBND xã Tân Liên", "xa"), ("UBND huyện Cao Lộc", "huyen"), ("UBND tỉnh Lạng Sơn", "tinh"),
    ("Ủy ban nhân dân phường Đông Kinh", "xa"), ("UBND xã Tân Liên, tỉnh Lạng Sơn", "xa"), ("Phòng Tài chính", None),
])
def test_infer_cap(name, cap):
    assert infer_cap(name) == cap


def test_periods_and_names():
    assert period_phrase("6 tháng đầu năm", 2026) == "6 tháng đầu năm 2026"
    assert period_phrase("quý I", 2026) == "quý I năm 2026"
    assert next_period("năm", 2026) == ("năm", 2027)
    assert next_period("quý IV", 2026) == ("quý I", 2027)
    assert place_name("UBND xã Tân Liên") == "Tân Liên"
    assert short_unit_name("ỦY BAN NHÂN DÂN HUYỆN CAO LỘC") == "UBND huyện Cao Lộc"
    title = section_title("NHIỆM VỤ TRỌNG TÂM {ky_sau_upper} NĂM {nam}", ky="6 tháng đầu năm", nam=2023, cap="huyen")
    assert title == "NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2023"


def test_bad_cap_is_a_vietnamese_error():
    with pytest.raises(KtxhError, match="cấp chính quyền"):
        build_workbook(don_vi="UBND xã A", ky="quý I", nam=2026, cap="quan")


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path, small_catalog):
    target = tmp_path / "mau.xlsx"
    target.write_bytes(b"old")
    wb = build_workbook(catalog=small_catalog, **SETTINGS)
    save_workbook(wb, target)
    assert os.listdir(tmp_path) == ["mau.xlsx"]
    assert openpyxl.load_workbook(target).sheetnames[0] == layout.SHEET_GUIDE
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask  # like any saved file, not mkstemp's 0600


def test_save_into_missing_folder_is_a_vietnamese_error(tmp_path, small_catalog):
    with pytest.raises(KtxhError, match="không tồn tại"):
        build_template(tmp_path / "khong_co" / "a.xlsx", catalog=small_catalog, **SETTINGS)


def test_trich_yeu_names_the_year_once_or_both_years():
    from workbook_templates.builder import prefilled_info

    half = prefilled_info(don_vi="UBND xã Tân Liên", ky="6 tháng đầu năm", nam=2026, cap="xa")["trich_yeu"]
    assert half == ("Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội 6 tháng đầu năm; "
                    "nhiệm vụ trọng tâm 6 tháng cuối năm 2026")
    year = prefilled_info(don_vi="UBND tỉnh Lạng Sơn", ky="năm", nam=2026, cap="tinh")["trich_yeu"]
    assert year == ("Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm 2026; "
                    "nhiệm vụ trọng tâm năm 2027")
