"""Made-up xã workbooks for tests and benchmarks: many plausible units from one seed report.

Each unit is a variation of demo_data/xa_minh_hoa_2026.yaml (same dict shape, see
workbook_templates.demo.load_demo_data): its amounts scaled by a per-unit factor, its plans moved a
little so its % of plan varies (some units below, some above), and the catalog's consistency kept —
totals whose breakdown adds up are the sums of their rounded parts, a rate stated beside its
numerator and denominator is recomputed from them, rates stay within 0–100, counts are integers,
each figure has the catalog's decimals and a figure to the cut-off date never exceeds the estimate.
The names ("Xã Mẫu 001") and the info ("SỐ LIỆU MÔ PHỎNG") say plainly that the data is not real.
Deterministic: unit i of a seed is the same whatever n is.
"""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

from formulas.catalog import TARGETS_SECTION, Catalog, load_catalog
from formulas.period import KE_HOACH_NAM_SAU, NAM, THANG, try_parse
from formulas.rounding import round_value, to_decimal

# a made-up xã (not a real report), shipped with the package: `ktxh demo` generates from it
BASE_DATA = Path(__file__).resolve().parent / "demo_data" / "xa_minh_hoa_2026.yaml"
MARKER = "SỐ LIỆU MÔ PHỎNG"
RESULTS = ("uoc_ky", "den_ngay", "cung_ky")  # the other numeric columns are plans


def unit_name(i: int, width: int = 3) -> str:
    return f"Mẫu {i:0{width}d}"


def generate_units(n: int, *, seed: int = 0, ky: str = "năm", nam: int = 2026,
                   base: dict | None = None, catalog: Catalog | None = None) -> list[dict]:
    """n demo-data dicts for the made-up xã Mẫu 001 … Mẫu n (see the module docstring)."""
    from workbook_templates.demo import load_demo_data

    base = base or load_demo_data(BASE_DATA)
    catalog = catalog or load_catalog("xa")
    width = max(3, len(str(n)))
    return [_unit(base, catalog, i, random.Random(f"ktxh-units:{seed}:{i}"), ky, nam, width)
            for i in range(1, n + 1)]


def write_units(folder: Path | str, n: int, seed: int = 0, *, ky: str = "năm", nam: int = 2026) -> list[Path]:
    """Write the n units as FOLDER/xa_mau_001.xlsx …; returns their paths."""
    from workbook_templates.builder import save_workbook
    from workbook_templates.demo import build_demo_workbook

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog("xa")
    width = max(3, len(str(n)))
    out = []
    for i, data in enumerate(generate_units(n, seed=seed, ky=ky, nam=nam, catalog=catalog), start=1):
        out.append(save_workbook(build_demo_workbook(data, catalog), folder / f"xa_mau_{i:0{width}d}.xlsx"))
    return out


# ----------------------------------------------------------------------------------------- one unit

def _unit(base: dict, catalog: Catalog, i: int, rng: random.Random, ky: str, nam: int, width: int) -> dict:
    name = unit_name(i, width)
    info = dict(base["info"])
    info.update(co_quan=f"ỦY BAN NHÂN DÂN XÃ {name.upper()}", dia_danh=name,
                co_quan_chu_quan=f"UBND TỈNH MẪU ({MARKER})", so_ky_hieu=f"{i}/BC-UBND",
                nguoi_ky="Người Ký Mô Phỏng", ky_bao_cao=ky, nam=nam)
    period = try_parse(ky, nam)
    share = Decimal(1)
    if period is not None and period.last_month != 12:
        share = period.default_share / 100  # a part-year report holds the year's flows so far
        info["ngay_chot_so_lieu"] = date(nam, period.last_month, 15)
        info["ngay_ban_hanh"] = date(nam, period.last_month, 25)
    elif base["info"].get("nam") != nam:
        info["ngay_chot_so_lieu"], info["ngay_ban_hanh"] = date(nam, 11, 30), date(nam, 12, 10)
    values = _fit_to_period(_values(base["values"], catalog, rng, share), period)
    return {"info": info, "values": values, "prose": list(base.get("prose") or []),
            "tasks": list(base.get("tasks") or [])}


def _fit_to_period(values: dict, period) -> dict:
    """The base is an annual report: another period has no next year's plan, and a month has no value
    to the cut-off date (its columns are the month's result and the year so far, Period.value_columns;
    the base's to-date figure is neither, so it is left out)."""
    if period is None or period.kind == NAM:
        return values
    out = {}
    for code, cols in values.items():
        cols = {k: v for k, v in cols.items() if k != KE_HOACH_NAM_SAU}
        if period.kind == THANG:
            cols.pop("den_ngay", None)
        out[code] = cols
    return out


def _values(base: dict, catalog: Catalog, rng: random.Random, share: Decimal) -> dict:
    by_code = catalog.by_code
    factor = Decimal(str(round(rng.uniform(0.5, 1.8), 3)))  # the unit's size against the seed xã
    targets = {s.sheet for s in catalog.sheets if s.section == TARGETS_SECTION}
    # lists in the data's order, never sets: the draws must come in the same order in every process
    rates = [c for c in base if by_code[c].is_rate]
    wholes = {by_code[r].numerator for r in [*rates, *_recomputed(catalog, base)]} - {None}
    fractions = [c for c in base if c in wholes]
    out: dict[str, dict[str, Decimal | str]] = {}
    # deepest rows first, so a total is made from its parts already rounded
    order = sorted((c for c in base if c not in rates and c not in fractions and by_code[c].sheet not in targets),
                   key=lambda c: -_depth(catalog, c))
    for code in order:
        made = _scaled(base[code], by_code[code], factor, rng, share)
        made.update(out.get(code, {}))  # the sums of its parts, when it is a total
        out[code] = made
        _add_up(out, code, catalog, base)
    for cols in out.values():  # a total's own to-date figure against the sum of its parts' estimates
        if isinstance(cols.get("den_ngay"), Decimal) and isinstance(cols.get("uoc_ky"), Decimal):
            cols["den_ngay"] = min(cols["den_ngay"], cols["uoc_ky"])
    for code in fractions:  # a part of a whole: a share of its denominator
        ind = by_code[code]
        den_code = next(by_code[r].denominator for r in by_code
                        if by_code[r].numerator == code and by_code[r].denominator)
        out[code] = _fraction(base[code], base.get(den_code, {}), out.get(den_code, {}), ind, rng)
    for code in rates:
        out[code] = _rate(base[code], by_code[code], out, rng)
    for code in base:  # main targets: the plan is the sector row's own plan
        if by_code[code].sheet in targets:
            out[code] = _target(base[code], by_code[code], base, out, factor)
    return {code: {k: _plain(v) for k, v in out[code].items()} for code in base}


def _recomputed(catalog: Catalog, base: dict) -> set[str]:
    """Rates of the catalog (stated or not) whose numerator and denominator the data holds."""
    return {c for c, ind in catalog.by_code.items()
            if ind.aggregate == "recompute" and ind.numerator in base and ind.denominator in base}


def _depth(catalog: Catalog, code: str) -> int:
    depth, ind = 0, catalog.by_code[code]
    while ind.parent and ind.parent in catalog.by_code and depth < 20:
        depth, ind = depth + 1, catalog.by_code[ind.parent]
    return depth


def _round(value: Decimal, ind) -> Decimal:
    return round_value(value, 0 if ind.kind == "count" else ind.decimals)  # the project's one rounding rule


_num = to_decimal  # a number of the base data (int or float; bool and text are not numbers)


def _u(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), 4)))


def _scaled(cols: dict, ind, factor: Decimal, rng: random.Random, share: Decimal) -> dict:
    """An amount or count: results scaled by the unit's size and its own performance, plans by the
    size and a plan factor of their own (so % of plan varies), to-date kept under the estimate."""
    if ind.aggregate == "none":  # a level's own figure (criteria met): not a size
        return dict(cols)
    flow = share if ind.cumulative else Decimal(1)
    perform, plan, growth = _u(rng, 0.9, 1.1), _u(rng, 0.9, 1.12), _u(rng, 0.94, 1.06)
    out: dict[str, Decimal | str] = {}
    floor = Decimal(1).scaleb(-(0 if ind.kind == "count" else ind.decimals))
    for key, raw in cols.items():
        value = _num(raw)
        if value is None:
            out[key] = raw  # a plan typed as text ("dưới 3,5") stays as it is
        elif key == "uoc_ky":
            out[key] = _round(value * factor * perform * flow, ind)
        elif key == "cung_ky":
            out[key] = _round(value * factor * perform * growth * flow, ind)
        elif key == "den_ngay":
            continue  # below, from the estimate
        else:  # a plan: never 0 (a 0 plan is an error: no % can be computed)
            out[key] = max(_round(value * factor * plan, ind), floor) if value > 0 else value
    if _num(cols.get("den_ngay")) is not None:
        to_date = _num(cols["den_ngay"]) * factor * perform * flow
        estimate = out.get("uoc_ky")
        if ind.cumulative and isinstance(estimate, Decimal) and _num(cols.get("uoc_ky")):
            ratio = min(_num(cols["den_ngay"]) / _num(cols["uoc_ky"]) * _u(rng, 0.93, 1.05), Decimal(1))
            to_date = estimate * ratio
        out["den_ngay"] = _round(to_date, ind)
        if ind.cumulative and isinstance(estimate, Decimal) and out["den_ngay"] > estimate:
            out["den_ngay"] = estimate
    return out


def _add_up(out: dict, code: str, catalog: Catalog, base: dict) -> None:
    """Once `code` is made, its parent (a full breakdown) is the sum of its parts made so far, in every
    column a part holds; the parent's other columns keep their own scaled value."""
    parent = catalog.by_code[code].parent
    if not parent or parent not in base or not catalog.by_code[parent].children_add_up:
        return
    kids = [c for c, ind in catalog.by_code.items() if ind.parent == parent and c in out]
    if len(kids) < sum(1 for c, ind in catalog.by_code.items() if ind.parent == parent and c in base):
        return  # the last part is not made yet
    total = out.setdefault(parent, {})
    for key in {k for c in kids for k, v in out[c].items() if isinstance(v, Decimal)}:
        total[key] = sum((out[c][key] for c in kids if isinstance(out[c].get(key), Decimal)), Decimal(0))


def _fraction(cols: dict, base_den: dict, den: dict, ind, rng: random.Random) -> dict:
    """A numerator (insured people, poor households): its seed share of the denominator, varied, at
    most the denominator; with no denominator in a column, the denominator's estimate is the cap."""
    out: dict[str, Decimal | str] = {}
    cap_all, u = den.get("uoc_ky"), _u(rng, 0, 1)
    for key, raw in cols.items():
        value = _num(raw)
        if value is None:
            out[key] = raw
            continue
        d, b = den.get(key, cap_all), _num(base_den.get(key, base_den.get("uoc_ky")))
        if not isinstance(d, Decimal) or not b:
            out[key] = _round(value, ind)
            continue
        ratio = _vary(value / b * 100, u) / 100
        out[key] = min(_round(d * ratio, ind), d)
    return out


def _vary(pct: Decimal, u: Decimal) -> Decimal:
    """A rate moved plausibly and kept in 0–100 (u in 0–1, one draw per row so its columns move
    together): a high rate by its gap to 100 %, a low one by itself."""
    if pct > 50:
        return max(Decimal(0), 100 - (100 - pct) * (Decimal("0.4") + Decimal("1.4") * u))
    return min(Decimal(100), pct * (Decimal("0.6") + Decimal("0.9") * u))


def _rate(cols: dict, ind, out: dict, rng: random.Random) -> dict:
    """A rate: recomputed from its numerator / denominator where the unit has both, else varied; a
    plan rate is a round figure."""
    num, den = out.get(ind.numerator or "", {}), out.get(ind.denominator or "", {})
    made: dict[str, Decimal | str] = {}
    result, plan = _u(rng, 0, 1), _u(rng, 0, 1)
    for key, raw in cols.items():
        value = _num(raw)
        if value is None:
            made[key] = raw
        elif isinstance(num.get(key), Decimal) and isinstance(den.get(key), Decimal) and den[key] > 0:
            made[key] = _round(num[key] * 100 / den[key], ind)
        elif key in RESULTS:
            made[key] = min(_round(_vary(value, result), ind), Decimal(100))
        else:
            made[key] = min(round_value(_vary(value, plan), 0), Decimal(100)) or Decimal(1)
    return made


def _target(cols: dict, ind, base: dict, out: dict, factor: Decimal) -> dict:
    """A main target's plan: the column of its source row that held the same seed figure."""
    src_base, src = base.get(ind.source or "", {}), out.get(ind.source or "", {})
    made: dict[str, Decimal | str] = {}
    for key, raw in cols.items():
        match = next((k for k, v in src_base.items() if v == raw and isinstance(src.get(k), Decimal)), None)
        if match is not None:
            made[key] = src[match]
        elif _num(raw) is not None:
            made[key] = _round(_num(raw) * (1 if ind.is_rate else factor), ind)
        else:
            made[key] = raw
    return made


def _plain(value):
    """Decimal -> int or float, as YAML would have given it (the workbook builder writes plain numbers)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# ----------------------------------------------------------------------------------- the province

def province_plans(units: list[dict], catalog: Catalog) -> dict[str, dict[str, int | float]]:
    """The made-up province's own plans for the demo's consolidation: for each indicator of the
    province's catalog with a plan column, the sum of its units' plans (aggregate: sum) or their mean
    (rates, recomputed or weighted), rounded to the indicator's decimals. A real province types the plans its HĐND set; a
    demo without any would judge nothing. Targets in words ("≥ 1") are left to the province."""
    out: dict[str, dict[str, int | float]] = {}
    for ind in catalog.by_code.values():
        mean = ind.is_rate or ind.aggregate in ("recompute", "weighted")
        if ind.is_text or not ind.plans or ind.source or not (mean or ind.aggregate == "sum"):
            continue  # a target with a source (its plan is on its own row); a count of units; none
        for key in ind.plans:
            figures = [v for u in units if (v := _num((u["values"].get(ind.code) or {}).get(key))) is not None]
            if len(figures) != len(units):
                continue  # some unit has no number there: no plan is made up for it
            total = sum(figures, Decimal(0))
            out.setdefault(ind.code, {})[key] = _plain(_round(total / len(figures) if mean else total, ind))
    for ind in catalog.by_code.values():  # a main target's plan: its source's (first) plan
        if ind.source and ind.plans and (source_plans := out.get(ind.source)):
            out[ind.code] = {ind.plans[0]: next(iter(source_plans.values()))}
    return out
