"""The exit statuses of the README's "Mã thoát / exit codes" table, run for real.

The table is read from README.md (the way sqlite-utils tests its documentation): every cell that
names a case is run here through addin.cli.main (or, for Ctrl+C, a real SIGINT in a child process)
and must end with its row's status; a "—" cell is run in its row's situation and must not. A cell
added to the table without a case here, or a case without its cell, fails.
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from addin.cli import main

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## Mã thoát / exit codes"
NEVER = "—"


def readme_table() -> dict[tuple[str, int], str]:
    """{(command, status): the README's cell} from the section's table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in text, f"README.md has no section “{SECTION}”"
    body = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    lines = [line for line in body.splitlines() if line.startswith("|")]
    header, rows = _cells(lines[0]), [_cells(line) for line in lines[2:]]  # lines[1]: |---|
    commands = [c.strip("`") for c in header[2:]]
    return {(command, int(row[0])): cell for row in rows for command, cell in zip(commands, row[2:])}


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


TABLE = readme_table()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Inputs for every case: clean xã workbooks, the demo (it has errors), broken files, reports."""
    from workbook_templates.demo import write_demo_workbook
    from workbook_templates.generated_units import write_units

    base = tmp_path_factory.mktemp("ma thoat")
    units = base / "các xã"
    clean = write_units(units, 2)[0]
    broken_dir = base / "hỏng"
    broken_dir.mkdir()
    broken = broken_dir / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    listing = base / "danh_sach.txt"
    listing.write_text("Ủy ban nhân dân xã Không Nộp\n", encoding="utf-8")
    good = base / "bao_cao_dung.txt"
    good.write_text("Giải quyết 1.287/1.741 hồ sơ, đạt 73,92%.\n", encoding="utf-8")
    wrong = base / "bao_cao_sai.txt"
    wrong.write_text("Giải quyết 1.287/1.741 hồ sơ, đạt 73,8%.\n", encoding="utf-8")
    return SimpleNamespace(clean=clean, units=units, demo=write_demo_workbook(base / "demo"), broken=broken,
                           broken_dir=broken_dir, listing=listing, good=good, wrong=wrong)


# (command, status) -> argv of one real case; out is an empty folder for what the case writes.
CASES = {
    ("check", 0): lambda f, out: ["check", f.clean],
    ("check", 1): lambda f, out: ["check", f.demo],
    ("check", 2): lambda f, out: ["check", f.broken],
    ("recalc", 0): lambda f, out: ["recalc", f.clean, "-o", out / "ra.xlsx"],
    ("recalc", 2): lambda f, out: ["recalc", f.broken, "-o", out / "ra.xlsx"],
    ("export", 0): lambda f, out: ["export", f.clean, "-o", out / "bao_cao.docx"],
    ("export", 2): lambda f, out: ["export", f.demo, "-o", out / "bao_cao.docx"],  # errors, no --force
    ("tong-hop", 0): lambda f, out: ["tong-hop", f.units, "-o", out / "tong_hop.xlsx"],
    ("tong-hop", 1): lambda f, out: ["tong-hop", f.units, "-o", out / "tong_hop.xlsx", "--danh-sach", f.listing],
    ("tong-hop", 2): lambda f, out: ["tong-hop", f.broken_dir, "-o", out / "tong_hop.xlsx"],
    ("soat", 0): lambda f, out: ["soat", f.good],
    ("soat", 1): lambda f, out: ["soat", f.wrong],
    ("soat", 2): lambda f, out: ["soat", f.broken],
}
# A "—" cell: its row's situation (here: a workbook with errors), which must end otherwise.
NEVER_CASES = {
    ("recalc", 1): lambda f, out: ["recalc", f.demo, "-o", out / "ra.xlsx"],
    ("export", 1): lambda f, out: ["export", f.demo, "-o", out / "bao_cao.docx"],
}
# Wrong arguments: refused by the parser (addin.cli_parser), the row of status 2.
ARGUMENT_ERRORS = {
    "check": ["check"],
    "recalc": ["recalc", "so.xlsx", "--khong-co"],
    "export": ["export", "so.xlsx", "-o"],
    "tong-hop": ["tong-hop", "thu_muc"],
    "soat": ["soat", "bao_cao.txt", "--cap", "quan"],
}
# Ctrl+C: a function each command calls once it has started; the child sends itself SIGINT there.
INTERRUPT_IN = {
    "check": "workbook_templates.reader:read_sheet_values",
    "recalc": "workbook_templates.reader:read_sheet_values",
    "export": "generator.export:export_report",
    "tong-hop": "workbook_templates.consolidate_files:consolidate_files",
    "soat": "addin.commands.soat:read_report",
}
INTERRUPTED = 130

PROBE = """
import importlib, signal, sys
module, name = sys.argv[1].split(":")
def interrupted(*args, **kwargs):
    signal.raise_signal(signal.SIGINT)  # what Ctrl+C delivers
    raise AssertionError("SIGINT did not interrupt")
setattr(importlib.import_module(module), name, interrupted)
from addin.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _status(argv) -> tuple[int, str, str]:
    try:
        return main([str(a) for a in argv]), "", ""
    except SystemExit as exc:  # the parser's --help / wrong arguments
        return exc.code, "", ""


def _digests(f) -> dict[Path, str]:
    paths = [f.clean, f.demo, f.broken, f.listing, f.good, f.wrong, *f.units.iterdir()]
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def test_the_readme_table_has_a_row_per_status_and_a_case_per_cell():
    assert sorted({s for _, s in TABLE}) == [0, 1, 2, INTERRUPTED]
    assert sorted({c for c, _ in TABLE}) == sorted(INTERRUPT_IN) == sorted(ARGUMENT_ERRORS)
    for key, cell in TABLE.items():
        if key[1] == INTERRUPTED:
            continue
        if cell == NEVER:
            assert key in NEVER_CASES and key not in CASES, key
        else:
            assert key in CASES and key not in NEVER_CASES, key
    assert set(CASES) | set(NEVER_CASES) <= set(TABLE)
    assert all("sai đối số" in TABLE[(c, 2)] for c in ARGUMENT_ERRORS)  # the table says what is tested


@pytest.mark.parametrize("key", sorted(CASES), ids=lambda k: f"{k[0]}-{k[1]}")
def test_each_case_of_the_table_ends_with_its_status(key, files, tmp_path, capsys):
    before = _digests(files)
    status, _, _ = _status(CASES[key](files, tmp_path))
    out, err = capsys.readouterr()
    assert status == key[1], (key, TABLE[key], out, err)
    assert "Traceback" not in out + err
    if status == 2:
        assert err.startswith("Lỗi:") and list(tmp_path.iterdir()) == [], err  # refused: nothing written
    assert _digests(files) == before  # no input changed


@pytest.mark.parametrize("key", sorted(NEVER_CASES), ids=lambda k: f"{k[0]}-not-{k[1]}")
def test_a_dash_in_the_table_is_a_status_the_command_never_gives(key, files, tmp_path, capsys):
    status, _, _ = _status(NEVER_CASES[key](files, tmp_path))
    capsys.readouterr()
    assert status != key[1] and status in {s for (c, s), cell in TABLE.items() if c == key[0] and cell != NEVER}


@pytest.mark.parametrize("command", sorted(ARGUMENT_ERRORS))
def test_wrong_arguments_exit_2_in_vietnamese(command, capsys):
    status, _, _ = _status(ARGUMENT_ERRORS[command])
    err = capsys.readouterr().err
    assert status == 2 and f"ktxh {command}" in err and "lỗi:" in err, err


@pytest.mark.parametrize("command", sorted(INTERRUPT_IN))
def test_ctrl_c_exits_130_and_writes_nothing(command, files, tmp_path):
    assert TABLE[(command, INTERRUPTED)] == "Ctrl+C"
    before = _digests(files)
    argv = [str(a) for a in CASES[(command, 0)](files, tmp_path)]
    run = subprocess.run([sys.executable, "-c", PROBE, INTERRUPT_IN[command], *argv], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == INTERRUPTED, (run.returncode, run.stderr)
    assert "Đã dừng theo yêu cầu" in run.stderr and "Traceback" not in run.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written, not even half a file
    assert _digests(files) == before


def test_the_table_rows_are_statuses_the_code_documents():
    """addin/cli.py says the same four statuses in its docstring (a reader of the code finds them)."""
    doc = (ROOT / "addin" / "cli.py").read_text(encoding="utf-8")
    for status in (0, 1, 2, INTERRUPTED):
        assert re.search(rf"\b{status}\b", doc.split('"""')[1]), status
