"""The template builder: catalog + report settings -> an empty ktxh workbook (.xlsx, openpyxl).

Everything is generated from the catalog and formulas.layout, so a sheet or an indicator
added to the YAML appears in the next template without Python changes. Sheet order, header rows and
the hidden key row come from layout; the reader finds columns by that key row and rows by code.

Metadata sheet _ktxh: one key/value pair per row (column A key, column B value), no header row.
Thông tin: key in hidden column A, label B, value C, help D; fields from layout.FIRST_DATA_ROW.
"""
from __future__ import annotations

import math
import re
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from formulas.findings import ERROR, WARNING
from formulas import layout
from workbook_templates import styles
from workbook_templates.atomic import write_atomically
from formulas.catalog import CAP_NAMES, LEVELS, Catalog, Indicator, SectorSheet, load_catalog
from formulas.errors import KtxhError
from formulas.main_targets import TIMING_LABELS, is_targets_sheet, timing_label
from formulas.period import CHOICES as period_choices, KE_HOACH_NAM_SAU, period_placeholders, try_parse, with_year
from formulas.targets import FORMS_HINT
from formulas.rounding import to_decimal
from formulas.vn_numbers import format_vn
from workbook_templates.guide import guide_lines

TASK_ROWS = 30  # empty, formatted rows offered on Nhiệm vụ trọng tâm
KY_CHOICES = period_choices  # Thông tin's drop-down: every period (formulas.period.CHOICES)
_CAP_WORDS = {"tinh": ("tỉnh", "thành phố"), "xa": ("xã", "phường", "thị trấn", "đặc khu"), "huyen": ("huyện", "thị xã", "quận")}


# ---------------------------------------------------------------- report settings

def infer_cap(don_vi: str) -> str | None:
    """'UBND xã Tân Liên' -> 'xa'; None when the name does not say its level."""
    text = f" {don_vi.lower()} "
    for cap in ("xa", "huyen", "tinh"):  # "xã" first: "UBND xã X, tỉnh Y" is a xã
        if any(re.search(rf"(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+{w}\b", text) for w in _CAP_WORDS[cap]):
            return cap
    for cap in ("xa", "huyen", "tinh"):
        if any(re.search(rf"\b{w}\b", text) for w in _CAP_WORDS[cap]):
            return cap
    return None


def check_cap(cap: str) -> str:
    if cap not in LEVELS:
        raise KtxhError(f"cấp chính quyền '{cap}' không hợp lệ; chọn một trong: tinh (tỉnh), xa (xã), huyen (huyện).")
    return cap


def next_period(ky: str, nam: int) -> tuple[str, int]:
    """'6 tháng đầu năm', 2026 -> ('6 tháng cuối năm', 2026); 'năm', 2026 -> ('năm', 2027);
    '9 tháng' -> ('quý IV', 2026) (formulas.period.Period.next)."""
    period = try_parse(ky, nam)
    if period is None:
        return "kỳ tiếp theo", nam
    sau = period.next()
    return period.next_label, sau.year if sau.year is not None else nam


def period_phrase(ky: str, nam: int) -> str:
    """'6 tháng đầu năm', 2026 -> '6 tháng đầu năm 2026'; 'quý I' -> 'quý I năm 2026' (never 'năm năm')."""
    period = try_parse(ky, nam)
    return period.phrase() if period is not None else with_year(ky, nam)


def _canonical(ky: str, nam: int) -> tuple[str, int]:
    """'Quý II năm 2025', 2026 -> ('quý II', 2025): one spelling, the year said in the text wins.
    A text that is not a period is kept (the checker warns about it: KY_BAO_CAO_LA)."""
    period = try_parse(ky, nam)
    if period is None:
        return ky.strip(), nam
    return period.label, period.year if period.year is not None else nam


def place_name(don_vi: str) -> str:
    """'UBND xã Tân Liên' -> 'Tân Liên' (the địa danh written before the date)."""
    text = re.sub(r"^\s*(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+", "", don_vi, flags=re.I)
    words = [w for ws in _CAP_WORDS.values() for w in ws]
    return re.sub(rf"^({'|'.join(words)})\s+", "", text, flags=re.I).strip()


def agency_name(don_vi: str) -> str:
    """'UBND xã Tân Liên' -> 'ỦY BAN NHÂN DÂN XÃ TÂN LIÊN' (as the document header prints it)."""
    return re.sub(r"^\s*ubnd\b", "Ủy ban nhân dân", don_vi.strip(), flags=re.I).upper()


def short_unit_name(co_quan: str) -> str:
    """'ỦY BAN NHÂN DÂN HUYỆN CAO LỘC' -> 'UBND huyện Cao Lộc' (for sheet subtitles)."""
    text = re.sub(r"^\s*(ủy|uỷ) ban nhân dân\b", "UBND", co_quan.strip(), flags=re.I)
    m = re.match(r"^UBND\s+(.*)$", text)
    if not m or not m.group(1).isupper():
        return text
    rest = m.group(1).lower()
    words = sorted((w for ws in _CAP_WORDS.values() for w in ws), key=len, reverse=True)
    level = next((w for w in words if rest.startswith(w + " ")), "")
    return f"UBND {level} {rest[len(level):].strip().title()}".replace("  ", " ")


def prefilled_info(*, don_vi: str, ky: str, nam: int, cap: str) -> dict[str, object]:
    ky, nam = _canonical(ky, nam)
    sau, nam_sau = next_period(ky, nam)
    return {
        "cap": cap,
        "co_quan": agency_name(don_vi),
        "dia_danh": place_name(don_vi),
        "ky_bao_cao": ky,
        "nam": nam,
        "ky_tiep_theo": sau if nam_sau == nam else with_year(sau, nam_sau),
        # The year goes once at the end ("6 tháng đầu năm; … 6 tháng cuối năm 2026"), unless the next
        # period is in the next year: "năm 2026; nhiệm vụ trọng tâm năm 2027".
        "trich_yeu": f"Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội "
                     f"{ky if nam_sau == nam else period_phrase(ky, nam)}; "
                     f"nhiệm vụ trọng tâm {with_year(sau, nam_sau)}",
        "quyen_han_ky": "TM. ỦY BAN NHÂN DÂN",
    }


def section_title(title: str, *, ky: str, nam: int, cap: str) -> str:
    """An outline title with its {placeholders} filled, for display on Thuyết minh."""
    ky, nam = _canonical(ky, nam)
    sau, nam_sau = next_period(ky, nam)
    cap_name = CAP_NAMES[cap]
    ky_nam, ky_sau_nam = period_phrase(ky, nam), with_year(sau, nam_sau)
    values = {"ky": ky, "nam": str(nam), "cap": cap_name, "cap_upper": cap_name.upper(),
              "ky_sau": sau, "ky_upper": ky.upper(), "ky_sau_upper": sau.upper(),
              "ky_nam": ky_nam, "ky_nam_upper": ky_nam.upper(), "ky_sau_nam": ky_sau_nam,
              "ky_sau_nam_upper": ky_sau_nam.upper()}
    text = re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), period_placeholders(title))
    # "6 tháng đầu năm" + " năm 2026" reads "năm năm": say the year once.
    return re.sub(r"\b(năm|NĂM) (năm|NĂM) (\d{4})", r"\1 \3", text)


# ---------------------------------------------------------------- shared sheet pieces

def _set_widths(ws: Worksheet, columns, first_col: int = 1) -> None:
    for i, col in enumerate(columns, start=first_col):
        ws.column_dimensions[get_column_letter(i)].width = col.width


# Printed widths of sector-sheet columns, tighter than layout's defaults so a 15-column form fits an
# A4 landscape page at a readable scale; numbers up to 9.999.999,99 still fit.
_SECTOR_WIDTHS = {"stt": 5, "ten": 42, "tang_giam": 10, "danh_gia": 10, "ghi_chu": 22}
_INPUT_WIDTH, _PERCENT_WIDTH = 12, 9.5


def _fitted_columns(sheet: SectorSheet, columns: list) -> list:
    """Column widths for this sheet: code and unit columns fit their longest entry (nothing wraps or
    is cut off), the others as _SECTOR_WIDTHS says."""
    widths = {"ma": _fit_width((i.code for i in sheet.indicators), 12, 24, 0.85),
              "dvt": _fit_width((i.unit for i in sheet.indicators), 8, 18, 1.0), **_SECTOR_WIDTHS}
    out = []
    for c in columns:
        if c.key in widths:
            width = widths[c.key]
        elif c.kind == layout.INPUT:
            width = _INPUT_WIDTH
        elif c.key.startswith("pct_") or c.key == "ty_trong":
            width = _PERCENT_WIDTH
        else:
            width = c.width
        out.append(layout.Column(c.key, c.header, c.kind, width))
    return out


LINE_HEIGHT = 14.5  # points per line of 11 pt Times New Roman, with Excel's spacing


def row_height(lines: int) -> float:
    return LINE_HEIGHT * lines + 3


def wrapped_lines(text: str, width: float, size: float = styles.FONT_SIZE) -> int:
    """Rough number of wrapped lines of text in a column of this width (Excel width units).

    Calibrated on LibreOffice's rendering of Times New Roman (Liberation Serif has the same metrics):
    about 1.45 characters per width unit at 11 pt; capitals are about a third wider."""
    per_line = max(1.0, width * 1.45 * styles.FONT_SIZE / size - 3)
    return sum(max(1, math.ceil((len(part) + 0.35 * sum(ch.isupper() for ch in part)) / per_line))
               for part in str(text).split("\n"))


def _fit_width(texts, base: float, cap: float, per_char: float) -> float:
    """A column wide enough for its longest entry (codes, units), between base and cap."""
    longest = max((len(str(t)) for t in texts), default=0)
    return round(min(cap, max(base, longest * per_char + 2)), 1)


def _title_rows(ws: Worksheet, title: str, subtitle: str, ncols: int) -> None:
    last = get_column_letter(ncols)
    ws.merge_cells(f"A{layout.TITLE_ROW}:{last}{layout.TITLE_ROW}")
    ws.merge_cells(f"A{layout.SUBTITLE_ROW}:{last}{layout.SUBTITLE_ROW}")
    c = ws.cell(layout.TITLE_ROW, 1, title)
    c.font, c.alignment = styles.TITLE_FONT, styles.CENTER
    c = ws.cell(layout.SUBTITLE_ROW, 1, subtitle)
    c.font, c.alignment = styles.SUBTITLE_FONT, styles.CENTER
    ws.row_dimensions[layout.TITLE_ROW].height = 24
    ws.row_dimensions[layout.SUBTITLE_ROW].height = 20


def _header_rows(ws: Worksheet, columns) -> None:
    """Hidden key row, Vietnamese headers, and the (1) (2) … column-number row."""
    lines = 1
    for i, col in enumerate(columns, start=1):
        styles.apply(ws.cell(layout.KEY_ROW, i, col.key), font=styles.KEY_FONT)
        styles.apply(ws.cell(layout.HEADER_ROW, i, col.header), font=styles.HEADER_FONT,
                     alignment=styles.HEADER_ALIGN, fill=styles.HEADER_FILL, border=styles.BORDER)
        styles.apply(ws.cell(layout.NUMBER_ROW, i, f"({i})"), font=styles.NUMBER_FONT, alignment=styles.CENTER,
                     border=styles.BORDER)
        lines = max(lines, wrapped_lines(col.header, col.width, 10))
    ws.row_dimensions[layout.KEY_ROW].hidden = True
    ws.row_dimensions[layout.HEADER_ROW].height = 14 * lines + 6
    ws.row_dimensions[layout.NUMBER_ROW].height = 14


def _print_setup(ws: Worksheet, *, landscape: bool, title_rows: bool = True) -> None:
    ps = ws.page_setup
    ps.paperSize = ws.PAPERSIZE_A4
    ps.orientation = "landscape" if landscape else "portrait"
    ps.fitToWidth = 1
    ps.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    m = ws.page_margins
    m.left, m.right, m.top, m.bottom, m.header, m.footer = 0.5, 0.4, 0.6, 0.6, 0.3, 0.3
    if title_rows:
        ws.print_title_rows = f"{layout.HEADER_ROW}:{layout.NUMBER_ROW}"
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.size = 9
    ws.oddFooter.right.text = "&A"
    ws.oddFooter.right.size = 9


def _protect(ws: Worksheet) -> None:
    """Protection without a password: guards formulas, lets staff unprotect to insert rows."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = False  # widths and row heights stay adjustable
    p.formatRows = False


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- sector sheets

def _stt_labels(sheet: SectorSheet) -> list[str]:
    """1, 1.1, -, + … as on printed forms."""
    counters = [0, 0]
    out = []
    for ind in sheet.indicators:
        if ind.level == 0:
            counters = [counters[0] + 1, 0]
            out.append(str(counters[0]))
        elif ind.level == 1:
            counters[1] += 1
            out.append(f"{counters[0]}.{counters[1]}")
        else:
            out.append("-" if ind.level == 2 else "+")
    return out


def _applicable(ind: Indicator, key: str, sheet: SectorSheet) -> bool:
    """Does this indicator take a value in this input column?"""
    if key in {b.key for b in sheet.plan_bases}:
        return key in ind.plans
    if key == "cung_ky":
        return ind.same_period
    if key == KE_HOACH_NAM_SAU:  # next year's plan: only where this year has one
        return bool(ind.plans)
    return True


def _bounds(ind: Indicator) -> tuple[float | None, float | None]:
    low = ind.minimum if ind.minimum is not None else (None if ind.allow_negative else 0)
    return low, ind.maximum


def _ranges(cells: list[tuple[int, int]]) -> list[str]:
    """Row-wise runs of adjacent cells as A1 ranges: [(6,5),(6,6),(6,8)] -> ['E6:F6', 'H6']."""
    out: list[str] = []
    for r, c in sorted(cells):
        if out and out[-1][0] == r and out[-1][2] == c - 1:
            out[-1][2] = c
        else:
            out.append([r, c, c])
    return [f"{get_column_letter(a)}{r}" + (f":{get_column_letter(b)}{r}" if b > a else "") for r, a, b in out]


def _fmt(x: float) -> str:
    return format_vn(to_decimal(x), trim=True)


def _validation_for(ind: Indicator) -> DataValidation:
    unit = ind.unit
    if ind.is_text:
        return DataValidation(allow_blank=True, showInputMessage=True, promptTitle=_short(ind.name, 32),
                              prompt=_short(ind.help or "Nhập nội dung bằng chữ.", 255))
    low, high = _bounds(ind)
    if low is not None and high is not None:
        rule = f"từ {_fmt(low)} đến {_fmt(high)}"
        dv = DataValidation(type="decimal", operator="between", formula1=str(low), formula2=str(high))
    elif low is not None:
        rule = f"lớn hơn hoặc bằng {_fmt(low)}"
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=str(low))
    elif high is not None:
        rule = f"nhỏ hơn hoặc bằng {_fmt(high)}"
        dv = DataValidation(type="decimal", operator="lessThanOrEqual", formula1=str(high))
    else:
        rule = "bất kỳ (được phép âm)"
        dv = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15")
    kind = "tỷ lệ phần trăm (54,27 là 54,27%)" if ind.is_rate else f"số, đơn vị {unit}"
    prompt = ind.help or f"Nhập {kind}, giá trị {rule}. Không gõ đơn vị; để trống nếu không có số liệu."
    dv.allow_blank = True
    dv.showInputMessage = True
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.promptTitle = _short(f"{ind.name} ({unit})", 32)
    dv.prompt = _short(prompt, 255)
    dv.errorTitle = "Số liệu không hợp lệ"
    dv.error = _short(f"«{ind.name}»: phải là số, giá trị {rule} ({unit}). "
                      "Nhập số thuần, không gõ chữ, đơn vị hay dấu %.", 225)
    return dv


def _spare_target(sheet: SectorSheet) -> Indicator:
    """An empty row of the targets sheet, for a target the proposed list lacks."""
    return Indicator(code="", sheet=sheet.sheet, name="", unit="", plans=tuple(b.key for b in sheet.plan_bases[:1]),
                     same_period=False, allow_negative=True, sentence="khong")


def _target_code_validation() -> DataValidation:
    return DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=False,
                          promptTitle="Mã chỉ tiêu chủ yếu",
                          prompt="Mã tự đặt, không trùng, ví dụ CT.TRONG_RUNG. Sửa danh sách theo Nghị quyết "
                                 "HĐND; xóa dòng chỉ tiêu không giao.")


def _source_validation() -> DataValidation:
    return DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=False,
                          promptTitle="Lấy kết quả từ mã",
                          prompt="Mã chỉ tiêu ở trang ngành cho kết quả của chỉ tiêu này (cột Mã chỉ tiêu của "
                                 "trang đó), ví dụ NN.TRONG_RUNG. Để trống nếu nhập kết quả trực tiếp.")


def _timing_validation() -> DataValidation:
    labels = ",".join(TIMING_LABELS.values())
    return DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True, showInputMessage=True,
                          showErrorMessage=True, errorTitle="Thời điểm đánh giá",
                          error=f"Chọn một trong: {labels.replace(',', ', ')}.",
                          promptTitle="Thời điểm đánh giá",
                          prompt="Trong kỳ: đánh giá theo tỷ lệ kế hoạch của kỳ; Cuối năm: chỉ đánh giá khi hết "
                                 "năm; Theo thành phần: theo các chỉ tiêu con (cơ cấu kinh tế).")


def _target_validation() -> DataValidation:
    """Plan cells take a number or a target as a resolution states it (formulas.targets): any value,
    no error box; the input message lists the forms, and the checker reports what it cannot read."""
    return DataValidation(allow_blank=True, showInputMessage=True, showErrorMessage=False,
                          promptTitle="Chỉ tiêu kế hoạch", prompt=_short(FORMS_HINT, 255))


def _sector_sheet(wb: Workbook, sheet: SectorSheet, *, don_vi: str, ky: str, nam: int, cap: str) -> Worksheet:
    ws = wb.create_sheet(sheet.sheet)
    columns = _fitted_columns(sheet, layout.sector_columns(sheet, cap, try_parse(ky, nam) or ky))
    title = sheet.title.upper()
    if not title.startswith("BIỂU"):
        title = f"BIỂU SỐ LIỆU {title}"
    _title_rows(ws, title, f"Đơn vị báo cáo: {don_vi} - Kỳ báo cáo: {period_phrase(ky, nam)}", len(columns))
    _header_rows(ws, columns)
    _set_widths(ws, columns)
    col_of = {c.key: i for i, c in enumerate(columns, start=1)}
    name_width = columns[col_of["ten"] - 1].width
    validations: dict[str, tuple[DataValidation, list[tuple[int, int]]]] = {}
    plan_keys = {b.key for b in sheet.plan_bases} | {KE_HOACH_NAM_SAU}
    own_list = is_targets_sheet(sheet)  # the office types its resolution's targets: names are inputs
    rows = list(zip(sheet.indicators, _stt_labels(sheet)))
    if own_list:
        rows += [(_spare_target(sheet), "")] * layout.TARGET_SPARE_ROWS
    for r, (ind, stt) in enumerate(rows, start=layout.FIRST_DATA_ROW):
        top = ind.level == 0
        label_font = styles.BOLD_FONT if top else styles.BODY_FONT
        for i, col in enumerate(columns, start=1):
            c = ws.cell(r, i)
            if col.kind == layout.LABEL:
                c.value = {"stt": stt, "ma": ind.code, "ten": ind.name, "dvt": ind.unit}[col.key] or None
                editable = own_list and col.key != "stt"
                extra = {"fill": styles.INPUT_FILL, "protection": styles.UNLOCKED} if editable else {}
                if col.key == "ma":
                    styles.apply(c, font=styles.CODE_FONT, alignment=styles.CODE_ALIGN, border=styles.BORDER, **extra)
                else:
                    align = styles.name_alignment(ind.level) if col.key == "ten" else styles.CENTER
                    styles.apply(c, font=label_font, alignment=align, border=styles.BORDER, **extra)
                if editable and col.key == "ma":
                    validations.setdefault("#ma", (_target_code_validation(), []))[1].append((r, i))
            elif col.key in (layout.TARGET_SOURCE_COLUMN, layout.TARGET_TIMING_COLUMN):
                source = col.key == layout.TARGET_SOURCE_COLUMN
                c.value = (ind.source if source else timing_label(ind)) if ind.code else None
                styles.apply(c, fill=styles.INPUT_FILL, protection=styles.UNLOCKED, border=styles.BORDER,
                             font=styles.CODE_FONT if source else styles.BODY_FONT,
                             alignment=styles.CODE_ALIGN if source else styles.CENTER)
                dv_key = f"#{col.key}"
                if dv_key not in validations:
                    validations[dv_key] = (_source_validation() if source else _timing_validation(), [])
                validations[dv_key][1].append((r, i))
            elif col.kind == layout.COMPUTED:
                if col.key == "danh_gia":
                    fmt, align = "General", styles.CENTER
                else:
                    fmt = styles.CHANGE_FORMAT if col.key == "tang_giam" else styles.PERCENT_FORMAT
                    align = styles.NUMBER_ALIGN
                styles.apply(c, fill=styles.COMPUTED_FILL, font=styles.COMPUTED_FONT, protection=styles.LOCKED,
                             border=styles.BORDER, number_format=fmt, alignment=align)
            elif col.key == "ghi_chu":
                styles.apply(c, fill=styles.INPUT_FILL, protection=styles.UNLOCKED, font=styles.NOTE_FONT,
                             alignment=styles.WRAP_TOP, border=styles.BORDER)
            elif _applicable(ind, col.key, sheet):
                styles.apply(c, fill=styles.INPUT_FILL, protection=styles.UNLOCKED, font=label_font,
                             number_format=styles.value_format(ind), border=styles.BORDER,
                             alignment=styles.WRAP_TOP if ind.is_text else styles.NUMBER_ALIGN)
                plan = col.key in plan_keys and not ind.is_text  # a plan cell: a number or a target
                dv_key = "" if plan else ind.code  # one input message for every plan cell of the sheet
                if dv_key not in validations:
                    validations[dv_key] = (_target_validation() if plan else _validation_for(ind), [])
                validations[dv_key][1].append((r, i))
            else:  # no such value for this indicator: white and locked, so nothing is typed by mistake
                styles.apply(c, protection=styles.LOCKED, border=styles.BORDER)
        ws.row_dimensions[r].height = row_height(wrapped_lines(ind.name, name_width - 2 * ind.level))
    for dv, cells in validations.values():
        for block in _ranges(cells):
            dv.add(block)
        ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(layout.FIRST_DATA_ROW, col_of["ten"] + 1).coordinate
    _print_setup(ws, landscape=True)
    _protect(ws)
    return ws


# ---------------------------------------------------------------- fixed sheets

def _guide_sheet(wb: Workbook, catalog: Catalog) -> Worksheet:
    ws = wb.active
    ws.title = layout.SHEET_GUIDE
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 110
    fills = {"input": styles.INPUT_FILL, "computed": styles.COMPUTED_FILL, "header": styles.HEADER_FILL,
             **{kind: styles.solid(styles.MARK_RGB[severity])
                for kind, severity in (("error", ERROR), ("warning", WARNING))}}
    fonts = {"title": styles.TITLE_FONT, "h": styles.font(bold=True, size=12), "note": styles.NOTE_FONT,
             "cmd": styles.font(size=10, color="1F3864"), "p": styles.BODY_FONT}
    for r, (style, text) in enumerate(guide_lines(layout.sector_sheet_names(catalog)), start=1):
        c = ws.cell(r, 2, text)
        c.alignment = styles.WRAP_TOP
        if style.startswith("legend:"):
            swatch = ws.cell(r, 1)
            swatch.border = styles.BORDER
            if style[7:] in fills:
                swatch.fill = fills[style[7:]]
            c.font = styles.BODY_FONT
        else:
            c.font = fonts[style]
        if style == "cmd":
            c.alignment = styles.name_alignment(1)
        if style == "h":
            ws.row_dimensions[r].height = 24
        else:
            ws.row_dimensions[r].height = row_height(wrapped_lines(text, 108))
    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = "2F5597"
    _print_setup(ws, landscape=False, title_rows=False)
    return ws


def _info_sheet(wb: Workbook, info: dict[str, object]) -> Worksheet:
    ws = wb.create_sheet(layout.SHEET_INFO)
    columns = (layout.Column("key", "Mã", layout.LABEL, 16), layout.Column("label", "Thông tin", layout.LABEL, 34),
               layout.Column("value", "Nội dung", layout.INPUT, 62),
               layout.Column("help", "Hướng dẫn, ví dụ", layout.LABEL, 42))
    _title_rows(ws, "THÔNG TIN CHUNG CỦA BÁO CÁO", "Ghi vào cột «Nội dung» (ô màu vàng); dấu (*) là thông tin bắt buộc",
                len(columns))
    _header_rows(ws, columns)
    _set_widths(ws, columns)
    ws.column_dimensions["A"].hidden = True
    ws.cell(layout.NUMBER_ROW, 1).value = None
    for i in range(2, len(columns) + 1):  # number the printed columns (1), (2), … without the hidden A
        ws.cell(layout.NUMBER_ROW, i, f"({i - 1})")
    ky_choices = list(KY_CHOICES)
    ky = str(info.get("ky_bao_cao") or "")
    if ky and ky not in ky_choices and not set(ky) & set(',"'):  # a list item cannot hold , or "
        ky_choices.append(ky)
    cap_dv = DataValidation(type="list", formula1=f'"{",".join(LEVELS)}"', allow_blank=False,
                            showErrorMessage=True, errorTitle="Cấp không hợp lệ",
                            error="Chọn tinh (tỉnh), xa (xã) hoặc huyen (huyện, báo cáo trước 01/7/2025).",
                            showInputMessage=True, promptTitle="Cấp chính quyền",
                            prompt="tinh: UBND tỉnh; xa: UBND xã; huyen: báo cáo cũ cấp huyện.")
    ky_dv = DataValidation(type="list", formula1=f'"{",".join(ky_choices)}"', allow_blank=False,
                           showErrorMessage=True, errorStyle="warning", errorTitle="Kỳ báo cáo",
                           error="Kỳ này không có trong danh sách; vẫn dùng được nếu bấm Yes/Có.",
                           showInputMessage=True, promptTitle="Kỳ báo cáo", prompt="Chọn trong danh sách hoặc gõ.")
    date_dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                             showErrorMessage=True, errorTitle="Ngày không hợp lệ",
                             error="Nhập ngày dạng dd/mm/yyyy, ví dụ 04/07/2023.",
                             showInputMessage=True, promptTitle="Ngày", prompt="Nhập ngày dạng dd/mm/yyyy.")
    for dv in (cap_dv, ky_dv, date_dv):
        ws.add_data_validation(dv)
    for r, field in enumerate(layout.INFO_FIELDS, start=layout.FIRST_DATA_ROW):
        key = ws.cell(r, layout.INFO_KEY_COL, field.key)
        key.font = styles.KEY_FONT
        label = ws.cell(r, layout.INFO_LABEL_COL, field.label + (" (*)" if field.required else ""))
        label.font, label.alignment, label.border = styles.BOLD_FONT, styles.WRAP_TOP, styles.BORDER
        value = ws.cell(r, layout.INFO_VALUE_COL, info.get(field.key))
        value.fill, value.protection, value.border = styles.INPUT_FILL, styles.UNLOCKED, styles.BORDER
        value.font, value.alignment = styles.BODY_FONT, styles.WRAP_TOP_LEFT
        help_text = layout.info_help(field, info.get("cap"))
        helper = ws.cell(r, 4, help_text)
        helper.font, helper.alignment, helper.border = styles.NOTE_FONT, styles.WRAP_TOP, styles.BORDER
        if field.kind == "date":
            value.number_format = "dd/mm/yyyy"
            date_dv.add(value.coordinate)
        elif field.key == "cap":
            cap_dv.add(value.coordinate)
        elif field.key == "ky_bao_cao":
            ky_dv.add(value.coordinate)
        elif field.key == "nam":
            value.number_format = "0"
        lines = max(wrapped_lines(str(info.get(field.key) or ""), 60), wrapped_lines(help_text, 40, 10), wrapped_lines(field.label, 32),
                    5 if field.key == "noi_nhan" else 3 if field.kind == "multiline" else 1)
        ws.row_dimensions[r].height = row_height(lines)
    ws.freeze_panes = f"A{layout.FIRST_DATA_ROW}"
    _print_setup(ws, landscape=False)
    _protect(ws)
    return ws


def table_sheet(wb: Workbook, name: str, title: str, subtitle: str, columns, *, landscape: bool = True) -> Worksheet:
    """A listing sheet: title, subtitle, header rows of `columns` (layout.Column), widths, print setup."""
    ws = wb.create_sheet(name)
    _title_rows(ws, title, subtitle, len(columns))
    _header_rows(ws, columns)
    _set_widths(ws, columns)
    ws.freeze_panes = f"A{layout.FIRST_DATA_ROW}"
    _print_setup(ws, landscape=landscape)
    return ws


def style_table_row(ws: Worksheet, row: int, columns) -> None:
    """Borders, fills and protection of one row of a table sheet (prose, tasks, findings)."""
    for i, col in enumerate(columns, start=1):
        align = styles.CENTER if col.key in ("stt", "ket_qua", "muc_do", "o") else styles.WRAP_TOP
        if col.kind == layout.INPUT:
            styles.apply(ws.cell(row, i), border=styles.BORDER, font=styles.BODY_FONT, alignment=align,
                         fill=styles.INPUT_FILL, protection=styles.UNLOCKED)
        elif col.kind == layout.COMPUTED:
            styles.apply(ws.cell(row, i), border=styles.BORDER, font=styles.COMPUTED_FONT, alignment=align,
                         fill=styles.COMPUTED_FILL)
        else:
            styles.apply(ws.cell(row, i), border=styles.BORDER, font=styles.BODY_FONT, alignment=align)


def prose_row_height(text: str, title: str = "") -> float:
    width = {c.key: c.width for c in layout.PROSE_COLUMNS}
    return row_height(max(wrapped_lines(text or "", width["noi_dung"]), wrapped_lines(title, width["ten_muc"])))


def _prose_sheet(wb: Workbook, catalog: Catalog, *, don_vi: str, ky: str, nam: int, cap: str) -> Worksheet:
    cols = layout.PROSE_COLUMNS
    ws = table_sheet(wb, layout.SHEET_PROSE, "THUYẾT MINH BÁO CÁO",
                      f"{don_vi} - {period_phrase(ky, nam)}. Mỗi dòng một đoạn văn; một mục nhiều đoạn thì chèn thêm dòng "
                      "và ghi cùng «Mã mục»", cols)
    for n, section in enumerate(catalog.sections, start=1):
        r = layout.FIRST_DATA_ROW + n - 1
        title = section_title(section.title, ky=ky, nam=nam, cap=cap)
        write_prose_row(ws, r, n, section.key, title, section.level, "", None)
    return ws


def write_prose_row(ws: Worksheet, row: int, stt: int, key: str, title: str, level: int, text: str,
                    after_code: str | None) -> None:
    cols = layout.PROSE_COLUMNS
    style_table_row(ws, row, cols)
    col = {c.key: i for i, c in enumerate(cols, start=1)}
    ws.cell(row, col["stt"], stt)
    m = ws.cell(row, col["muc"], key)
    styles.apply(m, font=styles.CODE_FONT, alignment=styles.KEY_ALIGN, border=styles.BORDER,
                 fill=styles.INPUT_FILL, protection=styles.UNLOCKED)
    t = ws.cell(row, col["ten_muc"], title)
    styles.apply(t, font=styles.BOLD_FONT if level == 1 else styles.BODY_FONT, border=styles.BORDER,
                 alignment=styles.title_alignment(level))
    ws.cell(row, col["sau_chi_tieu"], after_code)
    ws.cell(row, col["noi_dung"], text or None)
    ws.row_dimensions[row].height = prose_row_height(text, title)


def _tasks_sheet(wb: Workbook, *, don_vi: str, ky: str, nam: int) -> Worksheet:
    cols = layout.TASK_COLUMNS
    ws = table_sheet(wb, layout.SHEET_TASKS, "NHIỆM VỤ TRỌNG TÂM VÀ KẾT QUẢ THỰC HIỆN",
                      f"{don_vi} - {period_phrase(ky, nam)}", cols)
    status_col = get_column_letter(next(i for i, c in enumerate(cols, 1) if c.key == "ket_qua"))
    dv = DataValidation(type="list", formula1=f'"{",".join(layout.TASK_STATUSES)}"', allow_blank=True,
                        showErrorMessage=True, errorTitle="Kết quả không hợp lệ",
                        error="Chọn: " + " / ".join(layout.TASK_STATUSES) + ".",
                        showInputMessage=True, promptTitle="Kết quả thực hiện",
                        prompt="Chọn: " + " / ".join(layout.TASK_STATUSES) + ".")
    first, last = layout.FIRST_DATA_ROW, layout.FIRST_DATA_ROW + TASK_ROWS - 1
    dv.add(f"{status_col}{first}:{status_col}{last + 200}")  # also rows staff add below
    ws.add_data_validation(dv)
    for r in range(first, last + 1):
        style_table_row(ws, r, cols)
        ws.row_dimensions[r].height = 33
    return ws


def _findings_sheet(wb: Workbook) -> Worksheet:
    return table_sheet(wb, layout.SHEET_FINDINGS, "KẾT QUẢ KIỂM TRA SỐ LIỆU",
                        "Trang này do máy ghi khi bấm «Kiểm tra số liệu» hoặc «Tính toán lại»; không nhập tay",
                        layout.FINDING_COLUMNS)


def _meta_sheet(wb: Workbook, catalog: Catalog, cap: str, created: datetime) -> Worksheet:
    ws = wb.create_sheet(layout.SHEET_META)
    # catalog_id + catalog_version: the reader opens the workbook with the catalog it was made with
    pairs = (("template_version", layout.TEMPLATE_VERSION),
             *((("catalog_id", catalog.id),) if catalog.id else ()), ("catalog_version", catalog.version),
             ("cap", cap), ("created", created.isoformat(sep=" ", timespec="seconds")))  # no "T": xlwings' remote engine mis-parses ISO text
    for r, (k, v) in enumerate(pairs, start=1):
        ws.cell(r, 1, k)
        ws.cell(r, 2, v)
    ws.sheet_state = "hidden"
    return ws


# ---------------------------------------------------------------- public API

def build_workbook(*, don_vi: str, ky: str, nam: int, cap: str, catalog: Catalog | None = None,
                   info: dict[str, object] | None = None, created: datetime | None = None) -> Workbook:
    """The template as an in-memory openpyxl Workbook. `info` overrides the pre-filled Thông tin values."""
    check_cap(cap)
    catalog = catalog or load_catalog(cap)
    ky, nam = _canonical(ky, nam)
    values = prefilled_info(don_vi=don_vi, ky=ky, nam=nam, cap=cap)
    values.update(info or {})
    wb = Workbook()
    _guide_sheet(wb, catalog)
    _info_sheet(wb, values)
    for sheet in catalog.sheets:
        _sector_sheet(wb, sheet, don_vi=don_vi, ky=ky, nam=nam, cap=cap)
    _prose_sheet(wb, catalog, don_vi=don_vi, ky=ky, nam=nam, cap=cap)
    _tasks_sheet(wb, don_vi=don_vi, ky=ky, nam=nam)
    _findings_sheet(wb)
    _meta_sheet(wb, catalog, cap, created or datetime.now())
    wb.active = 0
    return escape_strings(wb)


# LibreOffice reads "_x" + hex digits + "_" in an .xlsx string as an escaped character, even with fewer
# than the four digits the standard asks for: the section key "van_hoa_xa_hoi" comes back as
# "van_hoa\nhoi". The standard escape of a literal "_" is "_x005F_"; Excel, LibreOffice and calamine
# decode it. (openpyxl does not decode it when reading: use openpyxl.utils.escape.unescape there.)
_OOXML_ESCAPE_LIKE = re.compile(r"_x005F_|_(?=x[0-9A-Fa-f]+_)")  # an existing escape is one token: kept


def escape_office_text(text: str) -> str:
    """'van_hoa_xa_hoi' -> 'van_hoa_x005F_xa_hoi', which every office suite reads as 'van_hoa_xa_hoi'.
    Idempotent, so a workbook may pass through it more than once."""
    return _OOXML_ESCAPE_LIKE.sub("_x005F_", text)


def escape_strings(wb: Workbook) -> Workbook:
    """Escape every cell string LibreOffice would misread. build_workbook and the demo call it last,
    so a caller saving the Workbook with wb.save() gets a correct file too."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and "_x" in c.value:
                    c.value = escape_office_text(c.value)
    return wb


def save_workbook(wb: Workbook, path: Path | str) -> Path:
    """Write atomically (no half-written workbook). Strings that LibreOffice would misread as
    escapes are escaped first."""
    escape_strings(wb)
    return write_atomically(path, wb.save)


def build_template(path: Path | str, *, don_vi: str, ky: str, nam: int, cap: str,
                   catalog: Catalog | None = None) -> Path:
    """Write the empty template workbook for this reporting unit and period to `path` (.xlsx)."""
    wb = build_workbook(don_vi=don_vi, ky=ky, nam=nam, cap=cap, catalog=catalog)
    return save_workbook(wb, path)


def fill_values(wb: Workbook, catalog: Catalog, values: dict, *, what: str = "dữ liệu mẫu") -> None:
    """Write {code: {column key: value}} into the input cells of a built workbook, found by code and
    column key; a code or column the workbook does not have is an error naming `what` (the data)."""
    sheets: dict[str, tuple[Worksheet, dict[str, int], dict[str, int]]] = {}
    for code, row_values in values.items():
        ind = catalog.indicator(code)
        if ind is None:
            raise KtxhError(f"{what}: mã chỉ tiêu '{code}' không có trong danh mục.")
        if ind.sheet not in sheets:
            ws = wb[ind.sheet]
            sheets[ind.sheet] = (ws, column_keys(ws), code_rows(ws))
        ws, cols, rows = sheets[ind.sheet]
        r = rows[code]
        for key, value in (row_values or {}).items():
            if key not in cols:
                raise KtxhError(f"{what}: {code}: cột '{key}' không có trên trang '{ind.sheet}'.")
            c = ws.cell(r, cols[key], value)
            if key == "ghi_chu" and value:
                width = ws.column_dimensions[c.column_letter].width
                ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 15,
                                                  row_height(wrapped_lines(str(value), width, 10)))


def column_keys(ws: Worksheet) -> dict[str, int]:
    """Column key -> 1-based column index, read from the hidden key row."""
    return {c.value: c.column for c in ws[layout.KEY_ROW] if isinstance(c.value, str) and c.value}


def code_rows(ws: Worksheet) -> dict[str, int]:
    """Indicator code -> row, read from the 'ma' column."""
    ma = column_keys(ws)["ma"]
    return {ws.cell(r, ma).value: r for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)
            if ws.cell(r, ma).value}
