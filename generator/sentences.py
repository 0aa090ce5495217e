"""One generated sentence per computed indicator, by the catalog's sentence pattern.

Pure: an IndicatorView (the rounded figures of formulas/ plus the catalog's wording data) in,
a Vietnamese sentence out. A comparison with no figure (no plan, no same period) is simply not
mentioned. Openings vary so that consecutive sentences do not all start the same way
(`opening` picks the lead-in; context.py chooses it from the previous sentence).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from formulas.results import CUOI_NAM, DAT, DAT_MOT_PHAN, KHONG_DAT, VUOT  # evaluation names
from generator import phrases as p
from generator.vn_format import dem, ngay_ngan, so, so_dem, so_don_vi


@dataclass(slots=True)
class PlanView:
    key: str
    label: str  # as in the workbook header: "KH năm", "Dự toán tỉnh giao"
    text: str  # as in a sentence: "kế hoạch năm", "dự toán tỉnh giao"
    plan: Decimal | None
    pct: Decimal | None
    pct_to_date: Decimal | None
    # A plan stated as a range or an inequality, as a sentence says it ("8,5 - 9%", "dưới 2%";
    # formulas.targets.describe), or "verdict" for a verdict the office stated ("Đạt"): no pct then.
    target: str = ""


@dataclass(slots=True)
class IndicatorView:
    """Everything a sentence, a template or the appendix needs about one indicator row."""

    code: str | None
    name: str
    unit: str
    kind: str = "amount"
    better: str = "higher"
    cumulative: bool = True  # False: a stock or a state at a date (dư nợ, tổng số doanh nghiệp, tỷ lệ)
    pattern: str = "ket_qua"
    phrase: str = ""
    decimals: int = 0
    level: int = 0
    parent: str | None = None
    sheet: str = ""
    section: str = ""
    actual: Decimal | str | None = None
    is_estimate: bool = False
    to_date: Decimal | None = None
    plans: list[PlanView] = field(default_factory=list)
    same_period: Decimal | None = None
    same_period_text: str = ""  # "so với cuối năm trước" when the column is not the same period
    pct_same_period: Decimal | None = None
    change: Decimal | None = None
    change_unit: str | None = None
    share: Decimal | None = None
    evaluation: str | None = None
    evaluate: str = "period"
    next_plan: Decimal | None = None  # an annual report's plan for next year (ke_hoach_nam_sau)
    children: list["IndicatorView"] = field(default_factory=list)

    @property
    def is_count(self) -> bool:
        return self.kind == "count"

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate" or self.unit.strip() == "%"

    @property
    def has_value(self) -> bool:
        return self.actual is not None and self.actual != ""


@dataclass(slots=True)
class Period:
    """Wording of the reporting period: "6 tháng đầu năm", 2023, cut-off date."""

    ky: str = "kỳ báo cáo"
    nam: str = ""
    cut_off: object = None  # date of ngày chốt số liệu
    pad_counts: bool = True
    cap: str = ""  # "huyện", "xã", "tỉnh": fills {cap} in catalog phrases ("UBND {cap} đã tổ chức …")
    # What a result covers from 1 January when that is more than the period (formulas.period
    # Period.span_phrase): "8 tháng đầu năm 2026" for tháng 8, "6 tháng đầu năm 2026" for quý II.
    span: str = ""

    @property
    def ky_nam(self) -> str:
        return self.span or ky_nam(self.ky, self.nam)


def ky_nam(ky: str, nam: object) -> str:
    """"6 tháng đầu năm 2023" (not "… năm năm 2023"), "quý I năm 2023"."""
    nam = str(nam or "").strip()
    if not nam:
        return ky
    return f"{ky} {nam}" if ky.lower().endswith("năm") else f"{ky} năm {nam}"


# Lead-ins used in turn when a sentence would start like the one before it.
OPENINGS = ("", "Trong {ky_nam}, ", "Tính đến thời điểm báo cáo, ", "Cùng với đó, ")


def first_word(text: str) -> str:
    m = re.match(r"\W*(\w+)", text)
    return m.group(1).lower() if m else ""


def value_text(v: IndicatorView, period: Period, value=None) -> str:
    value = v.actual if value is None else value
    if isinstance(value, str):
        return value
    if v.is_count:
        return so_don_vi(value, v.unit, count=True, pad=period.pad_counts)
    return so_don_vi(value, v.unit)


def _plans_with_pct(v: IndicatorView) -> list[PlanView]:
    return [pl for pl in v.plans if pl.pct is not None]


def plan_clause(v: IndicatorView, verb: str = "đạt", so_voi: bool = True) -> str:
    """"đạt 54,27% so với kế hoạch" / "đạt 114,14% dự toán tỉnh giao, đạt 91,72% dự toán huyện giao".

    Lower-is-better indicators never read "đạt 103% kế hoạch" (that would praise a miss): they
    state the ceiling and whether it was kept. A rate exactly on its target reads "đạt kế hoạch
    đề ra", not "đạt 100%, đạt 100% so với kế hoạch".
    """
    with_pct = _plans_with_pct(v)
    judged = next((pl for pl in v.plans if pl.pct is not None or pl.target), None)
    if judged is not None and judged.target:  # the evaluation's basis states a target, not a number
        return target_clause(v, judged, verb)
    if not with_pct:
        return ""
    if v.is_rate and v.better == "higher" and len(with_pct) == 1 and with_pct[0].pct == 100:
        return f"{verb} kế hoạch đề ra"
    if v.better == "lower":
        pl = with_pct[0]
        ceiling = value_text(v, Period(), pl.plan) if pl.plan is not None else ""
        verdict = {VUOT: "đạt kế hoạch", DAT: "đạt kế hoạch", KHONG_DAT: "chưa đạt kế hoạch"}.get(
            v.evaluation or "", "")
        if not ceiling:
            return verdict
        inner = f"{pl.text} không quá {ceiling}"
        return f"{verdict} ({inner})" if verdict else f"({inner})"
    if len(with_pct) == 1:
        pl = with_pct[0]
        label = "kế hoạch" if pl.key in ("kh_nam", "kh_ky") else pl.text
        return p.dat_ke_hoach(pl.pct, label, verb=verb, so_voi=so_voi and label == "kế hoạch")
    return ", ".join(p.dat_ke_hoach(pl.pct, pl.text, verb=verb, so_voi=False) for pl in with_pct)


def target_clause(v: IndicatorView, pl: PlanView, verb: str = "đạt") -> str:
    """A plan stated as a range or an inequality: "đạt mục tiêu 8,5 - 9%", "vượt mục tiêu 8,5 - 9%",
    "chưa đạt mục tiêu trên 95%", and a ceiling the same way: "đạt mục tiêu dưới 4,5%", "chưa đạt mục
    tiêu dưới 6%"; a verdict the office stated: "đạt kế hoạch", "đạt một phần kế hoạch"."""
    label = "kế hoạch" if pl.key in ("kh_nam", "kh_ky") else pl.text
    verdicts = {VUOT: f"vượt {label}", DAT: f"{verb} {label}", KHONG_DAT: f"chưa đạt {label}",
                DAT_MOT_PHAN: f"đạt một phần {label}"}
    if pl.target == "verdict":
        return verdicts.get(v.evaluation or "", "")
    # a ceiling reads the same way: the target's own words say which side is good ("dưới 4,5%")
    words = {VUOT: "vượt mục tiêu", DAT: f"{verb} mục tiêu", KHONG_DAT: "chưa đạt mục tiêu",
             DAT_MOT_PHAN: "đạt một phần mục tiêu"}.get(v.evaluation or "")
    return f"{words} {pl.target}" if words else f"mục tiêu {pl.target}"


def same_period_clause(v: IndicatorView, prefer: str = "tang_giam") -> str:
    return p.so_voi_cung_ky(v.pct_same_period, v.change, v.change_unit, prefer=prefer, what=v.same_period_text)


def share_clause(v: IndicatorView) -> str:
    return f"chiếm tỷ trọng {p.pct(v.share)}" if v.share is not None else ""


# Lead-ins for a catalog phrase that is a predicate ("cấp {value} giấy phép xây dựng").
PHRASE_LEADS = ("Trong {ky_nam}, ", "Từ đầu năm đến nay, ", "")
# A phrase starting with one of these continues the sentence before it ("… 91 cuộc với 701 lượt hộ").
CONNECTIVES = ("với ", "của ", "trong đó", "gồm ")
# … and these extend it after a comma ("… còn 1.344 hộ, giảm 300 hộ so với năm trước").
COMMA_CONNECTIVES = ("tăng ", "giảm ", "tương ứng", "tương đương", "chiếm ", "bằng ", "đạt ")
_HAS_AUX = re.compile(r"(^|\s)(ước|đã|dự kiến|tiếp tục|đang)\s|:")


def bare_value(v: IndicatorView, period: Period, value=None) -> str:
    """The number alone (the phrase places the unit itself): counts padded, trailing zeros dropped."""
    value = v.actual if value is None else value
    if isinstance(value, str):
        return value
    if v.is_count:
        return so_dem(value, period.pad_counts)
    return so(value, trim=True)


def _plan_value(v: IndicatorView, period: Period) -> str:
    plan = next((pl.plan for pl in v.plans if pl.plan is not None), None)
    return "" if plan is None else bare_value(v, period, plan)


def fill_phrase(v: IndicatorView, period: Period) -> str:
    """The catalog phrase with its fields: {value}, {unit}, {plan} (the first plan: "08/19 tiêu chí"
    from "{value}/{plan} tiêu chí"; dropped with its "/" when there is none), {uoc} ("ước " for an
    estimate of the period, nothing for a counted value) and {cap} ("huyện", "xã")."""
    text = v.phrase
    plan = _plan_value(v, period)
    if not plan:
        text = text.replace("/{plan}", "")
    text = (text.replace("{value}", bare_value(v, period)).replace("{unit}", v.unit or "")
            .replace("{plan}", plan).replace("{uoc}", "ước " if v.is_estimate else "")
            .replace("{cap}", period.cap or ""))
    return " ".join(text.split())


def phrase_kind(v: IndicatorView, period: Period) -> str:
    """"" (no phrase) | "connective" ("với 701 lượt hộ") | "value_first" ("980 gói …") |
    "predicate" ("cấp 33 giấy phép …") | "subject" (a whole clause: "UBND tổ chức 01 đoàn …")."""
    if not v.phrase.strip():
        return ""
    raw = v.phrase.replace("{uoc}", "").strip()  # "{uoc}thành lập mới …" is a predicate
    if raw.lower().startswith(CONNECTIVES):
        return "connective"
    if raw.lower().startswith(COMMA_CONNECTIVES):
        return "comma_connective"
    if raw.startswith("{value}") or raw[:1].isdigit():
        return "value_first"
    return "predicate" if raw[:1].islower() else "subject"


def _head(v: IndicatorView, period: Period, verb: str, value: str, opening: int, plain: bool = False,
          bare: bool = False) -> str:
    """"Lúa Xuân ước được 1.990,48/1.979 ha" or, with a lead-in, "Trong …, lúa Xuân …".

    bare=True: a predicate phrase alone, to continue the sentence before it ("…; tạm ngừng 30 …").
    """
    kind = "" if plain else phrase_kind(v, period)
    if bare and kind:
        return fill_phrase(v, period)
    if kind == "predicate":  # give it a time lead-in and "đã" unless it has its own
        filled = fill_phrase(v, period)
        # an estimate ("ước thành lập mới …") is an estimate of the whole period: "Trong 6 tháng …"
        lead = PHRASE_LEADS[0 if filled.startswith("ước ") else opening % len(PHRASE_LEADS)]
        lead = lead.format(ky_nam=period.ky_nam)
        aux = "" if _HAS_AUX.search(" " + filled) else "đã "
        return f"{lead}{aux}{filled}"
    if kind in ("subject", "connective", "comma_connective"):
        lead = OPENINGS[opening].format(ky_nam=period.ky_nam)
        filled = fill_phrase(v, period)
        return lead + (p.viet_thuong_dau(filled) if lead else filled)
    lead = OPENINGS[opening].format(ky_nam=period.ky_nam)
    name = p.viet_thuong_dau(v.name) if lead else v.name
    return f"{lead}{name} {verb} {value}"


def sentence(v: IndicatorView, period: Period, opening: int = 0, plain: bool = False) -> str:
    """The sentence for one indicator ("" when it has no value or its pattern says none).

    plain=True ignores the catalog phrase (a "980 gói …" fragment with nothing to attach to).
    """
    if v.pattern == "khong" or not v.has_value:
        return ""
    if plain and v.phrase:
        from dataclasses import replace
        v = replace(v, phrase="")
    builder = _BUILDERS.get(v.pattern, _ket_qua)
    return p.cham_cau(builder(v, period, opening))


def clause(v: IndicatorView, period: Period) -> str:
    """The indicator's phrase with its comparisons, no lead-in, no "đã", no full stop: what a
    predicate adds to the sentence before it ("…; ước thành lập mới 45 doanh nghiệp, tăng 114,29%
    so với cùng kỳ")."""
    if v.pattern == "khong" or not v.has_value:
        return ""
    builder = _BUILDERS.get(v.pattern, _ket_qua)
    return " ".join(builder(v, period, 0, bare=True).split()).rstrip(".;,")


def _ket_qua(v: IndicatorView, period: Period, opening: int, bare: bool = False) -> str:
    verb = p.uoc("còn" if (v.is_rate and v.better == "lower") else "đạt", v.is_estimate)
    head = _head(v, period, verb, value_text(v, period), opening, bare=bare)
    plan = ""
    with_pct = _plans_with_pct(v)
    if v.better == "higher" and len(with_pct) == 1 and with_pct[0].pct > 100 and not v.is_rate:
        label = "kế hoạch" if with_pct[0].key in ("kh_nam", "kh_ky") else with_pct[0].text
        plan = p.vuot_ke_hoach(with_pct[0].pct, label)
    else:
        plan = plan_clause(v)
    return p.noi([head, plan, same_period_clause(v), share_clause(v)])


def _dat_tren_ke_hoach(v: IndicatorView, period: Period, opening: int, bare: bool = False) -> str:
    first_plan = next((pl.plan for pl in v.plans if pl.plan is not None), None)
    value = p.dat_tren(v.actual, first_plan, v.unit)
    head = _head(v, period, p.uoc("được", v.is_estimate), value, opening, bare=bare)
    with_pct = _plans_with_pct(v)
    plan = ""
    if any(pl.target for pl in v.plans):
        plan = plan_clause(v)
    elif with_pct and v.better == "higher":
        parts = [f"{p.pct(pl.pct)} {pl.text}" for pl in with_pct]
        plan = "bằng " + ", ".join(parts)
    elif with_pct:
        plan = plan_clause(v)
    return p.noi([head, plan, same_period_clause(v, prefer="bang"), share_clause(v)])


def _ty_le(v: IndicatorView, period: Period, opening: int, bare: bool = False) -> str:
    return _ket_qua(v, period, opening, bare=bare)


def _giai_ngan(v: IndicatorView, period: Period, opening: int, bare: bool = False) -> str:
    plan = next((pl for pl in v.plans if pl.plan is not None), None)
    label = "kế hoạch vốn giao"
    parts = []
    # The clause itself says "trong 6 tháng đầu năm …", so the lead-ins vary the subject instead:
    # "Vốn đầu tư: …", "Đối với vốn đầu tư, ngân sách trung ương: …", "Về vốn sự nghiệp: …".
    name = v.name.replace(": ", " - ", 1)  # one colon per clause: "CT MTQG … - tổng vốn: ước giải ngân …"
    if name.lower().startswith("giải ngân ") and len(name) > 10:  # not "Giải ngân …: ước giải ngân …"
        name = name[10].upper() + name[11:]
    lead = ("", "Đối với ", "Về ", "Về ")[opening % 4]
    if lead:
        name = p.viet_thuong_dau(name)
    if v.to_date is not None and v.is_estimate:
        cut = ngay_ngan(period.cut_off)
        when = f"đến hết ngày {cut}" if cut else "đến thời điểm báo cáo"
        clause = f"giải ngân {when} là {p.dat_tren(v.to_date, plan.plan if plan else None, v.unit)}"
        if plan and plan.pct_to_date is not None:
            clause += f", {p.dat_ke_hoach(plan.pct_to_date, label, so_voi=False)}"
        parts.append(clause)
    verb = "ước giải ngân" if v.is_estimate else "giải ngân"
    # A sub-source in the paragraph its total opened says the period once, not in every clause.
    when = f" trong {period.ky_nam} là" if (v.level == 0 or parts) else ""
    clause = f"{verb}{when} {p.dat_tren(v.actual, plan.plan if plan else None, v.unit)}"
    if plan and plan.pct is not None:
        clause += f", {p.dat_ke_hoach(plan.pct, label, so_voi=False)}"
    parts.append(clause)
    return f"{lead}{name}: " + "; ".join(parts)


def _ngan_sach(v: IndicatorView, period: Period, opening: int, bare: bool = False) -> str:
    verb = p.uoc("thực hiện", v.is_estimate)
    head = _head(v, period, f"{verb}", value_text(v, period), opening, bare=bare)
    return p.noi([head, plan_clause(v, so_voi=False), same_period_clause(v)])


def _stock_verb(v: IndicatorView) -> str:
    """A count is stated ("là 425 doanh nghiệp"); an amount is achieved ("ước đạt 233,5 triệu đồng")."""
    return "là" if v.is_count else p.uoc("đạt", v.is_estimate)


def _so_luong(v: IndicatorView, period: Period, opening: int, bare: bool = False) -> str:
    return _head(v, period, _stock_verb(v), value_text(v, period), opening, bare=bare)


def _child_part(c: IndicatorView, period: Period) -> str:
    """"đã giải quyết 1.691 hồ sơ"; a name that starts with its unit reads "04 cây Vàng Anh",
    "3.439 hộ, tổ chức thuộc …"; a sector with a plan or a share says so in brackets."""
    name = p.viet_thuong_dau(c.name)
    unit = (c.unit or "").strip().lower()
    if unit and unit != "%" and name.lower().startswith((unit + " ", unit + ",")):
        text = f"{bare_value(c, period)} {name}"
    else:
        text = f"{name} {value_text(c, period)}"
    inner = [_child_part(g, period) for g in c.children if g.has_value]
    # the GTSX sectors: "dịch vụ 871.442 triệu đồng (đạt 50,32% so với kế hoạch, chiếm tỷ trọng 24,66%)"
    own = [x for x in (plan_clause(c), share_clause(c)) if x]
    if own:
        return f"{text} ({', '.join(own)})" + (f" ({', '.join(inner)})" if inner else "")
    return f"{text} ({', '.join(inner)})" if inner else text


def _trong_do(v: IndicatorView, period: Period, opening: int, bare: bool = False) -> str:
    # A breakdown states its total ("Tổng diện tích đất thu hồi … là 592,3 ha, trong đó: …"); only a
    # total measured against a plan is "achieved" ("… ước đạt 3.533.615 triệu đồng, đạt 51,93% …").
    verb = _stock_verb(v) if _plans_with_pct(v) else "là"
    head = _head(v, period, verb, value_text(v, period), opening, bare=bare)
    text = p.noi([head, plan_clause(v), same_period_clause(v)])
    parts = [_child_part(c, period) for c in v.children if c.has_value]
    if parts:
        text += ", trong đó: " + "; ".join(parts)  # parts read "đã giải quyết 1.691 hồ sơ"
    return text


_BUILDERS = {
    "ket_qua": _ket_qua,
    "dat_tren_ke_hoach": _dat_tren_ke_hoach,
    "ty_le": _ty_le,
    "giai_ngan": _giai_ngan,
    "ngan_sach": _ngan_sach,
    "so_luong": _so_luong,
    "trong_do": _trong_do,
}


def summary_sentences(targets_total: int, targets: dict[str, int], task_groups: int, tasks_total: int,
                      tasks: dict[str, int], period: Period) -> list[str]:
    """"Tổng số 15 chỉ tiêu …: 01 chỉ tiêu vượt kế hoạch, 12 chỉ tiêu đạt, 02 chỉ tiêu …" and the tasks."""
    pad = period.pad_counts
    out = []
    if targets_total:
        labels = ((VUOT, "vượt kế hoạch"), (DAT, "đạt kế hoạch"), (DAT_MOT_PHAN, "đạt một phần kế hoạch"),
                  (KHONG_DAT, "chưa đạt kế hoạch"), (CUOI_NAM, "thực hiện đánh giá cuối năm"))
        parts = [f"{dem(targets.get(k, 0), 'chỉ tiêu', pad)} {label}" for k, label in labels if targets.get(k)]
        unjudged = targets_total - sum(targets.get(k, 0) for k, _ in labels)
        if unjudged > 0:  # no result (or no plan) yet: say so rather than let the counts not add up
            parts.append(f"{dem(unjudged, 'chỉ tiêu', pad)} chưa có số liệu để đánh giá")
        text = (f"- Đối với các chỉ tiêu kinh tế - xã hội: Tổng số {dem(targets_total, 'chỉ tiêu', pad)} "
                f"phát triển kinh tế - xã hội thực hiện {period.ky_nam}")
        out.append(p.cham_cau(text + (", trong đó có " + ", ".join(parts) if parts else "")))
    if tasks_total:
        labels = (("Hoàn thành", "hoàn thành"), ("Chưa hoàn thành", "chưa hoàn thành"),
                  ("Đang thực hiện", "đang thực hiện"))
        parts = [f"{dem(tasks.get(k, 0), 'nhiệm vụ', pad)} {label}" for k, label in labels if tasks.get(k)]
        groups = f"{dem(task_groups, 'nhóm lĩnh vực', pad)}, gồm " if task_groups else ""
        text = f"- Đối với nhóm nhiệm vụ trọng tâm: Tổng số thực hiện {groups}{dem(tasks_total, 'nhiệm vụ', pad)}"
        out.append(p.cham_cau(text + (", trong đó " + ", ".join(parts) if parts else "")))
    return out


__all__ = ["IndicatorView", "OPENINGS", "Period", "PlanView", "clause", "fill_phrase", "first_word", "ky_nam",
           "phrase_kind", "sentence", "summary_sentences", "value_text"]
