"""addin.cli_parser: argparse's own messages in Vietnamese, through main() and the installed command."""
import argparse
import ast
import re
import subprocess
import sys

import pytest

from addin.cli import COMMANDS, main
from addin.cli_parser import MESSAGES, VietnameseArgumentParser, vietnamese

# argparse's English, as it prints it (Python 3.11 .. 3.13 wording)
ENGLISH_ARGPARSE = re.compile(
    r"usage:|error:|the following arguments|are required|invalid choice|choose from|unrecognized arguments|"
    r"show this help|positional arguments|^options:|expected (one|at most|at least)|ambiguous option|"
    r"invalid \w+ value|not allowed with|ignored explicit|subcommands", re.M | re.I)


def _argparse_msgids() -> set[str]:
    """Every string argparse passes to _() or ngettext(): what a user could see from it."""
    tree = ast.parse(open(argparse.__file__, encoding="utf-8").read())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            out.update(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return out


def _status(argv) -> int:
    """main()'s status: returned by a command, raised (SystemExit) by the parser for --help and errors."""
    try:
        return main(argv)
    except SystemExit as exc:
        return exc.code


def _name(command) -> str:
    return command.__name__.rsplit(".", 1)[1].replace("_", "-")


def test_every_argparse_message_of_this_python_has_a_vietnamese_translation():
    missing = sorted(_argparse_msgids() - set(MESSAGES))
    assert missing == [], missing
    for english, vietnamese_text in MESSAGES.items():
        assert vietnamese_text != english and not ENGLISH_ARGPARSE.search(vietnamese_text), english
        # the same %-placeholders, so formatting never fails
        assert sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", english)) == \
               sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", vietnamese_text)), english


CASES = [
    ([], "thiếu đối số bắt buộc: LỆNH"),
    (["chek", "so.xlsx"], "không có lựa chọn 'chek' (hãy chọn một trong: 'new', 'demo', 'check'"),
    (["check"], "thiếu đối số bắt buộc: SO_LIEU"),
    (["check", "so.xlsx", "--khong-co"], "không hiểu các đối số: --khong-co"),
    (["export", "so.xlsx", "-o"], "đối số -o/--output: cần một giá trị đi kèm"),
    (["tong-hop", "thu_muc"], "thiếu đối số bắt buộc: -o/--output"),
    (["tong-hop", "thu_muc", "-o", "th.xlsx", "--nam", "hai nghìn"], "đối số --nam: “hai nghìn” không phải là số nguyên"),
    (["soat", "bc.txt", "--cap", "quan"], "đối số --cap: không có lựa chọn 'quan'"),
    (["new", "so.xlsx", "--nam", "2026"], "thiếu đối số bắt buộc: --don-vi"),
    (["recalc", "--js", "so.xlsx"], "không hiểu các đối số: --js"),
]


@pytest.mark.parametrize("argv, said", CASES)
def test_wrong_arguments_are_refused_in_vietnamese_with_status_2(argv, said, capsys):
    assert _status(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert said in err, err
    assert err.startswith("Cách dùng: ktxh") and "lỗi: " in err and "--help” để xem hướng dẫn." in err
    assert not ENGLISH_ARGPARSE.search(err), err


@pytest.mark.parametrize("command", [""] + [_name(c) for c in COMMANDS])
def test_help_of_every_command_has_no_argparse_english(command, capsys):
    assert _status([command, "--help"] if command else ["--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Cách dùng: ktxh") and "in hướng dẫn này rồi thoát" in text
    assert "tùy chọn:" in text and not ENGLISH_ARGPARSE.search(text), text
    if command:
        assert f"ktxh {command} [-h]" in text


def test_help_keeps_the_description_lines_and_wraps_them():
    parser = VietnameseArgumentParser(prog="thu", description="Dòng một tiếng Việt.\nLine two in English. " * 1)
    text = parser.format_help()
    assert "Dòng một tiếng Việt.\nLine two in English." in text
    long = VietnameseArgumentParser(prog="thu", description="chữ " * 60).format_help()
    assert max(len(line) for line in long.splitlines()) <= 80


def test_the_installed_command_speaks_vietnamese_and_exits_2():
    for argv, said in ([[], "thiếu đối số bắt buộc: LỆNH"], [["chek"], "không có lựa chọn 'chek'"],
                       [["check", "--json"], "thiếu đối số bắt buộc: SO_LIEU"]):
        run = subprocess.run([sys.executable, "-m", "addin.cli", *argv], capture_output=True, text=True,
                             env={"COLUMNS": "100", "PATH": "/usr/bin:/bin"})
        assert run.returncode == 2 and said in run.stderr, run.stderr
        assert not ENGLISH_ARGPARSE.search(run.stderr) and "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "-m", "addin.cli", "soat", "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and not ENGLISH_ARGPARSE.search(run.stdout) and "--xlsx" in run.stdout


def test_other_parsers_in_the_process_keep_their_language():
    with vietnamese():
        pass
    plain = argparse.ArgumentParser(prog="khac")
    assert "usage: khac" in plain.format_help() and "show this help message" in plain.format_help()
    ours = VietnameseArgumentParser(prog="ktxh")
    assert argparse._("usage: ") == "usage: "  # the swap ends with the call
    assert ours.format_usage().startswith("Cách dùng: ktxh")


def test_without_a_command_the_commands_are_listed(capsys):
    assert _status([]) == 2
    err = capsys.readouterr().err
    assert "Các lệnh: " + ", ".join(_name(c) for c in COMMANDS) + ". Gõ “ktxh --help”" in err


def test_an_unknown_option_of_a_command_is_the_commands_error(capsys):
    assert _status(["export", "so.xlsx", "--ep-buoc"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Cách dùng: ktxh export [-h]") and "ktxh export: lỗi: không hiểu các đối số: --ep-buoc" in err
    assert "Gõ “ktxh export --help”" in err and "Các lệnh" not in err
