"""export_report: workbook -> checked, computed -> the Word report, written atomically.

Read (file door) or take the sheet values a door already read, then parse, validate and compute
through the core's report job (formulas.jobs.report) — computed cells stored in the file are never trusted. With errors the
export refuses and lists them in Vietnamese (KtxhError); force=True writes anyway and puts the
findings in an annex. Every template is loaded and checked, and the whole document is rendered
in memory, before the output file is touched; the file is then written to a temporary name in
the same folder and renamed over the target (os.replace).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from formulas.by_unit import read_standings
from formulas.findings import ERROR, WARNING
from formulas.model import SheetValues
from generator.chart import achievement_chart
from generator.context import build_context, number_sections
from generator.docx_writer import render_docx
from generator.narrative import render_sections, section_renderer
from generator.vn_format import dem
from workbook_templates.atomic import write_bytes_atomically
from formulas.catalog import Catalog
from formulas.errors import KtxhError

MAX_LISTED = 30


@dataclass(slots=True)
class ExportResult:
    path: Path
    errors: int
    warnings: int
    forced: bool
    seconds: float
    sections: list[str] = field(default_factory=list)


def _values(source) -> tuple[SheetValues, str]:
    """Only the reading: the required sheets are checked by the job (formulas.jobs)."""
    if isinstance(source, dict):
        return source, "Sổ số liệu"
    from workbook_templates.reader import read_sheet_values  # the file door (issue #2)

    path = Path(source)
    return read_sheet_values(path), f"Tệp “{path.name}”"


def refusal_message(where: str, errors: list) -> str:
    lines = [f"{where} còn {dem(len(errors), 'lỗi')} nên chưa xuất báo cáo:"]  # "02 lỗi", "1.204 lỗi"
    lines += [f"  - {f.place}: {f.message}" for f in errors[:MAX_LISTED]]  # `where` names the workbook
    if len(errors) > MAX_LISTED:
        lines.append(f"  … và {len(errors) - MAX_LISTED} lỗi khác (xem trang Kiểm tra sau khi chạy “ktxh recalc”).")
    lines.append("Hãy sửa các ô nêu trên rồi xuất lại; hoặc dùng --force để vẫn xuất, kèm phụ lục liệt kê lỗi.")
    return "\n".join(lines)


def _check_output(out: Path, source) -> None:
    if out.suffix.lower() != ".docx":
        raise KtxhError(f"Tệp báo cáo phải có đuôi .docx: '{out}'.")
    if not isinstance(source, dict) and out.resolve() == Path(source).resolve():
        raise KtxhError("Tệp báo cáo trùng với sổ số liệu; hãy chọn tên tệp khác để không ghi đè sổ.")
    if out.exists() and out.is_dir():
        raise KtxhError(f"'{out}' là một thư mục; hãy ghi rõ tên tệp .docx.")
    if not out.parent.exists():
        raise KtxhError(f"Thư mục '{out.parent}' không tồn tại.")


def build_report(values: SheetValues, catalog: Catalog | None, force: bool = False, where: str = "Sổ số liệu",
                 templates_dir=None, word_template=None, source=None) -> tuple[bytes, list, list[str]]:
    """The .docx bytes (nothing written). Raises KtxhError on errors unless force.
    catalog None: the workbook's own (formulas.jobs.catalog_for); source: its file name."""
    from formulas import jobs

    renderer = section_renderer(templates_dir)  # an edited template is checked before any work
    job = jobs.report(values, catalog=catalog, source=source, where=where)
    data, result, findings, catalog = job.data, job.result, job.findings, job.catalog
    errors = [f for f in findings if f.severity == ERROR]
    if errors and not force:
        raise KtxhError(refusal_message(where, errors))
    # A forced export of a workbook with errors lists every error and warning in an annex.
    shown = [f for f in findings if f.severity in (ERROR, WARNING)]
    context = build_context(data, result, catalog, shown, forced=force and bool(errors),
                            standings=read_standings(values), wording=renderer.wording)
    render_sections(context["sections"], context["header"], renderer)
    sections = number_sections(context["sections"])
    context["units_charts_png"] = [png for part in context["units_charts"] if (png := achievement_chart(part))]
    blob = render_docx(context, sections, achievement_chart(context["chart"]), word_template)
    return blob, findings, [s.heading for s in sections]


def export_report(source: str | Path | SheetValues, out_path: str | Path, force: bool = False,
                  catalog: Catalog | None = None, templates_dir=None, word_template=None) -> ExportResult:
    """Write the report of `source` (a workbook path or its sheet values) to `out_path` (.docx)."""
    start = time.perf_counter()
    out = Path(out_path)
    _check_output(out, source)
    values, where = _values(source)
    blob, findings, headings = build_report(values, catalog, force, where, templates_dir, word_template,
                                            source=None if isinstance(source, dict) else Path(source).name)
    try:
        write_bytes_atomically(out, blob)
    except PermissionError:
        raise KtxhError(f"Không ghi được '{out}': tệp đang mở trong Word hoặc không có quyền ghi. "
                        "Hãy đóng tệp rồi xuất lại.") from None
    return ExportResult(path=out, errors=sum(f.severity == ERROR for f in findings),
                        warnings=sum(f.severity == WARNING for f in findings), forced=force,
                        seconds=time.perf_counter() - start, sections=headings)
