"""A workbook carrying an image, a bar chart, comments, conditional formats and data validations —
as openpyxl writes one, and as LibreOffice saves it again — comes out of `recalc` with every part
other than the patched sheets, styles and comments byte for byte as it was, its charts, images,
validations and conditional formats still there, and every input cell unchanged. openpyxl, the
writer there used to be beside this one, drops the office suite's custom document properties and
rewrites its chart."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from PIL import Image as PILImage

from formulas import layout, pipeline
from tests.formulas.factory import make_catalog, write_book
from workbook_templates import ods, package_writer
from workbook_templates.builder import code_rows, column_keys
from workbook_templates.reader import read_sheet_values
from workbook_templates.writer import apply_patch_to_file

SHEET = "Nông nghiệp"
VALUES = {"NN.LUA_XUAN": {"kh_ky": 1979.0, "kh_nam": 4394, "cung_ky": 2067.6, "uoc_ky": 1990.48},
          "NN.CHE_PHU": {"kh_nam": 70.2, "uoc_ky": -72},  # an error: a marked cell with ktxh's comment
          "NS.THU": {"du_toan_tinh": 225000, "du_toan_huyen": 280000, "cung_ky": 134717, "uoc_ky": 256812}}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("cat"))


def _png() -> io.BytesIO:
    buf = io.BytesIO()
    PILImage.new("RGB", (40, 20), (200, 30, 30)).save(buf, format="PNG")
    buf.seek(0)
    return buf


def rich_workbook(path, catalog):
    """The template with inputs plus what staff add in Excel: a logo, a chart of the plan column,
    a colleague's comment, a red-if-negative rule and a list validation."""
    book = write_book(path, catalog, VALUES)
    wb = openpyxl.load_workbook(book)
    ws = wb[SHEET]
    keys, rows = column_keys(ws), code_rows(ws)
    ws.add_image(Image(_png()), "Q2")
    chart = BarChart()
    chart.title = "Kế hoạch năm"
    col = keys["kh_nam"]
    chart.add_data(Reference(ws, min_col=col, min_row=layout.FIRST_DATA_ROW, max_row=layout.FIRST_DATA_ROW + 5))
    ws.add_chart(chart, "Q8")
    ws.cell(rows["NN.LUA_XUAN"], keys["ten"]).comment = Comment("Số của phòng Nông nghiệp", "Chị Lan")
    letter = openpyxl.utils.get_column_letter(keys["uoc_ky"])
    ws.conditional_formatting.add(f"{letter}{layout.FIRST_DATA_ROW}:{letter}60",
                                  CellIsRule(operator="lessThan", formula=["0"], fill=PatternFill("solid", "FF9999")))
    dv = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True)
    dv.add(f"{openpyxl.utils.get_column_letter(keys['ghi_chu'])}{layout.FIRST_DATA_ROW}:"
           f"{openpyxl.utils.get_column_letter(keys['ghi_chu'])}60")
    ws.add_data_validation(dv)
    wb.save(book)
    return book


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _input_cells(path, catalog) -> dict:
    values = read_sheet_values(path)
    out = {}
    for sheet in catalog.sheets:
        rows = values[sheet.sheet]
        keys = {k: i for i, k in enumerate(rows[layout.KEY_ROW - 1]) if k}
        for col in layout.sector_columns(sheet, "huyen", ""):
            if col.kind == layout.INPUT and col.key in keys:
                for r, row in enumerate(rows[layout.FIRST_DATA_ROW - 1:], start=layout.FIRST_DATA_ROW):
                    out[(sheet.sheet, r, col.key)] = row[keys[col.key]] if keys[col.key] < len(row) else None
    for name in (layout.SHEET_INFO, layout.SHEET_PROSE, layout.SHEET_TASKS):
        out[name] = values[name]
    return out


def _allowed_to_change(path, patch) -> set[str]:
    """The patched sheets, styles, and the comment parts (with their drawings and relationships)."""
    with zipfile.ZipFile(path) as zf:
        package = package_writer._Package(zf)
        sheets = {package.sheet_parts[s] for s in {w.sheet for w in patch.writes} | {m.sheet for m in patch.marks}
                  | {s for s, _ in patch.clear_marks}}
        styles = package.styles_part
    return sheets | {package_writer._rels_name(s) for s in sheets} | {styles}


def _is_comment_part(name: str) -> bool:
    return name.startswith("xl/comments") or name.endswith(".vml")


def _roundtrip(src, catalog, tmp_path):
    before_parts, before_inputs = _parts(src), _input_cells(src, catalog)
    patch = pipeline.run(read_sheet_values(src), catalog)[3]
    assert patch.marks and any(m.note for m in patch.marks)
    written = apply_patch_to_file(src, patch, tmp_path / f"ket_qua{src.suffix}")
    after = _parts(written.path)
    allowed = _allowed_to_change(src, patch)
    changed = {n for n in before_parts if after.get(n) != before_parts[n]}
    assert changed - allowed - {n for n in changed if _is_comment_part(n)} <= {"[Content_Types].xml"}
    if "[Content_Types].xml" in changed:  # only for a first comment part: the comment type added
        assert b"comments+xml" in after["[Content_Types].xml"]
    assert not set(before_parts) - set(after) - {n for n in before_parts if _is_comment_part(n)}
    assert _input_cells(written.path, catalog) == before_inputs
    return before_parts, after, written.path


def _assert_rich_content_kept(before: dict, after: dict, src, out) -> None:
    media = [n for n in before if n.startswith("xl/media/")]
    charts = [n for n in before if n.startswith("xl/charts/")]
    drawings = [n for n in before if n.startswith("xl/drawings/") and not n.endswith(".vml")]
    assert media and charts and drawings
    for n in media + charts + drawings:
        assert after[n] == before[n], n
    ws, was = openpyxl.load_workbook(out)[SHEET], openpyxl.load_workbook(src)[SHEET]
    rules = lambda w: sorted((str(cf.sqref), r.type, r.operator, tuple(r.formula)) for cf in w.conditional_formatting  # noqa: E731
                             for r in cf.rules)
    assert ("lessThan", ("0",)) in [(op, f) for _, _, op, f in rules(ws)] and rules(ws) == rules(was)
    validations = lambda w: sorted((str(dv.sqref), dv.type, dv.formula1) for dv in w.data_validations.dataValidation)  # noqa: E731
    assert '"Có,Không"' in [f for _, _, f in validations(ws)] and validations(ws) == validations(was)
    notes = lambda w, ours: {(c.coordinate, c.comment.author, c.comment.text) for row in w.iter_rows()  # noqa: E731
                             for c in row if c.comment and (c.comment.author == package_writer.COMMENT_AUTHOR) == ours}
    assert any("phòng Nông nghiệp" in text for _, _, text in notes(ws, False))
    assert notes(ws, False) == notes(was, False) and notes(ws, True)  # the colleague's kept, ktxh's added


def test_a_rich_workbook_comes_through_recalc_with_everything_but_the_patched_parts_unchanged(tmp_path, catalog):
    src = rich_workbook(tmp_path / "so.xlsx", catalog)
    before, after, out = _roundtrip(src, catalog, tmp_path)
    _assert_rich_content_kept(before, after, src, out)


def test_the_same_workbook_saved_by_libreoffice_comes_through_too(tmp_path, catalog):
    """An office suite's own file: its shared strings, styles and drawing parts as it writes them."""
    src = rich_workbook(tmp_path / "so.xlsx", catalog)
    (tmp_path / "lo").mkdir()
    resaved = ods.convert(src, "xlsx", tmp_path / "lo")
    assert _parts(resaved) != _parts(src)  # really re-saved, not copied
    before, after, out = _roundtrip(resaved, catalog, tmp_path)
    _assert_rich_content_kept(before, after, resaved, out)
    assert after["docProps/custom.xml"] == before["docProps/custom.xml"]


def test_an_xlsm_keeps_its_macros_and_content_types(tmp_path, catalog):
    from addin.build_xlsm import build_xlsm
    from tests.formulas.factory import FULL_INFO
    from workbook_templates.builder import build_workbook

    wb = build_workbook(don_vi="UBND huyện Cao Lộc", ky="6 tháng đầu năm", nam=2023, cap="huyen",
                        catalog=catalog, info=FULL_INFO)
    ws = wb[SHEET]
    for code in ("NN.LUA_XUAN", "NN.CHE_PHU"):
        for key, v in VALUES[code].items():
            ws.cell(code_rows(ws)[code], column_keys(ws)[key], v)
    src = build_xlsm(tmp_path, name="SoLieu", workbook=wb)
    before, after, out = _roundtrip(src, catalog, tmp_path)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert b"macroEnabled" in after["[Content_Types].xml"]
    vml = [n for n in before if n.endswith(".vml")]
    for n in vml:  # the buttons' drawing: still holds every button it had
        assert after[n].count(b"FmlaMacro") == before[n].count(b"FmlaMacro")


def test_openpyxl_would_have_lost_and_rewritten_parts_of_an_office_saved_workbook(tmp_path, catalog):
    """Why the package path is the one kept. openpyxl 3.1 keeps an image and a chart it can read,
    but of a workbook saved by an office suite it drops the custom document properties and
    rewrites the chart in its own terms (what it does not model of the chart's look is gone)."""
    src = rich_workbook(tmp_path / "so.xlsx", catalog)
    (tmp_path / "lo").mkdir()
    office_saved = _parts(ods.convert(src, "xlsx", tmp_path / "lo"))
    resaved = tmp_path / "openpyxl.xlsx"
    openpyxl.load_workbook(tmp_path / "lo" / "so.xlsx").save(resaved)
    by_openpyxl = _parts(resaved)
    assert "docProps/custom.xml" in office_saved and "docProps/custom.xml" not in by_openpyxl
    charts = [n for n in office_saved if n.startswith("xl/charts/chart")]
    assert charts and all(by_openpyxl.get(n) != office_saved[n] for n in charts)
