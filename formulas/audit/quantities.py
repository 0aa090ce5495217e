"""The printed numbers of one paragraph, each with its unit, multiplier and parenthesis depth.

A report prints "1.051,12 ha", "3,35 tỷ đồng", "1.000 nghìn lượt người", "87.5%", "17,28ha/30ha".
A Quantity keeps the number as printed (for the tolerance: half a unit of its last printed digit)
and the multiplier of "nghìn / triệu / tỷ" separately, so "1.895 tỷ" and "1.895.000 triệu" compare
equal and a triệu-vs-tỷ slip can be named. Numbers are parsed by formulas.vn_numbers (one parser).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from formulas.vn_numbers import parse_vn_number

# Units as printed -> canonical name. Longest first so "lượt người" wins over "lượt".
_UNIT_NAMES = {
    "đồng": "đồng", "vnđ": "đồng", "đ": "đồng", "usd": "USD",
    "ha": "ha", "m2": "m2", "m²": "m2", "m3": "m3", "km": "km", "tấn": "tấn", "tạ/ha": "tạ/ha",
    "tạ": "tạ", "kg": "kg", "lít": "lít",
    "con": "con", "lượt người": "lượt người", "lượt": "lượt", "người": "người", "hộ": "hộ",
    "hồ sơ": "hồ sơ", "đơn": "đơn", "doanh nghiệp": "doanh nghiệp", "dn": "doanh nghiệp",
    "hợp tác xã": "hợp tác xã", "htx": "hợp tác xã", "công trình": "công trình", "dự án": "dự án",
    "xã": "xã", "chỉ tiêu": "chỉ tiêu", "tiêu chí": "tiêu chí", "nhiệm vụ": "nhiệm vụ",
    "mũi": "mũi", "liều": "liều", "cây": "cây", "cơ sở": "cơ sở", "trường hợp": "trường hợp",
    "vụ": "vụ", "giấy phép": "giấy phép", "văn bản": "văn bản", "bản": "bản", "việc": "việc",
    "cuộc": "cuộc", "lớp": "lớp", "trường": "trường", "học sinh": "học sinh", "giáo viên": "giáo viên",
    "công dân": "công dân", "kiến nghị": "kiến nghị", "ý kiến": "kiến nghị", "suất": "suất",
    "app": "app", "tài khoản": "tài khoản", "nhà": "nhà", "thí sinh": "thí sinh", "tập thể": "tập thể",
    "cá nhân": "cá nhân", "kết luận": "kết luận", "chủ thể": "chủ thể", "gói": "gói",
    "lao động": "lao động", "sản phẩm": "sản phẩm", "thôn": "thôn", "km đường": "km",
    "km2": "km2", "km²": "km2", "giấy chứng nhận": "giấy chứng nhận", "gcn": "giấy chứng nhận", "giấy": "giấy",
    "thẻ": "thẻ", "hội viên": "hội viên", "đảng viên": "đảng viên", "đoàn viên": "đoàn viên", "căn": "căn",
    "căn nhà": "căn", "căn hộ": "căn", "ngôi nhà": "căn", "chiếc": "chiếc", "phương tiện": "phương tiện",
    "giường bệnh": "giường", "giường": "giường", "bác sĩ": "bác sĩ", "bệnh nhân": "bệnh nhân", "ca": "ca",
    "hợp đồng": "hợp đồng", "thửa": "thửa", "đối tượng": "đối tượng", "trẻ": "trẻ", "mô hình": "mô hình",
    "câu lạc bộ": "câu lạc bộ", "clb": "câu lạc bộ", "tổ": "tổ", "chợ": "chợ", "cửa hàng": "cửa hàng",
    "phòng học": "phòng học", "lượt khách": "lượt", "khách": "khách", "hồ": "hồ", "đập": "đập",
    "điểm phần trăm": "điểm %", "điểm %": "điểm %", "%": "%",
}
# Amounts and measures are rounded when printed; counts (people, dossiers…) are exact.
MEASURES = frozenset({"đồng", "USD", "ha", "m2", "m3", "km", "tấn", "tạ", "tạ/ha", "kg", "lít", "%", "điểm %"})
SCALES = {"nghìn": Decimal(10) ** 3, "ngàn": Decimal(10) ** 3, "triệu": Decimal(10) ** 6,
          "tỷ": Decimal(10) ** 9, "tỉ": Decimal(10) ** 9}
ANY_UNIT = "*"  # "(KH 1.895 tỷ)": a multiplier with no unit word takes its partner's unit

# multipliers ("triệu" in "triệu đồng") are read first, by _SCALE_RE
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_UNIT_NAMES, key=len, reverse=True))
# A number: digits with "." / "," groups; never part of a date (31/5/2023) or a code (617/BC).
NUMBER_RE = re.compile(r"(?<![\w.,])[-−]?\d+(?:[.,]\d+)*")
_SCALE_RE = re.compile(r"\s*(nghìn|ngàn|triệu|tỷ|tỉ)(?![\wÀ-ỹ])", re.IGNORECASE)
# the unit must end at a word boundary: "ha" but not "hai", "đ" but not "đạt"
_UNIT_RE = re.compile(rf"\s*({_UNIT_ALT})(?![\wÀ-ỹ])", re.IGNORECASE)
_PERCENT_RE = re.compile(r"\s*%")
_DATE_RE = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{2,4}(?![\d/])")
_OPEN, _CLOSE = "(“[", ")”]"


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str  # the number as printed: "1.051,12"
    value: Decimal  # as printed, before the multiplier
    unit: str  # canonical unit, "" when none is printed, ANY_UNIT for a bare "tỷ"
    scale: Decimal  # 1, or 10^3 / 10^6 / 10^9 for nghìn / triệu / tỷ
    start: int  # offsets of the number in the paragraph
    end: int  # end of the number and its unit words
    depth: int  # how many "(" / "“" are open before it

    @property
    def amount(self) -> Decimal:
        """The value in base units: 3,35 tỷ đồng -> 3 350 000 000."""
        return self.value * self.scale

    @property
    def decimals(self) -> int:
        """Decimals as printed: '45,3' -> 1, '1.287' -> 0 (the '.' groups thousands)."""
        exponent = self.value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0

    @property
    def half_unit(self) -> Decimal:
        """Half a unit of the last printed digit, in base units; 0 for an exact count."""
        if self.unit not in MEASURES and self.unit != ANY_UNIT and self.scale == 1:
            return Decimal(0)
        return Decimal(5).scaleb(-self.decimals - 1) * self.scale

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def shown(self) -> str:
        """How it reads in a message: '1.051,12 ha', '45,3%'."""
        if self.unit == "%":
            return f"{self.text}%"
        scale = next((w for w, s in SCALES.items() if s == self.scale), "") if self.scale != 1 else ""
        unit = "" if self.unit == ANY_UNIT else self.unit
        return " ".join(p for p in (self.text, scale, unit) if p)


def compatible(a: Quantity, b: Quantity) -> bool:
    """Same kind of thing (the multiplier may differ): both ha, both money, or one unit-less."""
    return a.unit == b.unit or ANY_UNIT in (a.unit, b.unit) or "" in (a.unit, b.unit)


def find_quantities(text: str) -> list[Quantity]:
    """Every number of the paragraph with the unit printed right after it (or after "x/y")."""
    depths = _depths(text)
    out: list[Quantity] = []
    dates = [m.span() for m in _DATE_RE.finditer(text)]
    for m in NUMBER_RE.finditer(text):
        raw = m.group().replace("−", "-")
        if any(a <= m.start() < b for a, b in dates):
            continue  # a date (31/5/2023) is not a figure
        value = parse_vn_number(raw)
        if value is None:
            continue
        unit, scale, end = _unit_after(text, m.end())
        out.append(Quantity(raw, value, unit, scale, m.start(), end, depths[m.start()]))
    return _share_units_across_slash(text, out)


def _unit_after(text: str, pos: int) -> tuple[str, Decimal, int]:
    if (m := _PERCENT_RE.match(text, pos)):
        return "%", Decimal(1), m.end()
    scale = Decimal(1)
    if (m := _SCALE_RE.match(text, pos)):
        scale, pos = SCALES[m.group(1).lower()], m.end()
    if (m := _UNIT_RE.match(text, pos)):
        return _UNIT_NAMES[m.group(1).lower()], scale, m.end()
    return (ANY_UNIT if scale != 1 else ""), scale, pos


def _share_units_across_slash(text: str, qs: list[Quantity]) -> list[Quantity]:
    """'1.990,48/1.979,0 ha': the numerator takes the denominator's unit and multiplier."""
    out = list(qs)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.unit == "" and text[a.end:b.start].strip() == "/":
            out[i] = Quantity(a.text, a.value, b.unit, b.scale, a.start, a.end, a.depth)
    return out


def _depths(text: str) -> list[int]:
    """Parenthesis / quotation depth before each character (never below 0)."""
    depth, out = 0, []
    for ch in text:
        out.append(depth)
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    out.append(depth)
    return out


def unit_of(unit_words: str) -> tuple[str, Decimal]:
    """(canonical unit, multiplier) of a unit as a catalog or a table column writes it: "triệu đồng" ->
    ("đồng", 10^6); ("", 1) for none or an unknown word."""
    q = find_quantities(f"1 {unit_words}".strip()) if unit_words else []
    return (q[0].unit, q[0].scale) if q else ("", Decimal(1))
