"""workbook_templates.claims_workbook (`ktxh soat … --xlsx`): level and period guessed from the report,
figures mapped onto catalog cells, the rest as custom rows, every figure on "Đối chiếu báo cáo"; on the
seed, how many of the demo's hand-mapped figures (demo_data/cao_loc_2023.yaml `values:`) land on the
right code and column with the right value, and how many placed figures are right."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import yaml

from addin.cli import main
from formulas.audit.claims import Paragraph
from formulas import layout
from workbook_templates.claims_workbook import REVIEW_SHEET, build_claims_workbook, guess_cap, guess_period

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "formulas" / "audit" / "data" / "bao_cao_617_bc_ubnd_cao_loc_2023.txt"  # the demo's source
DEMO = ROOT / "workbook_templates" / "demo_data" / "cao_loc_2023.yaml"
SEED_FLOOR = 0.52  # measured 152/279 = 54,5 % (7 Dec 2026; 58/279 before roles and name-after lists)
PRECISION_FLOOR = 0.80  # measured 152/178 = 85,4 % of the figures put on a code are the demo's


def _ps(*texts):
    return [Paragraph(i, t) for i, t in enumerate(texts, start=1)]


def test_level_and_period_from_the_text():
    assert guess_cap(_ps("ỦY BAN NHÂN DÂN XÃ TÂN LIÊN", "BÁO CÁO")) == "xa"
    assert guess_cap(_ps("HĐND xã Minh Hòa")) == "xa"
    assert guess_cap(_ps("UBND tỉnh Lạng Sơn", "UBND huyện Cao Lộc")) == "huyen"
    assert guess_period(_ps("Cao Lộc, ngày tháng năm 2023",
                            "Tình hình 6 tháng đầu năm; nhiệm vụ 6 tháng cuối năm 2023")) == ("6 tháng đầu năm", 2023)


def test_unmatched_figures_become_custom_rows_on_their_headings_sheet(tmp_path):
    ps = _ps("UBND huyện A", "Báo cáo 6 tháng đầu năm 2024", "1. Sản xuất nông, lâm nghiệp",
             "Diện tích trồng rừng mới đạt 459,65 ha.", "Đã tổ chức 7 cuộc giao lưu cờ tướng.")
    path, placed, landed = build_claims_workbook(ps, tmp_path / "so.xlsx")
    assert [(f.code, f.column, float(f.value)) for f in landed] == [("NN.TRONG_RUNG", "uoc_ky", 459.65)]
    wb = openpyxl.load_workbook(path)
    ws = wb["Nông nghiệp"]
    keys = {c.value: c.column for c in ws[layout.KEY_ROW] if c.value}
    last = ws.max_row
    assert ws.cell(last, keys["ma"]).value is None
    assert ws.cell(last, keys["ten"]).value == "Đã tổ chức"
    assert ws.cell(last, keys["dvt"]).value == "cuộc" and ws.cell(last, keys["uoc_ky"]).value == 7
    assert "đoạn 5" in ws.cell(last, keys["ghi_chu"]).value
    assert ws.cell(last, keys["uoc_ky"]).protection.locked is False  # staff can correct it
    review = [r for r in wb[REVIEW_SHEET].values if r and isinstance(r[0], int)]
    assert [(r[0], r[1]) for r in review] == [(4, "459,65 ha"), (5, "7 cuộc")]
    assert review[0][2].endswith("(NN.TRONG_RUNG)") and "dòng tự thêm" in review[1][2]


def test_custom_rows_are_read_back_as_custom_rows(tmp_path):
    from workbook_templates.reader import read_workbook

    ps = _ps("UBND huyện A", "Báo cáo 6 tháng đầu năm 2024", "1. Sản xuất nông, lâm nghiệp",
             "Đã tổ chức 7 cuộc giao lưu cờ tướng.")
    path, _placed, _landed = build_claims_workbook(ps, tmp_path / "so.xlsx")
    data = read_workbook(path)
    rows = [r for r in data.rows if r.code is None and r.value("uoc_ky") is not None]
    assert [(r.name, r.values["uoc_ky"]) for r in rows] == [("Đã tổ chức", 7)]


def test_a_ratio_gives_the_result_and_its_plan_and_the_same_period_its_basis(tmp_path):
    ps = _ps("UBND huyện A", "Báo cáo 6 tháng đầu năm 2024", "1. Sản xuất nông, lâm nghiệp",
             "Tổng diện tích gieo trồng ước đạt 4.347,07/6.918,54 ha, bằng 62,83% KH năm, "
             "bằng 103,71% so với cùng kỳ (cùng kỳ 4.191,5 ha).")
    _path, _placed, landed = build_claims_workbook(ps, tmp_path / "so.xlsx")
    assert {(f.code, f.column): float(f.value) for f in landed} == {
        ("NN.GIEO_TRONG", "uoc_ky"): 4347.07, ("NN.GIEO_TRONG", "kh_nam"): 6918.54,
        ("NN.GIEO_TRONG", "cung_ky"): 4191.5}


def test_a_figure_to_date_alone_is_the_result_beside_an_estimate_it_is_to_date(tmp_path):
    alone = _ps("UBND huyện A", "Báo cáo 6 tháng đầu năm 2024", "Tổng thu ngân sách nhà nước trên địa bàn "
                "tính đến nay là 256.812 triệu đồng.")
    _p, _pl, landed = build_claims_workbook(alone, tmp_path / "a.xlsx")
    assert [(f.code, f.column) for f in landed] == [("NS.THU", "uoc_ky")]
    both = _ps("UBND huyện A", "Báo cáo 6 tháng đầu năm 2024", "Tổng thu ngân sách nhà nước trên địa bàn "
               "tính đến nay là 256.812 triệu đồng; tổng thu ngân sách nhà nước trên địa bàn ước 6 tháng là "
               "300.000 triệu đồng.")
    _p, _pl, landed = build_claims_workbook(both, tmp_path / "b.xlsx")
    assert sorted((f.column, float(f.value)) for f in landed if f.code == "NS.THU") == [
        ("den_ngay", 256812.0), ("uoc_ky", 300000.0)]


def test_a_list_whose_names_follow_the_figures(tmp_path):
    ps = _ps("UBND huyện A", "Báo cáo 6 tháng đầu năm 2024",
             "Tại buổi Lễ phát động Tết trồng cây đã trồng được 548 cây các loại (04 cây Vàng Anh; 06 cây Ban tím).")
    _p, _pl, landed = build_claims_workbook(ps, tmp_path / "a.xlsx")
    got = {f.code: float(f.value) for f in landed}
    assert got.get("NN.TTC_VANG_ANH") == 4 and got.get("NN.TTC_BAN_TIM") == 6


def test_level_and_period_given_on_the_command_line_win(tmp_path, capsys):
    report = tmp_path / "bao_cao.txt"
    report.write_text("ỦY BAN NHÂN DÂN HUYỆN A\nBáo cáo tình hình 6 tháng đầu năm 2024\n"
                      "Tổng thu ngân sách nhà nước trên địa bàn là 2.812 triệu đồng.\n", encoding="utf-8")
    out = tmp_path / "so.xlsx"
    assert main(["soat", str(report), "--xlsx", str(out), "--cap", "xa", "--ky", "9 tháng đầu năm",
                 "--nam", "2025"]) in (0, 1)
    from workbook_templates.reader import read_workbook

    data = read_workbook(out)
    assert data.meta.get("cap") == "xa"
    assert (data.info.get("ky_bao_cao"), str(data.info.get("nam"))) == ("9 tháng đầu năm", "2025")


def test_seed_figures_land_on_the_right_code(tmp_path, capsys):
    out = tmp_path / "so_lieu.xlsx"
    main(["soat", str(SEED), "--xlsx", str(out)])
    assert "khớp được mã chỉ tiêu" in capsys.readouterr().out and out.is_file()
    from addin.commands.soat import read_report

    _path, _placed, landed = build_claims_workbook(read_report(SEED)[0], tmp_path / "b.xlsx")
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    derived = data.get("derived") or {}
    truth = {(c, k): v for c, row in data["values"].items() for k, v in (row or {}).items()
             if k != "ghi_chu" and isinstance(v, (int, float)) and k not in derived.get(c, [])}
    mine = {(f.code, f.column): float(f.value) for f in landed}
    right = sum(1 for key, v in truth.items() if key in mine and abs(mine[key] - v) < 1e-9)
    print(f"seed: {right}/{len(truth)} = {right / len(truth):.1%} of the demo's printed figures on the right cell, "
          f"{right}/{len(mine)} of the placed ones right")
    assert right / len(truth) >= SEED_FLOOR and right / len(mine) >= PRECISION_FLOOR


def test_a_part_above_its_whole_is_taken_back_and_targets_get_only_their_plan(tmp_path):
    from formulas.audit.mapping import column_for, map_figures, PLAN_YEAR, VALUE
    from formulas.catalog import load_catalog

    catalog = load_catalog("huyen")
    target = next(i for i in catalog.by_code.values() if i.source)
    assert column_for(target, VALUE, ()) is None and column_for(target, PLAN_YEAR, ("kh_nam",)) == "kh_nam"
    parent = next(i for i in catalog.by_code.values() if i.children_add_up and not i.is_rate
                  and any(c.parent == i.code and c.unit == i.unit for c in catalog.by_code.values()))
    child = next(c for c in catalog.by_code.values() if c.parent == parent.code and c.unit == parent.unit)
    head = ("UBND huyện A", "Báo cáo 6 tháng đầu năm 2024")

    def placed(*texts):
        return {f.code: float(f.value) for f in map_figures(_ps(*head, *texts), catalog) if f.code}

    whole, part = f"{parent.name} là 10 {parent.unit}.", f"{child.name} là 25 {child.unit}."
    assert placed(whole).get(parent.code) == 10 and placed(part).get(child.code) == 25  # each alone lands
    both = placed(whole, part)
    assert not (both.get(parent.code) == 10 and both.get(child.code) == 25)
    assert placed(whole, f"{child.name} là 4 {child.unit}.") == {parent.code: 10, child.code: 4}
