"""`ktxh check` and `ktxh recalc` over real workbook files (a template filled by the test)."""
from __future__ import annotations

import json

import openpyxl
import pytest

from addin.cli import main
from tests.formulas.factory import make_catalog, write_book
from formulas import layout
from workbook_templates.builder import code_rows, column_keys

GOOD = {"NN.LUA_XUAN": {"kh_ky": 1979.0, "kh_nam": 4394, "cung_ky": 2067.6, "uoc_ky": 1990.48},
        "NS.THU": {"du_toan_tinh": 225000, "du_toan_huyen": 280000, "cung_ky": 134717, "uoc_ky": 256812},
        "CT.THU_NS": {"kh_nam": 450000}}
BAD = {**GOOD, "NN.CHE_PHU": {"kh_nam": 70.2, "uoc_ky": -72},
       "YT.TIEM": {"uoc_ky": 1085}, "YT.TIEM_NL": {"uoc_ky": 759}, "YT.TIEM_TE": {"uoc_ky": 299}}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("cat"))


@pytest.fixture(autouse=True)
def use_test_catalog(monkeypatch, catalog):
    monkeypatch.setattr("formulas.catalog.load_catalog", lambda *a, **k: catalog)


def test_check_clean_workbook_exits_0(tmp_path, catalog, capsys):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "00" not in out and "Không có lỗi" in out


def test_check_lists_findings_with_sheet_and_cell_and_exits_1(tmp_path, catalog, capsys):
    path = write_book(tmp_path / "so.xlsx", catalog, BAD)
    original = path.read_bytes()
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    row_che_phu = code_rows(openpyxl.load_workbook(path)["Nông nghiệp"])["NN.CHE_PHU"]
    assert f"[lỗi] Nông nghiệp!I{row_che_phu} (NN.CHE_PHU) SO_AM" in out
    assert "[lỗi] Y tế!H6 (YT.TIEM) TONG_KHONG_KHOP" in out and "759 + 299 = 1.058" in out
    assert "02 lỗi" in out
    assert path.read_bytes() == original  # check writes nothing


def test_check_json(tmp_path, catalog, capsys):
    path = write_book(tmp_path / "so.xlsx", catalog, BAD, info={"nguoi_ky": None})
    assert main(["check", str(path), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["counts"] == {"lỗi": 3, "cảnh báo": 0, "thông tin": 0}
    assert [(f["rule"], f["sheet"]) for f in payload["findings"]] == [
        ("THIEU_THONG_TIN", "Thông tin"), ("SO_AM", "Nông nghiệp"), ("TONG_KHONG_KHOP", "Y tế")]
    assert set(payload["findings"][0]) == {"rule", "severity", "sheet", "cell", "code", "message"}


def test_check_unreadable_file_is_a_vietnamese_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "khong_co.xlsx")]) == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err


def test_recalc_in_place_with_backup_and_inputs_untouched(tmp_path, catalog, capsys):
    path = write_book(tmp_path / "so.xlsx", catalog, BAD)
    before = _inputs(path, catalog)
    assert main(["recalc", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Đã tính lại" in out and "so.bak.xlsx" in out
    assert (tmp_path / "so.bak.xlsx").exists()
    assert _inputs(path, catalog) == before
    wb = openpyxl.load_workbook(path)
    ws = wb["Nông nghiệp"]
    assert ws.cell(code_rows(ws)["NN.LUA_XUAN"], column_keys(ws)["pct_kh_ky"]).value == 100.58
    assert wb[layout.SHEET_FINDINGS].cell(layout.FIRST_DATA_ROW, 3).value == "SO_AM"


def test_recalc_to_another_file(tmp_path, catalog, capsys):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    original = path.read_bytes()
    assert main(["recalc", str(path), "-o", str(tmp_path / "ra.xlsx")]) == 0
    assert path.read_bytes() == original and (tmp_path / "ra.xlsx").exists()
    assert not (tmp_path / "so.bak.xlsx").exists()


def test_recalc_refuses_ods(tmp_path, capsys):
    (tmp_path / "so.ods").write_bytes(b"x")
    assert main(["recalc", str(tmp_path / "so.ods")]) == 2
    assert "LibreOffice" in capsys.readouterr().err


def _inputs(path, catalog) -> dict:
    wb = openpyxl.load_workbook(path)
    out = {}
    for sheet in catalog.sheets:
        ws = wb[sheet.sheet]
        keys = column_keys(ws)
        for col in layout.sector_columns(sheet, "huyen", ""):
            if col.kind != layout.COMPUTED:
                for r in range(1, ws.max_row + 1):
                    out[(sheet.sheet, r, col.key)] = ws.cell(r, keys[col.key]).value
    for name in (layout.SHEET_INFO, layout.SHEET_PROSE, layout.SHEET_TASKS):
        out.update({(name, c.coordinate): c.value for row in wb[name].iter_rows() for c in row})
    return out
