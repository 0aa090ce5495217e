"""From a report to a workbook (issue #11, `ktxh soat … --xlsx`): the figures of a hand-typed report
put into a new workbook of the report's level and period.

Which figure goes to which indicator and column is formulas.audit.mapping (pure); this module builds
the workbook and writes them: figures on a code into that row's input cell, the others as custom rows
(no code; the parser reads them as "chỉ tiêu tự thêm") at the end of the sector sheet their heading
names, with the paragraph and quote in Ghi chú. A sheet "Đối chiếu báo cáo" lists every figure with
where it went, so the office can review the move in one place.
"""
from __future__ import annotations

import re
from pathlib import Path

from formulas.audit.claims import Paragraph
from formulas.audit import mapping
from formulas.audit.mapping import Placed, map_figures, sheet_for
from formulas.catalog import load_catalog
from formulas.layout import LABEL, Column
from workbook_templates import styles
from workbook_templates.builder import (build_workbook, code_rows, column_keys, save_workbook, style_table_row,
                                        table_sheet)

REVIEW_SHEET = "Đối chiếu báo cáo"


def guess_cap(paragraphs: list[Paragraph]) -> str:
    head = " ".join(p.text for p in paragraphs[:15]).lower()
    for cap, words in (("xa", ("xã", "phường", "thị trấn")), ("huyen", ("huyện", "thị xã", "quận")),
                       ("tinh", ("tỉnh", "thành phố"))):
        if any(re.search(rf"(ubnd|ủy ban nhân dân|hđnd|hội đồng nhân dân)\s+{w}", head) for w in words):
            return cap
    return "huyen"


def guess_period(paragraphs: list[Paragraph]) -> tuple[str, int] | None:
    from formulas.period import try_parse

    forms = (r"(?:6|9|3) tháng (?:đầu|cuối) năm", r"(?:6|9) tháng", r"quý [IV]+", r"năm")
    for form in forms:  # the most specific form first: "Cao Lộc, ngày … năm 2023" is not the period
        for p in paragraphs[:20]:
            m = re.search(rf"({form}).{{0,80}}?((?:19|20)\d\d)", p.text, re.IGNORECASE)
            if m and (period := try_parse(m.group(1), int(m.group(2)))) is not None:
                return period.label, int(m.group(2))
    return None


def build_claims_workbook(paragraphs: list[Paragraph], path: Path | str, *, cap: str | None = None,
                          ky: str | None = None, nam: int | None = None, don_vi: str | None = None):
    """Write the workbook; return (path, every figure, the figures on a code)."""
    cap = cap or guess_cap(paragraphs)
    period = guess_period(paragraphs)
    ky = ky or (period[0] if period else "6 tháng đầu năm")
    nam = nam or (period[1] if period else 2026)
    catalog = load_catalog(cap)
    wb = build_workbook(don_vi=don_vi or "UBND", ky=ky, nam=nam, cap=cap, catalog=catalog)
    where: list[str] = []
    landed: list[Placed] = []
    layouts: dict[str, tuple[dict, dict]] = {}  # sheet -> (column keys, code rows); custom rows have no code
    sheet_words = mapping.sheet_words(catalog)
    for f in (placed := map_figures(paragraphs, catalog)):
        if f.code is not None:
            ws = wb[catalog.indicator(f.code).sheet]
            if ws.title not in layouts:
                layouts[ws.title] = (column_keys(ws), code_rows(ws))
            cols, rows = layouts[ws.title]
            cell = ws.cell(rows[f.code], cols[f.column]) if f.column in cols and f.code in rows else None
            if cell is not None and cell.value is None and not cell.protection.locked:
                cell.value = float(f.value)
                landed.append(f)
                where.append(f"{ws.title}!{cell.coordinate} ({f.code})")
                continue
        where.append(_custom_row(wb[sheet_for(f, catalog, sheet_words)], f))
    _review_sheet(wb, placed, where)
    return save_workbook(wb, path), placed, landed


def _custom_row(ws, f: Placed) -> str:
    """Append a row without a code, styled as the sheet's input rows; return where it went."""
    cols = column_keys(ws)
    r = ws.max_row + 1
    value = float(f.value)
    cells = {"ten": f.label or f"Số liệu đoạn {f.paragraph}", "dvt": f.unit, "uoc_ky": value,
             "ghi_chu": f"Từ báo cáo, đoạn {f.paragraph}: {f.quote}"}
    for key, col in cols.items():
        c = ws.cell(r, col)
        if key in cells and cells[key] not in ("", None):
            c.value = cells[key]
        editable = key in cells or key in ("cung_ky", "den_ngay", "kh_nam", "kh_ky", "kh_von")
        styles.apply(c, border=styles.BORDER, font=styles.NOTE_FONT if key == "ghi_chu" else styles.BODY_FONT,
                     **({"fill": styles.INPUT_FILL, "protection": styles.UNLOCKED} if editable else {}),
                     alignment=styles.WRAP_TOP if key in ("ten", "ghi_chu") else styles.NUMBER_ALIGN)
    return f"{ws.title}!{ws.cell(r, cols['uoc_ky']).coordinate} (dòng tự thêm)"


def _review_sheet(wb, placed: list[Placed], where: list[str]) -> None:
    columns = [Column("doan", "Đoạn", LABEL, 8), Column("so_lieu", "Số liệu", LABEL, 18),
               Column("dat_vao", "Đặt vào", LABEL, 34), Column("cau", "Câu trong báo cáo", LABEL, 90)]
    ws = table_sheet(wb, REVIEW_SHEET, "ĐỐI CHIẾU SỐ LIỆU VỚI BÁO CÁO",
                     "Mỗi số liệu đọc được từ báo cáo và ô đã ghi nó vào; hãy soát lại trước khi dùng", columns)
    first = ws.max_row + 1
    for r, (f, cell) in enumerate(zip(placed, where), start=first):
        for i, v in enumerate((f.paragraph, f.shown, cell, f.quote), start=1):
            ws.cell(r, i, v)
        style_table_row(ws, r, columns)
