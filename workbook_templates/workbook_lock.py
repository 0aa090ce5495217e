"""One ktxh at a time on one workbook: a lock file beside it, created with O_EXCL.

Two `ktxh recalc` (or the Excel button and the command line) on one file at once would each read
the old file and the last rename would win, throwing away the other's work; the second one is
refused instead, in Vietnamese. The lock file ".<name>.ktxh-lock" holds the pid, the machine and
the start time. A lock whose process no longer runs on this machine (killed, power cut) is stale
and taken over; a lock from another machine (a shared folder) is never guessed at: the message
says which file to delete if nothing is running there.
"""
from __future__ import annotations

import os
import socket
import time
from contextlib import contextmanager
from pathlib import Path

from formulas.errors import KtxhError
from workbook_templates.atomic import process_alive

SUFFIX = ".ktxh-lock"
_BEING_WRITTEN_SECONDS = 10  # an empty lock younger than this is one another run is writing now


def lock_path(workbook: Path) -> Path:
    return workbook.with_name(f".{workbook.name}{SUFFIX}")


def _owner(lock: Path) -> tuple[int, str, str] | None:
    """(pid, machine, start time) written in the lock, or None while it is empty / unreadable."""
    try:
        lines = lock.read_text(encoding="utf-8").splitlines()
        return int(lines[0]), lines[1], lines[2]
    except (OSError, ValueError, IndexError):
        return None


def _is_stale(lock: Path, owner: tuple[int, str, str] | None) -> bool:
    if owner is None:
        try:
            return time.time() - lock.stat().st_mtime > _BEING_WRITTEN_SECONDS
        except FileNotFoundError:
            return True
    pid, machine, _ = owner
    return machine == socket.gethostname() and not process_alive(pid)


def _take_over(lock: Path, owner) -> bool:
    """Move a stale lock out of the way; False when it turned out to be a fresh one (a race)."""
    aside = lock.with_name(f"{lock.name}.cu-{os.getpid()}")
    try:
        os.rename(lock, aside)
    except FileNotFoundError:
        return True  # someone else removed it: try to create ours
    if _owner(aside) != owner:  # another run replaced the stale lock between our read and our rename
        try:
            os.link(aside, lock)  # put it back unless a third run holds the name already
        except OSError:
            pass
        aside.unlink(missing_ok=True)
        return False
    aside.unlink(missing_ok=True)
    return True


def _refusal(workbook: Path, lock: Path, owner) -> KtxhError:
    who = f" (tiến trình {owner[0]} trên máy {owner[1]}, bắt đầu lúc {owner[2]})" if owner else ""
    return KtxhError(
        f"sổ “{workbook.name}” đang được ktxh xử lý{who}. Hãy đợi lệnh đó chạy xong rồi chạy lại. Nếu chắc chắn "
        f"không còn lệnh nào đang chạy, hãy xóa tệp “{lock}”.")


@contextmanager
def workbook_lock(workbook: Path | str):
    """Hold the lock of `workbook` for the block; KtxhError at once when another run holds it."""
    workbook = Path(workbook)
    lock = lock_path(workbook)
    stamp = f"{os.getpid()}\n{socket.gethostname()}\n{time.strftime('%H:%M:%S %d/%m/%Y')}\n"
    for _ in range(3):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _owner(lock)
            if not _is_stale(lock, owner) or not _take_over(lock, owner):
                raise _refusal(workbook, lock, _owner(lock) or owner) from None
            continue
        except OSError as exc:  # a read-only folder is refused before, by the writer's own checks
            raise KtxhError(f"không tạo được tệp khóa “{lock}” bên cạnh sổ: {exc.strerror or exc}.") from None
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(stamp)
        break
    else:
        raise _refusal(workbook, lock, _owner(lock))
    try:
        yield lock
    finally:
        if _owner(lock) is not None and _owner(lock)[0] == os.getpid():
            lock.unlink(missing_ok=True)
