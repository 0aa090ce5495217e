"""The report of a consolidation: what it says of the units (formulas.by_unit computes, this words it).

For each main target whose result comes from a sector row the units reported, the targets section
can say how many units reached the share of the year plan the period asks for and which stand
highest and lowest; the appendix gets a table of the units × main targets, and the chart of the
main targets reached by each unit. Only a workbook with a "Theo đơn vị" sheet (ktxh tong-hop) has
any of this; for any other workbook every function here returns nothing.
"""
from __future__ import annotations

from decimal import Decimal

from formulas.by_unit import Spread, Standing, main_target_sources, spread
from formulas.catalog import Catalog, Indicator
from formulas.evaluation import HUNDRED, evaluate
from formulas.results import DAT, KHONG_DAT, VUOT
from generator.vn_format import phan_tram, so, so_dem

TABLE_TARGETS = 6  # main targets per appendix table (a landscape page holds six figure columns)
CHART_UNITS = 30  # units per chart image (one landscape page)


def _threshold(source: Indicator, share: Decimal) -> Decimal:
    # a rate or a stock is judged on its level (100 % of its target), a flow on the share of the year
    return share if source.cumulative else HUNDRED


def _figure(source: Indicator, value: Decimal | None) -> str:
    if value is None:
        return ""
    return so_dem(value, pad=False) if source.kind == "count" else so(value, source.decimals)


def _percent(value: Decimal, catalog: Catalog) -> str:
    return phan_tram(value, int(catalog.settings.get("percent_decimals", 2)))  # as every % of the report


def _named(st: Standing, sp: Spread, source: Indicator, catalog: Catalog) -> str:
    if sp.by == "pct_plan":
        return f"{st.name} ({_percent(st.pct_plan, catalog)})"
    unit = "%" if source.unit == "%" else f" {source.unit}"
    return f"{st.name} ({_figure(source, st.actual)}{unit})"


def spread_items(standings: dict[str, list[Standing]], catalog: Catalog, share: Decimal,
                 unit_word: str) -> list[dict]:
    """One item per main target with at least two reporting units, for the targets section's template
    (templates/sections/tong_hop_chi_tieu.j2 words it): ten, so_don_vi, co_so_lieu, co_ke_hoach,
    dat, nguong ("50%"), theo ("kế hoạch" | "kết quả"), cao, thap (lists of "xã A (96,5%)"), tot_la_thap."""
    items = []
    for target, source in main_target_sources(catalog):
        rows = standings.get(source.code)
        if not rows:
            continue
        sp = spread(rows, share=_threshold(source, share), better=source.better)
        if sp.reported < 2:
            continue
        items.append({
            "ten": target.name, "don_vi": unit_word, "so_don_vi": sp.units, "co_so_lieu": sp.reported,
            "co_ke_hoach": sp.with_plan, "dat": sp.reaching,
            "nguong": phan_tram(_threshold(source, share)),  # 50%, 66,67% (tháng 8), 100%
            "theo": "kế hoạch" if sp.by == "pct_plan" else "kết quả",
            "tot_la_thap": source.better == "lower",
            "cao": [_named(s, sp, source, catalog) for s in sp.highest],
            "thap": [_named(s, sp, source, catalog) for s in sp.lowest],
        })
    return items


def appendix_tables(standings: dict[str, list[Standing]], catalog: Catalog) -> list[dict]:
    """The units × main targets tables of the appendix, TABLE_TARGETS targets each: {"cot": headers,
    "dong": [{"stt", "don_vi", "o": cells}]}; a cell is the unit's % of its year plan where it has one,
    else its result."""
    columns = [(t, s) for t, s in main_target_sources(catalog) if any(x.actual is not None for x in standings.get(s.code, []))]
    units = next((rows for rows in standings.values() if rows), [])
    tables = []
    for start in range(0, len(columns), TABLE_TARGETS):
        chunk = columns[start:start + TABLE_TARGETS]
        heads = [f"{t.name} ({s.unit})" for t, s in chunk] + [""] * (TABLE_TARGETS - len(chunk))
        rows = []
        by_unit = {s.code: {x.unit: x for x in standings[s.code]} for _t, s in chunk}
        for i, unit in enumerate(units, start=1):
            cells = []
            for _t, s in chunk:
                st = by_unit[s.code].get(unit.unit)
                if st is None or st.actual is None:
                    cells.append("")
                elif st.pct_plan is not None:
                    cells.append(f"{_figure(s, st.actual)}\n({_percent(st.pct_plan, catalog)} KH)")
                else:
                    cells.append(_figure(s, st.actual))
            rows.append({"stt": str(i), "don_vi": unit.name[:1].upper() + unit.name[1:],
                         "o": cells + [""] * (TABLE_TARGETS - len(chunk))})
        tables.append({"cot": heads, "dong": rows})
    return tables


def chart_by_unit(standings: dict[str, list[Standing]], catalog: Catalog, share: Decimal) -> list[list]:
    """Per unit, how many main targets it exceeded / reached / missed against its own plan (the same
    rule as every verdict: formulas.evaluation), in chunks of CHART_UNITS units per image."""
    units = next((rows for rows in standings.values() if rows), [])
    counts = {u.unit: {VUOT: 0, DAT: 0, KHONG_DAT: 0} for u in units}
    for _target, source in main_target_sources(catalog):
        for st in standings.get(source.code, []):
            verdict = evaluate(st.pct_plan, source.better, _threshold(source, share))
            if verdict in (VUOT, DAT, KHONG_DAT) and st.unit in counts:
                counts[st.unit][verdict] += 1
    data = [(u.name[:1].upper() + u.name[1:], counts[u.unit]) for u in units if any(counts[u.unit].values())]
    return [data[i:i + CHART_UNITS] for i in range(0, len(data), CHART_UNITS)]
