"""workbook_templates.consolidated: the "Lỗi của đơn vị" sheet stays readable for a province of many xã."""
from __future__ import annotations

from types import SimpleNamespace

from openpyxl import Workbook

from formulas import layout
from workbook_templates import consolidated


def _finding(n: int, severity: str):
    return SimpleNamespace(unit=f"UBND xã Mẫu {n:03d}", severity=severity, where=f"xa_{n:03d}.xlsx: Y tế!F9",
                           rule="TONG_THIEU_THANH_PHAN", message=f"phát hiện {n}")


def _rows(ws):
    return [r for r in ws.iter_rows(min_row=layout.FIRST_DATA_ROW, values_only=True) if any(r)]


def test_unit_findings_are_capped_errors_first_with_a_total_line(monkeypatch):
    monkeypatch.setattr(consolidated, "FINDINGS_SHEET_ROWS", 3)
    findings = [_finding(1, "cảnh báo"), _finding(2, "thông tin"), _finding(3, "lỗi"), _finding(4, "cảnh báo"),
                _finding(5, "lỗi"), _finding(6, "cảnh báo")]
    wb = Workbook()
    consolidated._unit_findings_sheet(wb, SimpleNamespace(findings=findings))
    rows = _rows(wb[consolidated.SHEET_UNIT_FINDINGS])
    assert [r[5] for r in rows[:3]] == ["phát hiện 1", "phát hiện 3", "phát hiện 5"]  # both errors kept, in order
    total = rows[3][-1]
    assert "chỉ ghi 03 trong tổng số 05 lỗi, cảnh báo (02 lỗi)" in total and "ktxh check" in total
    assert len(rows) == 4


def test_few_unit_findings_are_all_listed_without_a_total_line():
    wb = Workbook()
    consolidated._unit_findings_sheet(wb, SimpleNamespace(findings=[_finding(1, "lỗi"), _finding(2, "thông tin")]))
    rows = _rows(wb[consolidated.SHEET_UNIT_FINDINGS])
    assert [r[5] for r in rows] == ["phát hiện 1"]  # information stays in each unit's own check
