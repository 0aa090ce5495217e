"""The file door's patch applier: a Patch written by editing the .xlsx / .xlsm package (zip + XML).

A patch touches a few columns, the Kiểm tra sheet and some marks. This module parses only the
worksheets the patch names plus styles.xml, sets values in the existing (styled) <c> elements,
adds the fills and cell formats the marks need, writes the Kiểm tra rows (adding the sheet when a
workbook has lost it), updates the comments of the sheets whose comments change, and copies
every other part byte for byte: images, charts, drawings, pivot caches, form controls, the VBA
project of an .xlsm, and whatever a later Excel adds. (openpyxl, the one other writer there was,
rewrote every part: it drops an office suite's custom document properties and rewrites charts in
its own terms; tests/workbook_templates/test_writer_roundtrip.py shows both.)

A workbook it cannot edit safely (a damaged package) is refused with a KtxhError in Vietnamese;
nothing is repaired silently.
"""
from __future__ import annotations

import copy
import math
import re
import zipfile
import zlib
from bisect import bisect_left
from pathlib import Path, PurePosixPath

from lxml import etree

from formulas.a1 import column_index, column_letters
from formulas.colours import COMPUTED_RGB, INPUT_RGB, MARK_RGB
from formulas.findings import WARNING
from formulas.patch import Patch
from formulas import layout
from formulas.errors import KtxhError

# The Kiểm tra look of workbook_templates.builder / styles, as XML (importing openpyxl to build
# them as its objects costs 0.35 s); test_package_writer checks both give the same cells.
COMMENT_AUTHOR = "ktxh"
COMMENT_WIDTH, COMMENT_HEIGHT = 360, 160
_FINDINGS_FONT = ('<font><name val="Times New Roman"/><i val="1"/><color rgb="00404040"/><sz val="11"/>'
                  '</font>')
_FINDINGS_FILL_RGB = COMPUTED_RGB
_FINDINGS_BORDER = ('<border>' + ''.join(f'<{side} style="thin"><color rgb="00808080"/></{side}>'
                                         for side in ("left", "right", "top", "bottom")) + '</border>')
_CENTER = '<alignment horizontal="center" vertical="center" wrapText="1"/>'
_WRAP_TOP = '<alignment vertical="top" wrapText="1"/>'
_CENTERED_FINDING_KEYS = ("stt", "muc_do", "o")  # builder.style_table_row centres these
_LINE_HEIGHT, _FONT_SIZE = 14.5, 11  # builder.LINE_HEIGHT / styles.FONT_SIZE (row heights of the findings)

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_M = "{%s}" % _NS
_STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/"  # ISO 29500 Strict
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_COMMENTS = _R_NS + "/comments"
_REL_VML = _R_NS + "/vmlDrawing"
_REL_STYLES = _R_NS + "/styles"
_REL_WORKSHEET = _R_NS + "/worksheet"
_REL_CALC_CHAIN = _R_NS + "/calcChain"
_REL_OFFICE_DOCUMENT = _R_NS + "/officeDocument"
_CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
_CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
_CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
# CT_Worksheet's children after <legacyDrawing>, where a new one must go before.
_AFTER_LEGACY_DRAWING = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
                         "webPublishItems", "tableParts", "extLst")
_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LOOKALIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")  # text that Excel would read as an escape
# Excel's own defaults for a workbook without styles.xml (one font, the two required fills, …).
_DEFAULT_STYLES = (
    f'<styleSheet xmlns="{_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
    '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
# CT_Stylesheet's children in schema order (a missing list is added in its place).
_STYLE_LISTS = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                "tableStyles", "colors", "extLst")


_MARK_FILLS = frozenset(rgb.upper() for rgb in MARK_RGB.values())


class Damaged(Exception):
    """A part of the package that cannot be edited safely (the reason is the message)."""


class StrictPackage(Exception):
    """The workbook was saved as ISO "Strict Open XML": readable, but not written into here."""


def apply_patch_to_package(source: Path, patch: Patch, dest: Path, shown: str | None = None) -> None:
    """Write `source` with `patch` applied to the new file `dest` (the caller replaces atomically).
    `shown`: the file name to name in messages (the .ods a converted copy came from)."""
    name = shown or Path(source).name
    try:
        with zipfile.ZipFile(source) as zf:
            package = _Package(zf)
            package.apply(patch)
            package.write(dest)
    except StrictPackage:
        raise KtxhError(f"Tệp “{name}” được lưu dạng “Strict Open XML Spreadsheet”; ktxh chỉ ghi kết quả được vào "
                        "dạng “Excel Workbook (*.xlsx)”. Hãy mở tệp trong Excel, chọn Lưu thành (Save As) kiểu "
                        "“Excel Workbook (*.xlsx)”, rồi chạy lại (lệnh check và export vẫn đọc được tệp này).") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, etree.XMLSyntaxError, EOFError, ValueError,
            NotImplementedError, zlib.error, Damaged) as exc:
        detail = f": {exc}" if isinstance(exc, Damaged) else " (tệp bị hỏng hoặc không phải sổ Excel)"
        raise KtxhError(f"Không mở được tệp “{name}” để ghi kết quả{detail}. Hãy kiểm tra "
                        "tệp có mở được trong Excel hoặc LibreOffice không (mở rồi lưu lại), rồi chạy lại; chương "
                        "trình không tự sửa tệp.") from None


# ----------------------------------------------------------------------------- cell addresses

def _split(ref: str) -> tuple[int, int]:
    """'E10' -> (10, 5)."""
    m = _CELL_REF.match(ref.replace("$", ""))
    if m is None:
        raise Damaged(f"địa chỉ ô “{ref}” không hợp lệ")
    return int(m.group(2)), _column(m.group(1))


_column, _letters = column_index, column_letters  # formulas.a1: 'E' <-> 5


def _range(address: str) -> tuple[int, int, int, int]:
    first, _, last = address.partition(":")
    (r1, c1), (r2, c2) = _split(first), _split(last or first)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


def _row_height(text: str, width: float) -> float:
    """builder.row_height(builder.wrapped_lines(text, width)) for the findings' message column."""
    per_line = max(1.0, width * 1.45 * _FONT_SIZE / _FONT_SIZE - 3)
    lines = sum(max(1, math.ceil((len(part) + 0.35 * sum(ch.isupper() for ch in part)) / per_line))
                for part in str(text).split("\n"))
    return _LINE_HEIGHT * lines + 3


# ----------------------------------------------------------------------------- the package

class _Package:
    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.infos = zf.infolist()
        self.names = {i.filename for i in self.infos}
        self.changed: dict[str, bytes] = {}  # part -> new content (new parts too)
        self.removed: set[str] = set()
        self.content_types = etree.fromstring(zf.read("[Content_Types].xml"))
        self.content_types_changed = False
        self.sheet_parts = self._sheet_parts()
        self.sheets: dict[str, _Sheet] = {}
        self._styles: _Styles | None = None

    def _sheet_parts(self) -> dict[str, str]:
        self.book_part = _main_part(self.zf)
        book = etree.fromstring(self.zf.read(self.book_part))
        if book.tag.startswith("{" + _STRICT_NS):
            # Excel's "Strict Open XML" names every element in other namespaces; calamine reads it, but
            # writing into it here would mix the two dialects. Refused, never converted silently.
            raise StrictPackage()
        rels = self._rels(self.book_part)
        self.styles_part = next((t for t, typ in rels.values() if typ == _REL_STYLES), None)
        out = {}
        for sheet in book.iter(_M + "sheet"):
            target = rels.get(sheet.get("{%s}id" % _R_NS))
            if target is not None:
                out[sheet.get("name")] = target[0]
        return out

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (absolute part name, type) of `part`'s relationships."""
        rels_part = _rels_name(part)
        if rels_part not in self.names:
            return {}
        root = etree.fromstring(self.zf.read(rels_part))
        base = PurePosixPath(part).parent
        out = {}
        for rel in root.iter("{%s}Relationship" % _PKG_NS):
            if rel.get("TargetMode") == "External":
                continue
            out[rel.get("Id")] = (_resolve(base, rel.get("Target", "")), rel.get("Type"))
        return out

    def read(self, part: str) -> bytes:
        if part in self.changed:
            return self.changed[part]
        return self.zf.read(part)

    @property
    def styles(self) -> _Styles:
        if self._styles is None:
            if self.styles_part is None or self.styles_part not in self.names:
                self._add_styles_part()  # a workbook written without one: Excel's defaults
            else:
                self._styles = _Styles(etree.fromstring(self.zf.read(self.styles_part)))
        return self._styles

    def _add_styles_part(self) -> None:
        taken = self.names | set(self.changed)
        self.styles_part = "xl/styles.xml" if "xl/styles.xml" not in taken else _unused(taken, "xl/styles{}.xml")
        self._add_book_rel(_REL_STYLES, self.styles_part)
        self._override(self.styles_part, _CT_STYLES)
        self._styles = _Styles(etree.fromstring(_DEFAULT_STYLES))
        self._styles.dirty = True

    def sheet(self, name: str) -> _Sheet:
        if name not in self.sheets:
            part = self.sheet_parts.get(name)
            if part is None:
                if name != layout.SHEET_FINDINGS:
                    raise KtxhError(f"Sổ không có trang tính “{name}”. Hãy dùng sổ tạo bằng lệnh “ktxh new”.")
                self.sheets[name] = self._add_findings_sheet()
            else:
                self.sheets[name] = _Sheet(name, part, etree.fromstring(self.zf.read(part)))
        return self.sheets[name]

    def _add_findings_sheet(self) -> _Sheet:
        """A new Kiểm tra sheet at the end of the workbook (a workbook that lost it): its column
        headers and keys, as the template's; the rows are the patch's."""
        part = _unused(self.names | set(self.changed), "xl/worksheets/sheet{}.xml")
        rel_id = self._add_book_rel(_REL_WORKSHEET, part)
        book = self._book_root()
        sheets = book.find(_M + "sheets")
        used = [int(x.get("sheetId", "0")) for x in sheets.iter(_M + "sheet") if x.get("sheetId", "").isdigit()]
        entry = etree.SubElement(sheets, _M + "sheet", name=layout.SHEET_FINDINGS, sheetId=str(max(used, default=0) + 1))
        entry.set("{%s}id" % _R_NS, rel_id)
        self.changed[self.book_part] = _xml(book)
        self._override(part, _CT_WORKSHEET)
        self.sheet_parts[layout.SHEET_FINDINGS] = part
        cols = "".join(f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>'
                       for i, c in enumerate(layout.FINDING_COLUMNS, start=1))
        root = etree.fromstring(
            f'<worksheet xmlns="{_NS}" xmlns:r="{_R_NS}"><dimension ref="A1"/>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData/>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>')
        ws = _Sheet(layout.SHEET_FINDINGS, part, root)
        for i, col in enumerate(layout.FINDING_COLUMNS, start=1):
            ws.set_value(layout.HEADER_ROW, i, col.header)
            ws.set_value(layout.KEY_ROW, i, col.key)
        ws.row(layout.KEY_ROW).set("hidden", "1")  # the keys are for the program, as in the template
        return ws

    def _book_root(self):
        if self.book_part in self.changed:
            return etree.fromstring(self.changed[self.book_part])
        return etree.fromstring(self.zf.read(self.book_part))

    def _add_book_rel(self, rel_type: str, part: str) -> str:
        rels = self._rels_root(self.book_part)
        rel_id = _add_rel(rels, rel_type, part)
        self.changed[_rels_name(self.book_part)] = _xml(rels)
        return rel_id

    def drop_calc_chain(self) -> None:
        """Excel's calculation chain lists the formula cells; one overwritten with a value makes
        Excel report the file as damaged, so the chain goes (Excel rebuilds it on opening)."""
        rels = self._rels_root(self.book_part)
        for rel in list(rels):
            if rel.get("Type") == _REL_CALC_CHAIN:
                part = _resolve(PurePosixPath(self.book_part).parent, rel.get("Target", ""))
                rels.remove(rel)
                self.changed[_rels_name(self.book_part)] = _xml(rels)
                self._remove_part(part)

    # -- the patch, in this order: values, cleared marks, new marks (a cell still wrong stays marked)

    def apply(self, patch: Patch) -> None:
        for write in patch.writes:
            ws = self.sheet(write.sheet)
            r0, c0 = _split(write.top_left)
            for i, row in enumerate(write.values):
                for j, value in enumerate(row):
                    ws.set_value(r0 + i, c0 + j, value)
            if write.sheet == layout.SHEET_FINDINGS:
                self._style_findings_rows(ws, r0, write.values)
        comments: dict[str, _Comments] = {}  # the sheets whose comments the patch may change

        def comments_of(name: str) -> _Comments:
            if name not in comments:
                comments[name] = self._comments(self.sheet(name))
            return comments[name]

        for sheet_name, address in patch.clear_marks:
            ws = self.sheet(sheet_name)
            r1, c1, r2, c2 = _range(address)
            for (r, c), cell in ws.existing_cells(r1, c1, r2, c2):
                if self.styles.is_marked(cell.get("s")):
                    cell.set("s", str(self.styles.with_fill(cell.get("s"), INPUT_RGB)))
            comments_of(sheet_name).drop_ours(r1, c1, r2, c2)
        for mark in patch.marks:
            ws = self.sheet(mark.sheet)
            r, c = _split(mark.cell)
            cell = ws.cell(r, c)
            cell.set("s", str(self.styles.with_fill(cell.get("s"), MARK_RGB.get(mark.severity, MARK_RGB[WARNING]))))
            if mark.note:
                comments_of(mark.sheet).put(r, c, mark.note[:2000])
        for sheet_name, box in comments.items():
            if box.dirty:
                self._write_comments(self.sheet(sheet_name), box)

    def _style_findings_rows(self, ws: _Sheet, first_row: int, rows) -> None:
        """builder.style_table_row's look and the message's row height (builder.row_height)."""
        cols = layout.FINDING_COLUMNS
        msg = next(i for i, c in enumerate(cols) if c.key == "noi_dung")
        xfs = [self.styles.findings_xf(c.key in _CENTERED_FINDING_KEYS) for c in cols]
        for i, values in enumerate(rows):
            r = first_row + i
            if any(v not in (None, "") for v in values):
                for j, xf in enumerate(xfs, start=1):
                    ws.cell(r, j).set("s", str(xf))
                row = ws.row(r)
                row.set("ht", _num(_row_height(values[msg] or "", cols[msg].width)))
                row.set("customHeight", "1")
            else:
                row = ws.row(r, create=False)
                if row is not None and "ht" in row.attrib:
                    del row.attrib["ht"]
                    row.attrib.pop("customHeight", None)

    # -- comments

    def _comments(self, ws: _Sheet) -> _Comments:
        rels = self._rels(ws.part)
        comments_part = next((t for t, typ in rels.values() if typ == _REL_COMMENTS), None)
        vml_id = ws.legacy_drawing_id()
        vml_part = rels.get(vml_id, (None,))[0] if vml_id else None
        if vml_id and (vml_part is None or vml_part not in self.names):
            raise Damaged(f"trang “{ws.name}” trỏ tới hình vẽ ghi chú không có trong tệp")
        box = _Comments(comments_part, vml_part, vml_id)
        if vml_part is not None:
            box.vml_source = _read_vml(self.zf.read(vml_part))  # buttons and other shapes stay
        if comments_part is not None:
            box.load(etree.fromstring(self.zf.read(comments_part)))
        for target, typ in rels.values():  # Excel 365's threaded comments: never written over
            if typ.endswith("/threadedComment") and target in self.names:
                for tc in etree.fromstring(self.zf.read(target)).iter():
                    if isinstance(tc.tag, str) and etree.QName(tc).localname == "threadedComment" and tc.get("ref"):
                        box.threaded.add(_split(tc.get("ref")))
        return box

    def _write_comments(self, ws: _Sheet, box: _Comments) -> None:
        if not box.items:
            if box.part is not None or box.vml_part is not None:
                self._remove_comment_parts(ws, box)
            return
        if box.part is None:  # a sheet's first comments: the part, its relationship and type
            box.part = _unused(self.names | set(self.changed), "xl/comments{}.xml")
            rels = self._rels_root(ws.part)
            _add_rel(rels, _REL_COMMENTS, box.part)
            self.changed[_rels_name(ws.part)] = _xml(rels)
            self._override(box.part, _CT_COMMENTS)
        if box.vml_part is None:  # no legacy drawing yet: Excel shows comments through one
            box.vml_part = _unused(self.names | set(self.changed), "xl/drawings/vmlDrawing{}.vml")
            rels = self._rels_root(ws.part)
            box.vml_id = _add_rel(rels, _REL_VML, box.vml_part)
            self.changed[_rels_name(ws.part)] = _xml(rels)
            ws.add_legacy_drawing(box.vml_id)
            self._default("vml", _CT_VML)
        self.changed[box.part] = box.comments_xml()
        shape_base = 1024 * (list(self.sheet_parts.values()).index(ws.part) + 1)
        self.changed[box.vml_part] = box.vml_xml(shape_base)

    def _remove_comment_parts(self, ws: _Sheet, box: _Comments) -> None:
        """No comment left: the comments part goes, and the legacy drawing too unless it holds
        other shapes (form buttons), which then stay without the note boxes."""
        keep_vml = box.vml_part is not None and box.has_other_shapes()
        rels = self._rels_root(ws.part)
        for rel in list(rels):
            if rel.get("Type") == _REL_COMMENTS or (rel.get("Type") == _REL_VML and not keep_vml):
                rels.remove(rel)
        self.changed[_rels_name(ws.part)] = _xml(rels)
        if box.part is not None:
            self._remove_part(box.part)
        if keep_vml:
            self.changed[box.vml_part] = box.vml_xml(0)
        elif box.vml_part is not None:
            ws.remove_legacy_drawing()
            self._remove_part(box.vml_part)

    def _remove_part(self, part: str) -> None:
        self.removed.add(part)
        for o in self.content_types.findall("{%s}Override" % _CT_NS):
            if o.get("PartName") == "/" + part:
                self.content_types.remove(o)
                self.content_types_changed = True

    def _rels_root(self, part: str):
        name = _rels_name(part)
        if name in self.changed:
            return etree.fromstring(self.changed[name])
        if name in self.names:
            return etree.fromstring(self.zf.read(name))
        return etree.Element("{%s}Relationships" % _PKG_NS, nsmap={None: _PKG_NS})

    def _override(self, part: str, content_type: str) -> None:
        for o in self.content_types.iterfind("{%s}Override" % _CT_NS):
            if o.get("PartName") == "/" + part:  # one content type a part
                o.set("ContentType", content_type)
                break
        else:
            etree.SubElement(self.content_types, "{%s}Override" % _CT_NS,
                             PartName="/" + part, ContentType=content_type)
        self.content_types_changed = True

    def _default(self, ext: str, content_type: str) -> None:
        if not any(d.get("Extension", "").lower() == ext for d in self.content_types.iter("{%s}Default" % _CT_NS)):
            default = etree.Element("{%s}Default" % _CT_NS, Extension=ext, ContentType=content_type)
            self.content_types.insert(0, default)  # Defaults come before Overrides
            self.content_types_changed = True

    # -- output

    def write(self, dest: Path) -> None:
        if any(ws.formulas_removed for ws in self.sheets.values()):
            self.drop_calc_chain()
        for ws in self.sheets.values():
            if ws.dirty:
                ws.put_in_order()
                ws.update_dimension()
                self.changed[ws.part] = _xml(ws.root)
        if self._styles is not None and self._styles.dirty:
            self._styles.update_counts()
            self.changed[self.styles_part] = _xml(self._styles.root)
        if self.content_types_changed:
            self.changed["[Content_Types].xml"] = _xml(self.content_types)
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
            for info in self.infos:
                name = info.filename
                if name in self.removed:
                    continue
                data = self.changed.pop(name) if name in self.changed else self.zf.read(info)
                out.writestr(info, data, compress_type=info.compress_type)
            for name, data in self.changed.items():  # new parts
                if name not in self.removed:
                    out.writestr(name, data)


# ----------------------------------------------------------------------------- one worksheet

class _Sheet:
    """One worksheet's XML, edited in place. New rows and cells are appended where they are
    created and put in order once, when the sheet is written (put_in_order): inserting each at
    its index in lxml's child lists costs a walk per insert, which grows with the square of the
    rows written (the Kiểm tra sheet of a large workbook)."""

    def __init__(self, name: str, part: str, root):
        self.name, self.part, self.root = name, part, root
        self.data = root.find(_M + "sheetData")
        if self.data is None:
            raise Damaged(f"trang “{name}” không có vùng dữ liệu (sheetData)")
        self.rows: dict[int, object] = {}
        previous = 0
        for row in self.data:
            if row.tag != _M + "row":
                raise Damaged(f"trang “{name}” có phần tử lạ trong vùng dữ liệu")
            number = row.get("r")
            if number is None:  # optional in the format: the row after the previous one
                number = str(previous + 1)
                row.set("r", number)
            if not number.isdigit() or int(number) in self.rows:
                raise Damaged(f"trang “{name}” có số dòng “{number}” không hợp lệ hoặc lặp lại")
            previous = int(number)
            self.rows[previous] = row
        self._last_row = max(self.rows, default=0)  # rows created above it need reordering
        self._rows_out_of_order = False
        self._row_numbers: list[int] | None = sorted(self.rows)  # None: to sort again
        self._cells: dict[int, dict[int, object]] = {}  # row -> column -> <c>, filled per row on demand
        self._last_col: dict[int, int] = {}  # row -> its rightmost column so far
        self._rows_with_cells_out_of_order: set[int] = set()
        self._merged_by_row, self._tall_merges = _index_merges(
            [_range(m.get("ref")) for m in root.iter(_M + "mergeCell")])
        self.touched: list[tuple[int, int]] = []
        self.formulas_removed = False
        self.dirty = False

    def row(self, r: int, create: bool = True):
        row = self.rows.get(r)
        if row is None and create:
            row = etree.SubElement(self.data, _M + "row", r=str(r))
            if r < self._last_row:
                self._rows_out_of_order = True
            self._last_row = max(self._last_row, r)
            self.rows[r] = row
            self._row_numbers = None
            self.dirty = True
        return row

    def _row_cells(self, r: int) -> dict[int, object]:
        cells = self._cells.get(r)
        if cells is None:
            cells = {}
            row = self.rows.get(r)
            previous = 0
            for c in (row if row is not None else ()):
                if c.tag == _M + "c":
                    ref = c.get("r")
                    if ref is None:  # optional in the format: the cell after the previous one
                        ref = f"{_letters(previous + 1)}{r}"
                        c.set("r", ref)
                    letters = ref.rstrip("0123456789")
                    if not letters.isalpha() or not letters.isupper() or ref[len(letters):] != str(r):
                        raise Damaged(f"trang “{self.name}” có địa chỉ ô “{ref}” không hợp lệ ở dòng {r}")
                    previous = _column(letters)
                    cells[previous] = c
            self._cells[r] = cells
            self._last_col[r] = max(cells, default=0)
        return cells

    def cell(self, r: int, c: int):
        """The <c> at (r, c), created (unstyled, like openpyxl's ws.cell) when missing."""
        cells = self._row_cells(r)
        cell = cells.get(c)
        if cell is None:
            row = self.row(r)
            row.attrib.pop("spans", None)  # an optional hint that may no longer hold
            cell = etree.Element(_M + "c", r=f"{_letters(c)}{r}")
            ext = row.find(_M + "extLst") if len(row) and row[-1].tag != _M + "c" else None
            if ext is not None:
                ext.addprevious(cell)
            else:
                row.append(cell)
            if c < self._last_col[r]:
                self._rows_with_cells_out_of_order.add(r)
            self._last_col[r] = max(self._last_col[r], c)
            cells[c] = cell
        self.touched.append((r, c))
        self.dirty = True
        return cell

    def existing_cells(self, r1: int, c1: int, r2: int, c2: int):
        if self._row_numbers is None:
            self._row_numbers = sorted(self.rows)
        numbers = self._row_numbers
        for r in numbers[bisect_left(numbers, r1):bisect_left(numbers, r2 + 1)]:
            for c, cell in self._row_cells(r).items():
                if c1 <= c <= c2:
                    self.dirty = True
                    yield (r, c), cell

    def put_in_order(self) -> None:
        """Rows by number and cells by column, as the file format requires: one sort per sheet
        and per row that got a cell left of its last one (re-appending an lxml child moves it)."""
        for r in self._rows_with_cells_out_of_order:
            row = self.rows[r]
            cells = self._cells[r]
            ext = row.find(_M + "extLst")
            for c in sorted(cells):
                row.append(cells[c])
            if ext is not None:
                row.append(ext)
        self._rows_with_cells_out_of_order.clear()
        if self._rows_out_of_order:
            for r in sorted(self.rows):
                self.data.append(self.rows[r])
            self._rows_out_of_order = False

    def _merge_holding(self, r: int, c: int):
        """The merged range (r1, c1, r2, c2) that covers (r, c), or None."""
        for (r1, c1, r2, c2) in (*self._merged_by_row.get(r, ()), *self._tall_merges):
            if r1 <= r <= r2 and c1 <= c <= c2:
                return (r1, c1, r2, c2)
        return None

    def set_value(self, r: int, c: int, value) -> None:
        merge = self._merge_holding(r, c)
        if merge is not None and (r, c) != merge[:2]:
            raise KtxhError(f"Ô {self.name}!{_letters(c)}{r} nằm trong vùng gộp ô nên không ghi được "
                            "kết quả. Hãy bỏ gộp ô ở các cột tính toán rồi chạy lại.")
        cell = self.cell(r, c)
        formula = cell.find(_M + "f")
        if formula is not None:  # a formula typed over a computed cell: the value replaces it
            self.formulas_removed = True
            if formula.get("t") == "shared" and formula.get("ref"):
                self._hand_on_shared_formula(r, c, formula)
        for child in list(cell):
            cell.remove(child)
        for attr in ("t", "cm", "vm"):
            cell.attrib.pop(attr, None)
        if value is None or value == "":  # "" is an empty cell too
            return
        if isinstance(value, bool):
            cell.set("t", "b")
            etree.SubElement(cell, _M + "v").text = "1" if value else "0"
        elif isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):  # what Excel shows for one
                cell.set("t", "e")
                etree.SubElement(cell, _M + "v").text = "#NUM!"
                return
            etree.SubElement(cell, _M + "v").text = "%.16g" % value  # 16 significant digits, as Excel keeps
        else:
            # text, always as text: an inline string is never read as a formula ("=…", "+", "@")
            text = _escaped(value if isinstance(value, str) else str(value))
            cell.set("t", "inlineStr")
            t = etree.SubElement(etree.SubElement(cell, _M + "is"), _M + "t")
            t.text = text
            if text != text.strip():
                t.set(_XML_SPACE, "preserve")

    def _hand_on_shared_formula(self, r: int, c: int, formula) -> None:
        """The cell holding a shared formula's text is overwritten: the next cell sharing it
        becomes the holder, with the formula moved to its own position (as Excel would write it),
        so the other cells keep their formulas."""
        si = formula.get("si")
        r1, c1, r2, c2 = _range(formula.get("ref"))
        for rr in range(r1, r2 + 1):
            for cc, other in sorted(self._row_cells(rr).items()):
                if (rr, cc) <= (r, c) or not c1 <= cc <= c2:
                    continue
                f = other.find(_M + "f")
                if f is None or f.get("t") != "shared" or f.get("si") != si:
                    continue
                from openpyxl.formula.translate import Translator  # only here: a rare case

                origin = f"{_letters(c)}{r}"
                f.text = Translator("=" + (formula.text or ""), origin=origin).translate_formula(
                    f"{_letters(cc)}{rr}")[1:]
                f.set("ref", f"{_letters(cc)}{rr}:{_letters(c2)}{r2}" if (rr, cc) != (r2, c2) else f"{_letters(cc)}{rr}")
                return

    def legacy_drawing_id(self) -> str | None:
        el = self.root.find(_M + "legacyDrawing")
        return None if el is None else el.get("{%s}id" % _R_NS)

    def add_legacy_drawing(self, rel_id: str) -> None:
        el = etree.Element(_M + "legacyDrawing", nsmap={"r": _R_NS})
        el.set("{%s}id" % _R_NS, rel_id)
        later = next((child for child in self.root
                      if isinstance(child.tag, str) and child.tag.split("}")[-1] in _AFTER_LEGACY_DRAWING), None)
        if later is not None:
            later.addprevious(el)
        else:
            self.root.append(el)
        self.dirty = True

    def remove_legacy_drawing(self) -> None:
        el = self.root.find(_M + "legacyDrawing")
        if el is not None:
            self.root.remove(el)
            self.dirty = True

    def update_dimension(self) -> None:
        dim = self.root.find(_M + "dimension")
        if dim is None or not self.touched:
            return
        r1, c1, r2, c2 = _range(dim.get("ref", "A1"))
        for r, c in self.touched:
            r1, c1, r2, c2 = min(r1, r), min(c1, c), max(r2, r), max(c2, c)
        dim.set("ref", f"{_letters(c1)}{r1}:{_letters(c2)}{r2}")


_TALL_MERGE = 64  # merges taller than this are checked for every cell; shorter ones by row


def _index_merges(ranges):
    """(row -> merges crossing it, the tall merges): a cell is checked against its row's merges
    only, not every merge of the sheet (a sheet with one merged title per row is common)."""
    by_row: dict[int, list] = {}
    tall = []
    for m in ranges:
        if m[2] - m[0] >= _TALL_MERGE:
            tall.append(m)
            continue
        for r in range(m[0], m[2] + 1):
            by_row.setdefault(r, []).append(m)
    return by_row, tall


# ----------------------------------------------------------------------------- styles.xml

class _Styles:
    def __init__(self, root):
        self.root = root
        self.dirty = False
        self.fills = _style_list(root, "fills")
        self.fonts = _style_list(root, "fonts")
        self.borders = _style_list(root, "borders")
        self.xfs = _style_list(root, "cellXfs")
        self._xf_list = list(self.xfs.iterfind(_M + "xf"))
        if not self._xf_list:  # format 0 is every unstyled cell's
            self.xfs.append(etree.fromstring(f'<xf xmlns="{_NS}" numFmtId="0" fontId="0" fillId="0" borderId="0"/>'))
            self._xf_list = list(self.xfs.iterfind(_M + "xf"))
            if not len(self.fonts):
                self.fonts.append(etree.fromstring(f'<font xmlns="{_NS}"><sz val="11"/><name val="Calibri"/></font>'))
            if not len(self.borders):
                self.borders.append(etree.fromstring(f'<border xmlns="{_NS}"><left/><right/><top/><bottom/>'
                                                     '<diagonal/></border>'))
            if not len(self.fills):
                for pattern in ("none", "gray125"):
                    self.fills.append(etree.fromstring(f'<fill xmlns="{_NS}"><patternFill patternType="{pattern}"/>'
                                                       '</fill>'))
            self.dirty = True
        fills = list(self.fills.iterfind(_M + "fill"))
        self._fill_rgb = [_solid_rgb(f) for f in fills]  # what a mark is recognised by: its fill colour
        self._fill_key = [_solid_rgb(f, "bgColor") for f in fills]  # reused only when both colours match
        self._known: dict[bytes, int] = {}  # serialised xf -> index, for reuse
        self._derived: dict[tuple[str | None, str], int] = {}
        self._findings: dict[bool, int] = {}

    def is_marked(self, s: str | None) -> bool:
        fill_id = int(self._xf(s).get("fillId", "0"))
        rgb = self._fill_rgb[fill_id] if fill_id < len(self._fill_rgb) else None
        return rgb is not None and rgb in _MARK_FILLS

    def with_fill(self, s: str | None, rgb: str) -> int:
        """The index of a cell format equal to format `s` but with a solid `rgb` fill."""
        key = (s, rgb)
        if key not in self._derived:
            xf = copy.deepcopy(self._xf(s))
            xf.set("fillId", str(self._fill(rgb)))
            xf.set("applyFill", "1")
            self._derived[key] = self._add_xf(xf)
        return self._derived[key]

    def findings_xf(self, centred: bool) -> int:
        """builder.style_table_row's format for a Kiểm tra cell (border, computed font and fill)."""
        if centred not in self._findings:
            xf = etree.fromstring(
                f'<xf xmlns="{_NS}" numFmtId="0" fontId="{self._add(self.fonts, "font", _FINDINGS_FONT)}" '
                f'fillId="{self._fill(_FINDINGS_FILL_RGB)}" '
                f'borderId="{self._add(self.borders, "border", _FINDINGS_BORDER)}" xfId="0" applyFont="1" '
                f'applyFill="1" applyBorder="1" applyAlignment="1">{_CENTER if centred else _WRAP_TOP}</xf>')
            self._findings[centred] = self._add_xf(xf)
        return self._findings[centred]

    def _xf(self, s: str | None):
        i = int(s or 0)
        if i >= len(self._xf_list):
            raise Damaged(f"ô dùng định dạng số {i}, không có trong tệp styles.xml")
        return self._xf_list[i]

    def _fill(self, rgb: str) -> int:
        for i, (fg, bg) in enumerate(zip(self._fill_rgb, self._fill_key)):
            if fg == bg == rgb:
                return i
        fill = etree.fromstring(f'<fill xmlns="{_NS}"><patternFill patternType="solid"><fgColor rgb="00{rgb}"/>'
                                f'<bgColor rgb="00{rgb}"/></patternFill></fill>')
        self.fills.append(fill)
        self._fill_rgb.append(rgb)
        self._fill_key.append(rgb)
        self.dirty = True
        return len(self._fill_rgb) - 1

    def _add(self, parent, tag: str, xml: str) -> int:
        element = etree.fromstring(xml.replace(f"<{tag}>", f'<{tag} xmlns="{_NS}">', 1))
        existing = list(parent.iterfind(_M + tag))
        wanted = _canonical(element)
        for i, el in enumerate(existing):
            if _canonical(el) == wanted:
                return i
        parent.append(element)
        self.dirty = True
        return len(existing)

    def _add_xf(self, xf) -> int:
        if not self._known:
            self._known = {_canonical(x): i for i, x in reversed(list(enumerate(self._xf_list)))}
        key = _canonical(xf)
        if key in self._known:
            return self._known[key]
        self.xfs.append(xf)
        self._xf_list.append(xf)
        self._known[key] = len(self._xf_list) - 1
        self.dirty = True
        return len(self._xf_list) - 1

    def update_counts(self) -> None:
        for parent, tag in ((self.fills, "fill"), (self.fonts, "font"), (self.borders, "border"), (self.xfs, "xf")):
            parent.set("count", str(len(parent.findall(_M + tag))))


def _style_list(root, tag: str):
    """styles.xml's <fonts>, <fills>, … ; added empty in schema order when a writer left it out."""
    el = root.find(_M + tag)
    if el is None:
        el = etree.Element(_M + tag, count="0")
        later = set(_STYLE_LISTS[_STYLE_LISTS.index(tag) + 1:])
        after = next((c for c in root if isinstance(c.tag, str) and etree.QName(c).localname in later), None)
        if after is not None:
            after.addprevious(el)
        else:
            root.append(el)
    return el


def _solid_rgb(fill, which: str = "fgColor") -> str | None:
    """'FFC7CE' for a solid fill of that colour; None otherwise (how a mark is recognised)."""
    pattern = fill.find(_M + "patternFill")
    if pattern is None or pattern.get("patternType") != "solid":
        return None
    fg = pattern.find(_M + which)
    rgb = fg.get("rgb") if fg is not None else None
    return rgb.upper()[-6:] if rgb else None


def _canonical(el) -> bytes:
    """Element identity regardless of attribute order (for reusing an equal record)."""
    def norm(e):
        return (e.tag, tuple(sorted(e.attrib.items())), tuple(norm(c) for c in e if isinstance(c.tag, str)))
    return repr(norm(el)).encode()


# ----------------------------------------------------------------------------- comments

class _Comments:
    """A sheet's comments: the comments part rewritten when they change, each comment kept as it
    was (its attributes, rich text, Excel 365's link to a threaded comment) unless replaced; the
    legacy drawing edited: note boxes of removed comments taken out, boxes of new ones added,
    every other shape (form buttons, other people's note boxes) left as it was."""

    def __init__(self, part: str | None, vml_part: str | None, vml_id: str | None):
        self.part, self.vml_part, self.vml_id = part, vml_part, vml_id
        # (row, col) -> (author, <comment> element as loaded or new)
        self.items: dict[tuple[int, int], tuple[str, object]] = {}
        self.source_root = None  # the comments part as loaded: its root's namespaces and attributes
        self.vml_source = None  # the legacy drawing as loaded
        self.replaced: set[tuple[int, int]] = set()  # cells whose note box must be drawn anew
        self.threaded: set[tuple[int, int]] = set()
        self.dirty = False

    def load(self, root) -> None:
        self.source_root = root
        authors = [a.text or "" for a in root.iter(_M + "author")]
        for comment in root.iter(_M + "comment"):
            i = int(comment.get("authorId", "0")) if comment.get("authorId", "0").isdigit() else 0
            if comment.find(_M + "text") is None:
                etree.SubElement(comment, _M + "text")
            self.items[_split(comment.get("ref", ""))] = (authors[i] if i < len(authors) else "", comment)

    def drop_ours(self, r1: int, c1: int, r2: int, c2: int) -> None:
        for (r, c), (author, _) in list(self.items.items()):
            if author == COMMENT_AUTHOR and r1 <= r <= r2 and c1 <= c <= c2:
                del self.items[(r, c)]
                self.replaced.add((r, c))
                self.dirty = True

    def put(self, r: int, c: int, note: str) -> None:
        if (r, c) in self.threaded or self.items.get((r, c), (COMMENT_AUTHOR,))[0] != COMMENT_AUTHOR:
            return  # a colleague's own comment stays; the finding is on the Kiểm tra sheet too
        comment = etree.Element(_M + "comment", ref=f"{_letters(c)}{r}")
        comment.append(_text(_escaped(note)))
        self.items[(r, c)] = (COMMENT_AUTHOR, comment)
        self.replaced.add((r, c))
        self.dirty = True

    def _ordered(self):
        return sorted(self.items.items(), key=lambda kv: (kv[0][0], kv[0][1]))

    def comments_xml(self) -> bytes:
        if self.source_root is not None:  # the loaded root: its namespaces (xr: …) and attributes
            root = etree.Element(self.source_root.tag, attrib=dict(self.source_root.attrib),
                                 nsmap=self.source_root.nsmap)
        else:
            root = etree.Element(_M + "comments", nsmap={None: _NS})
        authors = etree.SubElement(root, _M + "authors")
        names: list[str] = []
        for _, (author, _) in self._ordered():
            if author not in names:
                names.append(author)
                etree.SubElement(authors, _M + "author").text = author
        listing = etree.SubElement(root, _M + "commentList")
        for (r, c), (author, comment) in self._ordered():
            comment = copy.deepcopy(comment)
            comment.set("ref", f"{_letters(c)}{r}")
            comment.set("authorId", str(names.index(author)))
            listing.append(comment)
        if self.source_root is not None:  # anything after the list (extLst) as it was
            for child in self.source_root:
                if isinstance(child.tag, str) and child.tag not in (_M + "authors", _M + "commentList"):
                    root.append(copy.deepcopy(child))
        return _xml(root)

    def has_other_shapes(self) -> bool:
        return self.vml_source is not None and any(
            _note_cell(shape) is None for shape in _vml_shapes(self.vml_source))

    def vml_xml(self, shape_base: int) -> bytes:
        """The legacy drawing: the loaded one with the note boxes of comments gone or replaced
        taken out and a hidden yellow box (as Excel draws one) for each comment without one."""
        if self.vml_source is None:
            root = etree.fromstring(
                f'<xml xmlns:v="{_VML}" xmlns:o="{_VML_O}" xmlns:x="{_VML_X}"><o:shapelayout v:ext="edit">'
                f'<o:idmap v:ext="edit" data="{max(1, shape_base // 1024)}"/></o:shapelayout></xml>')
        else:
            root = copy.deepcopy(self.vml_source)
        drawn: set[tuple[int, int]] = set()
        idmap = next((e.get("data", "") for e in root.iter("{%s}idmap" % _VML_O)), "")
        block = idmap.split(",")[0].strip()  # this drawing's block of shape ids: data × 1024 …
        ids = [int(block) * 1024 if block.isdigit() else shape_base]
        for shape in _vml_shapes(root):
            m = re.search(r"(\d+)$", shape.get("id", "") or "")
            if m:
                ids.append(int(m.group(1)))
            cell = _note_cell(shape)
            if cell is None:
                continue  # a button or another drawing: kept
            if cell not in self.items or cell in self.replaced or cell in drawn:
                shape.getparent().remove(shape)
            else:
                drawn.add(cell)
        missing = [(cell, author) for cell, (author, _) in self._ordered() if cell not in drawn]
        if missing and not any(t.get("id") == "_x0000_t202" for t in root.iter("{%s}shapetype" % _VML)):
            root.append(etree.fromstring(_NOTE_SHAPETYPE))
        next_id = max(ids) + 1
        for n, ((r, c), author) in enumerate(missing):
            w, h = (COMMENT_WIDTH, COMMENT_HEIGHT) if author == COMMENT_AUTHOR else (144, 79)
            root.append(etree.fromstring(
                f'<v:shape xmlns:v="{_VML}" xmlns:o="{_VML_O}" xmlns:x="{_VML_X}" id="_x0000_s{next_id + n}" '
                'type="#_x0000_t202" style="position:absolute; '
                f'margin-left:59.25pt;margin-top:1.5pt;width:{w}px;height:{h}px;z-index:{n + 1};visibility:hidden" '
                'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/>'
                '<v:shadow color="black" obscured="t"/><v:path o:connecttype="none"/>'
                '<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"/></v:textbox>'
                '<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
                f'<x:AutoFill>False</x:AutoFill><x:Row>{r - 1}</x:Row><x:Column>{c - 1}</x:Column>'
                '</x:ClientData></v:shape>'))
        return etree.tostring(root, encoding="utf-8")


_VML = "urn:schemas-microsoft-com:vml"
_VML_O = "urn:schemas-microsoft-com:office:office"
_VML_X = "urn:schemas-microsoft-com:office:excel"
_NOTE_SHAPETYPE = (f'<v:shapetype xmlns:v="{_VML}" xmlns:o="{_VML_O}" id="_x0000_t202" coordsize="21600,21600" '
                   'o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
                   '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')
_VML_SHAPES = {"shape", "rect", "roundrect", "oval", "line", "polyline", "arc", "curve", "image", "group"}


def _read_vml(vml: bytes):
    """Excel's VML is not always well-formed XML (a stray <br> in a text box): read leniently."""
    try:
        root = etree.fromstring(vml, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise Damaged("hình vẽ ghi chú (VML) không đọc được")
    return root


def _vml_shapes(root):
    """The drawing's top-level shapes (a group's members move with it)."""
    return [e for e in root if isinstance(e.tag, str) and etree.QName(e).localname in _VML_SHAPES]


def _note_cell(shape) -> tuple[int, int] | None:
    """(row, col) of the cell a comment box belongs to; None for any other shape."""
    data = shape.find("{%s}ClientData" % _VML_X)
    if data is None or data.get("ObjectType") != "Note":
        return None
    row, col = data.find("{%s}Row" % _VML_X), data.find("{%s}Column" % _VML_X)
    try:
        return int(row.text) + 1, int(col.text) + 1
    except (AttributeError, TypeError, ValueError):
        return None


def _escaped(text: str) -> str:
    """Characters XML cannot hold as Excel writes them (_x0001_), and text that looks like such an
    escape kept as typed (_x005F_ before it), so the cell reads back as the same text."""
    text = _ESCAPE_LOOKALIKE.sub(r"_x005F_\1", text)
    return _BAD_XML_CHARS.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def _text(note: str):
    text = etree.Element(_M + "text")
    t = etree.SubElement(text, _M + "t")
    t.text = note
    if note != note.strip() or "\n" in note:
        t.set(_XML_SPACE, "preserve")
    return text


# ----------------------------------------------------------------------------- package helpers

def _main_part(zf: zipfile.ZipFile) -> str:
    """The workbook part the package's root relationships name (xl/workbook.xml as Excel writes it)."""
    try:
        root = etree.fromstring(zf.read("_rels/.rels"))
    except KeyError:
        return "xl/workbook.xml"
    for rel in root.iter("{%s}Relationship" % _PKG_NS):
        if rel.get("Type") == _REL_OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            return _resolve(PurePosixPath(""), rel.get("Target", ""))
    return "xl/workbook.xml"


def _rels_name(part: str) -> str:
    p = PurePosixPath(part)
    return str(p.parent / "_rels" / f"{p.name}.rels")


def _resolve(base: PurePosixPath, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (base / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _unused(names: set[str], pattern: str) -> str:
    n = 1
    while pattern.format(n) in names:
        n += 1
    return pattern.format(n)


def _add_rel(rels, rel_type: str, part: str) -> str:
    used = {r.get("Id") for r in rels}
    n = 1
    while f"rId{n}" in used:
        n += 1
    # an absolute target, as openpyxl writes it: valid wherever the source part lives
    etree.SubElement(rels, "{%s}Relationship" % _PKG_NS, Id=f"rId{n}", Type=rel_type, Target="/" + part)
    return f"rId{n}"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
