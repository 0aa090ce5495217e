"""`ktxh` help in Vietnamese and English; user errors as one Vietnamese line, never a traceback."""
import json
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


ROWS = 5_000  # custom rows typed at the end of a sector sheet, each with a number typed as text


@pytest.fixture(scope="module")
def many_rows(tmp_path_factory):
    """The demo workbook with ROWS custom rows whose estimate is typed as text ("1.234,5": one
    warning each) and three rows whose estimate is not a number (one error each)."""
    from openpyxl import load_workbook

    from formulas import layout
    from workbook_templates.demo import write_demo_workbook

    folder = tmp_path_factory.mktemp("nhieu dong")
    wb = load_workbook(write_demo_workbook(folder))
    ws = wb["Nông nghiệp"]
    keys = {ws.cell(layout.KEY_ROW, c).value: c for c in range(1, ws.max_column + 1)}
    first = ws.max_row + 1
    for i in range(ROWS):
        r = first + i
        ws.cell(r, keys["ten"], f"Chỉ tiêu bổ sung {i + 1}")
        ws.cell(r, keys["kh_nam"], 100 + i % 97)
        ws.cell(r, keys["uoc_ky"], "không rõ" if i in (10, 2_000, ROWS - 1) else f"1.{i % 900 + 100},5")
    out = folder / "nhiều dòng.xlsx"
    wb.save(out)
    return out, first


def test_check_of_thousands_of_repeated_findings_stays_readable_and_lists_every_error(many_rows, capsys):
    path, first = many_rows
    assert main(["check", str(path)]) == 1
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert len(lines) < 60, len(lines)
    custom = [l for l in lines if "DONG_TU_THEM" in l]
    assert len(custom) == 1 and f"Có {ROWS // 1000}.000 dòng không có mã chỉ tiêu (dòng {first}, " in custom[0]
    bad = [l for l in lines if "SO_KHONG_HOP_LE" in l and "Nông nghiệp" in l]
    assert len(bad) == 3  # every error, each on its own line
    more = [l for l in lines if "SO_DANG_VAN_BAN khác" in l]
    assert len(more) == 1 and f"… và {(ROWS - 3 - 5) // 1000}.{(ROWS - 3 - 5) % 1000:03d} cảnh báo" in more[0]
    assert "--json" in more[0]
    # the JSON still has every finding
    assert main(["check", str(path), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert sum(f["rule"] == "SO_DANG_VAN_BAN" and f["sheet"] == "Nông nghiệp" for f in payload["findings"]) \
        == ROWS - 3
    assert payload["counts"]["lỗi"] >= 3


def test_recalc_caps_the_findings_sheet_with_a_total_line(many_rows, tmp_path, capsys):
    from openpyxl import load_workbook

    from formulas import layout
    from formulas.build_patch import FINDINGS_SHEET_ROWS

    path, _first = many_rows
    out = tmp_path / "ra.xlsx"
    assert main(["recalc", str(path), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert re.search(r": \d\d lỗi, \d{1,3}\.\d{3} cảnh báo, ", said), said  # thousands the Vietnamese way
    ws = load_workbook(out, read_only=True)[layout.SHEET_FINDINGS]
    rows = [r for r in ws.iter_rows(min_row=layout.FIRST_DATA_ROW, values_only=True) if any(r)]
    assert len(rows) == FINDINGS_SHEET_ROWS + 1
    assert sum(r[1] == "lỗi" for r in rows) >= 3  # the errors are among the rows kept
    total = rows[-1][6]
    assert re.match(r"Trang này chỉ ghi 1\.000 trong tổng số \d{1,3}\.\d{3} phát hiện", total), total
    assert "“ktxh check nhiều dòng.xlsx”" in total


@pytest.mark.parametrize("command", [["demo", "{tmp}/demo"], ["check", "{tmp}/demo/bao_cao_demo.xlsx"],
                                     ["tong-hop", "{tmp}/demo/tong_hop_mo_phong/don_vi", "-o", "{tmp}/th.xlsx"]])
def test_output_into_a_closed_pipe_is_dropped_without_a_traceback(command, tmp_path_factory):
    """`ktxh … | head -1`: the reader stops; the command still finishes and exits with its own status."""
    import os

    tmp = tmp_path_factory.getbasetemp() / "closed_pipe"
    tmp.mkdir(exist_ok=True)
    if command[0] != "demo" and not (tmp / "demo").exists():
        assert main(["demo", str(tmp / "demo")]) == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line: every write meets a closed pipe
    try:
        proc = subprocess.run([sys.executable, "-m", "addin.cli", *(a.format(tmp=tmp) for a in command)],
                              stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=300)
    finally:
        os.close(write_end)
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1)
    if command[0] == "tong-hop":
        assert (tmp / "th.xlsx").is_file()  # the work was done although nobody read the output
