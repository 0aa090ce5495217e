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


def test_page_numbers_run_on_through_the_appendix(demo_report):
    """One document, one count: no section after the first restarts at 1, and only the report's first
    page goes without a number (the appendix's first page shows its own)."""
    from docx.oxml.ns import qn
    for path in (TEMPLATE_PATH, demo_report):
        sections = Document(str(path)).sections
        assert len(sections) >= 2, path  # the report, then the landscape appendix
        for i, section in enumerate(sections):
            restart = section._sectPr.find(qn("w:pgNumType"))
            assert restart is None or restart.get(qn("w:start")) is None, (path, i)
        assert sections[0].different_first_page_header_footer
        assert not any(s.different_first_page_header_footer for s in sections[1:]), path
        page_field = "".join(sections[-1].header._element.itertext())
        assert "PAGE" in page_field, path  # the appendix header is the report's, with its page number


def test_a_forced_export_says_under_its_title_that_it_carries_the_findings_annex(demo_report, clean_workbook,
                                                                                  tmp_path):
    paragraphs = [p.text for p in Document(str(demo_report)).paragraphs]
    title = paragraphs.index("BÁO CÁO")
    note = next(p for p in paragraphs[title:title + 5] if p.startswith("(Bản xuất khi số liệu còn"))
    assert "lỗi" in note and "kèm theo Phụ lục các lỗi, cảnh báo khi kiểm tra số liệu" in note
    assert "CÁC LỖI, CẢNH BÁO KHI KIỂM TRA SỐ LIỆU" in paragraphs  # and the annex is there
    clean = tmp_path / "sach.docx"
    export_report(clean_workbook, clean)
    assert not any(p.text.startswith("(Bản xuất khi") for p in Document(str(clean)).paragraphs)
