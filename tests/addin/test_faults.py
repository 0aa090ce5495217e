"""Faults during `ktxh recalc` and `ktxh export`: a full disk, a second recalc of the same file.

(kill -9 at random moments: tests/benchmarks/fault_kill.py, run by hand; its counts are in the note.)
"""
from __future__ import annotations

import errno
import subprocess
import sys

import pytest

from tests.addin.test_bad_inputs import REPO, bases, folder_state, input_cells, run_cli  # noqa: F401 - bases
from workbook_templates import atomic
from workbook_templates.workbook_lock import lock_path, workbook_lock


def _disk_full(write, tmp):
    write(tmp)
    data = tmp.read_bytes()
    tmp.write_bytes(data[: len(data) // 3])
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("command", ["recalc", "export"])
def test_a_full_disk_keeps_the_original_leaves_no_temp_file_and_exits_2(command, bases, tmp_path, monkeypatch):
    import shutil

    book = tmp_path / "so_lieu.xlsx"
    shutil.copyfile(bases.clean, book)
    before = folder_state(tmp_path)
    monkeypatch.setattr(atomic, "_produce", _disk_full)
    argv = [command, str(book)] + (["-o", str(tmp_path / "bao_cao.docx")] if command == "export" else [])
    run = run_cli(argv)
    assert run.code == 2, run.text
    assert "ổ đĩa đầy" in run.err and "Traceback" not in run.text and "No space" not in run.text, run.text
    assert folder_state(tmp_path) == before  # the original as it was, no temp, no half report, no lock


def test_a_recalc_while_another_holds_the_workbook_is_refused(bases, tmp_path):
    import shutil

    book = tmp_path / "so_lieu.xlsx"
    shutil.copyfile(bases.clean, book)
    before = folder_state(tmp_path)
    with workbook_lock(book):
        run = run_cli(["recalc", str(book)])
        state = {k: v for k, v in folder_state(tmp_path).items() if k != lock_path(book).name}
    assert run.code == 2 and "đang được ktxh xử lý" in run.err, run.text
    assert state == before


def test_two_recalc_at_once_never_leave_a_mixed_file(bases, tmp_path):
    """Started together, three times: each run either recalculates or refuses; the file ends whole."""
    import shutil

    book = tmp_path / "so_lieu.xlsx"
    shutil.copyfile(bases.clean, book)
    cells = input_cells(book)
    outcomes = []
    for _ in range(3):
        procs = [subprocess.Popen([sys.executable, "-m", "addin.cli", "recalc", str(book)], cwd=REPO,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        for p in procs:
            out, err = p.communicate(timeout=120)
            assert "Traceback" not in err, err
            assert p.returncode == 0 or (p.returncode == 2 and "đang được ktxh xử lý" in err), err
            outcomes.append(p.returncode)
        assert input_cells(book) == cells
        assert not lock_path(book).exists()
    assert 0 in outcomes
