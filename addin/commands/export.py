"""`ktxh export WORKBOOK -o REPORT.docx [--force]`: the Word report from a workbook on disk."""
from __future__ import annotations

from pathlib import Path


def register(sub):
    p = sub.add_parser(
        "export",
        help="xuất báo cáo Word từ sổ số liệu / write the Word report",
        description=(
            "Đọc sổ số liệu, kiểm tra và tính lại mọi tỷ lệ (không dùng các ô tính sẵn trong tệp), rồi ghi "
            "báo cáo Word. Nếu sổ còn lỗi, lệnh dừng và liệt kê lỗi; --force vẫn xuất, kèm phụ lục lỗi.\n"
            "Read, check and compute the workbook, then write the .docx report."
        ),
    )
    p.add_argument("workbook", metavar="SỔ_SỐ_LIỆU", help="tệp .xlsx / .xlsm / .ods")
    p.add_argument("-o", "--output", metavar="BÁO_CÁO.docx",
                   help="tệp Word ghi ra (mặc định: cùng tên với sổ, đuôi .docx)")
    p.add_argument("--force", action="store_true",
                   help="vẫn xuất khi sổ còn lỗi; các lỗi được liệt kê trong phụ lục / export despite errors")
    p.set_defaults(func=run)
    return p


def run(args) -> int:
    from generator.export import export_report  # its reader guards the file before opening it

    out = Path(args.output) if args.output else Path(args.workbook).with_suffix(".docx")
    result = export_report(args.workbook, out, force=args.force)
    note = ""
    if result.forced and result.errors:
        note = f" (xuất khi còn {result.errors:02d} lỗi; xem phụ lục cuối báo cáo)"
    elif result.warnings:
        note = f" ({result.warnings:02d} cảnh báo; xem bằng lệnh “ktxh check”)"
    print(f"Đã ghi {result.path}{note}")
    return 0
