"""Benchmark: `ktxh tong-hop` on 10 / 100 / 1000 made-up xã workbooks (issue #10).

Run: .venv/bin/python tests/benchmarks/bench_consolidate.py [--sizes 10,100,1000]
The workbooks (full xã catalog, workbook_templates.generated_units) are generated once, in parallel,
into a cache folder under the temp directory (kept between runs; not timed). Each size then runs in a
fresh interpreter, so its peak RSS is its own: the consolidation end to end as the command does it
(read + check + aggregate + write the consolidated .xlsx, addin.cli.main in-process, imports warmed
first), split into its phases, then raw python-calamine reading every sheet of the same files against
the project's reader (workbook_templates.reader.read_sheet_values).
Targets: 100 workbooks < 5 s; 1000 < 40 s with peak memory < 1 GB; reading within 1.5× raw calamine.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SEED = 0
TARGET_S = {100: 5.0, 1000: 40.0}
TARGET_MB = 1024
TARGET_READ_RATIO = 1.5


# ------------------------------------------------------------------------------ generation (cached)

def cache_dir() -> Path:
    """One folder per version of the generator and catalog: a changed generator regenerates."""
    from formulas.catalog import load_catalog

    src = (ROOT / "workbook_templates" / "generated_units.py").read_bytes()
    key = hashlib.sha1(src + load_catalog("xa").version.encode() + str(SEED).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"ktxh_bench_units_{key}"


def _write(args) -> int:
    folder, n, indices = args
    from formulas.catalog import load_catalog
    from workbook_templates.builder import save_workbook
    from workbook_templates.demo import build_demo_workbook
    from workbook_templates.generated_units import generate_units

    catalog = load_catalog("xa")
    units = generate_units(n, seed=SEED, catalog=catalog)  # all n: the names' width depends on n
    for i in indices:
        save_workbook(build_demo_workbook(units[i - 1], catalog), Path(folder) / f"xa_mau_{i:04d}.xlsx")
    return len(indices)


def generated(n_max: int, sizes: list[int]) -> dict[int, Path]:
    """size -> a folder holding that many workbooks (the first ones of one set, hard-linked)."""
    base = cache_dir() / f"n{n_max}"  # one set per largest size (the unit names' width depends on it)
    every = base / "all"
    every.mkdir(parents=True, exist_ok=True)
    missing = [i for i in range(1, n_max + 1) if not (every / f"xa_mau_{i:04d}.xlsx").exists()]
    if missing:
        t0 = time.perf_counter()
        workers = os.cpu_count() or 1
        chunks = [(str(every), n_max, missing[k::workers]) for k in range(workers) if missing[k::workers]]
        with ProcessPoolExecutor(workers) as pool:
            sum(pool.map(_write, chunks))
        print(f"generated {len(missing)} workbooks in {time.perf_counter() - t0:.1f} s into {every}")
    else:
        print(f"using cached workbooks in {every}")
    files = sorted(every.glob("*.xlsx"))[:n_max]
    out = {}
    for n in sizes:
        folder = base / f"units_{n}"
        folder.mkdir(exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        for p in files[:n]:
            os.link(p, folder / p.name)
        out[n] = folder
    return out


# ------------------------------------------------------------------------------------ one size (child)

def _phase_timers():
    """Wrap the pieces `ktxh tong-hop` calls (imported inside its run(), so the wrappers are seen)."""
    import formulas.jobs as jobs
    import workbook_templates.builder as builder
    import workbook_templates.consolidated as consolidated
    import workbook_templates.reader as reader

    spent: dict[str, float] = {}

    def wrap(module, name, phase):
        fn = getattr(module, name)

        def timed(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[phase] = spent.get(phase, 0.0) + time.perf_counter() - t0
        setattr(module, name, timed)

    wrap(reader, "read_sheet_values", "read")
    wrap(jobs, "consolidate", "check + aggregate")
    wrap(consolidated, "build_consolidated_workbook", "build workbook")
    wrap(builder, "save_workbook", "save .xlsx")
    return spent


def read_raw(files) -> None:
    import python_calamine

    for p in files:
        book = python_calamine.CalamineWorkbook.from_path(str(p))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
        book.close()


def read_project(files) -> None:
    from workbook_templates.reader import read_sheet_values

    for p in files:
        read_sheet_values(p)


def one_size(folder: Path) -> dict:
    import contextlib
    import io

    import pandas  # noqa: F401  (warm the imports the command makes lazily: not the work measured)

    import addin.commands.tong_hop  # noqa: F401
    import workbook_templates.consolidated  # noqa: F401
    from addin.cli import main

    spent = _phase_timers()
    files = sorted(folder.glob("*.xlsx"))
    out = Path(tempfile.mkdtemp()) / "tong_hop.xlsx"
    t0, c0 = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["tong-hop", str(folder), "-o", str(out)])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    spent = dict(spent)  # the command's phases only, not the reading comparison below
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    size = out.stat().st_size / 1024 / 1024
    return {"n": len(files), "code": code, "wall": wall, "cpu": cpu, "rss_mb": rss, "phases": spent,
            "out_mb": size}


def reading(folder: Path) -> dict:
    """Raw calamine against the project's reader on the same files, alternating, best of several, in a
    process of its own (after a consolidation in the same process the larger heap makes the garbage
    collector's passes cost the reader, which allocates more lists, up to ~0,3× more: printed apart)."""
    files = sorted(folder.glob("*.xlsx"))
    import workbook_templates.reader  # noqa: F401  (imports warmed)
    raw, mine = [], []
    for _ in range(max(2, 300 // len(files))):  # alternate, best of: the page cache is warm for both
        t = time.perf_counter()
        read_raw(files)
        raw.append(time.perf_counter() - t)
        t = time.perf_counter()
        read_project(files)
        mine.append(time.perf_counter() - t)
    return {"raw": min(raw), "reader": min(mine)}


# ------------------------------------------------------------------------------------------- report

def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--one", metavar="FOLDER", help=argparse.SUPPRESS)  # the child run of one size
    ap.add_argument("--read", metavar="FOLDER", help=argparse.SUPPRESS)  # the child run of the readers
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_size(Path(args.one))))
        return 0
    if args.read:
        print(json.dumps(reading(Path(args.read))))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    folders = generated(max(sizes), sizes)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; each size in a fresh process")
    results = []
    for n in sizes:
        run = subprocess.run([sys.executable, __file__, "--one", str(folders[n])], capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stderr)
            return 1
        r = json.loads(run.stdout.strip().splitlines()[-1])
        read = subprocess.run([sys.executable, __file__, "--read", str(folders[n])], capture_output=True, text=True)
        if read.returncode != 0:
            print(read.stderr)
            return 1
        r.update(json.loads(read.stdout.strip().splitlines()[-1]))
        results.append(r)
        phases = ", ".join(f"{k} {v:.2f}" for k, v in r["phases"].items())
        print(f"{n:5d} xã: tong-hop {r['wall']:7.2f} s wall ({r['cpu']:.2f} s CPU, exit {r['code']}), "
              f"{r['wall'] / n * 1000:6.1f} ms/xã, peak RSS {r['rss_mb']:6.0f} MB, output {r['out_mb']:.1f} MB")
        print(f"        phases (s): {phases}")
        print(f"        reading all sheets (own process): raw calamine {r['raw']:.2f} s, read_sheet_values "
              f"{r['reader']:.2f} s, ratio {r['reader'] / r['raw']:.2f}×")
    for a, b in zip(results, results[1:]):
        print(f"scaling {a['n']}→{b['n']}: ×{b['wall'] / a['wall']:.1f} time for ×{b['n'] / a['n']:.0f} workbooks")
    ok = True
    for r in results:
        limit = TARGET_S.get(r["n"])
        if limit is not None:
            good = r["wall"] < limit and (r["n"] < 1000 or r["rss_mb"] < TARGET_MB)
            ok &= good
            print(f"target {r['n']} xã < {limit:.0f} s" + (f", < {TARGET_MB} MB" if r["n"] >= 1000 else "") +
                  f": {'PASS' if good else 'FAIL'}")
        ratio = r["reader"] / r["raw"]
        if r["n"] >= 100:
            ok &= ratio <= TARGET_READ_RATIO
            print(f"target reading {r['n']} xã within {TARGET_READ_RATIO}× raw calamine: "
                  f"{'PASS' if ratio <= TARGET_READ_RATIO else 'FAIL'} ({ratio:.2f}×)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
