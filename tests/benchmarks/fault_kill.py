"""kill -9 `ktxh recalc` and `ktxh export` at random moments, then look at what is left (issue #12, part 2).

    .venv/bin/python tests/benchmarks/fault_kill.py [--tries 25] [--seed 12]

Each try copies a clean generated xã workbook into a fresh folder, starts the command, sends SIGKILL
after a random delay within the command's own measured run time (every other try within its last
part, where the file is written and renamed), and checks:
  recalc: the workbook opens (openpyxl) and every input cell is identical to the original's; it is
          either the old bytes or a whole recalculated workbook, never half a file; the .bak, if
          any, is the original;
  export: the workbook is byte-identical; the report is either absent or a whole .docx;
  both:   what the killed run left (hidden temp files, the lock), and that the next run succeeds,
          removes the killed run's temp files and is not blocked by its lock.
Prints one line of counts per command; exit status 1 if any try broke a promise.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.addin.test_bad_inputs import input_cells  # noqa: E402
from workbook_templates.atomic import TEMP_MARK  # noqa: E402
from workbook_templates.workbook_lock import lock_path  # noqa: E402


def ktxh(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "addin.cli", *args], cwd=REPO, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def whole_docx(p: Path) -> bool:
    try:
        from docx import Document
        Document(str(p))
        return True
    except Exception:  # noqa: BLE001 - anything python-docx cannot open is a broken report
        return False


def measure(args: list[str]) -> float:
    start = time.perf_counter()
    proc = ktxh(*args)
    proc.communicate()
    assert proc.returncode == 0, proc.returncode
    return time.perf_counter() - start


def one_try(command: str, clean: Path, cells: dict, delay: float, folder: Path) -> dict:
    book = folder / "so_lieu.xlsx"
    shutil.copyfile(clean, book)
    original = sha(book)
    report = folder / "bao_cao.docx"
    args = ["recalc", str(book)] if command == "recalc" else ["export", str(book), "-o", str(report)]
    proc = ktxh(*args)
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    r = {"finished": finished, "broken": []}
    temps = [p for p in folder.iterdir() if TEMP_MARK in p.name and p != lock_path(book)]
    r["temps_left"] = len(temps)
    r["lock_left"] = lock_path(book).exists()
    if command == "recalc":
        try:
            if input_cells(book) != cells:
                r["broken"].append("input cells changed")
        except Exception as exc:  # noqa: BLE001
            r["broken"].append(f"workbook does not open: {type(exc).__name__}")
        if not zipfile.is_zipfile(book):
            r["broken"].append("half workbook")
        r["replaced"] = sha(book) != original
        bak = folder / "so_lieu.bak.xlsx"
        if bak.exists() and sha(bak) != original:
            r["broken"].append("backup is not the original")
    else:
        if sha(book) != original:
            r["broken"].append("workbook changed")
        r["replaced"] = report.exists()
        if report.exists() and not whole_docx(report):
            r["broken"].append("half report")
    # the next run must work, sweep the killed run's temp files and not be blocked by its lock
    again = ktxh(*args)
    _, err = again.communicate(timeout=300)
    if again.returncode != 0:
        r["broken"].append(f"next run exit {again.returncode}: {err.decode()[-300:]}")
    r["temps_after_next"] = sum(TEMP_MARK in p.name and p != lock_path(book) for p in folder.iterdir())
    if r["temps_after_next"]:
        r["broken"].append("temp files left after the next run")
    if lock_path(book).exists():
        r["broken"].append("lock left after the next run")
    return r


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tries", type=int, default=30)
    ap.add_argument("--seed", type=int, default=12)
    opts = ap.parse_args()
    rng = random.Random(opts.seed)
    from workbook_templates.generated_units import write_units

    bad = 0
    with tempfile.TemporaryDirectory(prefix="ktxh-kill-") as tmp:
        tmp = Path(tmp)
        clean = write_units(tmp / "base", 1)[0]
        cells = input_cells(clean)
        for command in ("recalc", "export"):
            probe = tmp / f"probe_{command}"
            probe.mkdir()
            shutil.copyfile(clean, probe / "so_lieu.xlsx")
            args = ([command, str(probe / "so_lieu.xlsx")] if command == "recalc"
                    else [command, str(probe / "so_lieu.xlsx"), "-o", str(probe / "bao_cao.docx")])
            run_time = sorted(measure(args) for _ in range(3))[1]  # the median of three undisturbed runs
            results = []
            for i in range(opts.tries):
                folder = tmp / f"{command}_{i:03d}"
                folder.mkdir()
                # every other try aims at the end of the run, where the file is written and renamed
                delay = rng.uniform(0.05, run_time * 1.1) if i % 2 == 0 else rng.uniform(0.6 * run_time, 1.2 * run_time)
                results.append(one_try(command, clean, cells, delay, folder))
            killed = sum(not r["finished"] for r in results)
            broken = [(i, r["broken"]) for i, r in enumerate(results) if r["broken"]]
            bad += len(broken)
            print(f"{command}: run time {run_time:.2f} s; {len(results)} tries, {killed} killed mid-run, "
                  f"{len(results) - killed} had finished; target replaced by a whole new file in "
                  f"{sum(r['replaced'] for r in results)}; temp files left by the killed run in "
                  f"{sum(r['temps_left'] > 0 for r in results)} tries, removed by the next run in all but "
                  f"{sum(r['temps_after_next'] > 0 for r in results)}; lock left in "
                  f"{sum(r['lock_left'] for r in results)}, next run blocked by it in "
                  f"{sum(any('next run' in b for b in r['broken']) for r in results)}; "
                  f"broken promises: {len(broken)}")
            for i, why in broken:
                print(f"  try {i}: {'; '.join(why)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
