"""The one atomic writer: whole file or old file, ordinary permissions, Vietnamese errors."""
import os
import stat

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
