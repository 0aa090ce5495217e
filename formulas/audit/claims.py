"""Numeric claims of a hand-typed report: what the text says its figures are related by.

One paragraph at a time (plus one look back for a "tổng" rate after a list of rates). Regex-based on
purpose: a report's sentences are formulaic ("đạt X% so với kế hoạch", "trong đó", "x/y ha, bằng X%
KH"), and a rule one can read is one a reviewer can trust. Kinds:

- RATIO      "1.051,12/957,9 ha, bằng 109,84% KH"             stated % = 100·x/y
- PLAN       "634.689 triệu đồng, đạt 54,27% so với kế hoạch (KH …)"   stated % = 100·value/plan
- SAME       "bằng 103,71% so với cùng kỳ (cùng kỳ …)"           stated % = 100·value/same period
- CHANGE     "tăng / giảm 21,09% so với cùng kỳ (…)"             stated % = 100·value/same − 100
- SHARE      "…, chiếm 6,78% tổng số …"                          stated % = 100·part/whole ≤ 100
- POINTS     "6,78%, giảm 1,51 điểm phần trăm (cùng kỳ 8,29%)"   stated = rate − earlier rate
- SUM        "1.085 mũi, trong đó: 759 mũi …, 299 mũi"; "15 chỉ tiêu: 01 vượt, 12 đạt, 02 …"
- FRACTION   "đạt 08/19 tiêu chí"                                x ≤ y
- AGGREGATE  "Cấp huyện: 1.287/1.741 đạt 73,8%. Cấp xã: … Tổng … đạt: 75,3%"   Σx/Σy
- DIFFERENCE "96 hộ, tăng 25 hộ so với cùng kỳ (71 hộ)"; "giảm từ 1.344 hộ xuống 1.125 hộ, giảm 219 hộ"
- TIMES      "312 hồ sơ, gấp 2,6 lần cùng kỳ (120 hồ sơ)"         stated = value / basis
A claim whose inputs are not all printed is kept (inputs None): the checker says why it cannot
recompute it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from formulas.audit.quantities import Quantity, compatible, find_quantities

RATIO, PLAN, SAME, CHANGE, SHARE, POINTS, SUM, FRACTION, AGGREGATE, DIFFERENCE, TIMES = (
    "tỷ lệ x/y", "so với kế hoạch", "so với cùng kỳ", "tăng/giảm", "tỷ trọng", "điểm phần trăm",
    "tổng", "x/y", "tỷ lệ chung", "chênh lệch", "số lần")


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int  # 1-based number of the paragraph in the document (non-empty ones)
    text: str
    cell: str = ""  # "bảng 1, dòng 2, cột 3" for a table cell
    # a row's place in a cell merged down from the row above: its text is that cell's (index too),
    # there for the table's rows only; the text claims read it once, at the top
    merged: bool = False


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str
    paragraph: int
    quote: str  # the sentence, as printed (shortened when long)
    stated: Quantity  # the stated result: a %, a total, a difference
    inputs: tuple[Quantity | None, ...]  # RATIO (x, y); PLAN… (value, basis); SUM (parts…)
    sign: int = 1  # CHANGE / POINTS: +1 "tăng", −1 "giảm"
    basis: str = ""  # the words naming the basis: "kế hoạch", "cùng kỳ", "dự toán tỉnh giao"
    exhaustive: bool = True  # SUM: "gồm", "(…)", ":" list every part; "trong đó" may not
    members: tuple[Quantity, ...] = ()  # AGGREGATE: the member rates as printed
    cell: str = ""
    verb: str = ""  # PLAN / SAME: "đạt", "bằng", "vượt" … ("vượt 4% dự toán" states the excess)


# ---- sentences -------------------------------------------------------------------------------
# A sentence ends at . ! ? followed by a space (numbers never have a space after their dots).
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        else:
            return start, m.end()
    return start, len(text)


_CLAUSE_END = re.compile(r"[.!?;](?=\s|$)")


def _quote(text: str, start: int, end: int, limit: int = 260) -> str:
    """The clause (up to '.' or ';') holding the claim: short enough to find it in the report."""
    a = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    m = _CLAUSE_END.search(text, max(start, end - 1))
    b = m.end() if m else len(text)
    if b - a > limit:  # a long clause: a window around the claim, marked with "…"
        a2, b2 = max(a, start - 100), min(b, max(end, start) + 100)
        head = "…" if a2 > a else ""
        tail = "…" if b2 < b else ""
        return head + " ".join(text[a2:b2].split()) + tail
    s = " ".join(text[a:b].split()).strip("* ")
    return s if len(s) <= limit else s[:limit - 1].rstrip() + "…"


def _same_sentence(text: str, a: int, b: int) -> bool:
    return _sentence_bounds(text, a) == _sentence_bounds(text, b)


# ---- word patterns ---------------------------------------------------------------------------
_BASIS = r"(kế hoạch|KH|dự toán|chỉ tiêu(?: Nghị quyết| NQ)?|mục tiêu|Nghị quyết|NQ|cùng kỳ|CK|năm trước|tổng số|tổng)"
_SAME_WORDS = ("cùng kỳ", "ck", "năm trước")
# what may stand between a % and its basis: "so với", "với", "trên"
# longest first: "năm 2025" and "năm trước" before "năm", or the year is left over as if it were the basis
_BASIS_TAIL = (r"(?:năm \d{4}|năm trước|vốn|năm|vụ|tỉnh|huyện|xã|giao|đề ra|được giao|trung ương|HĐND|UBND|cấp trên"
               r"|Nghị quyết|NQ)")
_AFTER_RE = re.compile(rf"\s*(?:so\s+với\s+|so\s+|với\s+|trên\s+|của\s+)?{_BASIS}(?![\wÀ-ỹ])"
                       rf"((?:\s+{_BASIS_TAIL})*)", re.IGNORECASE)
# "so với năm 2024", "so với cuối năm 2024": the same-period comparison named by its year
_YEAR_COMPARISON_RE = re.compile(r"\s*so với (?:cuối |đầu )?năm \d{4}", re.IGNORECASE)
_VERB_RE = re.compile(r"(đạt|bằng|tăng|giảm|chiếm|vượt)\s*(?:tỷ lệ|tỷ trọng|khoảng|gần|trên|hơn|được)?\s*:?\s*$",
                      re.IGNORECASE)
# the basis figure printed after the phrase: "(KH 1.895 tỷ)", "(cùng kỳ năm 2022: 1.805 tỷ đồng)", "là …"
_BASIS_VALUE_RE = re.compile(
    r"^[\s,;]*\(?\s*(?:so\s+với\s+)?(?:kế hoạch|KH|dự toán|cùng kỳ|CK|tổng số|tổng|năm trước|Nghị quyết|NQ)?"
    r"(?:\s*(?:năm\s+\d{4}|năm trước|(?:19|20)\d\d|giao|được giao|tỉnh giao|huyện giao|là))*\s*[:=]?\s*(?:là\s*)?$",
    re.IGNORECASE)
_RATIO_GAP_RE = re.compile(r"^(?:[\s,;:(]*|[^\d%.;]{0,45}?(?:đạt|bằng|chiếm)\s*(?:tỷ lệ\s*)?(?:là\s*)?:?\s*)$", re.IGNORECASE)
_LABEL_RE = re.compile(r"(kế hoạch|KH|dự toán|cùng kỳ)", re.IGNORECASE)
_BASIS_LABEL_RE = re.compile(r"(?<![\wÀ-ỹ])(KH|kế hoạch|dự toán|cùng kỳ|CK)\s*(?:năm\s+\d{4})?\s*:?\s*$", re.IGNORECASE)
_WHOLE_RE = re.compile(r"(?<![\wÀ-ỹ])(tổng)(?![\wÀ-ỹ])", re.IGNORECASE)
_KEYWORD_RE = re.compile(r"(?<![\wÀ-ỹ])(trong đó|bao gồm|gồm)(?![\wÀ-ỹ])", re.IGNORECASE)
_VERDICT_RE = re.compile(r"\s*(vượt|đạt|không đạt|chưa đạt|cơ bản đạt|hoàn thành|chưa hoàn thành)(?![\wÀ-ỹ])",
                         re.IGNORECASE)
_VERDICT_UNITS = ("chỉ tiêu", "nhiệm vụ", "tiêu chí")
_TOTAL_RE = re.compile(r"(tổng|chung|toàn huyện|toàn tỉnh|toàn xã|cả hai cấp)", re.IGNORECASE)


def _slash(text: str, a: Quantity, b: Quantity) -> bool:
    """'x/y' (not a document number such as 116/2010/NĐ-CP)."""
    if text[b.end:b.end + 1] == "/" or text[max(0, a.start - 1):a.start] == "/":
        return False
    return text[a.end:b.start].strip() == "/"


# ---- one paragraph ---------------------------------------------------------------------------
def extract_claims(paragraph: Paragraph) -> list[Claim]:
    """Every claim of one paragraph, in the order of the text."""
    qs = find_quantities(paragraph.text)
    used: set[int] = set()  # indexes of % quantities a claim has taken as its stated value
    claims = (_ratios(paragraph, qs, used) + _relations(paragraph, qs, used) + _sums(paragraph, qs)
              + _differences(paragraph, qs) + _times(paragraph, qs))
    from_to = _from_to(paragraph, qs)  # "từ A xuống B, giảm D": D is read with both its figures there
    taken = {c.stated.start for c in from_to}
    claims = [c for c in claims if c.stated.start not in taken] + from_to
    sums = [c for c in claims if c.kind == SUM]
    return sorted((_whole_of_part(c, sums) for c in claims), key=lambda c: c.stated.start)


def _whole_of_part(claim: Claim, sums: list[Claim]) -> Claim:
    """A share stated beside a part of a breakdown is of the breakdown's total: "3.250 người, trong
    đó: nông nghiệp 1.850 người (chiếm 56,9%), …"."""
    if claim.kind != SHARE or claim.inputs[0] is None or claim.inputs[1] is not None:
        return claim
    part = claim.inputs[0]
    for total in sums:
        if any(q.start == part.start for q in total.inputs):
            return replace(claim, inputs=(part, total.stated))
    return claim


def _claim(p: Paragraph, kind: str, stated: Quantity, inputs, start: int, end: int, **kw) -> Claim:
    return Claim(kind, p.index, _quote(p.text, start, end), stated, tuple(inputs), cell=p.cell, **kw)


def _ratios(p: Paragraph, qs: list[Quantity], used: set[int]) -> list[Claim]:
    """'x/y unit, đạt S%' and 'S% (x/y unit)'; a pair with no % is a FRACTION for counts of targets."""
    out, text = [], p.text
    for i in range(len(qs) - 1):
        x, y = qs[i], qs[i + 1]
        if x.is_percent or y.is_percent or not _slash(text, x, y) or not compatible(x, y):
            continue
        if i > 0 and _slash(text, qs[i - 1], x):
            continue  # the middle of a/b/c
        nxt = qs[i + 2] if i + 2 < len(qs) else None
        prev = qs[i - 1] if i > 0 else None
        if nxt and nxt.is_percent and (i + 2) not in used and _RATIO_GAP_RE.match(text[y.end:nxt.start]):
            used.add(i + 2)
            out.append(_claim(p, RATIO, nxt, (x, y), x.start, nxt.end, basis=_basis_after(text, nxt)))
        elif prev and prev.is_percent and (i - 1) not in used and re.fullmatch(r"\s*\(\s*", text[prev.end:x.start]):
            used.add(i - 1)
            out.append(_claim(p, RATIO, prev, (x, y), prev.start, y.end))
        elif y.unit in _VERDICT_UNITS:
            out.append(_claim(p, FRACTION, y, (x, y), x.start, y.end))
    return out


def _basis_after(text: str, q: Quantity) -> str:
    m = _AFTER_RE.match(text, q.end)
    return " ".join((m.group(1) + m.group(2)).split()) if m else ""


def _relations(p: Paragraph, qs: list[Quantity], used: set[int]) -> list[Claim]:
    """Each remaining 'đạt / bằng / tăng / giảm / chiếm S% <basis>' and 'tăng / giảm D điểm %'; a % that
    follows another relation after a comma takes its verb: 'bằng 100,58% KH, 45,3% KH năm'."""
    out, text = [], p.text
    last_word, last_end = "", -1
    for i, q in enumerate(qs):
        if i in used or q.unit not in ("%", "điểm %"):
            continue
        verb = _VERB_RE.search(text[max(0, q.start - 30):q.start])
        if verb:
            word = verb.group(1).lower()
        elif last_word and re.fullmatch(_SHARED_VERB_GAP, text[last_end:q.start]):
            word = last_word
        elif i > 0 and (i - 1) in used and (word := _verb_of_ratio(text, qs[i - 1], q)):
            pass  # "1.990,48/1.979,0 ha, bằng 100,58% KH, 45,3% KH năm": the x/y ratio's verb
        else:
            continue
        sign = -1 if word == "giảm" else 1
        after = _AFTER_RE.match(text, q.end)
        year = None if after else _YEAR_COMPARISON_RE.match(text, q.end)
        phrase_end = after.end() if after else (year.end() if year else q.end)
        basis = " ".join((after.group(1) + after.group(2)).split()) if after else ""
        is_same = basis.lower().startswith(_SAME_WORDS) or year is not None
        if not verb and not after and not year:
            continue  # ", 45,3%" with neither basis nor comparison: not a relation
        base = _basis_value(text, qs, i, phrase_end)
        if q.unit == "điểm %" or (word in ("tăng", "giảm") and base is not None and base.is_percent):
            value = _value_before(text, qs, i, percent_ok=True, percent_only=True)
            out.append(_claim(p, POINTS, q, (value, base), q.start, q.end, sign=sign, basis=basis))
        elif word in ("tăng", "giảm") and (is_same or not basis):
            if not is_same and not re.match(r"^\s*so với", text[q.end:]):
                continue  # "tăng 5%" with no comparison: nothing to recompute against
            value = _value_before(text, qs, i)
            out.append(_claim(p, CHANGE, q, (value, base), q.start, phrase_end, sign=sign, basis=basis or "cùng kỳ"))
        elif word == "chiếm":
            value = _value_before(text, qs, i)
            if base is None:
                base = _whole_after(text, qs, i, value)
            if base is None:  # "Tổng … 3.533.615 triệu đồng, trong đó: … 634.689 triệu đồng (… chiếm 17,96%)"
                base = _labelled_before(text, qs, i, value, _WHOLE_RE)
            out.append(_claim(p, SHARE, q, (value, base), q.start, phrase_end, basis=basis))
        elif basis or is_same:  # đạt / bằng / vượt … kế hoạch | cùng kỳ
            value = _value_before(text, qs, i, percent_ok=True)
            if base is None and not is_same:
                base = _labelled_before(text, qs, i, value)
            out.append(_claim(p, SAME if is_same else PLAN, q, (value, base), q.start, phrase_end,
                              basis=basis or "cùng kỳ", verb=word))
        else:
            continue
        used.add(i)
        last_word, last_end = word, phrase_end
    return out


_SHARED_VERB_GAP = r"\s*(?:\([^()]*\))?\s*,\s*"  # ", " or " (KH 92.000 ha), " between two relations


def _verb_of_ratio(text: str, before: Quantity, q: Quantity) -> str:
    """The verb of the stated % of an x/y ratio right before `q`, when only a comma parts them."""
    after = _AFTER_RE.match(text, before.end)
    if not before.is_percent or not after or not re.fullmatch(_SHARED_VERB_GAP, text[after.end():q.start]):
        return ""
    verb = _VERB_RE.search(text[max(0, before.start - 30):before.start])
    return verb.group(1).lower() if verb else "bằng"


_COMPARED_RE = re.compile(r"\s*so với\s+(cùng kỳ|năm trước|(?:cuối |đầu )?năm \d{4}|kế hoạch|KH)(?![\wÀ-ỹ])"
                          r"(?:\s+năm(?: trước| \d{4})?)?", re.IGNORECASE)


def _differences(p: Paragraph, qs: list[Quantity]) -> list[Claim]:
    """'tăng / giảm N <unit> so với cùng kỳ (…)': an absolute change; the figure before it less the
    earlier one printed after it must be ±N."""
    out, text = [], p.text
    for i, q in enumerate(qs):
        if q.is_percent or q.unit in ("", "*", "điểm %"):
            continue
        verb = re.search(r"(tăng|giảm)\s*(?:thêm)?\s*$", text[max(0, q.start - 15):q.start], re.IGNORECASE)
        compared = _COMPARED_RE.match(text, q.end) if verb else None
        if not compared:
            continue
        value = _value_before(text, qs, i)
        base = _basis_value(text, qs, i, compared.end())
        if value is not None and not compatible(value, q):
            value = None
        out.append(_claim(p, DIFFERENCE, q, (value, base), q.start, compared.end(),
                          sign=-1 if verb.group(1).lower() == "giảm" else 1, basis=compared.group(1)))
    return out


_FROM_RE = re.compile(r"(?<![\wÀ-ỹ])từ\s*$", re.IGNORECASE)
_TO_RE = re.compile(r"^\s*(?:lên|xuống)(?:\s+(?:còn|mức|đến))?\s*$", re.IGNORECASE)
_THEN_RE = re.compile(r"^\s*[,;]?\s*(?:tức là\s+|tức\s+)?(tăng|giảm)(?:\s+thêm)?\s*$", re.IGNORECASE)


def _from_to(p: Paragraph, qs: list[Quantity]) -> list[Claim]:
    """'giảm từ 1.344 hộ xuống còn 1.125 hộ, giảm 219 hộ' and 'từ 6,78% xuống 5,68%, giảm 1,1 điểm phần
    trăm': the change stated after a from-to is the difference of the two."""
    out, text = [], p.text
    for i in range(len(qs) - 2):
        a, b, d = qs[i], qs[i + 1], qs[i + 2]
        if not (_FROM_RE.search(text[max(0, a.start - 12):a.start]) and _TO_RE.match(text[a.end:b.start])):
            continue
        then = _THEN_RE.match(text[b.end:d.start])
        if not then or not compatible(a, b):
            continue
        sign = -1 if then.group(1).lower() == "giảm" else 1
        if a.is_percent and b.is_percent:  # a rate moves by points ("%" there is a warning of its own)
            out.append(_claim(p, POINTS, d, (b, a), a.start, d.end, sign=sign, basis="từ … đến"))
        elif not d.is_percent and d.unit not in ("", "điểm %") and compatible(d, a):
            out.append(_claim(p, DIFFERENCE, d, (b, a), a.start, d.end, sign=sign, basis="từ … đến"))
    return out


_TIMES_RE = re.compile(r"\s*lần(?:\s+so với|\s+với)?\s+(cùng kỳ|năm trước|(?:cuối |đầu )?năm \d{4}|kế hoạch|KH)"
                       r"(?![\wÀ-ỹ])(?:\s+năm(?: trước| \d{4})?)?", re.IGNORECASE)


def _times(p: Paragraph, qs: list[Quantity]) -> list[Claim]:
    """'gấp / bằng / tăng gấp X lần (so với) cùng kỳ | kế hoạch': the figure before over its basis."""
    out, text = [], p.text
    for i, q in enumerate(qs):
        if q.unit != "" or q.is_percent:
            continue
        verb = re.search(r"(gấp|bằng|tăng|đạt)(?:\s+gấp)?\s*(?:khoảng|gần|hơn|trên)?\s*$",
                         text[max(0, q.start - 20):q.start], re.IGNORECASE)
        basis = _TIMES_RE.match(text, q.end) if verb else None
        if not basis:
            continue
        value = _value_before(text, qs, i)
        base = _basis_value(text, qs, i, basis.end())
        # "tăng 2 lần" is read both ways in reports (×2 or ×3): only "tăng" without "gấp" allows both
        loose = verb.group(0).strip().lower() == "tăng"
        out.append(_claim(p, TIMES, q, (value, base), q.start, basis.end(), basis=basis.group(1),
                          sign=0 if loose else 1))
    return out


def _is_relation_result(text: str, q: Quantity) -> bool:
    """'đạt 114,14% dự toán', '45,3% KH năm': a stated relation, never the figure of another."""
    return q.is_percent and bool(_AFTER_RE.match(text, q.end))


def _value_before(text: str, qs: list[Quantity], i: int, percent_ok: bool = False,
                  percent_only: bool = False) -> Quantity | None:
    """The figure a relation is about: the nearest one before it in the sentence, the numerator of an
    x/y pair. Skipped: bare numbers (years), figures in brackets deeper than the relation ('(KH 5.500
    tấn)'), figures labelled as a basis ('dự toán 4.000'), and other stated relations — except, when
    a rate is wanted (percent_ok), a share ('chiếm 4,8%'), which is a rate itself."""
    for j in range(i - 1, -1, -1):
        q = qs[j]
        if not _same_sentence(text, q.start, qs[i].start):
            return None
        if (q.unit == "" and not q.is_percent) or q.depth > qs[i].depth or _BASIS_LABEL_RE.search(text[:q.start]):
            continue
        if (q.is_percent and not percent_ok) or (percent_only and not q.is_percent):
            continue
        if q.is_percent and _is_relation_result(text, q) and not re.search(r"chiếm[^\d]{0,20}$", text[:q.start]):
            continue
        if j > 0 and _slash(text, qs[j - 1], q):
            return qs[j - 1]
        return q
    return None


_WHOLE_NAMED_RE = re.compile(r"^\s*(?:so với\s+|của\s+)?(?:tổng số|tổng)(?![\wÀ-ỹ])[^\d();.%]{0,40}?[(:]\s*$",
                             re.IGNORECASE)


def _whole_after(text: str, qs: list[Quantity], i: int, value: Quantity | None) -> Quantity | None:
    """A share's whole named after it, its figure in brackets or after a colon: 'chiếm 6,5% tổng số hộ
    (23.385 hộ)', 'chiếm 4,8% tổng số hộ toàn xã: 2.000 hộ'."""
    if value is None or i + 1 >= len(qs):
        return None
    q = qs[i + 1]
    if q.is_percent or not compatible(q, value) or not _WHOLE_NAMED_RE.match(text[qs[i].end:q.start]):
        return None
    return q


def _is_year(q: Quantity) -> bool:
    return q.unit == "" and q.decimals == 0 and 1900 <= q.value <= 2100 and "." not in q.text and "," not in q.text


def _basis_value(text: str, qs: list[Quantity], i: int, after: int) -> Quantity | None:
    """The basis printed right after the phrase: '(KH 1.895 tỷ)', 'so với cùng kỳ (8,29%)'."""
    for q in qs[i + 1:]:
        if q.start < after:
            continue
        gap = text[after:q.start]
        if q.unit == "" and (re.search(r"năm\s*$", gap) or _is_year(q)):
            continue  # "cùng kỳ năm 2022", "(2025: 1.805 tỷ đồng)": a year is never the basis
        if _is_relation_result(text, q) or not _BASIS_VALUE_RE.match(gap) or len(gap) >= 40:
            return None
        if ";" in gap and not re.search(r"[(\wÀ-ỹ]", gap):
            return None  # "chiếm 80%; 3 xã …": a bare ";" starts the next clause, not a basis
        return q
    return None


def _labelled_before(text: str, qs: list[Quantity], i: int, value: Quantity | None,
                     label: re.Pattern | None = None) -> Quantity | None:
    """A basis printed earlier in the sentence under its own label: 'Tổng kế hoạch vốn … giao:
    144.049 triệu đồng, kết quả giải ngân …: 73.417 triệu đồng, đạt 50,96% kế hoạch vốn giao'.
    A label inside another relation ('… đạt 51,93% so với kế hoạch, trong đó: …') is not one."""
    if value is None:
        return None
    label = label or _LABEL_RE
    for j in range(i - 1, -1, -1):
        q = qs[j]
        if not _same_sentence(text, q.start, qs[i].start):
            return None
        if q is value or q.is_percent or q.unit == "" or not compatible(q, value):
            continue
        label_from = max((r.end for r in qs[:j] if r.unit), default=0)
        window = text[max(label_from, q.start - 60):q.start]
        found = [m for m in label.finditer(window)
                 if not re.search(r"(so với|đạt|bằng|%)\s*$", window[:m.start()])]
        if found and q.start < value.start:
            return q
    return None


def _sums(p: Paragraph, qs: list[Quantity]) -> list[Claim]:
    """'A, trong đó B, C' / 'A gồm B, C' / 'A (B, C)' / 'N chỉ tiêu: 01 vượt, 12 đạt, …'."""
    out, text = [], p.text
    for i, total in enumerate(qs[:-1]):
        if total.is_percent or total.unit in ("", "điểm %"):
            continue
        # the keyword may follow the total's own rates: "3.533.615 triệu đồng, đạt 51,93% KH, trong đó: …"
        nxt = next((q for q in qs[i + 1:] if not q.is_percent), qs[i + 1])
        gap = text[total.end:nxt.start]
        if len(gap) > 140 or _SENTENCE_END.search(gap):
            continue
        key = _KEYWORD_RE.search(gap)
        if key:
            exhaustive = key.group(1).lower() != "trong đó"
            inside = total.depth + (1 if "(" in gap[:key.start()] else 0)
        elif re.match(r"^[^()\d;:]{0,30}\(", gap):
            exhaustive, inside = True, total.depth + 1
        elif re.match(r"^[^\d;.,()]{0,25}:", gap) and total.unit in _VERDICT_UNITS:  # "12 chỉ tiêu chủ yếu: …"
            exhaustive, inside = True, total.depth
        else:
            continue
        depth = max(inside, nxt.depth)
        breakdowns = [(total, _parts(text, qs, i + 1, total, depth))]
        if i > 0 and _slash(text, qs[i - 1], total):
            before = qs[i - 1]
            if before.unit != total.unit:  # "238 lượt/255 công dân (trong đó: 25 lượt/34 công dân, …)"
                breakdowns.append((before, _parts(text, qs, i + 1, before, depth)))
            else:
                # "1.200 ha/1.500 ha, đạt 80% KH; trong đó …": the parts are of the result or of the plan —
                # whichever they come closer to (usually the result, the figure before the slash)
                parts = breakdowns[0][1]
                whole = sum((q.amount for q in parts), Decimal(0))
                breakdowns = [(min((before, total), key=lambda t: abs(t.amount - whole)), parts)]
        for t, parts in breakdowns:
            if len(parts) >= 2 or (parts and key):  # one part in brackets is a detail, not a breakdown
                out.append(_claim(p, SUM, t, parts, t.start, parts[-1].end, exhaustive=exhaustive))
    return out


def _parts(text: str, qs: list[Quantity], start: int, total: Quantity, inside: int) -> list[Quantity]:
    """The parts of a breakdown: figures of the total's unit at the depth of the first one, until
    the sentence ends or the bracket closes; figures nested deeper belong to a part, not the total."""
    parts: list[Quantity] = []
    base = None
    last = total.end
    for q in qs[start:]:
        if not _same_sentence(text, total.start, q.start) or q.depth < inside:
            break
        if parts and _WHOLE_RE.search(text[last:q.start]):
            break  # "…, đàn lợn 24.700 con; tổng đàn gia cầm 520 nghìn con": a new total, not a part
        last = q.end
        verdict = q.unit == "" and total.unit in _VERDICT_UNITS and _VERDICT_RE.match(text, q.end)
        if not (verdict or (q.unit == total.unit and not q.is_percent)):
            continue
        if base is None:
            base = q.depth
        if q.depth == base:
            parts.append(q)
    return parts


# ---- a document ------------------------------------------------------------------------------
def extract_document(paragraphs: list[Paragraph]) -> list[Claim]:
    """The claims of every paragraph, plus what spans paragraphs: AGGREGATE, a lone rate after the
    word "tổng" that follows two or more x/y rates in this or the paragraphs just before (the total
    of the list); a breakdown whose parts are the bulleted lines below its total ("… 8.215 ha, trong
    đó:" then "- Rừng sản xuất: 7.640 ha;"); a share whose whole is the "tổng" of the sentence or
    paragraph before ("Tổng thu … 9.845 tỷ đồng." then "Trong đó, thu nội địa …, chiếm 90,52%")."""
    out: list[Claim] = []
    recent: list[Claim] = []  # RATIO claims of the paragraphs just before, oldest first
    paragraphs = [p for p in paragraphs if not p.merged]
    for n, p in enumerate(paragraphs):
        claims = [_whole_from_before(c, p, paragraphs[n - 1] if n else None) for c in extract_claims(p)]
        taken = {id(c.stated) for c in claims}
        ratios = [c for c in claims if c.kind == RATIO]
        agg = _aggregate(p, taken, recent + ratios)
        listed = _bulleted_sum(p, paragraphs[n + 1:])
        structure = _structure_sum(p, claims)
        out.extend(claims + [c for c in (agg, listed, structure) if c])
        recent = (recent + ratios)[-6:] if ratios else []
    return out


STRUCTURE = "cơ cấu"  # basis of the SUM of a structure's shares (their whole is 100%)
_STRUCTURE_RE = re.compile(r"(?<![\wÀ-ỹ])cơ cấu(?![\wÀ-ỹ])", re.IGNORECASE)


def _structure_sum(p: Paragraph, claims: list[Claim]) -> Claim | None:
    """'Cơ cấu kinh tế: nông nghiệp chiếm 21,4%; công nghiệp … chiếm 33,9%; …': three or more shares of
    one whole in one sentence about a structure add up to 100%."""
    shares = [c for c in claims if c.kind == SHARE and c.inputs[1] is None]
    if len(shares) < 3:
        return None
    start, end = _sentence_bounds(p.text, shares[0].stated.start)
    if not _STRUCTURE_RE.search(p.text[start:shares[0].stated.start]):
        return None
    parts = tuple(c.stated for c in shares if start <= c.stated.start < end)
    if len(parts) < 3:
        return None
    first = parts[0]
    whole = Quantity("100", Decimal(100), "%", Decimal(1), first.start, first.start, first.depth)
    return Claim(SUM, p.index, _quote(p.text, first.start, parts[-1].end), whole, parts, basis=STRUCTURE,
                 cell=p.cell)


_LIST_INTRO_RE = re.compile(r"(?<![\wÀ-ỹ])(trong đó|bao gồm|gồm|cụ thể)?\s*:\s*$", re.IGNORECASE)
_BULLET_RE = re.compile(r"^\s*[-+•–*]\s*")
_PART_OF_RE = re.compile(r"^\s*(?:trong đó|trong số đó|riêng)(?![\wÀ-ỹ])", re.IGNORECASE)


def _bulleted_sum(p: Paragraph, below: list[Paragraph]) -> Claim | None:
    """'… 8.215 ha, trong đó:' + one bulleted line a part: the parts must add up to the total."""
    intro = _LIST_INTRO_RE.search(p.text)
    qs = [q for q in find_quantities(p.text) if not q.is_percent and q.unit not in ("", "điểm %")]
    if not intro or not qs or qs[-1].end < intro.start() - 60:
        return None
    total = qs[-1]
    parts: list[Quantity] = []
    for line in below:
        if not _BULLET_RE.match(line.text):
            break
        q = next((q for q in find_quantities(line.text) if q.unit == total.unit and q.depth == 0), None)
        if q is None:
            return None  # a line without a figure of the total's kind: not a breakdown of it
        parts.append(q)
    if len(parts) < 2:
        return None
    exhaustive = (intro.group(1) or "").lower() != "trong đó"
    return Claim(SUM, p.index, _quote(p.text, total.start, total.end), total, tuple(parts),
                 exhaustive=exhaustive, cell=p.cell)


def _whole_from_before(claim: Claim, p: Paragraph, previous: Paragraph | None) -> Claim:
    """A share without its whole, in a sentence that starts "Trong đó" / "Riêng": the whole is the
    figure labelled "tổng" in the sentence before (or the paragraph before)."""
    value = claim.inputs[0] if claim.inputs else None
    if claim.kind != SHARE or value is None or claim.inputs[1] is not None:
        return claim
    start, _end = _sentence_bounds(p.text, claim.stated.start)
    if not _PART_OF_RE.match(p.text[start:]):
        return claim
    before = p.text[:start] if start else (previous.text if previous else "")
    for q in find_quantities(before):
        if q.is_percent or q.unit in ("", "điểm %") or not compatible(q, value) or q.amount < value.amount:
            continue
        if _WHOLE_RE.search(before[max(0, q.start - 100):q.start]):
            return replace(claim, inputs=(value, q))
    return claim


def _aggregate(p: Paragraph, taken: set[int], ratios: list[Claim]) -> Claim | None:
    if len(ratios) < 2:
        return None
    for q in find_quantities(p.text):
        if not q.is_percent or any(q.start == c.stated.start for c in ratios if c.paragraph == p.index):
            continue
        before = p.text[max(0, q.start - 200):q.start]
        if _TOTAL_RE.search(before) and re.search(r"(đạt|là)\s*:?\s*$", before):
            members = [c for c in ratios if c.paragraph < p.index or c.stated.start < q.start]
            if len(members) >= 2:
                inputs = tuple(x for c in members for x in c.inputs)
                return _claim(p, AGGREGATE, q, inputs, q.start, q.end, members=tuple(c.stated for c in members))
    return None
