"""Desktop Excel with a local Python (classic xlwings): what the VBA buttons call.

VBA (addin/vba/KtxhNut.bas) runs ``import addin.classic; addin.classic.recalculate_caller()`` through the
xlwings add-in's ``RunPython``.
``xw.Book.caller()`` is called inside each function, never at import time (xlwings docs: a module-level
caller leaves a zombie Excel process). The Word report is saved next to the workbook.
The "Run main" route (a plain .xlsx, no macros) calls ``main()`` of a module named like the workbook;
that module is one line, ``from addin.classic import main``.
"""
from __future__ import annotations

import contextlib
import sys

import xlwings as xw

from addin import scripts


def recalculate_caller() -> None:
    book = xw.Book.caller()
    with _unprotected(book):
        scripts.recalculate(book)


def check_caller() -> None:
    book = xw.Book.caller()
    with _unprotected(book):
        scripts.check(book)


def export_report_caller() -> None:
    scripts.export_report(xw.Book.caller())  # reads only: no need to lift protection


def consolidate_caller() -> None:
    scripts.consolidate(xw.Book.caller())  # reads the open book, writes a new one beside it


def main() -> None:
    """xlwings ribbon "Run main", and the "Thực hiện" button of the --mot-nut .xlsm (xlwings' SampleCall):
    runs the job chosen in the workbook's control panel, or recalculates when there is none."""
    book = xw.Book.caller()
    with _unprotected(book):
        scripts.run_chosen(book)


@contextlib.contextmanager
def _unprotected(book):
    """The template protects its sheets (without a password) so staff cannot overwrite computed
    cells; Excel refuses writes from COM too, so lift protection for the run and restore it after.
    Only the Windows COM API offers this; elsewhere the sheets are left as they are."""
    if not sys.platform.startswith("win"):
        yield
        return
    lifted = [s for s in book.sheets if s.api.ProtectContents]
    for sheet in lifted:
        sheet.api.Unprotect()
    try:
        yield
    finally:
        for sheet in lifted:  # the template's settings (builder._protect): cells locked, sizes free
            sheet.api.Protect(DrawingObjects=False, Contents=True, Scenarios=False,
                              AllowFormattingColumns=True, AllowFormattingRows=True)
