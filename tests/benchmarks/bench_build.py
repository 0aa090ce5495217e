"""Benchmark: building the template and the demo workbook (median of N runs).

Run: .venv/bin/python tests/benchmarks/bench_build.py [N]
Building happens once per `ktxh new` / `ktxh demo`, so the aim is "instant" for a person (< 1 s).
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from workbook_templates.builder import build_template, build_workbook
from formulas.catalog import load_catalog
from workbook_templates.demo import DEMO_DATA, build_demo_workbook, load_demo_data, write_demo_workbook

SETTINGS = dict(don_vi="UBND xã Tân Liên", ky="6 tháng đầu năm", nam=2026, cap="xa")


def median_ms(fn, n: int) -> str:
    """Median wall time, and median CPU time (steadier when other jobs share the machine)."""
    wall, cpu = [], []
    for _ in range(n):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return f"{statistics.median(wall):8.1f} ms (CPU {statistics.median(cpu):6.1f} ms)"


def main(n: int = 9) -> None:
    catalog = load_catalog()
    indicators = sum(len(s.indicators) for s in catalog.sheets)
    print(f"catalog: {len(catalog.sheets)} sector sheets, {indicators} indicators; median of {n} runs")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        print(f"  build template in memory        {median_ms(lambda: build_workbook(**SETTINGS), n)}")
        print(f"  build + save template (.xlsx)   "
              f"{median_ms(lambda: build_template(out / 'mau.xlsx', **SETTINGS), n)}")
        if DEMO_DATA.exists():
            data = load_demo_data()
            print(f"  build demo in memory            {median_ms(lambda: build_demo_workbook(data), n)}")
            print(f"  load data + build + save demo   {median_ms(lambda: write_demo_workbook(out), n)}")
            print(f"  demo file size                  {(out / 'bao_cao_demo.xlsx').stat().st_size / 1024:8.1f} KiB")
        else:
            print(f"  demo: {DEMO_DATA} not present yet")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
