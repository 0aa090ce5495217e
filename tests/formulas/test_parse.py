"""formulas.parse on hand-made sheet values (no files): a small catalog, the layout's key rows."""
from datetime import date, datetime
from decimal import Decimal

import pytest

from formulas.findings import ERROR, INFO, WARNING
from formulas.parse import (
    RULE_BAD_DATE, RULE_BAD_NUMBER, RULE_CUSTOM_ROW, RULE_MISSING_COLUMN, RULE_NO_DATA_MARK, RULE_NO_KEY_ROW,
    RULE_OTHER_SHEET, RULE_PROSE_AFTER_CODE, RULE_PROSE_NO_SECTION, RULE_TEXT_NUMBER,
    RULE_UNKNOWN_SECTION, RowCells, find_key_row, parse_date_text, parse_workbook,
)
from formulas import layout
from formulas.catalog import VALUE_COLUMNS, Catalog, Indicator, PlanBasis, SectorSheet, Section
from formulas.errors import KtxhError
from formulas.validation import validate

NN, YT = "Nông nghiệp", "Y tế"


def _catalog() -> Catalog:
    nn = (
        Indicator("NN.GIEO_TRONG", NN, "Tổng diện tích gieo trồng", "ha", plans=("kh_nam",), kind="area", decimals=2),
        Indicator("NN.LUA_XUAN", NN, "Lúa Xuân", "ha", parent="NN.GIEO_TRONG", plans=("kh_ky", "kh_nam"),
                  kind="area", decimals=2, level=1),
        Indicator("NN.GHI_NHAN", NN, "Đánh giá chung", "-", kind="text", aggregate="none"),
    )
    yt = (Indicator("YT.BHYT", YT, "Tỷ lệ bao phủ BHYT", "%", plans=("kh_nam",), kind="rate", decimals=2),)
    sheets = (
        SectorSheet("nong_nghiep", NN, "BIỂU NÔNG NGHIỆP", "nong_nghiep", 1,
                    (PlanBasis("kh_ky", "KH vụ"), PlanBasis("kh_nam", "KH năm")), VALUE_COLUMNS, nn),
        SectorSheet("y_te", YT, "BIỂU Y TẾ", "y_te", 2, (PlanBasis("kh_nam", "KH năm"),), VALUE_COLUMNS, yt),
    )
    sections = (Section("nong_nghiep", "Sản xuất nông, lâm nghiệp", 3, None),
                Section("y_te", "Công tác y tế", 3, None),
                Section("nhiem_vu", "NHIỆM VỤ TRỌNG TÂM {ky_sau_upper}", 1, None))
    return Catalog("test", sheets, sections, {}, {i.code: i for s in sheets for i in s.indicators})


CAT = _catalog()


def _table(keys: list[str], data: list[dict], headers: dict | None = None, above: int = 0) -> list[list]:
    """Rows as the template lays them out: title, subtitle, key row, header, (1)(2)…, data."""
    headers = headers or {}
    rows = [[None] * len(keys) for _ in range(above)]
    rows += [["TIÊU ĐỀ"] + [None] * (len(keys) - 1), [None] * len(keys), list(keys),
             [headers.get(k, k.upper()) for k in keys], [f"({i})" for i in range(1, len(keys) + 1)]]
    rows += [[d.get(k) for k in keys] for d in data]
    return rows


def _sector_keys(sheet: SectorSheet) -> list[str]:
    return [c.key for c in layout.sector_columns(sheet, "huyen", "6 tháng đầu năm")]


def _values(nn_rows=None, nn_keys=None, yt_rows=None, info=None, prose=None, tasks=None, meta=None) -> dict:
    nn_keys = nn_keys or _sector_keys(CAT.sheets[0])
    info_rows = [[None] * 4 for _ in range(5)] + [[k, "nhãn", v, None] for k, v in (info or {}).items()]
    return {
        layout.SHEET_INFO: info_rows,
        NN: _table(nn_keys, nn_rows or []),
        YT: _table(_sector_keys(CAT.sheets[1]), yt_rows or []),
        layout.SHEET_PROSE: _table([c.key for c in layout.PROSE_COLUMNS], prose or []),
        layout.SHEET_TASKS: _table([c.key for c in layout.TASK_COLUMNS], tasks or []),
        layout.SHEET_META: meta or [["template_version", "1"], ["catalog_version", "test"]],
    }


def _parse(**kw):
    return parse_workbook(_values(**kw), CAT)


def _only(findings, rule):
    found = [f for f in findings if f.rule == rule]
    assert len(found) == 1, findings
    return found[0]


# --------------------------------------------------------------------------- sector sheets

def test_rows_found_by_code_with_exact_decimals():
    data = _parse(nn_rows=[
        {"ma": "NN.GIEO_TRONG", "ten": "Tổng diện tích gieo trồng", "dvt": "ha", "kh_nam": 3000.0, "uoc_ky": 2027.4},
        {"ma": "NN.LUA_XUAN", "ten": "Lúa Xuân", "dvt": "ha", "kh_ky": 2000, "kh_nam": 0.1, "uoc_ky": 1990.48,
         "ghi_chu": "vụ Xuân"},
    ])
    assert data.findings == []
    gieo, lua = data.rows
    assert (gieo.code, gieo.row, gieo.indicator) == ("NN.GIEO_TRONG", 6, CAT.by_code["NN.GIEO_TRONG"])
    assert lua.values["uoc_ky"] == Decimal("1990.48")
    assert lua.values["kh_nam"] == Decimal("0.1")  # no binary artefacts
    assert str(gieo.values["kh_nam"]) == "3000"  # an integral float is an integer
    assert lua.values["kh_ky"] == Decimal(2000) and isinstance(lua.values["kh_ky"], Decimal)
    assert lua.values["cung_ky"] is None
    assert lua.note == "vụ Xuân" and lua.unit == "ha" and lua.name == "Lúa Xuân"
    assert data.by_code()["NN.LUA_XUAN"] is lua


def test_cells_address_every_column_of_the_sheet():
    data = _parse(nn_rows=[{"ma": "NN.LUA_XUAN", "ten": "Lúa Xuân", "uoc_ky": 1.0}])
    row = data.rows[0]
    keys = _sector_keys(CAT.sheets[0])
    assert list(row.cells) == keys
    assert row.cells["stt"] == "A6"
    assert row.cells["uoc_ky"] == "I6"
    assert row.cells["ghi_chu"] == f"{chr(64 + len(keys))}6"
    assert dict(row.cells) == {k: f"{chr(65 + i)}6" for i, k in enumerate(keys)}


def test_row_cells_mapping_behaves_like_a_dict():
    cells = RowCells({"a": "A", "aa": "AA"}, 12)
    assert cells == {"a": "A12", "aa": "AA12"}
    assert cells.get("zz") is None and "aa" in cells and len(cells) == 2
    with pytest.raises(KeyError):
        cells["zz"]


def test_inserted_reordered_rows_and_columns_follow_the_keys():
    keys = _sector_keys(CAT.sheets[0])
    keys.insert(3, "")  # a column staff inserted (no key)
    keys.remove("uoc_ky")
    keys.insert(1, "uoc_ky")  # a column moved to the front
    data = _parse(nn_keys=keys, nn_rows=[
        {"ma": "NN.LUA_XUAN", "ten": "Lúa Xuân", "uoc_ky": 1990.48, "": "ghi tay"},
        {},  # blank row inserted
        {"ten": "a) Nhóm cây hằng năm"},  # a group label: text only
        {"ma": "NN.GIEO_TRONG", "ten": "Tổng", "uoc_ky": 2027.4},
    ])
    assert [(r.code, r.row) for r in data.rows] == [("NN.LUA_XUAN", 6), ("NN.GIEO_TRONG", 9)]
    assert data.rows[0].values["uoc_ky"] == Decimal("1990.48")
    assert data.rows[0].cells["uoc_ky"] == "B6"
    assert data.rows[1].cells["ghi_chu"] == f"{chr(64 + len(keys))}9"
    assert data.findings == []


def test_key_row_found_when_rows_inserted_above():
    values = _values()
    values[NN] = _table(_sector_keys(CAT.sheets[0]), [{"ma": "NN.LUA_XUAN", "uoc_ky": 5.0}], above=2)
    data = parse_workbook(values, CAT)
    assert [(r.code, r.row, r.cells["uoc_ky"]) for r in data.rows] == [("NN.LUA_XUAN", 8, "I8")]


def test_custom_row_without_code_is_kept_with_info():
    data = _parse(nn_rows=[{"ten": "Khoai lang", "dvt": "ha", "uoc_ky": 12.5}])
    (custom,) = data.rows
    assert (custom.code, custom.indicator, custom.name, custom.row) == (None, None, "Khoai lang", 6)
    assert custom.values["uoc_ky"] == Decimal("12.5")
    f = _only(data.findings, RULE_CUSTOM_ROW)
    assert (f.severity, f.sheet, f.cell) == (INFO, NN, "B6")
    assert "Dòng 6" in f.message and "Khoai lang" in f.message and "Mã chỉ tiêu" in f.message


def test_a_single_nameless_custom_row_asks_for_a_name():
    data = _parse(nn_rows=[{"uoc_ky": 3.0}])
    assert data.rows[0].name == ""
    assert "tên chỉ tiêu" in _only(data.findings, RULE_CUSTOM_ROW).message


def test_custom_rows_of_a_sheet_are_one_finding_with_the_count_and_first_rows():
    rows = [{"ten": f"Cây {i}", "uoc_ky": float(i)} for i in range(12_000)]
    rows[3]["ten"] = None  # a nameless one is counted apart
    data = _parse(nn_rows=rows, yt_rows=[{"ten": "Tự thêm", "uoc_ky": 1.0}, {"ten": "Khác", "uoc_ky": 2.0}])
    assert len(data.rows) == 12_002  # every row is still read
    infos = [f for f in data.findings if f.rule == RULE_CUSTOM_ROW]
    assert [(f.severity, f.sheet, f.cell) for f in infos] == [(INFO, NN, "B6"), (INFO, YT, "B6")]
    nn, yt = infos
    assert "Có 12.000 dòng không có mã chỉ tiêu (dòng 6, 7, 8, 9, 10, …)" in nn.message
    assert "Trong đó 01 dòng chưa có tên (dòng 9)" in nn.message
    assert "Có 02 dòng không có mã chỉ tiêu (dòng 6, 7):" in yt.message and "…" not in yt.message
    assert "chưa có tên" not in yt.message


def test_unknown_code_kept_with_info_and_lowercase_code_matched():
    data = _parse(nn_rows=[{"ma": "NN.KHONG_CO", "ten": "Lạ", "uoc_ky": 1.0},
                           {"ma": " nn.lua_xuan ", "ten": "Lúa Xuân", "uoc_ky": 2.0}])
    unknown, lua = data.rows
    assert unknown.code == "NN.KHONG_CO" and unknown.indicator is None
    assert data.findings == []  # the checker says it, once (formulas.validation MA_KHONG_XAC_DINH)
    f = _only(validate(data, CAT), "MA_KHONG_XAC_DINH")
    assert (f.severity, f.where, f.code) == (INFO, f"{NN}!B6", "NN.KHONG_CO")
    assert lua.code == "NN.LUA_XUAN" and lua.indicator is CAT.by_code["NN.LUA_XUAN"]


def test_code_of_another_sheet_warns():
    data = _parse(nn_rows=[{"ma": "YT.BHYT", "ten": "BHYT", "uoc_ky": 90.0}])
    f = _only(data.findings, RULE_OTHER_SHEET)
    assert (f.severity, f.where) == (WARNING, f"{NN}!B6") and YT in f.message
    assert data.rows[0].indicator is CAT.by_code["YT.BHYT"]


@pytest.mark.parametrize("typed, expected, note_dot", [
    ("1.990,48", "1990.48", False), ("2.027.484", "2027484", False), ("54,27%", "54.27", False),
    (" 12 ", "12", False), ("\u22125", "-5", False), ("1,990.48", "1990.48", True),
])
def test_text_numbers_read_with_warning_naming_the_cell(typed, expected, note_dot):
    data = _parse(nn_rows=[{"ma": "NN.GIEO_TRONG"}, {"ma": "NN.LUA_XUAN", "ten": "Lúa Xuân", "kh_nam": typed}])
    assert data.rows[1].values["kh_nam"] == Decimal(expected)
    f = _only(data.findings, RULE_TEXT_NUMBER)
    assert (f.severity, f.sheet, f.cell, f.code) == (WARNING, NN, "F7", "NN.LUA_XUAN")
    assert typed.strip() in f.message and "KH_NAM" in f.message  # the column's own header
    assert ("dấu thập phân; nếu không đúng" in f.message) is note_dot


@pytest.mark.parametrize("typed, shown", [
    ("khoảng 20", "khoảng 20"), ("5 ha", "5 ha"), ("1.23.4", "1.23.4"), (True, "TRUE"),
    (datetime(2023, 5, 1), "01/05/2023"), ("#DIV/0!", "công thức bị lỗi"), ("#REF!", "#REF!"),
])
def test_garbage_is_an_error_naming_the_cell_and_value_none(typed, shown):
    data = _parse(nn_rows=[{"ma": "NN.LUA_XUAN", "ten": "Lúa Xuân", "uoc_ky": typed, "kh_ky": 3.0}])
    row = data.rows[0]
    assert row.values["uoc_ky"] is None and row.values["kh_ky"] == 3
    f = _only(data.findings, RULE_BAD_NUMBER)
    assert (f.severity, f.where, f.code) == (ERROR, f"{NN}!I6", "NN.LUA_XUAN")
    assert shown in f.message and ("Hãy nhập một số" in f.message or "nhập trực tiếp con số" in f.message)


def test_dash_means_no_data():
    data = _parse(nn_rows=[{"ma": "NN.LUA_XUAN", "cung_ky": "-", "uoc_ky": 1.0}])
    assert data.rows[0].values["cung_ky"] is None
    f = _only(data.findings, RULE_NO_DATA_MARK)
    assert (f.severity, f.cell) == (INFO, "G6")


def test_whitespace_only_cell_is_empty():
    data = _parse(nn_rows=[{"ma": "NN.LUA_XUAN", "cung_ky": "  ", "uoc_ky": 1.0}])
    assert data.rows[0].values["cung_ky"] is None and data.findings == []


def test_text_indicator_keeps_text():
    data = _parse(nn_rows=[{"ma": "NN.GHI_NHAN", "uoc_ky": "  Khá tốt "}])
    assert data.rows[0].values["uoc_ky"] == "Khá tốt" and data.findings == []


def test_computed_columns_are_not_read_as_inputs():
    data = _parse(nn_rows=[{"ma": "NN.LUA_XUAN", "uoc_ky": 1.0, "pct_kh_nam": "#DIV/0!", "danh_gia": "Đạt"}])
    assert "pct_kh_nam" not in data.rows[0].values and data.findings == []


def test_ragged_rows_and_rows_shorter_than_the_key_row():
    values = _values()
    values[NN] = _table(_sector_keys(CAT.sheets[0]), []) + [[None, "NN.LUA_XUAN", "Lúa"], []]
    data = parse_workbook(values, CAT)
    assert [r.code for r in data.rows] == ["NN.LUA_XUAN"]
    assert all(v is None for v in data.rows[0].values.values())


def test_missing_input_column_warns_and_reads_none():
    keys = [k for k in _sector_keys(CAT.sheets[0]) if k != "kh_ky"]
    data = _parse(nn_keys=keys, nn_rows=[{"ma": "NN.LUA_XUAN", "uoc_ky": 1.0}])
    f = _only(data.findings, RULE_MISSING_COLUMN)
    assert (f.severity, f.sheet, f.cell) == (WARNING, NN, "") and "kh_ky" in f.message
    assert data.rows[0].values["kh_ky"] is None


def test_sheet_without_key_row_is_an_error():
    values = _values()
    values[NN] = [["TIÊU ĐỀ"], ["STT", "Mã", "Chỉ tiêu"], [None, "NN.LUA_XUAN", "Lúa", 5.0]]
    data = parse_workbook(values, CAT)
    f = _only(data.findings, RULE_NO_KEY_ROW)
    assert (f.severity, f.sheet) == (ERROR, NN)
    assert data.rows == []


def test_find_key_row_looks_at_the_first_ten_rows_only():
    rows = [[None]] * 10 + [["ma", "ten"]]
    assert find_key_row(rows, ("ma", "ten")) is None
    assert find_key_row(rows[1:], ("ma", "ten")) == (9, {"ma": 0, "ten": 1})


# --------------------------------------------------------------------------- other sheets

def test_info_fields_dates_text_and_cells():
    data = _parse(info={
        "so_ky_hieu": "  617/BC-UBND ", "ngay_ban_hanh": datetime(2023, 7, 4), "ngay_chot_so_lieu": "15/6/2023",
        "cap": "Huyện", "nam": 2023.0, "noi_nhan": "- UBND tỉnh;\r\n\n  - Lưu: VT. ", "nguoi_ky": None,
    })
    info = data.info
    assert info["so_ky_hieu"] == "617/BC-UBND"
    assert info["ngay_ban_hanh"] == date(2023, 7, 4) and type(info["ngay_ban_hanh"]) is date
    assert info["ngay_chot_so_lieu"] == date(2023, 6, 15)
    assert info["cap"] == "huyen" and info["nam"] == "2023"
    assert info["noi_nhan"] == "- UBND tỉnh;\n- Lưu: VT."
    assert info["nguoi_ky"] is None and info["trich_yeu"] is None  # every field present
    assert data.info_cells["so_ky_hieu"] == "C6" and data.info_cells["ngay_ban_hanh"] == "C7"
    assert data.findings == []


def test_info_bad_date_and_bad_level_are_errors():
    data = _parse(info={"ngay_ban_hanh": "4 tháng 7", "cap": "thôn"})
    assert data.info["ngay_ban_hanh"] is None and data.info["cap"] is None
    f = _only(data.findings, RULE_BAD_DATE)
    assert (f.severity, f.where) == (ERROR, f"{layout.SHEET_INFO}!C6") and "dd/mm/yyyy" in f.message
    assert any(g.cell == "C7" and g.severity == ERROR for g in data.findings)


def test_info_ignores_rows_that_are_not_fields():
    values = _values(info={"so_ky_hieu": "617/BC-UBND"})
    values[layout.SHEET_INFO][2] = ["key", "label", "value", "help"]  # the template's key row
    data = parse_workbook(values, CAT)
    assert "key" not in data.info and data.info["so_ky_hieu"] == "617/BC-UBND"


@pytest.mark.parametrize("text, expected", [
    ("04/7/2023", date(2023, 7, 4)), ("4-7-2023", date(2023, 7, 4)), ("04.07.2023", date(2023, 7, 4)),
    ("2023-07-04", date(2023, 7, 4)), ("ngày 04 tháng 7 năm 2023", date(2023, 7, 4)),
    ("31/02/2023", None), ("7/2023", None), ("hôm nay", None),
])
def test_parse_date_text(text, expected):
    assert parse_date_text(text) == expected


def test_prose_in_sheet_order_with_findings():
    data = _parse(prose=[
        {"muc": "nong_nghiep", "ten_muc": "Nông nghiệp", "noi_dung": None},  # empty: skipped quietly
        {"muc": "y_te", "noi_dung": "  Công tác y tế  được   duy trì.\n\nĐoạn hai. "},
        {"muc": "nong_nghiep", "sau_chi_tieu": "NN.LUA_XUAN", "noi_dung": "Lúa phát triển tốt."},
        {"muc": "khong_co", "noi_dung": "Lạc mục."},
        {"noi_dung": "Không có mục."},
        {"muc": "Công tác y tế", "noi_dung": "Chọn theo tên mục."},
        {"muc": "y_te", "sau_chi_tieu": "YT.KHONG_CO", "noi_dung": "Mã sai."},
        {"muc": "y_te", "sau_chi_tieu": "yt.bhyt", "noi_dung": "Mã chữ thường."},
    ])
    assert [(p.section, p.text, p.after_code, p.row) for p in data.prose] == [
        ("y_te", "Công tác y tế được duy trì.\nĐoạn hai.", None, 7),
        ("nong_nghiep", "Lúa phát triển tốt.", "NN.LUA_XUAN", 8),
        ("y_te", "Chọn theo tên mục.", None, 11),
        ("y_te", "Mã sai.", None, 12),
        ("y_te", "Mã chữ thường.", "YT.BHYT", 13),
    ]
    after = _only(data.findings, RULE_PROSE_AFTER_CODE)
    assert (after.severity, after.where) == (WARNING, f"{layout.SHEET_PROSE}!D12")
    unknown = _only(data.findings, RULE_UNKNOWN_SECTION)
    assert (unknown.severity, unknown.where) == (WARNING, f"{layout.SHEET_PROSE}!B9")
    assert _only(data.findings, RULE_PROSE_NO_SECTION).cell == "B10"


def test_tasks_and_status_normalised():
    data = _parse(tasks=[
        {"nhom": "Kinh tế", "nhiem_vu": "Hoàn thành gieo cấy", "ket_qua": "hoàn thành"},
        {"nhiem_vu": "   "},
        {"nhom": "Xã hội", "nhiem_vu": "Giảm nghèo", "ket_qua": "Xong", "ghi_chu": "ghi"},
    ])
    assert [(t.group, t.task, t.status, t.note, t.row) for t in data.tasks] == [
        ("Kinh tế", "Hoàn thành gieo cấy", "Hoàn thành", "", 6), ("Xã hội", "Giảm nghèo", "Xong", "ghi", 8)]
    assert data.findings == []  # the checker says it, once (formulas.validation)
    f = _only(validate(data, CAT), "TRANG_THAI_KHONG_HOP_LE")
    assert (f.severity, f.where) == (WARNING, f"{layout.SHEET_TASKS}!D8") and "“Xong”" in f.message


def test_meta_key_values():
    data = _parse(meta=[["template_version", "1"], ["catalog_version", 2026.0], ["trong", None]])
    assert data.meta == {"template_version": "1", "catalog_version": "2026"}


def test_missing_sheets_raise_a_vietnamese_error_naming_them():
    values = _values()
    del values[YT]
    values["y tế "] = values.pop(NN)  # renamed by hand
    with pytest.raises(KtxhError) as err:
        parse_workbook(values, CAT)
    msg = str(err.value)
    assert "thiếu 02 trang tính" in msg and f"“{YT}”" in msg and f"“{NN}”" in msg
    assert "“y tế ” (cần đúng tên “Y tế”)" in msg


def test_label_row_with_spaces_in_number_cells_is_still_a_label():
    data = _parse(nn_rows=[{"ten": "b) Nhóm", "uoc_ky": "   ", "kh_nam": ""}])
    assert data.rows == [] and data.findings == []
