"""One ktxh at a time on one workbook: the second is refused in Vietnamese, a stale lock is taken over."""
import socket
import subprocess
import sys

import pytest

from formulas.errors import KtxhError
from workbook_templates.workbook_lock import lock_path, workbook_lock


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_lock_is_beside_the_workbook_and_gone_after(tmp_path):
    book = tmp_path / "so.xlsx"
    with workbook_lock(book) as lock:
        assert lock == lock_path(book) and lock.parent == tmp_path and lock.exists()
    assert not lock.exists()


def test_a_second_holder_is_refused_naming_the_workbook_and_the_holder(tmp_path):
    book = tmp_path / "so.xlsx"
    with workbook_lock(book):
        with pytest.raises(KtxhError, match="đang được ktxh xử lý") as info:
            with workbook_lock(book):
                pass
    assert "so.xlsx" in str(info.value) and str(__import__("os").getpid()) in str(info.value)
    assert not lock_path(book).exists()


def test_the_lock_is_released_when_the_block_raises(tmp_path):
    book = tmp_path / "so.xlsx"
    with pytest.raises(RuntimeError):
        with workbook_lock(book):
            raise RuntimeError("stop")
    with workbook_lock(book):
        pass


def test_a_stale_lock_of_a_killed_process_does_not_block(tmp_path):
    book = tmp_path / "so.xlsx"
    lock_path(book).write_text(f"{_dead_pid()}\n{socket.gethostname()}\n01:00:00 07/12/2026\n", encoding="utf-8")
    with workbook_lock(book):
        assert str(__import__("os").getpid()) in lock_path(book).read_text(encoding="utf-8")
    assert not lock_path(book).exists()


def test_a_lock_from_another_machine_is_not_guessed_at(tmp_path):
    book = tmp_path / "so.xlsx"
    lock_path(book).write_text(f"{_dead_pid()}\nmay-khac-tren-mang\n01:00:00 07/12/2026\n", encoding="utf-8")
    with pytest.raises(KtxhError, match="may-khac-tren-mang") as info:
        with workbook_lock(book):
            pass
    assert str(lock_path(book)) in str(info.value)  # which file to delete if nothing runs there
    assert lock_path(book).exists()


def test_an_empty_lock_being_written_now_is_respected_an_old_one_is_not(tmp_path):
    import os
    import time

    book = tmp_path / "so.xlsx"
    lock_path(book).write_text("", encoding="utf-8")
    with pytest.raises(KtxhError, match="đang được ktxh xử lý"):
        with workbook_lock(book):
            pass
    old = time.time() - 60
    os.utime(lock_path(book), (old, old))
    with workbook_lock(book):
        pass
