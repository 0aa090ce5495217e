"""Write a file atomically: a temp file in the target's folder, then os.replace over the target.

A reader (Excel, Word, a sync client) never sees half a file, and an interrupted run leaves the old
file as it was, with no temp file behind. Every writer in ktxh (template, .ods, demo, recalc,
report, .xlsm) goes through here.

A process killed outright (kill -9, power cut) cannot remove its temp file: the temp file carries
the writer's pid in its name, and the next write of the same target removes the temp files of
writers that are gone. A target marked read-only (or in a read-only folder) is refused, even for
root, because someone marked it so; OS errors (disk full, …) are said in Vietnamese.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from formulas.errors import KtxhError

TEMP_MARK = ".ktxh-"  # temp files are ".<stem>.ktxh-<pid>-<random><suffix>"
_OS_WORDS = {
    errno.ENOSPC: "ổ đĩa đầy (không còn chỗ trống)",
    errno.EDQUOT: "đã hết hạn mức dung lượng được cấp trên ổ đĩa",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.EACCES: "không có quyền ghi",
    errno.EPERM: "không có quyền ghi",
    errno.EISDIR: "đó là một thư mục",
    errno.ENAMETOOLONG: "tên hoặc đường dẫn tệp quá dài",
    errno.EIO: "lỗi đọc/ghi của ổ đĩa",
    errno.EFBIG: "tệp quá lớn so với ổ đĩa",
}


def process_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this machine (signal 0 only asks, on POSIX)."""
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) on Windows would terminate the process, not ask about it
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def _windows_process_alive(pid: int) -> bool:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it exists, under another user
    try:
        code = wintypes.DWORD()
        return not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)) or code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def os_error_words(exc: OSError) -> str:
    """An OS error in Vietnamese (the system's own words only for an error ktxh does not know)."""
    return _OS_WORDS.get(exc.errno, f"lỗi hệ thống {exc.errno or ''} ({exc.strerror or exc})".replace("  ", " "))


def _read_only(path: Path) -> bool:
    mode = path.stat().st_mode
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def refuse_unwritable(target: Path) -> None:
    """Refuse, before any work, a target that is a folder, read-only, or in a read-only folder."""
    if target.is_dir():
        raise KtxhError(f"“{target}” là một thư mục, không ghi đè được. Hãy ghi rõ tên tệp cần ghi ra.")
    if not target.parent.is_dir():
        raise KtxhError(f"thư mục '{target.parent}' không tồn tại.")
    if target.exists() and _read_only(target):
        raise KtxhError(f"tệp “{target}” đang đặt chế độ chỉ đọc (read-only) nên không ghi đè. Hãy bỏ chế độ chỉ "
                        "đọc của tệp, hoặc ghi kết quả ra tệp khác (-o TEP_KHAC).")
    if _read_only(target.parent):
        raise KtxhError(f"thư mục “{target.parent}” chỉ đọc (không có quyền ghi) nên không ghi được “{target.name}”. "
                        "Hãy chép sổ sang thư mục khác hoặc ghi kết quả ra nơi khác (-o).")


def sweep_stale_temps(target: Path) -> list[Path]:
    """Remove the temp files of `target` left by writers that no longer run (killed mid-write)."""
    pattern = re.compile(re.escape(f".{target.stem}{TEMP_MARK}") + r"(\d+)-.*" + re.escape(target.suffix) + r"(\.bak)?$")
    removed = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        m = pattern.match(name)
        if m and not process_alive(int(m.group(1))):
            try:
                (target.parent / name).unlink()
                removed.append(target.parent / name)
            except OSError:
                pass  # another run removed it first, or no right to: it stays, hidden and harmless
    return removed


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
    refuse_unwritable(target)
    sweep_stale_temps(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}{TEMP_MARK}{os.getpid()}-", suffix=target.suffix,
                                        dir=target.parent)
    except OSError as exc:
        raise KtxhError(f"không ghi được vào thư mục '{target.parent}': {os_error_words(exc)}.") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    backup_tmp = None
    try:
        _produce(write, tmp)
        os.chmod(tmp, _new_file_mode(target))
        if backup is not None and target.exists():
            # the backup too is whole or absent: a full disk must not leave half a .bak over the last one
            backup_tmp = tmp.with_name(tmp.name + ".bak")
            shutil.copy2(target, backup_tmp)
            os.replace(backup_tmp, backup)
        os.replace(tmp, target)
    except PermissionError as exc:
        raise KtxhError(f"không ghi được '{target}': tệp đang mở trong Excel/Word hoặc không có quyền ghi. "
                        "Hãy đóng tệp rồi thử lại.") from exc
    except OSError as exc:
        raise KtxhError(f"không ghi được '{target}': {os_error_words(exc)}. Tệp cũ (nếu có) được giữ nguyên; "
                        "không có tệp ghi dở nào được để lại.") from exc
    finally:
        tmp.unlink(missing_ok=True)
        if backup_tmp is not None:
            backup_tmp.unlink(missing_ok=True)
    return target


def _produce(write: Callable[[Path], object], tmp: Path) -> None:
    """The one place the new content is written (the tests make it fail as a full disk does)."""
    write(tmp)


def write_bytes_atomically(target: Path | str, data: bytes) -> Path:
    return write_atomically(target, lambda tmp: tmp.write_bytes(data))
