import io
import zipfile
from xml.etree import ElementTree as ET

from addin import ribbon
from addin.scripts import ACTIONS

NS = {"ui": ribbon.NAMESPACE}


def test_the_tab_has_the_three_jobs_each_calling_the_one_callback():
    root = ET.fromstring(ribbon.custom_ui_xml())
    buttons = root.findall(".//ui:tab/ui:group/ui:button", NS)
    assert [b.get("label") for b in buttons] == list(ACTIONS)
    assert {b.get("onAction") for b in buttons} == {ribbon.CALLBACK}
    ids = [b.get("id") for b in buttons]
    assert len(set(ids)) == 3 and ids == [cid for cid, _, _ in ribbon.BUTTONS]
    assert root.find(".//ui:tab", NS).get("label") == "KTXH"


def test_with_custom_ui_adds_the_part_and_its_relationship_and_keeps_every_other_part():
    buf = io.BytesIO()
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="x" Target="xl/workbook.xml"/></Relationships>')
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("_rels/.rels", rels)
        z.writestr("xl/workbook.xml", b"<workbook/>")
    out = zipfile.ZipFile(io.BytesIO(ribbon.with_custom_ui(buf.getvalue())))
    assert out.read("xl/workbook.xml") == b"<workbook/>"
    assert out.read(ribbon.PART) == ribbon.custom_ui_xml()
    found = ET.fromstring(out.read("_rels/.rels"))
    targets = {r.get("Type"): r.get("Target") for r in found}
    assert targets == {"x": "xl/workbook.xml", ribbon.REL_TYPE: ribbon.PART}
