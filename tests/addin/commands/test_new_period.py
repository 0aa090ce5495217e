"""`ktxh new --ky …`: every period form is read by formulas.period; a bad one is a Vietnamese error."""
from __future__ import annotations

import openpyxl
import pytest

from addin.cli import main
from formulas import layout


def _info(path):
    ws = openpyxl.load_workbook(path)[layout.SHEET_INFO]
    return {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)}


@pytest.mark.parametrize("ky, label, said", [("Quý II năm 2026", "quý II", "quý II năm 2026"),
                                              ("9 tháng", "9 tháng đầu năm", "9 tháng đầu năm 2026"),
                                              ("tháng 1", "tháng 01", "tháng 01 năm 2026")])
def test_new_writes_the_period_in_one_spelling(tmp_path, capsys, ky, label, said):
    out = tmp_path / "mau.xlsx"
    assert main(["new", str(out), "--don-vi", "UBND xã Tân Liên", "--ky", ky, "--nam", "2026"]) == 0
    assert _info(out)["ky_bao_cao"] == label
    assert f"({'UBND xã Tân Liên'}, {said}, cấp xã)" in capsys.readouterr().out


def test_unreadable_period_is_refused_in_vietnamese(tmp_path, capsys):
    out = tmp_path / "mau.xlsx"
    assert main(["new", str(out), "--don-vi", "UBND xã A", "--ky", "5 tháng", "--nam", "2026"]) == 2
    err = capsys.readouterr().err
    assert "Kỳ báo cáo «5 tháng» (--ky) không đọc được" in err and "6 tháng cuối năm" in err
    assert "Traceback" not in err and not out.exists()


def test_a_year_in_ky_must_match_nam(tmp_path, capsys):
    out = tmp_path / "mau.xlsx"
    assert main(["new", str(out), "--don-vi", "UBND xã A", "--ky", "năm 2025", "--nam", "2026"]) == 2
    assert "năm 2025" in capsys.readouterr().err and not out.exists()
