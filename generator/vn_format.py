"""Vietnamese number, percent, count, date and unit formatting (the jinja2 filters of the report).

Pure functions: formulas/ already rounded every figure once by the declared rule, so these only
*format*, through the core's one formatter (formulas.vn_numbers.format_vn); they round only when a
caller asks for fewer decimals (tables, unit conversion), and then by the one rule
(formulas.rounding) on exact Decimals (never binary floats: 100,58 not 100,58009095).
Thousands ".", decimal ",": 1.990,48 · 2.027.484 · 54,27% · "01 chỉ tiêu" · "ngày 04 tháng 7 năm 2023".
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from formulas.rounding import HALF_UP, round_value
from formulas.vn_numbers import format_vn

Number = Decimal | int | float | str | None

# A setting (catalog _settings.yaml: pad_counts_below_10), on by default: "01 chỉ tiêu".
PAD_COUNTS_DEFAULT = True


def to_decimal(value: Number) -> Decimal | None:
    """Decimal from what a cell or formulas may hand over; floats via str() so 0.1 stays 0.1."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, float):
        value = repr(value)
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def so(value: Number, decimals: int | None = None, trim: bool = False, default: str = "") -> str:
    """A number Vietnamese style: 1990.48 -> "1.990,48"; 2027484 -> "2.027.484".

    decimals=None keeps the decimals the value carries (formulas already rounded it);
    trim=True drops trailing zeros of the fraction (1979.00 -> "1.979", 45.30 -> "45,3").
    """
    d = to_decimal(value)
    return default if d is None else format_vn(d, decimals, trim)


def phan_tram(value: Number, decimals: int | None = None, trim: bool = False, default: str = "") -> str:
    """A percent with no space before the sign: 54.27 -> "54,27%"."""
    text = so(value, decimals, trim)
    return text + "%" if text else default


def so_dem(value: Number, pad: bool = PAD_COUNTS_DEFAULT, default: str = "") -> str:
    """A count: 1..9 take a leading zero in admin style when `pad` ("01", "09"); 1741 -> "1.741"."""
    d = to_decimal(value)
    if d is None:
        return default
    if d == d.to_integral_value() and pad and 0 < d < 10:
        return f"0{int(d)}"
    return so(d, trim=True)


def dem(value: Number, noun: str = "", pad: bool = PAD_COUNTS_DEFAULT) -> str:
    """A count with its noun: (1, "chỉ tiêu") -> "01 chỉ tiêu"."""
    text = so_dem(value, pad)
    return f"{text} {noun}".strip() if text else ""


def ti_so(part: Number, whole: Number, pad: bool = PAD_COUNTS_DEFAULT, decimals: int | None = None,
          trim: bool = True) -> str:
    """Achieved over target: (9, 10) -> "09/10"; (1990.48, 1979) -> "1.990,48/1.979"."""
    def one(v):
        d = to_decimal(v)
        if d is not None and d == d.to_integral_value() and decimals is None:
            return so_dem(d, pad)
        return so(d, decimals, trim)
    a, b = one(part), one(whole)
    return f"{a}/{b}" if a and b else a or ""


def so_don_vi(value: Number, unit: str = "", decimals: int | None = None, trim: bool = True,
              count: bool = False, pad: bool = PAD_COUNTS_DEFAULT) -> str:
    """A value with its unit; "%" sticks to the number: (72, "%") -> "72%", (459.65, "ha") -> "459,65 ha"."""
    text = so_dem(value, pad) if count else so(value, decimals, trim)
    if not text:
        return ""
    unit = (unit or "").strip()
    if unit == "%":
        return text + "%"
    return f"{text} {unit}".strip()


_MONEY = {"đồng": 0, "nghìn đồng": 3, "triệu đồng": 6, "tỷ đồng": 9}


def doi_don_vi(value: Number, from_unit: str, to_unit: str, decimals: int = 2) -> Decimal | None:
    """Money between units, exactly, then rounded half up: (3350, "triệu đồng", "tỷ đồng") -> 3.35."""
    d = to_decimal(value)
    if d is None:
        return None
    f, t = _MONEY.get(from_unit.strip().lower()), _MONEY.get(to_unit.strip().lower())
    if f is None or t is None:
        raise ValueError(f"không đổi được đơn vị '{from_unit}' sang '{to_unit}'")
    return round_value(d.scaleb(f - t), decimals, HALF_UP)


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    return None


def _day_month(d: date) -> tuple[str, str]:
    # NĐ 30/2020: days below 10 and months 1 and 2 take a leading zero.
    return f"{d.day:02d}", (f"{d.month:02d}" if d.month < 3 else str(d.month))


def ngay_thang(value, year: object = "") -> str:
    """"ngày 04 tháng 7 năm 2023"; a missing date leaves blanks to fill by hand, as on paper."""
    d = _as_date(value)
    if d is None:
        return f"ngày      tháng      năm {year}".rstrip()
    day, month = _day_month(d)
    return f"ngày {day} tháng {month} năm {d.year}"


def dia_danh_ngay(place: str, value, year: object = "") -> str:
    """"Cao Lộc, ngày 04 tháng 7 năm 2023" (ô 4 of the header)."""
    place = (place or "").strip()
    text = ngay_thang(value, year)
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def ngay_ngan(value) -> str:
    """Short date in the body: 04/7/2023, 28/02/2023."""
    d = _as_date(value)
    if d is None:
        return ""
    day, month = _day_month(d)
    return f"{day}/{month}/{d.year}"


FILTERS = {
    "so": so,
    "phan_tram": phan_tram,
    "so_dem": so_dem,
    "dem": dem,
    "ti_so": ti_so,
    "so_don_vi": so_don_vi,
    "doi_don_vi": doi_don_vi,
    "ngay_thang": ngay_thang,
    "dia_danh_ngay": dia_danh_ngay,
    "ngay_ngan": ngay_ngan,
}
