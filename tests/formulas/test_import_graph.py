"""The import graph runs doors → core, never back: the core must load inside Excel's Python (xlwings
Lite, Pyodide) without openpyxl-based styling or any door module."""
import ast
import subprocess
import sys
from pathlib import Path

import formulas

DOORS = ("workbook_templates", "generator", "addin")
CORE_DIR = Path(formulas.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_a_door():
    offenders = {
        f"{path.name}: {name}"
        for path in CORE_DIR.rglob("*.py")
        for name in _imported_modules(path)
        if name.split(".")[0] in DOORS
    }
    assert not offenders, sorted(offenders)


def test_importing_every_core_module_loads_no_door_and_no_openpyxl():
    modules = sorted(f"formulas.{p.stem}" for p in CORE_DIR.glob("*.py") if p.stem != "__init__")
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        + repr(DOORS + ("openpyxl",))
        + ")\nprint(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
