"""The file door's reader: real files (built template, demo workbook, .ods, bad files) -> values, data, errors."""
from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from formulas.findings import ERROR, INFO, WARNING
from formulas.parse import RULE_BAD_NUMBER, RULE_CUSTOM_ROW, RULE_TEXT_NUMBER
from formulas import layout
from workbook_templates.builder import build_template
from formulas.catalog import load_catalog
from workbook_templates.demo import load_demo_data, write_demo_workbook
from formulas.errors import KtxhError
from workbook_templates.ods import convert
from workbook_templates.reader import read_sheet_values, read_workbook

CATALOG = load_catalog()
OFFSET_SHEET = "Lệch"  # a sheet whose first cells are empty: calamine must not shift it


def _offset_sheet(wb: openpyxl.Workbook) -> None:
    ws = wb.create_sheet(OFFSET_SHEET)
    ws["C3"] = "ô C3"
    ws["E6"] = 1990.48
    ws["D7"] = 3
    ws["F7"] = datetime(2023, 7, 4, 10, 30)
    ws["G8"] = date(2023, 7, 4)
    ws["B9"] = "cuối"


def _check_offset_sheet(rows: list[list[object]]) -> None:
    assert len(rows) == 9  # rows 1..9, nothing trimmed at the top
    assert all(v is None for v in rows[0] + rows[1])
    assert rows[2][2] == "ô C3" and rows[2][:2] == [None, None]
    assert rows[5][4] == 1990.48
    assert rows[6][3] == 3 and isinstance(rows[6][3], (int, float))
    assert rows[6][5] == datetime(2023, 7, 4, 10, 30)
    assert rows[7][6] in (date(2023, 7, 4), datetime(2023, 7, 4))
    assert rows[8][1] == "cuối"
    assert rows[8][0] is None  # empty cells are None, not ""


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def demo_xlsx(tmp_path_factory) -> Path:
    return write_demo_workbook(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def demo_ods(tmp_path_factory, demo_xlsx) -> Path:
    """The demo workbook plus an offset sheet, converted by LibreOffice (private profile in tmp)."""
    tmp = tmp_path_factory.mktemp("ods")
    wb = openpyxl.load_workbook(demo_xlsx)
    _offset_sheet(wb)
    wb[OFFSET_SHEET]["H9"] = "=1/0"  # LibreOffice computes it on conversion: an error cell in the .ods
    src = tmp / "demo_lech.xlsx"
    wb.save(src)
    return convert(src, "ods", tmp, profile=tmp / "lo-profile")


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """The empty template; tests never modify it in place (they save edits to their own file)."""
    return build_template(tmp_path_factory.mktemp("mau") / "mau.xlsx", don_vi="UBND xã Tân Liên", ky="6 tháng đầu năm", nam=2026,
                          cap="xa")


def _keys(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[layout.KEY_ROW] if isinstance(c.value, str)}


def _code_row(ws, code: str) -> int:
    ma = _keys(ws)["ma"]
    return next(r for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(r, ma).value == code)


def _sheet_with_two_codes():
    """The first sector sheet that has two numeric indicators with an uoc_ky column."""
    for sheet in CATALOG.sheets:
        codes = [i.code for i in sheet.indicators if i.kind != "text"]
        if "uoc_ky" in sheet.value_columns and len(codes) >= 2 and sheet.plan_bases:
            return sheet, codes[0], codes[1]
    raise AssertionError("catalog has no sector sheet with two numeric indicators")


# --------------------------------------------------------------------------- coordinates and types

def test_xlsx_coordinates_match_excel_addresses(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Đầu"
    wb.active["A1"] = "a1"
    _offset_sheet(wb)
    wb.create_sheet("Trống")
    path = tmp_path / "lech.xlsx"
    wb.save(path)
    values = read_sheet_values(path)
    assert list(values) == ["Đầu", OFFSET_SHEET, "Trống"]
    _check_offset_sheet(values[OFFSET_SHEET])
    assert values["Đầu"] == [["a1"]] and values["Trống"] == []
    assert list(read_sheet_values(path, sheets=["Trống"])) == ["Trống"]


def test_ods_read_with_the_same_coordinates_and_data(demo_ods, demo_xlsx):
    values = read_sheet_values(demo_ods)
    _check_offset_sheet(values[OFFSET_SHEET])
    assert values[OFFSET_SHEET][8][7] == "#DIV/0!"  # calamine reads it as empty; the reader restores it
    from_ods, from_xlsx = read_workbook(demo_ods), read_workbook(demo_xlsx)
    assert [(r.sheet, r.row, r.code, r.values, r.note) for r in from_ods.rows] == \
           [(r.sheet, r.row, r.code, r.values, r.note) for r in from_xlsx.rows]
    assert from_ods.info == from_xlsx.info
    assert from_ods.prose == from_xlsx.prose and from_ods.tasks == from_xlsx.tasks
    assert [f for f in from_ods.findings if f.severity == ERROR] == []


def test_xlsm_is_read(tmp_path, template):
    xlsm = tmp_path / "mau.xlsm"
    shutil.copyfile(template, xlsm)  # calamine reads by content; the extension must be accepted
    assert read_workbook(xlsm).info["cap"] == "xa"


# --------------------------------------------------------------------------- the demo workbook

def _expected_number(value) -> Decimal:
    return Decimal(str(value))


def test_demo_workbook_returns_every_seed_figure(demo_xlsx):
    data = read_workbook(demo_xlsx)
    demo = load_demo_data()
    by_code = data.by_code()
    checked = 0
    for code, columns in demo["values"].items():
        assert code in by_code, f"{code} not read"
        row = by_code[code]
        for key, value in (columns or {}).items():
            if value is None:
                continue
            if key == "ghi_chu":
                assert row.note == " ".join(str(value).split()) or row.note == str(value).strip(), code
            elif isinstance(value, str):
                assert row.values[key] == value.strip(), (code, key)
            else:
                assert row.values[key] == _expected_number(value), (code, key, row.values[key], value)
            checked += 1
    assert checked > 50  # the seed report has far more figures than this
    assert [f for f in data.findings if f.severity == ERROR] == []
    assert [f for f in data.findings if f.rule == RULE_TEXT_NUMBER] == []


def _lines(text) -> str:
    if isinstance(text, list):
        text = "\n".join(str(t) for t in text)
    return "\n".join(" ".join(line.split()) for line in str(text).splitlines() if line.strip())


def test_demo_workbook_report_information_prose_and_tasks(demo_xlsx):
    data = read_workbook(demo_xlsx)
    demo = load_demo_data()
    assert data.info["so_ky_hieu"] == "617/BC-UBND"
    assert data.info["ngay_ban_hanh"] == date(2023, 7, 4)
    assert data.info["cap"] == "huyen" and data.info["dia_danh"] == "Cao Lộc"
    for key, value in demo["info"].items():
        got = data.info[key]
        if isinstance(value, (date, datetime)):
            assert got == value, key
        elif isinstance(value, str) and key in ("ngay_ban_hanh", "ngay_chot_so_lieu"):
            assert got == datetime.strptime(value, "%d/%m/%Y").date(), key
        else:
            assert got == _lines(value), key
        assert data.info_cells[key].startswith("C")
    assert data.meta["template_version"] == layout.TEMPLATE_VERSION
    # Thuyết minh: every paragraph, in outline order (the demo writes sections in that order)
    order = {s.key: i for i, s in enumerate(CATALOG.sections)}
    expected = sorted(((p["muc"], _lines(p["noi_dung"]), p.get("sau_chi_tieu")) for p in demo["prose"]
                       if p.get("noi_dung")), key=lambda item: order[item[0]])
    assert [(p.section, p.text, p.after_code) for p in data.prose] == expected
    assert any(p.after_code for p in data.prose)
    assert [p.row for p in data.prose] == sorted(p.row for p in data.prose)
    assert [(t.group, t.task, t.status, t.note) for t in data.tasks] == [
        (t.get("nhom", ""), t["nhiem_vu"], t.get("ket_qua", ""), t.get("ghi_chu", "")) for t in demo["tasks"]]


def test_demo_seed_rice_figure(demo_xlsx):
    row = read_workbook(demo_xlsx).by_code()["NN.LUA_XUAN"]
    assert row.values["uoc_ky"] == Decimal("1990.48")


# --------------------------------------------------------------------------- staff edits, through the file

def test_inserted_reordered_deleted_rows_columns_and_custom_rows(tmp_path, template):
    sheet, code_a, code_b = _sheet_with_two_codes()
    wb = openpyxl.load_workbook(template)
    ws = wb[sheet.sheet]
    keys = _keys(ws)
    ra, rb = _code_row(ws, code_a), _code_row(ws, code_b)
    ws.cell(ra, keys["uoc_ky"], 1990.48)
    ws.cell(rb, keys["uoc_ky"], 0.1)
    # reorder: swap the two rows' contents
    width = ws.max_column
    row_a = [ws.cell(ra, c).value for c in range(1, width + 1)]
    row_b = [ws.cell(rb, c).value for c in range(1, width + 1)]
    for c in range(1, width + 1):
        ws.cell(ra, c, row_b[c - 1])
        ws.cell(rb, c, row_a[c - 1])
    ra, rb = rb, ra
    # insert a column before "ten", and two rows at the top of the data: a label and a custom row
    ws.insert_cols(keys["ten"])
    ws.insert_rows(layout.FIRST_DATA_ROW, 2)
    keys = _keys(ws)
    ra, rb = ra + 2, rb + 2
    first = layout.FIRST_DATA_ROW
    ws.cell(first, keys["ten"], "a) Nhóm tự thêm")  # a group label: skipped
    ws.cell(first + 1, keys["ten"], "Khoai lang")
    ws.cell(first + 1, keys["uoc_ky"], 12.5)
    # delete the last indicator row of the sheet (staff remove what they do not report)
    last_code = sheet.indicators[-1].code
    if last_code not in (code_a, code_b):
        ws.delete_rows(_code_row(ws, last_code))
    out = tmp_path / "sua.xlsx"
    wb.save(out)

    data = read_workbook(out)
    rows = [r for r in data.rows if r.sheet == sheet.sheet]
    by_code = data.by_code()
    letter = openpyxl.utils.get_column_letter(keys["uoc_ky"])
    assert by_code[code_a].row == ra and by_code[code_a].values["uoc_ky"] == Decimal("1990.48")
    assert by_code[code_b].row == rb and by_code[code_b].values["uoc_ky"] == Decimal("0.1")
    assert by_code[code_a].cells["uoc_ky"] == f"{letter}{ra}"
    custom = [r for r in rows if r.code is None]
    assert [(r.name, r.row, r.values["uoc_ky"]) for r in custom] == [("Khoai lang", first + 1, Decimal("12.5"))]
    ma_letter = openpyxl.utils.get_column_letter(keys["ma"])
    assert [(f.severity, f.where) for f in data.findings if f.rule == RULE_CUSTOM_ROW] == \
           [(INFO, f"{sheet.sheet}!{ma_letter}{first + 1}")]
    if last_code not in (code_a, code_b):
        assert last_code not in by_code
    assert [f for f in data.findings if f.severity == ERROR] == []


def test_text_numbers_and_garbage_through_the_file(tmp_path, template):
    sheet, code_a, code_b = _sheet_with_two_codes()
    wb = openpyxl.load_workbook(template)
    ws = wb[sheet.sheet]
    keys = _keys(ws)
    ra, rb = _code_row(ws, code_a), _code_row(ws, code_b)
    ws.cell(ra, keys["uoc_ky"], "1.990,48")
    ws.cell(rb, keys["uoc_ky"], "khoảng 20")
    out = tmp_path / "van_ban.xlsx"
    wb.save(out)
    data = read_workbook(out)
    letter = openpyxl.utils.get_column_letter(keys["uoc_ky"])
    assert data.by_code()[code_a].values["uoc_ky"] == Decimal("1990.48")
    assert data.by_code()[code_b].values["uoc_ky"] is None
    warn = [f for f in data.findings if f.rule == RULE_TEXT_NUMBER]
    err = [f for f in data.findings if f.rule == RULE_BAD_NUMBER]
    assert [(f.severity, f.where, f.code) for f in warn] == [(WARNING, f"{sheet.sheet}!{letter}{ra}", code_a)]
    assert [(f.severity, f.where, f.code) for f in err] == [(ERROR, f"{sheet.sheet}!{letter}{rb}", code_b)]
    assert "khoảng 20" in err[0].message


def test_excel_error_values_in_inputs_are_errors_not_empty(tmp_path, template):
    """calamine reads an error cell as empty; the reader puts the error back so it is reported."""
    sheet, code_a, _ = _sheet_with_two_codes()
    wb = openpyxl.load_workbook(template)
    ws = wb[sheet.sheet]
    keys = _keys(ws)
    ra = _code_row(ws, code_a)
    ws.cell(ra, keys["uoc_ky"], "#DIV/0!")  # openpyxl stores this as an error cell (t="e")
    assert ws.cell(ra, keys["uoc_ky"]).data_type == "e"
    out = tmp_path / "loi.xlsx"
    wb.save(out)
    letter = openpyxl.utils.get_column_letter(keys["uoc_ky"])
    assert read_sheet_values(out)[sheet.sheet][ra - 1][keys["uoc_ky"] - 1] == "#DIV/0!"
    data = read_workbook(out)
    err = [f for f in data.findings if f.rule == RULE_BAD_NUMBER]
    assert [(f.severity, f.where) for f in err] == [(ERROR, f"{sheet.sheet}!{letter}{ra}")]
    assert "#DIV/0!" in err[0].message


@pytest.mark.parametrize("inflater, where", [("zlib-ng", "memory"), ("zlib", "memory"), ("zlib-ng", "disk")])
def test_every_kind_of_error_value_is_restored_in_every_sheet_whichever_inflater(tmp_path, template, monkeypatch,
                                                                                  inflater, where):
    import zlib

    from workbook_templates import file_guard, zip_members

    if inflater == "zlib":  # the fallback when zlib-ng is not installed
        monkeypatch.setattr(zip_members, "_inflater", zlib.decompressobj)
    if where == "disk":  # a file too large for the guard to hand its bytes on: the scan opens it
        monkeypatch.setattr(file_guard, "IN_MEMORY_BYTES", 0)
    errors = ("#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!")
    wb = openpyxl.load_workbook(template)
    names = wb.sheetnames[:len(errors)]
    for name, err in zip(names, errors):
        wb[name].cell(200, 3, err)  # far below the template's rows: the sheet grows to hold it
    out = tmp_path / "loi.xlsx"
    wb.save(out)
    values = read_sheet_values(out)
    assert [values[name][199][2] for name in names] == list(errors)
    assert all(len(values[n]) == 200 for n in names)


def test_the_cycle_collector_is_back_as_it_was_after_a_read_even_a_failed_one(tmp_path, template):
    import gc

    assert gc.isenabled()
    read_sheet_values(template)
    assert gc.isenabled()
    bad = tmp_path / "hong.xlsx"  # passes the file guard, then calamine cannot read it
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, b"<workbook>x" if info.filename == "xl/workbook.xml" else src.read(info))
    with pytest.raises(KtxhError, match="hỏng"):
        read_sheet_values(bad)
    assert gc.isenabled()
    gc.disable()
    try:
        read_sheet_values(template)
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()


def test_shared_text_gives_the_same_values_with_each_text_held_once(template):
    plain = read_sheet_values(template)
    first, second = read_sheet_values(template, shared_text=True), read_sheet_values(template, shared_text=True)
    assert plain == first == second
    texts = [(name, r, c) for name, rows in first.items() for r, row in enumerate(rows) for c, v in enumerate(row)
             if isinstance(v, str)]
    assert texts and all(first[n][r][c] is second[n][r][c] for n, r, c in texts)  # one object per text
    assert any(plain[n][r][c] is not second[n][r][c] for n, r, c in texts)  # a plain read keeps its own
    assert "" not in {v for rows in plain.values() for row in rows for v in row}  # empty cells are None


def test_reading_never_changes_the_file(template):
    before = template.read_bytes()
    read_workbook(template)
    assert template.read_bytes() == before


# --------------------------------------------------------------------------- bad files

def _ole_file(path: Path, *stream_names: str) -> Path:
    """A compound-file (OLE) container as Excel writes for an encrypted .xlsx: header + directory names."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header = header.ljust(512, b"\x00")
    entries = b""
    for name in ("Root Entry", *stream_names):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entries += raw.ljust(64, b"\x00") + len(raw).to_bytes(2, "little") + b"\x02".ljust(62, b"\x00")
    path.write_bytes(header + entries.ljust(512, b"\x00") + b"\x00" * 1024)
    return path


def _error(path) -> str:
    with pytest.raises(KtxhError) as err:
        read_workbook(path)
    return str(err.value)


def test_missing_file(tmp_path):
    msg = _error(tmp_path / "khong_co.xlsx")
    assert "Không tìm thấy tệp" in msg and "khong_co.xlsx" in msg


def test_directory(tmp_path):
    assert "thư mục" in _error(tmp_path)


def test_text_file_renamed(tmp_path):
    path = tmp_path / "ghi_chu.xlsx"
    path.write_text("đây là văn bản, không phải Excel", encoding="utf-8")
    msg = _error(path)
    assert "ghi_chu.xlsx" in msg and "không phải là sổ làm việc" in msg


def test_empty_file(tmp_path):
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    assert "rỗng" in _error(path)


def test_word_document_renamed(tmp_path):
    import docx

    src = tmp_path / "van_ban.docx"
    docx.Document().save(src)
    path = tmp_path / "van_ban.xlsx"
    src.rename(path)
    msg = _error(path)
    assert "van_ban.xlsx" in msg and "Word" in msg


def test_zip_without_workbook(tmp_path):
    path = tmp_path / "nen.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "x")
    assert "không chứa sổ làm việc" in _error(path)


def test_truncated_zip(tmp_path, template):
    path = tmp_path / "cut.xlsx"
    data = template.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    msg = _error(path)
    assert "cut.xlsx" in msg and "bị hỏng" in msg and "không tự sửa" in msg


def test_damaged_sheet_inside_a_valid_zip(tmp_path, template):
    path = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":
                body = body[: len(body) // 2]
            dst.writestr(info, body)
    msg = _error(path)
    assert "hong.xlsx" in msg and "bị hỏng ở trang" in msg


def test_xls_extension(tmp_path):
    path = tmp_path / "cu.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    msg = _error(path)
    assert "cu.xls" in msg and ".xlsx" in msg and "Lưu thành" in msg


def test_encrypted_workbook(tmp_path):
    path = _ole_file(tmp_path / "mat_khau.xlsx", "EncryptionInfo", "EncryptedPackage")
    msg = _error(path)
    assert "mat_khau.xlsx" in msg and "mật khẩu" in msg


def test_xls_content_with_xlsx_extension(tmp_path):
    path = _ole_file(tmp_path / "doi_duoi.xlsx", "Workbook")
    msg = _error(path)
    assert "97-2003" in msg and "doi_duoi.xlsx" in msg


def test_unsupported_extension(tmp_path):
    path = tmp_path / "so_lieu.csv"
    path.write_text("a,b\n", encoding="utf-8")
    assert ".csv" in _error(path)


def test_workbook_missing_required_sheets(tmp_path, template):
    wb = openpyxl.load_workbook(template)
    first_sector = CATALOG.sheets[0].sheet
    del wb[first_sector]
    del wb[layout.SHEET_PROSE]
    path = tmp_path / "thieu.xlsx"
    wb.save(path)
    msg = _error(path)
    assert "thieu.xlsx" in msg and f"“{first_sector}”" in msg and f"“{layout.SHEET_PROSE}”" in msg
    assert "thiếu 02 trang tính" in msg


def test_plain_workbook_is_not_a_ktxh_workbook(tmp_path):
    path = tmp_path / "khac.xlsx"
    openpyxl.Workbook().save(path)
    msg = _error(path)
    assert "khac.xlsx" in msg and layout.SHEET_INFO in msg


def test_xlsx_renamed_to_ods(tmp_path, template):
    path = tmp_path / "nham.ods"
    shutil.copyfile(template, path)
    msg = _error(path)
    assert "nham.ods" in msg and "đổi đuôi tệp thành .xlsx" in msg
