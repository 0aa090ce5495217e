"""`ktxh` command line: the same jobs as the Excel buttons, through the same core.

Each subcommand lives in addin/commands/<name>.py with `register(subparsers)`; this file only
wires them and turns a KtxhError into a Vietnamese message and exit status 2, never a traceback.
The parser is addin.cli_parser's, so argparse's own messages are Vietnamese too. Exit statuses
(README "Mã thoát / exit codes"): 0 done, 1 findings with errors / a unit left out, 2 refused
(a file that cannot be read or written, wrong arguments), 130 interrupted.
"""
from __future__ import annotations

import os
import sys

from addin.cli_parser import VietnameseArgumentParser
from addin.commands import check, demo, export, new, recalc, soat, tong_hop
from formulas.errors import KtxhError

COMMANDS = (new, demo, check, recalc, export, tong_hop, soat)

DESCRIPTION = (
    "ktxh: lập báo cáo tình hình thực hiện kế hoạch phát triển kinh tế - xã hội từ sổ Excel.\n"
    "ktxh: build the socio-economic report (Word) from the Excel workbook."
)


def build_parser() -> VietnameseArgumentParser:
    parser = VietnameseArgumentParser(prog="ktxh", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")
    sub.required = True
    for command in COMMANDS:
        command.register(sub)
    return parser


class ClosedPipeSafe:
    """sys.stdout for one command: when the reader of a pipe stops early (`ktxh check … | head`), the
    rest of the output is dropped, and the command still finishes its work and returns its status."""

    def __init__(self, stream):
        self._stream, self._closed = stream, False

    def write(self, text: str) -> int:
        if not self._closed:
            try:
                return self._stream.write(text)
            except BrokenPipeError:
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self._closed:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._drop()

    def _drop(self) -> None:
        self._closed = True
        try:  # Python's documented recipe, so that nothing fails again when the interpreter exits
            os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())
        except (OSError, ValueError, AttributeError):
            pass  # not a file descriptor (a test's captured stream)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    stdout = sys.stdout
    sys.stdout = safe = ClosedPipeSafe(stdout)
    try:
        return _run(argv)
    finally:
        safe.flush()
        sys.stdout = stdout


def _run(argv: list[str] | None) -> int:
    try:  # Ctrl+C while the parser is built is an interruption too, not a traceback
        args = build_parser().parse_args(argv)  # --help: SystemExit(0); wrong arguments: SystemExit(2)
        return int(args.func(args) or 0)
    except KtxhError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; không tệp nào bị thay đổi dở dang.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
