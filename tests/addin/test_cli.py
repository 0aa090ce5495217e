"""`ktxh` help in Vietnamese and English; user errors as one Vietnamese line, never a traceback."""
import re
import subprocess
import sys

import pytest

from addin.cli import COMMANDS, build_parser, main

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
ENGLISH = re.compile(r"\b(the|a|an|workbook|report|write|check|create|recalculate|file)\b", re.I)


def _help(*argv):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([*argv, "--help"])
    assert exit_info.value.code == 0


def _name(command) -> str:
    return command.__name__.rsplit(".", 1)[1].replace("_", "-")  # addin.commands.tong_hop -> tong-hop


@pytest.mark.parametrize("command", [""] + [_name(c) for c in COMMANDS])
def test_help_speaks_vietnamese_and_english(command, capsys):
    _help(*([command] if command else []))
    text = capsys.readouterr().out
    assert VIETNAMESE.search(text), text
    assert ENGLISH.search(text), text


def test_every_command_is_listed_with_a_bilingual_summary(capsys):
    _help()
    text = capsys.readouterr().out
    for command in COMMANDS:
        name = _name(command)
        line = re.search(rf"^\s+{name}\s+(.+(?:\n\s{{10,}}.+)*)", text, re.M)
        assert line and " / " in " ".join(line.group(1).split()), name


@pytest.mark.parametrize("argv", [["check", "khong_co.xlsx"], ["recalc", "khong_co.xlsx"],
                                  ["export", "khong_co.xlsx"]])
def test_a_missing_file_is_one_vietnamese_line_and_exit_status_2(argv, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi:") and "khong_co.xlsx" in err and "Traceback" not in err


def test_no_traceback_from_the_installed_command(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    run = subprocess.run([sys.executable, "-m", "addin.cli", "recalc", str(bad)], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.startswith("Lỗi:") and "Traceback" not in run.stderr
    assert bad.read_bytes() == b"not a workbook"  # the input is never overwritten


def test_the_command_line_loads_no_heavy_library_until_a_command_needs_it(tmp_path):
    """`ktxh --help` and `ktxh recalc SO.xlsx` never import openpyxl (0.35 s with numpy): the command
    modules import their heavy dependencies inside run(), and recalc patches an .xlsx directly."""
    from workbook_templates.demo import write_demo_workbook

    demo = write_demo_workbook(tmp_path)
    probe = ("import sys\nfrom addin.cli import main\ntry:\n    code = main(sys.argv[1:])\nfinally:\n"
             "    print('HEAVY', sorted(m for m in ('openpyxl', 'numpy', 'pandas', 'docx', 'xlwings') "
             "if m in sys.modules))\nsys.exit(code)")
    for argv in (["--help"], ["recalc", "--help"], ["recalc", str(demo), "-o", str(tmp_path / "out.xlsx")]):
        done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "HEAVY []" in done.stdout, (argv, done.stdout)
    assert (tmp_path / "out.xlsx").exists()
