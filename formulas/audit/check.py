"""Recompute each claim of a report and judge it (issue #11), with the project's one rounding rule.

A printed figure stands for an interval: "957,9 ha" is anything in [957,85; 957,95). So a stated %
is wrong (lỗi) only when no value the printed inputs allow rounds to it; exact counts (người, hồ sơ)
have no such slack. Order of the verdicts for a rate:
  rounds (half up, formulas.rounding) to the stated figure  -> right
  only truncates to it                                       -> cảnh báo SOAT_CAT_BOT
  within the rounding of the printed inputs                  -> right
  matches only with another base / another method            -> cảnh báo
  otherwise                                                  -> lỗi
A claim the text does not give the inputs for is said as thông tin, with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from formulas.audit import claims as C
from formulas.audit.claims import Claim, Paragraph, extract_document
from formulas.audit.quantities import Quantity, compatible
from formulas.findings import ERROR, WARNING, Finding, severity_counts
from formulas.rounding import TRUNCATE, quantum, round_value
from formulas.rules import finding
from formulas.vn_numbers import format_vn

TY_LE_SAI = "SOAT_TY_LE_SAI"
TONG_KHONG_KHOP = "SOAT_TONG_KHONG_KHOP"
TONG_THIEU = "SOAT_TONG_THIEU"
VUOT_TONG = "SOAT_VUOT_TONG"
DON_VI = "SOAT_DON_VI_KHONG_KHOP"
CAT_BOT = "SOAT_CAT_BOT"
SAI_CO_SO = "SOAT_SAI_CO_SO"
TANG_NHU_BANG = "SOAT_TANG_DOC_NHU_BANG"
NHAM_DIEM = "SOAT_NHAM_DIEM_PHAN_TRAM"
CHENH_LECH_SAI = "SOAT_CHENH_LECH_SAI"
KHONG_TINH_DUOC = "SOAT_KHONG_TINH_DUOC"

# One maker per rule, each naming its code as a constant (tests/formulas/test_rules.py reads them).
_MAKE = {
    TY_LE_SAI: lambda place, msg: finding(TY_LE_SAI, place, "", None, msg),
    TONG_KHONG_KHOP: lambda place, msg: finding(TONG_KHONG_KHOP, place, "", None, msg),
    TONG_THIEU: lambda place, msg: finding(TONG_THIEU, place, "", None, msg),
    VUOT_TONG: lambda place, msg: finding(VUOT_TONG, place, "", None, msg),
    DON_VI: lambda place, msg: finding(DON_VI, place, "", None, msg),
    CAT_BOT: lambda place, msg: finding(CAT_BOT, place, "", None, msg),
    SAI_CO_SO: lambda place, msg: finding(SAI_CO_SO, place, "", None, msg),
    TANG_NHU_BANG: lambda place, msg: finding(TANG_NHU_BANG, place, "", None, msg),
    NHAM_DIEM: lambda place, msg: finding(NHAM_DIEM, place, "", None, msg),
    CHENH_LECH_SAI: lambda place, msg: finding(CHENH_LECH_SAI, place, "", None, msg),
    KHONG_TINH_DUOC: lambda place, msg: finding(KHONG_TINH_DUOC, place, "", None, msg),
}
HUNDRED = Decimal(100)
_SLIPS = tuple(Decimal(10) ** e for e in (3, -3, 6, -6))


@dataclass(frozen=True, slots=True)
class AuditFinding:
    finding: Finding  # rule, severity, message (sheet = "đoạn N")
    paragraph: int
    cell: str
    quote: str
    stated: str
    computed: str
    kind: str

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def message(self) -> str:
        return self.finding.message

    def to_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "paragraph": self.paragraph, "cell": self.cell,
                "kind": self.kind, "quote": self.quote, "stated": self.stated, "computed": self.computed,
                "message": self.message}


@dataclass(frozen=True, slots=True)
class Audit:
    claims: list[Claim]
    findings: list[AuditFinding]
    recomputed: int  # claims whose inputs were all printed
    table_recomputed: int = 0  # figures of the biểu tables recomputed from their row (not claims of the text)

    def counts(self) -> dict[str, int]:
        out = {"claims": len(self.claims), "recomputed": self.recomputed, "table_recomputed": self.table_recomputed,
               **severity_counts(self.findings)}
        out["flagged"] = out[ERROR] + out[WARNING]
        return out


def audit_paragraphs(paragraphs: list[Paragraph]) -> Audit:
    """Extract the claims of a document and judge each."""
    return check_claims(extract_document(paragraphs))


def check_claims(claims: list[Claim]) -> Audit:
    findings, recomputed = [], 0
    for claim in claims:
        verdict = _JUDGES[claim.kind](claim)
        if verdict is None:
            recomputed += 1
            continue
        rule, stated, computed, message = verdict
        if rule != KHONG_TINH_DUOC:
            recomputed += 1
        place = f"đoạn {claim.paragraph}" + (f" ({claim.cell})" if claim.cell else "")
        findings.append(AuditFinding(_MAKE[rule](place, message), claim.paragraph, claim.cell, claim.quote,
                                     stated, computed, claim.kind))
    return Audit(claims, findings, recomputed)


# ---- formatting ------------------------------------------------------------------------------
def _pct(value: Decimal, decimals: int) -> str:
    return format_vn(value, max(decimals, 2), trim=False) + "%"


def _num(q: Quantity) -> str:
    return q.shown


def _amount(value: Decimal, like: Quantity) -> str:
    """A sum in the unit and multiplier of the figure it is compared with."""
    scaled = value / like.scale
    unit = "" if like.unit in ("", "*") else ("%" if like.unit == "%" else " " + like.unit)
    word = {Decimal(10) ** 3: " nghìn", Decimal(10) ** 6: " triệu", Decimal(10) ** 9: " tỷ"}.get(like.scale, "")
    return format_vn(scaled, like.decimals) + word + unit


# ---- rates -----------------------------------------------------------------------------------
def _ratio_bounds(x: Quantity, y: Quantity) -> tuple[Decimal, Decimal]:
    """The smallest and largest 100·x/y the printed (rounded) x and y allow."""
    dx, dy = x.half_unit, y.half_unit
    lo_den, hi_den = y.amount + dy, y.amount - dy
    lo = HUNDRED * (x.amount - dx) / lo_den if lo_den > 0 else Decimal("-Infinity")
    hi = HUNDRED * (x.amount + dx) / hi_den if hi_den > 0 else Decimal("Infinity")
    return lo, hi


def _judge_rate(stated: Decimal, decimals: int, exact: Decimal, lo: Decimal, hi: Decimal,
                alternatives: dict[str, Decimal], rounded_inputs_first: bool = False) -> tuple[str, str] | None:
    """(rule, message part) or None when the stated rate is what the inputs give. rounded_inputs_first:
    the rounding of the printed inputs explains a rate before truncation is suspected (a biểu prints
    its inputs rounded for display, so a rate that looks truncated may be one of the full figures)."""
    if round_value(exact, decimals) == stated:
        return None
    half = quantum(decimals) / 2
    explained = lo <= stated + half and stated - half <= hi  # by the rounding of the printed inputs
    if rounded_inputs_first and explained:
        return None
    if round_value(exact, decimals, TRUNCATE) == stated:
        return CAT_BOT, (f"số ghi {format_vn(stated, decimals)}% là số cắt bớt; làm tròn đúng quy tắc "
                         f"là {format_vn(round_value(exact, decimals), decimals)}%")
    if explained:
        return None
    for label, alt in alternatives.items():
        if alt is not None and round_value(alt, decimals) == stated:
            return SAI_CO_SO, f"số ghi chỉ khớp khi tính {label}"
    return TY_LE_SAI, ""


def _rate_verdict(claim: Claim, x: Quantity, y: Quantity, what: str, offset: Decimal = Decimal(0),
                  alternatives: dict[str, Decimal] | None = None, sign: int = 1):
    stated_q = claim.stated
    stated = stated_q.value * sign
    if y.amount == 0:
        return KHONG_TINH_DUOC, _num(stated_q), "", f"không tính được {what}: số làm mẫu ({_num(y)}) bằng 0."
    exact = HUNDRED * x.amount / y.amount - offset
    lo, hi = _ratio_bounds(x, y)
    judged = _judge_rate(stated, stated_q.decimals, exact, lo - offset, hi - offset, alternatives or {})
    if judged is None:
        return None
    rule, note = judged
    computed = _pct(exact, stated_q.decimals)
    if claim.kind == C.CHANGE:  # a change reads "tăng 3,68%" / "giảm 3,50%", never "-3,50%"
        computed = ("tăng " if exact >= 0 else "giảm ") + _pct(abs(exact), stated_q.decimals)
    if rule == TY_LE_SAI and (x.scale != 1 or y.scale != 1) and x.value and y.value:
        # a nghìn / triệu / tỷ slip on one side moves the ratio by a factor 10^±3 or 10^±6
        if any(round_value(HUNDRED * x.amount * f / y.amount - offset, stated_q.decimals) == stated
               for f in _SLIPS):
            return (DON_VI, _num(stated_q), computed,
                    f"{what} chỉ khớp khi coi {_num(x)} và {_num(y)} cùng đơn vị: kiểm tra lại đơn vị "
                    f"(triệu/tỷ) của một trong hai số.")
    shown = ("tăng " if sign > 0 else "giảm ") + _num(stated_q) if claim.kind == C.CHANGE else _num(stated_q)
    msg = f"{what} ghi {shown}, tính từ {_num(x)} / {_num(y)} được {computed}"
    return rule, shown, computed, msg + (f"; {note}." if note else ".")


def _check_ratio(claim: Claim):
    x, y = claim.inputs
    return _rate_verdict(claim, x, y, "tỷ lệ", alternatives={"đảo ngược tử số và mẫu số": _safe_ratio(y, x)})


def _safe_ratio(a: Quantity | None, b: Quantity | None) -> Decimal | None:
    return HUNDRED * a.amount / b.amount if a and b and b.amount else None


def _missing(claim: Claim, why: str):
    return KHONG_TINH_DUOC, _num(claim.stated), "", why


def _check_plan(claim: Claim):
    value, base = claim.inputs
    label = claim.basis or ("cùng kỳ" if claim.kind == C.SAME else "kế hoạch")
    if value is None:
        return _missing(claim, f"không thấy số được so với {label} trong câu.")
    if base is None:
        return _missing(claim, f"câu không nêu số {label} nên không tính lại được {_num(claim.stated)}.")
    as_ratio = _rate_verdict(claim, value, base, f"tỷ lệ so với {label}",
                             alternatives={"mức tăng/giảm thay cho tỷ lệ “bằng”": _safe_ratio(value, base) - HUNDRED
                                           if base.amount else None})
    if claim.verb != "vượt" or as_ratio is None:
        return as_ratio
    # "vượt 4% dự toán" states the excess (104% of it); "vượt 104% kế hoạch" is written too
    return _rate_verdict(claim, value, base, f"mức vượt so với {label}", offset=HUNDRED)


def _check_change(claim: Claim):
    value, base = claim.inputs
    word = "tăng" if claim.sign > 0 else "giảm"
    if value is None:
        return _missing(claim, "không thấy số được so với cùng kỳ trong câu.")
    if base is None:
        hint = ""
        if claim.sign > 0 and claim.stated.value >= 100:
            hint = (f" Nếu {_num(claim.stated)} là tỷ lệ so với cùng kỳ thì phải ghi “bằng {_num(claim.stated)}”"
                    f" (tức {word} {format_vn(claim.stated.value - 100, claim.stated.decimals)}%).")
        return _missing(claim, f"câu không nêu số cùng kỳ nên không tính lại được mức {word} "
                               f"{_num(claim.stated)}.{hint}")
    ratio = _safe_ratio(value, base)
    verdict = _rate_verdict(claim, value, base, f"mức {word} so với {claim.basis}", offset=HUNDRED,
                            sign=claim.sign)
    if verdict and verdict[0] == TY_LE_SAI and ratio is not None:
        if round_value(ratio, claim.stated.decimals) == claim.stated.value:
            return (TANG_NHU_BANG, verdict[1], verdict[2],
                    f"ghi “{word} {_num(claim.stated)}” nhưng {_num(claim.stated)} là tỷ lệ {_num(value)} / "
                    f"{_num(base)}: phải ghi “bằng {_num(claim.stated)}”, tức {word} {verdict[2]}.")
        if round_value(ratio - HUNDRED, claim.stated.decimals) == -claim.sign * claim.stated.value:
            return (TY_LE_SAI, verdict[1], verdict[2],
                    f"ghi “{word}” nhưng {_num(value)} so với {_num(base)} là "
                    f"{'giảm' if claim.sign > 0 else 'tăng'} {_pct(abs(ratio - HUNDRED), claim.stated.decimals)}.")
    return verdict


def _check_share(claim: Claim):
    part, whole = claim.inputs
    if claim.stated.value > HUNDRED:
        return (VUOT_TONG, _num(claim.stated), "",
                f"tỷ trọng {_num(claim.stated)} lớn hơn 100%: một phần không thể chiếm hơn tổng thể.")
    if part is None or whole is None:
        return _missing(claim, f"câu không nêu tổng thể nên không tính lại được tỷ trọng {_num(claim.stated)}.")
    if part.amount > whole.amount + part.half_unit + whole.half_unit:
        return (VUOT_TONG, _num(claim.stated), "",
                f"phần {_num(part)} lớn hơn tổng thể {_num(whole)}.")
    return _rate_verdict(claim, part, whole, "tỷ trọng")


def _check_points(claim: Claim):
    value, base = claim.inputs
    word = "tăng" if claim.sign > 0 else "giảm"
    if value is None or base is None or not value.is_percent or not base.is_percent:
        return _missing(claim, f"câu không nêu đủ hai tỷ lệ nên không tính lại được mức {word} {_num(claim.stated)}.")
    d = claim.stated.decimals
    diff = value.value - base.value
    stated = claim.sign * claim.stated.value
    tol = value.half_unit + base.half_unit + quantum(d) / 2
    shown = f"{word} {_num(claim.stated)}"
    actual = ("tăng " if diff >= 0 else "giảm ") + format_vn(abs(diff), max(d, 2))  # a word, not a "-" sign
    computed = actual + " điểm %"
    if claim.stated.unit == "%":  # "giảm 1,51%" for a change of a rate: which one was meant?
        if abs(diff - stated) <= tol:
            return (NHAM_DIEM, shown, computed,
                    f"{_num(value)} so với {_num(base)} là {word} {format_vn(abs(diff), d)} điểm phần trăm; "
                    f"ghi “{shown}” dễ đọc thành thay đổi tương đối — nên ghi “điểm phần trăm”.")
        relative = HUNDRED * value.value / base.value - HUNDRED if base.value else None
        if relative is not None and round_value(relative, d) == stated:
            return None
        return (CHENH_LECH_SAI, shown, computed,
                f"{_num(value)} so với {_num(base)} là {actual} điểm phần trăm, không khớp “{shown}”.")
    if round_value(diff, d) == stated or abs(diff - stated) <= tol:
        return None
    relative = HUNDRED * value.value / base.value - HUNDRED if base.value else None
    if relative is not None and round_value(relative, d) == stated:
        return (SAI_CO_SO, shown, computed,
                f"{shown} điểm phần trăm là mức thay đổi tương đối; đúng ra là {actual} điểm phần trăm.")
    return (CHENH_LECH_SAI, shown, computed,
            f"{_num(value)} so với {_num(base)} là {actual} điểm phần trăm, không phải “{shown}”.")


def _check_difference(claim: Claim):
    value, base = claim.inputs
    word = "tăng" if claim.sign > 0 else "giảm"
    shown = f"{word} {_num(claim.stated)}"
    if value is None or base is None or not compatible(value, base):
        return _missing(claim, f"câu không nêu đủ số trước và sau nên không tính lại được mức {shown}.")
    diff = value.amount - base.amount
    tol = value.half_unit + base.half_unit + claim.stated.half_unit
    if abs(diff - claim.sign * claim.stated.amount) <= tol:
        return None
    computed = ("tăng " if diff >= 0 else "giảm ") + _amount(abs(diff), claim.stated)
    return (CHENH_LECH_SAI, shown, computed,
            f"{_num(value)} so với {_num(base)} là {computed}, không phải “{shown}”.")


def _check_times(claim: Claim):
    value, base = claim.inputs
    shown = f"{_num(claim.stated)} lần"
    if value is None or base is None or not compatible(value, base) or base.amount == 0:
        return _missing(claim, f"câu không nêu đủ hai số (kỳ này và {claim.basis}) nên không tính lại được {shown}.")
    exact = value.amount / base.amount
    lo, hi = (b / HUNDRED for b in _ratio_bounds(value, base))
    d = claim.stated.decimals
    half = quantum(d) / 2
    readings = (exact, exact - 1) if claim.sign == 0 else (exact,)  # "tăng 2 lần": ×2, or 2 more
    if any(round_value(r, d) == claim.stated.value or (lo - (exact - r) <= claim.stated.value + half
                                                        and claim.stated.value - half <= hi - (exact - r))
           for r in readings):
        return None
    computed = f"{format_vn(exact, max(d, 2))} lần"
    return (TY_LE_SAI, shown, computed,
            f"ghi {shown} {claim.basis}, tính từ {_num(value)} / {_num(base)} được {computed}.")


def _check_sum(claim: Claim):
    total, parts = claim.stated, claim.inputs
    s = sum((p.amount for p in parts), Decimal(0))
    whole_is_exact = claim.basis == C.STRUCTURE  # the 100% of a structure is not a printed, rounded figure
    tol = (0 if whole_is_exact else total.half_unit) + sum((p.half_unit for p in parts), Decimal(0))
    listed = " + ".join(_num(p) for p in parts)
    if len(parts) == 1:  # "1.237,16 ha, trong đó … 342,9 ha": a part, not the whole list
        if s > total.amount + tol:
            return VUOT_TONG, _num(total), _num(parts[0]), f"phần {_num(parts[0])} lớn hơn tổng {_num(total)}."
        return None
    if abs(s - total.amount) <= tol:
        return None
    computed = _amount(s, max(parts, key=lambda p: p.decimals) if whole_is_exact else total)
    raw = sum((p.value for p in parts), Decimal(0))
    if len({p.scale for p in parts} | {total.scale}) > 1 and abs(raw - total.value) <= quantum(total.decimals) / 2:
        return (DON_VI, _num(total), computed,
                f"{listed} chỉ bằng {_num(total)} khi bỏ qua đơn vị (nghìn/triệu/tỷ): kiểm tra lại đơn vị.")
    msg = (f"các tỷ trọng của một cơ cấu cộng lại phải bằng 100%, ở đây {listed} = {computed}" if whole_is_exact
           else f"tổng ghi {_num(total)}, các thành phần {listed} cộng lại được {computed}")
    if s > total.amount or claim.exhaustive:
        return TONG_KHONG_KHOP, _num(total), computed, msg + "."
    # "trong đó" may leave parts out, so less than the total is a warning (as `ktxh check` says of a
    # workbook's partial breakdown), even when the digits look swapped (1.085 / 1.058): the missing
    # 27 may be a group the sentence does not name
    swapped = sorted(total.text.replace(".", "").replace(",", "")) == sorted(
        format_vn(s / total.scale, total.decimals).replace(".", "").replace(",", ""))
    return (TONG_THIEU, _num(total), computed,
            msg + (" — có thể gõ nhầm thứ tự chữ số" if swapped else "")
            + "; nếu “trong đó” đã liệt kê đủ các thành phần thì tổng sai, nếu chưa thì nên ghi rõ phần còn lại.")


def _check_fraction(claim: Claim):
    x, y = claim.inputs
    if x.amount > y.amount:
        return VUOT_TONG, f"{x.text}/{y.text}", "", f"{_num(x)} nhiều hơn tổng số {_num(y)}."
    return None


def _check_aggregate(claim: Claim):
    xs, ys = claim.inputs[0::2], claim.inputs[1::2]
    num = sum((x.amount for x in xs), Decimal(0))
    den = sum((y.amount for y in ys), Decimal(0))
    d = claim.stated.decimals
    if not den:
        return _missing(claim, "tổng các mẫu số bằng 0.")
    exact = HUNDRED * num / den
    dx = sum((x.half_unit for x in xs), Decimal(0))
    dy = sum((y.half_unit for y in ys), Decimal(0))
    lo, hi = HUNDRED * (num - dx) / (den + dy), HUNDRED * (num + dx) / (den - dy) if den > dy else Decimal("Infinity")
    mean_stated = sum((m.value for m in claim.members), Decimal(0)) / len(claim.members)
    mean_exact = sum((HUNDRED * x.amount / y.amount for x, y in zip(xs, ys) if y.amount), Decimal(0)) / len(xs)
    members = ", ".join(_num(m) for m in claim.members)
    judged = _judge_rate(claim.stated.value, d, exact, lo, hi, {
        f"trung bình cộng các tỷ lệ ({members}) thay cho tổng tử số / tổng mẫu số": mean_stated,
        "trung bình cộng các tỷ lệ thay cho tổng tử số / tổng mẫu số": mean_exact})
    if judged is None:
        return None
    rule, note = judged
    computed = _pct(exact, d)
    sums = f"{format_vn(num / xs[0].scale, 0)}/{format_vn(den / ys[0].scale, 0)}"
    msg = f"tỷ lệ chung ghi {_num(claim.stated)}, tính từ tổng các số đã nêu {sums} được {computed}"
    return rule, _num(claim.stated), computed, msg + (f"; {note}." if note else ".")


_JUDGES = {C.RATIO: _check_ratio, C.PLAN: _check_plan, C.SAME: _check_plan, C.CHANGE: _check_change,
           C.SHARE: _check_share, C.POINTS: _check_points, C.SUM: _check_sum, C.FRACTION: _check_fraction,
           C.AGGREGATE: _check_aggregate, C.DIFFERENCE: _check_difference,
           C.TIMES: _check_times}
