"""The file door's patch applier: a formulas.patch.Patch written into an .xlsx / .xlsm on disk.

openpyxl loads the workbook (keeping the VBA project of an .xlsm), the patch's values are written,
old marks are cleared (the input fill restored, only on cells that carry a ktxh mark colour) and new
marks set (fill + a comment with the reason). The result is saved to a temporary file in the target's
folder and moved over the target with os.replace, so an interrupted run never leaves a half-written
workbook; when the target already exists, its previous content is kept as "<name>.bak.<ext>".

.ods: an .ods file is never rewritten in place (openpyxl cannot write OpenDocument, and a LibreOffice
round trip would silently change styles and validation in the staff's own file). `ktxh recalc SO.ods
-o SO.xlsx` converts a copy with LibreOffice and writes the results into the new .xlsx; the .ods is
left as it was. `ktxh check` reads .ods directly.

Speed: an .xlsx is patched by editing its package directly (workbook_templates.package_writer, no
openpyxl: `ktxh recalc` of the demo in about a third of a second instead of over one); .xlsm and
whatever that path does not handle (it raises Unsupported) go through openpyxl as before. openpyxl
is imported only on that path.
"""
from __future__ import annotations

import tempfile
from copy import copy
from dataclasses import dataclass
from pathlib import Path

from formulas.findings import WARNING
from formulas.patch import Patch
from formulas import layout
from workbook_templates import ods, package_writer
from workbook_templates.atomic import write_atomically
from formulas.errors import KtxhError

WRITABLE = (".xlsx", ".xlsm")
# One definition for both paths (package_writer cannot import styles.py without openpyxl; a test
# checks these equal styles.MARK_RGB).
COMMENT_AUTHOR = package_writer.COMMENT_AUTHOR
MARK_RGB = dict(package_writer.MARK_RGB)
_MARK_SUFFIXES = {rgb.upper()[-6:] for rgb in MARK_RGB.values()}


@dataclass(frozen=True, slots=True)
class WriteResult:
    path: Path  # the workbook written
    backup: Path | None  # the previous content of `path`, if it existed


def backup_path(target: Path) -> Path:
    """'bao_cao.xlsx' -> 'bao_cao.bak.xlsx' in the same folder."""
    return target.with_name(f"{target.stem}.bak{target.suffix}")


def apply_patch_to_file(source: Path | str, patch: Patch, target: Path | str | None = None) -> WriteResult:
    """Apply `patch` to the workbook `source` and save it as `target` (default: `source` itself)."""
    source = Path(source)
    target = Path(target) if target is not None else source
    check_writable(source, target)
    if source.suffix.lower() == ".ods":  # a converted copy; the .ods itself is never written
        with tempfile.TemporaryDirectory(prefix="ktxh-recalc-") as tmp:
            xlsx = ods.convert(source, "xlsx", tmp)
            return _apply_fast(xlsx, patch, target) or _apply_openpyxl(xlsx, source.name, patch, target)
    if source.suffix.lower() == ".xlsx":
        return _apply_fast(source, patch, target) or _apply_openpyxl(source, source.name, patch, target)
    return _apply_openpyxl(source, source.name, patch, target)  # .xlsm: openpyxl keeps the VBA project


def _apply_fast(source: Path, patch: Patch, target: Path) -> WriteResult | None:
    """The package path; None when it does not handle this workbook (nothing written then)."""
    try:
        return replace_atomically(target, lambda tmp: package_writer.apply_patch_to_package(source, patch, tmp))
    except package_writer.Unsupported:
        return None


def _apply_openpyxl(source: Path, shown: str, patch: Patch, target: Path) -> WriteResult:
    wb = _load(source, shown)
    apply_patch(wb, patch)
    return save_atomically(wb, target)


def _load(path: Path, shown: str):
    from openpyxl import load_workbook  # here, not at the top: the package path never needs it

    try:
        return load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    except Exception:  # openpyxl raises many types for a damaged file
        raise KtxhError(f"Không mở được tệp “{shown}” để ghi kết quả. Hãy kiểm tra tệp có mở được trong "
                        "Excel hoặc LibreOffice không, rồi chạy lại.") from None


def apply_patch(wb, patch: Patch) -> None:
    """Write values, clear old marks, set new marks, in that order (a cell still wrong stays marked)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from workbook_templates import styles

    for write in patch.writes:
        ws = _sheet(wb, write.sheet, create=write.sheet == layout.SHEET_FINDINGS)
        start = ws[write.top_left]
        r0, c0 = start.row, start.column
        for i, row in enumerate(write.values):
            for j, value in enumerate(row):
                cell = ws.cell(row=r0 + i, column=c0 + j)
                if type(cell).__name__ == "MergedCell":
                    raise KtxhError(f"Ô {write.sheet}!{cell.coordinate} nằm trong vùng gộp ô nên không ghi được "
                                    "kết quả. Hãy bỏ gộp ô ở các cột tính toán rồi chạy lại.")
                cell.value = value
        if write.sheet == layout.SHEET_FINDINGS:
            _style_findings_rows(ws, r0, write.values)
    for sheet_name, address in patch.clear_marks:
        ws = _sheet(wb, sheet_name)
        for row in ws[address] if ":" in address else ((ws[address],),):
            for cell in row:
                if _is_marked(cell):
                    cell.fill = copy(styles.INPUT_FILL)
                if cell.comment is not None and cell.comment.author == COMMENT_AUTHOR:
                    cell.comment = None
    for mark in patch.marks:
        cell = _sheet(wb, mark.sheet)[mark.cell]
        rgb = MARK_RGB.get(mark.severity, MARK_RGB[WARNING])
        cell.fill = PatternFill("solid", start_color=rgb, end_color=rgb)
        if mark.note:
            comment = Comment(mark.note[:2000], COMMENT_AUTHOR)
            comment.width, comment.height = 360, 160
            cell.comment = comment


def _style_findings_rows(ws, first_row: int, rows) -> None:
    """Kiểm tra rows look like the template's table: borders, wrapped text, a height that fits the
    message (the template pre-styles only its first rows)."""
    from workbook_templates.builder import row_height, style_table_row, wrapped_lines

    width = next(c.width for c in layout.FINDING_COLUMNS if c.key == "noi_dung")
    msg_col = next(i for i, c in enumerate(layout.FINDING_COLUMNS) if c.key == "noi_dung")
    for i, values in enumerate(rows):
        r = first_row + i
        if any(v not in (None, "") for v in values):
            style_table_row(ws, r, layout.FINDING_COLUMNS)
            ws.row_dimensions[r].height = row_height(wrapped_lines(values[msg_col] or "", width))
        elif r in ws.row_dimensions:
            ws.row_dimensions[r].height = None  # a cleared row goes back to the default height


def save_atomically(wb, target: Path) -> WriteResult:
    """Save an openpyxl workbook to a temporary file beside `target`, back up the old `target`, then
    os.replace."""
    return replace_atomically(target, wb.save)


def replace_atomically(target: Path, write) -> WriteResult:
    """`write(tmp)` a temporary file beside `target`, back up the old `target`, then os.replace.
    Whatever `write` raises leaves `target` as it was and no temporary file behind."""
    target = Path(target)
    backup = backup_path(target) if target.exists() else None
    write_atomically(target, write, backup=backup)
    return WriteResult(target, backup)


def check_writable(source: Path, target: Path) -> None:
    """Refuse, in Vietnamese, what cannot be written safely (before any work is done)."""
    if not source.exists():
        raise KtxhError(f"Không tìm thấy tệp “{source}”. Hãy kiểm tra lại đường dẫn và tên tệp.")
    src, dst = source.suffix.lower(), target.suffix.lower()
    if dst == ".ods":
        raise KtxhError(
            f"Không ghi đè tệp LibreOffice “{target.name}” (.ods): ghi lại sẽ làm thay đổi định dạng của tệp. "
            f"Hãy ghi kết quả ra tệp .xlsx: ktxh recalc “{source.name}” -o “{target.stem}.xlsx” (tệp .ods giữ "
            "nguyên; mở tệp .xlsx bằng LibreOffice Calc hoặc Excel).")
    if src not in (*WRITABLE, ".ods") or dst not in WRITABLE:
        bad = source if src not in (*WRITABLE, ".ods") else target
        raise KtxhError(f"Tệp “{bad.name}” không phải .xlsx hoặc .xlsm nên không ghi được kết quả.")
    if src != ".ods" and src != dst:
        raise KtxhError(f"Tệp ra “{target.name}” phải cùng kiểu với tệp vào (“{source.suffix}”), để giữ nguyên "
                        "macro và định dạng của sổ.")
    if not target.parent.is_dir():
        raise KtxhError(f"Thư mục “{target.parent}” không tồn tại. Hãy tạo thư mục hoặc chọn nơi lưu khác.")


def _sheet(wb, name: str, create: bool = False):
    if name in wb.sheetnames:
        return wb[name]
    if create:
        ws = wb.create_sheet(name)
        for i, col in enumerate(layout.FINDING_COLUMNS, start=1):
            ws.cell(layout.HEADER_ROW, i, col.header)
            ws.cell(layout.KEY_ROW, i, col.key)
        return ws
    raise KtxhError(f"Sổ không có trang tính “{name}”. Hãy dùng sổ tạo bằng lệnh “ktxh new”.")


def _is_marked(cell) -> bool:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return False
    rgb = fill.fgColor.rgb if isinstance(fill.fgColor.rgb, str) else ""
    return rgb.upper()[-6:] in _MARK_SUFFIXES
