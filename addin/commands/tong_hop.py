"""`ktxh tong-hop THU_MUC_HOAC_TEP... -o TONG_HOP.xlsx`: a province consolidates its xã workbooks.

Reads every unit workbook (.xlsx, .xlsm, .ods; folders are searched, not recursively), checks each by
the same rules as `ktxh check`, combines the figures by each indicator's rule (formulas.jobs.
consolidate) and writes the upper level's workbook with "Theo đơn vị", "Tình hình nộp" and "Lỗi của
đơn vị" (workbook_templates.consolidated), atomically; with --parquet, also the units' facts as
Parquet (workbook_templates.facts_parquet). Exit 1 when a unit was left out or a listed
unit sent nothing, 0 otherwise.
"""
from __future__ import annotations

from pathlib import Path

from formulas.errors import KtxhError


def register(sub):
    p = sub.add_parser(
        "tong-hop", help="tổng hợp sổ số liệu của các xã thành sổ của tỉnh / consolidate units' workbooks",
        description="Đọc sổ số liệu của các đơn vị (thư mục hoặc danh sách tệp), kiểm tra từng sổ, cộng số liệu "
                    "theo cách tổng hợp của từng chỉ tiêu (cộng; tỷ lệ tính lại từ tổng tử số và mẫu số; bình "
                    "quân gia quyền) và ghi sổ tổng hợp của cấp trên, kèm trang Theo đơn vị, Tình hình nộp, "
                    "Lỗi của đơn vị. Mã thoát 1 khi có đơn vị không được tổng hợp hoặc chưa nộp.\n"
                    "Consolidate the units' workbooks into the upper level's workbook.")
    p.add_argument("sources", nargs="+", metavar="THU_MUC_HOAC_TEP", help="thư mục chứa sổ, hoặc các tệp sổ")
    p.add_argument("-o", "--output", required=True, metavar="TONG_HOP.xlsx", help="sổ tổng hợp ghi ra (.xlsx)")
    p.add_argument("--cap", default="tinh", metavar="tinh|huyen", help="cấp tổng hợp (mặc định tinh: tỉnh tổng hợp các xã)")
    p.add_argument("--don-vi", metavar="TÊN", help='cơ quan tổng hợp, ví dụ "UBND tỉnh Lạng Sơn" '
                                                  "(mặc định: UBND tỉnh, sửa ở trang Thông tin)")
    p.add_argument("--ky", metavar="KỲ", help='kỳ báo cáo, ví dụ "năm", "9 tháng đầu năm" (mặc định: kỳ của đa số sổ)')
    p.add_argument("--nam", type=int, metavar="NĂM", help="năm báo cáo (cùng với --ky)")
    p.add_argument("--danh-sach", metavar="TỆP.txt",
                   help="danh sách đơn vị phải nộp, mỗi dòng một tên cơ quan (ví dụ ỦY BAN NHÂN DÂN XÃ TÂN LIÊN)")
    p.add_argument("--force", action="store_true", help="vẫn tổng hợp sổ còn lỗi (được đánh dấu ở Tình hình nộp)")
    p.add_argument("--ghi-de", action="store_true", help="ghi đè sổ tổng hợp nếu đã có")
    p.add_argument("--parquet", metavar="THU_MUC",
                   help="ghi thêm số liệu của từng đơn vị (đơn vị, kỳ, mã, cột, giá trị, tệp, trang, ô) dạng "
                        "Parquet vào thư mục này, mỗi kỳ một thư mục con ky=...; kỳ đã có thì được thay, kỳ "
                        "khác giữ nguyên; để truy vấn bằng DuckDB, pandas (xem README)")
    p.set_defaults(func=run)
    return p


def run(args) -> int:
    from formulas.period import parse as parse_period
    from workbook_templates.consolidate_files import consolidate_files, expected_units, listed_units, unit_files
    from workbook_templates.reader import read_sheet_values

    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise KtxhError(f"sổ tổng hợp “{out.name}” phải có đuôi .xlsx.")
    if out.exists() and not args.ghi_de:
        raise KtxhError(f"tệp “{out}” đã có; không ghi đè. Dùng --ghi-de nếu muốn thay thế.")
    period = None
    if args.ky:
        if args.nam is None:
            raise KtxhError("--ky cần --nam (ví dụ --ky năm --nam 2026).")
        period = parse_period(args.ky, args.nam, where="--ky").phrase()
    if args.parquet:  # a wrong folder is refused before the long part, not after it
        from workbook_templates.facts_parquet import check_out_dir
        check_out_dir(args.parquet)
    expected = expected_units(args.danh_sach)
    if not expected and out.exists():  # consolidating again: the list the last run wrote still holds
        expected = listed_units(read_sheet_values(out))
    files = unit_files(args.sources)
    if out.resolve() in files:  # --ghi-de replaces an old consolidation, never a unit's own workbook
        raise KtxhError(f"sổ tổng hợp “{out.name}” trùng với sổ của một đơn vị trong “{out.parent}”; không ghi đè "
                        "sổ của đơn vị. Hãy ghi sổ tổng hợp ra thư mục khác hoặc tên khác.")
    job = consolidate_files(files, out, cap=args.cap, don_vi=args.don_vi, period=period, force=args.force,
                            expected=expected)
    taken = len(job.units)
    left = [s for s in job.submissions if not s.included]
    print(f"Đã tổng hợp {taken:02d} đơn vị, {job.period}, vào “{out}”.")
    if args.parquet:  # after the workbook: the Parquet copy is an extra, the workbook is the report
        from workbook_templates.facts_parquet import write_facts
        facts = job.consolidated.facts
        written = write_facts(facts, args.parquet)
        print(f"Đã ghi {len(facts)} số liệu của các đơn vị dạng Parquet vào thư mục “{args.parquet}”"
              + (f" ({', '.join(p.parent.name for p in written)})." if written else "."))
    for s in left:
        print(f"  [{s.status}] {s.unit}" + (f" ({s.file})" if s.file else "") + f": {s.reason}")
    print("Xem trang “Tình hình nộp”, “Theo đơn vị”, “Lỗi của đơn vị”; rồi chạy “ktxh recalc” và “ktxh export” "
          "trên sổ tổng hợp.")
    return 1 if left else 0
