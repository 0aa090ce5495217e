"""Phrase helpers of the narrative: the comparisons a Vietnamese report states, one wording each.

"đạt 54,27% so với kế hoạch", "bằng 96,27% so với cùng kỳ", "tăng 21,09% so với cùng kỳ",
"giảm 1,51 điểm phần trăm so với cùng kỳ", "vượt 14,14% kế hoạch", "ước đạt", "1.990,48/1.979 ha".
Inputs are the rounded Decimals of formulas/; a None input gives "" so a sentence can simply
leave out a comparison it has no figure for. The only arithmetic here is exact (X − 100).
"""
from __future__ import annotations

from generator.vn_format import phan_tram, so, so_don_vi, ti_so, to_decimal

TRIM = True  # narrative text drops trailing zeros (45,3%); the appendix table keeps fixed decimals


def pct(value, trim: bool = TRIM) -> str:
    return phan_tram(value, trim=trim)


def dat_ke_hoach(percent, label: str = "kế hoạch", verb: str = "đạt", so_voi: bool = True) -> str:
    """"đạt 54,27% so với kế hoạch" / "đạt 114,14% dự toán tỉnh giao" (so_voi=False)."""
    if to_decimal(percent) is None:
        return ""
    link = "so với " if so_voi else ""
    return f"{verb} {pct(percent)} {link}{label}".replace("  ", " ").strip()


def vuot_ke_hoach(percent, label: str = "kế hoạch") -> str:
    """"vượt 14,14% kế hoạch" from 114,14 (only when above 100; otherwise "")."""
    d = to_decimal(percent)
    if d is None or d <= 100:
        return ""
    return f"vượt {pct(d - 100)} {label}"


def bang_cung_ky(percent, what: str = "so với cùng kỳ") -> str:
    """"bằng 96,27% so với cùng kỳ"."""
    if to_decimal(percent) is None:
        return ""
    return f"bằng {pct(percent)} {what}"


def tang_giam(change, unit: str | None = "%", what: str = "so với cùng kỳ") -> str:
    """"tăng 21,09% so với cùng kỳ", "giảm 3,73% …", "tăng 0,5 điểm phần trăm …", "bằng cùng kỳ".

    unit "%" is a relative change (ratio − 100); "điểm %" / "điểm phần trăm" a change of a rate;
    any other unit is an absolute difference in that unit ("tăng 300 hộ").
    """
    d = to_decimal(change)
    if d is None:
        return ""
    if d == 0:
        return "bằng cùng kỳ" if what == "so với cùng kỳ" else f"không đổi {what}".strip()
    word = "tăng" if d > 0 else "giảm"
    size = abs(d)
    unit = (unit or "%").strip()
    if unit == "%":
        amount = pct(size)
    elif unit.startswith("điểm"):
        amount = f"{so(size, trim=TRIM)} điểm phần trăm"
    else:
        amount = so_don_vi(size, unit)
    return f"{word} {amount} {what}".strip()


def so_voi_cung_ky(percent, change, change_unit: str | None, prefer: str = "tang_giam",
                   what: str = "") -> str:
    """The same-period comparison in the wording asked for.

    prefer="bang": "bằng 96,27% so với cùng kỳ" (the seed's crop sentences);
    prefer="tang_giam": "tăng 21,09% so với cùng kỳ" (rates always: điểm phần trăm).
    what: the catalog's `same_period_text` when the column holds another reference than the same
    period of last year ("so với cuối năm trước" for the poverty rate, counted once a year).
    """
    what = what.strip() or "so với cùng kỳ"
    is_points = bool(change_unit) and change_unit.strip().startswith("điểm")
    if is_points or prefer != "bang":
        text = tang_giam(change, change_unit or "%", what=what)
        if text:
            return text
    return bang_cung_ky(percent, what)


def uoc(verb: str, is_estimate: bool) -> str:
    """"ước đạt" for an estimate of the period, the plain verb for a counted value."""
    return f"ước {verb}" if is_estimate else verb


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


def noi(parts: list[str], sep: str = ", ") -> str:
    """Join the non-empty phrases."""
    return sep.join(p for p in parts if p)


__all__ = [
    "bang_cung_ky", "cham_cau", "dat_ke_hoach", "dat_tren", "noi", "pct", "so_voi_cung_ky",
    "tang_giam", "uoc", "viet_thuong_dau", "vuot_ke_hoach",
]
