"""LibreOffice conversions: `ktxh new OUT.ods`, and the template opening and printing in LibreOffice."""
from __future__ import annotations

import subprocess
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from addin.cli import main
from tests.workbook_templates.conftest import lo_profile, pdf_pages
from formulas import layout
from workbook_templates import ods
from workbook_templates.builder import build_template
from formulas.catalog import load_catalog
from formulas.errors import KtxhError

ARGS = ["--don-vi", "UBND xã Tân Liên", "--ky", "6 tháng đầu năm", "--nam", "2026"]


@pytest.fixture(scope="module")
def ods_file(tmp_path_factory):
    out = tmp_path_factory.mktemp("ods") / "mau.ods"
    assert main(["new", str(out), *ARGS]) == 0
    return out


def test_new_ods_has_every_sheet_and_the_layout(ods_file):
    book = CalamineWorkbook.from_path(str(ods_file))
    assert book.sheet_names == layout.all_sheet_names(load_catalog("xa"))
    catalog = load_catalog("xa")
    first = catalog.sheets[0]
    rows = book.get_sheet_by_name(first.sheet).to_python(skip_empty_area=False)
    keys = [c.key for c in layout.sector_columns(first, "xa", "6 tháng đầu năm")]
    assert rows[layout.KEY_ROW - 1][: len(keys)] == keys
    assert rows[layout.FIRST_DATA_ROW - 1][1] == first.indicators[0].code
    info = book.get_sheet_by_name(layout.SHEET_INFO).to_python(skip_empty_area=False)
    values = {r[0]: r[2] for r in info if r and r[0]}
    assert values["cap"] == "xa" and values["co_quan"] == "ỦY BAN NHÂN DÂN XÃ TÂN LIÊN"
    prose = book.get_sheet_by_name(layout.SHEET_PROSE).to_python(skip_empty_area=False)
    assert [r[1] for r in prose[layout.FIRST_DATA_ROW - 1:]] == [s.key for s in catalog.sections]  # van_hoa_xa_hoi intact
    meta = {r[0]: r[1] for r in book.get_sheet_by_name(layout.SHEET_META).to_python()}
    assert meta["template_version"] == layout.TEMPLATE_VERSION


def test_ods_keeps_protection_validation_and_hidden_key_row(ods_file):
    content = zipfile.ZipFile(ods_file).read("content.xml").decode("utf-8")
    assert content.count('table:protected="true"') >= 1 + len(load_catalog("xa").sheets)  # Thông tin + sectors
    assert "table:protection-key=" not in content  # no password
    assert content.count("<table:content-validation ") >= 3
    assert 'table:visibility="collapse"' in content  # hidden key row / key column
    assert 'table:display="false"' in content  # the hidden _ktxh sheet


def test_ods_without_libreoffice_is_a_vietnamese_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(ods.shutil, "which", lambda name: None)
    out = tmp_path / "mau.ods"
    assert main(["new", str(out), *ARGS]) == 2
    err = capsys.readouterr().err
    assert "cài LibreOffice" in err and ".xlsx" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(KtxhError, match="LibreOffice"):
        ods.xlsx_to_ods(tmp_path / "a.xlsx", out)


def test_template_opens_and_prints_in_libreoffice(tmp_path):
    xlsx = build_template(tmp_path / "mau.xlsx", don_vi="UBND xã Tân Liên", ky="6 tháng đầu năm", nam=2026,
                          cap="xa")
    pdf = ods.convert(xlsx, "pdf", tmp_path, profile=lo_profile(tmp_path))
    visible = len(layout.all_sheet_names(load_catalog("xa"))) - 1  # _ktxh is hidden
    assert pdf.stat().st_size > 10_000
    assert pdf_pages(pdf) >= visible
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "BIỂU SỐ LIỆU" in text and "HƯỚNG DẪN" in text and "THÔNG TIN CHUNG" in text
    assert "stt" not in text.split()  # the hidden key row does not print


def test_convert_reports_a_failed_conversion(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook at all")
    with pytest.raises(KtxhError, match="hong.xlsx"):
        ods.convert(bad, "ods", tmp_path / "out", profile=lo_profile(tmp_path))
