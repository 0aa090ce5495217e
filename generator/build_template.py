"""Build generator/templates/bao_cao.docx, the Word template of the report (reproducible).

Run `python -m generator.build_template` after changing this file; the .docx is committed so
staff can open it in Word, restyle it (styles "Normal", "Heading 1–3", "Bảng", "Nơi nhận" …, the
header, margins) and keep exporting: the export only fills the docxtpl tags ({{ … }}, {%p … %},
{%tr … %}), which must stay whole, one structural tag per paragraph or row.

Layout (NĐ 30/2020/NĐ-CP, Phụ lục I): A4, margins top 20, bottom 20, left 30, right 15 mm;
Times New Roman; a borderless two-column header (agency | Quốc hiệu – Tiêu ngữ, then Số | place
and date); BÁO CÁO and the trích yếu with its short rule; body 14 pt justified, first-line indent
1,27 cm, 6 pt after; numbered headings as real Heading styles; the page number centred in the top
margin from page 2 (titlePg + PAGE field); "Nơi nhận:" beside the signature block; then a
landscape section with the appendix table (header row repeated on each page) and the chart.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

TEMPLATE_PATH = Path(__file__).parent / "templates" / "bao_cao.docx"
FONT = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15  # 165 mm
LANDSCAPE_WIDTH_MM = 297 - 30 - 15  # 252 mm


def _fonts(rpr_owner, size: float | None = None, bold=None, italic=None) -> None:
    """Times New Roman for every script (ascii, hAnsi, eastAsia, cs), black, Vietnamese language."""
    font = rpr_owner.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")


def _paragraph_style(doc, name: str, base: str = "Normal", size=14, bold=None, italic=None,
                     align=None, indent=None, before=0, after=0, keep_next=False):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != base:
        style.base_style = styles[base]
    _fonts(style, size, bold, italic)
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    if indent is not None:
        pf.first_line_indent = indent
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.keep_with_next = keep_next
    style.quick_style = True
    return style


def _styles(doc) -> None:
    normal = _paragraph_style(doc, "Normal", size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=Cm(1.27),
                              after=6)
    normal.paragraph_format.line_spacing = 1.1
    # Defaults for text outside any style (table cells created by Word, footnotes …).
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr_default.find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        rfonts.set(qn(f"w:{attr}"), FONT)
    for level, italic in ((1, False), (2, False), (3, True)):
        st = _paragraph_style(doc, f"Heading {level}", size=14, bold=True, italic=italic,
                              align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=Cm(1.27), before=6, after=6,
                              keep_next=True)
        st.paragraph_format.line_spacing = 1.1
        ppr = st.element.get_or_add_pPr()
        outline = ppr.find(qn("w:outlineLvl"))
        if outline is None:
            outline = OxmlElement("w:outlineLvl")
            ppr.append(outline)
        outline.set(qn("w:val"), str(level - 1))
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph_style(doc, "Tiêu đề đầu trang", size=13, align=center, indent=Cm(0))
    _paragraph_style(doc, "Tên loại", size=14, bold=True, align=center, indent=Cm(0), before=18)
    _paragraph_style(doc, "Trích yếu", size=14, bold=True, align=center, indent=Cm(0))
    _paragraph_style(doc, "Đường kẻ", size=2, align=center, indent=Cm(0), after=12)
    _paragraph_style(doc, "Nơi nhận", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT,
                     indent=Cm(0))
    _paragraph_style(doc, "Danh sách nơi nhận", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, indent=Cm(0))
    _paragraph_style(doc, "Chữ ký", size=14, bold=True, align=center, indent=Cm(0))
    _paragraph_style(doc, "Phụ lục", size=14, bold=True, align=center, indent=Cm(0))
    _paragraph_style(doc, "Phụ lục ghi chú", size=14, italic=True, align=center, indent=Cm(0), after=12)
    _paragraph_style(doc, "Bảng", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, indent=Cm(0))
    _paragraph_style(doc, "Bảng số", base="Bảng", size=11, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Cm(0))
    _paragraph_style(doc, "Bảng giữa", base="Bảng", size=11, align=center, indent=Cm(0))
    _paragraph_style(doc, "Bảng tiêu đề", base="Bảng", size=11, bold=True, align=center, indent=Cm(0))
    _paragraph_style(doc, "Hình", size=12, italic=True, align=center, indent=Cm(0), before=6)
    _paragraph_style(doc, "Số trang", size=13, align=center, indent=Cm(0), after=0)


def _page(section, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(8), Mm(8)


def _page_number_header(section) -> None:
    """Page number centred in the top margin, not on the first page (titlePg + empty first header)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.style = "Số trang"
    run = p.add_run()
    for tag, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if tag:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), tag)
            run._r.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = "Số trang"


# Child order of w:tblPr and w:sectPr in the schema: Word refuses a file whose order is wrong.
_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
                "tblLook", "tblCaption", "tblDescription")
_SECTPR_ORDER = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
                 "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
                 "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings")


def _insert_ordered(parent, child, order: tuple[str, ...]) -> None:
    """Insert child before the first existing sibling that the schema puts after it."""
    name = child.tag.split("}")[1]
    later = set(order[order.index(name) + 1:])
    for el in parent:
        if el.tag.split("}")[1] in later:
            el.addprevious(child)
            return
    parent.append(child)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    _insert_ordered(tbl_pr, borders, _TBLPR_ORDER)


def _fixed_widths(table, widths_mm: list[float]) -> None:
    table.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/> in schema order
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(Mm(w).twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


def _rule(paragraph, width_mm: float, container_mm: float) -> None:
    """A short centred solid line: the bottom border of a tiny paragraph indented to the width."""
    side = max((container_mm - width_mm) / 2, 0)
    pf = paragraph.paragraph_format
    pf.left_indent, pf.right_indent = Mm(side), Mm(side)
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{k}"), v)
    pbdr.append(bottom)
    ppr.insert(0, pbdr) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(pbdr)


def _cell_par(cell, text: str, style: str, first: bool = False, **fmt):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.style = style
    if text:
        run = p.add_run(text)
        for k, v in fmt.items():
            setattr(run.font, k, v)
    return p


def _header_block(doc) -> None:
    left_w, right_w = 64, 101
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _fixed_widths(table, [left_w, right_w])
    left, right = table.cell(0, 0), table.cell(0, 1)
    _cell_par(left, "{%p if header.co_quan_chu_quan %}", "Tiêu đề đầu trang", first=True)
    _cell_par(left, "{{ header.co_quan_chu_quan }}", "Tiêu đề đầu trang")
    _cell_par(left, "{%p endif %}", "Tiêu đề đầu trang")
    _cell_par(left, "{%p for dong in header.co_quan_dong %}", "Tiêu đề đầu trang")
    _cell_par(left, "{{ dong }}", "Tiêu đề đầu trang", bold=True)
    _cell_par(left, "{%p endfor %}", "Tiêu đề đầu trang")
    _rule(_cell_par(left, "", "Đường kẻ"), 20, left_w - 4)
    _cell_par(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Tiêu đề đầu trang", first=True, bold=True,
              size=Pt(12))
    _cell_par(right, "Độc lập - Tự do - Hạnh phúc", "Tiêu đề đầu trang", bold=True, size=Pt(13))
    _rule(_cell_par(right, "", "Đường kẻ"), 56, right_w - 4)
    _cell_par(table.cell(1, 0), "{{ header.so_ky_hieu }}", "Tiêu đề đầu trang", first=True)
    _cell_par(table.cell(1, 1), "{{ header.dia_danh_ngay }}", "Tiêu đề đầu trang", first=True, italic=True,
              size=Pt(14))


def _title_block(doc) -> None:
    doc.add_paragraph("BÁO CÁO", style="Tên loại")
    doc.add_paragraph("{{ header.trich_yeu }}", style="Trích yếu")
    _rule(doc.add_paragraph("", style="Đường kẻ"), 45, TEXT_WIDTH_MM)
    # A report exported with --force says so under its title, where the reader starts, and names its annex.
    doc.add_paragraph("{%p if header.findings_note %}", style="Phụ lục ghi chú")
    doc.add_paragraph("{{ header.findings_note }}", style="Phụ lục ghi chú")
    doc.add_paragraph("{%p endif %}", style="Phụ lục ghi chú")


def _body(doc) -> None:
    for text, style in (
        ("{%p for b in body %}", "Normal"),
        ("{%p if b.kind == 'h1' %}", "Normal"),
        ("{{ b.text }}", "Heading 1"),
        ("{%p elif b.kind == 'h2' %}", "Normal"),
        ("{{ b.text }}", "Heading 2"),
        ("{%p elif b.kind == 'h3' %}", "Normal"),
        ("{{ b.text }}", "Heading 3"),
        ("{%p else %}", "Normal"),
        ("{{ b.text }}", "Normal"),
        ("{%p endif %}", "Normal"),
        ("{%p endfor %}", "Normal"),
    ):
        doc.add_paragraph(text, style=style)


def _signature_block(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, [80, 85])
    left, right = table.cell(0, 0), table.cell(0, 1)
    _cell_par(left, "Nơi nhận:", "Nơi nhận", first=True).paragraph_format.space_before = Pt(12)
    _cell_par(left, "{%p for dong in header.noi_nhan %}", "Danh sách nơi nhận")
    _cell_par(left, "{{ dong }}", "Danh sách nơi nhận")
    _cell_par(left, "{%p endfor %}", "Danh sách nơi nhận")
    _cell_par(right, "{{ header.quyen_han_ky }}", "Chữ ký", first=True).paragraph_format.space_before = Pt(12)
    _cell_par(right, "{%p for dong in header.chuc_vu_ky %}", "Chữ ký")
    _cell_par(right, "{{ dong }}", "Chữ ký")
    _cell_par(right, "{%p endfor %}", "Chữ ký")
    for _ in range(4):  # room for the signature and the seal
        _cell_par(right, "", "Chữ ký")
    _cell_par(right, "{{ header.nguoi_ky }}", "Chữ ký")


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)
    _cant_split(row)


def _cant_split(row) -> None:
    """A row stays on one page: "Lượng khách du lịch … nghìn lượt" must not leave "người" overleaf."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


APPENDIX_COLUMNS = (  # header, width mm, field of the row, cell style (sum = 252 mm)
    ("STT", 12, "stt", "Bảng giữa"),
    ("Chỉ tiêu", 52, "ten", "Bảng"),
    ("ĐVT", 16, "dvt", "Bảng giữa"),
    ("Kế hoạch", 36, "ke_hoach", "Bảng số"),
    # The two period-dependent headers come from the report's Period (context.title_values).
    ("{{ header.cot_cung_ky }}", 22, "cung_ky", "Bảng số"),
    ("{{ header.cot_thuc_hien }}", 22, "thuc_hien", "Bảng số"),
    ("% so với kế hoạch", 34, "pct_ke_hoach", "Bảng số"),
    ("% so với {{ header.cot_moc }}", 19, "so_cung_ky", "Bảng số"),  # "cùng kỳ", "năm 2025" (annual)
    ("Tăng (+), giảm (-) so với {{ header.cot_moc }}", 19, "tang_giam", "Bảng số"),
    ("Đánh giá", 20, "danh_gia", "Bảng giữa"),  # "Đánh giá cuối năm" on two lines, not four
)
# An annual report adds next year's plan after its result (the same 252 mm).
_NARROWER = {"ten": 42, "ke_hoach": 30, "pct_ke_hoach": 26}
APPENDIX_COLUMNS_ANNUAL = tuple((h, _NARROWER.get(k, w), k, st) for h, w, k, st in APPENDIX_COLUMNS[:6]) + (
    ("{{ header.cot_ke_hoach_sau }}", 24, "ke_hoach_sau", "Bảng số"),) + tuple(
    (h, _NARROWER.get(k, w), k, st) for h, w, k, st in APPENDIX_COLUMNS[6:])


def _appendix(doc) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    # The phụ lục goes on numbering from the report (one document, one page count: "trang 5/7" of
    # what was signed), and its first page shows its number: only the report's first page has none.
    section.different_first_page_header_footer = False
    doc.add_paragraph("Phụ lục", style="Phụ lục")
    doc.add_paragraph("BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {{ header.ky_nam_upper }}",
                      style="Phụ lục")
    doc.add_paragraph("{{ header.kem_theo }}", style="Phụ lục ghi chú")
    doc.add_paragraph("{%p if header.cot_ke_hoach_sau %}", style="Phụ lục ghi chú")
    _appendix_table(doc, APPENDIX_COLUMNS_ANNUAL)
    doc.add_paragraph("{%p else %}", style="Phụ lục ghi chú")
    _appendix_table(doc, APPENDIX_COLUMNS)
    doc.add_paragraph("{%p endif %}", style="Phụ lục ghi chú")


def _appendix_table(doc, columns) -> None:
    widths = [c[1] for c in columns]
    assert sum(widths) == 252, widths
    table = doc.add_table(rows=7, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, widths)
    for i, (head, _, _, _) in enumerate(columns):
        _cell_par(table.cell(0, i), head, "Bảng tiêu đề", first=True)
    _repeat_header(table.rows[0])
    _cell_par(table.cell(1, 0), "{%tr for r in appendix %}", "Bảng", first=True)
    _cell_par(table.cell(2, 0), "{%tr if r.nhom %}", "Bảng", first=True)
    _cell_par(table.cell(3, 0), "{{ r.stt }}", "Bảng tiêu đề", first=True)
    _cell_par(table.cell(3, 1), "{{ r.ten }}", "Bảng tiêu đề", first=True).alignment = WD_ALIGN_PARAGRAPH.LEFT
    for i in range(2, len(columns)):
        _cell_par(table.cell(3, i), "", "Bảng", first=True)
    _cell_par(table.cell(4, 0), "{%tr else %}", "Bảng", first=True)
    for i, (_, _, key, style) in enumerate(columns):
        _cell_par(table.cell(5, i), "{{ r.%s }}" % key, style, first=True)
    _cant_split(table.rows[3])
    _cant_split(table.rows[5])
    _cell_par(table.cell(6, 0), "{%tr endif %}", "Bảng", first=True)
    table.add_row()
    _cell_par(table.cell(7, 0), "{%tr endfor %}", "Bảng", first=True)


UNIT_COLUMNS = (("STT", 12), ("Đơn vị", 48)) + tuple(("{{ bang.cot[%d] }}" % i, 32) for i in range(6))


def _units_appendix(doc) -> None:
    """A consolidation's units × main targets (generator.by_unit.appendix_tables: six targets a table)."""
    assert sum(w for _, w in UNIT_COLUMNS) == 252
    doc.add_paragraph("{%p for bang in units_tables %}", style="Phụ lục ghi chú")
    p = doc.add_paragraph("BIỂU KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU THEO ĐƠN VỊ {{ header.ky_nam_upper }}"
                          "{{ ' (' ~ loop.index ~ '/' ~ loop.length ~ ')' if loop.length > 1 else '' }}",
                          style="Phụ lục")
    p.paragraph_format.page_break_before = True
    doc.add_paragraph("(Mỗi ô: kết quả của đơn vị và tỷ lệ % so với kế hoạch năm của chính đơn vị; "
                      "ô trống: đơn vị chưa có số liệu)", style="Phụ lục ghi chú")
    table = doc.add_table(rows=4, cols=len(UNIT_COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, [w for _, w in UNIT_COLUMNS])
    for i, (head, _) in enumerate(UNIT_COLUMNS):
        _cell_par(table.cell(0, i), head, "Bảng tiêu đề", first=True)
    _repeat_header(table.rows[0])
    _cell_par(table.cell(1, 0), "{%tr for r in bang.dong %}", "Bảng", first=True)
    _cell_par(table.cell(2, 0), "{{ r.stt }}", "Bảng giữa", first=True)
    _cell_par(table.cell(2, 1), "{{ r.don_vi }}", "Bảng", first=True)
    for i in range(6):
        _cell_par(table.cell(2, 2 + i), "{{ r.o[%d] }}" % i, "Bảng số", first=True)
    _cant_split(table.rows[2])
    _cell_par(table.cell(3, 0), "{%tr endfor %}", "Bảng", first=True)
    doc.add_paragraph("{%p endfor %}", style="Phụ lục ghi chú")


def _units_charts(doc) -> None:
    doc.add_paragraph("{%p for hinh in units_charts %}", style="Hình")
    p = doc.add_paragraph("{{ hinh.anh }}", style="Hình")
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.page_break_before = True
    doc.add_paragraph("Hình {{ loop.index + (1 if chart else 0) }}. Số chỉ tiêu chủ yếu vượt, đạt, chưa đạt kế hoạch năm theo đơn vị"
                      "{{ ' (phần ' ~ loop.index ~ '/' ~ loop.length ~ ')' if loop.length > 1 else '' }}",
                      style="Hình")
    doc.add_paragraph("{%p endfor %}", style="Hình")


def _chart(doc) -> None:
    doc.add_paragraph("{%p if chart %}", style="Hình")
    p = doc.add_paragraph("{{ chart }}", style="Hình")
    p.paragraph_format.keep_with_next = True
    doc.add_paragraph("Hình 1. Kết quả thực hiện các chỉ tiêu so với kế hoạch theo lĩnh vực "
                      "(số chỉ tiêu vượt, đạt, chưa đạt)", style="Hình")
    doc.add_paragraph("{%p endif %}", style="Hình")


FINDING_COLUMNS = (("STT", 12, "stt"), ("Mức độ", 24, "muc_do"), ("Vị trí", 45, "vi_tri"),
                   ("Nội dung", 171, "noi_dung"))


def _findings_annex(doc) -> None:
    doc.add_paragraph("{%p if findings %}", style="Phụ lục")
    p = doc.add_paragraph("Phụ lục kèm theo (bản xuất khi số liệu còn lỗi)", style="Phụ lục")
    p.paragraph_format.page_break_before = True
    doc.add_paragraph("CÁC LỖI, CẢNH BÁO KHI KIỂM TRA SỐ LIỆU", style="Phụ lục")
    doc.add_paragraph("(Báo cáo được xuất khi số liệu chưa khắc phục hết các lỗi dưới đây; "
                      "cần kiểm tra lại trước khi ký ban hành)", style="Phụ lục ghi chú")
    table = doc.add_table(rows=4, cols=len(FINDING_COLUMNS))
    table.style = doc.styles["Table Grid"]
    _fixed_widths(table, [c[1] for c in FINDING_COLUMNS])
    for i, (head, _, _) in enumerate(FINDING_COLUMNS):
        _cell_par(table.cell(0, i), head, "Bảng tiêu đề", first=True)
    _repeat_header(table.rows[0])
    _cell_par(table.cell(1, 0), "{%tr for f in findings %}", "Bảng", first=True)
    for i, (_, _, key) in enumerate(FINDING_COLUMNS):
        _cell_par(table.cell(2, i), "{{ f.%s }}" % key, "Bảng", first=True)
    _cell_par(table.cell(3, 0), "{%tr endfor %}", "Bảng", first=True)
    doc.add_paragraph("{%p endif %}", style="Phụ lục")


def build(path: Path = TEMPLATE_PATH) -> Path:
    doc = Document()
    _styles(doc)
    first = doc.sections[0]
    _page(first)
    _page_number_header(first)
    doc.paragraphs[0]._p.getparent().remove(doc.paragraphs[0]._p) if doc.paragraphs else None
    _header_block(doc)
    _title_block(doc)
    _body(doc)
    _signature_block(doc)
    _appendix(doc)
    _units_appendix(doc)
    _chart(doc)
    _units_charts(doc)
    _findings_annex(doc)
    props = doc.core_properties
    props.title, props.author, props.language = "Báo cáo kinh tế - xã hội", "ktxh", "vi-VN"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE_PATH)
    print(out)
