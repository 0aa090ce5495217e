"""Write a file atomically: a temp file in the target's folder, then os.replace over the target.

A reader (Excel, Word, a sync client) never sees half a file, and an interrupted run leaves the old
file as it was, with no temp file behind. Every writer in ktxh (template, .ods, demo, recalc,
report, .xlsm) goes through here.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from formulas.errors import KtxhError


def _new_file_mode(target: Path) -> int:
    """The target's own permissions, or what an ordinary new file gets (mkstemp would give 0600)."""
    if target.exists():
        return target.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(target: Path | str, write: Callable[[Path], object], *,
                     backup: Path | None = None) -> Path:
    """Call write(tmp_path) to produce the file, then move it over `target`.

    With `backup`, an existing target is first copied there (recalc keeps the original).
    Whatever `write` raises leaves `target` untouched; OS errors become a Vietnamese KtxhError.
    """
    target = Path(target)
    if not target.parent.is_dir():
        raise KtxhError(f"thư mục '{target.parent}' không tồn tại.")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise KtxhError(f"không ghi được vào thư mục '{target.parent}': {exc}") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, _new_file_mode(target))
        if backup is not None and target.exists():
            shutil.copy2(target, backup)
        os.replace(tmp, target)
    except PermissionError as exc:
        raise KtxhError(f"không ghi được '{target}': tệp đang mở trong Excel/Word hoặc không có quyền ghi. "
                        "Hãy đóng tệp rồi thử lại.") from exc
    except OSError as exc:
        raise KtxhError(f"không ghi được '{target}': {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_bytes_atomically(target: Path | str, data: bytes) -> Path:
    return write_atomically(target, lambda tmp: tmp.write_bytes(data))
