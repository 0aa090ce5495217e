"""Benchmark: the "Tính toán lại" button and `ktxh recalc` on the demo workbook.

    .venv/bin/python tests/benchmarks/bench_recalculate.py

Targets (issue #5): recalculate through xlwings' remote engine (payload in, actions out) < 100 ms;
`ktxh recalc` on the demo file < 1 s end-to-end (a fresh process, as a user or a scheduler runs it).
The remote-engine figure covers what the host's Python does on a click: build the Book from the
request payload, read, check, compute, and produce the actions (the alert included).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # the remote engine's dev key (bench only)
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import xlwings as xw  # noqa: E402

from addin import scripts  # noqa: E402
from tests.addin.office_js import payload_from_xlsx  # noqa: E402
from workbook_templates.demo import write_demo_workbook  # noqa: E402

REMOTE_TARGET_MS, CLI_TARGET_S = 100, 1.0


def bench_remote(payload: dict, runs: int = 30) -> list[float]:
    scripts.recalculate(xw.Book(json=payload))  # warm-up: imports, catalog cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        book = xw.Book(json=payload)
        scripts.recalculate(book)
        book.json()
        times.append((time.perf_counter() - start) * 1000)
    return times


def bench_cli(demo: Path, runs: int = 5) -> list[float]:
    ktxh = Path(sys.executable).with_name("ktxh")
    cmd = [str(ktxh)] if ktxh.exists() else [sys.executable, "-m", "addin.cli"]
    times = []
    for i in range(runs):
        out = demo.with_name(f"out{i}.xlsx")
        start = time.perf_counter()
        subprocess.run([*cmd, "recalc", str(demo), "-o", str(out)], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        demo = write_demo_workbook(tmp)
        payload = payload_from_xlsx(demo)
        cells = sum(len(r) for s in payload["sheets"] for r in s["values"])
        remote = bench_remote(payload)
        book = xw.Book(json=payload)
        scripts.recalculate(book)
        actions = len(book.json()["actions"])
        cli = bench_cli(demo)
    print(f"demo workbook: {len(payload['sheets'])} sheets, {cells} cells in the payload; {actions} actions out")
    print(f"recalculate via remote engine: median {statistics.median(remote):.1f} ms, "
          f"min {min(remote):.1f} ms, max {max(remote):.1f} ms over {len(remote)} runs "
          f"(target < {REMOTE_TARGET_MS} ms)")
    print(f"ktxh recalc (subprocess):      median {statistics.median(cli):.2f} s, "
          f"min {min(cli):.2f} s, max {max(cli):.2f} s over {len(cli)} runs (target < {CLI_TARGET_S} s)")
    ok = statistics.median(remote) < REMOTE_TARGET_MS and statistics.median(cli) < CLI_TARGET_S
    print("OK" if ok else "OVER TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
