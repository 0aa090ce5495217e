"""Validation: every inconsistency pointed at by sheet and cell, in Vietnamese, before anything is written.

validate(data, catalog, result=None) -> list[Finding], sorted by sheet order, row, column. Each rule
has a stable code and a severity in formulas.rules; the message says what is wrong and what to do.
Parse findings from the reader (text in a number cell…) are in the same list.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from itertools import repeat
from operator import is_

from formulas.aggregate import Derived
from formulas.compute import compute, normalize_status
from formulas.findings import Finding
from formulas.model import WorkbookData, cell_address
from formulas.ratios import percent
from formulas.rules import finding as _f
from formulas.vn_numbers import format_vn
from formulas.settings import Policy, policy_from
from formulas.period import ACCEPTED_FORMS, try_parse
from formulas.catalog import CAP_NAMES
from formulas import layout

ZERO = Decimal(0)
_RATE_SLACK = Decimal("1E-9")  # a stated rate may differ from numerator / denominator by this much more
INPUT_VALUE_COLUMNS = ("cung_ky", "den_ngay", "uoc_ky")
COLUMN_NAMES = {"cung_ky": "cùng kỳ", "den_ngay": "thực hiện đến ngày chốt", "uoc_ky": "ước thực hiện cả kỳ"}


def vn(value: Decimal | None, decimals: int | None = None) -> str:
    """A number Vietnamese style for messages: 1.990,48; -27; 73,92 (trailing zeros dropped unless
    decimals are given)."""
    if value is None:
        return "(trống)"
    return format_vn(value, decimals, trim=decimals is None)


def _basis_label(basis, cap) -> str:
    """'Dự toán {cap_tren} giao' -> 'Dự toán tỉnh giao' for this workbook's level (generic if unset)."""
    if cap in CAP_NAMES:
        return basis.label_for(cap)
    return basis.label.replace("{cap_tren}", "cấp trên").replace("{cap}", "địa phương")


def validate(data: WorkbookData, catalog, result=None, policy: Policy | None = None) -> list[Finding]:
    policy = policy or policy_from(catalog.settings)
    if result is None:
        result = compute(data, catalog, policy)
    # compute()'s own result carries the derived values and the rows grouped by indicator shape;
    # a result computed elsewhere, or from other rows, does not: compute them for these rows.
    own = result if _computed_from(result, data) else compute(data, catalog, policy)
    state = own.derived
    rows = data.rows
    out: list[Finding] = list(data.findings)
    basis_names = {s.sheet: {b.key: _basis_label(b, data.info.get("cap")) for b in s.plan_bases}
                   for s in catalog.sheets}
    out += _codes(data, own)
    rules = _RowRules(rows, state, catalog, basis_names)
    # The per-row rules, for every catalog row that is not text (custom rows have no rules), a
    # shape group at a time: the group's indicators share the facts the rules depend on (bounds,
    # sign, required, plan bases, cumulative). Column passes over what compute already worked out
    # find the few rows where a rule can fire; only those run the rules (and build a message).
    cross_row = _cross_row_checked(state)
    for group in own.groups:
        if group.shared:
            shape = rows[group.rows[0]].indicator
            for idx in _rows_to_check(group, shape, rows, cross_row):
                out += rules.findings(idx, shape)
    out += _plausibility(result, policy, basis_names, own.groups if own is result else None)
    out += _info(data, policy)
    out += _tasks(data)
    return sort_findings(out, catalog)


def _computed_from(result, data: WorkbookData) -> bool:
    """Whether result is compute()'s own for data's rows (formulas.compute._Result)."""
    state = getattr(result, "derived", None)
    return (state is not None and getattr(result, "groups", None) is not None
            and state.rows is data.rows and len(state.values) == len(data.rows))


def sort_findings(findings: list[Finding], catalog) -> list[Finding]:
    order = {name: i for i, name in enumerate(layout.all_sheet_names(catalog))}
    unique = list(dict.fromkeys(findings))  # the same finding twice (e.g. parse + rule) once
    return sorted(unique, key=lambda f: f.sort_key(order))


def _label(row) -> str:
    return f"'{row.name}'" if row.name else f"mã {row.code}"


def _codes(data: WorkbookData, own) -> list[Finding]:
    # derive() noted the rows repeating a code, compute() gave each custom row a group of its own:
    # with neither, no row is a duplicate or unknown, and the rows need not be read again.
    if not own.derived.duplicates and all(g.shared for g in own.groups):
        return []
    out, seen = [], {}  # code -> its first row (addresses are built only for a finding)
    for row in data.rows:
        code = row.code
        if not code:
            continue
        first = seen.setdefault(code, row)
        if first is not row:
            out.append(_f("MA_TRUNG", row.sheet, row.cells.get("ma", ""), code,
                          f"Mã {code} đã có ở {first.sheet}!{first.cells.get('ma', '')}; mỗi chỉ tiêu chỉ nhập "
                          "một dòng. Xóa dòng trùng hoặc sửa mã cho đúng."))
        if row.indicator is None:
            out.append(_f("MA_KHONG_XAC_DINH", row.sheet, row.cells.get("ma", ""), code,
                          f"Mã “{code}” không có trong danh mục chỉ tiêu: dòng vẫn được đọc và tính tỷ lệ "
                          "chung nhưng không kiểm tra theo danh mục. Nếu gõ nhầm, hãy sửa lại đúng mã."))
    return out


class _RowRules:
    """The per-row rules of one catalog row: SO_AM / NGOAI_KHOANG on its typed numbers, THIEU_SO_LIEU,
    THIEU_KE_HOACH / KE_HOACH_BANG_0, LUY_KE_VUOT_UOC, and a total or a stated rate checked against the
    rows it is made of. `shape` is the row's indicator or one of the same _shape (same facts)."""

    def __init__(self, rows: list, state: Derived, catalog, basis_names: dict):
        self.rows, self.state, self.catalog, self.basis_names = rows, state, catalog, basis_names
        self._catalog_kids: dict[str, list] | None = None

    def findings(self, idx: int, shape) -> list[Finding]:
        row = self.rows[idx]
        ind = row.indicator
        names = self.basis_names.get(row.sheet, {})
        typed = row.values
        floor, hi = _limits(shape.minimum, shape.maximum, shape.allow_negative)
        out: list[Finding] = []
        for v in typed.values():
            if v.__class__ is Decimal and ((floor is not None and v < floor) or (hi is not None and v > hi)):
                out += _row_values(row, ind, names)
                break
        get = self.state.values[idx].get
        actual = get("uoc_ky")
        if actual is None:
            actual = get("den_ngay")
        if actual is None:
            if shape.required:
                out.append(_missing_required(row))
        else:
            for basis in shape.plans:
                stated = self.state.targets_of(idx)
                if not get(basis) and not (stated and basis in stated):  # a range, an
                    out.append(_no_plan(row, basis, get(basis), names))  # inequality or a verdict is a plan
        if shape.cumulative:
            to_date, estimate = typed.get("den_ngay"), typed.get("uoc_ky")
            if to_date.__class__ is Decimal and estimate.__class__ is Decimal and to_date > estimate:
                out.append(_to_date_above_estimate(row, to_date, estimate))
        if (_adds_up(ind) or ind.numerator) and self.state.first.get(row.code) == idx:
            out += _components(idx, row, ind, self.state, self.catalog_children)
            out += _stated_rate(row, ind, self.state)
        return out

    def catalog_children(self, code: str) -> list:
        """The catalog's children of `code` (the map is built on the first total actually checked)."""
        if self._catalog_kids is None:
            self._catalog_kids = {}
            for i in self.catalog.by_code.values():
                if i.parent:
                    self._catalog_kids.setdefault(i.parent, []).append(i)
        return self._catalog_kids.get(code, [])


def _cross_row_checked(state: Derived) -> set[int]:
    """Rows checked against other rows: a code's first row that states a rate with a numerator, or
    that adds up from its children and has a total to check (derive() listed every row that derives
    from others)."""
    rows, first = state.rows, state.first
    return {idx for idx in state.needs if first.get(rows[idx].code) == idx and
            ((ind := rows[idx].indicator).numerator or (_adds_up(ind) and _total_to_check(idx, ind, state)))}


def _adds_up(ind) -> bool:
    """A total checked against its children: a full breakdown, or shares that make 100 %."""
    return ind.children_add_up or ind.shares_add_up


def _total_to_check(idx: int, ind, state: Derived) -> bool:
    """Whether _components has anything to check on a total: children that are all rates (they must
    add up to 100%), or a total typed on some column (a derived total is their sum by construction)."""
    kids = state.children.get(ind.code, ())
    if not kids:
        return False
    if ind.shares_add_up or all(state.rows[k].indicator.is_rate for k in kids):
        return True
    derived = state.derived[idx] or ()
    return any(v is not None and c not in derived for c, v in state.values[idx].items())


def _rows_to_check(group, shape, rows: list, cross_row: set[int]) -> list[int]:
    """The rows of one shape group on which a per-row rule (_RowRules) can fire, in row order, found
    a column at a time from the typed numbers and from what compute() worked out for the group
    (actual and stated % per row). Each pass states its rule's condition; every other row of the
    group is known to produce no finding, so it skips the rules' per-row work."""
    idxs = group.rows
    # The numbers compute worked from: the typed ones, plus (for a few rows) derived ones in empty
    # cells, which can only add rows to check.
    numbers = group.values
    floor, hi = _limits(shape.minimum, shape.maximum, shape.allow_negative)
    suspects = set(_out_of_range(idxs, numbers, floor, hi))  # SO_AM / NGOAI_KHOANG
    if cross_row:
        suspects.update(cross_row.intersection(idxs))
    actuals = group.actuals  # the row's period estimate, else its value to date (derived values)
    if shape.required:  # THIEU_SO_LIEU: no result
        suspects.update([i for i, a in zip(idxs, actuals) if a is None])
    # THIEU_KE_HOACH / KE_HOACH_BANG_0: a result but no % of the basis, so no plan or a zero plan.
    # A row without a result has no % either: as many rows without a % as without a result means
    # none fires (counted in C, about twice as fast as looking at the rows).
    without_result = _count_none(actuals)
    for pcts in group.pct_columns:
        if _count_none(pcts) != without_result:
            suspects.update([i for i, a, p in zip(idxs, actuals, pcts) if p is None and a is not None])
    if shape.cumulative:  # LUY_KE_VUOT_UOC
        suspects.update(_to_date_above_actual(idxs, numbers, actuals))
    return sorted(suspects)


def _to_date_above_actual(idxs: list[int], numbers: list[dict], actuals: list) -> list[int]:
    """Rows whose value to date is above their actual: with both typed, the actual is the typed
    estimate (LUY_KE_VUOT_UOC); with one of them derived, a row more than the rule needs. One
    look-up per row; text or a float in a number cell (only from a caller other than the parser)
    may not compare, and then the rows are compared the rule's own way."""
    try:
        return [i for i, v, a in zip(idxs, numbers, actuals) if (t := v.get("den_ngay")) is not None
                and a is not None and t > a]
    except (TypeError, ArithmeticError):  # text, or a float NaN, in a number cell
        return [i for i, v in zip(idxs, numbers) if (t := v.get("den_ngay")).__class__ is Decimal
                and (e := v.get("uoc_ky")).__class__ is Decimal and t > e]


def _count_none(column: list) -> int:
    """How many entries are None, by identity (column.count(None) compares each Decimal to None: slow)."""
    return sum(map(is_, column, repeat(None)))


def _out_of_range(idxs: list[int], numbers: list[dict], floor: Decimal | None, hi: Decimal | None) -> list[int]:
    """Rows (repeated per offending number) holding a number below floor or above hi; one
    comprehension per kind of limit, so the usual sign check compares each number once."""
    if floor is None and hi is None:
        return []
    try:  # every number is a Decimal or None (the parser's rows): no class check needed
        if hi is None:
            return [i for i, d in zip(idxs, numbers) for v in d.values() if v is not None and v < floor]
        if floor is None:
            return [i for i, d in zip(idxs, numbers) for v in d.values() if v is not None and v > hi]
        return [i for i, d in zip(idxs, numbers) for v in d.values() if v is not None and (v < floor or v > hi)]
    except (TypeError, ArithmeticError):  # text or a float among them: compare the Decimals only
        return [i for i, d in zip(idxs, numbers) for v in d.values() if v.__class__ is Decimal
                and ((floor is not None and v < floor) or (hi is not None and v > hi))]


def _bounds(ind) -> tuple[Decimal | None, Decimal | None]:
    """The declared minimum / maximum as Decimals."""
    return _decimal_bounds(ind.minimum, ind.maximum)


@lru_cache(maxsize=None)  # a catalog declares a handful of distinct bounds
def _decimal_bounds(minimum: float | None, maximum: float | None) -> tuple[Decimal | None, Decimal | None]:
    lo = None if minimum is None else Decimal(str(minimum))
    hi = None if maximum is None else Decimal(str(maximum))
    return lo, hi


@lru_cache(maxsize=None)
def _limits(minimum: float | None, maximum: float | None, allow_negative: bool) -> tuple[Decimal | None, Decimal | None]:
    """The lowest and highest typed number a row may hold without a finding (SO_AM, NGOAI_KHOANG)."""
    lo, hi = _decimal_bounds(minimum, maximum)
    floor = lo if allow_negative else (ZERO if lo is None or lo < 0 else lo)
    return floor, hi


def _row_values(row, ind, basis_names) -> list[Finding]:
    """Negative numbers and values outside the declared range, for every typed number of the row
    (called for a row whose smallest or largest typed number is out of bounds)."""
    lo, hi = _bounds(ind)
    allow_negative = ind.allow_negative
    out = []
    for key, value in row.values.items():
        if value is None or value.__class__ is not Decimal:
            continue
        negative = value < 0 and not allow_negative
        if not negative and (lo is None or value >= lo) and (hi is None or value <= hi):
            continue
        cell = row.cells.get(key, "")
        what = basis_names.get(key) or COLUMN_NAMES.get(key, key)
        if negative:
            out.append(_f("SO_AM", row.sheet, cell, row.code,
                          f"{_label(row)} ({what}) là số âm ({vn(value)}) nhưng chỉ tiêu này không thể âm. "
                          "Nhập lại số dương hoặc 0."))
            continue
        bounds = f"{vn(lo)} – {vn(hi)}"
        unit = "%" if ind.is_rate else f" {ind.unit}"
        out.append(_f("NGOAI_KHOANG", row.sheet, cell, row.code,
                      f"{_label(row)} ({what}) = {vn(value)}{unit}, ngoài khoảng cho phép {bounds}. "
                      "Kiểm tra lại số liệu (tỷ lệ nhập dạng 54,27, không nhập 0,5427)."))
    return out


def _missing_required(row) -> Finding:
    key = "uoc_ky" if "uoc_ky" in row.cells else "den_ngay"
    return _f("THIEU_SO_LIEU", row.sheet, row.cells.get(key, ""), row.code,
              f"Chỉ tiêu bắt buộc {_label(row)} chưa có số liệu. Nhập số ước thực hiện cả kỳ "
              "hoặc số thực hiện đến ngày chốt.")


def _no_plan(row, basis: str, plan: Decimal | None, basis_names) -> Finding:
    """A row with a result but no plan (or a zero plan) on one of its bases: no % can be computed."""
    cell = row.cells.get(basis, "")
    name = basis_names.get(basis, basis)
    if plan is None:
        return _f("THIEU_KE_HOACH", row.sheet, cell, row.code,
                  f"{_label(row)} chưa có '{name}' nên không tính được % so với kế hoạch. "
                  "Nhập kế hoạch được giao (hoặc bỏ cơ sở này trong danh mục nếu không có).")
    return _f("KE_HOACH_BANG_0", row.sheet, cell, row.code,
              f"'{name}' của {_label(row)} bằng 0 nên không thể tính % so với kế hoạch. "
              "Nhập đúng số kế hoạch được giao hoặc để trống nếu không giao kế hoạch.")


def _to_date_above_estimate(row, to_date: Decimal, estimate: Decimal) -> Finding:
    """A cumulative indicator whose value to the cut-off date is above the period estimate."""
    return _f("LUY_KE_VUOT_UOC", row.sheet, row.cells.get("den_ngay", ""), row.code,
              f"{_label(row)}: số đến ngày chốt ({vn(to_date)}) lớn hơn số ước cả kỳ ({vn(estimate)}), "
              "trong khi số liệu cộng dồn không thể giảm. Kiểm tra lại một trong hai số.")


SHARES_SLACK = Decimal("0.1")  # percentage points a structure may miss 100 by, from rounding


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last digit as typed: 1.979,0 -> 0,05; 1.085 -> 0,5."""
    exp = value.as_tuple().exponent
    return Decimal(5).scaleb(min(int(exp), 0) - 1) if isinstance(exp, int) else Decimal(0)


def _tolerance(total: Decimal, parts: list[Decimal], ind) -> Decimal:
    """Counts are exact; other figures may each carry half a unit of their last digit of rounding."""
    if ind.kind == "count":
        return Decimal(0)
    return max(half_unit(total) + sum((half_unit(p) for p in parts), Decimal(0)),
               Decimal(5).scaleb(-ind.decimals - 1))


def _components(idx: int, row, ind, state: Derived, catalog_children) -> list[Finding]:
    if not _adds_up(ind) or ind.aggregate == "weighted":  # a weighted mean is no sum of its parts
        return []
    kids = state.children.get(ind.code, ())
    if not kids:
        return []
    # shares_add_up, or children that are all rates, form a structure (cơ cấu): they make 100%.
    rates = ind.shares_add_up or all(state.rows[k].indicator.is_rate for k in kids)
    typed = state.values[idx]
    derived = state.derived[idx] or set()
    if not rates and all(v is None or c in derived for c, v in typed.items()):
        return []  # no total typed: every total is empty or the sum the calculator made
    present = {state.rows[k].code for k in kids}
    absent = [i for i in catalog_children(ind.code) if i.code not in present]  # rows deleted
    out = []
    columns = sorted(set().union(*(state.values[k].keys() for k in kids)))
    for col in columns:
        all_parts = [state.values[k].get(col) for k in kids]
        parts = [p for p in all_parts if p is not None]
        empty = [state.rows[k] for k, p in zip(kids, all_parts) if p is None] + absent
        if empty:
            total = typed.get(col)
            if parts and not rates and total is not None and col not in derived:
                out += _incomplete(row, ind, col, total, parts, empty)
            continue
        total = typed.get(col)
        if not rates and (total is None or col in derived):  # a sum the calculator made: nothing to check
            continue
        got = sum(parts, Decimal(0))
        cell = row.cells.get(col, "")
        if rates:
            # published shares are rounded: 0,1 point of slack at least (22,35 + 33,3 + … = 99,95)
            tol = max(sum((half_unit(p) for p in parts), Decimal(0)), SHARES_SLACK)
            if abs(got - 100) > tol:
                out.append(_f("TY_TRONG_KHONG_DU_100", row.sheet, cell, row.code,
                              f"Các tỷ lệ thành phần của {_label(row)} ({COLUMN_NAMES.get(col, col)}) cộng lại "
                              f"bằng {vn(got)}%, không phải 100%. Kiểm tra lại các tỷ lệ thành phần."))
            continue
        if abs(got - total) > _tolerance(total, parts, ind):
            shown = " + ".join(vn(p) for p in parts)
            out.append(_f("TONG_KHONG_KHOP", row.sheet, cell, row.code,
                          f"{_label(row)} ({COLUMN_NAMES.get(col, col)}) ghi {vn(total)} nhưng các thành phần "
                          f"cộng lại {shown} = {vn(got)} (lệch {vn(total - got)}). Sửa số tổng hoặc số thành "
                          "phần cho khớp; để trống ô tổng thì hệ thống tự cộng."))
    return out


def _incomplete(row, ind, col, total: Decimal, parts: list[Decimal], empty: list) -> list[Finding]:
    """A total whose breakdown is only partly entered: parts above the total are an error; parts
    short of it are a warning naming the empty components (they may hold the difference)."""
    got = sum(parts, Decimal(0))
    tol = _tolerance(total, parts, ind)
    names = ", ".join(f"'{r.name}'" for r in empty[:4]) + (" …" if len(empty) > 4 else "")
    shown = " + ".join(vn(p) for p in parts)
    what = COLUMN_NAMES.get(col, col)
    if got - total > tol:
        return [_f("TONG_KHONG_KHOP", row.sheet, row.cells.get(col, ""), row.code,
                   f"{_label(row)} ({what}) ghi {vn(total)} nhưng các thành phần đã nhập đã cộng lại "
                   f"{shown} = {vn(got)}, lớn hơn tổng (lệch {vn(got - total)}). Sửa số tổng hoặc số thành phần.")]
    if total - got > tol:
        return [_f("TONG_THIEU_THANH_PHAN", row.sheet, row.cells.get(col, ""), row.code,
                   f"{_label(row)} ({what}) ghi {vn(total)} nhưng các thành phần đã nhập cộng lại {shown} = "
                   f"{vn(got)} (thiếu {vn(total - got)}); chưa nhập {names}. Nhập số của các thành phần còn "
                   "trống, hoặc sửa số tổng / số thành phần cho khớp.")]
    return []


def _stated_rate(row, ind, state: Derived) -> list[Finding]:
    """A typed rate checked against its own numerator / denominator (e.g. 1.287/1.741 ≠ 73,8%)."""
    if not (ind.numerator and ind.denominator):
        return []
    n_idx, d_idx = state.first.get(ind.numerator), state.first.get(ind.denominator)
    if n_idx is None or d_idx is None:
        return []
    num, den = state.values[n_idx], state.values[d_idx]
    out = []
    for col, stated in row.values.items():
        if not isinstance(stated, Decimal) or col not in num or col not in den:
            continue
        exact = percent(num[col], den[col])
        if exact is None:
            continue
        # The stated rate may be rounded to its last digit; the parts are taken as exact.
        if abs(exact - stated) > half_unit(stated) + _RATE_SLACK:
            shown = vn(exact, 2)
            out.append(_f("TY_LE_KHONG_KHOP", row.sheet, row.cells.get(col, ""), row.code,
                          f"{_label(row)} ghi {vn(stated)}% nhưng {vn(num[col])}/{vn(den[col])} = {shown}%. "
                          f"Sửa tỷ lệ thành {shown} hoặc để trống để hệ thống tự tính; nếu tỷ lệ đúng thì "
                          "kiểm tra lại tử số và mẫu số."))
    return out


def _plausibility(result, policy: Policy, basis_names, groups=None) -> list[Finding]:
    limit = policy.plausible_percent_max
    out = []
    low = -limit
    items = result.indicators
    if groups is None:
        candidates = range(len(items))
    else:  # compute()'s own result: only the rows with a % out of range, found a column at a time
        candidates = sorted({i for g in groups for col in (*g.pct_columns, g.pct_same)
                             for i in _beyond(g.rows, col, low, limit)})
    for idx in candidates:
        item = items[idx]
        odd = False
        for p in item.pct_plan.values():
            if p is not None and (p > limit or p < low):
                odd = True
        same = item.pct_same_period
        if not odd and (same is None or low <= same <= limit):
            continue
        row = item.row
        checks = [(b, p) for b, p in item.pct_plan.items()] + [("cung_ky", same)]
        for key, pct in checks:
            if pct is None or abs(pct) <= limit:
                continue
            name = basis_names.get(row.sheet, {}).get(key) or COLUMN_NAMES.get(key, key)
            out.append(_f("TY_LE_BAT_THUONG", row.sheet, row.cells.get(key, ""), row.code,
                          f"{_label(row)} bằng {vn(pct, 2)}% so với {name}, vượt ngưỡng hợp lý {vn(limit)}%. "
                          f"Kiểm tra lại số '{name}' và số thực hiện (đơn vị tính, số 0 thừa)."))
    return out


def _beyond(idxs: list[int], pcts: list, low: Decimal, high: Decimal) -> list[int]:
    """The rows whose % is below low or above high. The column's extremes are compared first (in C,
    a quarter faster); a zero, left out of them with the empty cells, is in range when low <= 0 <= high."""
    present = list(filter(None, pcts))
    if low <= 0 <= high and (not present or (min(present) >= low and max(present) <= high)):
        return []
    return [i for i, p in zip(idxs, pcts) if p is not None and (p > high or p < low)]


def _info(data: WorkbookData, policy: Policy) -> list[Finding]:
    out = []
    for fld in layout.INFO_FIELDS:
        value = data.info.get(fld.key)
        if fld.required and (value is None or (isinstance(value, str) and not value.strip())):
            out.append(_f("THIEU_THONG_TIN", layout.SHEET_INFO, data.info_cells.get(fld.key, ""), None,
                          f"Chưa nhập '{fld.label}'. Nhập vào trang Thông tin"
                          + (f" ({hint})." if (hint := layout.info_help(fld, data.info.get("cap"))) else ".")))
    ky = data.info.get("ky_bao_cao")
    if ky and not policy.knows_period(ky):
        out.append(_f("KY_BAO_CAO_LA", layout.SHEET_INFO, data.info_cells.get("ky_bao_cao", ""), None,
                      f"Kỳ báo cáo '{ky}' không đọc được nên chỉ tiêu so với kế hoạch năm được đánh giá ở mức "
                      f"{vn(policy.default_share)}%. Chọn kỳ trong danh sách hoặc ghi theo một trong các dạng: "
                      f"{ACCEPTED_FORMS}."))
    elif ky and (said := try_parse(ky)) is not None and said.year is not None:
        nam = try_parse("năm", data.info.get("nam"))  # the Năm báo cáo cell, as a period reads it
        if nam is not None and nam.year is not None and nam.year != said.year:
            out.append(_f("KY_BAO_CAO_LA", layout.SHEET_INFO, data.info_cells.get("ky_bao_cao", ""), None,
                          f"Kỳ báo cáo '{ky}' ghi năm {said.year} nhưng Năm báo cáo là {nam.year}; báo cáo "
                          f"dùng năm {said.year}. Sửa một trong hai ô cho khớp."))
    return out


def _tasks(data: WorkbookData) -> list[Finding]:
    col = next(i for i, c in enumerate(layout.TASK_COLUMNS, start=1) if c.key == "ket_qua")
    out = []
    for task in data.tasks:
        if not (task.task or "").strip() or normalize_status(task.status):
            continue
        status = " ".join(str(task.status or "").split())
        what = f"có kết quả “{status[:40]}”, không thuộc danh sách" if status else "chưa ghi kết quả"
        out.append(_f("TRANG_THAI_KHONG_HOP_LE", layout.SHEET_TASKS, cell_address(task.row, col), None,
                      f"Nhiệm vụ “{task.task[:60]}” {what}. Hãy chọn: " + ", ".join(layout.TASK_STATUSES) + "."))
    return out
