"""The desktop-Excel wrappers. No Excel here: xw.Book.caller() is replaced by a remote-engine book,
and the Windows protection calls by a recording stand-in for sheet.api (COM)."""
import sys

import xlwings as xw

from addin import classic
from tests.addin.office_js import payload_from_xlsx
from tests.addin.test_scripts import _sample


def _caller(monkeypatch, book):
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: book))


def test_the_callers_run_the_jobs_on_the_calling_workbook(tmp_path, monkeypatch):
    payload = payload_from_xlsx(_sample(tmp_path / "so.xlsx", broken=True))
    for wrapper, sheets_written in ((classic.recalculate_caller, "many"), (classic.check_caller, "findings"),
                                    (classic.main, "many")):
        book = xw.Book(json=payload)
        _caller(monkeypatch, book)
        wrapper()
        names = [s["name"] for s in payload["sheets"]]
        written = {names[a["sheet_position"]] for a in book.json()["actions"] if a["func"] == "setValues"}
        assert (written == {"Kiểm tra"}) == (sheets_written == "findings"), wrapper.__name__
        assert book.json()["actions"][-1]["func"] == "alert"


def test_the_report_is_saved_next_to_the_workbook(tmp_path, monkeypatch):
    src = _sample(tmp_path / "so.xlsx")
    book = xw.Book(json=payload_from_xlsx(src))
    monkeypatch.setattr(type(book.impl), "fullname", property(lambda self: str(src)))
    _caller(monkeypatch, book)
    classic.export_report_caller()
    assert (tmp_path / "so - Bao cao.docx").exists()


class _Api:
    def __init__(self, protected, log, name):
        self.ProtectContents, self.log, self.name = protected, log, name

    def Unprotect(self):
        self.log.append(("unprotect", self.name))
        self.ProtectContents = False

    def Protect(self, **kwargs):
        self.log.append(("protect", self.name, tuple(sorted(kwargs.items()))))
        self.ProtectContents = True


class _Sheet:
    def __init__(self, name, protected, log):
        self.api = _Api(protected, log, name)


def test_on_windows_protection_is_lifted_for_the_run_and_restored_even_after_an_error(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    log = []
    book = type("B", (), {"sheets": [_Sheet("A", True, log), _Sheet("B", False, log)]})()
    try:
        with classic._unprotected(book):
            log.append("run")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert log == [("unprotect", "A"), "run",
                   ("protect", "A", (("AllowFormattingColumns", True), ("AllowFormattingRows", True),
                                     ("Contents", True), ("DrawingObjects", False), ("Scenarios", False)))]
