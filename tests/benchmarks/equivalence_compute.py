"""Prove a speed-up of formulas/ changed nothing: save every output, change the code, compare.

    .venv/bin/python tests/benchmarks/equivalence_compute.py save /tmp/before.pkl [--small]
    ... change formulas/ ...
    .venv/bin/python tests/benchmarks/equivalence_compute.py compare /tmp/before.pkl [--small]

Outputs are every field of every ComputedIndicator, the summary counts, every finding and the full
patch, for nine datasets: the demo workbook in four periods and with truncation, and the synthetic
100,000-row province of bench_compute (20,000 with --small) plain, "noisy" (missing, zero, negative,
huge, 7-decimal values, to-date above the estimate, duplicate and unknown codes, unnamed rows) and
noisy with truncation and a year report. Used to keep #3's tuning identical (2.58 s -> 1.25 s -> 0.9 s).
"""
from __future__ import annotations

import pickle
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[2]))

import bench_compute  # noqa: E402  (the benchmark's demo and synthetic datasets)

from formulas.build_patch import build_patch  # noqa: E402
from formulas.compute import compute  # noqa: E402
from formulas.model import IndicatorRow, WorkbookData  # noqa: E402
from formulas.settings import policy_from  # noqa: E402
from formulas.validation import validate  # noqa: E402

RESULT_FIELDS = ("actual", "actual_is_estimate", "to_date", "plans", "pct_plan", "pct_plan_to_date", "same_period",
                 "pct_same_period", "change", "change_unit", "share", "remaining", "evaluation")


def serialise(data, catalog, policy=None):
    result = compute(data, catalog, policy)
    findings = validate(data, catalog, result, policy)
    patch = build_patch(data, catalog, result, findings, 3)
    rows = [(i.row.sheet, i.row.row, i.row.code) + tuple(repr(getattr(i, f)) for f in RESULT_FIELDS)
            for i in result.indicators]
    s = result.summary
    summary = (s.targets_total, s.targets, s.task_groups, s.tasks_total, s.tasks)
    found = [(f.rule, f.severity, f.sheet, f.cell, f.code, f.message) for f in findings]
    return (rows, summary), found, (repr(patch.writes), repr(patch.marks), repr(patch.clear_marks))


def noisy(data: WorkbookData, seed: int) -> WorkbookData:
    """The same rows with the awkward values real workbooks have, deterministically."""
    rnd = random.Random(seed)
    rows = []
    for r in data.rows:
        v = dict(r.values)
        keys, x = list(v), rnd.random()
        if x < 0.03:
            v[rnd.choice(keys)] = None
        elif x < 0.05:
            v[rnd.choice(keys)] = Decimal(0)
        elif x < 0.07:
            v[rnd.choice(keys)] = Decimal("-" + str(rnd.randint(1, 500))) / 10
        elif x < 0.09:
            v[rnd.choice(keys)] = Decimal(rnd.randint(0, 10**7)).scaleb(-rnd.randint(0, 4))
        elif x < 0.10:
            v["den_ngay"] = Decimal("99999.995")
        elif x < 0.11:
            v[rnd.choice(keys)] = Decimal("1E-7")
        elif x < 0.12:
            v["uoc_ky"], v["cung_ky"] = Decimal("0.005"), Decimal("-0.004")
        rows.append(IndicatorRow(r.sheet, r.row, r.code, r.name, r.unit, v, r.cells, r.note, r.indicator))
    for i in range(0, len(rows), 997):  # duplicated codes
        r = rows[i]
        rows.append(IndicatorRow(r.sheet, r.row + 100000, r.code, r.name, r.unit, dict(r.values), dict(r.cells),
                                 r.note, r.indicator))
    for i in range(5, len(rows), 1499):  # unknown codes and unnamed custom rows
        r = rows[i]
        rows[i] = IndicatorRow(r.sheet, r.row, f"ZZ.{i}" if i % 2 else None, r.name if i % 3 else "", r.unit,
                               dict(r.values), r.cells, r.note, None)
    return WorkbookData(info=dict(data.info), rows=rows, prose=[], tasks=data.tasks, info_cells=data.info_cells)


def outputs(small: bool) -> dict:
    out = {}
    demo, demo_catalog = bench_compute.demo_data()
    out["demo"] = serialise(demo, demo_catalog)
    for period in ("9 tháng đầu năm", "Cả năm", "không rõ"):
        other = WorkbookData(info={**demo.info, "ky_bao_cao": period}, rows=demo.rows, prose=demo.prose,
                             tasks=demo.tasks, info_cells=demo.info_cells, findings=demo.findings)
        out[f"demo {period}"] = serialise(other, demo_catalog)
    out["demo truncate"] = serialise(demo, demo_catalog, policy_from({**demo_catalog.settings, "rounding": "truncate"}))
    data, catalog = bench_compute.synthetic(20_000 if small else 100_000)
    truncate = policy_from({**catalog.settings, "rounding": "truncate"})
    out["synthetic"] = serialise(data, catalog)
    first = noisy(data, 1)
    out["noisy"] = serialise(first, catalog)
    out["noisy truncate"] = serialise(first, catalog, truncate)
    second = noisy(data, 2)
    second.info["ky_bao_cao"] = "Cả năm"
    out["noisy year"] = serialise(second, catalog)
    return out


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("save", "compare"):
        print(__doc__)
        return 2
    small = "--small" in argv
    now = outputs(small)
    if argv[0] == "save":
        Path(argv[1]).write_bytes(pickle.dumps(now))
        print(f"saved {len(now)} datasets to {argv[1]}")
        return 0
    before = pickle.loads(Path(argv[1]).read_bytes())
    different = [name for name in before if before[name] != now.get(name)]
    for name in different:
        parts = [part for i, part in enumerate(("results", "findings", "patch")) if before[name][i] != now[name][i]]
        print(f"DIFFERENT: {name}: {', '.join(parts)}")
    print("IDENTICAL" if not different else f"{len(different)} of {len(before)} datasets differ")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
