"""The `ktxh` argument parser, speaking Vietnamese: argparse's own words included.

argparse builds its messages ("usage:", "the following arguments are required", "invalid choice",
"show this help message and exit", "positional arguments", "options", …) through the gettext
functions `argparse._` and `argparse.ngettext`. VietnameseArgumentParser swaps those two for a
lookup in MESSAGES only while one of its own methods runs, so every message it prints is Vietnamese
and nothing else in the process (pytest's own parser, a library's) is touched. Sub-parsers made by
add_subparsers().add_parser() are of the same class, so `ktxh LỆNH …` speaks Vietnamese too.

An argparse message missing from MESSAGES (a newer Python adds one) shows in English:
tests/addin/test_cli_parser.py reads argparse's source and fails on any msgid not listed here.
"""
from __future__ import annotations

import argparse
import functools
import sys
import textwrap
from contextlib import contextmanager

# argparse's msgids (Python 3.11 and the ones 3.12–3.13 add; the test lists any new one) -> Vietnamese.
MESSAGES: dict[str, str] = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "subcommands": "các lệnh",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các đối số %s",
    "unrecognized arguments: %s": "không hiểu các đối số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "không có lựa chọn %(value)r (hãy chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "%(value)r không phải là %(type)s hợp lệ",
    "expected one argument": "cần một giá trị đi kèm",
    "expected at most one argument": "chỉ nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn %(option)s chưa rõ: có thể là %(matches)s; hãy gõ đủ tên",
    "not allowed with argument %s": "không dùng cùng với đối số %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị, %r bị bỏ qua",
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "can't open '%(filename)s': %(error)s": "không mở được “%(filename)s”: %(error)s",
    "argument \"-\" with mode %r": "đối số “-” với chế độ %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    # Added by Python 3.12–3.13 (unused by ktxh today; listed so an upgrade stays Vietnamese).
    "show program's version number and exit": "in phiên bản rồi thoát",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
    "option '%(option)s' is deprecated": "tùy chọn “%(option)s” sắp bị bỏ",
    "argument '%(argument_name)s' is deprecated": "đối số “%(argument_name)s” sắp bị bỏ",
    "command '%(parser_name)s' is deprecated": "lệnh “%(parser_name)s” sắp bị bỏ",
    # Mistakes of the program, not of the user: still said in Vietnamese.
    "conflicting option string: %s": "tên tùy chọn bị trùng: %s (lỗi chương trình)",
    "conflicting option strings: %s": "tên tùy chọn bị trùng: %s (lỗi chương trình)",
    "conflicting subparser: %s": "lệnh bị khai báo hai lần: %s (lỗi chương trình)",
    "conflicting subparser alias: %s": "tên gọi khác của lệnh bị trùng: %s (lỗi chương trình)",
    "cannot have multiple subparser arguments": "chỉ được có một nhóm lệnh (lỗi chương trình)",
    ".__call__() not defined": ".__call__() chưa được định nghĩa (lỗi chương trình)",
    "'required' is an invalid argument for positionals":
        "không dùng “required” cho đối số theo vị trí (lỗi chương trình)",
    "mutually exclusive arguments must be optional": "các đối số loại trừ nhau phải là tùy chọn (lỗi chương trình)",
    "%r is not callable": "%r không gọi được (lỗi chương trình)",
    "cannot merge actions - two groups are named %r": "không gộp được: hai nhóm cùng tên %r (lỗi chương trình)",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "tên tùy chọn %(option)r không hợp lệ: phải bắt đầu bằng ký tự %(prefix_chars)r (lỗi chương trình)",
    "dest= is required for options like %r": "tùy chọn như %r cần dest= (lỗi chương trình)",
    "invalid conflict_resolution value: %r": "giá trị conflict_resolution không hợp lệ: %r (lỗi chương trình)",
}


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextmanager
def vietnamese():
    """argparse speaks Vietnamese inside this block (nested blocks are fine)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _in_vietnamese(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with vietnamese():
            return method(*args, **kwargs)
    return wrapper


class HelpFormatter(argparse.HelpFormatter):
    """Descriptions keep their line breaks (one line Vietnamese, one English) and each line is
    wrapped to the terminal, where argparse's default would run them into one paragraph."""

    def _fill_text(self, text, width, indent):
        return "\n".join(textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent)
                         if line.strip() else "" for line in text.splitlines())


class VietnameseArgumentParser(argparse.ArgumentParser):
    """argparse.ArgumentParser whose every message is Vietnamese; an error also says how to get help.
    Errors exit with status 2, as argparse's do (README "Mã thoát / exit codes")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        with vietnamese():  # the -h option's help and the group titles are made here
            super().__init__(*args, **kwargs)
        # type=int / float take these, so a wrong value is named in Vietnamese, not "invalid int value"
        self.register("type", int, integer)

    add_argument = _in_vietnamese(argparse.ArgumentParser.add_argument)

    @_in_vietnamese
    def add_subparsers(self, **kwargs):
        kwargs.setdefault("parser_class", CommandParser)
        return super().add_subparsers(**kwargs)

    parse_args = _in_vietnamese(argparse.ArgumentParser.parse_args)
    parse_known_args = _in_vietnamese(argparse.ArgumentParser.parse_known_args)
    format_usage = _in_vietnamese(argparse.ArgumentParser.format_usage)
    format_help = _in_vietnamese(argparse.ArgumentParser.format_help)

    def error(self, message: str):
        commands = [name for a in self._actions if isinstance(a, argparse._SubParsersAction) for name in a.choices]
        listed = f"Các lệnh: {', '.join(commands)}. " if commands else ""
        with vietnamese():
            self.print_usage(sys.stderr)
            self.exit(2, argparse._("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message}
                      + f"{listed}Gõ “{self.prog} --help” để xem hướng dẫn.\n")


class CommandParser(VietnameseArgumentParser):
    """The parser of one command (`ktxh recalc …`): an argument it does not know is its error, so
    the message names the command and its --help, not the top-level `ktxh`."""

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            with vietnamese():
                self.error(argparse._("unrecognized arguments: %s") % " ".join(extras))
        return namespace, extras


def integer(text: str) -> int:
    """What type=int does, with a Vietnamese message for a value that is not a whole number."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” không phải là số nguyên (ví dụ 2026)") from None

