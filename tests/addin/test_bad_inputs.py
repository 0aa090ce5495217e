"""Every bad input of the corpus (tests/addin/bad_inputs.py) through `ktxh check`, `recalc`, `export`.

Each run asserts: the exit status the case expects (2 refused, 1 findings with errors, 0 ok), a
Vietnamese message naming the file / sheet!cell, no traceback, the input byte-identical afterwards
(sha256) unless the command's job is to write it, and after a `recalc` every input cell identical
(value and type: a text that looks like a formula stays a text) and no new formula anywhere.
`tong-hop` and `soat` are in test_bad_inputs_units.py.

Corpus (cases per class; each case runs through every command it names):

| class                    | cases |
|--------------------------|-------|
| tệp không phải sổ        | 18    |
| đường dẫn                | 6     |
| định dạng sổ khác        | 1     |
| gói độc hại              | 9     |
| trang tính               | 11    |
| mã và ô gộp              | 4     |
| ô số                     | 18    |
| chèn công thức           | 17    |
| jinja trong thuyết minh  | 4     |
| sổ mẫu đối chứng         | 4     |
| total                    | 92    |

Plus tong-hop (test_bad_inputs_units.py) and the section-template sandbox (test_bad_templates.py).
"""
from __future__ import annotations

import hashlib
import io
import re
import resource
import subprocess
import sys
import traceback
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from tests.addin import bad_inputs
from tests.addin.bad_inputs import CASES, COMPUTED_KEYS, KEY_ROW, Bases

REPO = Path(__file__).resolve().parents[2]
VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
HEAVY_TIMEOUT = 180  # seconds: a hang is a failure, not a wait
HEAVY_MEMORY = 3 << 30  # address space of the child: a zip bomb must not take the machine


@dataclass
class Run:
    code: object
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run_cli(argv: list[str]) -> Run:
    """addin.cli.main in this process, its output captured; any escaping exception is a traceback."""
    from addin.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        except BaseException:  # noqa: BLE001 - what a user would see as a traceback
            traceback.print_exc()
            code = "traceback"
    return Run(code, out.getvalue(), err.getvalue())


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (HEAVY_MEMORY, HEAVY_MEMORY))


def run_child(argv: list[str], timeout: float = HEAVY_TIMEOUT) -> Run:
    """`ktxh` in a child process with a memory cap and a timeout (a hang fails the test)."""
    proc = subprocess.run([sys.executable, "-m", "addin.cli", *argv], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, preexec_fn=_limit_memory)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def folder_state(folder: Path) -> dict[str, str | None]:
    return {str(p.relative_to(folder)): sha256(p) for p in sorted(folder.rglob("*"))}


def input_cells(path: Path) -> dict[tuple[str, str], tuple[object, str]]:
    """(sheet, cell) -> (value, type) of every cell recalc must not touch: all sheets but Kiểm tra,
    without the computed columns of the sector sheets (found by the hidden key row). openpyxl gives
    the type (a text that looks like a formula must stay a text); a file openpyxl cannot load (a NaN
    written by another program) is read with python-calamine, values only."""
    try:
        return _openpyxl_cells(path)
    except (ValueError, TypeError, KeyError):
        return _calamine_cells(path)


def _openpyxl_cells(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        if ws.title == "Kiểm tra":
            continue
        computed = {c.column for c in ws[KEY_ROW] if isinstance(c.value, str) and COMPUTED_KEYS.match(c.value)} \
            if ws.max_row >= KEY_ROW else set()
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None and c.column not in computed:
                    out[(ws.title, c.coordinate)] = (c.value, c.data_type)
    wb.close()
    return out


def _calamine_cells(path: Path) -> dict:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    out = {}
    for name in book.sheet_names:
        if name == "Kiểm tra":
            continue
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        keys = rows[KEY_ROW - 1] if len(rows) >= KEY_ROW else []
        computed = {i for i, k in enumerate(keys) if isinstance(k, str) and COMPUTED_KEYS.match(k)}
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v != "" and c not in computed:
                    out[(name, f"{c}:{r}")] = (repr(v), "calamine")
    book.close()
    return out


def formulas_of(path: Path) -> set[tuple[str, str]]:
    """(member, formula text) of every <f> in the package's worksheets."""
    out = set()
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                for m in re.finditer(rb"<c r=\"([A-Z]+\d+)\"[^>]*>(?:(?!</c>).)*?<f[^>]*>([^<]*)</f>", zf.read(name), re.S):
                    out.add((name, m.group(2).decode()))
    return out


@pytest.fixture(scope="session")
def bases(tmp_path_factory) -> Bases:
    """The clean generated xã workbook, the demo workbook, a new empty workbook and a Word report, made once."""
    from docx import Document
    from workbook_templates.demo import write_demo_workbook
    from workbook_templates.generated_units import write_units

    root = tmp_path_factory.mktemp("bases")
    clean = write_units(root / "xa", 1)[0]
    demo = write_demo_workbook(root / "demo")
    report = root / "bao_cao.docx"  # a small Word report (ktxh soat's input, a .docx renamed .xlsx)
    doc = Document()
    doc.add_paragraph("Tổng diện tích gieo trồng ước đạt 1.593,23 ha, bằng 103,18% so với cùng kỳ.")
    doc.save(str(report))
    empty = root / "moi" / "so_moi.xlsx"  # what `ktxh new` gives a xã: every field still to fill
    empty.parent.mkdir()
    made = run_cli(["new", str(empty), "--don-vi", "UBND xã Tân Liên", "--ky", "6 tháng đầu năm", "--nam", "2026",
                    "--cap", "xa"])
    assert made.code == 0, made.text
    return Bases(clean=clean, demo=demo, report=report, empty=empty)


def _argv(command: str, path: Path, case) -> list[str]:
    extra = [a.format(path=path, dir=path.parent) for a in case.options.get(command, [])]
    if command == "export" and "-o" not in extra:
        extra = ["-o", str(path.parent / "bao_cao_ra.docx")]
    return [command, str(path), *extra]


def _assert_message(run: Run, case, command: str, path: Path) -> None:
    expect = case.expect[command]
    assert "Traceback" not in run.text, f"{case.name} / {command}: traceback\n{run.err[-3000:]}"
    assert run.code == expect.code, f"{case.name} / {command}: exit {run.code}, expected {expect.code}\n{run.text[-3000:]}"
    assert VIETNAMESE.search(run.text), f"{case.name} / {command}: no Vietnamese message\n{run.text[-2000:]}"
    for pattern in expect.says:
        pattern = pattern.replace("{name}", re.escape(path.name))
        assert re.search(pattern, run.text), f"{case.name} / {command}: “{pattern}” not in\n{run.text[-3000:]}"


def _params(command: str):
    return [pytest.param(c, id=c.name) for c in CASES if command in c.expect]


def _run(case, argv):
    return run_child(argv) if case.heavy else run_cli(argv)


def _make(case, tmp_path, bases):
    path = case.make(tmp_path, bases)
    return path


def _restore_permissions(tmp_path: Path) -> None:
    for p in [tmp_path, *tmp_path.rglob("*")]:
        if not p.is_symlink():
            p.chmod(0o755 if p.is_dir() else 0o644)


@pytest.mark.parametrize("case", _params("check"))
def test_check(case, bases, tmp_path):
    path = _make(case, tmp_path, bases)
    before = folder_state(tmp_path)
    try:
        run = _run(case, _argv("check", path, case))
        _assert_message(run, case, "check", path)
        assert folder_state(tmp_path) == before, f"{case.name}: check changed a file"
    finally:
        _restore_permissions(tmp_path)


@pytest.mark.parametrize("case", _params("recalc"))
def test_recalc(case, bases, tmp_path):
    path = _make(case, tmp_path, bases)
    before = folder_state(tmp_path)
    readable = path.is_file() and zipfile.is_zipfile(path) and not case.heavy
    cells = formulas = None
    if readable:
        try:
            cells, formulas = input_cells(path), formulas_of(path)
        except Exception:  # noqa: BLE001 - neither reader can open this bad file: the byte check still holds
            readable = False
    try:
        argv = _argv("recalc", path, case)
        run = _run(case, argv)
        _assert_message(run, case, "recalc", path)
        target = Path(argv[argv.index("-o") + 1]) if "-o" in argv else path
        if run.code == 0:
            assert readable, f"{case.name}: recalc wrote a file openpyxl could not read before"
            assert input_cells(target) == cells, f"{case.name}: an input cell changed"
            assert formulas_of(target) <= formulas, f"{case.name}: recalc wrote a formula"
            backup = target.with_name(target.stem + ".bak" + target.suffix)
            if target == path:
                assert sha256(backup) == before[str(path.relative_to(tmp_path))], \
                    f"{case.name}: the backup is not the original"
        else:
            assert folder_state(tmp_path) == before, f"{case.name}: a refused recalc changed a file"
    finally:
        _restore_permissions(tmp_path)


@pytest.mark.parametrize("case", _params("export"))
def test_export(case, bases, tmp_path):
    path = _make(case, tmp_path, bases)
    before = folder_state(tmp_path)
    try:
        argv = _argv("export", path, case)
        run = _run(case, argv)
        _assert_message(run, case, "export", path)
        out = Path(argv[argv.index("-o") + 1])
        after = folder_state(tmp_path)
        written = {k for k in after if before.get(k) != after[k]}
        if run.code == 0:
            assert written == {str(out.relative_to(tmp_path))}, f"{case.name}: export wrote {written}"
            _assert_literal_prose(case, out)
        else:
            assert not written, f"{case.name}: a refused export changed {written}"
    finally:
        _restore_permissions(tmp_path)


def _assert_literal_prose(case, docx: Path) -> None:
    """Jinja syntax staff typed in Thuyết minh is printed as typed, never evaluated."""
    text = getattr(case.make, "prose", None) or getattr(case.make, "injected", None)
    if text is None or not any(w in case.name for w in ("thuyet_minh", "jinja", "injection_in_")):
        return  # (a note in Ghi chú is not printed in the report)
    from docx import Document

    document = Document(str(docx))
    cells = (p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs)
    body = "\n".join(p.text for p in [*document.paragraphs, *cells])
    assert text in body, f"{case.name}: “{text}” not printed literally"


def test_the_corpus_is_large_and_the_docstring_counts_it():
    counts = bad_inputs.summary()
    assert sum(counts.values()) >= 60
    doc = __doc__
    for klass, n in counts.items():
        assert re.search(rf"\| {re.escape(klass)}\s*\| {n}\s*\|", doc), f"docstring count of {klass}"
    assert re.search(rf"\| total\s*\| {sum(counts.values())}\s*\|", doc)


def test_findings_sheet_holds_injected_text_as_text(bases, tmp_path):
    """A formula typed as a code lands in Kiểm tra (unknown code) as a text cell, never as a formula."""
    src = bases.clean
    injected = "=cmd|' /C calc'!A0"

    def edit(wb):
        ws = wb[bad_inputs.SECTOR]
        c = ws.cell(bad_inputs.row_of(ws, bad_inputs.CODE), bad_inputs.column_of(ws, "ma"))
        c.value, c.data_type = injected, "s"
    path = bad_inputs.edit_book(src, tmp_path, edit)
    run = run_cli(["recalc", str(path)])
    assert run.code == 0, run.text
    wb = openpyxl.load_workbook(path)
    cells = [c for row in wb["Kiểm tra"].iter_rows() for c in row if c.value is not None]
    assert any(injected in str(c.value) for c in cells), "the finding does not quote the code"
    assert all(c.data_type != "f" for c in cells)
    assert not any(m.startswith("xl/worksheets/") and f == injected[1:] for m, f in formulas_of(path))
