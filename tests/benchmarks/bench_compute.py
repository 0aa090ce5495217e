"""Benchmark: compute + validate (+ patch) on the demo workbook and on 100,000 synthetic rows.

Run: .venv/bin/python tests/benchmarks/bench_compute.py
Targets (issue #3): demo workbook < 20 ms; 100,000 indicator rows (a province consolidating its
communes) < 1 s with peak memory < 500 MB.
"""
from __future__ import annotations

import gc
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from formulas.build_patch import build_patch  # noqa: E402
from formulas.compute import compute  # noqa: E402
from formulas.model import IndicatorRow, WorkbookData, cell_address  # noqa: E402
from formulas.parse import RowCells  # noqa: E402
from formulas.validation import validate  # noqa: E402
from formulas import layout  # noqa: E402
from formulas.catalog import Catalog, Indicator, PlanBasis, SectorSheet, load_catalog  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        kept = fn()  # freeing the 100,000 results is not part of the job: it happens after the clock stops
        out.append(time.perf_counter() - t0)
        del kept
    return out


def demo_data():
    """The demo workbook through the file door's reader and the parser (not timed)."""
    from formulas.parse import parse_workbook
    from workbook_templates.demo import write_demo_workbook
    from workbook_templates.reader import read_sheet_values

    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_demo_workbook(tmp)
        path = path if Path(str(path)).suffix else next(Path(tmp).glob("*.xlsx"))
        values = read_sheet_values(path)
    return parse_workbook(values, catalog), catalog


# --- synthetic province: N communes × one block of indicators each ---------------------------------

BLOCK = 100  # indicators per commune


def synthetic(rows_wanted: int = 100_000):
    """A catalog and workbook of `rows_wanted` rows: per commune a total with 10 children that add up,
    shares, a rate with numerator / denominator, lower-is-better rates and plain amounts."""
    communes = rows_wanted // BLOCK
    sheets_n = 10
    bases = (PlanBasis("kh_ky", "KH kỳ"), PlanBasis("kh_nam", "KH năm"))
    per_sheet: list[list[Indicator]] = [[] for _ in range(sheets_n)]
    for c in range(communes):
        s = c % sheets_n
        sheet = f"Xã nhóm {s + 1:02d}"
        p = f"X{c:05d}"
        inds = per_sheet[s]
        inds.append(Indicator(f"{p}.TONG", sheet, "Tổng", "ha", plans=("kh_ky", "kh_nam"), kind="area",
                              decimals=2, children_add_up=True))
        for k in range(10):
            inds.append(Indicator(f"{p}.C{k}", sheet, f"Thành phần {k}", "ha", parent=f"{p}.TONG",
                                  plans=("kh_ky", "kh_nam"), kind="area", decimals=2, show_share=True))
        inds.append(Indicator(f"{p}.HS", sheet, "Hồ sơ", "hồ sơ", kind="count"))
        inds.append(Indicator(f"{p}.HS_TT", sheet, "Hồ sơ trực tuyến", "hồ sơ", kind="count"))
        inds.append(Indicator(f"{p}.TL_TT", sheet, "Tỷ lệ trực tuyến", "%", kind="rate", decimals=2,
                              aggregate="recompute", numerator=f"{p}.HS_TT", denominator=f"{p}.HS",
                              minimum=0, maximum=100, cumulative=False, plans=("kh_nam",)))
        for k in range(BLOCK - 14):
            rate = k % 5 == 0
            inds.append(Indicator(f"{p}.A{k}", sheet, f"Chỉ tiêu {k}", "%" if rate else "triệu đồng",
                                  kind="rate" if rate else "amount", decimals=2 if rate else 0,
                                  better="lower" if k % 10 == 0 else "higher",
                                  minimum=0 if rate else None, maximum=100 if rate else None,
                                  cumulative=not rate, plans=("kh_nam",) if rate else ("kh_ky", "kh_nam")))
    base = load_catalog()
    sheets = tuple(SectorSheet(f"xa_{i}", f"Xã nhóm {i + 1:02d}", "Xã", "kinh_te", i, bases,
                               ("cung_ky", "den_ngay", "uoc_ky"), tuple(inds))
                   for i, inds in enumerate(per_sheet))
    by_code = {i.code: i for s in sheets for i in s.indicators}
    catalog = Catalog("bench", sheets, base.sections, dict(base.settings), by_code)

    rows: list[IndicatorRow] = []
    for sheet in sheets:
        cols = layout.sector_columns(sheet, "tinh", "6 tháng")
        letters = {c.key: cell_address(1, i)[:-1] for i, c in enumerate(cols, start=1)}
        empty = dict.fromkeys(["kh_ky", "kh_nam", "cung_ky", "den_ngay", "uoc_ky"])
        for r, ind in enumerate(sheet.indicators, start=layout.FIRST_DATA_ROW):
            n = r * 7919 % 1000
            if ind.code.endswith(".TONG"):
                values = {}  # computed from its children
            elif ind.code.endswith(".HS"):
                values = {"uoc_ky": Decimal(1741 + n)}
            elif ind.code.endswith(".HS_TT"):
                values = {"uoc_ky": Decimal(1287 + n // 2)}
            elif ind.code.endswith(".TL_TT"):
                values = {"kh_nam": Decimal(70), "uoc_ky": Decimal("73.8")}  # stated: checked vs num/den
            elif ind.is_rate:
                values = {"kh_nam": Decimal("65.5"), "cung_ky": Decimal("60.25"), "uoc_ky": Decimal(n % 100) + Decimal("0.37")}
            else:
                values = {"kh_ky": Decimal(1000 + n), "kh_nam": Decimal(2000 + n), "cung_ky": Decimal(950 + n),
                          "den_ngay": Decimal("900.5") + n, "uoc_ky": Decimal("1010.25") + n}
            # As the parser builds rows: every number column present (None when empty), cell
            # addresses made on demand.
            values = {**empty, **values}
            rows.append(IndicatorRow(sheet.sheet, r, ind.code, ind.name, ind.unit, values,
                                     RowCells(letters, r), indicator=ind))
    info = {f.key: "x" for f in layout.INFO_FIELDS}
    info["ky_bao_cao"] = "6 tháng đầu năm"
    data = WorkbookData(info=info, rows=rows, prose=[], tasks=[], info_cells={})
    return data, catalog


def run_all(data, catalog):
    result = compute(data, catalog)
    findings = validate(data, catalog, result)
    return result, findings


def calibration_ms() -> float:
    """A fixed pure-Python workload (100,000 Decimal divisions and roundings), to read the figures
    below against the machine's speed at the time (about 25 ms on an idle 2020s laptop core)."""
    from decimal import ROUND_HALF_UP
    a, q = Decimal("130925"), Decimal("0.01")
    plans = [Decimal(1000 + i) for i in range(100_000)]
    t0 = time.perf_counter()
    for p in plans:
        (a / p).quantize(q, ROUND_HALF_UP)
    return (time.perf_counter() - t0) * 1000


def main() -> int:
    print("ktxh formulas benchmark (compute + validate; patch reported separately)")
    print(f"  calibration: 100,000 Decimal divide+round in {calibration_ms():.0f} ms; load average "
          f"{' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}")
    try:
        data, catalog = demo_data()
        label = f"demo workbook ({len(data.rows)} rows)"
    except Exception as exc:  # the demo data may not exist yet in a partial checkout
        print(f"  demo workbook not available ({type(exc).__name__}: {exc}); skipped")
        data = None
    if data is not None:
        times = timed(lambda: run_all(data, catalog), 30)
        result, findings = run_all(data, catalog)
        ptimes = timed(lambda: build_patch(data, catalog, result, findings), 30)
        print(f"  {label}: compute+validate median {statistics.median(times) * 1000:.2f} ms "
              f"(min {min(times) * 1000:.2f} ms; target < 20 ms); build_patch median "
              f"{statistics.median(ptimes) * 1000:.2f} ms; {len(findings)} findings")

    t0 = time.perf_counter()
    data, catalog = synthetic(100_000)
    print(f"  synthetic province: {len(data.rows):,} rows in {len(catalog.sheets)} sheets "
          f"(built in {time.perf_counter() - t0:.1f} s, not timed)")
    times = timed(lambda: run_all(data, catalog), 3)
    result, findings = run_all(data, catalog)
    ptimes = timed(lambda: build_patch(data, catalog, result, findings), 1)
    print(f"  100k rows: compute+validate median {statistics.median(times):.3f} s (target < 1 s); "
          f"build_patch {ptimes[0]:.3f} s; {len(findings):,} findings")
    gc.collect()
    tracemalloc.start()
    run_all(data, catalog)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  100k rows: peak memory allocated by compute+validate {peak / 2**20:.0f} MB (tracemalloc; "
          f"target < 500 MB); process max RSS {rss:.0f} MB (includes the synthetic input)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
