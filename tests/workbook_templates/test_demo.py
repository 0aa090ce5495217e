"""The demo workbook: the demo data lands in the right cells; the real demo opens and prints in LibreOffice."""
from __future__ import annotations

import textwrap
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils.escape import unescape
import yaml

from addin.cli import main
from addin.commands.demo import run_demo
from tests.workbook_templates.conftest import lo_profile, pdf_pages
from formulas import layout
from workbook_templates import ods
from workbook_templates.builder import code_rows, column_keys
from formulas.catalog import load_catalog
from workbook_templates.demo import DEMO_DATA, DEMO_FILE, load_demo_data, write_demo_workbook
from formulas.errors import KtxhError

SMALL = textwrap.dedent("""\
    info:
      cap: huyen
      co_quan_chu_quan: UBND TỈNH LẠNG SƠN
      co_quan: ỦY BAN NHÂN DÂN HUYỆN CAO LỘC
      so_ky_hieu: 617/BC-UBND
      dia_danh: Cao Lộc
      ngay_ban_hanh: 04/07/2023
      ky_bao_cao: 6 tháng đầu năm
      nam: 2023
      noi_nhan: [UBND tỉnh Lạng Sơn, "Lưu: VT."]
    values:
      TN.THU: {dt_tren: 1000, dt_cap: 1200.5, cung_ky: 900, uoc_ky: 650.4, ghi_chu: Kế hoạch nhập để khớp tỷ lệ đã nêu}
      TN.THU_THUE: {dt_tren: 300, uoc_ky: 310}
      TN.CHENH_LECH: {uoc_ky: -12}
      TN.TINH_HINH: {uoc_ky: Ổn định}
      TN.HO_NGHEO: {dt_cap: 5.5, cung_ky: 6.1, uoc_ky: 5.75}
    prose:
      - {muc: chi_dao, noi_dung: Đoạn một về chỉ đạo.}
      - {muc: ngan_sach, noi_dung: Thu ngân sách đạt khá., sau_chi_tieu: TN.THU}
      - {muc: chi_dao, noi_dung: Đoạn hai về chỉ đạo.}
      - {muc: nhiem_vu, noi_dung: Tập trung thu ngân sách.}
    tasks:
      - {nhom: Kinh tế, nhiem_vu: Hoàn thành thu ngân sách, ket_qua: Hoàn thành, ghi_chu: ""}
      - {nhom: Xã hội, nhiem_vu: Giảm nghèo, ket_qua: Chưa hoàn thành, ghi_chu: Chờ số liệu}
    derived: {}
    """)


@pytest.fixture()
def small(tmp_path, small_catalog):
    data = tmp_path / "demo.yaml"
    data.write_text(SMALL, encoding="utf-8")
    path = write_demo_workbook(tmp_path / "out", data_path=data, catalog=small_catalog)
    return openpyxl.load_workbook(path), yaml.safe_load(SMALL), small_catalog


def _assert_values_in_cells(wb, catalog, values):
    """Every demo value sits in its indicator's row (by code) and column (by key), in an input cell."""
    n = 0
    for code, row_values in values.items():
        ws = wb[catalog.indicator(code).sheet]
        cols, rows = column_keys(ws), code_rows(ws)
        for key, value in row_values.items():
            cell = ws.cell(rows[code], cols[key])
            assert cell.value == value, (code, key, cell.coordinate)
            assert cell.protection.locked is False, f"{code}.{key} in {ws.title}!{cell.coordinate} is not an input cell"
            n += 1
    return n


def test_values_land_in_their_cells(small):
    wb, data, catalog = small
    assert _assert_values_in_cells(wb, catalog, data["values"]) == 12
    ws = wb["Thử nghiệm"]
    rows, cols = code_rows(ws), column_keys(ws)
    assert ws.cell(rows["TN.THU_THUE_DN"], cols["uoc_ky"]).value is None  # untouched rows stay empty
    assert ws.cell(rows["TN.THU"], cols["pct_dt_tren"]).value is None  # computed columns are not filled


def test_info_filled_with_real_dates(small):
    wb, _, _ = small
    ws = wb[layout.SHEET_INFO]
    info = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)}
    assert info["so_ky_hieu"] == "617/BC-UBND" and info["cap"] == "huyen" and info["nam"] == 2023
    assert info["ngay_ban_hanh"] == datetime(2023, 7, 4)
    assert info["noi_nhan"] == "UBND tỉnh Lạng Sơn\nLưu: VT."
    assert "UBND huyện Cao Lộc" in wb["Thử nghiệm"]["A2"].value  # unit in the sector subtitle


def test_prose_keeps_every_section_in_order_with_paragraph_rows(small):
    wb, _, catalog = small
    ws = wb[layout.SHEET_PROSE]
    keys = [c.key for c in layout.PROSE_COLUMNS]
    rows = [dict(zip(keys, r)) for r in ws.iter_rows(min_row=layout.FIRST_DATA_ROW, values_only=True)]
    for r in rows:
        r["muc"] = unescape(r["muc"])  # openpyxl does not decode _x005F_ (see builder.escape_office_text)
    order = [s.key for s in catalog.sections]
    assert [r["muc"] for r in rows] == [order[0], order[0], *order[1:]]  # chi_dao has two paragraphs
    assert [r["noi_dung"] for r in rows[:2]] == ["Đoạn một về chỉ đạo.", "Đoạn hai về chỉ đạo."]
    ns = next(r for r in rows if r["muc"] == "ngan_sach")
    assert (ns["noi_dung"], ns["sau_chi_tieu"]) == ("Thu ngân sách đạt khá.", "TN.THU")
    assert next(r for r in rows if r["muc"] == "nhiem_vu")["noi_dung"] == "Tập trung thu ngân sách."
    assert next(r for r in rows if r["muc"] == "thuan_loi")["noi_dung"] is None
    assert [r["stt"] for r in rows] == list(range(1, len(rows) + 1))


def test_tasks_in_order(small):
    ws = small[0][layout.SHEET_TASKS]
    keys = [c.key for c in layout.TASK_COLUMNS]
    rows = [dict(zip(keys, r)) for r in ws.iter_rows(min_row=layout.FIRST_DATA_ROW, values_only=True) if r[2]]
    assert [(r["stt"], r["nhiem_vu"], r["ket_qua"]) for r in rows] == [
        (1, "Hoàn thành thu ngân sách", "Hoàn thành"), (2, "Giảm nghèo", "Chưa hoàn thành")]


def test_reader_reads_the_demo_values_back(small, tmp_path):
    from workbook_templates.reader import read_workbook

    _, data, catalog = small
    got = read_workbook(tmp_path / "out" / DEMO_FILE, catalog)
    rows = got.by_code()
    assert rows["TN.THU"].value("dt_cap") == Decimal("1200.5")
    assert rows["TN.CHENH_LECH"].value("uoc_ky") == Decimal("-12")
    assert got.info["so_ky_hieu"] == "617/BC-UBND"
    assert got.info["ngay_ban_hanh"] == date(2023, 7, 4)


@pytest.mark.parametrize("patch,message", [
    ({"values": {"TN.KHONG_CO": {"uoc_ky": 1}}}, "TN.KHONG_CO"),
    ({"values": {"TN.THU": {"kh_vu": 1}}}, "kh_vu"),
    ({"prose": [{"muc": "khong_co", "noi_dung": "x"}]}, "khong_co"),
])
def test_bad_demo_data_is_a_vietnamese_error(tmp_path, small_catalog, patch, message):
    data = {**yaml.safe_load(SMALL), **patch}
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KtxhError, match=message):
        write_demo_workbook(tmp_path / "out", data_path=path, catalog=small_catalog)
    assert not (tmp_path / "out" / DEMO_FILE).exists()


def test_missing_demo_data(tmp_path):
    with pytest.raises(KtxhError, match="không tìm thấy dữ liệu mẫu"):
        load_demo_data(tmp_path / "khong_co.yaml")


# ---------------------------------------------------------------- the real demo (seed report 617/BC-UBND)

@pytest.fixture(scope="module")
def real_demo(tmp_path_factory):
    outdir = tmp_path_factory.mktemp("demo")
    paths = run_demo(outdir, consolidation=False)  # (the consolidation demo: tests/addin/commands/test_demo.py)
    return paths, load_demo_data(DEMO_DATA)


def test_run_demo_writes_the_workbook(real_demo):
    paths, _ = real_demo
    assert [p.name for p in paths][0] == DEMO_FILE and paths[0].exists()


def test_real_demo_values_at_their_cells(real_demo):
    paths, data = real_demo
    wb = openpyxl.load_workbook(paths[0])
    from workbook_templates.demo import demo_catalog

    assert _assert_values_in_cells(wb, demo_catalog(data, load_catalog("huyen")), data["values"]) >= 50


def test_real_demo_info_prose_and_tasks(real_demo):
    paths, data = real_demo
    wb = openpyxl.load_workbook(paths[0])
    ws = wb[layout.SHEET_INFO]
    info = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(layout.FIRST_DATA_ROW, ws.max_row + 1)}
    assert info["so_ky_hieu"] == "617/BC-UBND"
    texts = [r[4] for r in wb[layout.SHEET_PROSE].iter_rows(min_row=layout.FIRST_DATA_ROW, values_only=True)]
    assert [t for t in texts if t] == [str(p["noi_dung"]) for p in _in_outline_order(data["prose"])]
    keys = [c.key for c in layout.TASK_COLUMNS]
    tasks = [dict(zip(keys, r)) for r in wb[layout.SHEET_TASKS].iter_rows(min_row=layout.FIRST_DATA_ROW,
                                                                           values_only=True) if r[2]]
    assert [t["nhiem_vu"] for t in tasks] == [t["nhiem_vu"] for t in data.get("tasks") or []]


def _in_outline_order(prose):
    order = {s.key: i for i, s in enumerate(load_catalog().sections)}
    return sorted((p for p in prose if p.get("noi_dung")), key=lambda p: order[p["muc"]])  # stable sort


def test_demo_command(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "ra")]) == 0
    assert (tmp_path / "ra" / DEMO_FILE).exists()
    assert "Đã ghi" in capsys.readouterr().out


def test_real_demo_opens_and_prints_in_libreoffice(real_demo, tmp_path):
    pdf = ods.convert(real_demo[0][0], "pdf", tmp_path, profile=lo_profile(tmp_path))
    assert pdf_pages(pdf) >= len(layout.all_sheet_names(load_catalog())) - 1
