"""`ktxh check WORKBOOK [--json]`: the findings of the checker, in Vietnamese, with sheet!cell.

Reads the file (.xlsx, .xlsm, .ods) through the file door, runs the one core (formulas.jobs) and
prints what it found (every error; repeated warnings and informations of one rule on one sheet
shortened to their first few and a count, --json gives them all); nothing is written. Exit status 1
when there are errors, 0 otherwise (2 for a file that cannot be read, from addin.cli).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from formulas.findings import Elided, condense, counts_text, has_errors, severity_counts, vn_count


def register(sub):
    p = sub.add_parser(
        "check", help="kiểm tra sổ số liệu, liệt kê lỗi theo trang!ô / check a workbook",
        description="Kiểm tra sổ số liệu và liệt kê các lỗi, cảnh báo theo trang tính và ô. "
                    "Mã thoát 1 khi có lỗi, 0 khi không có lỗi.\n"
                    "Check a workbook and list its errors and warnings by sheet and cell; "
                    "exit status 1 when there are errors.")
    p.add_argument("workbook", metavar="SO_LIEU", help="tệp .xlsx, .xlsm hoặc .ods")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON cho máy đọc")
    p.set_defaults(func=run)
    return p


def analyse(path: Path, job: str = "recalc"):
    """Read the workbook and run a job of the core (formulas.jobs check / recalc):
    (values, data, result, findings, patch)."""
    from formulas import jobs
    from workbook_templates.reader import read_sheet_values

    values = read_sheet_values(path)
    # the catalog is the one the workbook was made with (jobs.catalog_for)
    out = getattr(jobs, job)(values, source=path.name)
    return values, out.data, out.result, out.findings, out.patch


def counts(findings) -> dict[str, int]:
    return severity_counts(findings)


def summary_line(findings) -> str:
    return counts_text(findings)  # "02 lỗi, 15 cảnh báo, 15.284 thông tin"


def format_finding(f) -> str:
    code = f" ({f.code})" if f.code else ""
    return f"[{f.severity}] {f.place}{code} {f.rule}: {f.message}"  # one file: sheet!cell


def format_elided(e: Elided) -> str:
    where = f" (ô {', '.join(e.first_cells)}, …)" if e.first_cells else ""
    return (f"[{e.severity}] … và {vn_count(e.count)} {e.severity} {e.rule} khác ở trang “{e.sheet}”{where}; "
            "“ktxh check --json” liệt kê đủ.")


def run(args) -> int:
    path = Path(args.workbook)
    _values, _data, _result, findings, _patch = analyse(path, "check")
    _print(path, findings, as_json=args.json)  # `| head`: addin.cli.ClosedPipeSafe drops the rest
    return 1 if has_errors(findings) else 0


def _print(path: Path, findings, *, as_json: bool) -> None:
    if as_json:
        payload = {"file": str(path), "counts": counts(findings), "findings": [f.to_dict() for f in findings]}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(f"Kiểm tra “{path.name}”: {summary_line(findings)}.")
        # every error; a few of each repeated warning / information per sheet, then their count
        for item in condense(findings):
            print("  " + (format_elided(item) if isinstance(item, Elided) else format_finding(item)))
        if not has_errors(findings):
            print("Không có lỗi: có thể tính toán lại và xuất báo cáo.")
        else:
            print("Có lỗi: hãy sửa các ô nêu trên (hoặc xem trang “Kiểm tra” sau khi chạy “ktxh recalc”).")
