"""The "biểu" tables of a report (issue #11): Chỉ tiêu | ĐVT | Kế hoạch | Thực hiện | Tỷ lệ % [| Cùng kỳ |
So sánh | Đánh giá], checked row by row with the rate rule of formulas.audit.check (same tolerance and
truncation logic, not a copy): Tỷ lệ = Thực hiện / Kế hoạch × 100, % so với cùng kỳ = Thực hiện / Cùng
kỳ × 100, a verdict against its own ratio (≥ 100 % and "Không đạt"), and a group row judged "Đạt" /
"Vượt" while one of its member rows is "Không đạt".

Pure: the tables are rebuilt from the cell paragraphs the door read ("bảng 3, dòng 5, cột 7"), so any
reader that numbers cells that way (.docx, .odt) gets them. Columns are found by header words,
without accents, case or line breaks mattering.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from formulas.audit import check as K
from formulas.audit.claims import Paragraph
from formulas.audit.quantities import Quantity, unit_of
from formulas.rules import finding
from formulas.vn_numbers import format_vn, parse_vn_number

DANH_GIA_SAI = "SOAT_DANH_GIA_SAI"
NHOM_MAU_THUAN = "SOAT_NHOM_MAU_THUAN"
_MAKE = {
    DANH_GIA_SAI: lambda place, msg: finding(DANH_GIA_SAI, place, "", None, msg),
    NHOM_MAU_THUAN: lambda place, msg: finding(NHOM_MAU_THUAN, place, "", None, msg),
}
_CELL_RE = re.compile(r"bảng (\d+), dòng (\d+), cột (\d+)")
_ROMAN = re.compile(r"^[IVXL]+\.?$")
KIND = "bảng"


def fold(text: str) -> str:
    """'Tỷ lệ\\n%  so với KH' -> 'ty le % so voi kh': no accents, lower case, one space."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return " ".join(text.lower().split())


def header_columns(cells: dict[int, str]) -> dict[str, int]:
    """Column key -> column number, from the header row's words; {} when it is not a biểu header."""
    out: dict[str, int] = {}
    done: list[tuple[int, str]] = []
    plans_and_ratios: list[tuple[str, int, str]] = []
    for c, raw in sorted(cells.items()):
        h = fold(raw)
        if not h:
            continue
        key = _header_key(h, set(re.findall(r"[a-z0-9%]+", h)), "ty_le" in out)
        if key is None:
            continue
        if key == "thuc_hien":
            done.append((c, h))
        if key in ("ke_hoach", "ty_le"):
            plans_and_ratios.append((key, c, h))
        out.setdefault(key, c)
    _pair_period_and_year_plans(out, plans_and_ratios)
    if len(done) > 1:  # annual biểu: "Thực hiện năm 2025 | Ước thực hiện năm 2026": last year's is cùng kỳ
        def year(h: str) -> int:
            m = re.search(r"(19|20)\d\d", h)
            return int(m.group()) if m else 0
        current = max(done, key=lambda ch: ("uoc" in ch[1], year(ch[1])))
        out["thuc_hien"] = current[0]
        earlier = [c for c, h in done if c != current[0] and year(h) and year(h) < year(current[1])]
        if earlier:
            out.setdefault("cung_ky", earlier[0])
    keys = set(out)
    return out if {"ten", "thuc_hien"} <= keys and ("ty_le" in keys or "so_cung_ky" in keys) else {}


_DONE_WORDS = {"th", "uth", "uoc", "tht"}  # "TH 6 tháng", "UTH cả năm", "Ước TH"
_SAME_WORDS = {"ck"}  # "TH/CK (%)", "% so CK"
_PLAN_WORDS = {"kh"}  # "KH năm 2025", "TH/KH (%)"


_PERIOD_WORDS = re.compile(r"\b(thang|quy|ky|vu)\b")


def _pair_period_and_year_plans(out: dict[str, int], found: list[tuple[str, int, str]]) -> None:
    """'KH 6 tháng | KH năm | TH | % so KH 6 tháng | % so KH năm': each ratio with its own plan column
    (ty_le / ke_hoach the period's, ty_le_nam / ke_hoach_nam the year's), not the first with the first."""
    plans = [(c, h) for k, c, h in found if k == "ke_hoach"]
    ratios = [(c, h) for k, c, h in found if k == "ty_le"]
    if len(plans) < 2 or len(ratios) < 2:
        return
    def is_year(h: str) -> bool:
        return "nam" in h.split() and not _PERIOD_WORDS.search(h)
    year_plan = next((c for c, h in plans if is_year(h)), None)
    year_ratio = next((c for c, h in ratios if is_year(h)), None)
    period_plan = next((c for c, h in plans if not is_year(h)), None)
    period_ratio = next((c for c, h in ratios if not is_year(h)), None)
    if None in (year_plan, year_ratio, period_plan, period_ratio):
        return
    out.update(ke_hoach=period_plan, ty_le=period_ratio, ke_hoach_nam=year_plan, ty_le_nam=year_ratio)


def _header_key(h: str, words: set[str], has_ratio: bool) -> str | None:
    """The column key of one folded header ('th/kh (%)', 'uoc th 6 thang'), or None. Offices write
    the words out or abbreviate them: TH (thực hiện), UTH (ước thực hiện), KH, CK (cùng kỳ)."""
    same = "cung ky" in h or bool(words & _SAME_WORDS)
    plan = "ke hoach" in h or "du toan" in h or bool(words & _PLAN_WORDS) or h.startswith("chi tieu giao")
    ratio = "%" in h or "ty le" in h or "so sanh" in h or "/" in h
    if "danh gia" in h:
        return "danh_gia"
    if "tang" in h and "giam" in h:
        return "tang_giam"
    if ratio:
        if same or (not plan and re.search(r"so (?:voi )?(?:cuoi )?nam (?:\d{4}|truoc)", h)):
            return "so_cung_ky"  # "% so với năm 2025" in an annual biểu: last year's result
        if plan or "ty le" in h or "%" in h:
            return "ty_le"
        return "so_cung_ky" if has_ratio else "ty_le"  # "So sánh (%)": with the plan first
    if same:
        return "cung_ky"
    if "thuc hien" in h or h.startswith("uoc") or "ket qua" in h or words & _DONE_WORDS:
        return "thuc_hien"
    if plan:
        return "ke_hoach"
    if "chi tieu" in h or "noi dung" in h:
        return "ten"
    if h in ("dvt", "don vi", "don vi tinh", "d.v.t", "dv", "dv tinh"):
        return "dvt"
    if h in ("stt", "tt", "so tt"):
        return "stt"
    return None


@dataclass(frozen=True, slots=True)
class _Row:
    number: int
    cells: dict[int, tuple[int, str]]  # column -> (paragraph index, text)

    def text(self, col: int | None) -> str:
        return self.cells.get(col, (0, ""))[1] if col else ""

    def index(self, col: int | None) -> int:
        return self.cells.get(col, (0, ""))[0] if col else 0


def _tables(paragraphs: list[Paragraph]) -> dict[int, dict[int, dict[int, tuple[int, str]]]]:
    out: dict[int, dict[int, dict[int, tuple[int, str]]]] = {}
    for p in paragraphs:
        m = _CELL_RE.fullmatch(p.cell) if p.cell else None
        if m:
            t, r, c = (int(g) for g in m.groups())
            out.setdefault(t, {}).setdefault(r, {})[c] = (p.index, p.text)
    return out


def _amount(text: str, unit_text: str) -> Quantity | None:
    """The cell's number with the row's unit (for the half-unit tolerance of measures)."""
    text = text.strip()
    value = parse_vn_number(text.rstrip("% ").strip()) if text else None
    if value is None:
        return None
    unit, scale = unit_of(unit_text)
    if unit == "%" or text.endswith("%"):
        unit, scale = "%", Decimal(1)
    return Quantity(text.rstrip("% ").strip(), value, unit, scale, 0, len(text), 0)


def _rate(text: str) -> Quantity | None:
    return _amount(text, "%")


def _verdict(text: str) -> str:
    v = fold(text)
    if v.startswith(("khong dat", "chua dat", "khong hoan thanh", "chua hoan thanh")):
        return "khong_dat"
    if v.startswith("vuot"):
        return "vuot"
    if v.startswith(("dat", "hoan thanh")):
        return "dat"
    return ""


def _level(stt: str) -> int | None:
    s = stt.strip()
    if not s:
        return None
    if _ROMAN.match(s):
        return 0
    if re.fullmatch(r"\d+(\.\d+)*\.?", s):
        return s.rstrip(".").count(".") + 1
    if re.fullmatch(r"[a-zđ][).]?", s):
        return 8
    return None


def audit_tables(paragraphs: list[Paragraph]) -> tuple[list[K.AuditFinding], int]:
    """(findings, number of table figures recomputed) for every biểu table among the cells."""
    findings: list[K.AuditFinding] = []
    recomputed = 0
    for t, rows in sorted(_tables(paragraphs).items()):
        ordered = [_Row(r, cells) for r, cells in sorted(rows.items())]
        head = next((i for i, row in enumerate(ordered[:4])
                     if header_columns({c: v[1] for c, v in row.cells.items()})), None)
        if head is None:
            continue
        cols = header_columns({c: v[1] for c, v in ordered[head].cells.items()})
        body = ordered[head + 1:]
        for row in body:
            recomputed += _check_row(t, row, cols, findings)
        _check_groups(t, body, cols, findings)
    return findings, recomputed


def _add(findings, t: int, row: _Row, col: int, rule: str, quote: str, stated: str, computed: str, msg: str):
    cell = f"bảng {t}, dòng {row.number}, cột {col}"
    index = row.index(col) or next(iter(row.cells.values()))[0]
    place = f"đoạn {index} ({cell})"
    findings.append(K.AuditFinding(_MAKE.get(rule, K._MAKE.get(rule))(place, msg), index, cell, quote,
                                   stated, computed, KIND))


def _check_row(t: int, row: _Row, cols: dict[str, int], findings) -> int:
    name = row.text(cols.get("ten")) or f"dòng {row.number}"
    unit = row.text(cols.get("dvt"))
    done = _amount(row.text(cols.get("thuc_hien")), unit)
    n = 0
    rate_value = None
    for key, base_key, what in (("ty_le", "ke_hoach", "tỷ lệ so với kế hoạch"),
                                ("ty_le_nam", "ke_hoach_nam", "tỷ lệ so với kế hoạch năm"),
                                ("so_cung_ky", "cung_ky", "tỷ lệ so với cùng kỳ")):
        stated = _rate(row.text(cols.get(key)))
        base = _amount(row.text(cols.get(base_key)), unit)
        if key == "ty_le" and stated is not None:
            rate_value = stated.value
        if stated is None or base is None or done is None or base.amount == 0:
            continue
        n += 1
        exact = K.HUNDRED * done.amount / base.amount
        lo, hi = K._ratio_bounds(done, base)
        judged = K._judge_rate(stated.value, stated.decimals, exact, lo, hi,
                               {"đảo ngược tử số và mẫu số": K._safe_ratio(base, done)}, rounded_inputs_first=True)
        if judged is None:
            continue
        rule, note = judged

        computed = K._pct(exact, stated.decimals)
        msg = (f"bảng {t}, “{name}”: {what} ghi {stated.shown}, tính từ {done.shown} / {base.shown} được "
               f"{computed}" + (f"; {note}." if note else "."))
        _add(findings, t, row, cols[key], rule, f"{name} | {row.text(cols.get('thuc_hien'))} | "
             f"{row.text(cols.get(base_key))} | {row.text(cols[key])}", stated.shown, computed, msg)
    verdict_text = row.text(cols.get("danh_gia"))
    if rate_value is not None and rate_value >= K.HUNDRED and _verdict(verdict_text) == "khong_dat":
        _add(findings, t, row, cols["danh_gia"], DANH_GIA_SAI, f"{name} | {row.text(cols['ty_le'])} | {verdict_text}",
             verdict_text, "Đạt",
             f"bảng {t}, “{name}”: tỷ lệ {format_vn(rate_value, 2)}% so với kế hoạch (≥ 100%) nhưng đánh giá "
             f"“{verdict_text}”.")
    return n


def _check_groups(t: int, body: list[_Row], cols: dict[str, int], findings) -> None:
    if "danh_gia" not in cols or "stt" not in cols:
        return
    levels = [_level(r.text(cols["stt"])) for r in body]
    for i, row in enumerate(body):
        if levels[i] is None or _verdict(row.text(cols["danh_gia"])) not in ("dat", "vuot"):
            continue
        if _rate(row.text(cols.get("ty_le"))) is not None:
            continue  # a total with its own figures is judged by its own ratio, not by its members'

        for j in range(i + 1, len(body)):
            if levels[j] is not None and levels[j] <= levels[i]:
                break
            member = body[j]
            if _verdict(member.text(cols["danh_gia"])) == "khong_dat":
                name = row.text(cols.get("ten")) or f"dòng {row.number}"
                other = member.text(cols.get("ten")) or f"dòng {member.number}"
                _add(findings, t, row, cols["danh_gia"], NHOM_MAU_THUAN,
                     f"{name} | {row.text(cols['danh_gia'])}", row.text(cols["danh_gia"]), "Không đạt",
                     f"bảng {t}: nhóm “{name}” đánh giá “{row.text(cols['danh_gia'])}” nhưng thành phần "
                     f"“{other}” (dòng {member.number}) “{member.text(cols['danh_gia'])}”.")
                break
