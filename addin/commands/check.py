"""`ktxh check`: placeholder until its issue lands (see issues list)."""
from workbook_templates.errors import KtxhError


def register(sub):
    p = sub.add_parser("check", help="(chưa hoàn thành / not yet implemented)")
    p.set_defaults(func=run)
    return p


def run(args):
    raise KtxhError("lệnh 'check' chưa được xây dựng.")
