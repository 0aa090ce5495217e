"""Text helpers of the narrative's facts: a percentage ("45,3%"), achieved over plan
("1.990,48/1.979 ha"), one sentence's capital and full stop, a name in mid-sentence ("lúa Xuân").

The comparisons themselves ("đạt 54,27% so với kế hoạch", "tăng 21,09% so với cùng kỳ", "vượt …")
are worded in templates/sections/_cau.j2. Inputs are the rounded Decimals of formulas/; a None
input gives "" so a sentence can simply leave out what it has no figure for.
"""
from __future__ import annotations

from generator.vn_format import phan_tram, so, ti_so, to_decimal

TRIM = True  # narrative text drops trailing zeros (45,3%); the appendix table keeps fixed decimals


def pct(value, trim: bool = TRIM) -> str:
    return phan_tram(value, trim=trim)


def dat_tren(actual, plan, unit: str = "", decimals: int | None = None) -> str:
    """Achieved over plan: "1.990,48/1.979 ha"; just the value when there is no plan."""
    if to_decimal(actual) is None:
        return ""
    text = ti_so(actual, plan, decimals=decimals) if to_decimal(plan) is not None else so(actual, trim=TRIM)
    unit = (unit or "").strip()
    if unit == "%":
        return text + "%"
    return f"{text} {unit}".strip()


def cham_cau(text: str) -> str:
    """One sentence: capitalised first letter, single spaces, ending with one full stop."""
    text = " ".join(text.split()).strip().rstrip(",;")
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ":")) else text + "."


# Offices, titles and bodies keep their capital in mid-sentence ("Chủ tịch UBND tiếp 25 lượt",
# "Ban Tiếp công dân", "Bộ phận Một cửa"), as administrative documents write them.
PROPER_HEADS = ("Chủ tịch", "Phó Chủ tịch", "Ban ", "Bộ phận ", "Ủy ban", "Uỷ ban", "Hội đồng", "Thường trực",
                "Đảng ", "Nhà nước", "Chính phủ", "Thủ tướng", "Quốc hội", "Chương trình ", "Nghị quyết ")
NOT_PROPER = ("Ban hành",)


def viet_thuong_dau(name: str) -> str:
    """A name in mid-sentence: "Lúa Xuân" -> "lúa Xuân", but acronyms ("OCOP", "BHYT") and offices,
    titles and bodies ("Chủ tịch UBND", "Ban Tiếp công dân") keep their capital."""
    if not name:
        return name
    first = name.split()[0]
    if len(first) > 1 and first.isupper():
        return name
    if name.startswith(PROPER_HEADS) and not name.startswith(NOT_PROPER):
        return name
    return name[0].lower() + name[1:]


__all__ = ["cham_cau", "dat_tren", "pct", "viet_thuong_dau"]
