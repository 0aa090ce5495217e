"""`ktxh new` from the command line: writes, refuses to overwrite, Vietnamese errors."""
from __future__ import annotations

import openpyxl
import pytest

from addin.cli import main
from formulas import layout

ARGS = ["--don-vi", "UBND xã Tân Liên", "--ky", "6 tháng đầu năm", "--nam", "2026"]


def _info(path):
    ws = openpyxl.load_workbook(path)[layout.SHEET_INFO]
    return {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)}


def test_new_writes_the_template(tmp_path, capsys):
    out = tmp_path / "mau.xlsx"
    assert main(["new", str(out), *ARGS]) == 0
    info = _info(out)
    assert (info["cap"], info["ky_bao_cao"], info["nam"]) == ("xa", "6 tháng đầu năm", 2026)
    assert "Đã tạo" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["mau.xlsx"]


def test_new_xlsm_is_the_template_with_the_three_buttons(tmp_path, capsys):
    import zipfile

    from addin.build_xlsm import THREE_BUTTONS, VML_PART

    out = tmp_path / "Sổ số liệu.xlsm"
    assert main(["new", str(out), *ARGS]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["Sổ số liệu.xlsm"]
    assert _info(out)["cap"] == "xa"
    with zipfile.ZipFile(out) as z:
        vml = z.read(VML_PART).decode()
        assert "xl/vbaProject.bin" in z.namelist()
    assert all(f"[0]!{b.macro}<" in vml for b in THREE_BUTTONS)
    out.write_bytes(b"cong viec cua toi")
    assert main(["new", str(out), *ARGS]) == 2  # never overwrites staff's workbook
    assert out.read_bytes() == b"cong viec cua toi"


def test_new_refuses_to_overwrite_unless_forced(tmp_path, capsys):
    out = tmp_path / "mau.xlsx"
    out.write_bytes(b"cong viec cua toi")
    assert main(["new", str(out), *ARGS]) == 2
    assert "đã có" in capsys.readouterr().err
    assert out.read_bytes() == b"cong viec cua toi"
    assert main(["new", str(out), *ARGS, "--ghi-de"]) == 0
    assert main(["new", str(out), *ARGS, "--force"]) == 0
    assert _info(out)["cap"] == "xa"


@pytest.mark.parametrize("don_vi,cap", [("UBND tỉnh Lạng Sơn", "tinh"), ("UBND huyện Cao Lộc", "huyen"),
                                        ("Phòng Tài chính - Kế hoạch", "xa")])
def test_cap_inferred_from_the_unit(tmp_path, don_vi, cap):
    out = tmp_path / "mau.xlsx"
    assert main(["new", str(out), "--don-vi", don_vi, "--nam", "2026"]) == 0
    assert _info(out)["cap"] == cap


def test_explicit_cap_wins(tmp_path):
    out = tmp_path / "mau.xlsx"
    assert main(["new", str(out), *ARGS, "--cap", "tinh"]) == 0
    assert _info(out)["cap"] == "tinh"


def test_bad_cap_message(tmp_path, capsys):
    assert main(["new", str(tmp_path / "a.xlsx"), *ARGS, "--cap", "quan"]) == 2
    err = capsys.readouterr().err
    assert "cấp chính quyền 'quan' không hợp lệ" in err and "tinh" in err and "Traceback" not in err
    assert not (tmp_path / "a.xlsx").exists()


def test_bad_extension_and_year(tmp_path, capsys):
    assert main(["new", str(tmp_path / "a.docx"), *ARGS]) == 2
    assert ".xlsx, .xlsm hoặc .ods" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["new", str(tmp_path / "a.xlsx"), "--don-vi", "UBND xã A", "--nam", "hai nghìn"])
    assert "không phải số" in capsys.readouterr().err


def test_help_is_vietnamese_and_english(capsys):
    with pytest.raises(SystemExit):
        main(["new", "--help"])
    out = capsys.readouterr().out
    assert "ghi đè" in out and "overwrite" in out and "--don-vi" in out
