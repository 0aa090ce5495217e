"""`ktxh` command line: the same jobs as the Excel buttons, through the same core.

Each subcommand lives in addin/commands/<name>.py with `register(subparsers)`; this file only
wires them and turns a KtxhError into a Vietnamese message and exit status 2, never a traceback.
The parser is addin.cli_parser's, so argparse's own messages are Vietnamese too. Exit statuses
(README "Mã thoát / exit codes"): 0 done, 1 findings with errors / a unit left out, 2 refused
(a file that cannot be read or written, wrong arguments), 130 interrupted.
"""
from __future__ import annotations

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


def main(argv: list[str] | None = None) -> int:
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
