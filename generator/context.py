"""The report's render context, built purely from WorkbookData + ComputeResult + Catalog.

No files, no Word: sections in outline order with their paragraphs (staff prose from Thuyết minh
interleaved with sentences generated from the computed indicators), the summary sentences, the
appendix rows, the chart data and the header information. The sentences' words come from the
macros of templates/sections/_cau.j2 (generator.wording); here only which indicators share a
paragraph, which lead-in each sentence takes and how chained clauses are joined. Numbering (I., 1., 1.1.) is given by
`number_sections` after rendering, over the sections that kept some content, so a section left
out does not leave a gap.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from formulas.results import ComputedIndicator, ComputeResult
from formulas.targets import VERDICT, describe
from formulas.jobs import UNIT_LEVEL
from formulas.model import WorkbookData
from formulas.settings import policy_from
from generator.by_unit import appendix_tables, chart_by_unit, spread_items
from generator import phrases as p
from generator.sentences import (CUOI_NAM, DAT, KHONG_DAT, PERIOD_OPENING, VUOT, IndicatorView, Period,
                                 PlanView, clause, fill_phrase, first_word, ky_nam, next_year_sentence,
                                 phrase_kind, sentence, summary_sentences, value_text)
from generator.vn_format import dia_danh_ngay, ngay_ngan, phan_tram, so, so_dem
from formulas.build_patch import most_severe
from formulas.findings import counts_text, vn_count
from formulas.catalog import CAP_NAMES, TARGETS_SECTION, Catalog
from formulas.period import (KE_HOACH_NAM_SAU, NAM, THANG, THUC_HIEN_THANG, Period as ReportPeriod,
                             period_placeholders, try_parse, with_year)

MAX_SENTENCES_PER_PARAGRAPH = 4
NEXT_TASKS_SECTION = "nhiem_vu"  # _outline.yaml: "NHIỆM VỤ TRỌNG TÂM {ky_sau_upper} NĂM {nam}"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")



@dataclass(slots=True)
class Block:
    kind: str  # "prose" | "so_lieu" (generated) | "tong_hop"
    text: str


@dataclass(slots=True)
class SectionContent:
    key: str
    level: int
    parent: str | None
    title: str
    blocks: list[Block] = field(default_factory=list)
    indicators: list[IndicatorView] = field(default_factory=list)
    theo_don_vi: list[dict] = field(default_factory=list)  # a consolidation's spread (generator.by_unit)
    paragraphs: list[str] = field(default_factory=list)  # filled by narrative rendering
    number: str = ""  # filled by number_sections
    included: bool = False

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def period_from(info: dict, catalog: Catalog, wording=None) -> Period:
    """The period as the sentences say it; `wording`: the _cau.j2 macros (generator.wording) of the
    templates folder being exported with, None for the shipped ones."""
    pad = bool(catalog.settings.get("pad_counts_below_10", True))
    values = title_values(info)
    known = report_period(info)
    # A cumulative result is said over what it covers: "Trong 8 tháng đầu năm 2026, …" (tháng 8).
    span = known.span_phrase if known is not None and known.year is not None else ""
    return Period(ky=values["ky"], nam=values["nam"], cut_off=info.get("ngay_chot_so_lieu"), pad_counts=pad,
                  cap=values["cap"], span=span, kind=known.kind if known is not None else "", wording=wording)


def report_period(info: dict) -> ReportPeriod | None:
    """The Thông tin period as formulas.period reads it ("Quý II năm 2026"), None if unreadable."""
    return try_parse(info.get("ky_bao_cao"), _year(info) or None)


def _year(info: dict) -> str:
    y = info.get("nam")
    if isinstance(y, float) and y.is_integer():
        y = int(y)
    text = _text(y)
    if not text and isinstance(info.get("ngay_ban_hanh"), date):
        text = str(info["ngay_ban_hanh"].year)
    return text.removesuffix(".0")


def title_values(info: dict) -> dict[str, str]:
    cap = _text(info.get("cap")).lower() or "huyen"
    cap_name = CAP_NAMES.get(cap, cap)
    nam = _year(info)
    period = report_period(info)
    if period is None:  # not a period formulas.period reads: the text as typed (KY_BAO_CAO_LA warns)
        ky = _text(info.get("ky_bao_cao")) or "kỳ báo cáo"
        ky_nam_text, sau, sau_year = ky_nam(ky, nam), None, nam
    else:  # one spelling ("Quý II năm 2026" -> "quý II"), the year the text says
        nam = str(period.year) if period.year is not None else nam
        ky, ky_nam_text, sau = period.label, period.phrase(nam), period.next()
        sau_year = str(sau.year) if sau.year is not None else nam
    typed = _text(info.get("ky_tiep_theo"))
    read = try_parse(typed, sau_year or None) if typed else None
    if typed and read is not None and sau is not None and read == sau.with_year(read.year):
        typed = ""  # the period that follows, however typed ("quý IV" after 9 months): said one way
    if typed:  # "Kỳ tiếp theo" as staff wrote it; its year, if it says one, for {ky_sau_nam}
        ky_sau = typed
        ky_sau_nam = read.phrase() if read is not None and read.year is not None else ky_nam(typed, sau_year)
    elif sau is not None:
        ky_sau = period.next_label  # "3 tháng cuối năm" after 9 months, "năm" after a year
        ky_sau_nam = with_year(ky_sau, sau_year) if sau_year else ky_sau
    else:
        ky_sau = ky_sau_nam = "kỳ tiếp theo"
    cot_cung_ky, cot_thuc_hien = appendix_value_headers(period)
    return {"ky": ky, "nam": nam, "cap": cap_name, "cap_upper": cap_name.upper(),
            "cot_cung_ky": cot_cung_ky, "cot_thuc_hien": cot_thuc_hien, "cot_moc": comparison_word(period),
            "cot_ke_hoach_sau": appendix_next_plan_header(period),
            "ky_upper": ky.upper(), "ky_sau": ky_sau, "ky_sau_upper": ky_sau.upper(),
            "ky_nam": ky_nam_text, "ky_nam_upper": ky_nam_text.upper(),
            "ky_sau_nam": ky_sau_nam, "ky_sau_nam_upper": ky_sau_nam.upper()}


def appendix_value_headers(period: ReportPeriod | None) -> tuple[str, str]:
    """Appendix headers of the same-period and result columns: an annual report compares with last
    year's actual, a monthly one states the cumulative result; other periods keep the neutral words."""
    if period is not None and period.kind == NAM:
        last = f"năm {period.year - 1}" if period.year is not None else "năm trước"
        this = f"năm {period.year}" if period.year is not None else "cả năm"
        return f"Thực hiện {last}", f"Ước thực hiện {this}"
    if period is not None and period.kind == THANG:
        return "Cùng kỳ năm trước", "Lũy kế từ đầu năm"
    return "Cùng kỳ năm trước", "Thực hiện (ước) trong kỳ"


def comparison_word(period: ReportPeriod | None) -> str:
    """What the same-period columns compare with: last year's actual in an annual report ("năm 2025")."""
    if period is not None and period.kind == NAM and period.year is not None:
        return f"năm {period.year - 1}"
    return "cùng kỳ"


def appendix_next_plan_header(period: ReportPeriod | None) -> str:
    """An annual report's appendix also states next year's plan ("Kế hoạch năm 2027"); "" otherwise."""
    if period is None or period.kind != NAM:
        return ""
    return f"Kế hoạch năm {period.year + 1}" if period.year is not None else "Kế hoạch năm sau"


def fill_title(title: str, values: dict[str, str]) -> str:
    title = period_placeholders(title, values)  # "{ky_sau_upper} NĂM {nam}": the next period's own year
    for k, v in values.items():
        title = title.replace("{" + k + "}", v)
    # "{ky} năm {nam}" with ky = "6 tháng đầu năm" must read "6 tháng đầu năm 2023".
    return re.sub(r"\b(năm|NĂM) (?:năm|NĂM)\b", r"\1", title)


def plan_text(key: str, label: str, n_bases: int) -> str:
    """Header label to sentence wording: "KH vụ/kỳ" -> "kế hoạch vụ", "Dự toán tỉnh giao" -> "dự toán tỉnh giao"."""
    if key == "kh_nam" and n_bases == 1:
        return "kế hoạch"
    text = label.split("/")[0].strip()
    text = re.sub(r"^KH\b", "kế hoạch", text)
    return p.viet_thuong_dau(text)


def indicator_views(result: ComputeResult, catalog: Catalog, info: dict) -> list[IndicatorView]:
    """Views in workbook order; children are attached to their parent (same sheet)."""
    cap = _text(info.get("cap")).lower() or "huyen"
    cap = cap if cap in CAP_NAMES else "huyen"
    sheets = {s.sheet: s for s in catalog.sheets}
    views: list[IndicatorView] = []
    by_code: dict[str, IndicatorView] = {}
    for item in result.indicators:
        v = _view(item, sheets.get(item.row.sheet), cap)
        views.append(v)
        if v.code and v.code not in by_code:
            by_code[v.code] = v
    full = {id(v): v.name for v in views}
    for v in views:
        parent = by_code.get(v.parent) if v.parent else None
        if parent is not None and parent.sheet == v.sheet and parent is not v:
            parent.children.append(v)
            v.name = short_name(full[id(v)], full[id(parent)])
    return views


def short_name(name: str, parent_name: str) -> str:
    """"CT MTQG …: vốn đầu tư" under "CT MTQG …: tổng vốn giải ngân" -> "Vốn đầu tư"."""
    head, sep, rest = name.partition(": ")
    if sep and rest and (parent_name == head or parent_name.startswith(head + ": ")):
        return rest[0].upper() + rest[1:]
    return name


def _view(item: ComputedIndicator, sheet, cap: str) -> IndicatorView:
    row, ind = item.row, item.row.indicator
    bases = {b.key: b for b in sheet.plan_bases} if sheet is not None else {}
    keys = list(item.plans) or list(item.pct_plan)
    plans = []
    for k in keys:
        label = bases[k].label_for(cap) if k in bases else k
        target = item.targets.get(k)
        plans.append(PlanView(key=k, label=label, text=plan_text(k, label, len(keys)),
                              plan=item.plans.get(k), pct=item.pct_plan.get(k),
                              pct_to_date=item.pct_plan_to_date.get(k),
                              target="" if target is None else "verdict" if target.kind == VERDICT
                              else describe(target, row.unit or (ind.unit if ind else ""))))
    actual = item.actual
    if actual is None and ind is not None and ind.is_text:
        actual = row.values.get("uoc_ky") or row.values.get("den_ngay")
    return IndicatorView(
        code=row.code, name=row.name or (ind.name if ind else ""), unit=row.unit or (ind.unit if ind else ""),
        kind=ind.kind if ind else "amount", better=ind.better if ind else "higher",
        cumulative=ind.cumulative if ind else True, same_period_text=ind.same_period_text if ind else "",
        pattern=(ind.sentence if ind else "ket_qua"), phrase=(ind.phrase if ind else ""),
        decimals=ind.decimals if ind else 0, level=ind.level if ind else 0,
        parent=ind.parent if ind else None, sheet=row.sheet,
        section=sheet.section if sheet is not None else "",
        actual=actual, is_estimate=item.actual_is_estimate, to_date=item.to_date, plans=plans,
        same_period=item.same_period, pct_same_period=item.pct_same_period, change=item.change,
        change_unit=item.change_unit, share=item.share, evaluation=item.evaluation,
        evaluate=ind.evaluate if ind else "period", next_plan=item.values.get(KE_HOACH_NAM_SAU),
        month_value=item.values.get(THUC_HIEN_THANG),
    )


def _folded_into_parent(v: IndicatorView, by_code: dict[str, IndicatorView]) -> bool:
    """Children of a "trong đó" parent are stated inside the parent's sentence."""
    seen = set()
    code = v.parent
    while code and code not in seen:
        seen.add(code)
        parent = by_code.get(code)
        if parent is None or parent.sheet != v.sheet:
            return False
        if parent.pattern == "trong_do" and parent.has_value:
            return True
        code = parent.parent
    return False


def finish_paragraph(text: str) -> str:
    """A paragraph starts with a capital and ends with a stop: staff prose split around figures
    often ends in ";" or "," ("… lấn chiếm vỉa hè;"), which must not end a paragraph."""
    text = " ".join(str(text).split())
    if not text:
        return text
    if text[0].islower():
        text = text[0].upper() + text[1:]
    if text.endswith((";", ",")):
        text = text[:-1].rstrip() + "."
    elif not text.endswith((".", ":", "!", "?", "…", "”", '"')):
        text += "."
    return text


def _has_figures_below(v: IndicatorView) -> bool:
    """A main indicator (sub-rows below it: thu ngân sách, chi ngân sách) opens its own paragraph.
    A rate's sub-rows are its numerator and denominator: left empty, they do not split two rates
    of one topic apart ("Tỷ lệ xã … đạt 100%. Tỷ lệ thôn … đạt 61,5%.")."""
    return any(c.has_value for c in v.children) or (bool(v.children) and not v.is_rate)


def _breakdown(v: IndicatorView) -> bool:
    """A "trong đó: …; …" sentence: it cannot be chained into another one with ";"."""
    return v.pattern == "trong_do" and any(c.has_value for c in v.children)


def _related(a: IndicatorView | None, b: IndicatorView) -> bool:
    """b is a sub-indicator of a, or its sibling (under the same parent, or both top-level)."""
    if a is None or a.sheet != b.sheet:
        return False
    return a.code == b.parent or a.parent == b.parent


def _child_of(a: IndicatorView | None, b: IndicatorView) -> bool:
    """b is a sub-indicator of a, or a sibling sub-indicator following one."""
    return a is not None and b.parent is not None and (a.code == b.parent or a.parent == b.parent)


def section_blocks(views: list[IndicatorView], prose: list, period: Period) -> list[Block]:
    """Paragraphs of one section: leading prose, then indicator paragraphs with prose placed after.

    A top-level indicator opens a paragraph and its sub-indicators follow in it; short runs of
    childless indicators share one paragraph (at most MAX_SENTENCES_PER_PARAGRAPH sentences).
    Catalog phrases read as admin prose: predicates in a row share one sentence joined by ";"
    ("đã xây dựng …; cấp giống lúa được 1.988 kg, hỗ trợ 61 tấn phân bón, 980 gói …"), and a
    phrase that starts with the value or with "với/của …" extends the sentence before it.
    """
    by_code = {v.code: v for v in views if v.code}
    after: dict[str, list[str]] = {}
    blocks = [Block("prose", finish_paragraph(pr.text)) for pr in prose
              if not pr.after_code or pr.after_code not in by_code]
    for pr in prose:
        if pr.after_code and pr.after_code in by_code:
            after.setdefault(pr.after_code, []).append(finish_paragraph(pr.text))

    current: list[str] = []
    state = {"children": False, "first": "", "used_lead": -10, "emitted": 0, "chain": 0,
             "last": None, "phrase_leads": 0}

    def flush():
        if current:
            blocks.append(Block("so_lieu", " ".join(current)))
        current.clear()
        state.update(children=False, chain=0, last=None, first="")

    def extend(tail: str, joiner: str):
        current[-1] = current[-1].rstrip(".") + joiner + tail + "."

    for v in views:
        if _folded_into_parent(v, by_code) or not v.has_value or v.pattern == "khong":
            if v.code in after:
                flush()
                blocks.extend(Block("prose", t) for t in after[v.code])
            continue
        kind = phrase_kind(v, period)
        top = v.level == 0 or v.parent not in by_code
        if current and kind == "connective":
            extend(fill_phrase(v, period), ", " if fill_phrase(v, period).startswith("trong đó") else " ")
        elif current and kind == "comma_connective" and _related(state["last"], v) or (
                current and kind == "comma_connective" and state["last"] is not None
                and state["last"].sheet == v.sheet):
            extend(fill_phrase(v, period), ", ")
        elif current and kind == "value_first" and _related(state["last"], v) and (
                v.parent is not None or state["chain"]):
            extend(fill_phrase(v, period), ", ")
        elif current and v.name.lower().startswith("trong đó ") and _related(state["last"], v):
            extend(p.viet_thuong_dau(v.name) + " " + value_text(v, period), ", ")
        elif current and kind == "predicate" and _child_of(state["last"], v) and not _breakdown(v):
            extend(clause(v, period), ", ")  # "…, năng suất ước đạt 116,5 tạ/ha"
        elif current and kind == "predicate" and 0 < state["chain"] < 4 and _related(state["last"], v) \
                and not _breakdown(v) and not _breakdown(state["last"]):
            extend(clause(v, period), "; ")  # "đã xây dựng …; cấp giống lúa …" (comparisons kept)
            state["chain"] += 1
        else:
            if top and (state["children"] or _has_figures_below(v) or len(current) >= MAX_SENTENCES_PER_PARAGRAPH
                        or (state["chain"] and kind != "predicate")):
                flush()
            text = ""
            if kind == "predicate":
                text = sentence(v, period, state["phrase_leads"] % 3)
                state["phrase_leads"] += 1
            else:
                for opening in range(period.words.openings):
                    if opening == PERIOD_OPENING and (state["emitted"] - state["used_lead"] < 3 or not v.cumulative):
                        # "Trong 6 tháng đầu năm …" not twice within three sentences, and never
                        # before a stock ("tổng dư nợ", "tỷ lệ …" are states, not what the period did)
                        continue
                    text = sentence(v, period, opening, plain=kind == "value_first")
                    if not text or first_word(text) != state["first"]:
                        if opening == PERIOD_OPENING:
                            state["used_lead"] = state["emitted"]
                        break
            if text:
                state["emitted"] += 1
                current.append(text)
                state["first"] = first_word(text)
                state["children"] = state["children"] or _has_figures_below(v)
                state["chain"] = 1 if kind == "predicate" else 0
        state["last"] = v
        if v.code in after:
            flush()
            blocks.extend(Block("prose", t) for t in after[v.code])
    flush()
    return blocks


def build_sections(data: WorkbookData, result: ComputeResult, catalog: Catalog,
                   views: list[IndicatorView] | None = None, wording=None) -> list[SectionContent]:
    info = data.info
    period = period_from(info, catalog, wording)
    values = title_values(info)
    views = views if views is not None else indicator_views(result, catalog, info)
    sections = []
    for s in catalog.sections:
        sec_views = [v for v in views if v.section == s.key]
        sec_prose = [pr for pr in data.prose if pr.section == s.key]
        content = SectionContent(key=s.key, level=s.level, parent=s.parent, title=fill_title(s.title, values),
                                 indicators=sec_views)
        content.blocks = section_blocks(sec_views, sec_prose, period)
        if s.key == NEXT_TASKS_SECTION and (plan := next_year_sentence(views, period)):
            content.blocks.insert(0, Block("ke_hoach_sau", plan))  # before the tasks staff wrote
        if s.key == TARGETS_SECTION:
            sm = result.summary
            content.blocks.extend(Block("tong_hop", t) for t in summary_sentences(
                sm.targets_total, sm.targets, sm.task_groups, sm.tasks_total, sm.tasks, period,
                sm.targets_without_plan))
        sections.append(content)
    return sections


def number_sections(sections: list[SectionContent]) -> list[SectionContent]:
    """Keep sections with paragraphs or kept children; number them I. / 1. / 1.1. without gaps."""
    by_key = {s.key: s for s in sections}
    for s in sections:
        s.included = bool(s.paragraphs)
    for s in reversed(sections):  # a parent stays when one of its children stays
        if s.included and s.parent in by_key:
            by_key[s.parent].included = True
    counters: dict[str | None, int] = {}
    for s in sections:
        if not s.included:
            s.number = ""
            continue
        n = counters.get(s.parent, 0) + 1
        counters[s.parent] = n
        if s.level <= 1:
            s.number = f"{ROMAN[n - 1] if n <= len(ROMAN) else n}."
        elif s.level == 2:
            s.number = f"{n}."
        else:
            parent_num = by_key[s.parent].number.rstrip(".") if s.parent in by_key else ""
            s.number = f"{parent_num}.{n}." if parent_num and parent_num[0].isdigit() else f"{n}."
    return [s for s in sections if s.included]


def header(info: dict) -> dict:
    """Header, title and signature fields of the document (ô 1–9 of NĐ 30/2020)."""
    values = title_values(info)
    so_kh = _text(info.get("so_ky_hieu"))
    co_quan = _text(info.get("co_quan")).upper()
    lines = lambda key: [ln.strip() for ln in _text(info.get(key)).splitlines() if ln.strip()]
    noi_nhan = [ln if ln.startswith("-") else f"- {ln}" for ln in lines("noi_nhan")]
    if noi_nhan:  # each line ends ";", the last "."
        noi_nhan = [ln.rstrip(";.") + ";" for ln in noi_nhan[:-1]] + [noi_nhan[-1].rstrip(";.") + "."]
    return {
        "co_quan_chu_quan": _text(info.get("co_quan_chu_quan")).upper(),
        "co_quan": co_quan,
        "co_quan_dong": _agency_lines(co_quan),
        "so_ky_hieu": f"Số: {so_kh}" if so_kh else "Số:       /BC-UBND",
        "dia_danh_ngay": dia_danh_ngay(_text(info.get("dia_danh")), info.get("ngay_ban_hanh"), values["nam"]),
        "ngay_ngan": ngay_ngan(info.get("ngay_ban_hanh")),
        "trich_yeu": _text(info.get("trich_yeu")) or
        f"Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội {ky_nam(values['ky'], values['nam'])}",
        "quyen_han_ky": _text(info.get("quyen_han_ky")).upper(),
        "chuc_vu_ky": [ln.upper() for ln in lines("chuc_vu_ky")],
        "nguoi_ky": _text(info.get("nguoi_ky")),
        "noi_nhan": noi_nhan,
        "nguoi_soan": _text(info.get("nguoi_soan")),
        "so_hieu": so_kh,
        "kem_theo": _kem_theo(so_kh, info, values),
        "ky_nam_upper": ky_nam(values["ky"], values["nam"]).upper(),
        **values,
    }


def _kem_theo(so_kh: str, info: dict, values: dict) -> str:
    """"(Kèm theo Báo cáo số 617/BC-UBND ngày 04/7/2023 của UBND huyện Cao Lộc)"."""
    place = _text(info.get("dia_danh"))
    who = f" của UBND {values['cap']} {place}" if place else ""
    day = ngay_ngan(info.get("ngay_ban_hanh"))
    number = f"số {so_kh}" if so_kh else "số      "
    return f"(Kèm theo Báo cáo {number}{' ngày ' + day if day else ''}{who})"


def _agency_lines(name: str) -> list[str]:
    """"ỦY BAN NHÂN DÂN HUYỆN CAO LỘC" on two lines, as real UBND documents print it."""
    for head in ("ỦY BAN NHÂN DÂN ", "UỶ BAN NHÂN DÂN "):
        if name.startswith(head) and len(name) > len(head):
            return [head.strip(), name[len(head):].strip()]
    return [name] if name else []


def appendix_rows(views: list[IndicatorView], catalog: Catalog) -> list[dict]:
    """Rows of "Biểu tổng hợp kết quả thực hiện các chỉ tiêu": a group row per sheet, then each
    indicator with fixed decimals (its own for values, the policy's for percentages)."""
    pdec = int(catalog.settings.get("percent_decimals", 2))
    titles = {s.sheet: s for s in catalog.sheets}
    rows: list[dict] = []
    group_no = 0
    current_sheet = None
    n = 0
    targets_first = sorted(views, key=lambda v: v.section != TARGETS_SECTION)  # stable: sheet order kept
    for v in targets_first:
        if not _has_figures(v):
            continue  # a row left empty in the workbook has nothing to show
        if v.sheet != current_sheet:
            current_sheet = v.sheet
            group_no += 1
            n = 0
            sheet = titles.get(v.sheet)
            rows.append({"nhom": True, "stt": ROMAN[group_no - 1] if group_no <= len(ROMAN) else str(group_no),
                         "ten": (sheet.sheet if sheet else v.sheet).upper()})
        if v.level == 0:
            n += 1
        fmt = (lambda x: so_dem(x, pad=False)) if v.is_count else (lambda x: so(x, v.decimals))
        value = lambda x: x if isinstance(x, str) else fmt(x)
        change = ""
        if v.change is not None:
            sign = "+" if v.change > 0 else ""
            unit = " điểm %" if (v.change_unit or "").startswith("điểm") else "%"
            change = f"{sign}{so(v.change, pdec)}{unit}"
        with_plan = [pl for pl in v.plans if pl.plan is not None or (pl.target and pl.target != "verdict")]
        labelled = len(with_plan) > 1
        value = lambda x, value=value: "" if x is None else value(x)  # a target's plan: its text below
        rows.append({
            "nhom": False,
            "stt": str(n) if v.level == 0 else "-",
            "ten": ("\u2003" * v.level) + v.name,
            "dvt": v.unit,
            "ke_hoach": [f"{value(pl.plan) or pl.target} ({pl.label})" if labelled else value(pl.plan) or pl.target
                         for pl in with_plan],
            "cung_ky": value(v.same_period) if v.same_period is not None else "",
            "ke_hoach_sau": value(v.next_plan),
            "thuc_hien": (value(v.actual) if v.actual is not None else ""),
            "pct_ke_hoach": [f"{phan_tram(pl.pct, pdec)} ({pl.label})" if labelled else phan_tram(pl.pct, pdec)
                             for pl in with_plan if pl.pct is not None],
            "so_cung_ky": phan_tram(v.pct_same_period, pdec) if v.pct_same_period is not None and
            not (v.change_unit or "").startswith("điểm") else "",
            "tang_giam": change,
            "danh_gia": v.evaluation or "",
        })
    return rows


def _has_figures(v: IndicatorView) -> bool:
    """A row worth a line: a figure, a plan or target stated, or a verdict (a group target such as
    the economic structure has only its members' figures, and is counted among the targets)."""
    if v.kind == "text":
        return False
    return (v.actual is not None or v.same_period is not None or v.evaluation is not None
            or v.next_plan is not None or any(pl.plan is not None or pl.target for pl in v.plans))


def chart_data(views: list[IndicatorView], catalog: Catalog) -> list[tuple[str, dict[str, int]]]:
    """Per sector sheet (in catalog order): how many indicators were vượt / đạt / không đạt."""
    order = [s.sheet for s in sorted(catalog.sheets, key=lambda s: s.section != TARGETS_SECTION)]
    counts: dict[str, dict[str, int]] = {}
    for v in views:
        if v.evaluation in (VUOT, DAT, KHONG_DAT):
            c = counts.setdefault(v.sheet, {VUOT: 0, DAT: 0, KHONG_DAT: 0})
            c[v.evaluation] += 1
    return [(s, counts[s]) for s in order if s in counts] + \
        [(s, c) for s, c in counts.items() if s not in order]


def units_context(standings: dict, catalog: Catalog, info: dict) -> dict:
    """What a consolidation's report says of its units (nothing for a unit's own workbook)."""
    if not standings:
        return {"spread": [], "tables": [], "charts": []}
    share = policy_from(catalog.settings).share_of_year(info.get("ky_bao_cao"))
    unit_word = CAP_NAMES.get(UNIT_LEVEL.get(str(info.get("cap") or catalog.cap), "xa"), "đơn vị")
    return {"spread": spread_items(standings, catalog, share, unit_word),
            "tables": appendix_tables(standings, catalog),
            "charts": chart_by_unit(standings, catalog, share)}


def findings_note(findings) -> str:
    """What a forced export says under its title: the errors left and where the annex is."""
    left = counts_text(findings) if findings else ""
    return (f"(Bản xuất khi số liệu còn {left or 'lỗi'}: kèm theo Phụ lục các lỗi, cảnh báo khi kiểm tra số "
            "liệu ở cuối báo cáo; cần kiểm tra lại trước khi ký ban hành)")


# Rows of findings the Word annex lists at most (errors first): 300 rows are a dozen pages; a
# workbook with 20.000 findings is fixed in Excel, from its Kiểm tra sheet or `ktxh check`.
ANNEX_FINDINGS = 300


def findings_rows(findings, limit: int = ANNEX_FINDINGS) -> list[dict]:
    shown = most_severe(list(findings), limit)
    rows = [{"stt": str(i), "muc_do": f.severity.capitalize(), "vi_tri": f.place, "noi_dung": f.message}
            for i, f in enumerate(shown, 1)]
    if len(shown) < len(findings):
        rows.append({"stt": "", "muc_do": "", "vi_tri": "",
                     "noi_dung": f"Phụ lục chỉ ghi {vn_count(len(shown))} trong tổng số {vn_count(len(findings))} "
                                 f"lỗi, cảnh báo ({counts_text(findings)}), lỗi ghi trước. Xem đủ ở trang “Kiểm tra” "
                                 "của sổ số liệu sau khi bấm «Kiểm tra số liệu», hoặc bằng lệnh “ktxh check”."})
    return rows


def build_context(data: WorkbookData, result: ComputeResult, catalog: Catalog, findings=(),
                  forced: bool = False, standings: dict | None = None, wording=None) -> dict:
    """Everything the narrative templates and the Word template need, before rendering.
    `standings`: a consolidated workbook's units (formulas.by_unit.read_standings), else None;
    `wording`: the sentence macros of the templates folder (SectionRenderer.wording), None: shipped."""
    views = indicator_views(result, catalog, data.info)
    sections = build_sections(data, result, catalog, views, wording)
    by_unit = units_context(standings or {}, catalog, data.info)
    for s in sections:
        if s.key == TARGETS_SECTION:
            s.theo_don_vi = by_unit["spread"]
    return {
        "units_tables": by_unit["tables"],
        "units_charts": by_unit["charts"],
        # the Word template reads only header, body, appendix, findings: the note rides in the header
        "header": {**header(data.info), "findings_note": findings_note(findings) if forced else ""},
        "period": period_from(data.info, catalog, wording),
        "sections": sections,
        "views": views,
        "appendix": appendix_rows(views, catalog),
        "chart": chart_data(views, catalog),
        "findings": findings_rows(findings) if forced else [],
        "summary": result.summary,
        "tasks": data.tasks,
    }


__all__ = ["Block", "SectionContent", "build_context", "build_sections", "header", "number_sections",
           "appendix_rows", "chart_data", "plan_text", "fill_title", "title_values", "CUOI_NAM"]
