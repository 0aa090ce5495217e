"""The Word document: fills generator/templates/bao_cao.docx (docxtpl) and returns its bytes.

The template carries the layout (page, margins, header, styles, page numbers); this module only
hands it pre-formatted text: the numbered headings and paragraphs, the header fields, the
appendix rows, the chart image and, for a forced export, the findings. Rendering runs with
autoescape on, so text typed in the workbook cannot corrupt the XML.
"""
from __future__ import annotations

import copy
import io
import re
from datetime import datetime, timezone
from pathlib import Path

import jinja2
from lxml import etree
from docx.oxml.parser import element_class_lookup
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from generator.chart import CHART_WIDTH_MM
from generator.context import SectionContent
from formulas.errors import KtxhError

TEMPLATE_PATH = Path(__file__).parent / "templates" / "bao_cao.docx"
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_SPECIAL_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\n\t\a\f]")
_XML_TAG = re.compile(r"<[^>]*>")
_COLUMN_LOOP = re.compile(r"\{%-?\s*tc\s")
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_START_TAG = re.compile(r"\s*<[^>]*>")
_XMLNS = re.compile(r'\s+xmlns:([A-Za-z0-9_.-]+)="([^"]*)"')


class ReportTemplate(DocxTemplate):
    """DocxTemplate without the work this report does not need (each skip checks it is safe)."""

    def resolve_listing(self, xml):
        # docxtpl rescans every paragraph for \\n \\t (line breaks in a value); only a few appendix
        # cells hold one, so only those paragraphs are rescanned (a third of the render time).
        parent = super().resolve_listing
        return _PARAGRAPH.sub(lambda m: parent(m.group(0)) if _SPECIAL_TEXT.search(m.group(0)) else m.group(0),
                              xml)

    _column_loops = True  # until build_xml has looked at the template

    def build_xml(self, context, jinja_env=None):
        # tags may be split across Word runs: look for {%tc in the text with the XML removed
        self._column_loops = bool(_COLUMN_LOOP.search(_XML_TAG.sub("", self.get_xml())))
        return super().build_xml(context, jinja_env)

    def fix_tables(self, xml):
        # docxtpl recounts every cell of every table to repair the grid after a {%tc %} column
        # loop; a template without one keeps its grid, so parsing the XML is all that is left.
        if self._column_loops:
            xml = etree.tostring(super().fix_tables(xml), encoding="unicode")
        return _document_with_body(self.docx.element, xml)

    def fix_docpr_ids(self, tree):
        # docxtpl's own version calls lxml's xpath with namespaces=, which python-docx's element
        # classes (the new document's) do not take; the same renumbering of every drawing's id
        for elt in tree.iter(_DOCPR):
            self.docx_ids_index += 1
            elt.set("id", str(self.docx_ids_index))

    def map_tree(self, tree):
        # docxtpl moves the rendered body into the template's document (root.replace): lxml then
        # fixes every node's namespaces in a way that grows with the square of the body (8,5 s of
        # a 20.000-row report). The body was parsed inside a whole new document instead, which
        # simply takes the old one's place.
        self.docx._part._element = tree
        self.docx._element = tree
        self.docx._Document__body = None  # python-docx's cached body proxy of the old document

    def get_headers_footers(self, uri):
        # A header or footer without any tag (page number, rule) is kept as it is, not re-rendered.
        for rel_key, part in super().get_headers_footers(uri):
            if b"{" in part.blob:
                yield rel_key, part

    def render_properties(self, context, jinja_env=None):
        props = self.docx.core_properties
        if any("{" in (getattr(props, name, None) or "") for name in
               ("author", "comments", "identifier", "language", "subject", "title")):
            super().render_properties(context, jinja_env)


_BODY_MARK = "ktxh-rendered-body"


def _document_with_body(document, body_xml: str):
    """A new w:document: `document` (the template's root: its namespaces, attributes, section
    properties outside the body) with the rendered `body_xml` as its body, parsed in one pass with
    python-docx's element classes (recovering, as docxtpl parses its rendered XML)."""
    shell = copy.deepcopy(document)  # the template's root, small: its body holds only the tags
    shell.replace(shell.body, etree.Comment(_BODY_MARK))
    head, tail = etree.tostring(shell, encoding="unicode").split(f"<!--{_BODY_MARK}-->")
    parser = etree.XMLParser(recover=True, resolve_entities=False)
    parser.set_element_class_lookup(element_class_lookup)
    body_xml = _XML_DECLARATION.sub("", body_xml, count=1)
    start = _START_TAG.match(body_xml)
    if start:  # the namespaces the root already declares: dropped, as lxml's move dropped them
        declared = document.nsmap
        tag = _XMLNS.sub(lambda m: "" if declared.get(m.group(1)) == m.group(2) else m.group(0), start.group(0))
        body_xml = tag + body_xml[start.end():]
    for piece in (head, body_xml, tail):  # fed in turn: no second copy of a body of tens of MB
        parser.feed(piece)
    return parser.close()


def body_blocks(sections: list[SectionContent]) -> list[dict]:
    """Headings and paragraphs in order; the body ends with "./." (NĐ 30/2020, Mẫu 1.4)."""
    blocks: list[dict] = []
    for s in sections:
        blocks.append({"kind": f"h{min(max(s.level, 1), 3)}", "text": s.heading})
        blocks.extend({"kind": "p", "text": t} for t in s.paragraphs)
    if blocks:
        last = blocks[-1]
        last["text"] = last["text"].rstrip().rstrip(".;,") + "./."
    return blocks


def _appendix_rows(rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        r = dict(r)
        for key in ("ke_hoach", "pct_ke_hoach"):
            if isinstance(r.get(key), list):
                r[key] = "\n".join(r[key])  # docxtpl turns "\n" into a line break in the cell
        out.append(r)
    return out


def render_docx(context: dict, sections: list[SectionContent], chart_png,
                template_path: Path | str | None = None) -> bytes:
    """chart_png: PNG bytes of the chart, or None (no chart)."""
    path = Path(template_path) if template_path else TEMPLATE_PATH
    try:
        tpl = ReportTemplate(str(path))
    except Exception as exc:  # a damaged or non-Word file
        raise KtxhError(f"Không mở được mẫu Word '{path}': {exc}. Hãy khôi phục tệp mẫu gốc.") from None
    ctx = {
        "header": context["header"],
        "body": body_blocks(sections),
        "appendix": _appendix_rows(context["appendix"]),
        "findings": context.get("findings", []),
        "chart": InlineImage(tpl, io.BytesIO(chart_png), width=Mm(CHART_WIDTH_MM)) if chart_png else None,
        "units_tables": context.get("units_tables", []),
        "units_charts": [{"anh": InlineImage(tpl, io.BytesIO(png), width=Mm(CHART_WIDTH_MM))}
                         for png in context.get("units_charts_png", [])],
    }
    try:
        tpl.render(ctx, autoescape=True)
    except jinja2.TemplateError as exc:
        where = " ".join(" ".join(getattr(exc, "docx_context", []) or []).split())[:200]
        raise KtxhError(f"Mẫu Word '{path.name}' có thẻ bị hỏng ({exc}). Gần đoạn: {where!r}. Mỗi thẻ "
                        "{{ … }} hoặc {%p … %} phải nằm trọn trong một đoạn; hãy gõ lại thẻ hoặc "
                        "khôi phục mẫu gốc.") from None
    props = tpl.docx.core_properties  # File > Info in Word: today's date, not the template's
    props.created = props.modified = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    props.comments = ""  # instead of the template's "generated by python-docx"
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
