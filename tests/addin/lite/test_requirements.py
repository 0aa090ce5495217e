"""What xlwings Lite (Pyodide) must install for ktxh: only packages Pyodide ships or pure-Python wheels."""
import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).parents[3]
LITE_REQUIREMENTS = ROOT / "addin" / "lite" / "requirements.txt"
# Pyodide's environment markers (sys_platform "emscripten"), as micropip evaluates them.
PYODIDE = {"sys_platform": "emscripten", "platform_system": "Emscripten", "os_name": "posix",
           "platform_machine": "wasm32", "python_version": "3.12", "python_full_version": "3.12.7",
           "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}
# Pure-Python on PyPI, or built into Pyodide's own package set; xlwings is Lite's own.
INSTALLABLE_IN_LITE = {"xlwings", "openpyxl", "jinja2", "docxtpl", "python-docx", "pyyaml", "lxml",
                       "xlsxwriter", "pillow"}


def _dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(d) for d in project["dependencies"]]


def test_in_pyodide_ktxh_needs_nothing_that_cannot_be_installed_there():
    needed = {r.name.lower() for r in _dependencies() if r.marker is None or r.marker.evaluate(PYODIDE)}
    assert "python-calamine" not in needed
    assert needed <= INSTALLABLE_IN_LITE, needed - INSTALLABLE_IN_LITE


def test_on_a_desktop_the_file_door_s_reader_is_still_installed():
    linux = {**PYODIDE, "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"}
    assert any(r.name == "python-calamine" and r.marker.evaluate(linux) for r in _dependencies())


def test_the_lite_requirements_list_every_dependency_but_xlwings_and_end_with_the_wheel():
    lines = [line.strip() for line in LITE_REQUIREMENTS.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    listed = {line.lower() for line in lines[:-1]}
    needed = {r.name.lower() for r in _dependencies() if r.marker is None or r.marker.evaluate(PYODIDE)}
    assert needed - {"xlwings"} <= listed
    assert re.fullmatch(r"https://\S+/ktxh-[\w.]+-py3-none-any\.whl", lines[-1])
