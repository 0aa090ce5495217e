"""LibreOffice conversions: .xlsx -> .ods for LibreOffice users, and -> .pdf for looking at pages.

openpyxl cannot write .ods, so the template is built as .xlsx and converted by LibreOffice itself
(`soffice --headless --convert-to`), which keeps validation, protection, print setup and styles.
Each run uses its own throw-away LibreOffice profile: a profile shared with an open LibreOffice
window (or a parallel run) makes soffice exit silently without converting.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from workbook_templates.atomic import write_atomically
from formulas.errors import KtxhError

CONVERT_TIMEOUT_S = 240


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    exe = soffice_path()
    if exe is None:
        raise KtxhError("không tìm thấy LibreOffice (lệnh soffice) để ghi tệp .ods. Hãy cài LibreOffice "
                        "(https://vi.libreoffice.org; Debian/Ubuntu: apt-get install libreoffice-calc-nogui) "
                        "hoặc tạo tệp .xlsx.")
    return exe


def convert(src: Path | str, fmt: str, outdir: Path | str, *, profile: Path | str | None = None) -> Path:
    """Convert `src` with LibreOffice into `outdir`; returns the new file (same stem, extension `fmt`)."""
    exe = require_soffice()
    src, outdir = Path(src), Path(outdir)
    with tempfile.TemporaryDirectory(prefix="ktxh-lo-") as own_profile:
        profile_url = Path(profile or own_profile).resolve().as_uri()
        cmd = [exe, f"-env:UserInstallation={profile_url}", "--headless", "--norestore",
               "--convert-to", fmt, "--outdir", str(outdir), str(src)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=CONVERT_TIMEOUT_S)
        except subprocess.TimeoutExpired as exc:
            raise KtxhError(f"LibreOffice không chuyển xong tệp '{src.name}' sang {fmt} "
                            f"sau {CONVERT_TIMEOUT_S} giây.") from exc
    out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        detail = (done.stderr or done.stdout).strip()[-300:]
        raise KtxhError(f"LibreOffice không chuyển được tệp '{src.name}' sang {fmt}. {detail}")
    return out


def xlsx_to_ods(xlsx: Path | str, target: Path | str) -> Path:
    """Convert an .xlsx into `target` (.ods), written atomically in target's folder."""
    target = Path(target)
    require_soffice()
    with tempfile.TemporaryDirectory(prefix="ktxh-ods-") as tmp:
        src = Path(tmp) / f"{target.stem}.xlsx"
        shutil.copyfile(xlsx, src)
        ods = convert(src, "ods", tmp)
        write_atomically(target, lambda staging: shutil.copyfile(ods, staging))
    return target
