"""The Word template: rebuilt reproducibly from its script, and restyled by staff without breaking export."""
import zipfile

from docx import Document
from docx.shared import Pt, RGBColor

from generator.build_template import TEMPLATE_PATH, build
from generator.export import export_report


def test_committed_template_matches_its_build_script(tmp_path):
    rebuilt = build(tmp_path / "bao_cao.docx")
    with zipfile.ZipFile(rebuilt) as a, zipfile.ZipFile(TEMPLATE_PATH) as b:
        for part in ("word/document.xml", "word/styles.xml", "word/header1.xml"):
            assert a.read(part) == b.read(part), f"{part}: run `python -m generator.build_template`"


def test_restyled_template_still_exports(clean_workbook, tmp_path):
    doc = Document(str(TEMPLATE_PATH))
    doc.styles["Normal"].font.size = Pt(13)  # the office prefers 13 pt
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    restyled = tmp_path / "mau_cua_phong.docx"
    doc.save(str(restyled))
    out = tmp_path / "bao_cao.docx"
    export_report(clean_workbook, out, word_template=restyled)
    result = Document(str(out))
    assert result.styles["Normal"].font.size == Pt(13)
    assert result.styles["Heading 1"].font.color.rgb == RGBColor(0x1F, 0x4E, 0x79)
    assert any(p.text.startswith("I. CÔNG TÁC CHỈ ĐẠO") for p in result.paragraphs)


def test_appendix_rows_never_split_across_pages():
    from docx.oxml.ns import qn
    doc = Document(str(TEMPLATE_PATH))
    table = next(t for t in doc.tables if "{{ r.ten }}" in t._tbl.xml)
    for i in (0, 3, 5):  # header, group row, indicator row
        assert table.rows[i]._tr.trPr.find(qn("w:cantSplit")) is not None, i
