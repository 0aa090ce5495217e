"""Static checks of the built .xlsm: what can be verified on Linux without Excel.

Not proven here (README, "one manual check in Excel"): that Excel enables and runs the macros.
"""
import importlib
from datetime import datetime
import importlib.util
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from oletools.olevba import VBA_Parser

from addin import build_xlsm
from addin.build_xlsm import PANEL_BUTTONS, THREE_BUTTONS, choose_buttons, vba_subs
from addin.scripts import ACTION_NAME, ACTIONS
from workbook_templates.builder import build_workbook
from workbook_templates.errors import KtxhError
from workbook_templates.layout import SHEET_GUIDE

VBA_DIR = Path(build_xlsm.__file__).parent / "vba"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _template():
    return build_workbook(don_vi="UBND xã Tân Liên", ky="6 tháng đầu năm", nam=2026, cap="xa",
                          created=datetime(2026, 7, 1, 8, 0))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsm")
    return build_xlsm.build_xlsm(out, name="KTXH_TanLien", workbook=_template())


def _macros(path):
    parser = VBA_Parser(str(path))
    try:
        return [(Path(f).stem, code) for _s, _p, f, code in parser.extract_macros()]
    finally:
        parser.close()


def _subs(code):
    return set(re.findall(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(\s*\)", code, re.M | re.I))


def test_macros_parse_and_every_button_runs_an_existing_sub(built):
    macros = _macros(built)
    modules = {m for m, _ in macros}
    assert {"xlwings", "Module1"} <= modules  # RunPython itself travels with the workbook
    subs = set().union(*(_subs(code) for _, code in macros))
    with zipfile.ZipFile(built) as z:
        vml = z.read(build_xlsm.VML_PART).decode()
    bound = re.findall(r"<x:FmlaMacro>\[0\]!([\w.]+)</x:FmlaMacro>", vml)
    assert bound == [b.macro for b in PANEL_BUTTONS]
    assert set(bound) <= subs
    assert "Thực hiện" in vml


def test_the_button_s_runpython_reaches_addin_classic_main(built, monkeypatch):
    # Module1.SampleCall runs  import <workbook name>; <workbook name>.main()
    (code,) = [c for m, c in _macros(built) if m == "Module1"]
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in code
    companion = built.with_suffix(".py")
    assert companion.stem == built.stem
    spec = importlib.util.spec_from_file_location(companion.stem, companion)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from addin import classic
    assert module.main is classic.main


def test_every_runpython_string_in_the_committed_vba_imports_a_real_function():
    calls = []
    for bas in VBA_DIR.glob("*.bas"):
        calls += re.findall(r'RunPython\s+"import ([\w.]+);\s*([\w.]+)\(\)"', bas.read_text(encoding="utf-8"))
    assert len(calls) == 3
    for module_name, dotted in calls:
        module = importlib.import_module(module_name)
        assert dotted.startswith(module_name + ".")
        target = module
        for part in dotted[len(module_name) + 1:].split("."):
            target = getattr(target, part)
        assert callable(target), dotted


def test_the_committed_vba_declares_the_three_button_subs():
    code = (VBA_DIR / "KtxhNut.bas").read_text(encoding="utf-8")
    assert _subs(code) == {b.macro for b in THREE_BUTTONS}
    assert choose_buttons({s: "KtxhNut" for s in _subs(code)}) == THREE_BUTTONS
    assert [b.caption for b in THREE_BUTTONS] == list(ACTIONS)


def test_a_vba_project_without_usable_subs_is_refused(tmp_path):
    # xlwings' ribbon add-in only has RunMain(control As IRibbonControl): no button can run it
    import xlwings
    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam") as z:
        ribbon_bin = z.read("xl/vbaProject.bin")
    assert "RunMain" not in vba_subs(ribbon_bin)
    with pytest.raises(KtxhError, match="TinhToanLai"):
        build_xlsm.build_xlsm(tmp_path, workbook=_template(), vba_project=ribbon_bin)
    assert list(tmp_path.iterdir()) == []


def test_content_types_and_relationships(built):
    with zipfile.ZipFile(built) as z:
        names = set(z.namelist())
        types = ET.fromstring(z.read("[Content_Types].xml"))
        overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(CT + "Override")}
        defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(CT + "Default")}
        assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
        assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
        assert defaults["vml"] == "application/vnd.openxmlformats-officedocument.vmlDrawing"
        assert all(part.lstrip("/") in names for part in overrides)
        wb_rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        vba = [r for r in wb_rels.iter(REL) if r.get("Type").endswith("/vbaProject")]
        assert [r.get("Target") for r in vba] == ["vbaProject.bin"]
        for rels_name in [n for n in names if n.endswith(".rels")]:
            base = rels_name.replace("_rels/", "").removesuffix(".rels")
            folder = str(Path(base).parent) if "/" in base else ""
            for r in ET.fromstring(z.read(rels_name)).iter(REL):
                if r.get("TargetMode") == "External":
                    continue
                t = r.get("Target")
                resolved = t.lstrip("/") if t.startswith("/") else str(Path(folder, t))
                assert resolved in names, (rels_name, t)
        sheet1_rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        assert "vmlDrawing" in sheet1_rels
        assert b"<legacyDrawing" in z.read("xl/worksheets/sheet1.xml")
        assert b'codeName="ThisWorkbook"' in z.read("xl/workbook.xml")


def test_the_control_panel_lists_the_three_jobs_under_the_defined_name(built):
    wb = openpyxl.load_workbook(built, keep_vba=True)
    dn = wb.defined_names[ACTION_NAME]
    ((sheet, cell),) = list(dn.destinations)
    assert (sheet, cell) == (SHEET_GUIDE, "$D$3")
    guide = wb[SHEET_GUIDE]
    assert guide["D3"].value == "Tính toán lại"
    (dv,) = [d for d in guide.data_validations.dataValidation if "D3" in str(d.sqref)]
    assert dv.formula1.strip('"').split(",") == list(ACTIONS)


def test_the_template_sheets_are_unchanged_apart_from_the_panel(built):
    built_wb = openpyxl.load_workbook(built)
    plain = _template()
    assert built_wb.sheetnames == plain.sheetnames
    for ws in plain.worksheets:
        got = built_wb[ws.title]
        for row in ws.iter_rows():
            for c in row:
                expected = None if c.value == "" else c.value  # openpyxl writes "" as an empty cell
                assert got[c.coordinate].value == expected, (ws.title, c.coordinate)
    extra = {c.coordinate for row in built_wb[SHEET_GUIDE].iter_rows() for c in row if c.value is not None} - {
        c.coordinate for row in plain[SHEET_GUIDE].iter_rows() for c in row if c.value is not None}
    assert extra == {"D2", "D3"}


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_built_workbook(built, tmp_path):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(built)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (built.stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 10_000


def test_command_line_builds_both_files(tmp_path):
    rc = build_xlsm.main([str(tmp_path), "--ten", "SoXaTanLien", "--don-vi", "UBND xã Tân Liên"])
    assert rc == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["SoXaTanLien.py", "SoXaTanLien.xlsm"]
    assert build_xlsm.main([str(tmp_path), "--ten", "Sổ xã"]) == 2  # not importable by xlwings
    assert build_xlsm.main([str(tmp_path), "--ten", "addin"]) == 2  # would import ktxh's package instead


def test_ktxh_recalc_keeps_the_macros_and_the_button(built, tmp_path):
    from addin.cli import main as ktxh

    out = tmp_path / "out.xlsm"
    assert ktxh(["recalc", str(built), "-o", str(out)]) == 0
    assert {m for m, _ in _macros(out)} == {m for m, _ in _macros(built)}
    with zipfile.ZipFile(out) as z:
        assert re.findall(r"<x:FmlaMacro>([^<]*)<", z.read(build_xlsm.VML_PART).decode()) == ["[0]!SampleCall"]
        assert b"macroEnabled" in z.read("[Content_Types].xml")
    assert ACTION_NAME in openpyxl.load_workbook(out, keep_vba=True).defined_names
