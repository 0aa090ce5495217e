"""workbook_templates.claims_workbook (`ktxh soat … --xlsx`): level and period guessed from the report,
figures mapped onto catalog codes, the rest on "Chưa khớp mã"; on the seed, how many of the demo's
hand-mapped figures (demo_data/cao_loc_2023.yaml `values:`) land on the right code with the right value."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import yaml

from addin.cli import main
from formulas.audit.claims import Paragraph
from workbook_templates.claims_workbook import UNMATCHED_SHEET, build_claims_workbook, guess_cap, guess_period

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "formulas" / "audit" / "data" / "bao_cao_617_bc_ubnd_cao_loc_2023.txt"  # the demo's source
DEMO = ROOT / "workbook_templates" / "demo_data" / "cao_loc_2023.yaml"
SEED_FLOOR = 0.19  # measured 58/279 = 20,8 % (Dec 2026); a regression of the mapping fails here


def _ps(*texts):
    return [Paragraph(i, t) for i, t in enumerate(texts, start=1)]


def test_level_and_period_from_the_text():
    assert guess_cap(_ps("ỦY BAN NHÂN DÂN XÃ TÂN LIÊN", "BÁO CÁO")) == "xa"
    assert guess_cap(_ps("HĐND xã Minh Hòa")) == "xa"
    assert guess_cap(_ps("UBND tỉnh Lạng Sơn", "UBND huyện Cao Lộc")) == "huyen"
    assert guess_period(_ps("Cao Lộc, ngày tháng năm 2023",
                            "Tình hình 6 tháng đầu năm; nhiệm vụ 6 tháng cuối năm 2023")) == ("6 tháng đầu năm", 2023)


def test_unmatched_figures_go_to_their_own_sheet_with_paragraph_and_quote(tmp_path):
    ps = _ps("UBND huyện A", "Báo cáo 6 tháng đầu năm 2024",
             "Diện tích trồng rừng mới đạt 459,65 ha.", "Đã tổ chức 7 cuộc giao lưu cờ tướng.")
    path, placed, landed = build_claims_workbook(ps, tmp_path / "so.xlsx")
    assert [(f.code, f.column, float(f.value)) for f in landed] == [("NN.TRONG_RUNG", "uoc_ky", 459.65)]
    rows = list(openpyxl.load_workbook(path)[UNMATCHED_SHEET].values)
    assert rows[0] == ("Đoạn", "Số liệu", "Câu trong báo cáo") and any(r[0] == 4 for r in rows[1:])


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
    print(f"seed: {right}/{len(truth)} = {right / len(truth):.1%} of the demo's printed figures on the right code")
    assert right / len(truth) >= SEED_FLOOR
