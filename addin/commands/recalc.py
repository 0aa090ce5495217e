"""`ktxh recalc WORKBOOK [-o OUT]`: write the computed columns, marks and the Kiểm tra sheet into the file.

The same core job as the Excel button (formulas.jobs.recalc); the file door applies its patch
(workbook_templates.writer): inputs untouched, the file replaced atomically, the previous version
kept as "<name>.bak.xlsx". The file is checked before it is read (workbook_templates.file_guard) and
held by a lock beside it while it is rewritten, so a second recalc of it refuses in Vietnamese instead
of mixing two results (workbook_templates.workbook_lock). An .ods is never rewritten: `-o OUT.xlsx`
writes a converted copy (LibreOffice). Exit status 0 when written (the findings are in the Kiểm tra
sheet), 2 when refused.
"""
from __future__ import annotations

from pathlib import Path

from addin.commands.check import analyse, summary_line


def register(sub):
    p = sub.add_parser(
        "recalc", help="tính lại các cột tỷ lệ, đánh giá và trang Kiểm tra / recalculate a workbook",
        description="Tính lại các cột % kế hoạch, % cùng kỳ, tăng giảm, tỷ trọng, đánh giá và ghi trang "
                    "Kiểm tra. Không thay đổi ô nhập liệu; bản cũ được giữ thành <tên>.bak.xlsx.\n"
                    "Recalculate the computed columns and the findings sheet; input cells are never "
                    "changed and the previous file is kept as <name>.bak.xlsx.")
    p.add_argument("workbook", metavar="SO_LIEU", help="tệp .xlsx, .xlsm (hoặc .ods, khi ghi ra -o TEP.xlsx)")
    p.add_argument("-o", "--output", metavar="TEP_RA", help="ghi ra tệp khác (mặc định: ghi đè tệp vào)")
    p.set_defaults(func=run)
    return p


def run(args) -> int:
    from workbook_templates.atomic import refuse_unwritable
    from workbook_templates.file_guard import guard_workbook
    from workbook_templates.workbook_lock import workbook_lock
    from workbook_templates.writer import apply_patch_to_file, check_writable

    source = Path(args.workbook)
    target = Path(args.output) if args.output else source
    check_writable(source, target)  # before reading, so an .ods gets its message at once
    refuse_unwritable(target)  # read-only file or folder: said before the work, not after it
    guard_workbook(source)  # the reader guards too; here before the lock file is put beside a bad file
    with workbook_lock(target):  # a second recalc of the same file refuses instead of mixing the two
        _values, _data, _result, findings, patch = analyse(source)
        written = apply_patch_to_file(source, patch, target)
    print(f"Đã tính lại và ghi vào “{written.path}”: {summary_line(findings)} (xem trang “Kiểm tra”).")
    if written.backup:
        print(f"Bản trước khi ghi được giữ ở “{written.backup}”.")
    return 0
