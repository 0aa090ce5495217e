"""The xlwings Lite workbook: named shapes with hyperlinks to the cells addin/lite/main.py names."""
import re
import shutil
import subprocess
import zipfile
from datetime import datetime

import openpyxl
import pytest
import xlwings.server

from addin import build_lite
from tests.addin.lite.test_main import lite_main  # noqa: F401  (fixture)
from workbook_templates.builder import build_workbook
from formulas.layout import SHEET_GUIDE

XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"


def _template():
    return build_workbook(don_vi="UBND xã Tân Liên", ky="6 tháng đầu năm", nam=2026, cap="xa",
                          created=datetime(2026, 7, 1, 8, 0))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_lite.build_lite_xlsx(tmp_path_factory.mktemp("lite"), workbook=_template())


def _shapes(path):
    """shape name -> (hyperlink target, (from col, from row) 0-based)."""
    with zipfile.ZipFile(path) as z:
        drawing = z.read(build_lite.DRAWING).decode()
        rels = dict(re.findall(r'Id="(\w+)"[^>]*Target="([^"]+)"', z.read(build_lite.DRAWING_RELS).decode()))
    out = {}
    for anchor in re.findall(r"<xdr:twoCellAnchor.*?</xdr:twoCellAnchor>", drawing, re.S):
        name = re.search(r'<xdr:cNvPr [^>]*name="([^"]+)"', anchor).group(1)
        rid = re.search(r'<a:hlinkClick [^>]*r:id="(\w+)"', anchor).group(1)
        col, row = re.search(r"<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>", anchor, re.S).groups()
        out[name] = (rels[rid], (int(col), int(row)))
    return out


def test_each_script_button_has_its_named_shape_over_the_linked_cell(built, lite_main):  # noqa: F811
    shapes = _shapes(built)
    buttons = [m["button"] for m in xlwings.server.custom_scripts_meta(lite_main)]
    assert len(buttons) == 3 == len(shapes)
    for button in buttons:
        name, sheet, cell = re.match(r"\[(\w+)\](.+)!([A-Z]+\d+)$", button).groups()
        target, (col, row) = shapes[name]
        assert target == f"#'{sheet}'!{cell}" and sheet == SHEET_GUIDE
        assert f"{openpyxl.utils.get_column_letter(col + 1)}{row + 1}" == cell  # the shape covers the cell


def test_package_parts_are_declared_and_linked(built):
    with zipfile.ZipFile(built) as z:
        names = set(z.namelist())
        types = z.read("[Content_Types].xml").decode()
        assert f'PartName="/{build_lite.DRAWING}" ContentType="{build_lite.DRAWING_TYPE}"' in types
        assert "macroEnabled" not in types and "xl/vbaProject.bin" not in names  # a plain .xlsx
        sheet_rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        assert f'Target="/{build_lite.DRAWING}"' in sheet_rels
        assert f'r:id="{build_lite.REL_ID}"' in z.read("xl/worksheets/sheet1.xml").decode()
        for rels_name in [n for n in names if n.endswith(".rels")]:
            for target in re.findall(r'Target="([^"#][^"]*)"', z.read(rels_name).decode()):
                if target.startswith("/"):
                    assert target[1:] in names, (rels_name, target)


def test_sheets_are_unprotected_and_otherwise_unchanged(built):
    got, plain = openpyxl.load_workbook(built), _template()
    assert got.sheetnames == plain.sheetnames
    assert not any(ws.protection.sheet for ws in got.worksheets)
    for ws in plain.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if (ws.title, c.coordinate) != (SHEET_GUIDE, "D1"):
                    assert got[ws.title][c.coordinate].value == (None if c.value == "" else c.value)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it(built, tmp_path):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(built)], check=True, capture_output=True, timeout=180)
    assert (tmp_path / (built.stem + ".pdf")).stat().st_size > 10_000


def test_command_line(tmp_path):
    assert build_lite.main([str(tmp_path), "--ten", "SoLite"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["SoLite.xlsx"]
    assert build_lite.main([str(tmp_path / "khong_co")]) == 2
