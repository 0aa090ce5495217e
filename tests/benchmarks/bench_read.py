"""Benchmark: reading the demo workbook through the file door (calamine + formulas.parse).

Run: .venv/bin/python tests/benchmarks/bench_read.py
Targets: file -> WorkbookData (read_sheet_values + parse_workbook) median < 50 ms; parse alone is a
small part of it; 100,000 indicator rows parse in well under 1 s (the province consolidation case,
which also needs compute and validate within 1 s).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from formulas.parse import parse_workbook  # noqa: E402
from workbook_templates.catalog import load_catalog  # noqa: E402
from workbook_templates.demo import write_demo_workbook  # noqa: E402
from workbook_templates.reader import read_sheet_values  # noqa: E402

RUNS = 20
TARGET_READ_MS = 50.0


def median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def big_values(values: dict, catalog, n_rows: int) -> dict:
    """The demo's sheets with the sector data rows repeated until the sheets hold n_rows rows in all."""
    out = dict(values)
    sectors = [s.sheet for s in catalog.sheets]
    data_rows = {name: [r for r in values[name][5:] if any(v is not None for v in r)] for name in sectors}
    total = sum(len(r) for r in data_rows.values())
    for name in sectors:
        rows = data_rows[name]
        want = max(1, n_rows * len(rows) // total) if rows else 0
        out[name] = values[name][:5] + [rows[i % len(rows)] for i in range(want)] if rows else values[name]
    return out


def main() -> int:
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_demo_workbook(tmp)
        values = read_sheet_values(path)
        n_cells = sum(len(r) for rows in values.values() for r in rows)
        data = parse_workbook(values, catalog)
        read_ms = median_ms(lambda: read_sheet_values(path))
        parse_ms = median_ms(lambda: parse_workbook(values, catalog))
        door_ms = median_ms(lambda: parse_workbook(read_sheet_values(path), catalog))
        try:
            import openpyxl

            def with_openpyxl():
                wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
                for ws in wb.worksheets:
                    for _ in ws.iter_rows(values_only=True):
                        pass
                wb.close()

            openpyxl_ms = median_ms(with_openpyxl, runs=3)
        except ImportError:
            openpyxl_ms = float("nan")
        size_kb = path.stat().st_size / 1024

    big = big_values(values, catalog, 100_000)
    big_rows = len(parse_workbook(big, catalog).rows)
    big_ms = median_ms(lambda: parse_workbook(big, catalog), runs=5)

    print(f"demo workbook: {size_kb:.0f} KB, {len(values)} sheets, {n_cells} cells, "
          f"{len(data.rows)} indicator rows, {len(data.findings)} parse findings")
    print(f"read_sheet_values (calamine)     median of {RUNS}: {read_ms:7.2f} ms")
    print(f"parse_workbook alone             median of {RUNS}: {parse_ms:7.2f} ms")
    print(f"file door: read + parse          median of {RUNS}: {door_ms:7.2f} ms  (target < {TARGET_READ_MS:.0f} ms)")
    print(f"openpyxl read-only, values only  median of 3:  {openpyxl_ms:7.2f} ms  (for comparison)")
    print(f"parse_workbook, {big_rows} rows     median of 5:  {big_ms:7.2f} ms")
    ok = door_ms < TARGET_READ_MS
    print("OK" if ok else "SLOWER THAN TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
