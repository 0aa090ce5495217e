"""The package path (zip + XML) gives the same workbook as the openpyxl path, cell for cell; what it
does not handle goes to openpyxl; the parts it does not need are copied unchanged."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from formulas import pipeline
from formulas.patch import CellMark, Patch, RangeWrite
from tests.formulas.factory import make_catalog, write_book
from formulas import layout
from workbook_templates import package_writer, styles, writer
from workbook_templates.builder import LINE_HEIGHT, row_height, wrapped_lines
from workbook_templates.reader import read_sheet_values

GOOD = {"NN.LUA_XUAN": {"kh_ky": 1979.0, "kh_nam": 4394, "cung_ky": 2067.6, "uoc_ky": 1990.48},
        "NS.THU": {"du_toan_tinh": 225000, "du_toan_huyen": 280000, "cung_ky": 134717, "uoc_ky": 256812}}
BROKEN = {**GOOD, "NN.CHE_PHU": {"kh_nam": 70.2, "uoc_ky": -72}}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("cat"))


def _patch(path, catalog):
    return pipeline.run(read_sheet_values(path), catalog)[3]


def _both(path, patch, tmp_path):
    """(package path result, openpyxl path result) of the same patch on the same file."""
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    package_writer.apply_patch_to_package(path, patch, fast)
    writer._apply_openpyxl(path, path.name, patch, slow)
    return fast, slow


def _look(path) -> dict:
    """Everything a person or the next run sees: value, fill, font, border, alignment, protection,
    number format and comment of every cell; height of every row."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                comment = (c.comment.author, c.comment.text) if c.comment else None
                out[(ws.title, c.coordinate)] = (c.value, repr(c.fill), repr(c.font), repr(c.border),
                                                 repr(c.alignment), repr(c.protection), c.number_format, comment)
        for r, dim in ws.row_dimensions.items():
            if dim.height is not None:
                out[(ws.title, "row", r)] = dim.height
    return out


def _assert_same(fast, slow):
    a, b = _look(fast), _look(slow)
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_the_demo_comes_out_the_same_on_both_paths(tmp_path):
    from formulas.catalog import load_catalog
    from workbook_templates.demo import write_demo_workbook

    demo = write_demo_workbook(tmp_path / "demo")
    patch = _patch(demo, load_catalog())
    assert patch.marks  # the demo has marked cells, so comments and mark fills are compared too
    fast, slow = _both(demo, patch, tmp_path)
    _assert_same(fast, slow)
    # a second run on each result (marks cleared and set again, comments replaced) stays the same
    again = tmp_path / "again"
    again.mkdir()
    _assert_same(*_both(fast, _patch(fast, load_catalog()), again))


def test_a_fixed_cell_loses_its_mark_and_comment_and_the_comment_parts_go(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, BROKEN)
    once = tmp_path / "once.xlsx"
    package_writer.apply_patch_to_package(path, _patch(path, catalog), once)
    assert any(n.endswith(".vml") for n in zipfile.ZipFile(once).namelist())
    wb = openpyxl.load_workbook(once)
    ws = wb["Nông nghiệp"]
    marked = [c for row in ws.iter_rows() for c in row if c.comment is not None]
    assert len(marked) == 1 and marked[0].comment.author == "ktxh"
    marked[0].value = 72  # the clerk fixes it (saved by openpyxl, as Excel would save it)
    wb.save(once)
    fixed_run = tmp_path / "fixed"
    fixed_run.mkdir()
    fast, slow = _both(once, _patch(once, catalog), fixed_run)
    _assert_same(fast, slow)
    cell = openpyxl.load_workbook(fast)["Nông nghiệp"][marked[0].coordinate]
    assert cell.comment is None and cell.fill.fgColor.rgb[-6:] == styles.INPUT_RGB
    parts = lambda p: {n for n in zipfile.ZipFile(p).namelist() if "comment" in n or n.endswith(".vml")}  # noqa: E731
    assert len(parts(fast)) == len(parts(once)) - 2  # that sheet's comments part and its VML are gone
    sheet_part = package_writer._Package(zipfile.ZipFile(fast)).sheet_parts["Nông nghiệp"]
    assert b"legacyDrawing" not in zipfile.ZipFile(fast).read(sheet_part)
    assert not [n for n in zipfile.ZipFile(fast).namelist() if n == package_writer._rels_name(sheet_part)
                and b"comments" in zipfile.ZipFile(fast).read(n)]


def test_parts_the_patch_does_not_touch_are_copied_byte_for_byte(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    out = tmp_path / "out.xlsx"
    patch = Patch(writes=[RangeWrite("Ngân sách", "J6", ((114.14,),))])
    package_writer.apply_patch_to_package(path, patch, out)
    src, dst = zipfile.ZipFile(path), zipfile.ZipFile(out)
    changed = [n for n in src.namelist() if src.read(n) != dst.read(n)]
    assert dst.namelist() == src.namelist()
    assert changed == [package_writer._Package(src).sheet_parts["Ngân sách"]]  # only the patched sheet
    assert openpyxl.load_workbook(out)["Ngân sách"]["J6"].value == 114.14


def test_values_of_every_kind_and_missing_cells(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    values = ((1.5, 7, "chữ  ", None, True, 10 ** 12, 0.1 + 0.2, ""),)
    patch = Patch(writes=[RangeWrite("Ngân sách", "Z40", values), RangeWrite("Ngân sách", "J6", ((None,),))],
                  marks=[CellMark("Ngân sách", "AC41", "lỗi", "ô mới")])
    fast, slow = _both(path, patch, tmp_path)
    _assert_same(fast, slow)
    row = [c.value for c in openpyxl.load_workbook(fast)["Ngân sách"]["Z40":"AG40"][0]]
    expected = [1.5, 7, "chữ  ", None, True, 10 ** 12, 0.3, None]  # 16 significant digits, as openpyxl writes
    assert row == expected
    assert read_sheet_values(fast)["Ngân sách"][39][25:32] == expected[:7]  # calamine: no trailing empties


def test_a_merged_cell_is_refused_like_the_openpyxl_path(tmp_path, catalog):
    from formulas.errors import KtxhError

    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    patch = Patch(writes=[RangeWrite(layout.SHEET_FINDINGS, "B1", (("x",),))])  # A1:G1 is the merged title
    with pytest.raises(KtxhError, match=r"Kiểm tra!B1 nằm trong vùng gộp ô"):
        package_writer.apply_patch_to_package(path, patch, tmp_path / "o.xlsx")
    with pytest.raises(KtxhError, match=r"Kiểm tra!B1 nằm trong vùng gộp ô"):
        writer._apply_openpyxl(path, path.name, patch, tmp_path / "p.xlsx")


@pytest.mark.parametrize("patch, why", [
    (Patch(writes=[RangeWrite("Ngân sách", "J6", (("=1+1",),))]), "formula"),
    (Patch(writes=[RangeWrite("Ngân sách", "J6", ((float("nan"),),))]), "non-finite"),
])
def test_what_the_package_path_does_not_handle_goes_to_openpyxl(tmp_path, catalog, patch, why):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    with pytest.raises(package_writer.Unsupported, match=why):
        package_writer.apply_patch_to_package(path, patch, tmp_path / "o.xlsx")
    written = writer.apply_patch_to_file(path, patch, tmp_path / "out.xlsx")  # the fallback writes it
    assert written.path.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx", "so.xlsx"]  # no stray temp file


def test_a_workbook_without_the_findings_sheet_goes_to_openpyxl_which_adds_it(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    wb = openpyxl.load_workbook(path)
    del wb[layout.SHEET_FINDINGS]
    wb.save(path)
    patch = _patch(path, catalog)
    with pytest.raises(package_writer.Unsupported):
        package_writer.apply_patch_to_package(path, patch, tmp_path / "o.xlsx")
    written = writer.apply_patch_to_file(path, patch)
    assert layout.SHEET_FINDINGS in openpyxl.load_workbook(written.path).sheetnames


def test_the_constants_match_the_styles_and_builder_they_mirror():
    assert package_writer.MARK_RGB == styles.MARK_RGB == writer.MARK_RGB
    assert package_writer.INPUT_RGB == styles.INPUT_RGB
    assert package_writer._FINDINGS_FILL_RGB == styles.COMPUTED_RGB
    assert (package_writer._LINE_HEIGHT, package_writer._FONT_SIZE) == (LINE_HEIGHT, styles.FONT_SIZE)
    for text in ("", "ngắn", "Một câu RẤT DÀI " * 30, "hai\ndòng"):
        assert package_writer._row_height(text, 90) == row_height(wrapped_lines(text, 90))


def test_a_workbook_saved_by_libreoffice_comes_out_the_same_on_both_paths(tmp_path, catalog):
    """Shared strings, row spans and LibreOffice's own styles: what a re-saved workbook looks like."""
    from workbook_templates import ods

    book = write_book(tmp_path / "so.xlsx", catalog, BROKEN)
    resaved = ods.convert(ods.convert(book, "ods", tmp_path / "ods"), "xlsx", tmp_path / "lo")
    assert b'<c r="' in zipfile.ZipFile(resaved).read("xl/worksheets/sheet1.xml")
    assert "xl/sharedStrings.xml" in zipfile.ZipFile(resaved).namelist()
    fast, slow = _both(resaved, _patch(resaved, catalog), tmp_path)
    # openpyxl rewrites LibreOffice's wrapText="false" as unset; the package path keeps it as it was
    a, b = ({k: repr(v).replace("False", "None") for k, v in _look(p).items()} for p in (fast, slow))
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []
    assert any(v[-1] for v in _look(fast).values() if isinstance(v, tuple))  # a comment was written
