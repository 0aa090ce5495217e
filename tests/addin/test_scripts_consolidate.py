"""The Excel entry of a consolidation (addin.scripts.consolidate, behind the TongHopCacDonVi macro):
from the consolidated workbook, read the units' workbooks in its "don_vi" folder and write a new
consolidated workbook beside it, naming the units its own "Tình hình nộp" lists that sent nothing."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import openpyxl

from addin import scripts
from addin.cli import main
from tests.addin.test_tong_hop import xa_file
from workbook_templates.consolidated import SHEET_SUBMISSIONS
from workbook_templates.reader import read_sheet_values


class FakeBook:
    """What scripts.consolidate uses of an xlwings Book: its name, full path and app.alert."""

    def __init__(self, path: Path):
        self.name, self.fullname = path.name, str(path)
        self.alerts = []
        self.app = SimpleNamespace(alert=lambda message, **kw: self.alerts.append((message, kw.get("mode"))))


def test_the_button_consolidates_the_units_folder_beside_the_book(tmp_path, monkeypatch):
    units = tmp_path / "tinh" / scripts.UNITS_FOLDER
    units.mkdir(parents=True)
    xa_file(units, "An Bình", {"NN.LUONG_THUC": {"uoc_ky": 100}})
    listing = tmp_path / "ds.txt"
    listing.write_text("ỦY BAN NHÂN DÂN XÃ AN BÌNH\nỦY BAN NHÂN DÂN XÃ HỒNG PHONG\n", encoding="utf-8")
    book_path = tmp_path / "tinh" / "Tong hop.xlsx"
    assert main(["tong-hop", str(units), "-o", str(book_path), "--danh-sach", str(listing),
                 "--don-vi", "UBND tỉnh Minh Sơn"]) == 1  # Hồng Phong sent nothing
    xa_file(units, "Bình Minh", {"NN.LUONG_THUC": {"uoc_ky": 250}})  # a late workbook arrives
    before = book_path.read_bytes()
    monkeypatch.setattr(scripts, "read_sheet_values", lambda book: read_sheet_values(book.fullname))
    book = FakeBook(book_path)

    target = scripts.consolidate(book)

    assert target == book_path.parent / "Tong hop - Tong hop.xlsx" and target.exists()
    assert book_path.read_bytes() == before  # the open workbook is never overwritten
    wb = openpyxl.load_workbook(target)
    lines = {r[1]: r[2] for r in wb[SHEET_SUBMISSIONS].iter_rows(min_row=6, values_only=True) if r[0]}
    assert lines == {"ỦY BAN NHÂN DÂN XÃ AN BÌNH": "Đã nộp", "ỦY BAN NHÂN DÂN XÃ BÌNH MINH": "Đã nộp",
                     "ỦY BAN NHÂN DÂN XÃ HỒNG PHONG": "Chưa nộp"}  # the book's own list still holds
    (message, mode), = book.alerts
    assert "Đã tổng hợp 02 đơn vị" in message and "HỒNG PHONG" in message and mode == "warning"
    # the book's own agency names the new one
    assert any("TỈNH MINH SƠN" in str(v) for row in wb["Thông tin"].iter_rows(values_only=True) for v in row)


def test_an_unsaved_book_gets_a_vietnamese_message(tmp_path):
    book = FakeBook(Path("Book1"))
    assert scripts.consolidate(book) is None
    (message, mode), = book.alerts
    assert message.startswith("Lỗi: hãy lưu sổ Excel trước khi tổng hợp") and mode == "critical"


def test_a_folder_without_workbooks_is_said_so(tmp_path):
    book = FakeBook(tmp_path / "th.xlsx")
    assert scripts.consolidate(book, folder=tmp_path) is None
    (message, _mode), = book.alerts
    assert "không có sổ số liệu" in message
