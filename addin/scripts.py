"""What the Excel buttons do: recalculate, check, export. One undecorated function per job.

Each takes the open workbook (``book: xw.Book``) from whichever host runs it: desktop Excel
(addin/classic.py), xlwings Lite (addin/lite/main.py) or xlwings Server (addin/server/). They read
values through the xlwings door, hand them to the core's jobs (formulas.jobs, generator.export),
apply the patch the core returns and tell the user what happened in Vietnamese. No arithmetic here.
"""
from __future__ import annotations

import functools
from pathlib import Path

from addin.xlwings_door import apply_patch, read_sheet_values
from formulas import jobs
from formulas.findings import ERROR, INFO, WARNING, has_errors
from formulas.jobs import findings_only  # noqa: F401  (re-exported: tests and hosts import it from here)
from workbook_templates.atomic import write_bytes_atomically
from formulas.errors import KtxhError
from formulas.layout import SHEET_FINDINGS, SHEET_INFO
from formulas.parse import parse_info

TITLE = "ktxh"


def _shows_errors(job):
    """A KtxhError becomes a Vietnamese message box instead of a traceback (and the job stops)."""

    @functools.wraps(job)
    def wrapper(book, *args, **kwargs):
        try:
            return job(book, *args, **kwargs)
        except KtxhError as exc:
            _alert(book, f"Lỗi: {exc}", mode="critical")
            return None

    return wrapper


@_shows_errors
def recalculate(book) -> str:
    """Tính toán lại: check, compute, write the computed columns and the Kiểm tra sheet, mark cells."""
    out = _run_core(book, jobs.recalc)
    result, findings = out.result, out.findings
    apply_patch(book, out.patch)
    message = f"Đã tính toán lại {_count(len(result.indicators))} chỉ tiêu.\n{findings_summary(findings)}"
    _alert(book, message, mode="critical" if _n(findings, ERROR) else "info")
    return message


@_shows_errors
def check(book) -> str:
    """Kiểm tra số liệu: only the findings (Kiểm tra sheet and cell marks); computed columns stay."""
    out = _run_core(book, jobs.check)  # its patch holds only the Kiểm tra sheet and the marks
    findings = out.findings
    apply_patch(book, out.patch)
    message = findings_summary(findings)
    _alert(book, message, mode="critical" if _n(findings, ERROR) else "info")
    return message


@_shows_errors
def export_report(book, folder: Path | str | None = None) -> Path:
    """Xuất báo cáo Word: the .docx is written to `folder` (default: next to the workbook).

    The export reads, validates and computes on its own (generator.export), never trusting the
    computed columns in the sheet, so an export without a prior recalculation is still right.
    """
    from generator.export import build_report  # imported here: docx/jinja2 load only when needed

    target = _report_path(book, folder)
    values = read_sheet_values(book)
    content, findings, _headings = build_report(values, None, where=f"Sổ “{book.name}”",
                                                source=book.name)  # catalog: jobs.catalog_for
    write_bytes_atomically(target, content)
    _alert(book, f"Đã xuất báo cáo Word:\n{target}\n{findings_summary(findings)}", mode="info")
    return target


UNITS_FOLDER = "don_vi"  # beside a consolidated workbook: the folder its units' workbooks are put in


@_shows_errors
def consolidate(book, folder: Path | str | None = None) -> Path:
    """Tổng hợp các đơn vị: from a consolidated workbook (or any saved workbook of the upper level),
    read the units' workbooks in `folder` (default: the "don_vi" folder beside the book, else the book's
    own folder) and write a new consolidated workbook beside the book — the open one is never
    overwritten. Who must send is the book's own "Tình hình nộp" list, when it has one."""
    from workbook_templates.consolidate_files import consolidate_files, listed_units, unit_files

    home = _saved_folder(book, "tổng hợp")
    source = Path(folder) if folder is not None else (home / UNITS_FOLDER if (home / UNITS_FOLDER).is_dir() else home)
    own = Path(book.fullname).resolve()
    files = [p for p in unit_files([source]) if p.resolve() != own]
    values = read_sheet_values(book)
    info, _cells = parse_info(values.get(SHEET_INFO) or [], [])
    target = home / f"{Path(book.name).stem} - Tong hop.xlsx"
    job = consolidate_files(files, target, cap=jobs.catalog_for(values).cap, don_vi=info.get("co_quan"),
                            expected=listed_units(values))
    left = [s for s in job.submissions if not s.included]
    lines = [f"Đã tổng hợp {_count(len(job.units))} đơn vị ({job.period}) vào sổ mới:", str(target)]
    lines += [f"[{s.status}] {s.unit}: {s.reason}" for s in left[:10]]
    if len(left) > 10:
        lines.append(f"… và {_count(len(left) - 10)} đơn vị khác (xem trang Tình hình nộp).")
    _alert(book, "\n".join(lines), mode="warning" if left else "info")
    return target


@_shows_errors
def audit_report(book, path: Path | str) -> Path:
    """Soát xét một báo cáo: check the arithmetic of a chosen report file (.docx, .odt, .pdf, .txt) as
    `ktxh soat -o` does and write "<tên> - soat.docx" beside it, one Word comment per finding (the
    report's own text unchanged). Desktop Excel only: Lite and Server hosts use the command line."""
    from addin.commands.soat import audit_report as audit_paragraphs, read_report, summary, write_commented

    source = Path(path)
    paragraphs, document, anchors = read_report(source)
    audit = audit_paragraphs(paragraphs)
    target = source.with_name(f"{source.stem} - soat.docx")
    write_commented(target, audit, paragraphs, document, anchors)
    errors = has_errors(audit.findings)
    _alert(book, f"Soát xét “{source.name}”: {summary(audit)}.\nBản có chú thích:\n{target}",
           mode="critical" if errors else "info")
    return target


# The workbook's control panel (addin/build_xlsm.py): a drop-down cell with this defined name, and one
# "Thực hiện" button whose macro runs main(); the chosen label selects the job.
ACTION_NAME = "ktxh_thao_tac"
RECALCULATE, CHECK, EXPORT = "Tính toán lại", "Kiểm tra số liệu", "Xuất báo cáo Word"
ACTIONS = {RECALCULATE: recalculate, CHECK: check, EXPORT: export_report}
# A consolidated workbook (ktxh tong-hop) has one more job; it reads files, so desktop Excel only.
CONSOLIDATE = "Tổng hợp các đơn vị"


def chosen_action(book) -> str:
    """The label picked in the control panel; recalculation when the workbook has no panel."""
    if ACTION_NAME not in [n.name for n in book.names]:
        return RECALCULATE
    label = book.names[ACTION_NAME].refers_to_range.value
    label = label.strip() if isinstance(label, str) else ""
    return label if label in ACTIONS else RECALCULATE


def run_chosen(book):
    return ACTIONS[chosen_action(book)](book)


def _run_core(book, job) -> "jobs.Outcome":
    """The job `ktxh check/recalc` runs (formulas.jobs), on the open book's values."""
    return job(read_sheet_values(book), source=book.name, where=f"Sổ “{book.name}”")


def findings_summary(findings) -> str:
    if not findings:
        return "Không phát hiện lỗi hay cảnh báo nào."
    counts = ", ".join(f"{_count(_n(findings, sev))} {sev}" for sev in (ERROR, WARNING, INFO) if _n(findings, sev))
    return f"Kiểm tra số liệu: {counts}. Xem chi tiết ở trang '{SHEET_FINDINGS}'."


def report_filename(book) -> str:
    return f"{Path(book.name).stem} - Bao cao.docx"


def _saved_folder(book, job: str) -> Path:
    fullname = Path(book.fullname)
    if not fullname.is_absolute():  # a new, never-saved workbook has no folder yet
        raise KtxhError(f"hãy lưu sổ Excel trước khi {job} (tệp kết quả được lưu cạnh sổ).")
    return fullname.parent


def _report_path(book, folder: Path | str | None) -> Path:
    folder = Path(folder if folder is not None else _saved_folder(book, "xuất báo cáo"))
    if not folder.is_dir():
        raise KtxhError(f"thư mục '{folder}' không tồn tại.")
    return folder / report_filename(book)


def _alert(book, message: str, mode: str) -> None:
    book.app.alert(message, title=TITLE, buttons="ok", mode=mode)


def _n(findings, severity: str) -> int:
    return sum(1 for f in findings if f.severity == severity)


def _count(n: int) -> str:
    """Admin style writes small counts with a leading zero: '01 chỉ tiêu', '03 lỗi'."""
    return f"{n:02d}"

