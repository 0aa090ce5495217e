"""Benchmark: `ktxh export` of the demo workbook end-to-end (read, validate, compute, render, chart, save).

Target (issue #4): under 1.5 s. Run: .venv/bin/python tests/benchmarks/bench_export.py
Prints the command-line time (a fresh process: interpreter start and imports included) and the
in-process time of export_report once the modules are loaded. The demo workbook holds two seed
inconsistencies the checker calls errors, so the export runs with --force (annex included).
With PYTHONDONTWRITEBYTECODE set (as in the team's shell) every run compiles the project's
modules from source (~0.05 s more than an installed copy, which keeps its .pyc files).
"""
from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 1.5
ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    from workbook_templates.demo import write_demo_workbook

    tmp = Path(tempfile.mkdtemp(prefix="bench_export_"))
    try:
        workbook = write_demo_workbook(tmp)
        out = tmp / "bao_cao_demo.docx"
        ktxh = [sys.executable, "-m", "addin.cli", "export", str(workbook), "-o", str(out), "--force"]
        cli, cpu = [], []
        for _ in range(5):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(ktxh, check=True, capture_output=True, cwd=ROOT)
            cli.append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the CLI and anything it starts
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)  # user + system

        from generator.export import export_report

        export_report(workbook, out, force=True)  # warm: modules loaded, catalog cached
        warm = []
        for _ in range(5):
            t = time.perf_counter()
            export_report(workbook, out, force=True)
            warm.append(time.perf_counter() - t)
        size = out.stat().st_size
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (wall times grow with it)"
          + ("; PYTHONDONTWRITEBYTECODE is set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""))
    print(f"ktxh export (new process), 5 runs: best {min(cli):.2f} s, median {statistics.median(cli):.2f} s "
          f"wall; CPU median {statistics.median(cpu):.2f} s")
    print(f"export_report in process, 5 runs:   best {min(warm):.2f} s, median {statistics.median(warm):.2f} s")
    print(f"report size: {size / 1024:.0f} KiB; target < {TARGET_S} s end-to-end")
    ok = statistics.median(cli) < TARGET_S
    print("OK" if ok else "ABOVE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
