"""One generated sentence per computed indicator: the facts are computed here, the words are in
templates/sections/_cau.j2.

An IndicatorView (the rounded figures of formulas/ plus the catalog's wording data) gives `facts`:
formatted figures, which comparisons exist, the direction of a change, the verdict. The `cau`
macro of _cau.j2 (generator.wording) says them by the catalog's sentence pattern; a comparison
with no figure is empty and not mentioned. Openings vary so that consecutive sentences do not all
start the same way (`opening` picks the lead-in; context.py chooses it from the previous sentence).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from formulas.results import CUOI_NAM, DAT, DAT_MOT_PHAN, KHONG_DAT, VUOT  # evaluation names
from generator import phrases as p
from generator.vn_format import ngay_ngan, so, so_dem, so_don_vi, to_decimal


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
    month_value: Decimal | None = None  # a monthly report's figure of the month itself (thuc_hien_thang)
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
    kind: str = ""  # formulas.period kind ("tháng", "quý", "6 tháng", "9 tháng", "năm"), "" if unread
    # The _cau.j2 macros that word the sentences (generator.wording); None: the shipped ones.
    wording: object = field(default=None, compare=False, repr=False)

    @property
    def ky_nam(self) -> str:
        return self.span or ky_nam(self.ky, self.nam)

    @property
    def words(self):
        if self.wording is None:  # the shipped sentences, looked up once per period
            from generator.wording import default_wording

            self.wording = default_wording()
        return self.wording

    def facts(self) -> dict:
        """What _cau.j2 knows of the period (its `ky`)."""
        year = int(self.nam) if str(self.nam).isdigit() else None
        return {"ky_nam": self.ky_nam, "ky": self.ky, "loai": self.kind, "nam": self.nam,
                "nam_truoc": str(year - 1) if year else "", "nam_sau": str(year + 1) if year else "",
                "ngay_chot": ngay_ngan(self.cut_off), "cap": self.cap, "so_0": self.pad_counts}


def ky_nam(ky: str, nam: object) -> str:
    """"6 tháng đầu năm 2023" (not "… năm năm 2023"), "quý I năm 2023"."""
    nam = str(nam or "").strip()
    if not nam:
        return ky
    return f"{ky} {nam}" if ky.lower().endswith("năm") else f"{ky} năm {nam}"


# The lead-ins (MO_DAU in templates/sections/_cau.j2) used in turn when a sentence would start like
# the one before it; this one is the period's ("Trong 6 tháng đầu năm 2023, …"), used sparingly.
PERIOD_OPENING = 1


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


# ---------------------------------------------------------------- what can be said (facts for _cau.j2)

_VERDICT_KEYS = {VUOT: "vuot", DAT: "dat", KHONG_DAT: "khong_dat", DAT_MOT_PHAN: "dat_mot_phan",
                 CUOI_NAM: "cuoi_nam"}
_PLAN_KEYS = ("kh_nam", "kh_ky")  # said as plain "kế hoạch" in a sentence


def _plan_facts(v: IndicatorView, pl: PlanView, period: Period) -> dict:
    pct = to_decimal(pl.pct)
    return {"ten": "kế hoạch" if pl.key in _PLAN_KEYS else pl.text, "goi": pl.text,
            "ty_le": p.pct(pct) if pct is not None else "", "dung_100": pct == 100,
            "tren_100": pct is not None and pct > 100, "vuot": p.pct(pct - 100) if pct is not None and pct > 100 else "",
            "muc": value_text(v, period, pl.plan) if pl.plan is not None else "",
            "muc_tieu": pl.target if pl.target != "verdict" else "", "chi_danh_gia": pl.target == "verdict"}


def _same_period_facts(v: IndicatorView) -> dict:
    """Direction and size of the change, the ratio, what the column is compared with."""
    change = to_decimal(v.change)
    unit = (v.change_unit or "%").strip()
    points = bool(v.change_unit) and unit.startswith("điểm")
    facts = {"chieu": "", "muc": "", "la_diem": points, "so_voi": v.same_period_text.strip(),
             "ty_le": p.pct(v.pct_same_period) if to_decimal(v.pct_same_period) is not None else ""}
    if change is not None:
        size = abs(change)
        facts["chieu"] = "khong_doi" if change == 0 else "tang" if change > 0 else "giam"
        facts["muc"] = (p.pct(size) if unit == "%" else f"{so(size, trim=True)} điểm phần trăm" if points
                        else so_don_vi(size, unit))
    return facts


def _disbursement_facts(v: IndicatorView, period: Period) -> dict:
    plan = next((pl for pl in v.plans if pl.plan is not None), None)
    name = v.name.replace(": ", " - ", 1)  # one colon per clause: "CT MTQG … - tổng vốn: ước giải ngân …"
    if name.lower().startswith("giải ngân ") and len(name) > 10:  # not "Giải ngân …: ước giải ngân …"
        name = name[10].upper() + name[11:]
    base = plan.plan if plan else None
    return {"ten": name, "dat_tren": p.dat_tren(v.actual, base, v.unit),
            "den_ngay": p.dat_tren(v.to_date, base, v.unit) if v.to_date is not None and v.is_estimate else "",
            "ty_le": p.pct(plan.pct) if plan and plan.pct is not None else "",
            "ty_le_den_ngay": p.pct(plan.pct_to_date) if plan and plan.pct_to_date is not None else ""}


def facts(v: IndicatorView, period: Period) -> dict:
    """Everything a sentence of _cau.j2 may say of one indicator (its `ct`), formatted; a comparison
    with no figure is empty, so the template simply leaves it out."""
    first_plan = next((pl.plan for pl in v.plans if pl.plan is not None), None)
    plans = [_plan_facts(v, pl, period) for pl in v.plans]
    judged = next((f for pl, f in zip(v.plans, plans) if pl.pct is not None or pl.target), None)
    kind = phrase_kind(v, period)
    filled = fill_phrase(v, period) if kind else ""
    unit = (v.unit or "").strip().lower()
    name_mid = p.viet_thuong_dau(v.name)
    return {
        "ma": v.code or "", "mau": v.pattern, "ten": v.name, "ten_giua": name_mid, "don_vi": v.unit,
        "gia_tri": value_text(v, period), "so": bare_value(v, period),
        "dat_tren": p.dat_tren(v.actual, first_plan, v.unit),
        "uoc": v.is_estimate, "ty_le": v.is_rate, "tot_la_thap": v.better == "lower", "dem_duoc": v.is_count,
        "bac": v.level, "danh_gia": _VERDICT_KEYS.get(v.evaluation or "", ""),
        "ke_hoach": [f for pl, f in zip(v.plans, plans) if pl.pct is not None],
        "can_cu": judged, "co_muc_tieu": any(pl.target for pl in v.plans),
        "cung_ky": _same_period_facts(v),
        "ty_trong": p.pct(v.share) if v.share is not None else "",
        "cum_tu": {"loai": kind, "noi_dung": filled, "uoc_truoc": filled.startswith("ước "),
                   "co_tro_tu": bool(_HAS_AUX.search(" " + filled))},
        "con": [facts(c, period) for c in v.children if c.has_value],
        "ten_dau_la_don_vi": bool(unit) and unit != "%" and name_mid.lower().startswith((unit + " ", unit + ",")),
        "giai_ngan": _disbursement_facts(v, period) if v.pattern == "giai_ngan" else {},
        # a monthly report's month itself, for a flow (a stock or a rate is stated at its date only)
        "thang_nay": value_text(v, period, v.month_value) if v.month_value is not None and v.cumulative else "",
    }


def sentence(v: IndicatorView, period: Period, opening: int = 0, plain: bool = False) -> str:
    """The sentence for one indicator ("" when it has no value or its pattern says none), worded by
    the `cau` macro of _cau.j2. plain=True ignores the catalog phrase (a "980 gói …" fragment with
    nothing to attach to)."""
    if v.pattern == "khong" or not v.has_value:
        return ""
    if plain and v.phrase:
        v = replace(v, phrase="")
    return p.cham_cau(period.words.sentence(facts(v, period), period.facts(), opening, False))


def clause(v: IndicatorView, period: Period) -> str:
    """The indicator's phrase with its comparisons, no lead-in, no "đã", no full stop: what a
    predicate adds to the sentence before it ("…; ước thành lập mới 45 doanh nghiệp, tăng 114,29%
    so với cùng kỳ")."""
    if v.pattern == "khong" or not v.has_value:
        return ""
    return period.words.sentence(facts(v, period), period.facts(), 0, True).rstrip(".;,")


def next_year_sentence(views: list[IndicatorView], period: Period) -> str:
    """An annual report's plan for next year (the ke_hoach_nam_sau column), one sentence for the
    next-year tasks section by the `chi_tieu_nam_sau` macro; "" for other periods or no such plan."""
    if period.kind != "năm":
        return ""
    planned = [v for v in views if v.next_plan is not None]
    codes = {v.code for v in planned if v.code}
    item = lambda v: {"ten": v.name, "ten_giua": p.viet_thuong_dau(v.name),
                      "gia_tri": value_text(v, period, v.next_plan)}
    items = [{**item(v), "con": [item(c) for c in v.children if c.next_plan is not None]}
             for v in planned if v.parent not in codes]  # a sub-row is said inside its parent
    return p.cham_cau(period.words.next_year(items, period.facts())) if items else ""


def summary_sentences(targets_total: int, targets: dict[str, int], task_groups: int, tasks_total: int,
                      tasks: dict[str, int], period: Period, targets_without_plan: int = 0) -> list[str]:
    """"Tổng số 15 chỉ tiêu …: 01 chỉ tiêu vượt kế hoạch, 12 chỉ tiêu đạt, 02 chỉ tiêu …" and the tasks,
    worded by the tong_hop_* macros of _cau.j2."""
    out = []
    if targets_total:
        counts = {key: targets.get(name, 0) for name, key in _VERDICT_KEYS.items()}
        # a result without a plan, and no result yet: said, so that the counts add up
        counts["chua_co_ke_hoach"] = targets_without_plan
        counts["chua_co"] = max(targets_total - sum(counts.values()), 0)
        out.append(p.cham_cau(period.words.targets_summary(targets_total, counts, period.facts())))
    if tasks_total:
        counts = {"hoan_thanh": tasks.get("Hoàn thành", 0), "chua_hoan_thanh": tasks.get("Chưa hoàn thành", 0),
                  "dang_thuc_hien": tasks.get("Đang thực hiện", 0)}
        out.append(p.cham_cau(period.words.tasks_summary(tasks_total, task_groups, counts, period.facts())))
    return out


__all__ = ["IndicatorView", "PERIOD_OPENING", "Period", "PlanView", "clause", "fill_phrase", "first_word", "ky_nam",
           "facts", "next_year_sentence", "phrase_kind", "sentence", "summary_sentences", "value_text"]
