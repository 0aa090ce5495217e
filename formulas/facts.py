"""Facts: the position-free data of the core, one number per (unit, period, indicator code, column).

A workbook is one unit's report for one period; many workbooks (a province consolidating its xã,
issue #10) are many units. A FactTable holds the facts of one or more units and, beside them, where
each fact was read (file, sheet, cell), so a finding or a consolidated figure can name its cell.
Plain Python, no pandas: `records()` / `tuples()` hand the long table to a DataFrame or Parquet.

Unit key (`unit_key`): the issuing body "co_quan" of the Thông tin sheet, whitespace collapsed and
upper-cased ("ỦY BAN NHÂN DÂN XÃ A"), else the place name "dia_danh" upper-cased. co_quan comes
first because it names the unit itself; dia_danh is only where the report is signed, and two xã of
one district, or a huyện and its town, may share it.
Period key (`period_key`): the period with its year, as formulas.period words it
("6 tháng đầu năm 2023", "quý II năm 2026"); a text that is not a period is kept as typed.
Only numbers are facts: an empty cell is absent (not zero), text and custom rows without a code are
left out (they cannot be matched across units).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, NamedTuple

from formulas.errors import KtxhError
from formulas.model import WorkbookData
from formulas.period import try_parse

COLUMNS = ("unit", "period", "code", "column", "value", "file", "sheet", "cell")

# compute results -> the computed column that shows them (formulas.layout.sector_columns)
_COMPUTED = {"pct_cung_ky": "pct_same_period", "tang_giam": "change", "ty_trong": "share"}


@dataclass(frozen=True, slots=True)
class Fact:
    unit: str
    period: str
    code: str
    column: str  # column key, e.g. "uoc_ky", "kh_nam", "pct_kh_nam"
    value: Decimal

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.unit, self.period, self.code, self.column)


class Provenance(NamedTuple):
    file: str  # "" when the values came from an open workbook with no file name
    sheet: str
    cell: str

    @property
    def where(self) -> str:
        place = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{self.file}: {place}" if self.file else place


def _clean(text: object) -> str:
    if text is None:
        return ""
    s = unicodedata.normalize("NFC", str(text))
    return " ".join(s.split()).upper()


def unit_key(info: dict) -> str:
    """The stable key of the reporting unit (see the module docstring); "" when neither is given."""
    return _clean(info.get("co_quan")) or _clean(info.get("dia_danh"))


def period_key(info: dict) -> str:
    """"6 tháng đầu năm 2023": the period of the Thông tin sheet with its year."""
    ky, nam = info.get("ky_bao_cao"), info.get("nam")
    period = try_parse(ky, nam)
    if period is not None:
        return period.phrase()
    text = " ".join(str(ky or "").split())
    year = str(nam or "").strip()
    return f"{text} {year}".strip()


@dataclass(slots=True)
class FactTable:
    rows: list[Fact] = field(default_factory=list)
    provenance: dict[tuple, Provenance] = field(default_factory=dict)  # Fact.key -> where it was read
    # Fact.key -> value, built on the first get() and extended as rows are appended (rows only grow:
    # add, filter and merge append), so many lookups on a province's table stay O(1)
    _index: dict = field(default_factory=dict, repr=False, compare=False)
    _indexed: int = field(default=0, repr=False, compare=False)  # how many rows _index has seen

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def add(self, fact: Fact, where: Provenance | None = None) -> bool:
        """Add a fact; False (and nothing added) when its key is already there (first one wins,
        like WorkbookData.by_code: a duplicated code is reported by the checker as MA_TRUNG)."""
        if fact.key in self.provenance:
            return False
        self.rows.append(fact)
        self.provenance[fact.key] = where or Provenance("", "", "")
        return True

    def where(self, fact: Fact) -> Provenance | None:
        return self.provenance.get(fact.key)

    def get(self, unit: str, period: str, code: str, column: str) -> Decimal | None:
        key = (unit, period, code, column)
        if key not in self.provenance:
            return None
        index = self._index
        if self._indexed < len(self.rows):
            for f in self.rows[self._indexed:]:
                index.setdefault(f.key, f.value)  # first one wins, as in add()
            self._indexed = len(self.rows)
        return index.get(key)

    @property
    def units(self) -> list[str]:
        return list(dict.fromkeys(f.unit for f in self.rows))

    @property
    def periods(self) -> list[str]:
        return list(dict.fromkeys(f.period for f in self.rows))

    def pairs(self) -> list[tuple[str, str]]:
        """(unit, period) of every report in the table, in order."""
        return list(dict.fromkeys((f.unit, f.period) for f in self.rows))

    def filter(self, *, unit=None, period=None, code=None, column=None) -> "FactTable":
        """The facts matching every criterion given (a value, or a collection of values)."""
        tests = [(attr, {want} if isinstance(want, str) else set(want))
                 for attr, want in (("unit", unit), ("period", period), ("code", code), ("column", column))
                 if want is not None]
        out = FactTable()
        for f in self.rows:
            if all(getattr(f, attr) in allowed for attr, allowed in tests):
                out.rows.append(f)
                out.provenance[f.key] = self.provenance[f.key]
        return out

    def tuples(self) -> list[tuple]:
        """One tuple per fact, in COLUMNS order (value as Decimal)."""
        prov = self.provenance
        return [(f.unit, f.period, f.code, f.column, f.value, *prov[f.key]) for f in self.rows]

    def records(self) -> list[dict]:
        """One dict per fact with the COLUMNS keys: pandas.DataFrame(table.records())."""
        return [dict(zip(COLUMNS, t)) for t in self.tuples()]

    def merge(self, *others: "FactTable") -> "FactTable":
        """One table of several reports. The same (unit, period) in two tables is an error naming
        both files: two workbooks of one unit and period would be summed twice."""
        out = FactTable(list(self.rows), dict(self.provenance))
        files = {pair: _files(self, pair) for pair in self.pairs()}
        for other in others:
            for pair in other.pairs():
                if pair in files:
                    unit, period = pair
                    seen = ", ".join(f"“{f}”" for f in files[pair] + _files(other, pair)) or "hai bảng"
                    raise KtxhError(f"Đơn vị “{unit}” có hai báo cáo {period}: {seen}. "
                                    "Hãy bỏ bớt một tệp rồi tổng hợp lại.")
            for pair in other.pairs():
                files[pair] = _files(other, pair)
            out.rows.extend(other.rows)
            out.provenance.update(other.provenance)
        return out


def _files(table: FactTable, pair: tuple[str, str]) -> list[str]:
    return list(dict.fromkeys(p.file for k, p in table.provenance.items() if k[:2] == pair and p.file))


def merge(tables: Iterable[FactTable]) -> FactTable:
    tables = list(tables)
    return tables[0].merge(*tables[1:]) if tables else FactTable()


def facts_from(data: WorkbookData, *, unit: str | None = None, source: str | None = None,
               result=None) -> FactTable:
    """The facts of one parsed workbook: every number typed in an input column of a coded row and,
    given the compute result (formulas.compute), the computed percentages, change and share.
    `unit` overrides unit_key(data.info); `source` is the file name kept in the provenance."""
    u = unit if unit is not None else unit_key(data.info)
    p = period_key(data.info)
    file = source or ""
    table = FactTable()
    for row in data.rows:
        if not row.code:
            continue
        for column, value in row.values.items():
            if isinstance(value, Decimal):
                table.add(Fact(u, p, row.code, column, value), Provenance(file, row.sheet, row.cells.get(column, "")))
    for item in (result.indicators if result is not None else ()):
        row = item.row
        if not row.code:
            continue
        computed = {f"pct_{basis}": v for basis, v in item.pct_plan.items()}
        computed.update({key: getattr(item, attr) for key, attr in _COMPUTED.items()})
        for column, value in computed.items():
            if isinstance(value, Decimal) and column in row.cells:
                table.add(Fact(u, p, row.code, column, value), Provenance(file, row.sheet, row.cells[column]))
    return table
