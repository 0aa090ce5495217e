"""The file door's patch applier on a real template: values, marks, Kiểm tra, atomic save, backup."""
from __future__ import annotations

import openpyxl
import pytest

from formulas import pipeline
from tests.formulas.factory import make_catalog, write_book
from formulas import layout
from workbook_templates.builder import code_rows, column_keys
from formulas.errors import KtxhError
from workbook_templates.reader import read_sheet_values
from formulas.colours import INPUT_RGB, MARK_RGB
from workbook_templates.writer import apply_patch_to_file, backup_path

GOOD = {"NN.LUA_XUAN": {"kh_ky": 1979.0, "kh_nam": 4394, "cung_ky": 2067.6, "uoc_ky": 1990.48},
        "NN.TRONG_RUNG": {"kh_nam": 550, "uoc_ky": 459.65},
        "NS.THU": {"du_toan_tinh": 225000, "du_toan_huyen": 280000, "cung_ky": 134717, "uoc_ky": 256812},
        "CT.THU_NS": {"kh_nam": 450000}}


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("cat"))


def recalc(path, catalog, target=None):
    _data, _result, findings, patch = pipeline.run(read_sheet_values(path), catalog)
    return apply_patch_to_file(path, patch, target), findings


def cell(ws, code, key):
    return ws.cell(code_rows(ws)[code], column_keys(ws)[key])


def input_cells(path, catalog) -> dict:
    """Every input cell of the workbook (sector inputs, Thông tin values, prose and tasks): address -> value."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for sheet in catalog.sheets:
        ws = wb[sheet.sheet]
        keys = column_keys(ws)
        cols = [c.key for c in layout.sector_columns(sheet, "huyen", "") if c.kind == layout.INPUT]
        for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1):
            for k in cols:
                out[(sheet.sheet, r, k)] = ws.cell(r, keys[k]).value
    for name in (layout.SHEET_INFO, layout.SHEET_PROSE, layout.SHEET_TASKS):
        for row in wb[name].iter_rows():
            for c in row:
                out[(name, c.coordinate)] = c.value
    return out


def test_recalc_writes_computed_columns_marks_and_findings_and_keeps_a_backup(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, {**GOOD, "NN.CHE_PHU": {"kh_nam": 70.2, "uoc_ky": -72}})
    original = path.read_bytes()
    before = input_cells(path, catalog)
    written, findings = recalc(path, catalog)
    assert written.path == path and written.backup == backup_path(path) == tmp_path / "so.bak.xlsx"
    assert written.backup.read_bytes() == original
    assert input_cells(path, catalog) == before  # not one input cell changed

    wb = openpyxl.load_workbook(path)
    nn = wb["Nông nghiệp"]
    assert [cell(nn, "NN.LUA_XUAN", k).value for k in ("pct_kh_ky", "pct_kh_nam", "pct_cung_ky", "tang_giam", "danh_gia")] \
        == [100.58, 45.3, 96.27, -3.73, "Vượt"]
    marked = cell(nn, "NN.CHE_PHU", "uoc_ky")
    assert marked.fill.fgColor.rgb[-6:] == MARK_RGB["lỗi"] and marked.comment.author == "ktxh"
    assert "âm" in marked.comment.text
    kt = wb[layout.SHEET_FINDINGS]
    rows = [[c.value for c in r] for r in kt.iter_rows(min_row=layout.FIRST_DATA_ROW, max_col=7)]
    assert [r[2] for r in rows if r[2]] == [f.rule for f in findings]
    assert ["Nông nghiệp", marked.coordinate] in [r[3:5] for r in rows]


def test_second_run_clears_fixed_marks_and_old_findings(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, {**GOOD, "NN.CHE_PHU": {"kh_nam": 70.2, "uoc_ky": -72}})
    recalc(path, catalog)
    wb = openpyxl.load_workbook(path)
    cell(wb["Nông nghiệp"], "NN.CHE_PHU", "uoc_ky").value = 72  # the clerk fixes the cell
    wb.save(path)
    _, findings = recalc(path, catalog)
    assert findings == []
    wb = openpyxl.load_workbook(path)
    fixed = cell(wb["Nông nghiệp"], "NN.CHE_PHU", "uoc_ky")
    assert fixed.fill.fgColor.rgb[-6:] == INPUT_RGB and fixed.comment is None
    kt = wb[layout.SHEET_FINDINGS]
    values = [c.value for r in kt.iter_rows(min_row=layout.FIRST_DATA_ROW) for c in r if c.value is not None]
    assert values == ["Không phát hiện lỗi nào trong sổ số liệu."]


def test_output_elsewhere_leaves_the_input_file_untouched(tmp_path, catalog):
    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    original = path.read_bytes()
    written, _ = recalc(path, catalog, tmp_path / "ket_qua.xlsx")
    assert path.read_bytes() == original and written.backup is None
    assert cell(openpyxl.load_workbook(written.path)["Ngân sách"], "NS.THU", "pct_du_toan_tinh").value == 114.14


def test_interrupted_save_leaves_the_original_intact(tmp_path, catalog, monkeypatch):
    from workbook_templates import package_writer

    path = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    original = path.read_bytes()

    def broken_save(source, patch, dest, shown=None):
        with open(dest, "wb") as fh:
            fh.write(b"PK\x03\x04 half a workbook")
        raise OSError("đĩa đầy")

    monkeypatch.setattr(package_writer, "apply_patch_to_package", broken_save)
    with pytest.raises(KtxhError, match="không ghi được .*đĩa đầy"):  # a full disk: Vietnamese, no traceback
        recalc(path, catalog)
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["so.xlsx"]  # no temp file, no backup left


def test_ods_and_other_files_are_refused_with_a_clear_message(tmp_path):
    from formulas.patch import Patch
    ods = tmp_path / "so.ods"
    ods.write_bytes(b"x")
    with pytest.raises(KtxhError, match="-o “so.xlsx”"):
        apply_patch_to_file(ods, Patch())  # an .ods is never rewritten in place
    with pytest.raises(KtxhError, match="Không tìm thấy"):
        apply_patch_to_file(tmp_path / "khong_co.xlsx", Patch())
    (tmp_path / "a.xlsx").write_bytes(b"not a zip")
    with pytest.raises(KtxhError, match="Không mở được tệp “a.xlsx”"):
        apply_patch_to_file(tmp_path / "a.xlsx", Patch())
    with pytest.raises(KtxhError, match="cùng kiểu"):
        apply_patch_to_file(tmp_path / "a.xlsx", Patch(), tmp_path / "b.xlsm")


def test_recalc_of_the_demo_changes_only_computed_cells_and_the_findings_sheet(tmp_path):
    from formulas.catalog import load_catalog
    from workbook_templates.demo import write_demo_workbook

    catalog = load_catalog()
    path = write_demo_workbook(tmp_path)
    before = _all_cells(path)
    recalc(path, catalog)
    after = _all_cells(path)
    wb = openpyxl.load_workbook(path)
    computed = {}
    for sheet in catalog.sheets:
        keys = column_keys(wb[sheet.sheet])
        computed[sheet.sheet] = {keys[c.key] for c in layout.sector_columns(sheet, "huyen", "")
                                 if c.kind == layout.COMPUTED}
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed  # the computed columns were (re)written
    for sheet, r, c in changed:
        assert sheet == layout.SHEET_FINDINGS or c in computed.get(sheet, ()), (sheet, r, c)
        if sheet != layout.SHEET_FINDINGS:
            assert r >= layout.FIRST_DATA_ROW
    nn = wb["Nông nghiệp"]
    assert cell(nn, "NN.LUA_XUAN", "pct_kh_ky").value == 100.58


def _all_cells(path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.row, c.column): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None}


def test_xlsm_keeps_its_vba_project(tmp_path, catalog):
    import zipfile

    from addin.build_xlsm import build_xlsm
    from tests.formulas.factory import FULL_INFO
    from workbook_templates.builder import build_workbook

    wb = build_workbook(don_vi="UBND huyện Cao Lộc", ky="6 tháng đầu năm", nam=2023, cap="huyen",
                        catalog=catalog, info=FULL_INFO)
    ws = wb["Nông nghiệp"]
    for key, v in GOOD["NN.LUA_XUAN"].items():
        cell(ws, "NN.LUA_XUAN", key).value = v
    path = build_xlsm(tmp_path, name="SoLieu", workbook=wb)
    vba = zipfile.ZipFile(path).read("xl/vbaProject.bin")
    written, _ = recalc(path, catalog)
    assert written.backup.name == "SoLieu.bak.xlsm"
    assert zipfile.ZipFile(path).read("xl/vbaProject.bin") == vba
    assert cell(openpyxl.load_workbook(path, keep_vba=True)["Nông nghiệp"], "NN.LUA_XUAN", "pct_kh_ky").value == 100.58


def test_ods_recalc_writes_a_new_xlsx_and_leaves_the_ods_alone(tmp_path, catalog):
    from workbook_templates import ods

    xlsx = write_book(tmp_path / "so.xlsx", catalog, GOOD)
    src = ods.convert(xlsx, "ods", tmp_path / "o") if (tmp_path / "o").mkdir() is None else None
    original = src.read_bytes()
    written, findings = recalc(src, catalog, tmp_path / "ket_qua.xlsx")
    assert src.read_bytes() == original and written.backup is None
    wb = openpyxl.load_workbook(written.path)
    assert cell(wb["Nông nghiệp"], "NN.LUA_XUAN", "pct_kh_ky").value == 100.58
    assert cell(wb["Nông nghiệp"], "NN.LUA_XUAN", "uoc_ky").value == 1990.48  # inputs carried over
