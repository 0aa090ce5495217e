"""From a report to a workbook (issue #11, `ktxh soat … --xlsx`): the figures of a hand-typed report
put on catalog indicators of a new workbook of the report's level and period.

Mapping, one figure at a time: the words of its clause before the number (its subject) against each
indicator's name and phrase, folded (no accents, lower case), scored by token overlap; a figure lands
on the best indicator above THRESHOLD whose unit is compatible (ha with ha, triệu đồng with đồng…,
converted to the indicator's multiplier). "đến nay / tính đến / đến hết" puts it in den_ngay, else
uoc_ky; each cell takes the first figure that lands on it. The others are listed on a sheet
"Chưa khớp mã" with their paragraph number and quote (the builder has no free custom rows).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from formulas.audit.claims import Paragraph, _quote
from formulas.audit.quantities import find_quantities
from formulas.audit.tables import fold
from formulas.catalog import Catalog, load_catalog

THRESHOLD = 0.6
UNMATCHED_SHEET = "Chưa khớp mã"
_STOP = {"va", "cac", "cua", "so", "tong", "ty", "le", "trong", "tren", "dia", "ban", "duoc", "co", "la",
         "nam", "ky", "thuc", "hien", "uoc", "dat", "the", "nguoi"}
_TO_DATE = re.compile(r"(đến nay|tính đến|đến hết|lũy kế)", re.IGNORECASE)
_SCALE = {"nghin": Decimal(10) ** 3, "trieu": Decimal(10) ** 6, "ty": Decimal(10) ** 9}


@dataclass(frozen=True, slots=True)
class Placed:
    paragraph: int
    quote: str
    value: Decimal
    unit: str
    code: str | None
    column: str | None


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", fold(text)) if t not in _STOP and not t.isdigit()}


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


def _unit_of(ind_unit: str) -> tuple[str, Decimal]:
    q = find_quantities(f"1 {ind_unit}") if ind_unit else []
    return (q[0].unit, q[0].scale) if q else ("", Decimal(1))


def map_figures(paragraphs: list[Paragraph], catalog: Catalog) -> list[Placed]:
    targets = []
    for ind in catalog.indicators if hasattr(catalog, "indicators") else catalog.by_code.values():
        if ind.is_text or ind.is_rate:
            continue
        words = _tokens(ind.name) | _tokens(re.sub(r"\{\w+\}", " ", ind.phrase or ""))
        if words:
            targets.append((ind, words, _unit_of(ind.unit)))
    out: list[Placed] = []
    for p in paragraphs:
        qs = find_quantities(p.text)
        prev_end = 0
        for q in qs:
            if q.unit in ("", "%", "điểm %", "*"):
                prev_end = q.end
                continue
            start = max(prev_end, p.text.rfind(";", 0, q.start) + 1, p.text.rfind(".", 0, q.start - 1) + 1)
            subject = _tokens(p.text[max(start, q.start - 160):q.start])
            prev_end = q.end
            best, score = None, 0.0
            for ind, words, (unit, scale) in targets:
                if unit != q.unit:
                    continue
                s = len(subject & words) / len(words)
                if s > score:
                    best, score = (ind, scale), s
            quote = _quote(p.text, q.start, q.end)
            if best is None or score < THRESHOLD:
                out.append(Placed(p.index, quote, q.value, q.shown, None, None))
                continue
            ind, scale = best
            column = "den_ngay" if _TO_DATE.search(p.text[max(0, q.start - 120):q.start]) else "uoc_ky"
            out.append(Placed(p.index, quote, q.amount / scale, q.shown, ind.code, column))
    return out


def build_claims_workbook(paragraphs: list[Paragraph], path: Path | str, *, cap: str | None = None,
                          ky: str | None = None, nam: int | None = None, don_vi: str | None = None):
    """Write the workbook; return (path, placed figures, figures on a code)."""
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: F401  (openpyxl is the writer)

    from workbook_templates.builder import build_workbook, column_keys, code_rows, fill_values, save_workbook

    cap = cap or guess_cap(paragraphs)
    period = guess_period(paragraphs)
    ky = ky or (period[0] if period else "6 tháng đầu năm")
    nam = nam or (period[1] if period else 2026)
    catalog = load_catalog(cap)
    wb = build_workbook(don_vi=don_vi or "UBND", ky=ky, nam=nam, cap=cap, catalog=catalog)
    placed = map_figures(paragraphs, catalog)
    values: dict[str, dict[str, float]] = {}
    landed = []
    unmatched = []
    for f in placed:
        if f.code is None:
            unmatched.append(f)
            continue
        sheet = wb[catalog.indicator(f.code).sheet]
        if f.column not in column_keys(sheet) or f.code not in code_rows(sheet):
            unmatched.append(f)
            continue
        row = values.setdefault(f.code, {})
        if f.column in row:
            unmatched.append(f)
            continue
        row[f.column] = float(f.value)
        landed.append(f)
    fill_values(wb, catalog, values, what="báo cáo")
    ws = wb.create_sheet(UNMATCHED_SHEET)
    ws.append(["Đoạn", "Số liệu", "Câu trong báo cáo"])
    for f in unmatched:
        ws.append([f.paragraph, f.unit, f.quote])
    return save_workbook(wb, path), placed, landed
