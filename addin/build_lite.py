"""Build the xlwings Lite workbook (.xlsx, no macros) with its three sheet buttons, on any OS.

    python -m addin.build_lite OUTDIR [--demo] [--ten KTXH_Lite]

Office.js cannot assign a macro to a shape, so xlwings Lite binds a sheet button as a *named*
shape carrying a hyperlink to the cell under it; addin/lite/main.py names the same shape and cell
in ``@script(button="[btnTinhToanLai]Hướng dẫn!D2")``. XlsxWriter draws the three shapes (with
their internal hyperlinks) in a one-sheet shell; the shapes' names are set, and the drawing part is
moved onto the guide sheet of the template that openpyxl wrote. Sheet protection is switched off:
the remote engine has no action to lift it, and Excel refuses writes to a protected sheet.

Still done by hand, once per workbook, in Excel (see addin/README.md): paste main.py and
requirements.txt into the Lite editor, and turn on Lite's "load on open" (startup behaviour).
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from pathlib import Path

import xlsxwriter
from openpyxl.utils import column_index_from_string

from workbook_templates.atomic import write_bytes_atomically
from addin.build_xlsm import copy_sheet_sizes
from addin.scripts import CHECK, EXPORT, RECALCULATE
from formulas import layout
from workbook_templates import styles
from formulas.errors import KtxhError

# shape name -> (caption, cell under it on the guide sheet); addin/lite/main.py uses the same.
LITE_BUTTONS = {
    "btnTinhToanLai": (RECALCULATE, "D2"),
    "btnKiemTraSoLieu": (CHECK, "D5"),
    "btnXuatBaoCaoWord": (EXPORT, "D8"),
}
DRAWING = "xl/drawings/drawing1.xml"
DRAWING_RELS = "xl/drawings/_rels/drawing1.xml.rels"
DRAWING_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml"
DRAWING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
REL_ID = "rIdKtxhLite"


def shell_xlsx(guide) -> bytes:
    """One sheet named like the guide, with the guide's sizes, holding the three linked shapes."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet(guide.title)
    copy_sheet_sizes(guide, ws)
    for caption, cell in LITE_BUTTONS.values():
        row, col = _cell(cell)
        ws.insert_textbox(row, col, caption, {
            "width": 170, "height": 36, "x_offset": 4, "y_offset": 2, "object_position": 1,
            "url": f"internal:'{guide.title}'!{cell}",
            "fill": {"color": "#2F5597"}, "line": {"color": "#1F3864"},
            "font": {"name": "Times New Roman", "size": 11, "bold": True, "color": "white"},
            "align": {"vertical": "middle", "horizontal": "center"},
        })
    wb.close()
    return out.getvalue()


def _cell(address: str) -> tuple[int, int]:
    letters, digits = re.match(r"([A-Z]+)(\d+)$", address).groups()
    return int(digits) - 1, column_index_from_string(letters) - 1


def _named_shapes(drawing_xml: str) -> str:
    """XlsxWriter names shapes "TextBox N"; Lite finds a button by its shape name."""
    for i, name in enumerate(LITE_BUTTONS, start=1):
        drawing_xml, n = re.subn(rf'name="TextBox {i}"', f'name="{name}"', drawing_xml)
        if n != 1:
            raise KtxhError(f"không đặt được tên nút '{name}' (XlsxWriter đã đổi cách đặt tên hình).")
    return drawing_xml


def _sheet_part(z: zipfile.ZipFile, title: str) -> str:
    """The part name of the worksheet called `title` (workbook.xml -> its relationship target)."""
    wb_xml = z.read("xl/workbook.xml").decode("utf-8")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(rf'<sheet [^>]*name="{re.escape(title)}"[^>]*r:id="(\w+)"', wb_xml).group(1)
    target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels) or \
        re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels)
    return target.group(1).lstrip("/") if target.group(1).startswith("/") else "xl/" + target.group(1)


def add_drawing(xlsx: bytes, shell: bytes, sheet_title: str) -> bytes:
    """Copy the shell's drawing (shapes + hyperlink rels) onto `sheet_title` of `xlsx`."""
    src, sh = zipfile.ZipFile(io.BytesIO(xlsx)), zipfile.ZipFile(io.BytesIO(shell))
    if any(n.startswith("xl/drawings/") for n in src.namelist()):
        raise KtxhError("mẫu đã có hình vẽ; chưa hỗ trợ thêm nút Lite vào trang có hình.")
    sheet = _sheet_part(src, sheet_title)
    sheet_rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == sheet:
                data = _with_drawing_element(data.decode("utf-8")).encode("utf-8")
            elif item.filename == sheet_rels:
                data = _with_rel(data.decode("utf-8")).encode("utf-8")
            elif item.filename == "[Content_Types].xml":
                data = data.decode("utf-8").replace(
                    "</Types>", f'<Override PartName="/{DRAWING}" ContentType="{DRAWING_TYPE}"/></Types>').encode()
            dst.writestr(item, data)
        if sheet_rels not in src.namelist():
            dst.writestr(sheet_rels, _with_rel(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'))
        dst.writestr(DRAWING, _named_shapes(sh.read(DRAWING).decode("utf-8")))
        dst.writestr(DRAWING_RELS, sh.read(DRAWING_RELS))
    return out.getvalue()


def _with_rel(rels_xml: str) -> str:
    rel = f'<Relationship Id="{REL_ID}" Type="{DRAWING_REL}" Target="/{DRAWING}"/>'
    return rels_xml.replace("</Relationships>", rel + "</Relationships>")


def _with_drawing_element(sheet_xml: str) -> str:
    """<drawing> goes after headerFooter/breaks/ignoredErrors and before legacyDrawing, tableParts."""
    element = f'<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{REL_ID}"/>'
    for follower in ("<legacyDrawing", "<legacyDrawingHF", "<picture", "<oleObjects", "<controls",
                     "<webPublishItems", "<tableParts", "<extLst", "</worksheet>"):
        at = sheet_xml.find(follower)
        if at != -1:
            return sheet_xml[:at] + element + sheet_xml[at:]
    raise KtxhError("trang hướng dẫn không đúng định dạng.")


def build_lite_xlsx(outdir: Path | str, *, name: str = "KTXH_Lite", workbook=None) -> Path:
    outdir = Path(outdir)
    if not outdir.is_dir():
        raise KtxhError(f"thư mục '{outdir}' không tồn tại.")
    if workbook is None:
        from addin.build_xlsm import _default_template

        workbook = _default_template()
    for ws in workbook.worksheets:
        ws.protection.sheet = False  # Office.js writes fail on protected sheets; xlwings cannot lift it
    guide = workbook[layout.SHEET_GUIDE]
    guide["D1"] = "Các nút lệnh (xlwings Lite):"
    guide["D1"].font = styles.font(bold=True)
    guide.column_dimensions["D"].width = 30
    guide.print_area = f"A1:B{guide.max_row}"
    plain = io.BytesIO()
    workbook.save(plain)
    content = add_drawing(plain.getvalue(), shell_xlsx(guide), guide.title)
    target = outdir / f"{name}.xlsx"
    write_bytes_atomically(target, content)
    return target


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m addin.build_lite",
        description="Tạo sổ Excel cho xlwings Lite, có ba nút lệnh. / Build the xlwings Lite workbook with buttons.")
    p.add_argument("outdir", help="thư mục ghi tệp / output folder")
    p.add_argument("--ten", default="KTXH_Lite", help="tên tệp / file name")
    p.add_argument("--demo", action="store_true", help="dùng sổ mẫu có số liệu / use the demo workbook")
    args = p.parse_args(argv)
    try:
        wb = None
        if args.demo:
            from workbook_templates.demo import build_demo_workbook, load_demo_data

            wb = build_demo_workbook(load_demo_data())
        print(build_lite_xlsx(args.outdir, name=args.ten, workbook=wb))
    except KtxhError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
