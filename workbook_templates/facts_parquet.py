"""Parquet door: the units' facts of a consolidation (`ktxh tong-hop --parquet THU_MUC`) as one long
table, so figures of many provinces, periods and machines can be queried with DuckDB or pandas
without opening a workbook.

Layout (hive style, one folder per period): THU_MUC/ky=nam_2026/part-0.parquet. The folder name is
an ASCII slug of the period (`ky`, not `period`, so that DuckDB's hive column does not clash with the
data); the full Vietnamese period ("9 tháng đầu năm 2026") stays in the `period` column.
Values are decimal128(38, 10): the workbook's decimals kept exactly (a float would turn 0,1 into
0,1000000000000000055…); a value that does not fit is refused, never rounded.
Each period's file is written beside its target and renamed over it, so a reader never sees half a
period and rewriting a period replaces that period only. pyarrow is imported here, never in formulas.
"""
from __future__ import annotations

import os
import tempfile
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from formulas.consolidate import COMBINED_COLUMNS
from formulas.errors import KtxhError
from formulas.facts import COLUMNS, FactTable

PARTITION = "ky"  # the hive column: must not be a data column (DuckDB refuses the clash)
PART_FILE = "part-0.parquet"
SCALE = 10
VALUE_TYPE = pa.decimal128(38, SCALE)
SCHEMA = pa.schema([(name, VALUE_TYPE if name == "value" else pa.string()) for name in COLUMNS])

_STEP = Decimal(1).scaleb(-SCALE)
_LIMIT = Decimal(10) ** (38 - SCALE)

# The documented query (README, "Consolidation"): run from the folder that holds tong_hop_parquet/,
# it gives the consolidated totals of the summed indicators (rule `sum`) for the results columns.
# Kept here so the README and its test share one text.
SUM_SQL = f"""SELECT period, code, "column", SUM(value) AS tong, COUNT(*) AS so_don_vi
FROM read_parquet('tong_hop_parquet/**/*.parquet', hive_partitioning = true)
WHERE "column" IN ({", ".join(f"'{c}'" for c in COMBINED_COLUMNS)})
GROUP BY period, code, "column"
ORDER BY period, code, "column";"""

# A rate is recomputed from the sums of its numerator and denominator over the units that reported
# both (formulas.aggregate.recomputed), never averaged: tỷ lệ tham gia BHYT = Σ tham gia / Σ dân số × 100.
RATE_SQL = """WITH f AS (SELECT * FROM read_parquet('tong_hop_parquet/**/*.parquet', hive_partitioning = true)),
tu AS (SELECT unit, period, "column", value FROM f WHERE code = 'YT.BHYT_THAM_GIA'),
mau AS (SELECT unit, period, "column", value FROM f WHERE code = 'YT.DAN_SO')
SELECT period, "column", SUM(tu.value) / SUM(mau.value) * 100 AS ty_le_bhyt
FROM tu JOIN mau USING (unit, period, "column")
GROUP BY period, "column"
HAVING SUM(mau.value) <> 0
ORDER BY period, "column";"""


def period_slug(period: str) -> str:
    """"9 tháng đầu năm 2026" -> "9_thang_dau_nam_2026": ASCII, so every file system and URL keeps it."""
    text = unicodedata.normalize("NFD", period.replace("đ", "d").replace("Đ", "D"))
    ascii_ = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in ascii_).split()
    return "_".join(words) or "khong_ro_ky"


def check_out_dir(out_dir: Path | str) -> Path:
    """The folder to write into, created if missing; a Vietnamese error when it cannot be one.
    Called before the consolidation so a wrong --parquet costs nothing."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise KtxhError(f"“{out}” là một tệp, không phải thư mục; --parquet cần một thư mục để ghi bảng số liệu.")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KtxhError(f"không tạo được thư mục “{out}”: {exc}") from None
    return out


def _exact(value: Decimal, where: str) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60  # room for 28 integer + 10 decimal digits before quantize checks the fit
        try:
            fits = value.is_finite() and abs(value) < _LIMIT and value.quantize(_STEP) == value
        except InvalidOperation:
            fits = False
    if not fits:
        raise KtxhError(f"số {value} ở {where} không ghi được đúng vào Parquet (quá {SCALE} chữ số thập phân "
                        "hoặc quá lớn); hãy làm tròn số trong sổ rồi tổng hợp lại.")
    return value


def facts_table(facts: FactTable) -> pa.Table:
    """The long table, in COLUMNS order (the period folder is added by the layout, not stored)."""
    rows = facts.tuples()
    columns = list(zip(*rows)) if rows else [()] * len(COLUMNS)
    values = [_exact(v, facts.where(f).where or f.code) for v, f in zip(columns[4], facts.rows)]
    arrays = [pa.array(values if name == "value" else list(col), type=SCHEMA.field(name).type)
              for name, col in zip(COLUMNS, columns)]
    return pa.Table.from_arrays(arrays, schema=SCHEMA)


def _replace_file(target: Path, table: pa.Table) -> None:
    """Write `table` to a temp file beside `target`, then os.replace it over: a reader sees the old
    period or the new one, never half. Why not a temp folder renamed into place: DuckDB's ** glob
    enters hidden folders, so a staged or old folder holding a .parquet fails every query (hive
    mismatch) while it exists; the temp file's name does not end in .parquet, so the glob skips it."""
    try:
        target.parent.mkdir(exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise KtxhError(f"không ghi được vào thư mục “{target.parent}”: {exc}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        pq.write_table(table, tmp)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp gives 0600
        os.replace(tmp, target)
    except OSError as exc:
        raise KtxhError(f"không ghi được “{target}”: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    for other in target.parent.glob("*.parquet"):  # the period is this file now, whoever wrote the rest
        if other != target:
            other.unlink(missing_ok=True)


def write_facts(facts: FactTable, out_dir: Path | str) -> list[Path]:
    """Write the facts under out_dir, one `ky=<slug>/part-0.parquet` per period; returns the files.
    Only the periods in `facts` are replaced; the folder's other periods are left as they were."""
    out = check_out_dir(out_dir)
    periods = facts.periods
    slugs: dict[str, str] = {}
    for period in periods:  # two periods on one folder would overwrite each other
        other = slugs.setdefault(period_slug(period), period)
        if other != period:
            raise KtxhError(f"hai kỳ “{other}” và “{period}” trùng tên thư mục “{period_slug(period)}”.")
    tables = {p: facts_table(facts.filter(period=p)) for p in periods}  # all checked before any write
    written = []
    for period, table in tables.items():
        target = out / f"{PARTITION}={period_slug(period)}" / PART_FILE
        _replace_file(target, table)
        written.append(target)
    return written
