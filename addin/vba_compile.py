"""Compile a VBA module into a ``vbaProject.bin`` without Excel, with LibreOffice's VBA exporter.

Why LibreOffice: the VBA project is an OLE container of compressed streams (MS-OVBA); a project
written with *source only* (no compiled cache, ``_VBA_PROJECT`` version 0xFFFF) is valid and Excel
compiles it when the workbook opens. LibreOffice writes exactly that when it saves an .xlsm, it is
already a CI dependency (the PDF checks), and no maintained Python library writes MS-OVBA.

How: a throw-away LibreOffice profile gets one Basic macro (addin/vba/libreoffice_compile.bas); run
headless, it opens xlwings' quickstart.xlsm (read from the installed package, for its VBA project and
document modules), replaces the code modules by ours and saves an .xlsm, whose vbaProject.bin we keep.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from addin.vba_source import ansi_source, public_subs
from formulas.errors import KtxhError

VBA_DIR = Path(__file__).parent / "vba"
LO_MACRO = VBA_DIR / "libreoffice_compile.bas"
LO_MODULE = "KtxhCompile"
XLWINGS_SHELL = "quickstart.xlsm"  # xlwings' non-standalone quickstart: a VBA project, no xlwings module
TIMEOUT_S = 180


def find_soffice() -> str | None:
    """LibreOffice's program: $KTXH_SOFFICE, then PATH, then the usual Windows install folder."""
    candidates = [os.environ.get("KTXH_SOFFICE"), shutil.which("soffice"), shutil.which("libreoffice"),
                  r"C:\Program Files\LibreOffice\program\soffice.exe"]
    return next((c for c in candidates if c and Path(c).exists()), None)


def compile_module(module_name: str, code: str, soffice: str | None = None) -> bytes:
    """A vbaProject.bin holding ``code`` as standard module ``module_name`` (plus document modules)."""
    soffice = soffice or find_soffice()
    if soffice is None:
        raise KtxhError("cần LibreOffice (lệnh soffice) để dựng macro cho sổ .xlsm: hãy cài LibreOffice, "
                        "hoặc dựng sổ một nút bằng tuỳ chọn --mot-nut.")
    with tempfile.TemporaryDirectory(prefix="ktxh-vba-") as tmp:
        tmp = Path(tmp)
        profile = tmp / "profile"
        _run(soffice, profile, ["--terminate_after_init"])  # LibreOffice fills a new profile on first start
        _install_macro(profile)
        code_file, shell, out = tmp / "module.bas", tmp / "shell.xlsm", tmp / "out.xlsm"
        code_file.write_text(libreoffice_module_text(code), encoding="utf-8")
        shutil.copyfile(_xlwings_shell(), shell)
        args = ",".join(f'"{p}"' for p in (shell, out, module_name, code_file))
        _run(soffice, profile, [f"macro:///Standard.{LO_MODULE}.Compile({args})"])
        if not out.exists():
            raise KtxhError("LibreOffice không ghi được sổ .xlsm có macro (dựng dự án VBA thất bại).")
        with zipfile.ZipFile(out) as z:
            if "xl/vbaProject.bin" not in z.namelist():
                raise KtxhError("LibreOffice không xuất dự án VBA (xl/vbaProject.bin) vào sổ .xlsm.")
            return z.read("xl/vbaProject.bin")


def libreoffice_module_text(code: str) -> str:
    """The module as LibreOffice holds an imported VBA module: its VBA-mode header, no Attribute lines
    (the exporter writes VB_Name itself), non-ASCII literals spelled with ChrW."""
    body = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith("Attribute "))
    return "Rem Attribute VBA_ModuleType=VBAModule\nOption VBASupport 1\n" + ansi_source(body) + "\n"


def expected_subs(code: str) -> dict[str, int]:
    return public_subs(ansi_source(code))


def _run(soffice: str, profile: Path, args: list[str]) -> None:
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore", *args]
    try:
        subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as exc:
        raise KtxhError(f"không chạy được LibreOffice ({soffice}): {exc}") from None


def _install_macro(profile: Path) -> None:
    """Add our Basic module to the profile's Standard library (the profile exists after the first start)."""
    library = profile / "user" / "basic" / "Standard"
    index = library / "script.xlb"
    if not index.exists():
        raise KtxhError(f"LibreOffice không tạo hồ sơ người dùng ở '{profile}'.")
    xlb = index.read_text(encoding="utf-8")
    entry = f' <library:element library:name="{LO_MODULE}"/>\n</library:library>'
    index.write_text(xlb.replace("</library:library>", entry), encoding="utf-8")
    source = escape(LO_MACRO.read_text(encoding="utf-8"), {'"': "&quot;"})
    (library / f"{LO_MODULE}.xba").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n'
        f'<script:module xmlns:script="http://openoffice.org/2000/script" script:name="{LO_MODULE}" '
        f'script:language="StarBasic">{source}</script:module>\n', encoding="utf-8")


def _xlwings_shell() -> Path:
    import xlwings

    shell = Path(xlwings.__file__).parent / XLWINGS_SHELL
    if not shell.exists():
        raise KtxhError(f"không tìm thấy '{shell}': hãy cài lại xlwings (pip install xlwings).")
    return shell
