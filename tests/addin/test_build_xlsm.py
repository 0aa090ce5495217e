"""Static checks of the built .xlsm: what can be verified on Linux without Excel.

Two builds: the default (addin/vba/KtxhNut.bas compiled by LibreOffice: three buttons and the KTXH
ribbon tab) and --mot-nut (xlwings' own compiled VBA: one button and a drop-down).
Not proven here (addin/README.md §6, the manual checks in Excel): that Excel compiles and runs the macros.
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

from addin import build_xlsm, ribbon
from addin.build_xlsm import PANEL_BUTTONS, THREE_BUTTONS, choose_buttons, vba_subs
from addin.vba_source import public_subs
from addin.scripts import ACTION_NAME, ACTIONS
from workbook_templates.builder import build_workbook
from formulas.errors import KtxhError
from formulas.layout import SHEET_GUIDE

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


@pytest.fixture(scope="module")
def built_one(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsm1")
    return build_xlsm.build_xlsm(out, name="KTXH_TanLien", workbook=_template(), one_button=True)


def _macros(path):
    parser = VBA_Parser(str(path))
    try:
        return [(Path(f).stem, code) for _s, _p, f, code in parser.extract_macros()]
    finally:
        parser.close()


def _subs(code):
    return {name for name, params in public_subs(code).items() if params == 0}


def _bound_macros(path):
    with zipfile.ZipFile(path) as z:
        vml = z.read(build_xlsm.VML_PART).decode()
    return re.findall(r"<x:FmlaMacro>\[0\]!([\w.]+)</x:FmlaMacro>", vml), vml


def test_the_three_buttons_run_the_subs_of_the_compiled_ktxh_module(built):
    macros = dict(_macros(built))
    assert "KtxhNut" in macros and "xlwings" not in macros  # RunPython comes from the xlwings add-in
    committed = public_subs((VBA_DIR / "KtxhNut.bas").read_text(encoding="utf-8"))
    assert public_subs(macros["KtxhNut"]) == committed  # nothing lost on the way through LibreOffice
    bound, vml = _bound_macros(built)
    assert bound == [b.macro for b in THREE_BUTTONS]
    assert set(bound) <= _subs(macros["KtxhNut"])
    for b in THREE_BUTTONS:
        assert f">{b.caption}</font>" in vml
    assert not built.with_suffix(".py").exists()  # only the one-button workbook imports <name>.py


def test_the_compiled_project_is_source_only_so_excel_compiles_it_on_open(built):
    import olefile

    with zipfile.ZipFile(built) as z:
        ole = olefile.OleFileIO(z.read("xl/vbaProject.bin"))
    head = ole.openstream("VBA/_VBA_PROJECT").read()
    assert head[:2] == b"\xcc\x61" and head[2:4] == b"\xff\xff"  # MS-OVBA 2.3.4.1: no cached p-code
    assert len(head) == 7
    project = ole.openstream("PROJECT").read().decode("latin-1")
    assert "Module=KtxhNut" in project and "Document=ThisWorkbook/&H00000000" in project


def test_the_compiled_module_keeps_the_vietnamese_message_as_chrw(built):
    code = dict(_macros(built))["KtxhNut"]
    assert code.isascii()
    assert "ChrW(7841)" in code  # the "ạ" of "chạy"
    assert "'xlwings.xlam'!RunPython" in code


def test_the_ribbon_tab_calls_an_existing_callback_for_each_of_its_buttons(built):
    from xml.etree import ElementTree

    code = dict(_macros(built))["KtxhNut"]
    assert public_subs(code)[ribbon.CALLBACK] == 1  # onAction callbacks take the IRibbonControl
    with zipfile.ZipFile(built) as z:
        ui = ElementTree.fromstring(z.read(ribbon.PART))
        rels = ElementTree.fromstring(z.read("_rels/.rels"))
    buttons = ui.findall(".//{%s}button" % ribbon.NAMESPACE)
    assert [b.get("label") for b in buttons] == list(ACTIONS)
    assert {b.get("onAction") for b in buttons} == {ribbon.CALLBACK}
    dispatch = code[code.index("Sub NutRibbon"):code.index("End Sub", code.index("Sub NutRibbon"))]
    for b in buttons:  # every id is handled, and handled by the button's own Sub
        (sub,) = re.findall(rf'Case "{b.get("id")}":\s*(\w+)', dispatch)
        assert sub == {t.caption: t.macro for t in THREE_BUTTONS}[b.get("label")]
    assert [r.get("Target") for r in rels.iter(REL) if r.get("Type") == ribbon.REL_TYPE] == [ribbon.PART]


def test_one_button_workbook_binds_xlwings_samplecall(built_one):
    macros = _macros(built_one)
    modules = {m for m, _ in macros}
    assert {"xlwings", "Module1"} <= modules  # RunPython itself travels with the workbook
    subs = set().union(*(_subs(code) for _, code in macros))
    bound, vml = _bound_macros(built_one)
    assert bound == [b.macro for b in PANEL_BUTTONS]
    assert set(bound) <= subs
    assert "Thực hiện" in vml
    with zipfile.ZipFile(built_one) as z:
        assert ribbon.PART not in z.namelist()  # xlwings' project has no NutRibbon


def test_the_button_s_runpython_reaches_addin_classic_main(built_one, monkeypatch):
    built = built_one
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


@pytest.mark.parametrize("source", ["committed", "built"])
def test_every_python_command_of_the_buttons_imports_a_real_function(source, request):
    if source == "committed":
        code = (VBA_DIR / "KtxhNut.bas").read_text(encoding="utf-8")
    else:
        code = dict(_macros(request.getfixturevalue("built")))["KtxhNut"]
    calls = re.findall(r'ChayPython\s+"import ([\w.]+);\s*([\w.]+)\(\)"', code)
    assert len(calls) == 4  # one per button Sub and the consolidation's, each handed to RunPython
    assert "Application.Run RUN_PYTHON, lenh" in code
    for module_name, dotted in calls:
        module = importlib.import_module(module_name)
        assert dotted.startswith(module_name + ".")
        target = module
        for part in dotted[len(module_name) + 1:].split("."):
            target = getattr(target, part)
        assert callable(target), dotted


def test_the_committed_vba_declares_the_three_button_subs():
    code = (VBA_DIR / "KtxhNut.bas").read_text(encoding="utf-8")
    # plus the consolidation's macro, run from a consolidated workbook (Alt+F8), not a button
    assert _subs(code) == {b.macro for b in THREE_BUTTONS} | {"TongHopCacDonVi"}
    assert choose_buttons(public_subs(code)) == THREE_BUTTONS
    assert [b.caption for b in THREE_BUTTONS] == list(ACTIONS)


def test_a_vba_project_without_usable_subs_is_refused(tmp_path):
    # xlwings' ribbon add-in only has RunMain(control As IRibbonControl): no button can run it
    import xlwings
    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam") as z:
        ribbon_bin = z.read("xl/vbaProject.bin")
    subs = vba_subs(ribbon_bin)
    assert subs["RunMain"] == 1 and "RemoveAll" not in subs  # a callback; class methods are not listed
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


def test_the_control_panel_lists_the_three_jobs_under_the_defined_name(built_one):
    wb = openpyxl.load_workbook(built_one, keep_vba=True)
    dn = wb.defined_names[ACTION_NAME]
    ((sheet, cell),) = list(dn.destinations)
    assert (sheet, cell) == (SHEET_GUIDE, "$D$3")
    guide = wb[SHEET_GUIDE]
    assert guide["D3"].value == "Tính toán lại"
    (dv,) = [d for d in guide.data_validations.dataValidation if "D3" in str(d.sqref)]
    assert dv.formula1.strip('"').split(",") == list(ACTIONS)


@pytest.mark.parametrize("which, extra_cells", [("built", {"D1"}), ("built_one", {"D2", "D3"})])
def test_the_template_sheets_are_unchanged_apart_from_the_panel(which, extra_cells, request):
    built_wb = openpyxl.load_workbook(request.getfixturevalue(which))
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
    assert extra == extra_cells


def test_libreoffice_opens_the_built_workbook_and_sees_the_buttons_and_the_module(built, tmp_path):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "ods",
                    "--outdir", str(tmp_path), str(built)], check=True, capture_output=True, timeout=180)
    with zipfile.ZipFile(tmp_path / (built.stem + ".ods")) as z:
        content = z.read("content.xml").decode()
        module = z.read("Basic/VBAProject/KtxhNut.xml").decode()
    labels = re.findall(r'<form:button [^>]*form:label="([^"]*)"', content)
    assert labels == [b.caption for b in THREE_BUTTONS]
    assert "Sub TinhToanLai()" in module and "Sub NutRibbon(control As Object)" in module


def test_command_line_builds_the_workbook_and_the_one_button_variant(tmp_path):
    three, one = tmp_path / "ba", tmp_path / "mot"
    three.mkdir(), one.mkdir()
    assert build_xlsm.main([str(three), "--ten", "Sổ xã Tân Liên", "--don-vi", "UBND xã Tân Liên"]) == 0
    assert [p.name for p in three.iterdir()] == ["Sổ xã Tân Liên.xlsm"]  # any name: nothing imports it
    assert build_xlsm.main([str(one), "--mot-nut", "--ten", "SoXaTanLien"]) == 0
    assert sorted(p.name for p in one.iterdir()) == ["SoXaTanLien.py", "SoXaTanLien.xlsm"]
    assert build_xlsm.main([str(one), "--mot-nut", "--ten", "Sổ xã"]) == 2  # not importable by xlwings
    assert build_xlsm.main([str(one), "--mot-nut", "--ten", "addin"]) == 2  # would import ktxh's package


def test_without_libreoffice_the_command_line_says_what_to_do(tmp_path, monkeypatch, capsys):
    from addin import vba_compile

    monkeypatch.setattr(vba_compile, "find_soffice", lambda: None)
    assert build_xlsm.main([str(tmp_path)]) == 2
    assert "--mot-nut" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_ktxh_recalc_keeps_the_macros_the_buttons_and_the_ribbon(built, tmp_path):
    from addin.cli import main as ktxh

    out = tmp_path / "out.xlsm"
    assert ktxh(["recalc", str(built), "-o", str(out)]) == 0
    assert {m for m, _ in _macros(out)} == {m for m, _ in _macros(built)}
    bound, _ = _bound_macros(out)
    assert bound == [b.macro for b in THREE_BUTTONS]
    with zipfile.ZipFile(out) as z, zipfile.ZipFile(built) as before:
        assert b"macroEnabled" in z.read("[Content_Types].xml")
        assert z.read(ribbon.PART) == before.read(ribbon.PART)
        assert ribbon.REL_TYPE.encode() in z.read("_rels/.rels")


def test_ktxh_recalc_keeps_the_one_button_panel(built_one, tmp_path):
    from addin.cli import main as ktxh

    out = tmp_path / "out.xlsm"
    assert ktxh(["recalc", str(built_one), "-o", str(out)]) == 0
    assert {m for m, _ in _macros(out)} == {m for m, _ in _macros(built_one)}
    assert _bound_macros(out)[0] == ["SampleCall"]
    assert ACTION_NAME in openpyxl.load_workbook(out, keep_vba=True).defined_names
