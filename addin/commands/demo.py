"""`ktxh demo OUTDIR`: the demo workbook (the seed report's figures) and its Word report, and a small
consolidation of generated (clearly simulated) xã workbooks with the province's report."""
from __future__ import annotations

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
            "lập từ sổ đó; thư mục tong_hop_mo_phong/ có một ví dụ tổng hợp bằng SỐ LIỆU MÔ PHỎNG: 10 sổ xã "
            "được sinh ra (Xã Mẫu 001 …), sổ tổng hợp của \"tỉnh Mẫu\" và báo cáo của nó.\n"
            "Write the demo workbook (the seed report's figures and prose) and its Word report into OUTDIR."
        ),
    )
    p.add_argument("outdir", metavar="THƯ_MỤC", help="thư mục ghi kết quả (tạo nếu chưa có) / output folder")
    p.set_defaults(func=run)
    return p


def run_demo(outdir: Path | str, consolidation: bool = True) -> list[Path]:
    """Every file the demo writes, in order: the workbook, the report made from it, then (unless
    `consolidation` is False) the made-up province's consolidation: its xã folder, workbook, report."""
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
    extra = run_consolidation_demo(outdir / CONSOLIDATION_DIR) if consolidation else []
    return [workbook, report, *extra]


CONSOLIDATION_DIR = "tong_hop_mo_phong"
DEMO_UNITS = 10
# The made-up province's report information: every line says the figures are simulated.
DEMO_PROVINCE = "UBND tỉnh Mẫu"
DEMO_PROVINCE_INFO = {
    "so_ky_hieu": "01/BC-UBND (mô phỏng)", "dia_danh": "Mẫu", "ngay_ban_hanh": "15/12/2026",
    "trich_yeu": "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm 2026 (SỐ LIỆU MÔ PHỎNG, "
                 "tổng hợp từ 10 xã mẫu)",
    "quyen_han_ky": "TM. ỦY BAN NHÂN DÂN", "chuc_vu_ky": "CHỦ TỊCH", "nguoi_ky": "(Bản mô phỏng - không ký)",
    "noi_nhan": "Văn phòng Chính phủ (b/c);\nLưu: VT.",
}


def run_consolidation_demo(folder: Path) -> list[Path]:
    """A small consolidation of made-up data: DEMO_UNITS generated xã workbooks (workbook_templates.
    generated_units: plausible, consistent, named "Xã Mẫu 001" … and marked SỐ LIỆU MÔ PHỎNG), the
    province's consolidated workbook recalculated, and its report. Never presented as real data."""
    from datetime import datetime

    from addin.commands.check import analyse
    from generator.export import export_report
    from workbook_templates.atomic import write_atomically
    from workbook_templates.consolidate_files import consolidate_files, unit_files
    from workbook_templates.generated_units import write_units
    from workbook_templates.writer import apply_patch_to_file

    units = folder / "don_vi"
    if units.exists():  # a second run: the same generated units, never mixed with older files
        shutil.rmtree(units)
    write_units(units, DEMO_UNITS)
    info = dict(DEMO_PROVINCE_INFO, ngay_ban_hanh=datetime.strptime(DEMO_PROVINCE_INFO["ngay_ban_hanh"], "%d/%m/%Y"))
    with tempfile.TemporaryDirectory(prefix="ktxh-demo-") as tmp:  # recalculated there: no .bak in OUTDIR
        draft = Path(tmp) / "tong_hop_tinh_mau.xlsx"
        consolidate_files(unit_files([units]), draft, cap="tinh", don_vi=DEMO_PROVINCE, info=info)
        _type_province_plans(draft)
        *_, patch = analyse(draft)
        apply_patch_to_file(draft, patch)
        workbook = write_atomically(folder / draft.name, lambda t: shutil.copyfile(draft, t))
    report = export_report(workbook, folder / "bao_cao_tong_hop_mo_phong.docx").path  # no errors: no annex
    return [units, workbook, report]


def _type_province_plans(workbook: Path) -> None:
    """What the province's clerk does next: type its own plans into the consolidated workbook (made up
    here from the units' plans, workbook_templates.generated_units.province_plans; the trích yếu
    already says SỐ LIỆU MÔ PHỎNG)."""
    from openpyxl import load_workbook

    from formulas.catalog import load_catalog
    from workbook_templates.builder import fill_values, save_workbook
    from workbook_templates.generated_units import generate_units, province_plans

    catalog = load_catalog("tinh")
    wb = load_workbook(workbook)
    fill_values(wb, catalog, province_plans(generate_units(DEMO_UNITS), catalog), what="kế hoạch mô phỏng của tỉnh")
    save_workbook(wb, workbook)


def run(args) -> int:
    for path in run_demo(args.outdir):
        print(f"Đã ghi {path}")
    return 0
