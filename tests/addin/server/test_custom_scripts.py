"""addin/server/custom_scripts.py through xlwings Server's call path (custom_scripts_call)."""
import asyncio

import xlwings as xw
import xlwings.server

from addin.server import custom_functions, custom_scripts
from tests.addin.office_js import payload_from_xlsx
from tests.addin.test_scripts import _sample


def _call(name, book):
    return asyncio.run(xlwings.server.custom_scripts_call(custom_scripts, name, typehint_to_value={xw.Book: book}))


def test_check_through_the_server_writes_only_the_findings_sheet(tmp_path):
    payload = payload_from_xlsx(_sample(tmp_path / "so.xlsx", broken=True))
    book = xw.Book(json=payload)
    _call("kiem_tra_so_lieu", book)
    names = [s["name"] for s in payload["sheets"]]
    written = {names[a["sheet_position"]] for a in book.json()["actions"] if a["func"] == "setValues"}
    assert written == {"Kiểm tra"}


def test_the_report_is_written_to_the_configured_folder(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    monkeypatch.setenv("KTXH_REPORT_DIR", str(tmp_path / "reports"))
    _call("xuat_bao_cao_word", xw.Book(json=payload_from_xlsx(_sample(tmp_path / "so.xlsx"))))
    assert [p.name for p in (tmp_path / "reports").iterdir()] == ["so - Bao cao.docx"]


def test_the_same_scripts_and_functions_as_lite():
    meta = xlwings.server.custom_scripts_meta(custom_scripts)
    assert {m["function_name"] for m in meta} == {"tinh_toan_lai", "kiem_tra_so_lieu", "xuat_bao_cao_word"}
    names = {f["name"] for f in xlwings.server.custom_functions_meta(custom_functions)["functions"]}
    assert names == {"KTXH_TY_LE", "KTXH_TY_LE_CUNG_KY", "KTXH_TANG_GIAM", "KTXH_DANH_GIA"}
