"""The one atomic writer: whole file or old file, ordinary permissions, Vietnamese errors."""
import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from workbook_templates import atomic
from workbook_templates.atomic import write_atomically, write_bytes_atomically
from formulas.errors import KtxhError


def test_writes_the_whole_file_with_ordinary_permissions(tmp_path):
    target = write_bytes_atomically(tmp_path / "a.docx", b"new")
    assert target.read_bytes() == b"new"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask  # not mkstemp's 0600


def test_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_bytes_atomically(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_backup_holds_the_previous_content(tmp_path):
    target = tmp_path / "so.xlsx"
    target.write_bytes(b"old")
    write_atomically(target, lambda tmp: tmp.write_bytes(b"new"), backup=tmp_path / "so.bak.xlsx")
    assert target.read_bytes() == b"new" and (tmp_path / "so.bak.xlsx").read_bytes() == b"old"


def test_a_failing_writer_leaves_the_old_file_and_no_temp_file(tmp_path):
    target = tmp_path / "so.xlsx"
    target.write_bytes(b"old")

    def half_then_crash(tmp):
        tmp.write_bytes(b"half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_atomically(target, half_then_crash)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["so.xlsx"]


def test_os_errors_become_a_vietnamese_message(tmp_path, monkeypatch):
    def locked(src, dst):
        raise PermissionError("locked")

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(KtxhError, match="đang mở trong Excel/Word"):
        write_bytes_atomically(tmp_path / "bao_cao.docx", b"x")
    with pytest.raises(KtxhError, match="không tồn tại"):
        write_bytes_atomically(tmp_path / "khong_co" / "bao_cao.docx", b"x")


def _disk_full_after_half(write, tmp):
    """What a full disk does: part of the file written, then ENOSPC."""
    write(tmp)
    data = tmp.read_bytes()
    tmp.write_bytes(data[: len(data) // 2])
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_leaves_the_old_file_no_temp_file_and_says_so(tmp_path, monkeypatch):
    target = tmp_path / "so.xlsx"
    target.write_bytes(b"old")
    monkeypatch.setattr(atomic, "_produce", _disk_full_after_half)
    with pytest.raises(KtxhError, match="ổ đĩa đầy") as info:
        write_bytes_atomically(target, b"new content")
    assert "No space" not in str(info.value)  # the system's English words are not shown
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["so.xlsx"]


def test_a_full_disk_while_backing_up_keeps_the_last_backup_whole(tmp_path, monkeypatch):
    target, backup = tmp_path / "so.xlsx", tmp_path / "so.bak.xlsx"
    target.write_bytes(b"current")
    backup.write_bytes(b"last backup")

    def half_copy(src, dst):
        Path(dst).write_bytes(b"cur")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.shutil, "copy2", half_copy)
    with pytest.raises(KtxhError, match="ổ đĩa đầy"):
        write_atomically(target, lambda tmp: tmp.write_bytes(b"new"), backup=backup)
    assert target.read_bytes() == b"current" and backup.read_bytes() == b"last backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["so.bak.xlsx", "so.xlsx"]


def test_a_read_only_file_or_folder_is_refused_even_for_root(tmp_path):
    target = tmp_path / "so.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o444)
    with pytest.raises(KtxhError, match="chỉ đọc"):
        write_bytes_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    folder = tmp_path / "khoa"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(KtxhError, match="chỉ đọc"):
            write_bytes_atomically(folder / "bao_cao.docx", b"new")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_folder_in_place_of_the_target_is_refused(tmp_path):
    (tmp_path / "bao_cao.docx").mkdir()
    with pytest.raises(KtxhError, match="là một thư mục"):
        write_bytes_atomically(tmp_path / "bao_cao.docx", b"x")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_temp_files_of_a_killed_writer_are_removed_by_the_next_write(tmp_path):
    target = tmp_path / "so.xlsx"
    target.write_bytes(b"old")
    dead = tmp_path / f".so{atomic.TEMP_MARK}{_dead_pid()}-abc.xlsx"
    dead_backup = tmp_path / f".so{atomic.TEMP_MARK}{_dead_pid()}-def.xlsx.bak"
    alive = tmp_path / f".so{atomic.TEMP_MARK}{os.getpid()}-ghi.xlsx"  # a writer still at work
    other = tmp_path / f".khac{atomic.TEMP_MARK}{_dead_pid()}-abc.xlsx"  # another target's: not ours
    for p in (dead, dead_backup, alive, other):
        p.write_bytes(b"half")
    write_bytes_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert not dead.exists() and not dead_backup.exists()
    assert alive.exists() and other.exists()


def test_os_errors_ktxh_does_not_know_keep_their_number():
    words = atomic.os_error_words(OSError(errno.ENOTCONN, "Transport endpoint is not connected"))
    assert str(errno.ENOTCONN) in words and words.startswith("lỗi hệ thống")


def test_asking_whether_a_process_runs_never_signals_it_on_windows(monkeypatch):
    """On Windows os.kill(pid, 0) terminates the process: the stale-lock and temp-file checks must ask."""
    def kill(pid, sig):
        raise AssertionError("os.kill called on Windows")

    monkeypatch.setattr(atomic.os, "kill", kill)
    monkeypatch.setattr(atomic.os, "name", "nt")
    monkeypatch.setattr(atomic, "_windows_process_alive", lambda pid: pid == 4242)
    assert atomic.process_alive(4242) and not atomic.process_alive(4243)


def test_a_running_and_a_finished_process(monkeypatch):
    assert atomic.process_alive(os.getpid())
    assert not atomic.process_alive(_dead_pid()) and not atomic.process_alive(0)
