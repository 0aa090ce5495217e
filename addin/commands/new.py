"""`ktxh new`: write an empty workbook (template) for one reporting unit and period.

.xlsx is built with openpyxl; .ods is the same workbook converted by LibreOffice; .xlsm is the same
workbook with the buttons and the KTXH ribbon tab (addin/build_xlsm.py; LibreOffice compiles the VBA).
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from formulas.errors import KtxhError

FORMATS = (".xlsx", ".ods", ".xlsm")


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"năm '{text}' không phải số (ví dụ 2026) / not a year") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"năm {year} nằm ngoài 2000-2100 / year out of range")
    return year


def register(sub):
    p = sub.add_parser(
        "new",
        help="tạo sổ Excel (.xlsx, .xlsm có nút) hoặc LibreOffice (.ods) trống để nhập số liệu / create an empty workbook",
        description=(
            "Tạo sổ số liệu trống cho một đơn vị và một kỳ báo cáo: các trang lĩnh vực theo danh mục chỉ tiêu, "
            "trang Thông tin, Thuyết minh, Nhiệm vụ trọng tâm, Kiểm tra.\n"
            "Sổ .xlsm có thêm ba nút Tính toán lại / Kiểm tra số liệu / Xuất báo cáo Word và thẻ KTXH trên "
            "ruy-băng (cần LibreOffice để dựng macro, add-in xlwings để chạy; xem addin/README.md).\n"
            "Create an empty workbook for one reporting unit and period (.xlsx; .xlsm with the buttons; "
            ".ods via LibreOffice)."
        ),
    )
    p.add_argument("out", metavar="TỆP",
                   help="tệp cần tạo, đuôi .xlsx, .xlsm hoặc .ods / output file (.xlsx, .xlsm or .ods)")
    p.add_argument("--don-vi", required=True, metavar="TÊN",
                   help='đơn vị báo cáo, ví dụ "UBND xã Tân Liên" / reporting unit')
    p.add_argument("--ky", default="6 tháng đầu năm", metavar="KỲ",
                   help='kỳ báo cáo, ví dụ "6 tháng đầu năm", "6 tháng cuối năm", "quý II", "9 tháng đầu năm", '
                        '"tháng 8", "năm" (mặc định: 6 tháng đầu năm) / reporting period')
    p.add_argument("--nam", required=True, type=_year, metavar="NĂM", help="năm báo cáo, ví dụ 2026 / year")
    p.add_argument("--cap", metavar="tinh|xa|huyen",
                   help="cấp chính quyền; mặc định suy ra từ --don-vi, nếu không thì xa "
                        "/ level of government (default: from --don-vi, else xa)")
    p.add_argument("--ghi-de", "--force", dest="force", action="store_true",
                   help="ghi đè nếu tệp đã có / overwrite an existing file")
    p.set_defaults(func=run)
    return p


def run(args) -> int:
    # Imported here, not at module level: the builder pulls openpyxl (and numpy), which every other
    # command and `ktxh --help` would otherwise pay for (~0.4 s).
    from workbook_templates.builder import build_template, check_cap, infer_cap
    from formulas.period import parse as parse_period
    from formulas.catalog import CAP_NAMES
    from workbook_templates.ods import require_soffice, xlsx_to_ods

    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise KtxhError(f"tệp '{out.name}' phải có đuôi .xlsx, .xlsm hoặc .ods.")
    if out.exists() and not args.force:
        raise KtxhError(f"tệp '{out}' đã có; không ghi đè. Dùng --ghi-de (--force) nếu muốn thay thế.")
    if not out.parent.is_dir():
        raise KtxhError(f"thư mục '{out.parent}' không tồn tại.")
    don_vi = args.don_vi.strip()
    if not don_vi:
        raise KtxhError("--don-vi không được để trống (ví dụ \"UBND xã Tân Liên\").")
    cap = check_cap(args.cap.strip().lower()) if args.cap else (infer_cap(don_vi) or "xa")
    period = parse_period(args.ky, args.nam, where="--ky")  # KtxhError listing the forms it reads
    if period.year != args.nam:
        raise KtxhError(f"--ky «{args.ky.strip()}» nói năm {period.year} nhưng --nam là {args.nam}; "
                        "sửa một trong hai cho khớp.")
    settings = dict(don_vi=don_vi, ky=period.label, nam=args.nam, cap=cap)
    if out.suffix.lower() == ".ods":
        require_soffice()  # before any work: say at once that LibreOffice is needed
        with tempfile.TemporaryDirectory(prefix="ktxh-new-") as tmp:
            xlsx = build_template(Path(tmp) / f"{out.stem}.xlsx", **settings)
            xlsx_to_ods(xlsx, out)
    elif out.suffix.lower() == ".xlsm":
        from addin.build_xlsm import build_xlsm
        from workbook_templates.builder import build_workbook

        built = build_xlsm(out.parent, name=out.stem, workbook=build_workbook(**settings))
        if built.name != out.name:  # ".XLSM" typed: keep the name the user asked for
            built.replace(out)
    else:
        build_template(out, **settings)
    print(f"Đã tạo {out} ({don_vi}, {period.phrase()}, cấp {CAP_NAMES[cap]}).")
    return 0
