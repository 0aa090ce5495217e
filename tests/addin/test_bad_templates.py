"""Sandbox escapes and resource bombs in an edited section template (generator/templates/sections/*.j2).

Staff edit the section templates; an edited copy is handed to the export as its templates folder
(generator.export.export_report(templates_dir=…), as scripts and the add-in do). Each case writes one
hostile line at the top of every template of a copy, then exports the clean generated xã workbook in
a child process capped at 2 GiB and 60 s. It must be refused with a Vietnamese message naming the
template file (a KtxhError), or written within the caps: never an escape, a traceback, a hang or
the machine's memory.

| class                      | cases |
|----------------------------|-------|
| sandbox escape             | 5     |
| said in Vietnamese only    | 2     |
| bounded in time and memory | 6     |

Five of the six bombs were faults of generator/narrative.py when this corpus found them (a
traceback: OverflowError for range(10**9), MemoryError under the cap, unbounded without it); the
templates now run in generator/sandbox.py's bounded sandbox.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.addin.test_bad_inputs import REPO, VIETNAMESE, bases  # noqa: F401 - bases: fixture

CHILD = r"""
import resource, shutil, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
from formulas.errors import KtxhError
from generator.export import export_report
from generator.narrative import SECTIONS_DIR
workbook, folder, line = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
shutil.copytree(SECTIONS_DIR, folder)
for t in folder.glob("*.j2"):
    if t.name.startswith("_") and t.name != "_mac_dinh.j2":
        continue  # macro files the section templates import, not sections
    t.write_text(line + "\n" + t.read_text(encoding="utf-8"), encoding="utf-8")
try:
    export_report(workbook, folder.parent / "bao_cao.docx", templates_dir=folder)
except KtxhError as exc:
    print("REFUSED", exc)
else:
    print("WROTE", (folder.parent / "bao_cao.docx").stat().st_size)
"""

# sandbox escapes: refused (the attribute is unsafe, or the name is no field of the report)
ESCAPES = {
    "class_mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals_of_a_method": "{{ muc.__init__.__globals__ }}",
    "globals_of_a_filter": "{{ (doan_van | first).__class__.__init__.__globals__ }}",
    "format_string": "{{ '{0.__class__.__base__.__subclasses__}'.format(ky) }}",
    "cycler_os": "{{ cycler.__init__.__globals__.os.system('id') }}",
}
# resource bombs: refused or bounded
BOMBS = {  # bounded by generator/sandbox.py (the BoundedSandbox the section templates run in)
    "range_10_9": "{% for i in range(10**9) %}x{% endfor %}",
    "string_repetition": "{{ 'x' * 10**10 }}",
    "field_repetition": "{{ muc.title * 1000000000 }}",
    "list_repetition": "{{ (doan_van * 100000000) | length }}",
    "power_tower": "{{ 9**9**9 }}",
    "format_width": "{{ '%999999999s' % ky }}",
}
MAY_RENDER = {"power_tower"}  # bounded without a refusal: the report is written, of ordinary size


def _child(workbook: Path, folder: Path, line: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", CHILD, str(workbook), str(folder), line], cwd=REPO,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("line", [pytest.param(v, id=k) for k, v in ESCAPES.items()])
def test_a_sandbox_escape_is_refused_naming_the_template(line, bases, tmp_path):
    proc = _child(bases.clean, tmp_path / "mau", line)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.stdout.startswith("REFUSED"), proc.stdout + proc.stderr[-2000:]
    assert ".j2" in proc.stdout and "dòng 1" in proc.stdout and VIETNAMESE.search(proc.stdout), proc.stdout


@pytest.mark.parametrize("key", BOMBS)
def test_a_resource_bomb_is_refused_or_bounded(key, bases, tmp_path):
    line = BOMBS[key]
    try:
        proc = _child(bases.clean, tmp_path / "mau", line)
    except subprocess.TimeoutExpired:
        pytest.fail("the export hung (over 60 s)")
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    if key not in MAY_RENDER or proc.stdout.startswith("REFUSED"):
        assert proc.stdout.startswith("REFUSED"), proc.stdout
        assert ".j2" in proc.stdout and "dòng 1" in proc.stdout and VIETNAMESE.search(proc.stdout), proc.stdout
    else:
        assert proc.stdout.startswith("WROTE"), proc.stdout
        assert int(proc.stdout.split()[1]) < 50 << 20, "a report of more than 50 MB from one template line"


@pytest.mark.parametrize("key", ["class_mro", "globals_of_a_method"])
def test_a_sandbox_refusal_is_said_in_vietnamese_only(key, bases, tmp_path):
    proc = _child(bases.clean, tmp_path / "mau", ESCAPES[key])
    assert proc.stdout.startswith("REFUSED"), proc.stdout + proc.stderr[-2000:]
    assert not re.search(r"\b(access|attribute|object|unsafe|has no)\b", proc.stdout), proc.stdout
