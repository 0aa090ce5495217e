"""The button jobs on xlwings' remote engine (the engine of xlwings Lite and Server), compared cell
for cell with the command line (`ktxh recalc`, `ktxh export`) on the same workbook."""
import datetime as dt
from pathlib import Path

import pytest
import xlwings as xw
from docx import Document

from addin import scripts
from addin.cli import main as ktxh
from tests.addin.office_js import apply_actions, fills, payload_from_xlsx, sheet_values, trim_rows
from workbook_templates.builder import build_workbook, code_rows, column_keys, save_workbook
from formulas.layout import SHEET_FINDINGS, SHEET_GUIDE, SHEET_INFO

NN = "Nông nghiệp"


def _sample(path: Path, *, broken: bool = False) -> Path:
    """The template with report information and figures; no errors unless broken (then one text figure)."""
    wb = build_workbook(don_vi="UBND xã Tân Liên", ky="6 tháng đầu năm", nam=2026, cap="xa",
                        created=dt.datetime(2026, 7, 1, 8, 0))
    info = wb[SHEET_INFO]
    keys = {info.cell(r, 1).value: r for r in range(1, info.max_row + 1)}
    for key, value in {"so_ky_hieu": "15/BC-UBND", "ngay_ban_hanh": dt.datetime(2026, 7, 4),
                       "chuc_vu_ky": "CHỦ TỊCH", "nguoi_ky": "Nguyễn Văn A",
                       "noi_nhan": "UBND tỉnh;\nLưu: VT."}.items():
        info.cell(keys[key], 3).value = value
    ws = wb[NN]
    col, row = column_keys(ws), code_rows(ws)
    figures = {"NN.LUA_XUAN": {"kh_ky": 120, "kh_nam": 240, "cung_ky": 118.5, "den_ngay": 100, "uoc_ky": 121.25},
               "NN.NGO_XUAN": {"kh_ky": 80, "kh_nam": 160, "cung_ky": 90, "den_ngay": 70, "uoc_ky": 79.4},
               "NN.RAU": {"kh_ky": 40, "kh_nam": 80, "cung_ky": 35, "den_ngay": 30, "uoc_ky": 45}}
    for code, cells in figures.items():
        for key, value in cells.items():
            if key in col:
                ws.cell(row[code], col[key]).value = value
    _fill_required(wb)
    if broken:
        ws.cell(row["NN.RAU"], col["uoc_ky"]).value = "bốn lăm"
    return save_workbook(wb, path)


def _fill_required(wb) -> None:
    """Type a small figure wherever the checker says a required figure is missing (test data only)."""
    from formulas.pipeline import run
    from formulas.catalog import load_catalog

    values = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    _, _, findings, _ = run(values, load_catalog("xa"))
    for f in findings:
        if f.rule in ("THIEU_SO_LIEU", "THIEU_KE_HOACH") and f.cell:
            wb[f.sheet][f.cell].value = 5


def _run_remote(job, src: Path, out: Path, payload=None, **kwargs):
    book = xw.Book(json=payload or payload_from_xlsx(src))
    returned = job(book, **kwargs)
    alerts = apply_actions(src, book.json()["actions"], out)
    return returned, alerts, book.json()["actions"]


def _same_values(a: Path, b: Path, skip=()):
    va, vb = sheet_values(a), sheet_values(b)
    assert list(va) == list(vb)
    for name in va:
        if name not in skip:
            assert trim_rows(va[name]) == trim_rows(vb[name]), name


@pytest.fixture(params=[False, True], ids=["clean", "with-error"])
def workbook(request, tmp_path):
    return _sample(tmp_path / "so.xlsx", broken=request.param)


def test_recalculate_equals_ktxh_recalc_cell_for_cell(workbook, tmp_path):
    cli_out, door_out = tmp_path / "cli.xlsx", tmp_path / "door.xlsx"
    assert ktxh(["recalc", str(workbook), "-o", str(cli_out)]) == 0
    message, alerts, _ = _run_remote(scripts.recalculate, workbook, door_out)
    _same_values(cli_out, door_out)
    # the marks: the same fills on every cell (the file door also adds comments; the door does not)
    assert fills(cli_out) == fills(door_out)
    assert sheet_values(door_out) != sheet_values(workbook)  # something was computed
    (alert,) = alerts
    assert alert[0] == message and alert[1] == "ktxh" and message.startswith("Đã tính toán lại")


def test_a_workbook_with_errors_gets_marked_cells_and_a_critical_message(tmp_path):
    src = _sample(tmp_path / "so.xlsx", broken=True)
    _, alerts, actions = _run_remote(scripts.recalculate, src, tmp_path / "door.xlsx")
    marked = [a for a in actions if a["func"] == "setRangeColor" and a["args"][0] != "#FFF2CC"]
    assert marked, "the unreadable figure is marked"
    assert alerts[0][3] == "critical" and "lỗi" in alerts[0][0]


def test_recalculating_twice_gives_the_same_workbook(tmp_path):
    src = _sample(tmp_path / "so.xlsx", broken=True)
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    _run_remote(scripts.recalculate, src, once)
    _run_remote(scripts.recalculate, once, twice)
    _same_values(once, twice)
    assert fills(once) == fills(twice)


def test_check_writes_only_the_findings_sheet_and_marks(workbook, tmp_path):
    cli_out, door_out = tmp_path / "cli.xlsx", tmp_path / "door.xlsx"
    ktxh(["recalc", str(workbook), "-o", str(cli_out)])
    message, _, _ = _run_remote(scripts.check, workbook, door_out)
    _same_values(workbook, door_out, skip=(SHEET_FINDINGS,))  # no computed column written
    assert trim_rows(sheet_values(door_out)[SHEET_FINDINGS]) == trim_rows(sheet_values(cli_out)[SHEET_FINDINGS])
    assert fills(door_out) == fills(cli_out)
    assert message.startswith("Kiểm tra số liệu") or message.startswith("Không phát hiện")


def test_export_writes_the_same_report_as_ktxh_export(tmp_path):
    src = _sample(tmp_path / "so.xlsx")
    (tmp_path / "door").mkdir()
    path, alerts, actions = _run_remote(scripts.export_report, src, tmp_path / "x.xlsx", folder=tmp_path / "door")
    assert path == tmp_path / "door" / "so - Bao cao.docx" and path.exists()
    assert [a["func"] for a in actions] == ["alert"]  # the workbook itself is not touched
    assert ktxh(["export", str(src), "-o", str(tmp_path / "cli.docx")]) == 0
    text = lambda p: [para.text for para in Document(p).paragraphs]  # noqa: E731
    assert text(path) == text(tmp_path / "cli.docx")
    assert str(path) in alerts[0][0]


def test_export_refuses_a_workbook_with_errors_in_a_message_box(tmp_path):
    src = _sample(tmp_path / "so.xlsx", broken=True)
    returned, alerts, _ = _run_remote(scripts.export_report, src, tmp_path / "x.xlsx", folder=tmp_path)
    assert returned is None and not list(tmp_path.glob("*.docx"))
    assert alerts[0][0].startswith("Lỗi:") and f"{NN}!" in alerts[0][0] and alerts[0][3] == "critical"


def test_export_of_an_unsaved_workbook_asks_to_save_it_first(tmp_path):
    src = _sample(tmp_path / "so.xlsx")
    returned, alerts, _ = _run_remote(scripts.export_report, src, tmp_path / "x.xlsx")  # fullname: no folder
    assert returned is None and "lưu sổ" in alerts[0][0]


def test_a_foreign_workbook_gets_a_vietnamese_message_not_a_traceback(tmp_path):
    payload = payload_from_xlsx(_sample(tmp_path / "so.xlsx"))
    payload["sheets"] = [s for s in payload["sheets"] if s["name"] != NN]
    book = xw.Book(json=payload)
    assert scripts.recalculate(book) is None
    (alert,) = book.json()["actions"]
    assert alert["func"] == "alert" and alert["args"][0].startswith("Lỗi:") and NN in alert["args"][0]


@pytest.mark.parametrize("choice, job", [("Kiểm tra số liệu", "check"), ("Tính toán lại", "recalculate"),
                                         ("", "recalculate"), ("gì đó", "recalculate")])
def test_the_control_panel_choice_selects_the_job(tmp_path, choice, job):
    src = _sample(tmp_path / "so.xlsx")
    payload = payload_from_xlsx(src)
    guide = next(s for s in payload["sheets"] if s["name"] == SHEET_GUIDE)
    while len(guide["values"][2]) < 4:
        for row in guide["values"]:
            row.append("")
    guide["values"][2][3] = choice
    payload["names"] = [{"name": scripts.ACTION_NAME, "sheet_index": 0, "address": "D3", "book_scope": True,
                         "scope_sheet_name": None, "scope_sheet_index": None}]
    assert scripts.chosen_action(xw.Book(json=payload)) == {"check": scripts.CHECK, "recalculate": scripts.RECALCULATE}[job]
    _, _, actions = _run_remote(scripts.run_chosen, src, tmp_path / "o.xlsx", payload=payload)
    written = {a["sheet_position"] for a in actions if a["func"] == "setValues"}
    sheet_names = [s["name"] for s in payload["sheets"]]
    assert ({sheet_names[i] for i in written} == {SHEET_FINDINGS}) == (job == "check")


def test_without_a_control_panel_the_choice_is_recalculation(tmp_path):
    book = xw.Book(json=payload_from_xlsx(_sample(tmp_path / "so.xlsx")))
    assert scripts.chosen_action(book) == scripts.RECALCULATE


def test_the_demo_workbook_recalculates_like_ktxh_recalc(tmp_path):
    from workbook_templates.demo import write_demo_workbook

    demo = write_demo_workbook(tmp_path / "demo")
    cli_out, door_out = tmp_path / "cli.xlsx", tmp_path / "door.xlsx"
    assert ktxh(["recalc", str(demo), "-o", str(cli_out)]) == 0
    _run_remote(scripts.recalculate, demo, door_out)
    _same_values(cli_out, door_out)
    assert fills(cli_out) == fills(door_out)
