"""addin.scripts.audit_report: `ktxh soat` from the add-in, on a fake book (.name, .fullname, .app.alert)."""
from __future__ import annotations

import docx

from addin import scripts


class _App:
    def __init__(self):
        self.alerts = []

    def alert(self, message, title=None, buttons=None, mode=None):
        self.alerts.append((message, title, mode))


class _Book:
    def __init__(self, folder):
        self.name = "so_lieu.xlsx"
        self.fullname = str(folder / "so_lieu.xlsx")
        self.app = _App()


def test_audit_report_writes_the_commented_copy_beside_the_file(tmp_path):
    src = tmp_path / "bao_cao.txt"
    src.write_text("Ngô Xuân trồng ước được 1.051,12/957,9 ha, bằng 109,84% KH.\n", encoding="utf-8")
    book = _Book(tmp_path)
    target = scripts.audit_report(book, src)
    assert target == tmp_path / "bao_cao - soat.docx" and target.is_file()
    assert len(list(docx.Document(str(target)).comments)) == 1
    (message, title, mode), = book.app.alerts
    assert title == "ktxh" and mode == "critical" and "01 lỗi" in message and "bao_cao - soat.docx" in message


def test_audit_report_unreadable_file_is_a_vietnamese_alert(tmp_path):
    book = _Book(tmp_path)
    assert scripts.audit_report(book, tmp_path / "khong_co.docx") is None
    (message, _title, mode), = book.app.alerts
    assert message.startswith("Lỗi: ") and "không tìm thấy" in message and mode == "critical"
