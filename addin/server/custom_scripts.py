"""xlwings Server custom scripts: copy into the server's ``custom_scripts/`` package (or import
``from addin.server.custom_scripts import *`` there). Same jobs as the desktop and Lite buttons.

The Word report cannot travel back through ``book.json()``; it is written to KTXH_REPORT_DIR on the
server (default: the server's working folder), from where the office serves or mails it.
"""
import os

import xlwings as xw
from xlwings.server import script

from addin import scripts


@script(button="[btnTinhToanLai]Hướng dẫn!D2", show_taskpane=True)
def tinh_toan_lai(book: xw.Book):
    scripts.recalculate(book)


@script(button="[btnKiemTraSoLieu]Hướng dẫn!D5", show_taskpane=True)
def kiem_tra_so_lieu(book: xw.Book):
    scripts.check(book)


@script(button="[btnXuatBaoCaoWord]Hướng dẫn!D8", show_taskpane=True)
def xuat_bao_cao_word(book: xw.Book):
    scripts.export_report(book, folder=os.environ.get("KTXH_REPORT_DIR", "."))
