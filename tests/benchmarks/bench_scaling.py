"""Benchmark: `ktxh recalc` and `ktxh export` as the workbook grows (issue #12, part 3).

    .venv/bin/python tests/benchmarks/bench_scaling.py [--sizes 2500,5000,10000,20000] [--runs 1]

The demo workbook with N extra rows typed at the end of a sector sheet (rows without a code, as
staff add their own indicators: name, unit, plan, same period, estimate), run as a user runs it
(a fresh process each time). Prints wall-clock time, CPU time and peak memory (max RSS of the
child) per size, and the ratio of the largest size to the one before it, which must be ≤ 2,2
for both commands: a linear cost doubles when the rows double.

The export runs as the CLI does: the section templates' cap on a section's text grows with the text
the section is given (generator.sandbox.section_limit), so 20.000 custom rows export.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MAX_RATIO = 2.2
SECTOR_SHEET = "Nông nghiệp"  # the demo's longest sector sheet


def big_workbook(demo: Path, extra_rows: int, dest: Path) -> Path:
    """`demo` with `extra_rows` custom rows appended to the sector sheet (built with openpyxl, so
    the file is what a spreadsheet program would save; the build is not timed)."""
    from openpyxl import load_workbook

    from formulas import layout

    wb = load_workbook(demo)
    ws = wb[SECTOR_SHEET]
    keys = {ws.cell(layout.KEY_ROW, c).value: c for c in range(1, ws.max_column + 1)}
    first = ws.max_row + 1
    for i in range(extra_rows):
        r = first + i
        ws.cell(r, keys["stt"], f"{i + 1}")
        ws.cell(r, keys["ten"], f"Chỉ tiêu bổ sung số {i + 1}")
        ws.cell(r, keys["dvt"], "ha")
        ws.cell(r, keys["kh_nam"], 100 + i % 97)
        ws.cell(r, keys["cung_ky"], 40 + i % 53)
        ws.cell(r, keys["uoc_ky"], 50 + i % 61)
    wb.save(dest)
    return dest


def run(cmd: list[str]) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one child process (its own rusage, from wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode not in (0, 1):  # 1: the workbook has findings with errors (the demo's own)
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best(cmd_for, runs: int) -> tuple[float, float, float]:
    """The fastest of `runs` runs (least disturbed by other jobs on the shared cores)."""
    results = [run(cmd_for(i)) for i in range(runs)]
    return min(results, key=lambda r: r[0])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="2500,5000,10000,20000")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    from workbook_templates.demo import write_demo_workbook

    ktxh = [sys.executable, "-m", "addin.cli"]
    export = ktxh
    tmp = Path(tempfile.mkdtemp(prefix="bench_scaling_"))
    results: dict[int, dict[str, tuple[float, float, float]]] = {}
    try:
        demo = write_demo_workbook(tmp)
        for n in sizes:
            book = big_workbook(demo, n, tmp / f"rows_{n}.xlsx")
            results[n] = {
                "recalc": best(lambda i: [*ktxh, "recalc", str(book), "-o", str(tmp / f"recalc_{n}_{i}.xlsx")],
                               args.runs),
            }
            recalculated = tmp / f"recalc_{n}_0.xlsx"
            results[n]["export"] = best(
                lambda i: [*export, "export", str(recalculated), "-o", str(tmp / f"bao_cao_{n}_{i}.docx"),
                           "--force"], args.runs)
            print(f"{n:>7,} extra rows: " + "   ".join(
                f"{job} {wall:6.2f} s wall, {cpu:6.2f} s CPU, {rss:5.0f} MB"
                for job, (wall, cpu, rss) in results[n].items()), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    ok = True
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        for job in ("recalc", "export"):
            wall = results[large][job][0] / results[small][job][0]
            cpu = results[large][job][1] / results[small][job][1]
            good = cpu <= MAX_RATIO * large / small / 2
            ok &= good
            print(f"{job}: {large:,}/{small:,} rows ratio {wall:.2f} wall, {cpu:.2f} CPU "
                  f"(limit {MAX_RATIO * large / small / 2:.1f}) {'OK' if good else 'TOO STEEP'}")
    print("OK" if ok else "NOT LINEAR")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
