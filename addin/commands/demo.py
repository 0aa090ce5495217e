"""`ktxh demo OUTDIR`: the demo workbook (the seed report's figures) and its Word report."""
from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from formulas.errors import KtxhError


def register(sub):
    p = sub.add_parser(
        "demo",
        help="tạo sổ số liệu và báo cáo Word mẫu (Báo cáo 617/BC-UBND huyện Cao Lộc, 6 tháng 2023) / write the demo files",
        description=(
            "Ghi vào THƯ_MỤC sổ số liệu mẫu bao_cao_demo.xlsx, điền đủ số liệu, thuyết minh và thông tin của "
            "Báo cáo 617/BC-UBND (UBND huyện Cao Lộc, 6 tháng đầu năm 2023), và báo cáo Word bao_cao_demo.docx "
            "lập từ sổ đó.\n"
            "Write the demo workbook (the seed report's figures and prose) and its Word report into OUTDIR."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("outdir", metavar="THƯ_MỤC", help="thư mục ghi kết quả (tạo nếu chưa có) / output folder")
    p.set_defaults(func=run)
    return p


def run_demo(outdir: Path | str) -> list[Path]:
    """Every file the demo writes, in order: the workbook, then the report made from it."""
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise KtxhError(f"'{outdir}' là một tệp, không phải thư mục.")
    from addin.commands.check import analyse
    from generator.export import export_report
    from workbook_templates.atomic import write_atomically
    from workbook_templates.demo import write_demo_workbook  # openpyxl only when the demo runs
    from workbook_templates.writer import apply_patch_to_file

    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ktxh-demo-") as tmp:
        # Recalculated as `ktxh recalc` would, so the workbook opens with its ratios, evaluations,
        # marks and Kiểm tra sheet filled in; staged in a temp folder so no .bak lands in OUTDIR.
        draft = write_demo_workbook(tmp)
        *_, patch = analyse(draft)
        apply_patch_to_file(draft, patch)
        workbook = write_atomically(outdir / draft.name, lambda t: shutil.copyfile(draft, t))
    # The seed report disagrees with itself in places (the checker's errors): exported with the
    # findings in an annex, as `ktxh export --force` would.
    report = export_report(workbook, outdir / "bao_cao_demo.docx", force=True).path
    return [workbook, report]


def run(args) -> int:
    for path in run_demo(args.outdir):
        print(f"Đã ghi {path}")
    return 0
