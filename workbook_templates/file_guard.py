"""Checks made before a workbook is opened: what kind of file it really is, and whether it is safe to read.

The readers (python-calamine, lxml, openpyxl) are handed only a zip package that looks like a
workbook. Refused here, in Vietnamese, naming the file (and the sheet or package part):
  - an empty file, and anything that is not a zip package by its first bytes (HTML, CSV, text);
  - a compound file (OLE): an encrypted (password) .xlsx or an old .xls — calamine can allocate
    without bound on a damaged one, so it never sees them;
  - a zip whose central directory cannot be read (truncated, damaged);
  - a zip bomb, by the sizes the zip declares: too many parts, too much in total, or a part that
    inflates far more than any workbook does;
  - a DTD in any XML part (entity expansion "billion laughs", external entities "XXE"): Office
    and LibreOffice never write one, so it is refused rather than expanded or ignored;
  - a sheet with more rows than ktxh reads (its <dimension>), before any memory is spent on it.
Only the zip's directory and the first bytes of each XML part are read: a fraction of a millisecond.
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
import zlib
from decimal import Decimal
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from formulas.errors import KtxhError
from formulas.vn_numbers import format_vn
from workbook_templates.zip_members import member_chunks

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))

MAX_PARTS = 10_000                 # a ktxh workbook has about 60
MAX_TOTAL_BYTES = 1 << 30          # 1 GiB inflated in all
MAX_PART_BYTES = 256 << 20         # 256 MiB for one part
MAX_RATIO = 200                    # workbook XML inflates 5-50 times; a bomb about 1000
RATIO_FROM_BYTES = 16 << 20        # the ratio rule applies to parts above 16 MiB
MAX_SHEET_ROWS = 200_000           # ktxh sheets hold hundreds of rows; Excel's limit is 1.048.576
COUNT_ROWS_FROM_BYTES = 8 << 20   # a sheet part above 8 MiB has its <row> elements counted (~0,1 s)
PROLOG_BYTES = 64 << 10            # a DTD can only stand before the root element
IN_MEMORY_BYTES = 16 << 20         # a file up to this size is read once and checked in memory
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def guard_workbook(path: Path | str) -> bytes | None:
    """Raise KtxhError when `path` (an existing file) must not be handed to a reader.
    A missing path or a folder is left to the reader, which says so in its own words.
    Returns the file's bytes when it was small enough to be checked in memory (one read instead of
    one seek and read per part), for a caller that looks at the parts again; else None."""
    p = Path(path)
    if not p.is_file():
        return None
    name = p.name
    try:
        with p.open("rb") as fh:
            head = fh.read(PROLOG_BYTES)
            data = head + fh.read() if len(head) < PROLOG_BYTES or _small(fh) else None
    except OSError as exc:
        raise KtxhError(f"Không mở được tệp “{name}”: {exc.strerror or exc}. Hãy kiểm tra quyền truy cập, "
                        "đóng tệp ở chương trình khác rồi thử lại.") from None
    if not head:
        raise KtxhError(f"Tệp “{name}” rỗng (0 byte), không phải sổ làm việc. Hãy chọn đúng tệp.")
    if head.startswith(OLE_MAGIC):
        raise _compound_file(p, head)
    if not head.startswith(ZIP_MAGIC):
        raise KtxhError(
            f"Tệp “{name}” không phải là sổ làm việc Excel/LibreOffice (có thể là tệp khác bị đổi đuôi, ví dụ "
            "văn bản, CSV hoặc trang web). Hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx hoặc .ods.")
    try:
        with zipfile.ZipFile(p if data is None else io.BytesIO(data)) as zf:
            _check_package(zf, name)
    except KtxhError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
            zlib.error, ElementTree.ParseError, KeyError):
        raise damaged(name) from None
    return data


def _small(fh) -> bool:
    """Whether the rest of an open file is small enough to read whole (a workbook of a few MB)."""
    return os.fstat(fh.fileno()).st_size <= IN_MEMORY_BYTES


def damaged(name: str, where: str = "") -> KtxhError:
    return KtxhError(
        f"Tệp “{name}” bị hỏng{where}, có thể do sao chép hoặc tải về chưa hết, nên không đọc được. Hãy lấy "
        "lại bản gốc, hoặc mở bằng Excel/LibreOffice để kiểm tra; chương trình không tự sửa tệp.")


def encrypted(name: str) -> KtxhError:
    return KtxhError(
        f"Tệp “{name}” được đặt mật khẩu (mã hóa) nên không đọc được. Hãy mở tệp trong Excel, gỡ mật "
        "khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu: xóa mật khẩu), lưu lại rồi "
        "chạy lại.")


def _compound_file(p: Path, head: bytes) -> KtxhError:
    # the directory of a small compound file is near its start; an encrypted package names its streams
    if any(s in head for s in _ENCRYPTED_STREAMS):
        return encrypted(p.name)
    return KtxhError(
        f"Tệp “{p.name}” là định dạng Excel 97-2003 (.xls) dù có đuôi “{p.suffix}”, chưa được hỗ trợ. Hãy mở "
        "tệp, chọn Lưu thành (Save As) kiểu “Excel Workbook (*.xlsx)”, rồi dùng tệp mới.")


def _check_package(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_PARTS:
        raise _bomb(name, f"có {format_vn(Decimal(len(infos)))} phần nén (sổ bình thường có vài chục)")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise KtxhError(f"Tệp “{name}” có phần nén được đặt mật khẩu (“{info.filename}”) nên không đọc được. "
                            "Hãy gỡ mật khẩu, lưu lại rồi chạy lại.")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO):
            raise _bomb(name, f"phần “{info.filename}” bung ra {_mib(info.file_size)} từ {_mib(info.compress_size)}")
    if total > MAX_TOTAL_BYTES:
        raise _bomb(name, f"tổng dung lượng khi bung ra là {_mib(total)}")
    sheets = None
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")):
            continue
        prolog = _prolog(member_chunks(zf, info, PROLOG_BYTES), info.filename.startswith("xl/worksheets/"))
        if _DTD.search(prolog):
            raise KtxhError(
                f"Tệp “{name}” có khai báo DTD/thực thể XML trong phần “{info.filename}” (Excel và LibreOffice "
                "không bao giờ ghi như vậy; có thể là tệp độc hại). Tệp không được đọc. Hãy mở bằng Excel hoặc "
                "LibreOffice, lưu lại thành tệp mới rồi chạy lại.")
        if len(prolog) >= PROLOG_BYTES and _root_start(prolog) is None:  # a DTD hidden past 64 KB of comments
            raise KtxhError(
                f"Tệp “{name}” có phần “{info.filename}” mở đầu bằng hơn {PROLOG_BYTES >> 10} KB chú thích trước "
                "nội dung (Excel và LibreOffice không ghi như vậy; có thể là tệp độc hại). Tệp không được đọc. Hãy "
                "mở bằng Excel hoặc LibreOffice, lưu lại thành tệp mới rồi chạy lại.")
        if not info.filename.startswith("xl/worksheets/"):
            continue
        m = _DIMENSION.search(prolog)
        rows = int(m.group(1)) if m else 0
        if rows <= MAX_SHEET_ROWS and info.file_size > COUNT_ROWS_FROM_BYTES:
            rows = max(rows, _count_rows(zf, info))  # no <dimension>, or one that lies: count them
        if rows > MAX_SHEET_ROWS:
            if sheets is None:
                sheets = _sheet_names(zf)
            sheet = sheets.get(info.filename, info.filename)
            raise KtxhError(
                f"Trang “{sheet}” của tệp “{name}” có {format_vn(Decimal(rows))} dòng, quá giới hạn "
                f"{format_vn(Decimal(MAX_SHEET_ROWS))} dòng một trang mà ktxh đọc. Hãy xóa các dòng thừa (thường do dán "
                "cả cột) rồi lưu lại.")


_SHEET_DATA = re.compile(rb"<(?:\w+:)?(?:dimension|sheetData)\b")


def _root_start(data: bytes) -> int | None:
    """Where the root element's start tag begins, skipping the XML declaration, processing
    instructions and comments (a "<x" inside a comment is not one); None while not yet read,
    or when a <!DOCTYPE comes first (the caller's search then finds it)."""
    pos = 0
    while True:
        pos = data.find(b"<", pos)
        if pos < 0 or pos + 1 >= len(data):
            return None
        if data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            if end < 0:
                return None
            pos = end + 3
        elif data.startswith(b"<?", pos):
            end = data.find(b"?>", pos + 2)
            if end < 0:
                return None
            pos = end + 2
        elif data.startswith(b"<!", pos):
            return None
        else:
            return pos


def _prolog(chunks: Iterator[bytes], sheet: bool) -> bytes:
    """The part's first bytes, up to PROLOG_BYTES but no further than needed: past the root
    element's start tag (a DTD stands before it) and, in a sheet, to its <dimension> (or its
    data, when it has none). Inflated a few KB at a time: most parts end their prolog in the
    first few hundred bytes, so the check inflates almost nothing of a large sheet."""
    data = b""
    for chunk in chunks:
        data += chunk
        root = _root_start(data)
        if root is not None and (not sheet or _SHEET_DATA.search(data, root)):
            break
    return data[:PROLOG_BYTES]


def _count_rows(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> int:
    """How many <row> elements a sheet part holds, inflated 1 MiB at a time (memory stays flat)."""
    count, tail = 0, b""
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            count += data.count(b"<row ") + data.count(b"<row>")
            tail = data[-4:]  # a "<row " cut by the chunk boundary is counted with the next chunk
    return count


def _bomb(name: str, why: str) -> KtxhError:
    return KtxhError(f"Tệp “{name}” không được đọc: {why}, bất thường với một sổ số liệu (có thể là tệp nén "
                     "độc hại hoặc bị hỏng). Hãy mở bằng Excel/LibreOffice, lưu lại rồi chạy lại.")


def _mib(n: int) -> str:
    return f"{format_vn(Decimal(n) / (1 << 20), 1, trim=True)} MB"


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Package part -> sheet name (only read when a sheet is refused, to name it)."""
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    out = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if target:
            out[target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)] = sheet.get("name")
    return out
