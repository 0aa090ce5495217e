"""Targets as a resolution (Nghị quyết HĐND) states them, and their evaluation. Pure: no I/O.

A plan cell may hold:
- a number: "7", "1.234,5", "8,5 %" (the usual case: % of plan and vượt / đạt / không đạt by the
  policy in formulas.evaluation);
- a range: "8,5 - 9 %", "8,5-9", "từ 8,5 đến 9";
- an inequality: "trên 95 %", "> 95" (more_than); "≥ 7 %", ">= 7", "từ 7 % trở lên", "tối thiểu 60",
  "không dưới 60" (at_least); "dưới 2 %", "< 2" (less_than); "không quá 1,5 %", "≤ 1,5", "tối đa 1,5",
  "từ 2 trở xuống" (at_most); a leading "đạt" is allowed ("đạt trên 95%");
- a verdict in words, for a target that is not numeric: "Đạt", "Không đạt" ("Chưa đạt"), "Vượt",
  "Đạt một phần" (the office states the verdict; it is taken as it is).
Numbers are Vietnamese style (formulas.vn_numbers): "," is the decimal mark, "." groups thousands.
A "%" is only the unit: the bounds are in the indicator's unit.

Evaluation (evaluate_target), with the stated actual (rounded to the indicator's decimals, so the
words agree with the figure):
- An inequality states the set of acceptable results: inside it is Đạt, outside Không đạt. There is
  nothing to exceed, so an inequality never gives Vượt (1,8% against "dưới 2%" is Đạt; offices that
  mean "vượt" state a number or a range).
- A range: inside (bounds included) is Đạt; beyond the end that `better` favours is Vượt (9,2 against
  "8,5 - 9" higher-is-better); beyond the other end Không đạt (8,0). Lower is better: below the low
  end Vượt, above the high end Không đạt.
- The period's share of the year (formulas.evaluation.threshold_for) scales only what must be
  *reached* by a cumulative indicator against a year basis, higher is better: the low end of a
  range and the bound of "≥ / trên" (1.000 tỷ đồng "trở lên" a year: 500 is Đạt at 6 months). A
  rate, a stock or a growth rate (cumulative: false) is never scaled: "8,5 - 9 %" growth is the
  same target at 6 months as at the year's end. A ceiling ("dưới", "không quá", the high end of a
  range) is not scaled, as a lower-is-better plan is not (formulas.evaluation). Before the year's
  end a range's high end reached counts as Vượt, as 100% of a year number does.
- % of plan is not computed against a range or an inequality (it would be a % of a bound the
  resolution did not set as the plan): the % column stays blank and the sentence states the target
  ("đạt mục tiêu 8,5 - 9%", "đạt kế hoạch (dưới 2% theo kế hoạch)").
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from formulas.evaluation import evaluate
from formulas.results import CUOI_NAM, DAT, DAT_MOT_PHAN, KHONG_DAT, VUOT
from formulas.vn_numbers import format_vn, parse_vn_number

HUNDRED = Decimal(100)

NUMBER, RANGE, AT_LEAST, AT_MOST, MORE_THAN, LESS_THAN, VERDICT = (
    "number", "range", "at_least", "at_most", "more_than", "less_than", "verdict")
KINDS = (NUMBER, RANGE, AT_LEAST, AT_MOST, MORE_THAN, LESS_THAN, VERDICT)

# What the template's input message says a plan cell accepts (workbook_templates.builder).
FORMS_HINT = ("Nhập số (ví dụ 1.979,5), khoảng '8,5 - 9', hoặc 'trên 95', 'từ 7 trở lên', 'dưới 2', "
              "'không quá 1,5'; chỉ tiêu không định lượng: 'Đạt', 'Không đạt', 'Vượt', 'Đạt một phần'.")


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # one of KINDS
    low: Decimal | None = None  # number: the value; range and at_least / more_than: the lower bound
    high: Decimal | None = None  # range and at_most / less_than: the upper bound
    verdict: str | None = None  # kind verdict: VUOT | DAT | KHONG_DAT | DAT_MOT_PHAN

    @property
    def is_number(self) -> bool:
        return self.kind == NUMBER


_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u3000\t\r\n"), " ")
_DASHES = dict.fromkeys(map(ord, "\u2013\u2014\u2212\ufe63\uff0d"), "-")
_NUM = r"(\d[\d.,]*)"
_VERDICTS = {"đạt": DAT, "vượt": VUOT, "không đạt": KHONG_DAT, "chưa đạt": KHONG_DAT,
             "đạt một phần": DAT_MOT_PHAN}
_VERDICT_TAILS = ("", " kế hoạch", " kh", " chỉ tiêu", " mục tiêu")
_OPS = {  # prefix -> kind, longest first so "không quá" is not read as something shorter
    ">=": AT_LEAST, "=>": AT_LEAST, "≥": AT_LEAST, "tối thiểu": AT_LEAST, "ít nhất": AT_LEAST,
    "không dưới": AT_LEAST, "không thấp hơn": AT_LEAST, "không nhỏ hơn": AT_LEAST,
    "<=": AT_MOST, "=<": AT_MOST, "≤": AT_MOST, "tối đa": AT_MOST, "nhiều nhất": AT_MOST,
    "không quá": AT_MOST, "không vượt quá": AT_MOST, "không vượt": AT_MOST, "không cao hơn": AT_MOST,
    "không lớn hơn": AT_MOST,
    ">": MORE_THAN, "trên": MORE_THAN, "hơn": MORE_THAN, "lớn hơn": MORE_THAN, "cao hơn": MORE_THAN,
    "<": LESS_THAN, "dưới": LESS_THAN, "nhỏ hơn": LESS_THAN, "thấp hơn": LESS_THAN,
}
_OP_RE = re.compile("(" + "|".join(re.escape(k) for k in sorted(_OPS, key=len, reverse=True)) + r")\s*" + _NUM)
_RANGE_RE = re.compile(r"(?:từ\s+)?" + _NUM + r"\s*(?:-|đến|tới|÷|~)\s*" + _NUM)
_TU_RE = re.compile(r"(?:từ\s+)?" + _NUM + r"\s+trở\s+(lên|xuống)")


def _normal(text: str, unit: str) -> str:
    """Lower case, NFC, one space, no "%" (only the unit), dashes as "-", no leading "đạt " before a
    bound and no trailing unit."""
    s = unicodedata.normalize("NFC", text).translate(_SPACES).translate(_DASHES).casefold()
    s = " ".join(s.replace("%", " ").split())
    u = " ".join(unicodedata.normalize("NFC", unit or "").casefold().split())
    if u and u != "%" and s.endswith(" " + u):
        s = s[: -len(u) - 1].rstrip()
    s = re.sub(r"\s*([<>≤≥=])\s*", r"\1", s).replace("> =", ">=").replace("< =", "<=")
    s = re.sub(r"([<>≤≥=]+)(?=\d)", r"\1 ", s)
    return s


def parse_target(text: object, unit: str = "") -> Target | None:
    """The target stated in a plan cell's text, or None when it is none of the forms above.
    `unit` (the indicator's) may follow the number: "trên 1.000 tỷ đồng"."""
    if isinstance(text, Decimal):
        return Target(NUMBER, low=text)
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return Target(NUMBER, low=Decimal(repr(text)) if isinstance(text, float) else Decimal(text))
    if not isinstance(text, str):
        return None
    s = _normal(text, unit)
    if not s:
        return None
    for tail in _VERDICT_TAILS:
        if tail and s.endswith(tail) and s[: -len(tail)] in _VERDICTS:
            return Target(VERDICT, verdict=_VERDICTS[s[: -len(tail)]])
    if s in _VERDICTS:
        return Target(VERDICT, verdict=_VERDICTS[s])
    number = parse_vn_number(s)
    if number is not None:
        return Target(NUMBER, low=number)
    if s.startswith("đạt "):  # "đạt trên 95%", "đạt 8,5 - 9%"
        s = s[4:]
    m = _RANGE_RE.fullmatch(s)
    if m:
        low, high = _numbers(m.group(1), m.group(2))
        if low is None or high is None or low > high:
            return None
        return Target(RANGE, low=low, high=high)
    m = _TU_RE.fullmatch(s)
    if m:
        (bound,) = _numbers(m.group(1))
        if bound is None:
            return None
        return Target(AT_LEAST, low=bound) if m.group(2) == "lên" else Target(AT_MOST, high=bound)
    m = _OP_RE.fullmatch(s)
    if m:
        (bound,) = _numbers(m.group(2))
        if bound is None:
            return None
        kind = _OPS[m.group(1)]
        return Target(kind, low=bound) if kind in (AT_LEAST, MORE_THAN) else Target(kind, high=bound)
    return None


def _numbers(*texts: str) -> tuple[Decimal | None, ...]:
    return tuple(parse_vn_number(t) for t in texts)


def evaluate_target(target: Target, actual: Decimal | None, better: str = "higher",
                    threshold: Decimal = HUNDRED) -> str | None:
    """Vượt / Đạt / Không đạt (or the stated verdict) of a stated actual against a target; None
    without an actual. `threshold` is the % of the year that counts (formulas.evaluation.threshold_for)."""
    kind = target.kind
    if kind == VERDICT:
        return target.verdict
    if actual is None:
        return None
    share = min(threshold, HUNDRED) / HUNDRED if better == "higher" else Decimal(1)
    early = share < 1
    if kind == NUMBER:
        if not target.low:
            return None
        return evaluate(actual * HUNDRED / target.low, better, threshold)
    if kind == RANGE:
        low, high = target.low, target.high
        if better == "lower":
            return VUOT if actual < low else DAT if actual <= high else KHONG_DAT
        if actual > high or (early and actual >= high):
            return VUOT
        return DAT if actual >= low * share else KHONG_DAT
    if kind == AT_LEAST:
        return DAT if actual >= target.low * share else KHONG_DAT
    if kind == MORE_THAN:
        return DAT if actual > target.low * share else KHONG_DAT
    if kind == AT_MOST:
        return DAT if actual <= target.high else KHONG_DAT
    if kind == LESS_THAN:
        return DAT if actual < target.high else KHONG_DAT
    return None


def satisfies(condition: Target, value: Decimal | None) -> bool:
    """Whether a value meets a condition stated as a target (a number: equal; a range: within it; a
    bound: on its side) — the test of aggregate: count ("số xã đạt chuẩn")."""
    if value is None or condition.kind == VERDICT:
        return False
    low, high = condition.low, condition.high
    return {NUMBER: lambda: value == low, RANGE: lambda: low <= value <= high,
            AT_LEAST: lambda: value >= low, MORE_THAN: lambda: value > low,
            AT_MOST: lambda: value <= high, LESS_THAN: lambda: value < high}[condition.kind]()


def group_verdict(verdicts: Iterable[str | None]) -> str | None:
    """The verdict of a target made of members (cơ cấu kinh tế: the shares of its sectors): Đạt only
    where every member is Đạt or Vượt (Vượt where every member is Vượt); Không đạt where none is;
    Đạt một phần where some are. Not judged (None) while a member is not, nor without members;
    Đánh giá cuối năm while a member waits for the year's end."""
    verdicts = list(verdicts)
    if not verdicts or any(v is None for v in verdicts):
        return None
    if CUOI_NAM in verdicts:
        return CUOI_NAM
    met = [v in (VUOT, DAT) for v in verdicts]
    if all(met):
        return VUOT if all(v == VUOT for v in verdicts) else DAT
    if any(met) or DAT_MOT_PHAN in verdicts:
        return DAT_MOT_PHAN
    return KHONG_DAT


def _with_unit(number: Decimal, unit: str) -> str:
    unit = (unit or "").strip()
    text = format_vn(number)
    if not unit:
        return text
    return text + "%" if unit == "%" else f"{text} {unit}"


def describe(target: Target, unit: str = "") -> str:
    """The target in a sentence: "8,5 - 9%", "trên 95%", "từ 7% trở lên", "dưới 2%", "không quá
    1,5%", "1.000 tỷ đồng"; a verdict is its word."""
    kind = target.kind
    if kind == VERDICT:
        return target.verdict or ""
    if kind == NUMBER:
        return _with_unit(target.low, unit)
    if kind == RANGE:
        return f"{format_vn(target.low)} - {_with_unit(target.high, unit)}"
    if kind == AT_LEAST:
        return f"từ {_with_unit(target.low, unit)} trở lên"
    if kind == MORE_THAN:
        return f"trên {_with_unit(target.low, unit)}"
    if kind == AT_MOST:
        return f"không quá {_with_unit(target.high, unit)}"
    return f"dưới {_with_unit(target.high, unit)}"
