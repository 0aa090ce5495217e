"""The Word document read back with python-docx: page, margins, fonts, header, headings, page
numbers, signature block, appendix table, chart; and LibreOffice converts it to PDF."""
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt


def mm(length) -> float:
    return round(length / Mm(1), 1)


@pytest.fixture(scope="module")
def doc(demo_report):
    return Document(str(demo_report))


def test_page_and_margins(doc):
    first = doc.sections[0]
    assert (mm(first.page_width), mm(first.page_height)) == (210.0, 297.0)
    assert (mm(first.top_margin), mm(first.bottom_margin), mm(first.left_margin), mm(first.right_margin)) == \
        (20.0, 20.0, 30.0, 15.0)
    last = doc.sections[-1]  # the appendix is landscape
    assert last.orientation == WD_ORIENT.LANDSCAPE and mm(last.page_width) == 297.0


def test_body_style(doc):
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    pf = normal.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert pf.first_line_indent == Cm(1.27) and pf.space_after == Pt(6)
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {rfonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}


def test_headings_are_real_heading_styles(doc):
    heads = {1: [], 2: [], 3: []}
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading "):
            heads[int(p.style.name[-1])].append(p.text)
    assert heads[1][:2] == ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CỦA UBND HUYỆN",
                            "II. TÌNH HÌNH THỰC HIỆN CÁC MỤC TIÊU, NHIỆM VỤ PHÁT TRIỂN KINH TẾ, XÃ HỘI "
                            "6 THÁNG ĐẦU NĂM 2023"]
    assert "1. Lĩnh vực kinh tế" in heads[2]
    assert "1.1. Sản xuất nông, lâm nghiệp và Chương trình mục tiêu quốc gia" in heads[3]
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        assert style.font.bold and style.font.name == "Times New Roman" and style.font.size == Pt(14)
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)


def test_page_number_from_page_two(doc):
    first = doc.sections[0]
    assert first.different_first_page_header_footer  # titlePg
    xml = first.header._element.xml
    assert "PAGE" in xml and "fldChar" in xml
    assert "PAGE" not in first.first_page_header._element.xml
    assert first.header.paragraphs[0].alignment in (None, WD_ALIGN_PARAGRAPH.CENTER)
    assert doc.styles["Số trang"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_header_table_borderless_two_columns(doc):
    table = doc.tables[0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}
    assert len(table.columns) == 2
    left = " / ".join(p.text for p in table.cell(0, 0).paragraphs if p.text)
    right = [p for p in table.cell(0, 1).paragraphs if p.text]
    assert left == "UBND TỈNH LẠNG SƠN / ỦY BAN NHÂN DÂN / HUYỆN CAO LỘC"
    assert [p.text for p in right] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert all(r.bold for p in right for r in p.runs)
    agency = [p for p in table.cell(0, 0).paragraphs if p.text == "HUYỆN CAO LỘC"][0]
    assert all(r.bold for r in agency.runs)
    assert table.cell(1, 0).paragraphs[0].text == "Số: 617/BC-UBND"
    date = table.cell(1, 1).paragraphs[0]
    assert date.text == "Cao Lộc, ngày 04 tháng 7 năm 2023" and all(r.italic for r in date.runs)
    # the short rules are paragraph bottom borders, not underlined text
    assert table._tbl.xml.count("<w:bottom ") >= 2


def test_title_signature_and_closing(doc):
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("BÁO CÁO")
    assert doc.paragraphs[i].style.font.bold
    assert texts[i + 1].startswith("Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội 6 tháng đầu năm")
    body = [p for p in doc.paragraphs if p.style.name == "Normal" and p.text]
    assert body[-1].text.endswith("./.")
    sig = doc.tables[1]
    left, right = sig.cell(0, 0), sig.cell(0, 1)
    assert left.paragraphs[0].text == "Nơi nhận:"
    noi_nhan = doc.styles["Nơi nhận"].font
    assert noi_nhan.size == Pt(12) and noi_nhan.bold and noi_nhan.italic
    assert doc.styles["Danh sách nơi nhận"].font.size == Pt(11)
    assert left.paragraphs[-1].text.startswith("- Lưu: VT") and left.paragraphs[-1].text.endswith(".")
    right_text = [p.text for p in right.paragraphs if p.text]
    assert right_text[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert doc.styles["Chữ ký"].font.bold


def test_appendix_table(doc):
    table = next(t for t in doc.tables if t.cell(0, 1).text == "Chỉ tiêu")
    tr_pr = table.rows[0]._tr.trPr
    assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None  # repeated on each page
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    rice = next(r for r in rows if r[1].strip() == "Lúa Xuân")
    assert rice[2] == "ha" and rice[5] == "1.990,48" and rice[7] == "96,27%" and rice[8] == "-3,73%"
    assert "1.979,00 (KH vụ/kỳ)" in rice[3] and "100,58% (KH vụ/kỳ)" in rice[6]
    assert len(rows) > 100  # every computed indicator, grouped by sheet


def test_chart_image(doc, demo_report):
    assert len(doc.inline_shapes) >= 1
    with zipfile.ZipFile(demo_report) as z:
        pngs = [n for n in z.namelist() if n.startswith("word/media/") and n.endswith(".png")]
        assert pngs and z.read(pngs[0])[:8] == b"\x89PNG\r\n\x1a\n"


def test_converts_to_pdf_with_libreoffice(demo_report, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed on this machine")
    profile = tmp_path / "lo_profile"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(demo_report)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / (demo_report.stem + ".pdf")
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "BÁO CÁO" in text and "Nơi nhận:" in text and "1.990,48/1.979 ha" in text


def test_markup_characters_in_text_are_escaped(tmp_path):
    import io

    from generator.context import SectionContent, header
    from generator.docx_writer import body_blocks, render_docx

    sec = SectionContent(key="chi_dao", level=1, parent=None, title="CÔNG TÁC CHỈ ĐẠO", number="I.",
                         paragraphs=["Sở NN & PTNT <thử> “trích dẫn” {{ không phải thẻ }}"])
    info = {"co_quan": "ỦY BAN NHÂN DÂN HUYỆN A & B", "so_ky_hieu": "01/BC-UBND", "dia_danh": "A",
            "ky_bao_cao": "quý I", "nam": 2024, "nguoi_ky": "Lê Thị <C>", "noi_nhan": "Lưu: VT"}
    ctx = {"header": header(info), "appendix": [], "findings": []}
    blob = render_docx(ctx, [sec], None)
    doc = Document(io.BytesIO(blob))
    texts = [p.text for p in doc.paragraphs]
    assert "Sở NN & PTNT <thử> “trích dẫn” {{ không phải thẻ }}./." in texts
    assert "HUYỆN A & B" in [p.text for p in doc.tables[0].cell(0, 0).paragraphs]
    assert body_blocks([sec])[0] == {"kind": "h1", "text": "I. CÔNG TÁC CHỈ ĐẠO"}


def _small_template(tmp_path, header_text: str, cells: list[str]):
    from docx import Document as NewDocument

    doc = NewDocument()
    doc.sections[0].header.paragraphs[0].text = header_text
    table = doc.add_table(rows=1, cols=len(cells))
    for cell, text in zip(table.rows[0].cells, cells):
        cell.text = text
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    return path


def test_report_template_keeps_docxtpl_fixes_where_needed(tmp_path):
    """ReportTemplate skips docxtpl's table-grid repair and header rendering only when a template
    has no {%tc %} column loop / no tag in the header: a template that has them still gets both."""
    import io

    from generator.docx_writer import ReportTemplate

    path = _small_template(tmp_path, "Trang {{ so }}", ["{%tc for c in cot %}", "{{ c }}", "{%tc endfor %}"])
    tpl = ReportTemplate(str(path))
    tpl.render({"cot": ["a", "b", "c", "d", "e"], "so": "07"}, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    doc = Document(io.BytesIO(buf.getvalue()))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["a", "b", "c", "d", "e"]
    assert len(table._tbl.tblGrid.findall(qn("w:gridCol"))) == 5  # the grid follows the loop
    assert doc.sections[0].header.paragraphs[0].text == "Trang 07"

    plain = _small_template(tmp_path, "Không có thẻ", ["{{ x }}", "y"])
    tpl = ReportTemplate(str(plain))
    tpl.render({"x": "X"}, autoescape=True)
    assert tpl._column_loops is False
    buf = io.BytesIO()
    tpl.save(buf)
    doc = Document(io.BytesIO(buf.getvalue()))
    assert [c.text for c in doc.tables[0].rows[0].cells] == ["X", "y"]
    assert doc.sections[0].header.paragraphs[0].text == "Không có thẻ"
