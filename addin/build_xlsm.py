"""Build the macro-enabled ktxh workbook (.xlsm) on any OS, without Excel, from committed sources.

    python -m addin.build_xlsm OUTDIR --don-vi "UBND xã Tân Liên" --ky "6 tháng đầu năm" --nam 2026
    python -m addin.build_xlsm OUTDIR --demo

What it does, and what it cannot check:
- The sheets come from the template builder (or the demo); nothing of the workbook is hand-made here.
- The macros are addin/vba/KtxhNut.bas, compiled into a source-only VBA project by LibreOffice
  (addin/vba_compile.py): three Form buttons on the guide sheet, Tính toán lại / Kiểm tra số liệu /
  Xuất báo cáo Word, bound to TinhToanLai / KiemTraSoLieu / XuatBaoCaoWord, and a KTXH ribbon tab
  (addin/ribbon.py) whose buttons call NutRibbon. The Subs call RunPython of the xlwings add-in.
- ``--mot-nut`` (no LibreOffice needed): xlwings' own compiled standalone project, read from the
  installed package at build time and never committed; its only usable Sub is SampleCall, so the
  guide sheet gets a drop-down of the three jobs (defined name ``ktxh_thao_tac``) and one button
  "Thực hiện" → SampleCall → ``<workbook>.main()`` → addin.classic.main(); a one-line ``<name>.py``
  is written next to the workbook for that import.
- ``--vba-bin FILE``: any vbaProject.bin that has the three Subs (e.g. saved from Excel).
- Packaging: XlsxWriter writes a one-sheet shell with the VBA project and the buttons; openpyxl
  writes the template and merges the shell's VBA parts (``vba_archive``) into it. Whether Excel runs
  the macros can only be checked in Excel (tests/addin/test_build_xlsm.py checks the files statically;
  addin/README.md lists the manual checks).
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from openpyxl.utils import column_index_from_string
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from addin import ribbon
from addin.scripts import ACTION_NAME, ACTIONS, CHECK, EXPORT, RECALCULATE
from addin.vba_compile import compile_module
from addin.vba_source import ansi_source, public_subs
from formulas import layout
from workbook_templates import styles
from workbook_templates.atomic import write_atomically
from formulas.errors import KtxhError

XLWINGS_SHELL = "quickstart_standalone.xlsm"  # ships with the xlwings package (--mot-nut)
KTXH_MODULE = Path(__file__).parent / "vba" / "KtxhNut.bas"
VML_PART = "xl/drawings/vmlDrawing1.vml"  # the shell's only sheet's button drawing
COMPANION = "from addin.classic import main  # noqa: F401  (xlwings imports <workbook name>.main)\n"


@dataclass(frozen=True)
class Button:
    macro: str
    caption: str
    row: int  # 0-based, on the guide sheet
    col: int


# The panel sits right of the guide text (column B is the wide text column).
PANEL_COL = 3  # D
PANEL_LABEL_CELL, PANEL_CHOICE_CELL = "D2", "D3"
PANEL_BUTTONS = (Button("SampleCall", "Thực hiện", 4, PANEL_COL),)
THREE_BUTTONS = (
    Button("TinhToanLai", RECALCULATE, 1, PANEL_COL),
    Button("KiemTraSoLieu", CHECK, 4, PANEL_COL),
    Button("XuatBaoCaoWord", EXPORT, 7, PANEL_COL),
)


def xlwings_vba_project() -> bytes:
    """The compiled VBA project of xlwings' standalone quickstart workbook, read from the install."""
    import xlwings

    shell = Path(xlwings.__file__).parent / XLWINGS_SHELL
    if not shell.exists():
        raise KtxhError(f"không tìm thấy '{shell}': hãy cài lại xlwings (pip install xlwings).")
    with zipfile.ZipFile(shell) as z:
        return z.read("xl/vbaProject.bin")


def vba_subs(vba_project: bytes) -> dict[str, int]:
    """Public Sub name -> number of parameters, over the standard modules of a compiled VBA project
    (a class or document module's Subs are methods: no button or ribbon can call them by name)."""
    try:
        from oletools.olevba import VBA_Parser
    except ImportError:
        raise KtxhError("cần gói oletools để kiểm tra macro: pip install oletools") from None

    parser = VBA_Parser("vbaProject.bin", data=vba_project)
    try:
        subs: dict[str, int] = {}
        for _stream, _path, module_file, code in parser.extract_macros():
            if module_file.endswith(".bas"):
                subs.update(public_subs(code))
        return subs
    finally:
        parser.close()


def ktxh_vba_project() -> bytes:
    """addin/vba/KtxhNut.bas compiled by LibreOffice; refused if a Sub went missing on the way."""
    code = KTXH_MODULE.read_text(encoding="utf-8")
    project = compile_module(KTXH_MODULE.stem, code)
    missing = set(public_subs(ansi_source(code)).items()) - set(vba_subs(project).items())
    if missing:
        raise KtxhError("dự án VBA dựng ra thiếu Sub: " + ", ".join(sorted(n for n, _ in missing)))
    return project


def choose_buttons(subs: dict[str, int]) -> tuple[Button, ...]:
    if all(subs.get(b.macro) == 0 for b in THREE_BUTTONS):
        return THREE_BUTTONS
    if all(subs.get(b.macro) == 0 for b in PANEL_BUTTONS):
        return PANEL_BUTTONS
    raise KtxhError("vbaProject.bin không có Sub TinhToanLai/KiemTraSoLieu/XuatBaoCaoWord "
                    "(addin/vba/KtxhNut.bas) cũng không có SampleCall của xlwings.")


def has_ribbon_callback(subs: dict[str, int]) -> bool:
    return subs.get(ribbon.CALLBACK) == 1


def shell_xlsm(vba_project: bytes, buttons: tuple[Button, ...], guide=None) -> bytes:
    """A one-sheet .xlsm holding the VBA project and the buttons (XlsxWriter writes the VML).

    The VML anchors buttons to cells; the shell copies the guide sheet's column widths and row
    heights so that the anchors XlsxWriter computes give the intended size on the real sheet."""
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = wb.add_worksheet()
    if guide is not None:
        copy_sheet_sizes(guide, ws)
    wb.add_vba_project(io.BytesIO(vba_project), is_stream=True)
    wb.set_vba_name("ThisWorkbook")
    ws.set_vba_name("Sheet1")
    for b in buttons:
        ws.insert_button(b.row, b.col, {"macro": b.macro, "caption": b.caption, "width": 170, "height": 36,
                                        "x_offset": 4, "y_offset": 2})
    wb.close()
    return out.getvalue()


def copy_sheet_sizes(source, target) -> None:
    """Column widths and row heights of an openpyxl sheet onto an XlsxWriter sheet: shapes and buttons
    anchored to cells in the shell then land with the intended size on the real sheet."""
    for letter, dim in source.column_dimensions.items():
        if dim.width:
            col = column_index_from_string(letter) - 1
            target.set_column(col, col, dim.width)
    for row, dim in source.row_dimensions.items():
        if dim.height:
            target.set_row(row - 1, dim.height)


def _add_panel(wb, guide) -> None:
    """Drop-down of the three jobs under a defined name that addin.scripts.chosen_action reads."""
    guide[PANEL_LABEL_CELL] = "Chọn thao tác, rồi bấm nút Thực hiện:"
    guide[PANEL_LABEL_CELL].font = styles.font(bold=True)
    choice = guide[PANEL_CHOICE_CELL]
    choice.value = RECALCULATE
    choice.fill, choice.border, choice.font = styles.INPUT_FILL, styles.BORDER, styles.BODY_FONT
    dv = DataValidation(type="list", formula1='"' + ",".join(ACTIONS) + '"', allow_blank=False,
                        showErrorMessage=True, errorTitle="Thao tác", error="Chọn một thao tác trong danh sách.")
    dv.add(PANEL_CHOICE_CELL)
    guide.add_data_validation(dv)
    col, row = re.match(r"([A-Z]+)(\d+)", PANEL_CHOICE_CELL).groups()
    ref = f"'{guide.title}'!${col}${row}"
    wb.defined_names[ACTION_NAME] = DefinedName(ACTION_NAME, attr_text=ref)


def build_xlsm(outdir: Path | str, *, name: str = "KTXH", workbook=None, vba_project: bytes | None = None,
               one_button: bool = False) -> Path:
    """Write OUTDIR/NAME.xlsm (and NAME.py for the one-button workbook) from an openpyxl template."""
    outdir = Path(outdir)
    if not outdir.is_dir():
        raise KtxhError(f"thư mục '{outdir}' không tồn tại.")
    if one_button:
        _check_importable(name)
    if vba_project is None:
        vba_project = xlwings_vba_project() if one_button else ktxh_vba_project()
    subs = vba_subs(vba_project)
    buttons = choose_buttons(subs)
    if buttons == PANEL_BUTTONS:
        _check_importable(name)
    wb = workbook if workbook is not None else _default_template()
    guide = wb[layout.SHEET_GUIDE]
    if buttons == PANEL_BUTTONS:
        _add_panel(wb, guide)
    else:
        guide["D1"] = "Các nút lệnh (cũng có trên thẻ KTXH của ruy-băng):"
        guide["D1"].font = styles.font(bold=True)
    guide.column_dimensions["D"].width = 30
    guide.print_area = f"A1:B{guide.max_row}"  # the panel is for the screen, not the printed guide
    guide.legacy_drawing = VML_PART
    shell = shell_xlsm(vba_project, buttons, guide)
    if has_ribbon_callback(subs):
        shell = ribbon.with_custom_ui(shell)
    wb.vba_archive = zipfile.ZipFile(io.BytesIO(shell))
    wb.code_name = "ThisWorkbook"
    for i, ws in enumerate(wb.worksheets, start=1):
        ws.sheet_properties.codeName = f"Sheet{i}"
    target = outdir / f"{name}.xlsm"
    write_atomically(target, wb.save)
    if buttons == PANEL_BUTTONS:
        write_atomically(outdir / f"{name}.py", lambda tmp: tmp.write_text(COMPANION, encoding="utf-8"))
    return target


def _check_importable(name: str) -> None:
    """SampleCall imports a Python module named like the workbook."""
    if not name.isidentifier():
        raise KtxhError(f"tên sổ '{name}' phải là tên hợp lệ của Python (chữ không dấu, số, '_').")
    if name in sys.stdlib_module_names or importlib.util.find_spec(name) is not None:
        raise KtxhError(f"tên sổ '{name}' trùng tên một mô-đun Python có sẵn; hãy chọn tên khác.")


def _default_template():
    from workbook_templates.builder import build_workbook

    return build_workbook(don_vi="UBND xã", ky="6 tháng đầu năm", nam=2026, cap="xa")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m addin.build_xlsm",
        description="Tạo sổ Excel có nút lệnh (.xlsm) từ mẫu ktxh. / Build the macro-enabled ktxh workbook.")
    p.add_argument("outdir", help="thư mục ghi tệp / output folder")
    p.add_argument("--ten", default="KTXH", help="tên sổ, không dấu (mặc định KTXH) / workbook name")
    p.add_argument("--demo", action="store_true", help="dùng sổ mẫu có số liệu / use the demo workbook")
    p.add_argument("--don-vi", default="UBND xã", help="đơn vị báo cáo / reporting unit")
    p.add_argument("--ky", default="6 tháng đầu năm", help="kỳ báo cáo / period")
    p.add_argument("--nam", type=int, default=2026, help="năm / year")
    p.add_argument("--cap", default=None, help="tinh | xa | huyen")
    p.add_argument("--mot-nut", action="store_true",
                   help="một nút Thực hiện + ô chọn, dùng VBA của xlwings, không cần LibreOffice / "
                        "one button and a drop-down, xlwings' own VBA, no LibreOffice needed")
    p.add_argument("--vba-bin", default=None,
                   help="vbaProject.bin có ba Sub của KtxhNut.bas / a VBA project with KtxhNut's Subs")
    args = p.parse_args(argv)
    try:
        if args.demo:
            from workbook_templates.demo import build_demo_workbook, load_demo_data

            wb = build_demo_workbook(load_demo_data())
        else:
            from workbook_templates.builder import build_workbook, infer_cap

            cap = args.cap or infer_cap(args.don_vi) or "xa"
            wb = build_workbook(don_vi=args.don_vi, ky=args.ky, nam=args.nam, cap=cap)
        vba = Path(args.vba_bin).read_bytes() if args.vba_bin else None
        print(build_xlsm(args.outdir, name=args.ten, workbook=wb, vba_project=vba, one_button=args.mot_nut))
    except (KtxhError, OSError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
