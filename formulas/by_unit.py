"""Each unit's standing in a consolidation, and the spread a report can quote.

A consolidated workbook keeps, on its "Theo đơn vị" sheet, every unit's result and its % of its own
year plan, indicator by indicator (workbook_templates.consolidated writes it). This module reads that
sheet back from the sheet values (so `ktxh export` of the consolidated workbook needs nothing else)
and says, for one indicator, how many units reached the share of the year plan the period asks for,
and which units stand highest and lowest — "có 45/102 xã đạt từ 50% kế hoạch năm trở lên".

Key row of the sheet (layout.KEY_ROW): "ma", "ten", "dvt", then per unit "kq:<unit>" (result) and
"pt:<unit>" (% of the year plan), then "tong". The header row holds the units' short names.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from formulas import layout
from formulas.catalog import TARGETS_SECTION, Catalog, Indicator
from formulas.model import SheetValues

SHEET_BY_UNIT = "Theo đơn vị"
RESULT_KEY, PERCENT_KEY = "kq:", "pt:"  # key prefixes of a unit's two columns


@dataclass(frozen=True, slots=True)
class Standing:
    """One unit's figure for one indicator: its result, its % of its own year plan, its verdict."""
    unit: str  # the unit's key (ỦY BAN NHÂN DÂN XÃ …)
    name: str  # as the report names it ("xã An Bình")
    actual: Decimal | None
    pct_plan: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Spread:
    """What a report can say of one indicator across the units."""
    units: int  # units consolidated
    reported: int  # units with a result
    with_plan: int  # units with a % of plan
    reaching: int  # units at or above the period's share of the year plan (or of the result, see `by`)
    highest: tuple[Standing, ...]  # best first (by % of plan where units have one, else by result)
    lowest: tuple[Standing, ...]  # worst first
    by: str  # "pct_plan" | "actual": what the ranking reads


def display_name(short: str) -> str:
    """'Xã An Bình' (a header) -> 'xã An Bình' (in a sentence)."""
    return short[:1].lower() + short[1:] if short[:2].istitle() and " " in short else short


def _number(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)):
        try:
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return None
    return None


def read_standings(values: SheetValues) -> dict[str, list[Standing]]:
    """code -> the units' standings, in the sheet's unit order; {} without a "Theo đơn vị" sheet."""
    rows = values.get(SHEET_BY_UNIT)
    if not rows or len(rows) < layout.FIRST_DATA_ROW:
        return {}
    keys = rows[layout.KEY_ROW - 1]
    headers = rows[layout.HEADER_ROW - 1]
    units = []  # (unit, name, result column, % column)
    for i, key in enumerate(keys):
        if isinstance(key, str) and key.startswith(RESULT_KEY):
            unit = key[len(RESULT_KEY):]
            pct = next((j for j, k in enumerate(keys) if k == PERCENT_KEY + unit), None)
            name = headers[i] if i < len(headers) and isinstance(headers[i], str) else unit
            units.append((unit, display_name(name.split("\n")[0].strip()), i, pct))
    code_col = next((i for i, k in enumerate(keys) if k == "ma"), 0)
    out: dict[str, list[Standing]] = {}
    for row in rows[layout.FIRST_DATA_ROW - 1:]:
        code = row[code_col] if code_col < len(row) else None
        if not isinstance(code, str) or not code.strip():
            continue
        cell = (lambda j: _number(row[j]) if j is not None and j < len(row) else None)
        out[code.strip()] = [Standing(u, n, cell(r), cell(p)) for u, n, r, p in units]
    return out


def ranked(standings: list[Standing], better: str = "higher") -> tuple[list[Standing], str]:
    """(the units with a figure, best first; what the order reads: "pct_plan" | "actual"). By % of
    their own plan where at least half of the reporting units have one, else by the result itself;
    lower-is-better figures (hộ nghèo) put the lowest first. A unit without a figure is not ranked."""
    reported = [s for s in standings if s.actual is not None]
    planned = [s for s in reported if s.pct_plan is not None]
    by = "pct_plan" if planned and 2 * len(planned) >= len(reported) else "actual"
    pool = planned if by == "pct_plan" else reported
    key = (lambda s: s.pct_plan) if by == "pct_plan" else (lambda s: s.actual)
    return sorted(pool, key=key, reverse=(better != "lower")), by


def spread(standings: list[Standing], *, share: Decimal, better: str = "higher", top: int = 3) -> Spread:
    """The spread of one indicator. `share`: the % of the year plan the period counts as reached
    (formulas.period: 50 for 6 months, 100 for the year); a lower-is-better figure reaches its plan
    at or under 100 %."""
    ordered, by = ranked(standings, better)
    planned = [s for s in standings if s.actual is not None and s.pct_plan is not None]
    if better == "lower":
        reaching = sum(1 for s in planned if s.pct_plan <= Decimal(100))
    else:
        reaching = sum(1 for s in planned if s.pct_plan >= share)
    n = min(top, len(ordered) // 2)  # never name a unit both among the highest and the lowest
    return Spread(units=len(standings), reported=sum(1 for s in standings if s.actual is not None),
                  with_plan=len(planned), reaching=reaching, highest=tuple(ordered[:n]),
                  lowest=tuple(reversed(ordered[-n:])) if n else (), by=by)


def main_target_sources(catalog: Catalog) -> list[tuple[Indicator, Indicator]]:
    """(main target, the sector indicator its result comes from), in the targets sheet's order: what
    a consolidation ranks and quotes the spread of (the units report the sector rows)."""
    out = []
    for sheet in catalog.sheets:
        if sheet.section != TARGETS_SECTION:
            continue
        for ind in sheet.indicators:
            source = catalog.indicator(ind.source) if ind.source else None
            if source is not None and not source.is_text:
                out.append((ind, source))
    return out
