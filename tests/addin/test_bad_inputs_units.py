"""The bad-input corpus through `ktxh tong-hop` (a folder of xã workbooks, some broken) and `ktxh soat`.

tong-hop: every file-level and hostile-package case of tests/addin/bad_inputs.py put in a folder beside two clean
generated xã workbooks: the broken one is left out and named (exit 1), the two are consolidated,
no traceback, and no file of the folder changes. Then the outputs tong-hop must refuse (exit 2).
soat: the bad files it may be given instead of a report (exit 2, the file named).

| class                         | cases |
|-------------------------------|-------|
| tong-hop: a broken unit file  | 25    |
| tong-hop: outputs             | 3     |
| tong-hop: only broken files   | 1     |
| soat: bad report files        | 9     |
| soat: output = its own input  | 2     |
"""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.addin import bad_inputs
from tests.addin.bad_inputs import CASES, LAUGHS, XXE, with_doctype
from tests.addin.test_bad_inputs import VIETNAMESE, bases, folder_state, run_child, run_cli  # noqa: F401 - bases

UNIT_CASES = [c for c in CASES if c.klass in ("tệp không phải sổ", "gói độc hại")
              and c.name not in ("missing_path", "directory")]


@pytest.fixture(scope="module")
def units(tmp_path_factory) -> list[Path]:
    from workbook_templates.generated_units import write_units

    return write_units(tmp_path_factory.mktemp("units"), 2)


def _folder(tmp_path: Path, units: list[Path]) -> Path:
    folder = tmp_path / "các xã"
    folder.mkdir()
    for u in units:
        shutil.copyfile(u, folder / u.name)
    return folder


def _no_traceback(run) -> None:
    assert "Traceback" not in run.text, run.err[-3000:]
    assert VIETNAMESE.search(run.text), run.text[-2000:]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in UNIT_CASES])
def test_a_broken_unit_is_left_out_and_named(case, bases, units, tmp_path):
    folder = _folder(tmp_path, units)
    bad = case.make(folder, bases)
    if bad.suffix.lower() not in (".xlsx", ".xlsm", ".ods"):
        bad = bad.rename(bad.with_suffix(".xlsx"))  # a folder is searched for workbooks by suffix
    before = folder_state(folder)
    out = tmp_path / "tong_hop.xlsx"
    argv = ["tong-hop", str(folder), "-o", str(out), "--force"]
    run = run_child(argv) if case.heavy else run_cli(argv)
    _no_traceback(run)
    assert run.code == 1, f"{case.name}: exit {run.code}\n{run.text[-3000:]}"
    assert bad.name in run.text, run.text[-3000:]
    assert re.search(r"Đã tổng hợp 0?2 đơn vị", run.text), run.text[-3000:]
    assert folder_state(folder) == before
    assert out.is_file()


def test_output_into_a_missing_folder(units, tmp_path):
    folder = _folder(tmp_path, units)
    run = run_cli(["tong-hop", str(folder), "-o", str(tmp_path / "chua_co" / "th.xlsx")])
    _no_traceback(run)
    assert run.code == 2 and "không tồn tại" in run.text, run.text


def test_output_that_is_one_of_the_units_is_refused_even_with_ghi_de(units, tmp_path):
    folder = _folder(tmp_path, units)
    before = folder_state(folder)
    target = folder / units[0].name
    run = run_cli(["tong-hop", str(folder), "-o", str(target), "--ghi-de"])
    _no_traceback(run)
    assert run.code == 2 and target.name in run.text, run.text
    assert folder_state(folder) == before, "a unit's own workbook was overwritten"


def test_output_in_a_read_only_folder(units, tmp_path):
    folder = _folder(tmp_path, units)
    ro = tmp_path / "chi_doc"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        run = run_cli(["tong-hop", str(folder), "-o", str(ro / "th.xlsx")])
    finally:
        ro.chmod(0o755)
    _no_traceback(run)
    assert run.code == 2 and "chỉ đọc" in run.text, run.text
    assert list(ro.iterdir()) == []


def test_a_folder_of_nothing_but_broken_files(bases, tmp_path):
    folder = tmp_path / "hong"
    folder.mkdir()
    bad_inputs.empty_file(folder, bases)
    bad_inputs.random_bytes(folder, bases)
    run = run_cli(["tong-hop", str(folder), "-o", str(tmp_path / "th.xlsx")])
    _no_traceback(run)
    assert run.code == 2, run.text
    assert not (tmp_path / "th.xlsx").exists()


# --------------------------------------------------------------------------------------------
# soat: what may be handed to it instead of a report

def _docx_parts(report: Path) -> dict[str, bytes]:
    return bad_inputs.members(report)


def _soat_empty(tmp, b):
    p = tmp / "rong.docx"
    p.write_bytes(b"")
    return p


def _soat_random(tmp, b):
    p = tmp / "ngau_nhien.docx"
    p.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(4096)))
    return p


def _soat_workbook_renamed(tmp, b):
    return bad_inputs.copy_base(b.clean, tmp, "so_lieu_doi_duoi.docx")


def _soat_truncated(tmp, b):
    p = tmp / "cat_do.docx"
    data = b.report.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    return p


def _soat_xls(tmp, b):
    return bad_inputs.ole_file(tmp, "van_ban_cu.docx", "WordDocument")


def _soat_directory(tmp, b):
    p = tmp / "thu_muc.docx"
    p.mkdir()
    return p


def _soat_laughs(tmp, b):
    parts = _docx_parts(b.report)
    parts["word/document.xml"] = with_doctype(parts["word/document.xml"], LAUGHS).replace(b"<w:t>", b"<w:t>&lol9;", 1)
    return bad_inputs.write_zip(tmp / "tiep_la.docx", parts)


def _soat_xxe(tmp, b):
    parts = _docx_parts(b.report)
    parts["word/document.xml"] = with_doctype(parts["word/document.xml"], XXE).replace(b"<w:t>", b"<w:t>&xxe;", 1)
    return bad_inputs.write_zip(tmp / "xxe.docx", parts)


def _soat_bomb(tmp, b):
    parts = _docx_parts(b.report)
    p = tmp / "bom_nen.docx"
    head, tail = parts["word/document.xml"].split(b"<w:body>", 1)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, data in parts.items():
            if name != "word/document.xml":
                zf.writestr(name, data)
                continue
            with zf.open(name, "w", force_zip64=True) as out:
                out.write(head + b"<w:body>")
                for _ in range(512):
                    out.write(b" " * (1 << 20))
                out.write(tail)
    return p


SOAT_CASES = [_soat_empty, _soat_random, _soat_workbook_renamed, _soat_truncated, _soat_xls, _soat_directory,
              _soat_laughs, _soat_xxe, _soat_bomb]


@pytest.mark.parametrize("make", [pytest.param(m, id=m.__name__) for m in SOAT_CASES])
def test_soat_refuses_a_bad_report(make, bases, tmp_path):
    path = make(tmp_path, bases)
    before = folder_state(tmp_path)
    run = run_child(["soat", str(path)], timeout=120)
    _no_traceback(run)
    assert run.code == 2, f"exit {run.code}\n{run.text[-2000:]}"
    assert path.name in run.text, run.text[-2000:]
    assert folder_state(tmp_path) == before


def test_backups_and_temp_files_beside_the_units_are_not_units(units, tmp_path):
    """A xã workbook recalculated in the folder leaves its .bak.xlsx (the older copy); a killed writer
    leaves a hidden temp file: neither is a unit, and neither pushes the real workbook out."""
    folder = _folder(tmp_path, units)
    shutil.copyfile(units[0], folder / f"{units[0].stem}.bak.xlsx")
    shutil.copyfile(units[1], folder / f".{units[1].stem}.ktxh-99999-abc.xlsx")
    run = run_cli(["tong-hop", str(folder), "-o", str(tmp_path / "th.xlsx")])
    _no_traceback(run)
    assert run.code == 0 and re.search(r"Đã tổng hợp 0?2 đơn vị", run.text) and "trùng" not in run.text, run.text


@pytest.mark.parametrize("option", ["-o", "--xlsx"])
def test_soat_never_writes_over_the_report_it_reads(option, bases, tmp_path):
    report = bad_inputs.copy_base(bases.report, tmp_path, "bao_cao.docx")
    before = folder_state(tmp_path)
    run = run_cli(["soat", str(report), option, str(report)])
    _no_traceback(run)
    assert run.code == 2 and report.name in run.text, run.text
    assert folder_state(tmp_path) == before, "the report was overwritten"
