"""Write a file atomically: a temp file in the target's folder, then os.replace over the target.

A reader (Excel, Word, a sync client) never sees half a file, and an interrupted run leaves the old
file as it was. Every writer in ktxh (template, demo, recalc, report, .xlsm) goes through here.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from workbook_templates.errors import KtxhError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(target: Path | str, write: Callable[[Path], None], *, backup: Path | None = None) -> Path:
    """Call write(tmp_path) to produce the file, then move it over `target`.

    With `backup`, the existing target is copied there first (recalc keeps the original).
    The new file gets ordinary permissions (mkstemp creates 0600).
    """
    target = Path(target)
    if not target.parent.is_dir():
        raise KtxhError(f"thư mục '{target.parent}' không tồn tại.")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        if backup is not None and target.exists():
            shutil.copy2(target, backup)
        os.replace(tmp, target)
    except OSError as exc:
        raise KtxhError(f"không ghi được tệp '{target}': {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return target


def write_bytes_atomically(target: Path | str, data: bytes) -> Path:
    return write_atomically(target, lambda tmp: tmp.write_bytes(data))
