"""The Word document: fills generator/templates/bao_cao.docx (docxtpl) and returns its bytes.

The template carries the layout (page, margins, header, styles, page numbers); this module only
hands it pre-formatted text: the numbered headings and paragraphs, the header fields, the
appendix rows, the chart image and, for a forced export, the findings. Rendering runs with
autoescape on, so text typed in the workbook cannot corrupt the XML.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import jinja2
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from generator.context import SectionContent
from workbook_templates.errors import KtxhError

TEMPLATE_PATH = Path(__file__).parent / "templates" / "bao_cao.docx"
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_SPECIAL_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\n\t\a\f]")


class ReportTemplate(DocxTemplate):
    """docxtpl rescans every paragraph for \\n \\t (line breaks in a value); only a few appendix
    cells hold one, so only those paragraphs are rescanned (a third of the render time)."""

    def resolve_listing(self, xml):
        parent = super().resolve_listing
        return _PARAGRAPH.sub(lambda m: parent(m.group(0)) if _SPECIAL_TEXT.search(m.group(0)) else m.group(0),
                              xml)
CHART_WIDTH_MM = 200


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


class LateImage(InlineImage):
    """An InlineImage whose PNG is fetched only when docxtpl places it, so the chart can still be
    drawing (in the ChartWorker's child process) while the template is patched and rendered."""

    def __init__(self, tpl, fetch, width):
        super().__init__(tpl, None, width=width)
        self._fetch, self._png = fetch, None

    @property
    def image_descriptor(self):
        if self._png is None:
            self._png = self._fetch()
        return io.BytesIO(self._png)

    @image_descriptor.setter
    def image_descriptor(self, value):
        pass


def render_docx(context: dict, sections: list[SectionContent], chart_png,
                template_path: Path | str | None = None) -> bytes:
    """chart_png: PNG bytes, None (no chart), or a callable returning the PNG when it is needed."""
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
        "chart": (LateImage(tpl, chart_png, Mm(CHART_WIDTH_MM)) if callable(chart_png) else
                  InlineImage(tpl, io.BytesIO(chart_png), width=Mm(CHART_WIDTH_MM)) if chart_png else None),
    }
    try:
        tpl.render(ctx, autoescape=True)
    except jinja2.TemplateError as exc:
        where = " ".join(" ".join(getattr(exc, "docx_context", []) or []).split())[:200]
        raise KtxhError(f"Mẫu Word '{path.name}' có thẻ bị hỏng ({exc}). Gần đoạn: {where!r}. Mỗi thẻ "
                        "{{ … }} hoặc {%p … %} phải nằm trọn trong một đoạn; hãy gõ lại thẻ hoặc "
                        "khôi phục mẫu gốc.") from None
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()
