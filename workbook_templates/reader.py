"""The file door's reader: .xlsx / .xlsm / .ods on disk -> 2-D values per sheet -> WorkbookData.

python-calamine reads the cached values (about ten times faster than openpyxl). Row and column
indexes match Excel addresses: values[sheet][r][c] is the cell at row r+1, column c+1 (calamine
trims leading empty rows and columns unless asked not to; we ask). Empty cells are None.
Every failure becomes a KtxhError in Vietnamese naming the file; nothing is repaired silently.
"""
from __future__ import annotations

import gc
import io
import re
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from sys import intern
from xml.etree import ElementTree

import python_calamine as calamine

from formulas.a1 import column_index
from formulas.model import SheetValues, WorkbookData
from formulas.parse import check_required_sheets, parse_workbook
from formulas.catalog import Catalog, catalog_for_values
from formulas.errors import KtxhError
from workbook_templates.file_guard import damaged, encrypted, guard_workbook
from workbook_templates.zip_members import member_bytes

SUPPORTED = (".xlsx", ".xlsm", ".ods")
_ERROR_CELL = re.compile(rb'<c\b([^>]*\bt="e"[^>]*?)(?<!/)>(.*?)</c>', re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_CELL_VALUE = re.compile(rb"<v>([^<]*)</v>")
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"


def read_sheet_values(path: str | Path, sheets: list[str] | None = None, *,
                      shared_text: bool = False) -> SheetValues:
    """Values of every worksheet (or only `sheets`), in Excel coordinates starting at A1.
    shared_text: every text interned, for a caller that keeps many workbooks' values at once (a
    province's consolidation: the same headers and names held once); it costs a tenth of a read."""
    p = Path(path)
    _check_path(p)
    # file type by its bytes, zip bomb, DTD, row count: before calamine sees it
    data = guard_workbook(p)
    return _read(p, sheets, shared_text, data)


def _read(p: Path, sheets: list[str] | None, shared_text: bool = False, data: bytes | None = None) -> SheetValues:
    xlsx = p.suffix.lower() in (".xlsx", ".xlsm")
    # the error-cell scan inflates the sheets a second time (a sixth of a read); zlib-ng lets go of
    # the GIL, so it runs on another core while calamine reads; from the guard's copy of a small file
    scan = _scanner().submit(_scan_error_cells, p, data) if xlsx else None
    collecting = gc.isenabled()
    gc.disable()  # the lists built below hold no cycles; the collector's passes over them: ~4 % of a read
    try:
        return _values(p, sheets, scan, shared_text)
    finally:
        if collecting:
            gc.enable()


def _values(p: Path, sheets: list[str] | None, scan, shared_text: bool) -> SheetValues:
    try:
        book = calamine.CalamineWorkbook.from_path(str(p))
    except Exception as exc:  # calamine raises several types; all mean "cannot open"
        raise _diagnose(p, exc) from None
    try:
        wanted = None if sheets is None else set(sheets)
        out: SheetValues = {}
        for meta in book.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue  # chart sheets hold no cells
            if wanted is not None and meta.name not in wanted:
                continue
            try:
                rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except Exception as exc:
                raise _diagnose(p, exc, sheet=meta.name) from None
            out[meta.name] = rows
    finally:
        book.close()
    found = scan.result() if scan is not None else None
    # converted only once the scan is done: Python work here would hold the GIL it waits for
    for name, rows in out.items():
        out[name] = _cells(rows, shared_text)
    if found is not None:
        _restore_error_cells(p, out, found)
    else:
        _restore_ods_error_cells(p, out)
    return out


_NONE_FOR_EMPTY = {"": None}.get  # (v, v) -> None for "", v itself for any other value


def _cells(rows: list[list], shared_text: bool = False) -> list[list]:
    """calamine's rows with None for empty cells (calamine gives ""). Mapped in C, without a Python
    step per cell (half the time); with shared_text each text is interned as well: the same
    headers and indicator names in a province's 1000 workbooks are then held once (a quarter of
    the memory of `ktxh tong-hop`), one comprehension doing both."""
    if shared_text:
        return [[(intern(v) if v else None) if v.__class__ is str else v for v in row] for row in rows]
    return [list(map(_NONE_FOR_EMPTY, row, row)) for row in rows]


_SCANNER: list[ThreadPoolExecutor] = []


def _scanner() -> ThreadPoolExecutor:
    if not _SCANNER:
        _SCANNER.append(ThreadPoolExecutor(max_workers=1, thread_name_prefix="ktxh-error-cells"))
    return _SCANNER[0]


def _scan_error_cells(p: Path, data: bytes | None = None) -> tuple[dict[str, bytes], int]:
    """(XML of the members of xl/worksheets/ holding an error cell, how many members were scanned).
    Only searched for t="e": a workbook without one, the usual case, costs one inflate per sheet."""
    flagged, scanned = {}, 0
    try:
        with zipfile.ZipFile(p if data is None else io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    scanned += 1
                    xml = member_bytes(zf, info)
                    if b't="e"' in xml:
                        flagged[info.filename] = xml
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, zlib.error):
        pass  # calamine has read the file; an unreadable part here only means no error cells to add
    return flagged, scanned


def _restore_error_cells(p: Path, values: SheetValues, scan: tuple[dict[str, bytes], int]) -> None:
    """Put Excel error values (#DIV/0!, #REF!, …) back where calamine left an empty cell.

    calamine reads an error cell as empty; a formula error in an input cell must be reported, not
    read as "no data". The sheet names are looked up only when the scan found one, or when some
    sheets are stored elsewhere than xl/worksheets/ (rare writers; then read here).
    """
    flagged, scanned = scan
    if not flagged and scanned >= len(values):
        return
    try:
        with zipfile.ZipFile(p) as zf:
            for name, member in _worksheet_members(zf).items():
                xml = flagged.get(member)
                if name not in values:
                    continue
                if xml is None:
                    if member.startswith("xl/worksheets/"):
                        continue  # scanned: no error cell
                    xml = zf.read(member)
                    if b't="e"' not in xml:
                        continue
                rows = values[name]
                for m in _ERROR_CELL.finditer(xml):
                    ref, val = _CELL_REF.search(m.group(1)), _CELL_VALUE.search(m.group(2))
                    if ref is None or val is None:
                        continue
                    _put(rows, int(ref.group(2)) - 1, _col_index(ref.group(1).decode()),
                         val.group(1).decode("utf-8", "replace"))
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
        return  # calamine has read the file; a missing part here only means no error cells to add


def _restore_ods_error_cells(p: Path, values: SheetValues) -> None:
    """The same for .ods: LibreOffice stores a formula error as an empty string plus an error type."""
    try:
        with zipfile.ZipFile(p) as zf:
            content = zf.read("content.xml")
        if b'calcext:value-type="error"' not in content:
            return
        root = ElementTree.fromstring(content)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
        return
    t = _ODS_TABLE
    for table in root.iter(f"{t}table"):
        rows = values.get(table.get(f"{t}name"))
        if rows is None:
            continue
        r = 0
        for row in table.iter(f"{t}table-row"):
            row_repeat = int(row.get(f"{t}number-rows-repeated", "1"))
            c = 0
            for cell in row:
                if cell.tag not in (f"{t}table-cell", f"{t}covered-table-cell"):
                    continue
                col_repeat = int(cell.get(f"{t}number-columns-repeated", "1"))
                if cell.get(f"{_ODS_CALCEXT}value-type") == "error":
                    text = "".join(cell.itertext()).strip() or "#VALUE!"
                    for rr in range(r, r + min(row_repeat, 1000)):
                        for cc in range(c, c + min(col_repeat, 1000)):
                            _put(rows, rr, cc, text)
                c += col_repeat
            r += row_repeat


def _put(rows: list[list[object]], r: int, c: int, value: str) -> None:
    """Set rows[r][c] if it is empty, growing the ragged 2-D list as needed."""
    while len(rows) <= r:
        rows.append([])
    row = rows[r]
    if len(row) <= c:
        row.extend([None] * (c + 1 - len(row)))
    if row[c] is None:
        row[c] = value


def _worksheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> zip member of its XML, from xl/workbook.xml and its relationships."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    out = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if target:
            member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            out[sheet.get("name")] = member
    return out


def _col_index(letters: str) -> int:
    """'A' -> 0, 'AA' -> 26 (0-based, as the rows of values are indexed)."""
    return column_index(letters) - 1


def read_workbook(path: str | Path, catalog: Catalog | None = None) -> WorkbookData:
    """Read and parse a ktxh workbook; parse findings are in WorkbookData.findings."""
    values = read_sheet_values(path)
    catalog = catalog_for_values(values, level=catalog)
    check_required_sheets(values, catalog, where=f"Tệp “{Path(path).name}”")
    return parse_workbook(values, catalog)


def _check_path(p: Path) -> None:
    if not p.exists():
        raise KtxhError(f"Không tìm thấy tệp “{p}”. Hãy kiểm tra lại đường dẫn và tên tệp.")
    if p.is_dir():
        raise KtxhError(f"“{p}” là một thư mục, không phải tệp Excel. Hãy chỉ ra tệp .xlsx, .xlsm hoặc .ods.")
    ext = p.suffix.lower()
    if ext == ".xls":
        raise KtxhError(
            f"Tệp “{p.name}” là định dạng Excel 97-2003 (.xls), chưa được hỗ trợ. Hãy mở tệp trong Excel "
            "hoặc LibreOffice, chọn Lưu thành (Save As) kiểu “Excel Workbook (*.xlsx)”, rồi dùng tệp .xlsx.")
    if ext not in SUPPORTED:
        raise KtxhError(
            f"Tệp “{p.name}” có đuôi “{p.suffix or '(không có)'}”, không phải sổ làm việc được hỗ trợ. "
            "Hãy dùng tệp .xlsx, .xlsm (Excel) hoặc .ods (LibreOffice).")


def _diagnose(p: Path, exc: Exception, sheet: str | None = None) -> KtxhError:
    """Why calamine could not read the file, in words a staff member can act on (never raises)."""
    try:
        return _why(p, exc, sheet)
    except Exception:  # a file too broken even to diagnose is still just "damaged"
        return damaged(p.name)


def _why(p: Path, exc: Exception, sheet: str | None) -> KtxhError:
    name = p.name
    if isinstance(exc, calamine.PasswordError):
        return encrypted(name)
    # unreadable, empty, .xls or encrypted (a compound file), not a zip: refused by the guard before
    # calamine was called (read_sheet_values); what is left is what the package holds
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return damaged(name)
    if "word/document.xml" in names:
        return KtxhError(f"Tệp “{name}” là văn bản Word đổi đuôi, không phải sổ làm việc. Hãy chọn đúng tệp Excel.")
    ext = p.suffix.lower()
    if ext != ".ods" and "xl/workbook.xml" not in names and "content.xml" in names:
        return KtxhError(f"Tệp “{name}” là bảng tính LibreOffice (.ods) nhưng mang đuôi “{p.suffix}”. "
                         "Hãy đổi đuôi tệp thành .ods rồi chạy lại.")
    if ext == ".ods" and "xl/workbook.xml" in names:
        return KtxhError(f"Tệp “{name}” là sổ Excel (.xlsx) nhưng mang đuôi .ods. "
                         "Hãy đổi đuôi tệp thành .xlsx rồi chạy lại.")
    if "xl/workbook.xml" not in names and "content.xml" not in names:
        return KtxhError(
            f"Tệp “{name}” là tệp nén nhưng không chứa sổ làm việc Excel/LibreOffice. Hãy chọn đúng tệp.")
    return damaged(name, f" ở trang “{sheet}”" if sheet else "")

