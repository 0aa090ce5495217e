"""The KTXH ribbon tab carried by the .xlsm itself (Office customUI, shown while the workbook is active).

Excel reads ``customUI/customUI.xml`` through a package relationship; each button's ``onAction`` names
a VBA callback, here one Sub ``NutRibbon(control)`` in addin/vba/KtxhNut.bas that dispatches on the
button id. The labels are the same three job names as the sheet buttons.
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import quoteattr

from addin.scripts import CHECK, EXPORT, RECALCULATE

PART = "customUI/customUI.xml"
REL_TYPE = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
NAMESPACE = "http://schemas.microsoft.com/office/2006/01/customui"
CALLBACK = "NutRibbon"
ROOT_RELS = "_rels/.rels"
# (control id, label, built-in Office icon); the ids are what NutRibbon's Select Case tests.
BUTTONS = (
    ("ktxhTinhToanLai", RECALCULATE, "CalculateNow"),
    ("ktxhKiemTraSoLieu", CHECK, "DataValidation"),
    ("ktxhXuatBaoCaoWord", EXPORT, "FileSaveAs"),
)


def custom_ui_xml() -> bytes:
    buttons = "".join(
        f'<button id="{cid}" label={quoteattr(label)} size="large" imageMso="{icon}" onAction="{CALLBACK}"/>'
        for cid, label, icon in BUTTONS)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<customUI xmlns="{NAMESPACE}"><ribbon>'
            f'<tabs><tab id="ktxhTab" label="KTXH"><group id="ktxhBaoCao" label="Báo cáo KT-XH">{buttons}'
            '</group></tab></tabs></ribbon></customUI>').encode("utf-8")


def with_custom_ui(package: bytes) -> bytes:
    """The .xlsm package (bytes) with the ribbon part and its root relationship added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == ROOT_RELS:
                rel = f'<Relationship Id="ktxhRibbon" Type="{REL_TYPE}" Target="{PART}"/>'
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            dst.writestr(item, data)
        dst.writestr(PART, custom_ui_xml())
    return out.getvalue()
