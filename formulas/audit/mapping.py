"""From a report's figures to catalog cells (issue #11, `ktxh soat … --xlsx`): which indicator and
which input column each printed figure belongs to. Pure: paragraphs + catalog in, placements out.

A figure's subject is the words of its clause just before it ("Lúa Xuân cấy ước được 1.990,48");
it is scored against each indicator's name and narrative phrase (folded: no accents, lower case;
the share of the indicator's words that the subject has, the nearest words counting more), plus a
little for the report's current heading matching the indicator's sheet. A figure lands on the best
indicator above THRESHOLD whose unit is compatible (ha with ha, triệu đồng with tỷ đồng, converted).

Its column comes from what the sentence says the figure is (formulas.audit.claims): the x of
"x/y … % KH" is the result and y the plan ("KH năm" → year plan, "KH" → period plan when the
indicator has one, "kế hoạch vốn" → capital plan); the basis of "đạt S% so với kế hoạch (KH …)" a plan,
of "so với cùng kỳ (…)" the same period; "đến nay / tính đến" the value to the cut-off date;
otherwise the period estimate. Cells are given out best score first: one figure a cell, one
cell a figure; the y of a pair follows its x. Figures that land nowhere are kept (code None) with a
short label for a custom row.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from formulas.audit import claims as C
from formulas.audit.claims import Paragraph, _quote
from formulas.audit.quantities import find_quantities, unit_of
from formulas.audit.tables import fold
from formulas.catalog import Catalog, Indicator
from formulas.main_targets import is_targets_sheet

THRESHOLD = 0.6
HEADING_BONUS = 0.15  # the figure is under a heading that names the indicator's sheet
_STOP = {"va", "cac", "cua", "so", "tong", "ty", "le", "trong", "tren", "dia", "ban", "duoc", "co", "la",
         "nam", "ky", "thuc", "hien", "uoc", "dat", "the", "nguoi", "voi", "cho", "da", "tai", "theo", "mot",
         "nhung", "den", "nay", "gom", "do", "tu", "ve", "vao", "bang", "khoang", "hon", "gan", "cong", "tac"}
_TO_DATE = re.compile(r"(đến nay|tính đến|đến hết|lũy kế|luỹ kế)", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[;:.!?](?=\s)|\n|^-\s")
_HEADING = re.compile(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+\S", re.IGNORECASE)
NO_UNIT = ("", "*", "điểm %")
_AFTER = re.compile(r"([^\d;:,.()“”]{3,60})")

# roles of a figure in its sentence
VALUE, TO_DATE, PLAN, PLAN_YEAR, PLAN_PERIOD, PLAN_CAPITAL, SAME = (
    "value", "to_date", "plan", "plan_year", "plan_period", "plan_capital", "same")


@dataclass(frozen=True, slots=True)
class Placed:
    paragraph: int
    quote: str
    value: Decimal  # in the indicator's unit when placed, else as printed (with its multiplier)
    shown: str  # as printed: "3,35 tỷ đồng"
    unit: str  # its unit words: "tỷ đồng" (the ĐVT of a custom row)
    code: str | None
    column: str | None
    label: str = ""  # the figure's subject, shortened: the name of its custom row when not placed
    heading: str = ""  # the report heading above it (custom rows go to that heading's sheet)


def tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"[a-z0-9]+", fold(text)) if t not in _STOP and not t.isdigit()]


@dataclass(frozen=True, slots=True)
class _Target:
    ind: Indicator
    words: tuple[frozenset[str], ...]  # name, phrase
    unit: str
    scale: Decimal


def _targets(catalog: Catalog) -> list[_Target]:
    out = []
    for ind in catalog.by_code.values():
        if ind.is_text:
            continue
        name = frozenset(tokens(ind.name))
        phrase = frozenset(tokens(re.sub(r"\{\w+\}", " ", ind.phrase or "")))
        if name or phrase:
            unit, scale = unit_of(ind.unit)
            out.append(_Target(ind, tuple(w for w in (name, phrase) if w), unit, scale))
    return out


def _score(subject: list[str], near: set[str], words: frozenset[str]) -> float:
    """Share of the indicator's words in the subject; words right before the figure count double."""
    have = set(subject)
    hit = len(words & have)
    if not hit:
        return 0.0
    return (hit + 0.5 * len(words & near)) / (len(words) + 0.5 * min(len(words), len(near) or 1))


STATED = "stated"  # a claim's stated result (a ratio, a change): not a figure of its own


def _roles(p: Paragraph) -> dict[int, tuple[str, int | None]]:
    """Start of a figure -> (role, start of the figure it is the basis of)."""
    roles: dict[int, tuple[str, int | None]] = {}
    for claim in C.extract_claims(p):
        if claim.kind in (C.PLAN, C.SAME, C.CHANGE, C.SHARE, C.POINTS):  # a rate's own value (x/y, S%) stays
            roles[claim.stated.start] = (STATED, None)
        if claim.kind in (C.RATIO, C.PLAN, C.SAME, C.CHANGE) and len(claim.inputs) == 2:
            value, basis = claim.inputs
            if value is None or basis is None or value.is_percent:
                continue
            roles.setdefault(value.start, (VALUE, None))
            if claim.kind in (C.SAME, C.CHANGE) or claim.basis.lower().startswith(C._SAME_WORDS):
                role = SAME
            else:
                role = _plan_role(claim.basis)
            roles[basis.start] = (role, value.start)
    return roles


def _plan_role(basis: str) -> str:
    b = basis.lower()
    if "vốn" in b:
        return PLAN_CAPITAL
    if "năm" in b or "dự toán" in b:
        return PLAN_YEAR
    if b in ("kh", "kế hoạch"):
        return PLAN_PERIOD
    return PLAN


def column_for(ind: Indicator, role: str, sheet_plans: tuple[str, ...]) -> str | None:
    """The input column of `ind` for a figure of this role, None when the indicator has none."""
    if ind.source and role in (VALUE, TO_DATE, SAME):
        return None  # a main target with a source reads its result from that code: only its plan is typed
    if role in (VALUE, TO_DATE):
        return "den_ngay" if role == TO_DATE else "uoc_ky"
    if role == SAME:
        return "cung_ky" if ind.same_period else None
    plans = [k for k in sheet_plans if k in ind.plans] or list(ind.plans)
    wanted = {PLAN_YEAR: "kh_nam", PLAN_PERIOD: "kh_ky", PLAN_CAPITAL: "kh_von"}.get(role)
    if wanted in plans:
        return wanted
    if role == PLAN_PERIOD and "kh_nam" in plans:  # "KH" in a report whose indicator has only a year plan
        return "kh_nam"
    return plans[0] if plans and role == PLAN else None


def sheet_words(catalog: Catalog) -> dict[str, frozenset[str]]:
    return {s.sheet: frozenset(tokens(s.title) + tokens(s.sheet)) for s in catalog.sheets}


def _label(text: str, limit: int = 60, first: bool = False) -> str:
    """A custom row's name: the last words of the subject (or the first, when the name follows)."""
    words = " ".join(text.split()).strip(" ,;:-–()").split(" ")
    text = " ".join(words[:10] if first else words[-10:]).strip(" ,;:-–()")
    return text if len(text) <= limit else "…" + text[-(limit - 1):]


def sheet_for(figure: Placed, catalog: Catalog, words: dict[str, frozenset[str]] | None = None) -> str:
    """The sector sheet of a figure that landed on no indicator (its custom row): the one its heading
    names, else the one its subject names, else the first. `words`: sheet_words(catalog), made once."""
    words = words or sheet_words(catalog)
    sectors = [s for s in catalog.sheets if not is_targets_sheet(s)]  # that sheet lists the resolution's targets
    for text in (figure.heading, figure.label):
        have = set(tokens(text))
        best = max(sectors, key=lambda s: len(words[s.sheet] & have))
        if words[best.sheet] & have:
            return best.sheet
    return sectors[0].sheet


@dataclass(slots=True)
class _Figure:
    paragraph: Paragraph
    q: object  # formulas.audit.quantities.Quantity
    role: str
    partner: int | None  # start of the figure this one is the basis of
    label: str
    heading: str
    candidates: list  # (score, _Target) above THRESHOLD


def map_figures(paragraphs: list[Paragraph], catalog: Catalog) -> list[Placed]:
    targets = _targets(catalog)
    words_of_sheet = sheet_words(catalog)
    figures: list[_Figure] = []
    heading, heading_words = "", set()
    for p in (p for p in paragraphs if not p.merged):
        if _HEADING.match(p.text) and len(p.text) < 120:
            heading, heading_words = p.text.strip(), set(tokens(p.text))
        roles = _roles(p)
        prev_end = 0
        for q in find_quantities(p.text):
            if q.unit in NO_UNIT or (q.is_percent and C._is_relation_result(p.text, q)):
                prev_end = max(prev_end, q.end)
                continue
            clause = max((m.end() for m in _CLAUSE_START.finditer(p.text, 0, q.start)), default=0)
            start = max(prev_end, clause)
            after = _AFTER.match(p.text, q.end)
            behind = tokens(after.group(1)) if after else []
            # "04 cây Vàng Anh; 06 cây Ban tím": nothing before the figure, its name follows it
            name_after = len(tokens(p.text[start:q.start])) < 2 and bool(behind)
            if len(tokens(p.text[start:q.start])) < 2 and not name_after:
                start = max(clause, q.start - 160) if start > clause else max(0, q.start - 160)
            subject_text = p.text[max(start, q.start - 160):q.start]
            prev_end = after.end() if name_after else q.end
            role, partner = roles.get(q.start, (VALUE, None))
            if role == STATED:
                prev_end = q.end
                continue
            if role == VALUE and _TO_DATE.search(p.text[clause:q.start]):
                role = TO_DATE
            subject = tokens(subject_text)
            near = set(tokens(p.text[max(start, q.start - 40):q.start]))
            cands = []
            for t in targets:
                if t.unit != q.unit:
                    continue
                s = max(_score(behind, set(behind), w) if name_after else _score(subject, near, w)
                        for w in t.words)
                if s and words_of_sheet.get(t.ind.sheet, frozenset()) & heading_words:
                    s += HEADING_BONUS
                if s >= THRESHOLD:
                    cands.append((s, t))
            label = _label(after.group(1), first=True) if name_after else _label(subject_text)
            figures.append(_Figure(p, q, role, partner, label, heading, cands))
    return _assign(figures, {s.sheet: tuple(b.key for b in s.plan_bases) for s in catalog.sheets})


def _lone_to_date_is_the_result(placed: dict) -> None:
    """A figure "đến nay" with no estimate beside it is the report's result for the period: it goes
    to the estimate column, so ratios are computed from it."""
    with_estimate = {ind.code for ind, col, _t in placed.values() if col == "uoc_ky"}
    for i, (ind, col, t) in list(placed.items()):
        if col == "den_ngay" and ind.code not in with_estimate:
            placed[i] = (ind, "uoc_ky", t)
            with_estimate.add(ind.code)


def _no_part_above_its_whole(placed: dict, figures: list[_Figure], scores: dict[int, float]) -> None:
    """A part larger than its whole in the same column (a parent whose children add up to it, same
    unit) is a misplacement of one of them: the one placed with the lower score is taken back."""
    at = {(ind.code, col): i for i, (ind, col, _t) in placed.items()}
    for i, (ind, col, t) in list(placed.items()):
        j = at.get((ind.parent, col)) if ind.parent else None
        if i not in placed or j is None or j not in placed or ind.is_rate or t.unit == "%":
            continue
        parent = placed[j][0]
        if parent.unit != ind.unit or not parent.children_add_up:  # a yield under an area is no part of it
            continue
        part, whole = figures[i].q.amount / t.scale, figures[j].q.amount / placed[j][2].scale
        if part > whole:
            del placed[i if scores.get(i, 0) <= scores.get(j, 0) else j]


def _assign(figures: list[_Figure], plans_of: dict[str, tuple[str, ...]]) -> list[Placed]:
    """Best score first; a basis figure follows the indicator its value landed on."""
    taken: set[tuple[str, str]] = set()
    placed: dict[int, tuple[Indicator, str, _Target]] = {}  # index in figures -> where
    scores: dict[int, float] = {}
    by_start = {(f.paragraph.index, f.q.start): i for i, f in enumerate(figures)}
    order = sorted(((s, i, t) for i, f in enumerate(figures) if f.partner is None for s, t in f.candidates),
                   key=lambda x: (-x[0], x[1]))
    for _s, i, t in order:
        col = column_for(t.ind, figures[i].role, plans_of.get(t.ind.sheet, ()))
        if i in placed or col is None or (t.ind.code, col) in taken:
            continue
        taken.add((t.ind.code, col))
        placed[i] = (t.ind, col, t)
        scores[i] = _s
    for i, f in enumerate(figures):  # bases follow their value
        j = by_start.get((f.paragraph.index, f.partner)) if f.partner is not None else None
        if j is None or j not in placed:
            continue
        ind, _col, t = placed[j]
        col = column_for(ind, f.role, plans_of.get(ind.sheet, ()))
        if col and (ind.code, col) not in taken and t.unit == f.q.unit:
            taken.add((ind.code, col))
            placed[i] = (ind, col, t)
            scores[i] = scores[j]
    _lone_to_date_is_the_result(placed)
    _no_part_above_its_whole(placed, figures, scores)
    out = []
    for i, f in enumerate(figures):
        p, q = f.paragraph, f.q
        quote = _quote(p.text, q.start, q.end)
        if i in placed:
            ind, col, t = placed[i]
            out.append(Placed(p.index, quote, q.amount / t.scale, q.shown, ind.unit, ind.code, col,
                              heading=f.heading))
        else:
            out.append(Placed(p.index, quote, q.value, q.shown, q.shown[len(q.text):].strip(), None, None,
                              f.label, f.heading))
    return out
