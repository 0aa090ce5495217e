"""`ktxh soat BAO_CAO.docx|.odt|.pdf|.txt [-o BAO_CAO_soat.docx] [--json]`: soát xét (issue #11).

The door of formulas.audit: it reads the report's paragraphs (and .docx table cells), hands their
text to the pure core, prints what it found and, with -o, writes a copy of the document with one
Word comment per finding (the report's own text is never changed). Readers:
  .txt   utf-8 / utf-8 with BOM, one paragraph per non-empty line;
  .docx  python-docx: body paragraphs and table cells, in document order;
  .odt   LibreOffice (soffice --headless --convert-to docx), then read as .docx;
  .pdf   pypdf's text layer (a scan has none: said so).
Exit status 1 when there is any lỗi, 0 otherwise (2 for a file that cannot be read, from addin.cli).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from formulas.audit.check import Audit, audit_paragraphs
from formulas.audit.claims import Paragraph
from formulas.errors import KtxhError
from formulas.findings import INFO, counts_text, has_errors, vn_count

SUFFIXES = (".docx", ".odt", ".pdf", ".txt")
INFO_LINES = 30  # figures it could not recompute, listed at most (a 60-page report has hundreds)


def register(sub):
    p = sub.add_parser(
        "soat", help="soát xét số liệu của một báo cáo đã viết / check the arithmetic of a written report",
        description="Đọc báo cáo (.docx, .odt, .pdf, .txt), tìm các số liệu và quan hệ giữa chúng (tỷ lệ, "
                    "tổng, tăng/giảm…), tính lại theo quy tắc làm tròn của ktxh và liệt kê chỗ không khớp. "
                    "Mã thoát 1 khi có lỗi.\nCheck the arithmetic of a hand-typed report; exit 1 on errors.")
    p.add_argument("report", metavar="BAO_CAO", help="tệp .docx, .odt, .pdf hoặc .txt")
    p.add_argument("-o", "--output", metavar="BAO_CAO_soat.docx",
                   help="ghi bản sao .docx có chú thích (comment) tại từng chỗ phát hiện")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON cho máy đọc")
    p.add_argument("--xlsx", metavar="SO_LIEU.xlsx",
                   help="ghi sổ số liệu mới của cấp và kỳ báo cáo: số khớp được mã chỉ tiêu vào ô của nó, số còn lại "
                        "thành dòng tự thêm; trang “Đối chiếu báo cáo” ghi mỗi số đã đặt vào đâu")
    p.add_argument("--cap", choices=("xa", "huyen", "tinh"), help="cấp của sổ (mặc định: đoán từ báo cáo)")
    p.add_argument("--ky", help="kỳ báo cáo của sổ, ví dụ “6 tháng đầu năm” (mặc định: đọc từ tiêu đề)")
    p.add_argument("--nam", type=int, help="năm báo cáo của sổ (mặc định: đọc từ tiêu đề)")
    p.set_defaults(func=run)
    return p


def run(args) -> int:
    path = Path(args.report)
    _refuse_writing_over(path, args.output, getattr(args, "xlsx", None))
    paragraphs, document, anchors = read_report(path)
    audit = audit_report(paragraphs)
    if args.output:
        write_commented(Path(args.output), audit, paragraphs, document, anchors)
    if getattr(args, "xlsx", None):
        from workbook_templates.claims_workbook import REVIEW_SHEET, build_claims_workbook

        book, placed, landed = build_claims_workbook(paragraphs, Path(args.xlsx), cap=args.cap, ky=args.ky,
                                                     nam=args.nam)
        print(f"Đã ghi sổ số liệu {book}: {vn_count(len(landed))}/{vn_count(len(placed))} số liệu khớp được "
              f"mã chỉ tiêu; {vn_count(len(placed) - len(landed))} số còn lại thành dòng tự thêm (không mã); "
              f"xem trang “{REVIEW_SHEET}”.",
              file=sys.stderr if args.json else sys.stdout)
    _print(path, audit, as_json=args.json, output=args.output)  # `| head`: addin.cli.ClosedPipeSafe
    return 1 if has_errors(audit.findings) else 0


def _refuse_writing_over(report: Path, *outputs) -> None:
    """The copy with comments and the workbook are new files: never the report being read, nor each other."""
    given = [Path(o) for o in outputs if o]
    for out in given:
        if out.exists() and report.exists() and out.resolve() == report.resolve():
            raise KtxhError(f"tệp ghi ra '{out.name}' chính là báo cáo đang soát xét: hãy chọn tên khác, "
                            f"báo cáo gốc không bao giờ bị ghi đè.")
    if len(given) == 2 and given[0].resolve() == given[1].resolve():
        raise KtxhError(f"-o và --xlsx cùng ghi vào '{given[0].name}': hãy chọn hai tên khác nhau.")


def audit_report(paragraphs) -> Audit:
    """The text claims of every paragraph and cell, plus the biểu tables checked row by row."""
    from formulas.audit.tables import audit_tables

    audit = audit_paragraphs(paragraphs)
    table_findings, table_recomputed = audit_tables(paragraphs)
    if not table_findings and not table_recomputed:
        return audit
    findings = sorted(audit.findings + table_findings, key=lambda f: f.paragraph)
    return Audit(audit.claims, findings, audit.recomputed, table_recomputed)


# ---- reading -----------------------------------------------------------------------------------
def read_report(path: Path):
    """(paragraphs, python-docx Document or None, {paragraph index: docx paragraphs to comment on})."""
    if not path.is_file():
        raise KtxhError(f"không tìm thấy tệp '{path}'.")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise KtxhError(f"'{path.name}': chỉ đọc được báo cáo .docx, .odt, .pdf hoặc .txt.")
    if path.stat().st_size == 0:
        raise KtxhError(f"tệp '{path.name}' trống (0 byte): không có gì để soát xét.")
    if suffix == ".txt":
        paragraphs, document, anchors = _from_lines(_read_txt(path).splitlines()), None, {}
    elif suffix == ".pdf":
        paragraphs, document, anchors = _read_pdf(path), None, {}
    elif suffix == ".odt":
        paragraphs, document, anchors = _read_odt(path)
    else:
        paragraphs, document, anchors = _read_docx(path)
    if not paragraphs:
        raise KtxhError(f"tệp '{path.name}' không có chữ nào để soát xét.")
    return paragraphs, document, anchors


def _read_txt(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")  # also plain utf-8
    except UnicodeDecodeError as exc:
        raise KtxhError(f"tệp '{path.name}' không phải văn bản UTF-8 (byte lạ ở vị trí {exc.start}); "
                        "hãy lưu lại với mã UTF-8.") from exc


def _from_lines(lines) -> list[Paragraph]:
    texts = [" ".join(line.split()) for line in lines]
    return [Paragraph(i, t) for i, t in enumerate((t for t in texts if t), start=1)]


def _read_docx(path: Path):
    import docx
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # zipfile.BadZipFile, KeyError, lxml errors: all mean "not a .docx"
        raise KtxhError(f"tệp '{path.name}' bị hỏng hoặc không phải tệp Word .docx ({type(exc).__name__}).") from exc
    paragraphs, anchors, tables = [], {}, 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            first_index = {}  # cell element -> its paragraph index (cells merged down repeat it)
            for r, c, tc, cell_paragraphs in _cells(block):
                text = " ".join(" ".join(p.text for p in cell_paragraphs).split())
                if not text:
                    continue
                where = f"bảng {tables}, dòng {r}, cột {c}"
                if tc in first_index:
                    paragraphs.append(Paragraph(first_index[tc], text, where, merged=True))
                    continue
                index = first_index[tc] = len(anchors) + 1
                paragraphs.append(Paragraph(index, text, where))
                anchors[index] = cell_paragraphs
        else:
            text = " ".join(block.text.split())
            if text:
                index = len(anchors) + 1
                paragraphs.append(Paragraph(index, text))
                anchors[index] = [block]
    return paragraphs, document, anchors


def _cells(table):
    """(row, column, cell element, paragraphs) of each grid place: a cell merged across columns once
    (its first column), a cell merged down once a row (the caller reads its text once)."""
    for r, row in enumerate(table.rows, start=1):
        in_row = set()
        for c, cell in enumerate(row.cells, start=1):
            if cell._tc in in_row:
                continue
            in_row.add(cell._tc)
            yield r, c, cell._tc, list(cell.paragraphs)


def _read_odt(path: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise KtxhError(f"đọc '{path.name}' cần LibreOffice (soffice) để chuyển sang .docx; máy này chưa cài. "
                        "Hãy lưu báo cáo thành .docx rồi chạy lại.")
    with tempfile.TemporaryDirectory(prefix="ktxh-soat-") as tmp:
        profile = Path(tmp, "profile").as_uri()  # own profile: works while the user's LibreOffice is open
        try:
            subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                            "--outdir", tmp, str(path)], capture_output=True, timeout=180, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise KtxhError(f"LibreOffice không chuyển được '{path.name}' sang .docx: {exc}") from exc
        converted = Path(tmp, path.stem + ".docx")
        if not converted.is_file():
            raise KtxhError(f"tệp '{path.name}' bị hỏng hoặc không phải tệp .odt (LibreOffice không mở được).")
        return _read_docx(converted)  # python-docx has read the whole file into memory


def _read_pdf(path: Path) -> list[Paragraph]:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - a dependency of ktxh
        raise KtxhError("đọc PDF cần gói pypdf (pip install pypdf).") from exc
    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise KtxhError(f"tệp '{path.name}' bị hỏng hoặc không phải PDF ({type(exc).__name__}).") from exc
    if not any(p.strip() for p in pages):
        raise KtxhError(f"tệp '{path.name}' không có lớp chữ (bản scan): ktxh không đọc được số liệu từ ảnh. "
                        "Hãy dùng bản .docx gốc, hoặc nhận dạng chữ (OCR) trước rồi soát xét lại.")
    return _from_lines(_join_pdf_lines("\n".join(pages).splitlines()))


_BULLET = re.compile(r"^(?:[-–+•]\s|\d+(?:\.\d+)*\.\s|[IVX]+\.\s)")


def _join_pdf_lines(lines) -> list[str]:
    """A PDF gives visual lines; a paragraph ends at a blank line, after . : ; ! ? or before a bullet."""
    out, current = [], []
    for line in (line.strip() for line in lines):
        if not line or (current and _BULLET.match(line)):
            if current:
                out.append(" ".join(current))
            current = [line] if line else []
            continue
        current.append(line)
        if line[-1] in ".:;!?":
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


# ---- writing the commented copy ----------------------------------------------------------------
def write_commented(target: Path, audit: Audit, paragraphs, document, anchors) -> Path:
    """A copy of the report with one Word comment per finding, written atomically; for a .txt or
    .pdf source, a new .docx of its paragraphs (the text as read) carries the comments."""
    import docx

    from workbook_templates.atomic import write_atomically

    if target.suffix.lower() != ".docx":
        raise KtxhError(f"'{target.name}': bản có chú thích được ghi dạng Word, hãy đặt tên đuôi .docx.")
    if document is None:
        document = docx.Document()
        anchors = {p.index: [document.add_paragraph(p.text)] for p in paragraphs}
    for f in audit.findings:
        runs = [r for p in anchors.get(f.paragraph, []) for r in p.runs]
        if not runs:
            continue  # a paragraph with no run of its own (text only in a field): nothing to anchor on
        text = f"[{f.severity}] {f.rule}: {f.message}"
        document.add_comment([runs[0], runs[-1]], text=text, author="ktxh", initials="KT")
    return write_atomically(target, lambda tmp: document.save(str(tmp)))


def _place(f) -> str:
    return f"đoạn {f.paragraph}" + (f" ({f.cell})" if f.cell else "")


# ---- printing ----------------------------------------------------------------------------------
def summary(audit: Audit) -> str:
    c = audit.counts()
    # a biểu's figures are not claims of the text: counted apart, so "tính lại được" never exceeds "được nêu"
    tables = f"{vn_count(c['table_recomputed'])} số liệu trong biểu tính lại được; " if c["table_recomputed"] else ""
    return (f"{vn_count(c['claims'])} số liệu có quan hệ được nêu trong lời văn, {vn_count(c['recomputed'])} tính lại "
            f"được; {tables}{counts_text(audit.findings)}")


def _print(path: Path, audit: Audit, *, as_json: bool, output: str | None) -> None:
    if as_json:
        payload = {"file": str(path), "counts": audit.counts(), "output": output,
                   "findings": [f.to_dict() for f in audit.findings]}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    print(f"Soát xét “{path.name}”: {summary(audit)}.")
    flagged = [f for f in audit.findings if f.severity != INFO]
    for f in flagged:  # the message already says stated and computed
        print(f"  {_place(f)} [{f.severity}] {f.rule}: {f.message}")
        print(f"      «{f.quote}»")
    infos = [f for f in audit.findings if f.severity == INFO]
    if infos:
        print(f"Không tính lại được ({vn_count(len(infos))} thông tin):")
        for f in infos[:INFO_LINES]:
            print(f"  {_place(f)} {f.stated}: {f.message}")
        if len(infos) > INFO_LINES:  # every lỗi and cảnh báo is listed; --json lists everything
            print(f"  … và {vn_count(len(infos) - INFO_LINES)} thông tin khác; “ktxh soat … --json” liệt kê đủ.")
    if output:
        print(f"Đã ghi bản có chú thích: {output}")
    if not has_errors(audit.findings):
        print("Không có lỗi số học trong các số liệu đọc được.")
