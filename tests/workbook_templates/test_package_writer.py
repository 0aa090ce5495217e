"""The one .xlsx / .xlsm writer (zip + XML): the Kiểm tra rows look as the template's, marks and
comments come and go, every value kind is stored as what it is, the parts the patch does not need
are copied byte for byte, and what a workbook may hold that ktxh did not write (a formula typed
over a computed cell, a form button beside comments, a colleague's comment, rows without
numbers, no styles part, no Kiểm tra sheet) comes through."""
from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest

from formulas import layout, pipeline
from formulas.colours import COMPUTED_RGB, INPUT_RGB, MARK_RGB
from formulas.errors import KtxhError
from formulas.patch import CellMark, Patch, RangeWrite
from tests.formulas.factory import make_catalog, write_book
from workbook_templates import package_writer, styles
from workbook_templates.builder import LINE_HEIGHT, code_rows, column_keys, row_height, style_table_row, wrapped_lines
from workbook_templates.reader import read_sheet_values

GOOD = {"NN.LUA_XUAN": {"kh_ky": 1979.0, "kh_nam": 4394, "cung_ky": 2067.6, "uoc_ky": 1990.48},
        "NS.THU": {"du_toan_tinh": 225000, "du_toan_huyen": 280000, "cung_ky": 134717, "uoc_ky": 256812}}
BROKEN = {**GOOD, "NN.CHE_PHU": {"kh_nam": 70.2, "uoc_ky": -72}}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("cat"))


def _patch(path, catalog):
    return pipeline.run(read_sheet_values(path), catalog)[3]


def _write(path, patch, out):
    package_writer.apply_patch_to_package(path, patch, out)
    return out


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _sheet_part(path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return package_writer._Package(zf).sheet_parts[name]


def _style(c) -> tuple:
    return repr(c.font), repr(c.fill), repr(c.border), repr(c.alignment)


def _assert_findings_rows_look_like_the_template(path):
    """Every written Kiểm tra row has builder.style_table_row's look (made by openpyxl here, saved
    and read back like the result) and the height its message needs."""
    kt = openpyxl.load_workbook(path)[layout.SHEET_FINDINGS]
    ref_book = openpyxl.Workbook()
    ref = ref_book.active
    rows = [r for r in range(layout.FIRST_DATA_ROW, kt.max_row + 1)
            if any(kt.cell(r, i).value not in (None, "") for i in range(1, len(layout.FINDING_COLUMNS) + 1))]
    assert rows
    for r in rows:
        style_table_row(ref, r, layout.FINDING_COLUMNS)
    ref_path = path.with_name("reference.xlsx")
    ref_book.save(ref_path)
    ref = openpyxl.load_workbook(ref_path).active
    msg = next(i for i, c in enumerate(layout.FINDING_COLUMNS, start=1) if c.key == "noi_dung")
    width = layout.FINDING_COLUMNS[msg - 1].width
    for r in rows:
        for i in range(1, len(layout.FINDING_COLUMNS) + 1):
            assert _style(kt.cell(r, i)) == _style(ref.cell(r, i)), (r, i)
        assert kt.row_dimensions[r].height == row_height(wrapped_lines(kt.cell(r, msg).value or "", width))


def test_the_demo_marks_its_cells_and_writes_findings_rows_as_the_template_styles_them(tmp_path):
    from formulas.catalog import load_catalog
    from workbook_templates.demo import write_demo_workbook

    demo = write_demo_workbook(tmp_path / "demo")
    patch = _patch(demo, load_catalog())
    assert patch.marks  # the demo has marked cells, so comments and mark fills are checked too
    out = _write(demo, patch, tmp_path / "out.xlsx")
    _assert_findings_rows_look_like_the_template(out)
    wb = openpyxl.load_workbook(out)
    for mark in patch.marks:
        c = wb[mark.sheet][mark.cell]
        assert c.fill.fgColor.rgb[-6:] == MARK_RGB[mark.severity]
        assert c.comment is not None and c.comment.author == package_writer.COMMENT_AUTHOR
    # a second run (marks cleared and set again, comments replaced) gives the same cells
    again = _write(out, _patch(out, load_catalog()), tmp_path / "again.xlsx")
    looks = [{(ws.title, c.coordinate): (c.value, _style(c), c.comment and c.comment.text)
              for ws in openpyxl.load_workbook(p).worksheets for row in ws.iter_rows() for c in row}
             for p in (out, again)]
    assert looks[0] == looks[1]


def test_a_fixed_cell_loses_its_mark_and_comment_and_the_comment_parts_go(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, BROKEN)
    once = _write(path, _patch(path, catalog), tmp_path / "once.xlsx")
    assert any(n.endswith(".vml") for n in zipfile.ZipFile(once).namelist())
    wb = openpyxl.load_workbook(once)
    ws = wb["Nông nghiệp"]
    marked = [c for row in ws.iter_rows() for c in row if c.comment is not None]
    assert len(marked) == 1 and marked[0].comment.author == "ktxh"
    marked[0].value = 72  # the clerk fixes it (saved by openpyxl, as Excel would save it)
    wb.save(once)
    fixed = _write(once, _patch(once, catalog), tmp_path / "fixed.xlsx")
    cell = openpyxl.load_workbook(fixed)["Nông nghiệp"][marked[0].coordinate]
    assert cell.comment is None and cell.fill.fgColor.rgb[-6:] == INPUT_RGB
    parts = lambda p: {n for n in zipfile.ZipFile(p).namelist() if "comment" in n or n.endswith(".vml")}  # noqa: E731
    assert len(parts(fixed)) == len(parts(once)) - 2  # that sheet's comments part and its VML are gone
    sheet_part = _sheet_part(fixed, "Nông nghiệp")
    assert b"legacyDrawing" not in zipfile.ZipFile(fixed).read(sheet_part)
    assert b"comments" not in zipfile.ZipFile(fixed).read(package_writer._rels_name(sheet_part))


def test_parts_the_patch_does_not_touch_are_copied_byte_for_byte(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    patch = Patch(writes=[RangeWrite("Ngân sách", "J6", ((114.14,),))])
    out = _write(path, patch, tmp_path / "out.xlsx")
    src, dst = _parts(path), _parts(out)
    assert list(dst) == list(src)
    assert [n for n in src if src[n] != dst[n]] == [_sheet_part(path, "Ngân sách")]  # only the patched sheet
    assert openpyxl.load_workbook(out)["Ngân sách"]["J6"].value == 114.14


def test_values_of_every_kind_and_missing_cells(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    values = ((1.5, 7, "chữ  ", None, True, 10 ** 12, 0.1 + 0.2, ""),)
    patch = Patch(writes=[RangeWrite("Ngân sách", "Z40", values), RangeWrite("Ngân sách", "J6", ((None,),))],
                  marks=[CellMark("Ngân sách", "AC41", "lỗi", "ô mới")])
    out = _write(path, patch, tmp_path / "out.xlsx")
    row = [c.value for c in openpyxl.load_workbook(out)["Ngân sách"]["Z40":"AG40"][0]]
    expected = [1.5, 7, "chữ  ", None, True, 10 ** 12, 0.3, None]  # 16 significant digits
    assert row == expected
    assert read_sheet_values(out)["Ngân sách"][39][25:32] == expected[:7]  # calamine: no trailing empties
    assert openpyxl.load_workbook(out)["Ngân sách"]["AC41"].comment.text == "ô mới"


def test_text_that_looks_like_a_formula_or_holds_control_characters_stays_text(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    typed = ("=HYPERLINK(\"http://x\",\"bấm\")", "=cmd|' /C calc'!A0", "@SUM(1)", "+", "-", "a\x01b", "_x0041_")
    rows = tuple((i + 1, "lỗi", "R1", "Ngân sách", "J6", "", t) for i, t in enumerate(typed))  # typed as the message
    patch = Patch(writes=[RangeWrite(layout.SHEET_FINDINGS, "A6", rows),
                          RangeWrite("Ngân sách", "J6", ((float("nan"),),))])
    out = _write(path, patch, tmp_path / "out.xlsx")
    sheet = zipfile.ZipFile(out).read(_sheet_part(out, layout.SHEET_FINDINGS))
    assert b"<f>" not in sheet and b":f>" not in sheet  # no formula anywhere in the sheet
    kt = openpyxl.load_workbook(out)[layout.SHEET_FINDINGS]
    assert [kt.cell(6 + i, 7).data_type for i in range(len(typed))] == ["s"] * len(typed)
    assert [kt.cell(6 + i, 7).value for i in range(len(typed))][:5] == list(typed[:5])
    read = read_sheet_values(out)
    assert [read[layout.SHEET_FINDINGS][5 + i][6] for i in range(len(typed))] == list(typed)  # escapes undone
    assert read["Ngân sách"][5][9] == "#NUM!"  # a non-finite number shows as Excel's error, not as "nan"


def test_a_merged_cell_is_refused_in_vietnamese(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    patch = Patch(writes=[RangeWrite(layout.SHEET_FINDINGS, "B1", (("x",),))])  # A1:G1 is the merged title
    with pytest.raises(KtxhError, match=r"Kiểm tra!B1 nằm trong vùng gộp ô"):
        package_writer.apply_patch_to_package(path, patch, tmp_path / "o.xlsx")


def test_a_damaged_package_is_refused_naming_the_file(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    broken = tmp_path / "hong.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data.replace(b"<sheetData>", b"<sheetData><x/>", 1)
                         if info.filename == _sheet_part(path, "Ngân sách") else data)
    with pytest.raises(KtxhError, match=r"Không mở được tệp “bang.ods” để ghi kết quả: trang “Ngân sách”"):
        package_writer.apply_patch_to_package(broken, Patch(writes=[RangeWrite("Ngân sách", "J6", ((1,),))]),
                                              tmp_path / "o.xlsx", shown="bang.ods")
    with pytest.raises(KtxhError, match=r"Không mở được tệp “rac.xlsx” để ghi kết quả \(tệp bị hỏng"):
        (tmp_path / "rac.xlsx").write_bytes(b"PK\x03\x04 not a zip")
        package_writer.apply_patch_to_package(tmp_path / "rac.xlsx", Patch(), tmp_path / "o2.xlsx")


def test_a_formula_typed_over_a_computed_cell_gives_way_and_excels_calculation_chain_goes(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    wb = openpyxl.load_workbook(path)
    wb["Ngân sách"]["Z6"] = "=X6+1"
    wb.save(path)
    src = tmp_path / "f.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(src, "w") as zout:  # + the chain Excel keeps
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rId99" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>'
                                    b"</Relationships>")
            zout.writestr(info, data)
        zout.writestr("xl/calcChain.xml", b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                          b'main"><c r="Z6" i="1"/></calcChain>')
    assert b"<f>X6+1</f>" in zipfile.ZipFile(src).read(_sheet_part(src, "Ngân sách"))
    out = _write(src, Patch(writes=[RangeWrite("Ngân sách", "Z6", ((5,),))]), tmp_path / "out.xlsx")
    parts = _parts(out)
    assert "xl/calcChain.xml" not in parts
    assert b"calcChain" not in parts["[Content_Types].xml"] + parts["xl/_rels/workbook.xml.rels"]
    assert b"<f>" not in parts[_sheet_part(out, "Ngân sách")]
    assert openpyxl.load_workbook(out)["Ngân sách"]["Z6"].value == 5
    # a patch that removes no formula leaves the chain alone
    kept = _write(src, Patch(writes=[RangeWrite("Ngân sách", "Z7", ((5,),))]), tmp_path / "kept.xlsx")
    assert "xl/calcChain.xml" in _parts(kept)


def test_the_cell_holding_a_shared_formula_hands_it_on(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    part = _sheet_part(path, "Ngân sách")
    with zipfile.ZipFile(path) as zf:
        sheet = package_writer._Sheet("Ngân sách", part, package_writer.etree.fromstring(zf.read(part)))
    m = package_writer._M
    cells = []
    for r in (60, 61, 62):
        c = sheet.cell(r, 26)
        f = package_writer.etree.SubElement(c, m + "f", t="shared", si="7")
        if r == 60:
            f.set("ref", "Z60:Z62")
            f.text = "X60*2"
        cells.append(c)
    sheet.set_value(60, 26, 1.5)
    assert cells[0].find(m + "f") is None and cells[0].find(m + "v").text == "1.5"
    holder = cells[1].find(m + "f")
    assert (holder.text, holder.get("ref"), holder.get("si")) == ("X61*2", "Z61:Z62", "7")
    assert cells[2].find(m + "f").get("ref") is None  # still shares it
    assert sheet.formulas_removed


def test_rows_and_cells_without_their_numbers_are_numbered_as_excel_reads_them(tmp_path, catalog):
    root = package_writer.etree.fromstring(
        f'<worksheet xmlns="{package_writer._NS}"><sheetData><row><c><v>1</v></c><c><v>2</v></c></row>'
        '<row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c></row><row/></sheetData></worksheet>')
    sheet = package_writer._Sheet("S", "xl/worksheets/s.xml", root)
    assert sorted(sheet.rows) == [1, 5, 6]
    assert sorted(sheet._row_cells(1)) == [1, 2] and sorted(sheet._row_cells(5)) == [3, 4]
    sheet.set_value(5, 2, "mới")  # left of the cells there: put in column order when written
    sheet.set_value(3, 1, 9)  # a new row between existing ones
    sheet.put_in_order()
    assert [r.get("r") for r in sheet.data] == ["1", "3", "5", "6"]
    assert [c.get("r") for c in sheet.rows[5]] == ["B5", "C5", "D5"]


def test_a_workbook_without_styles_or_the_findings_sheet_gets_them(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    wb = openpyxl.load_workbook(path)
    del wb[layout.SHEET_FINDINGS]
    wb.save(path)
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bare, "w") as dst:
        for info in src.infolist():
            if info.filename != "xl/styles.xml":
                data = src.read(info)
                if info.filename.startswith("xl/worksheets/"):  # unstyled, as a minimal writer leaves them
                    data = re.sub(rb' s="[0-9]+"', b"", data)
                if info.filename == "xl/_rels/workbook.xml.rels":
                    data = data.replace(b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                                        b'styles"', b'Type="http://example.invalid/none"')
                dst.writestr(info, data)
    out = _write(bare, _patch(path, catalog), tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-1] == layout.SHEET_FINDINGS
    kt = wb[layout.SHEET_FINDINGS]
    assert [kt.cell(layout.HEADER_ROW, i).value for i in range(1, 8)] == [c.header for c in layout.FINDING_COLUMNS]
    assert kt.row_dimensions[layout.KEY_ROW].hidden
    assert read_sheet_values(out)[layout.SHEET_FINDINGS][layout.FIRST_DATA_ROW - 1][2]  # a finding was written
    assert kt.cell(layout.FIRST_DATA_ROW, 1).fill.fgColor.rgb[-6:] == COMPUTED_RGB
    again = _write(out, _patch(out, catalog), tmp_path / "again.xlsx")  # and it reads and writes again
    assert openpyxl.load_workbook(again).sheetnames.count(layout.SHEET_FINDINGS) == 1


def _with_vml(path, sheet: str, vml: bytes, out, comments: bytes | None = None, threaded: bytes | None = None):
    """`path` with a legacy drawing (and comments, threaded comments) on `sheet`, as Excel stores them."""
    part = _sheet_part(path, sheet)
    rels_name = package_writer._rels_name(part)
    parts = _parts(path)
    rels = [b'<Relationship Id="rIdV" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'vmlDrawing" Target="../drawings/vmlDrawing9.vml"/>']
    if comments is not None:
        rels.append(b'<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/comments" Target="../comments9.xml"/>')
    if threaded is not None:
        rels.append(b'<Relationship Id="rIdT" Type="http://schemas.microsoft.com/office/2017/10/relationships/'
                    b'threadedComment" Target="../threadedComments/threadedComment9.xml"/>')
    parts[rels_name] = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
                        b'org/package/2006/relationships">' + b"".join(rels) + b"</Relationships>")
    parts[part] = parts[part].replace(b"</worksheet>", b'<legacyDrawing xmlns:r="http://schemas.openxmlformats.org/'
                                      b'officeDocument/2006/relationships" r:id="rIdV"/></worksheet>')
    parts["xl/drawings/vmlDrawing9.vml"] = vml
    if comments is not None:
        parts["xl/comments9.xml"] = comments
    if threaded is not None:
        parts["xl/threadedComments/threadedComment9.xml"] = threaded
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
        b'<Override PartName="/xl/comments9.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.comments+xml"/></Types>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out


_BUTTON_VML = (b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
               b'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" '
               b'data="1"/></o:shapelayout><v:shape id="_x0000_s1025" type="#_x0000_t201" style="position:absolute">'
               b'<v:textbox><div>T\xc3\xadnh to\xc3\xa1n l\xe1\xba\xa1i</div></v:textbox><x:ClientData ObjectType='
               b'"Button"><x:FmlaMacro>[0]!RecalculateButton</x:FmlaMacro></x:ClientData></v:shape></xml>')


def test_a_form_button_in_the_legacy_drawing_stays_while_notes_come_and_go(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, BROKEN)
    with_button = _with_vml(path, "Nông nghiệp", _BUTTON_VML, tmp_path / "nut.xlsx")
    marked = _write(with_button, _patch(with_button, catalog), tmp_path / "marked.xlsx")
    vml = _parts(marked)["xl/drawings/vmlDrawing9.vml"]
    assert b"RecalculateButton" in vml and b'ObjectType="Note"' in vml and b"_x0000_s1025" in vml
    assert vml.count(b"<v:shape ") == 2 and b'id="_x0000_s1026"' in vml  # the note's own id
    comment = [c for row in openpyxl.load_workbook(marked)["Nông nghiệp"].iter_rows() for c in row if c.comment]
    assert len(comment) == 1 and comment[0].comment.author == "ktxh"
    wb = openpyxl.load_workbook(marked)  # the clerk fixes the cell: our comment goes, the button stays
    wb["Nông nghiệp"][comment[0].coordinate].value = 72
    fixed_values = tmp_path / "fixed_values.xlsx"
    wb.save(fixed_values)
    patch = _patch(fixed_values, catalog)
    fixed = _write(marked, Patch(writes=patch.writes, marks=patch.marks, clear_marks=patch.clear_marks),
                   tmp_path / "fixed.xlsx")
    vml = _parts(fixed)["xl/drawings/vmlDrawing9.vml"]
    assert b"RecalculateButton" in vml and b'ObjectType="Note"' not in vml
    part = _sheet_part(fixed, "Nông nghiệp")
    rels = _parts(fixed)[package_writer._rels_name(part)]
    assert b"relationships/comments" not in rels and b"vmlDrawing9.vml" in rels  # the comments part went
    assert b"legacyDrawing" in _parts(fixed)[part]


def test_a_colleagues_comment_and_a_threaded_comment_are_never_written_over(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, BROKEN)
    ws = openpyxl.load_workbook(path)["Nông nghiệp"]
    target = ws.cell(code_rows(ws)["NN.CHE_PHU"], column_keys(ws)["uoc_ky"]).coordinate  # the cell ktxh marks
    other = ws.cell(code_rows(ws)["NN.LUA_XUAN"], column_keys(ws)["uoc_ky"]).coordinate
    comments = (f'<comments xmlns="{package_writer._NS}" xmlns:xr="http://schemas.microsoft.com/office/'
                'spreadsheetml/2014/revision" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                'mc:Ignorable="xr"><authors><author>tc={A1}</author><author>Chị Lan</author></authors><commentList>'
                f'<comment ref="{target}" authorId="0" shapeId="0" xr:uid="{{A1}}"><text><t>[Threaded comment] '
                f'Số này đã hỏi lại xã</t></text></comment><comment ref="{other}" authorId="1"><text><r><rPr><b/>'
                '</rPr><t>Lan:</t></r><r><t> số chính thức</t></r></text></comment></commentList></comments>'
                ).encode()
    threaded = (f'<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
                f'<threadedComment ref="{target}" id="{{A1}}" personId="{{P1}}"><text>Số này đã hỏi lại xã</text>'
                '</threadedComment></ThreadedComments>').encode()
    src = _with_vml(path, "Nông nghiệp", _BUTTON_VML, tmp_path / "tc.xlsx", comments, threaded)
    patch = _patch(src, catalog)
    assert target in [m.cell for m in patch.marks if m.note]
    out = _write(src, patch, tmp_path / "out.xlsx")
    written = _parts(out)["xl/comments9.xml"]
    assert b'xr:uid="{A1}"' in written and b"[Threaded comment]" in written and b"<b/>" in written
    assert b"ktxh" not in written  # nothing of ours over either comment; the finding is on Kiểm tra
    assert _parts(out)["xl/threadedComments/threadedComment9.xml"] == threaded
    marked = openpyxl.load_workbook(out)["Nông nghiệp"][target]
    assert marked.fill.fgColor.rgb[-6:] == MARK_RGB["lỗi"]  # the cell is still marked


def test_the_constants_match_the_styles_and_builder_they_mirror():
    assert package_writer.MARK_RGB == styles.MARK_RGB
    assert package_writer.INPUT_RGB == styles.INPUT_RGB
    assert package_writer._FINDINGS_FILL_RGB == styles.COMPUTED_RGB
    assert (package_writer._LINE_HEIGHT, package_writer._FONT_SIZE) == (LINE_HEIGHT, styles.FONT_SIZE)
    for text in ("", "ngắn", "Một câu RẤT DÀI " * 30, "hai\ndòng"):
        assert package_writer._row_height(text, 90) == row_height(wrapped_lines(text, 90))


def test_a_workbook_saved_by_libreoffice_is_written_with_its_own_styles_kept(tmp_path, catalog):
    """Shared strings, row spans and LibreOffice's own styles: what a re-saved workbook looks like."""
    from workbook_templates import ods

    book = write_book(tmp_path / "so.xlsx", catalog, BROKEN)
    resaved = ods.convert(ods.convert(book, "ods", tmp_path / "ods"), "xlsx", tmp_path / "lo")
    assert b'<c r="' in zipfile.ZipFile(resaved).read("xl/worksheets/sheet1.xml")
    assert "xl/sharedStrings.xml" in zipfile.ZipFile(resaved).namelist()
    patch = _patch(resaved, catalog)
    out = _write(resaved, patch, tmp_path / "out.xlsx")
    _assert_findings_rows_look_like_the_template(out)
    before, after = openpyxl.load_workbook(resaved), openpyxl.load_workbook(out)
    marked = {(m.sheet, m.cell) for m in patch.marks}
    for sheet in catalog.sheets:  # input cells keep their value and look, except the marked ones' fill
        a, b = before[sheet.sheet], after[sheet.sheet]
        keys = column_keys(a)
        for col in layout.sector_columns(sheet, "huyen", ""):
            if col.kind != layout.INPUT or col.key not in keys:
                continue
            for r in range(layout.FIRST_DATA_ROW, a.max_row + 1):
                x, y = a.cell(r, keys[col.key]), b.cell(r, keys[col.key])
                assert x.value == y.value
                if (sheet.sheet, x.coordinate) not in marked:
                    assert _style(x) == _style(y), (sheet.sheet, x.coordinate)
    assert any(c.comment for ws in after.worksheets for row in ws.iter_rows() for c in row)
