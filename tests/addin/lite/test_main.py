"""addin/lite/main.py as xlwings Lite runs it: the Office.js decorators and call path of xlwings
(xlwings.server's script/func are the same udfs_officejs code Lite uses), on the remote engine."""
import asyncio
import importlib.util
from pathlib import Path

import pytest
import xlwings as xw
import xlwings.server

from addin import build_xlsm, scripts
from tests.addin.office_js import payload_from_xlsx
from tests.addin.test_scripts import _sample

MAIN = Path(scripts.__file__).parent / "lite" / "main.py"


@pytest.fixture
def lite_main(monkeypatch):
    # in Pyodide, `from xlwings import script, func` gives the Office.js decorators
    monkeypatch.setattr(xw, "script", xlwings.server.script)
    monkeypatch.setattr(xw, "func", xlwings.server.func)
    spec = importlib.util.spec_from_file_location("lite_main", MAIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _call(module, name, book):
    return asyncio.run(xlwings.server.custom_scripts_call(module, name, typehint_to_value={xw.Book: book}))


def test_the_buttons_sit_where_the_built_workbook_puts_them(lite_main):
    meta = {m["function_name"]: m for m in xlwings.server.custom_scripts_meta(lite_main)}
    assert set(meta) == {"tinh_toan_lai", "kiem_tra_so_lieu", "xuat_bao_cao_word"}
    cells = {f"D{b.row + 1}": b.caption for b in build_xlsm.THREE_BUTTONS}
    for name, caption in zip(("tinh_toan_lai", "kiem_tra_so_lieu", "xuat_bao_cao_word"), scripts.ACTIONS):
        button = meta[name]["button"]
        assert button.startswith("[btn") and "]Hướng dẫn!" in button
        assert cells[button.rsplit("!", 1)[1]] == caption


def test_the_recalculate_button_gives_the_same_actions_as_the_entry_function(lite_main, tmp_path):
    payload = payload_from_xlsx(_sample(tmp_path / "so.xlsx", broken=True))
    via_lite = xw.Book(json=payload)
    _call(lite_main, "tinh_toan_lai", via_lite)
    direct = xw.Book(json=payload_from_xlsx(tmp_path / "so.xlsx"))
    scripts.recalculate(direct)
    assert via_lite.json()["actions"] == direct.json()["actions"]
    assert any(a["func"] == "setValues" for a in via_lite.json()["actions"])


def test_the_report_goes_to_the_download_folder(lite_main, tmp_path, monkeypatch):
    monkeypatch.setattr(lite_main, "REPORT_FOLDER", str(tmp_path))
    book = xw.Book(json=payload_from_xlsx(_sample(tmp_path / "so.xlsx")))
    _call(lite_main, "xuat_bao_cao_word", book)
    assert [p.name for p in tmp_path.glob("*.docx")] == ["so - Bao cao.docx"]


def test_custom_functions_compute_like_the_report(lite_main):
    names = {f["name"] for f in xlwings.server.custom_functions_meta(lite_main)["functions"]}
    assert names == {"KTXH_TY_LE", "KTXH_TY_LE_CUNG_KY", "KTXH_TANG_GIAM", "KTXH_DANH_GIA"}

    def call(name, *args):
        data = {"func_name": name, "args": [[[a]] for a in args], "version": xw.__version__, "client": "Office.js",
                "caller_address": "Sheet1!A1", "runtime": "1.4", "culture_info_name": "vi-VN",
                "date_format": "dd/mm/yyyy"}
        return asyncio.run(xlwings.server.custom_functions_call(data, lite_main))[0][0]

    assert call("ktxh_ty_le", 1990.48, 1979) == 100.58
    assert call("ktxh_ty_le", 1990.48, None) == ""  # not computable: an empty cell
    assert call("ktxh_ty_le_cung_ky", 79.4, 90) == 88.22
    assert call("ktxh_tang_giam", 6.78, 8.29, True) == -1.51
    assert call("ktxh_danh_gia", 121.25, 120) == "Vượt"
    assert call("ktxh_danh_gia", 30, 100, "higher", 50) == "Không đạt"


def test_the_buttons_need_no_python_calamine(tmp_path):
    """Lite has no build of the file door's reader; the button path must not import it."""
    import subprocess
    import sys

    src = _sample(tmp_path / "so.xlsx")
    code = (
        "import os, sys; os.environ['XLWINGS_LICENSE_KEY'] = 'noncommercial'\n"
        "sys.modules['python_calamine'] = None  # any import of it now fails\n"
        "import xlwings as xw\n"
        "from addin import scripts\n"
        "from tests.addin.office_js import payload_from_xlsx\n"
        f"book = xw.Book(json=payload_from_xlsx({str(src)!r}))\n"
        "assert scripts.recalculate(book) and scripts.check(book)\n"
        f"assert scripts.export_report(book, folder={str(tmp_path)!r}).exists()\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(scripts.__file__).parents[1])
    assert run.returncode == 0, run.stderr
