"""Vietnamese numbers: those staff typed as text ("1.990,48", "2.027.484", "54,27%"), and the one
formatter every output uses (format_vn: messages, the Word report's filters, input messages).

Pure functions, no I/O. The parser calls `parse_text_number` for every text found in a number
column; a result means "read it, but warn" and None means "not a number" (an error finding).

Decisions (a text cell has no format to tell us which convention was meant):
- "," alone is the decimal mark: "1,5" = 1.5 and "1,990" = 1.99 (Vietnamese).
- "." followed by groups of exactly three digits is a thousands separator: "1.234" = 1234,
  "2.027.484" = 2027484 (Vietnamese). A single "." that cannot be a thousands separator
  ("1.5", "0.123", "1990.48") is a decimal point (computer style): nothing else can be meant.
- Both "." and "," present: the one that comes last is the decimal mark, the other must group
  thousands correctly: "1.990,48" (Vietnamese) and "1,990.48" (English) are both 1990.48; the
  English form is reported as such in the warning so the reader can check it.
- Several "," with groups of three ("1,234,567") are English thousands separators.
- Spaces (also NBSP and thin spaces) may group thousands: "2 027 484"; leading/trailing spaces go.
- Signs: "+", "-", the Unicode minus "−" and the dashes "–" "—" before the number.
- A trailing "%" sets the percent flag; the value stays as typed: "12,5%" -> 12.5.
- Anything else (units, words, two decimal marks, bad grouping such as "1.23.4") is not a number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from formulas.rounding import HALF_UP, round_value

# Styles a parsed text was recognised as; the warning message names them.
PLAIN, VIETNAMESE, ENGLISH = "plain", "vi", "en"

_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u3000\t"), " ")
_MINUSES = "-\u2212\u2013\u2014\ufe63\uff0d"
_DIGITS = re.compile(r"\d+")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:(?P<sep>[., ])\d{3})(?:(?P=sep)\d{3})*")  # 1.234 / 12 345


@dataclass(frozen=True, slots=True)
class TextNumber:
    value: Decimal
    percent: bool  # a trailing "%" was typed
    style: str  # PLAIN | VIETNAMESE | ENGLISH


def parse_vn_number(text: str) -> Decimal | None:
    """The number in a Vietnamese-style text, or None if it is not one. "12,5%" -> Decimal("12.5")."""
    parsed = parse_text_number(text)
    return parsed.value if parsed else None


def parse_text_number(text: str) -> TextNumber | None:
    """Like parse_vn_number, but also says whether "%" was typed and which convention was seen."""
    if not isinstance(text, str):
        return None
    s = text.translate(_SPACES).strip()
    if not s:
        return None
    percent = s.endswith("%")
    if percent:
        s = s[:-1].rstrip()
    sign = ""
    if s and (s[0] in _MINUSES or s[0] == "+"):
        sign = "-" if s[0] != "+" else ""
        s = s[1:].lstrip()
    if not s or not (s[0].isdigit() and s[-1].isdigit()):
        return None
    if not s.isascii():  # other digits (e.g. Arabic-Indic) or stray letters
        return None
    parsed = _unsigned(s)
    if parsed is None:
        return None
    number, style = parsed
    return TextNumber(Decimal(sign + number), percent, style)


def _unsigned(s: str) -> tuple[str, str] | None:
    """'1.990,48' -> ('1990.48', VIETNAMESE); None when the separators make no sense."""
    if s.isdigit():
        return s, PLAIN
    dot, comma = s.rfind("."), s.rfind(",")
    if dot >= 0 and comma >= 0:  # both: the last one is the decimal mark
        dec_at = max(dot, comma)
        int_part, frac = s[:dec_at], s[dec_at + 1:]
        thousands = "." if dec_at == comma else ","
        if not frac.isdigit() or not _is_grouped(int_part, thousands):
            return None
        style = VIETNAMESE if dec_at == comma else ENGLISH
        return _strip_groups(int_part) + "." + frac, style
    if " " in s:  # spaces group thousands; what follows may hold one decimal mark
        head, _, tail = s.rpartition(" ")
        mark = "," if "," in tail else "." if "." in tail else ""
        if mark:
            last_group, frac = tail.split(mark, 1) if tail.count(mark) == 1 else ("", "")
            if not frac.isdigit() or len(last_group) != 3 or not _is_grouped(head + " " + last_group, " "):
                return None
            return _strip_groups(head) + last_group + "." + frac, VIETNAMESE if mark == "," else ENGLISH
        if not _is_grouped(s, " "):
            return None
        return _strip_groups(s), PLAIN
    if comma >= 0:
        if s.count(",") == 1:
            int_part, frac = s.split(",")
            if int_part.isdigit() and frac.isdigit():
                return int_part + "." + frac, VIETNAMESE
            return None
        if _is_grouped(s, ","):  # "1,234,567": English thousands
            return _strip_groups(s), ENGLISH
        return None
    # only dots
    if _is_grouped(s, "."):
        return _strip_groups(s), VIETNAMESE
    if s.count(".") == 1:
        int_part, frac = s.split(".")
        if int_part.isdigit() and frac.isdigit():
            return s, PLAIN  # computer style decimal point; "1.234" was taken as thousands above
    return None


def _is_grouped(s: str, sep: str) -> bool:
    """True for digits grouped by threes with sep, first group 1–3 digits not starting with 0."""
    m = _GROUPED.fullmatch(s)
    return bool(m) and m.group("sep") == sep


def _strip_groups(s: str) -> str:
    return "".join(_DIGITS.findall(s))


def format_vn(value: Decimal, decimals: int | None = None, trim: bool = False, rounding: str = HALF_UP) -> str:
    """The one Vietnamese number formatter (messages, the report, input messages): thousands ".",
    decimal ",": Decimal('1990.48') -> '1.990,48', 2027484 -> '2.027.484'.

    decimals=None keeps the digits the value carries; a number of decimals rounds to it first by the
    one rule (formulas.rounding.round_value). trim=True drops trailing zeros of the fraction
    (1979.00 -> '1.979', 45.30 -> '45,3'). Never "-0": a value that reads as zero has no sign.
    """
    if decimals is not None:
        value = round_value(value, decimals, rounding)
    text = f"{value:,f}"  # English grouping in C ("1,990.48"), then the marks swapped
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    text = text.translate(_VN_MARKS)
    if text[0] == "-" and not text.strip("-0.,"):
        text = text[1:]
    return text


_VN_MARKS = str.maketrans(",.", ".,")


def style_label(style: str) -> str:
    """How a style is named in a Vietnamese message."""
    return {VIETNAMESE: "kiểu Việt Nam", ENGLISH: "kiểu Anh (dấu chấm thập phân)", PLAIN: "dạng số thường"}[style]
