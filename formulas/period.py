"""The reporting period: one type for the builder, the checker and the generator.

A Period is (kind, index, year): tháng 1-12, quý 1-4, 6 tháng 1 (đầu năm) / 2 (cuối năm),
9 tháng (đầu năm) and năm. `parse` reads every form offices write ("Quý II năm 2026", "6 tháng",
"tháng 12/2025", "cả năm"); the period then gives its wording, the months from January its result
covers (what a year plan is compared with), the next period, and the value columns of a sector sheet.

Conventions chosen here (see also workbook_templates/catalog/_settings.yaml):
- A period's result is cumulative from 1 January: a "quý II" report states the 6 months to 30/6
  and is judged at 50 % of the year plan; a monthly report's "lũy kế" is compared with the plan.
- Months 1 and 2 take a leading zero, as in dates (Nghị định 30/2020): "tháng 01", "tháng 8".
- After "9 tháng đầu năm" comes "quý IV": a real period (quý, 4) whose own next is "quý I" of the
  next year; "3 tháng cuối năm" is read as quý IV too.
Pure: no I/O.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from formulas.errors import KtxhError

THANG, QUY, SAU_THANG, CHIN_THANG, NAM = "tháng", "quý", "6 tháng", "9 tháng", "năm"
KINDS = (THANG, QUY, SAU_THANG, CHIN_THANG, NAM)
_COUNT = {THANG: 12, QUY: 4, SAU_THANG: 2, CHIN_THANG: 1, NAM: 1}  # indexes per year
_LENGTH = {THANG: 1, QUY: 3, SAU_THANG: 6, CHIN_THANG: 9, NAM: 12}  # months in the period
ROMAN = ("I", "II", "III", "IV")

# Value-column keys a period layout adds beside the catalog's cung_ky / den_ngay / uoc_ky.
THUC_HIEN_THANG, UOC_KY_SAU, KE_HOACH_NAM_SAU = "thuc_hien_thang", "uoc_ky_sau", "ke_hoach_nam_sau"
PERIOD_VALUE_COLUMNS = (THUC_HIEN_THANG, UOC_KY_SAU, KE_HOACH_NAM_SAU)

# What the Thông tin drop-down offers (staff may still type any form `parse` reads).
CHOICES = ("quý I", "quý II", "quý III", "quý IV", "6 tháng đầu năm", "6 tháng cuối năm", "9 tháng đầu năm",
           "năm", *(f"tháng {m:02d}" if m < 3 else f"tháng {m}" for m in range(1, 13)))

ACCEPTED_FORMS = ("tháng 8, tháng 01 … tháng 12 (có thể kèm năm: tháng 12 năm 2025); quý I … quý IV "
                  "(hoặc quý 1 … quý 4, quý II năm 2026); 6 tháng đầu năm, 6 tháng cuối năm; "
                  "9 tháng đầu năm (hoặc 9 tháng); năm, cả năm, năm 2024")


@dataclass(frozen=True, slots=True)
class Period:
    kind: str
    index: int = 1
    year: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS or not 1 <= self.index <= _COUNT[self.kind]:
            raise ValueError(f"kỳ không hợp lệ: {self.kind} {self.index}")

    # ---------------------------------------------------------------- months
    @property
    def months(self) -> int:
        """Length of the period in months (quý: 3)."""
        return _LENGTH[self.kind]

    @property
    def last_month(self) -> int:
        """The month the period ends with; a result is cumulative from January to this month."""
        if self.kind == NAM:
            return 12
        if self.kind == CHIN_THANG:
            return 9
        return self.index * self.months

    @property
    def default_share(self) -> Decimal:
        """% of the year elapsed at the period's end (tháng 8: 66,67), the share used when
        _settings.yaml does not declare one."""
        share = (Decimal(self.last_month) * 100 / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return Decimal(int(share)) if share == share.to_integral_value() else share  # 50, not 50.00

    # ---------------------------------------------------------------- wording
    @property
    def label(self) -> str:
        """The period without its year: "quý II", "6 tháng đầu năm", "tháng 01", "năm"."""
        if self.kind == THANG:
            return f"tháng {month_text(self.index)}"
        if self.kind == QUY:
            return f"quý {ROMAN[self.index - 1]}"
        if self.kind == SAU_THANG:
            return "6 tháng đầu năm" if self.index == 1 else "6 tháng cuối năm"
        if self.kind == CHIN_THANG:
            return "9 tháng đầu năm"
        return "năm"

    @property
    def next_label(self) -> str:
        """How a report names the period whose tasks it sets: after "9 tháng đầu năm" come the
        "3 tháng cuối năm" (the quarter IV of `next`, said as offices say it); else `next().label`."""
        return "3 tháng cuối năm" if self.kind == CHIN_THANG else self.next().label

    def phrase(self, year: object = None) -> str:
        """With its year, said once: "6 tháng đầu năm 2026", "quý I năm 2027", "năm 2026" (never
        "năm năm"); the label alone when no year is known."""
        y = year if year is not None else self.year
        y = str(y).strip() if y is not None else ""
        if not y:
            return self.label
        return with_year(self.label, y)

    @property
    def span_phrase(self) -> str:
        """What the period's result covers from 1 January: "quý II" -> "6 tháng đầu năm 2026",
        "tháng 8" -> "8 tháng đầu năm 2026", "quý IV" -> "năm 2026"."""
        n = self.last_month
        if n == self.months:
            return self.phrase()
        if n == 12:
            return Period(NAM, 1, self.year).phrase()
        label = {6: "6 tháng đầu năm", 9: "9 tháng đầu năm"}.get(n, f"{n} tháng đầu năm")
        return with_year(label, self.year) if self.year else label

    @property
    def cumulative(self) -> bool:
        """True when the result covers more than the period itself (quý II, tháng 8, 6 tháng cuối)."""
        return self.last_month != self.months

    # ---------------------------------------------------------------- next period
    def next(self) -> "Period":
        """The period whose key tasks the report sets: quý IV -> quý I of the next year,
        6 tháng đầu -> 6 tháng cuối, 9 tháng -> quý IV, tháng 12 -> tháng 01 of the next year."""
        y = self.year + 1 if self.year is not None else None
        if self.kind == CHIN_THANG:
            return Period(QUY, 4, self.year)
        if self.kind == NAM:
            return Period(NAM, 1, y)
        if self.index == _COUNT[self.kind]:
            return Period(self.kind, 1, y)
        return Period(self.kind, self.index + 1, self.year)

    def with_year(self, year: int | None) -> "Period":
        return replace(self, year=year)

    # ---------------------------------------------------------------- sheet columns
    def value_columns(self, declared: tuple[str, ...], has_plans: bool = True) -> list[tuple[str, str]]:
        """(key, header) of the value columns of a sector sheet declaring `declared` (catalog
        value_columns). uoc_ky is always the result compared with the plans.

        monthly: cùng kỳ, "Thực hiện tháng N" (replaces den_ngay), "Lũy kế từ đầu năm đến hết
        tháng N" (uoc_ky), "Ước thực hiện tháng N+1" (a flow sheet only: one that declares den_ngay);
        annual: "Thực hiện năm Y-1" (cung_ky), đến ngày chốt, "Ước thực hiện cả năm Y", and
        "Kế hoạch năm Y+1" where the sheet has plans; other periods: the three columns."""
        y = self.year
        out: list[tuple[str, str]] = []
        for key in declared:
            if key == "cung_ky":
                if self.kind == NAM:
                    out.append((key, f"Thực hiện năm {y - 1}" if y else "Thực hiện năm trước"))
                else:
                    out.append((key, "Cùng kỳ năm trước"))
            elif key == "den_ngay":
                if self.kind == THANG:
                    out.append((THUC_HIEN_THANG, f"Thực hiện {self.label}"))
                else:
                    out.append((key, "Thực hiện đến ngày chốt số liệu"))
            elif key == "uoc_ky":
                out.append((key, self.estimate_header))
                if self.kind == THANG and "den_ngay" in declared:
                    out.append((UOC_KY_SAU, f"Ước thực hiện {self.next().label}"))
            else:
                out.append((key, key))
        if self.kind == NAM and has_plans:
            out.append((KE_HOACH_NAM_SAU, f"Kế hoạch năm {y + 1}" if y else "Kế hoạch năm sau"))
        return out

    @property
    def estimate_header(self) -> str:
        """Header of uoc_ky: "Ước thực hiện 6 tháng đầu năm 2026", "Ước thực hiện cả năm 2026",
        "Ước thực hiện lũy kế 6 tháng đầu năm 2026" (quý II), "Lũy kế từ đầu năm đến hết tháng 8"."""
        if self.kind == THANG:
            return f"Lũy kế từ đầu năm đến hết {self.label}"
        if self.last_month == 12:
            return f"Ước thực hiện cả năm {self.year}" if self.year else "Ước thực hiện cả năm"
        if self.cumulative:
            return f"Ước thực hiện lũy kế {self.span_phrase}"
        return f"Ước thực hiện {self.phrase()}"


def month_text(month: int) -> str:
    """Months 1 and 2 with a leading zero, as in dates: "01", "02", "3", "12"."""
    return f"{month:02d}" if month < 3 else str(month)


def with_year(label: str, year: object) -> str:
    """"6 tháng đầu năm" + 2026 -> "6 tháng đầu năm 2026"; "quý I" -> "quý I năm 2026"."""
    label = label.strip()
    return f"{label} {year}" if label.lower().endswith("năm") else f"{label} năm {year}"


_PERIOD_THEN_YEAR = re.compile(r"\{(ky|ky_sau)(_upper)?\} (?:năm|NĂM) \{nam\}")


def period_placeholders(title: str, known=None) -> str:
    """Outline titles: '{ky_sau_upper} NĂM {nam}' -> '{ky_sau_nam_upper}', so the next period says its
    own year (an annual report's tasks are for "NĂM 2027", not "NĂM 2026") and a period said with its
    year never reads "năm năm". `known`: the placeholders the caller fills (others are left as written)."""
    def swap(m):
        name = f"{m[1]}_nam{m[2] or ''}"
        return "{" + name + "}" if known is None or name in known else m[0]
    return _PERIOD_THEN_YEAR.sub(swap, title)


# -------------------------------------------------------------------------------- parsing

_YEAR_AT_END = re.compile(r"(?:\s*[/,.-]\s*|\s+)(?:năm\s+)?((?:19|20)\d{2})$")
_FORMS = (
    (re.compile(r"^tháng\s*0?(\d{1,2})(?: năm)?$"), lambda m: (THANG, int(m[1]))),
    (re.compile(r"^quý\s*([ivx]+|\d)(?: năm)?$"), lambda m: (QUY, _quarter(m[1]))),
    (re.compile(r"^0?6 tháng(?: (đầu|cuối))?(?: năm)?$"), lambda m: (SAU_THANG, 2 if m[1] == "cuối" else 1)),
    (re.compile(r"^0?9 tháng(?: đầu)?(?: năm)?$"), lambda m: (CHIN_THANG, 1)),
    (re.compile(r"^0?3 tháng (đầu|cuối)(?: năm)?$"), lambda m: (QUY, 4 if m[1] == "cuối" else 1)),
    (re.compile(r"^(?:cả )?năm$|^cả$|^cả năm$"), lambda m: (NAM, 1)),
)


def _quarter(text: str) -> int:
    text = text.upper()
    return ROMAN.index(text) + 1 if text in ROMAN else int(text) if text.isdigit() else 0


def _norm(text: object) -> str:
    s = unicodedata.normalize("NFC", str(text or "")).lower().replace("\u00a0", " ")
    s = s.replace("qúy", "quý")  # the mark typed on the u
    return " ".join(s.split()).strip(" .;:,")


def try_parse(text: object, year: object = None) -> Period | None:
    """The period `text` names, or None. The year comes from the text, else from `year`."""
    s = _norm(text)
    if not s:
        return None
    found_year = None
    m = _YEAR_AT_END.search(s)
    if m:
        found_year, s = int(m[1]), s[:m.start()].strip()
    if not s and found_year:  # "năm 2024": the year regex took "năm" with it
        s = "năm"
    for pattern, make in _FORMS:
        hit = pattern.match(s)
        if hit:
            kind, index = make(hit)
            if not 1 <= index <= _COUNT[kind]:
                return None
            return Period(kind, index, found_year if found_year is not None else _year(year))
    return None


def parse(text: object, year: object = None, where: str = "") -> Period:
    """Like try_parse, but an unreadable period is a KtxhError in Vietnamese listing the accepted
    forms; `where` names the place ("trang Thông tin, ô C12")."""
    period = try_parse(text, year)
    if period is None:
        place = f" ({where})" if where else ""
        shown = str(text or "").strip()
        raise KtxhError(f"Kỳ báo cáo «{shown}»{place} không đọc được. Ghi theo một trong các dạng: "
                        f"{ACCEPTED_FORMS}." if shown else
                        f"Chưa ghi kỳ báo cáo{place}. Ghi theo một trong các dạng: {ACCEPTED_FORMS}.")
    return period


def _year(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = str(value).strip().removesuffix(".0")
    return int(text) if text.isdigit() and len(text) == 4 else None


# -------------------------------------------------------------------------------- shares

def share_table(declared: dict | None) -> dict[tuple[str, int], Decimal]:
    """(kind, index) -> % of the year plan that counts as "đạt", from _settings.yaml's
    period_share_of_year. A kind key takes a number (every index) or a list (by index); any other
    key is one period ("quý I": 25, the old form) and overrides its kind. Undeclared periods use
    Period.default_share (the year elapsed). Raises ValueError naming a bad key."""
    table = {(k, i): Period(k, i).default_share for k in KINDS for i in range(1, _COUNT[k] + 1)}
    overrides = {}
    for key, value in (declared or {}).items():
        name = _norm(key)
        if name == "default":
            continue
        if name in KINDS:
            values = value if isinstance(value, (list, tuple)) else [value] * _COUNT[name]
            if len(values) != _COUNT[name]:
                raise ValueError(f"_settings.yaml: period_share_of_year['{key}'] cần {_COUNT[name]} số "
                                 f"(mỗi {name} một số), không phải {len(values)}")
            for i, v in enumerate(values, start=1):
                table[(name, i)] = _share(key, v)
            continue
        period = try_parse(name)
        if period is None:
            raise ValueError(f"_settings.yaml: period_share_of_year: '{key}' không phải kỳ báo cáo "
                             f"({', '.join(KINDS)} hoặc một kỳ cụ thể như 'quý I')")
        overrides[(period.kind, period.index)] = _share(key, value)
    table.update(overrides)  # a named period wins over its kind
    return table


def _share(key: object, value: object) -> Decimal:
    try:
        share = Decimal(str(value))
    except ArithmeticError:
        share = None
    if share is None or not share.is_finite() or not 0 < share <= 100:
        raise ValueError(f"_settings.yaml: period_share_of_year['{key}'] phải là số từ 0 đến 100, không phải '{value}'")
    return share


__all__ = ["ACCEPTED_FORMS", "CHIN_THANG", "CHOICES", "KE_HOACH_NAM_SAU", "KINDS", "NAM", "PERIOD_VALUE_COLUMNS",
           "Period", "QUY", "SAU_THANG", "THANG", "THUC_HIEN_THANG", "UOC_KY_SAU", "month_text", "parse",
           "period_placeholders",
           "share_table", "try_parse", "with_year"]
