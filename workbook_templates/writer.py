"""The file door's patch applier: a formulas.patch.Patch written into an .xlsx / .xlsm on disk.

One path for both (workbook_templates.package_writer): the patch's values, marks (fill + a
comment with the reason) and Kiểm tra rows are written into the package's XML and every other
part is copied unchanged, so images, charts, form buttons and the VBA project of an .xlsm come
through as Excel saved them. The result goes to a temporary file in the target's folder and is
moved over the target with os.replace, so an interrupted run never leaves a half-written
workbook; when the target already exists, its previous content is kept as "<name>.bak.<ext>".

.ods: an .ods file is never rewritten in place (a LibreOffice round trip would silently change
styles and validation in the staff's own file). `ktxh recalc SO.ods -o SO.xlsx` converts a copy
with LibreOffice and writes the results into the new .xlsx; the .ods is left as it was. `ktxh
check` reads .ods directly.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from formulas.patch import Patch
from workbook_templates import ods, package_writer
from workbook_templates.atomic import write_atomically
from formulas.errors import KtxhError

WRITABLE = (".xlsx", ".xlsm")


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
            return _apply(xlsx, source.name, patch, target)
    return _apply(source, source.name, patch, target)


def _apply(source: Path, shown: str, patch: Patch, target: Path) -> WriteResult:
    return replace_atomically(target, lambda tmp: package_writer.apply_patch_to_package(source, patch, tmp, shown))


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
