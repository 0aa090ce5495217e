"""2-D sheet values + catalog -> WorkbookData, with findings for what could not be read cleanly.

Pure: the doors (file reader, xlwings) hand in {sheet: rows of cells}; nothing here touches files.
Columns are found by the hidden key row (any row within the first 10 that holds "ma" and "ten"),
rows by the code in column "ma", so staff may insert, delete and reorder rows and columns.
Rows without a code that carry numbers are kept as custom rows; nothing is dropped silently.

Number cells: int/float -> Decimal through the float's repr (0.1 -> Decimal("0.1"), no binary
artefacts); Vietnamese text numbers ("1.990,48", "54,27%") -> value + warning SO_DANG_VAN_BAN (rules
in formulas.vn_numbers); "-" / "x" (the printed-form mark for "no data") -> None + info; Excel error
values, dates, TRUE/FALSE and any other text -> None + error SO_KHONG_HOP_LE. Only input columns
(plan bases, cung_ky, den_ngay, uoc_ky) are read as numbers: computed columns are recomputed anyway.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from formulas.findings import Finding, vn_count
from formulas.model import IndicatorRow, KeyTask, ProseParagraph, SheetValues, WorkbookData, cell_address
from formulas.vn_numbers import ENGLISH, PLAIN, format_vn, parse_text_number
from formulas import layout
from formulas.catalog import VALUE_COLUMNS, Catalog, SectorSheet
from formulas.period import KE_HOACH_NAM_SAU, PERIOD_VALUE_COLUMNS, THUC_HIEN_THANG
from formulas.a1 import column_letters
from formulas.errors import KtxhError
from formulas.targets import FORMS_HINT, parse_target
from formulas.rules import finding

# Rule codes of the findings this module raises (severities and descriptions: formulas.rules).
# An unknown code (MA_KHONG_XAC_DINH) and a key-task status outside the list (TRANG_THAI_KHONG_HOP_LE)
# are the checker's rules (formulas.validation), said once there for data from any door.
RULE_TEXT_NUMBER = "SO_DANG_VAN_BAN"  # warning: a number typed as text, read anyway
RULE_BAD_NUMBER = "SO_KHONG_HOP_LE"  # error: not a number in a number column; value None
RULE_NO_DATA_MARK = "KHONG_CO_SO_LIEU"  # info: "-" or "x" typed for "no data"; value None
RULE_OTHER_SHEET = "MA_SAI_TRANG"  # warning: code belongs to another sheet
RULE_CUSTOM_ROW = "DONG_TU_THEM"  # info: row without a code, kept as a custom row
RULE_NO_KEY_ROW = "THIEU_DONG_KHOA"  # error: key row not found; sheet not read
RULE_MISSING_COLUMN = "THIEU_COT"  # warning: an input column of the catalog is missing
RULE_BAD_DATE = "NGAY_KHONG_HOP_LE"  # error: a date field that is not a date
RULE_BAD_CHOICE = "GIA_TRI_KHONG_HOP_LE"  # error: a choice field outside its list
RULE_UNKNOWN_SECTION = "MUC_KHONG_XAC_DINH"  # warning: prose section key unknown; paragraph skipped
RULE_PROSE_NO_SECTION = "DOAN_THIEU_MUC"  # warning: prose text without a section key
RULE_PROSE_AFTER_CODE = "MA_DAT_SAU_KHONG_CO"  # warning: "place after" code unknown; placed at the end

KEY_SEARCH_ROWS = 10
_DATA_OFFSET = layout.FIRST_DATA_ROW - layout.KEY_ROW  # data starts this many rows below the key row
_KEY_RE = re.compile(r"[a-z][a-z0-9_]*")
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
                          "#EXTERNAL!", "#PYTHON!"})
# A number cell holds at most 10^15 (a province's budget in đồng is about 10^13) and, when not 0, at
# least 10^-6: beyond them a ratio no longer fits the 28 digits of the one rounding (formulas.rounding).
MAX_NUMBER = 1e15
MIN_FRACTION = 1e-6
_NO_DATA_MARKS = frozenset({"-", "–", "—", "x", "X", "−"})
_CAP_ALIASES = {"tinh": "tinh", "tỉnh": "tinh", "xa": "xa", "xã": "xa", "huyen": "huyen", "huyện": "huyen"}
_DATE_RE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDY_DATE_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


class RowCells(Mapping):
    """Column key -> A1 address of one row, built on demand: 100,000 rows need no 1.5M strings.

    Behaves as a read-only dict: cells["uoc_ky"] -> "I7", cells.get, in, items, == a dict.
    """

    __slots__ = ("_letters", "_row")

    def __init__(self, letters: dict[str, str], row: int):
        self._letters = letters
        self._row = row

    def __getitem__(self, key: str) -> str:
        return f"{self._letters[key]}{self._row}"

    def __iter__(self):
        return iter(self._letters)

    def __len__(self) -> int:
        return len(self._letters)

    def __repr__(self) -> str:
        return repr(dict(self))


def missing_sheets(values: SheetValues, catalog: Catalog) -> list[str]:
    return [name for name in layout.required_sheet_names(catalog) if name not in values]


def check_required_sheets(values: SheetValues, catalog: Catalog, where: str = "Sổ làm việc") -> None:
    """Raise KtxhError naming every missing sheet (and a near-miss name, if staff renamed one)."""
    missing = missing_sheets(values, catalog)
    if not missing:
        return
    present = {_fold(name): name for name in values}
    hints = [f"“{present[_fold(m)]}” (cần đúng tên “{m}”)" for m in missing if _fold(m) in present]
    names = ", ".join(f"“{m}”" for m in missing)
    msg = f"{where} thiếu {len(missing):02d} trang tính bắt buộc: {names}."
    if hints:
        msg += " Có trang gần giống tên: " + ", ".join(hints) + "; hãy đổi lại đúng tên."
    msg += (" Hãy dùng sổ tạo bằng lệnh “ktxh new” (hoặc khôi phục các trang đã xóa, đổi tên) "
            "rồi chạy lại.")
    raise KtxhError(msg)


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def parse_workbook(values: SheetValues, catalog: Catalog) -> WorkbookData:
    """Parse every sheet of a ktxh workbook. Raises KtxhError only when required sheets are missing."""
    check_required_sheets(values, catalog)
    findings: list[Finding] = []
    info, info_cells = parse_info(values[layout.SHEET_INFO], findings)
    rows: list[IndicatorRow] = []
    text_codes = frozenset(c for c, ind in catalog.by_code.items() if ind.kind == "text")
    for sheet in catalog.sheets:
        rows.extend(parse_sector_sheet(values[sheet.sheet], sheet, catalog, findings, text_codes))
    prose = parse_prose(values[layout.SHEET_PROSE], catalog, findings)
    tasks = parse_tasks(values[layout.SHEET_TASKS], findings)
    meta = parse_meta(values[layout.SHEET_META])
    return WorkbookData(info=info, rows=rows, prose=prose, tasks=tasks, info_cells=info_cells,
                        meta=meta, findings=findings)


# ---------------------------------------------------------------------------------------------
# Sector sheets


def find_key_row(rows: list[list[object]], required: tuple[str, ...]) -> tuple[int, dict[str, int]] | None:
    """(0-based row index, {column key: 0-based column index}) of the key row, or None."""
    for r, row in enumerate(rows[:KEY_SEARCH_ROWS]):
        keys: dict[str, int] = {}
        for c, v in enumerate(row):
            if isinstance(v, str):
                k = v.strip()
                if k and _KEY_RE.fullmatch(k) and k not in keys:
                    keys[k] = c
        if all(k in keys for k in required):
            return r, keys
    return None


def _column_letter(col0: int) -> str:
    return column_letters(col0 + 1)


def parse_sector_sheet(rows: list[list[object]], sheet: SectorSheet, catalog: Catalog,
                       findings: list[Finding], text_codes: frozenset[str] | None = None) -> list[IndicatorRow]:
    """IndicatorRows of one sector sheet; text_codes (codes of kind text) may be passed precomputed."""
    name = sheet.sheet
    found = find_key_row(rows, ("ma", "ten"))
    if found is None:
        findings.append(finding(
            RULE_NO_KEY_ROW, name, "", None,
            f"Không tìm thấy dòng khóa cột (dòng ẩn có các khóa “ma”, “ten”, …) trong {KEY_SEARCH_ROWS} dòng "
            "đầu nên trang này chưa được đọc. Hãy hiện và khôi phục dòng khóa (dòng 3 của mẫu) hoặc "
            "chép số liệu sang sổ mới tạo bằng “ktxh new”."))
        return []
    key_r, colmap = found
    header = rows[key_r + 1] if key_r + 1 < len(rows) else []
    number_keys = [b.key for b in sheet.plan_bases] + [k for k in sheet.value_columns]
    # may state a range, an inequality, a verdict; so may next year's plan of an annual report
    plan_keys = frozenset(b.key for b in sheet.plan_bases) | {KE_HOACH_NAM_SAU}
    for key in number_keys:
        # A monthly sheet has "Thực hiện tháng N" where others have den_ngay (Period.value_columns).
        if key not in colmap and not (key == "den_ngay" and THUC_HIEN_THANG in colmap):
            findings.append(finding(
                RULE_MISSING_COLUMN, name, "", None,
                f"Thiếu cột có khóa “{key}” (dòng khóa {key_r + 1}); các chỉ tiêu của trang được đọc "
                "như ô trống ở cột này. Nếu cột bị xóa nhầm, hãy lấy lại từ sổ mẫu."))
    # Number columns present on this sheet (catalog's plus any value column found by key, and the
    # columns a period's layout adds: thực hiện tháng, ước tháng sau, kế hoạch năm sau).
    num_cols = [(k, colmap[k]) for k in dict.fromkeys(number_keys + list(VALUE_COLUMNS) + list(PERIOD_VALUE_COLUMNS))
                if k in colmap]
    headers = {k: _header_text(header, i, k) for k, i in num_cols}
    empty_values = dict.fromkeys(number_keys)
    letters = {k: _column_letter(i) for k, i in colmap.items()}
    width = max(colmap.values()) + 1
    ma_i, ten_i = colmap["ma"], colmap["ten"]
    dvt_i, note_i = colmap.get("dvt"), colmap.get("ghi_chu")
    source_i = colmap.get(layout.TARGET_SOURCE_COLUMN)  # main targets: the code a target reads
    ma_letter = letters["ma"]
    by_code = catalog.by_code
    out: list[IndicatorRow] = []
    append = out.append
    custom: list[tuple[int, str]] = []  # (Excel row, label) of the rows without a code: one finding

    if text_codes is None:
        text_codes = frozenset(c for c, ind in by_code.items() if ind.kind == "text")
    D = Decimal
    for r in range(key_r + _DATA_OFFSET, len(rows)):
        row = rows[r]
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        code = row[ma_i]
        if code is not None:
            code = (code if type(code) is str else _text(code)).strip() or None
        indicator = by_code.get(code) if code is not None else None
        is_text = code in text_codes

        # Numbers first (the hot path): floats from the door become exact decimals via their repr.
        vals = empty_values.copy()
        filled = False
        odd = None
        for key, i in num_cols:
            v = row[i]
            if v is None:
                continue
            if type(v) is float and -MAX_NUMBER < v < MAX_NUMBER:  # NaN and ±inf fail both tests
                if v.is_integer():
                    vals[key] = D(int(v))
                elif v >= MIN_FRACTION or v <= -MIN_FRACTION:
                    vals[key] = D(repr(v))
                else:  # 1e-300: a ratio over it would not fit the one rounding
                    odd = (odd or []) + [(key, v)]
            elif type(v) is int and -MAX_NUMBER < v < MAX_NUMBER:
                vals[key] = D(v)
            elif type(v) is str and not v.strip():
                continue  # spaces only: an empty cell
            else:
                if odd is None:
                    odd = []
                odd.append((key, v))
            filled = True
        if code is None and not filled:
            continue  # blank row or a group label (text only)

        excel_row = r + 1
        if code is not None and indicator is None:
            indicator = _lookup_loose(code, by_code)
            if indicator is not None:
                code, is_text = indicator.code, indicator.kind == "text"
        targets = None
        if odd is not None:
            for key, v in odd:
                if is_text:
                    vals[key] = (v.strip() or None) if type(v) is str else v
                elif key in plan_keys and type(v) is str and parse_text_number(v) is None and (
                        target := parse_target(v, indicator.unit if indicator is not None else "")) is not None \
                        and not target.is_number:
                    vals[key] = None  # no number: the target is kept beside the values
                    targets = targets or {}
                    targets[key] = target
                else:
                    vals[key] = _odd_number(v, name, f"{letters[key]}{excel_row}", code, headers[key], findings,
                                            key in plan_keys)

        label = row[ten_i]
        label = label.strip() if type(label) is str else _text(label)
        if code is None:
            custom.append((excel_row, label))
        elif indicator is None or indicator.sheet != name:
            _other_sheet_finding(findings, name, f"{ma_letter}{excel_row}", code, indicator)
        unit = row[dvt_i] if dvt_i is not None else None
        unit = unit.strip() if type(unit) is str else ("" if unit is None else _text(unit))
        note = row[note_i] if note_i is not None else None
        note = note.strip() if type(note) is str else ("" if note is None else _text(note))
        if indicator is not None:
            label = label or indicator.name
            unit = unit or indicator.unit
        if source_i is not None and code is not None:
            _check_target_source(row[source_i], name, f"{letters[layout.TARGET_SOURCE_COLUMN]}{excel_row}", code,
                                 by_code, findings)
        append(IndicatorRow(name, excel_row, code, label, unit, vals, RowCells(letters, excel_row), note,
                            indicator, targets))
    if custom:
        findings.append(custom_rows_finding(name, ma_letter, custom))
    return out


def _check_target_source(source: object, sheet: str, cell: str, code: str, by_code: dict,
                         findings: list[Finding]) -> None:
    """A main target reads its result from a sector indicator: that code must exist."""
    text = "".join(str(source).split()).upper() if source is not None else ""
    if text and text not in by_code:
        findings.append(finding(
            "MA_NGUON_KHONG_CO", sheet, cell, code,
            f"Chỉ tiêu chủ yếu {code}: mã “{source}” ở cột “Lấy kết quả từ mã” không có trong danh mục, nên "
            "chỉ tiêu vẫn được đếm nhưng không lấy được kết quả và chưa được đánh giá. Sửa lại đúng mã "
            "chỉ tiêu ở trang ngành (cột Mã chỉ tiêu), hoặc để trống và nhập kết quả trực tiếp."))


def _lookup_loose(code: str, by_code: dict):
    """A code typed in lower case or with inner spaces still finds its indicator."""
    return by_code.get("".join(code.split()).upper())


CUSTOM_ROWS_NAMED = 5  # how many rows a summarised custom-row finding names


def custom_rows_finding(sheet: str, ma_letter: str, custom: list[tuple[int, str]]) -> Finding:
    """One info finding per sheet for its rows without a code (a sheet of 20.000 such rows says it
    once, not 20.000 times), at the first such row's code cell."""
    first_row, first_label = custom[0]
    cell = f"{ma_letter}{first_row}"
    if len(custom) == 1:
        return finding(
            RULE_CUSTOM_ROW, sheet, cell, None,
            f"Dòng {first_row} (“{_short(first_label) or 'không có tên'}”) không có mã chỉ tiêu: được đọc như "
            "chỉ tiêu tự thêm (tính tỷ lệ chung, không kiểm tra theo danh mục). Nếu đây là chỉ tiêu "
            "của danh mục, hãy nhập mã ở cột “Mã chỉ tiêu”."
            + ("" if first_label else " Hãy ghi tên chỉ tiêu ở cột “Chỉ tiêu”."))
    nameless = [r for r, label in custom if not label]
    message = (f"Có {vn_count(len(custom))} dòng không có mã chỉ tiêu ({_rows_named(r for r, _ in custom)}): được "
               "đọc như chỉ tiêu tự thêm (tính tỷ lệ chung, không kiểm tra theo danh mục). Nếu có dòng là "
               "chỉ tiêu của danh mục, hãy nhập mã ở cột “Mã chỉ tiêu”.")
    if nameless:
        message += (f" Trong đó {vn_count(len(nameless))} dòng chưa có tên ({_rows_named(nameless)}): hãy ghi tên "
                    "chỉ tiêu ở cột “Chỉ tiêu”.")
    return finding(RULE_CUSTOM_ROW, sheet, cell, None, message)


def _rows_named(rows) -> str:
    """"dòng 40, 41, 42, 43, 44, …": the first CUSTOM_ROWS_NAMED rows, an ellipsis for the rest."""
    rows = list(rows)
    named = ", ".join(str(r) for r in rows[:CUSTOM_ROWS_NAMED])
    return f"dòng {named}" + (", …" if len(rows) > CUSTOM_ROWS_NAMED else "")


def _other_sheet_finding(findings: list[Finding], sheet: str, cell: str, code: str, indicator) -> None:
    """A code that belongs to another sheet (an unknown code is formulas.validation's MA_KHONG_XAC_DINH)."""
    if indicator is not None:
        findings.append(finding(
            RULE_OTHER_SHEET, sheet, cell, code,
            f"Chỉ tiêu “{code}” thuộc trang “{indicator.sheet}” nhưng được nhập ở trang này. "
            f"Hãy chuyển dòng về trang “{indicator.sheet}”."))


def _header_text(header: list[object], i: int, key: str) -> str:
    h = header[i] if i < len(header) else None
    return " ".join(h.split()) if isinstance(h, str) and h.strip() else key


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _odd_number(v: object, sheet: str, cell: str, code: str | None, header: str,
                findings: list[Finding], plan: bool = False) -> Decimal | None:
    """A number cell that does not hold a plain number: text, a date, TRUE/FALSE, an error value.
    plan: a plan cell, whose message also names the target forms it accepts (formulas.targets)."""
    if isinstance(v, str):
        s = v.strip()
        if not s:
            return None
        parsed = parse_text_number(s)
        if parsed is not None:
            shown = format_vn(parsed.value) + ("%" if parsed.percent else "")
            msg = (f"Cột “{header}”: số được gõ dạng văn bản “{_short(s)}”, đã đọc là {shown}. "
                   "Hãy xóa ô và gõ lại dạng số (không gõ dấu chấm ngăn cách hàng nghìn, dấu phẩy là "
                   "dấu thập phân) để Excel tính được.")
            if parsed.style == ENGLISH or (parsed.style == PLAIN and "." in s):
                msg += " Lưu ý: dấu chấm đã được hiểu là dấu thập phân; nếu không đúng, hãy sửa lại."
            findings.append(finding(RULE_TEXT_NUMBER, sheet, cell, code, msg))
            return parsed.value
        if s in EXCEL_ERRORS:
            findings.append(finding(
                RULE_BAD_NUMBER, sheet, cell, code,
                f"Cột “{header}”: ô có giá trị lỗi {s} (công thức bị lỗi) nên chưa được dùng để tính. Hãy "
                "sửa công thức hoặc nhập trực tiếp con số (ví dụ 1990,48)."))
            return None
        if s in _NO_DATA_MARKS:
            findings.append(finding(
                RULE_NO_DATA_MARK, sheet, cell, code,
                f"Cột “{header}”: ô ghi “{s}” được hiểu là không có số liệu. Nếu có số liệu, hãy nhập số; "
                "nếu không, có thể để trống ô."))
            return None
        found = f"văn bản “{_short(s)}”"
    elif isinstance(v, bool):
        found = f"giá trị logic {'TRUE' if v else 'FALSE'}"
    elif isinstance(v, (datetime, date)):
        found = (f"ngày {v.day:02d}/{v.month:02d}/{v.year} (Excel có thể đã tự đổi số vừa gõ thành ngày; "
                 "hãy định dạng ô là Số rồi gõ lại)")
    elif isinstance(v, Decimal):
        return v
    elif isinstance(v, (int, float)):
        found = ("giá trị không phải là số (NaN)" if v != v else
                 f"giá trị vô cực ({'-' if v < 0 else ''}∞)" if v in (float("inf"), float("-inf")) else
                 f"số {v:g}, quá lớn (giới hạn 10^15)" if abs(v) >= MAX_NUMBER else
                 f"số {v:g}, quá nhỏ (khác 0 nhưng dưới 10^-6)")
    else:
        found = f"giá trị “{_short(str(v))}”"
    if plan:
        findings.append(finding(
            RULE_BAD_NUMBER, sheet, cell, code,
            f"Cột “{header}”: ô chứa {found}, không đọc được là chỉ tiêu kế hoạch nên chưa được dùng để "
            f"đánh giá. {FORMS_HINT} Hãy nhập một số (ví dụ 1990,48 — dấu phẩy là dấu thập phân) hoặc "
            "một trong các dạng trên, hoặc để trống nếu chưa giao; lời giải thích ghi ở cột “Ghi chú”."))
        return None
    findings.append(finding(
        RULE_BAD_NUMBER, sheet, cell, code,
        f"Cột “{header}”: ô chứa {found}, không phải là số nên chưa được dùng để tính. Hãy nhập một số "
        "(ví dụ 1990,48 — dấu phẩy là dấu thập phân) hoặc để trống nếu chưa có số liệu; lời giải "
        "thích ghi ở cột “Ghi chú”."))
    return None


# ---------------------------------------------------------------------------------------------
# Thông tin, Thuyết minh, Nhiệm vụ trọng tâm, _ktxh

_INFO_KIND = {f.key: f.kind for f in layout.INFO_FIELDS}
_INFO_LABEL = {f.key: f.label for f in layout.INFO_FIELDS}


def parse_info(rows: list[list[object]], findings: list[Finding]) -> tuple[dict, dict[str, str]]:
    """Report information: key in column A, value in column C; every known field present (None if empty).

    Only the keys of layout.INFO_FIELDS are read, so header and key rows above the fields never
    pass for a field, wherever staff insert rows."""
    info: dict[str, str | date | None] = dict.fromkeys(_INFO_KIND)
    cells: dict[str, str] = {}
    key_i, val_i = layout.INFO_KEY_COL - 1, layout.INFO_VALUE_COL - 1
    for r, row in enumerate(rows):
        key = row[key_i] if key_i < len(row) else None
        if not isinstance(key, str):
            continue
        key = key.strip()
        if key not in _INFO_KIND or key in cells:
            continue  # first occurrence wins
        cell = cell_address(r + 1, layout.INFO_VALUE_COL)
        cells[key] = cell
        raw = row[val_i] if val_i < len(row) else None
        info[key] = _info_value(key, _INFO_KIND[key], raw, cell, findings)
    return info, cells


def _info_value(key: str, kind: str, raw: object, cell: str, findings: list[Finding]):
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    label = _INFO_LABEL.get(key, key)
    if kind == "date":
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        parsed = parse_date_text(str(raw))
        if parsed is None:
            findings.append(finding(
                RULE_BAD_DATE, layout.SHEET_INFO, cell, None,
                f"“{label}”: “{_short(str(raw))}” không phải là ngày hợp lệ. Hãy nhập ngày dạng dd/mm/yyyy, "
                "ví dụ 04/07/2023."))
        return parsed
    if isinstance(raw, datetime):
        raw = raw.date()
    if isinstance(raw, date):
        text = f"{raw.day:02d}/{raw.month:02d}/{raw.year}"
    elif isinstance(raw, str):
        text = raw
    else:
        text = _text(raw)
    if kind == "multiline":
        lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
        text = "\n".join(line for line in lines if line)
    else:
        text = " ".join(text.split())
    if key == "cap":
        cap = _CAP_ALIASES.get(text.casefold())
        if cap is None:
            findings.append(finding(
                RULE_BAD_CHOICE, layout.SHEET_INFO, cell, None,
                f"“{label}”: “{_short(text)}” không hợp lệ. Hãy chọn một trong: tinh, xa, huyen."))
        return cap
    return text or None


def parse_date_text(text: str) -> date | None:
    """'04/7/2023', '4-7-2023', '2023-07-04', 'ngày 04 tháng 7 năm 2023' -> date; None otherwise."""
    s = " ".join(text.split())
    for rx, order in ((_DATE_RE, "dmy"), (_ISO_DATE_RE, "ymd"), (_WORDY_DATE_RE, "dmy")):
        m = rx.fullmatch(s)
        if m:
            a, b, c = (int(x) for x in m.groups())
            y, mth, d = (c, b, a) if order == "dmy" else (a, b, c)
            try:
                return date(y, mth, d)
            except ValueError:
                return None
    return None


def _keyed_rows(rows: list[list[object]], required: tuple[str, ...]):
    """Yield (excel_row, {key: value}) for the data rows below a found key row."""
    found = find_key_row(rows, required)
    if found is None:
        return None
    key_r, colmap = found

    def gen():
        for r in range(key_r + _DATA_OFFSET, len(rows)):
            row = rows[r]
            yield r + 1, {k: (row[i] if i < len(row) else None) for k, i in colmap.items()}, colmap

    return gen()


def parse_prose(rows: list[list[object]], catalog: Catalog, findings: list[Finding]) -> list[ProseParagraph]:
    sheet = layout.SHEET_PROSE
    keyed = _keyed_rows(rows, ("muc", "noi_dung"))
    if keyed is None:
        findings.append(_no_key_row(sheet, "“muc”, “noi_dung”"))
        return []
    sections = {s.key for s in catalog.sections}
    by_title = {s.title.casefold(): s.key for s in catalog.sections if "{" not in s.title}
    muc_letter = None
    out: list[ProseParagraph] = []
    for excel_row, cells, colmap in keyed:
        if muc_letter is None:
            muc_letter = _column_letter(colmap["muc"])
        text = cells.get("noi_dung")
        text = text.strip() if isinstance(text, str) else _text(text)
        if not text:
            continue
        muc = _text(cells.get("muc"))
        addr = f"{muc_letter}{excel_row}"
        if not muc:
            findings.append(finding(
                RULE_PROSE_NO_SECTION, sheet, addr, None,
                "Đoạn văn chưa có mã mục nên chưa được đưa vào báo cáo. Hãy chọn mã mục ở cột “Mã mục”."))
            continue
        key = muc if muc in sections else by_title.get(muc.casefold())
        if key is None:
            findings.append(finding(
                RULE_UNKNOWN_SECTION, sheet, addr, None,
                f"Mã mục “{_short(muc)}” không có trong đề cương báo cáo nên đoạn văn này chưa được đưa "
                "vào báo cáo. Hãy chọn mã mục trong danh sách của cột “Mã mục”."))
            continue
        after = "".join(_text(cells.get("sau_chi_tieu")).split()) or None
        if after is not None and after not in catalog.by_code:
            known = after.upper() if after.upper() in catalog.by_code else None
            if known is None:
                findings.append(finding(
                    RULE_PROSE_AFTER_CODE, sheet, cell_address(excel_row, colmap["sau_chi_tieu"] + 1),
                    after, f"Mã “{_short(after)}” ở cột “Đặt sau chỉ tiêu” không có trong danh mục nên đoạn "
                    "văn được đặt cuối mục. Hãy sửa lại đúng mã chỉ tiêu hoặc để trống."))
            after = known
        out.append(ProseParagraph(section=key, text=_clean_paragraph(text), after_code=after, row=excel_row))
    return out


def _clean_paragraph(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def parse_tasks(rows: list[list[object]], findings: list[Finding]) -> list[KeyTask]:
    sheet = layout.SHEET_TASKS
    keyed = _keyed_rows(rows, ("nhiem_vu",))
    if keyed is None:
        findings.append(_no_key_row(sheet, "“nhiem_vu”"))
        return []
    statuses = {s.casefold(): s for s in layout.TASK_STATUSES}
    out: list[KeyTask] = []
    for excel_row, cells, colmap in keyed:
        task = _text(cells.get("nhiem_vu"))
        if not task:
            continue
        raw_status = " ".join(_text(cells.get("ket_qua")).split())
        status = statuses.get(raw_status.casefold(), raw_status)  # one outside the list: validation
        out.append(KeyTask(group=_text(cells.get("nhom")), task=task, status=status,
                           note=_text(cells.get("ghi_chu")), row=excel_row))
    return out


def parse_meta(rows: list[list[object]]) -> dict[str, str]:
    """The hidden _ktxh sheet: one key (column A) and value (column B) per row."""
    meta: dict[str, str] = {}
    for row in rows:
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip() and row[1] is not None:
            meta.setdefault(row[0].strip(), _text(row[1]))
    return meta


def _no_key_row(sheet: str, keys: str) -> Finding:
    return finding(
        RULE_NO_KEY_ROW, sheet, "", None,
        f"Không tìm thấy dòng khóa cột (dòng ẩn có {keys}) trong {KEY_SEARCH_ROWS} dòng đầu nên trang "
        "này chưa được đọc. Hãy khôi phục dòng khóa (dòng 3 của mẫu) hoặc chép nội dung sang sổ mới.")
