"""`ktxh demo` also writes a small consolidation of generated xã workbooks: clearly simulated, whose
province totals are the sums of its xã, checked clean, with its report."""
from __future__ import annotations

import openpyxl
import pytest
from docx import Document

from addin.cli import main
from addin.commands.demo import CONSOLIDATION_DIR, DEMO_UNITS
from workbook_templates.builder import code_rows, column_keys
from workbook_templates.reader import read_sheet_values
from formulas import jobs


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    assert main(["demo", str(out)]) == 0
    return out / CONSOLIDATION_DIR


def _province_and_units(demo, code: str, key: str, sheet: str = "Nông nghiệp"):
    """(the province's cell, each xã's cell) of one indicator and column."""
    def cell(path):
        ws = openpyxl.load_workbook(path)[sheet]
        return ws.cell(code_rows(ws)[code], column_keys(ws)[key]).value
    return cell(demo / "tong_hop_tinh_mau.xlsx"), [cell(p) for p in sorted((demo / "don_vi").glob("*.xlsx"))]


def test_the_demo_writes_the_units_the_province_and_its_report(demo):
    units = sorted((demo / "don_vi").glob("*.xlsx"))
    assert len(units) == DEMO_UNITS
    assert sorted(p.name for p in demo.iterdir()) == ["bao_cao_tong_hop_mo_phong.docx", "don_vi",
                                                       "tong_hop_tinh_mau.xlsx"]  # no .bak left behind


def test_it_says_it_is_simulated_everywhere(demo):
    doc = Document(str(demo / "bao_cao_tong_hop_mo_phong.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "SỐ LIỆU MÔ PHỎNG" in text and "Xã Mẫu" in "\n".join(c.text for t in doc.tables for r in t.rows
                                                                 for c in r.cells)
    unit = read_sheet_values(sorted((demo / "don_vi").glob("*.xlsx"))[0])
    assert any("MÔ PHỎNG" in str(v) for row in unit["Thông tin"] for v in row)


def test_the_province_is_the_sum_of_its_xa_and_checks_clean(demo):
    total, parts = _province_and_units(demo, "NN.LUONG_THUC", "uoc_ky")
    assert total == pytest.approx(sum(parts)) and len(set(parts)) > 1  # figures differ between xã
    out = jobs.check(read_sheet_values(demo / "tong_hop_tinh_mau.xlsx"))
    assert not [f for f in out.findings if f.severity == "lỗi"]


def test_its_report_quotes_the_spread_over_the_xa(demo):
    doc = Document(str(demo / "bao_cao_tong_hop_mo_phong.docx"))
    text = [p.text for p in doc.paragraphs]
    assert f"Kết quả theo đơn vị (tổng hợp từ sổ số liệu của {DEMO_UNITS} xã):" in text
    assert any(t.startswith("- ") and "cao nhất là xã Mẫu" in t and "thấp nhất là xã Mẫu" in t for t in text)


def test_the_province_has_typed_its_own_plans_and_its_targets_are_judged(demo):
    """The made-up province's plans (the sum of its xã plans, or their mean for rates) are in its
    workbook, so its report judges its main targets instead of 'chưa có kế hoạch để đánh giá'."""
    plan, parts = _province_and_units(demo, "NN.LUONG_THUC", "kh_nam")
    assert plan == pytest.approx(sum(parts), abs=0.05)
    out = jobs.check(read_sheet_values(demo / "tong_hop_tinh_mau.xlsx"))
    assert len([f for f in out.findings if f.rule == "THIEU_KE_HOACH"]) <= 2
    text = "\n".join(p.text for p in Document(str(demo / "bao_cao_tong_hop_mo_phong.docx")).paragraphs)
    assert "đạt kế hoạch" in text or "vượt kế hoạch" in text
