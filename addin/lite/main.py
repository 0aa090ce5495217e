"""ktxh in xlwings Lite: paste this file into the add-in's main.py tab (and requirements.txt beside it).

Python runs inside Excel (Pyodide), no local install. The three buttons on the guide sheet
("Hướng dẫn") are shapes named btnTinhToanLai / btnKiemTraSoLieu / btnXuatBaoCaoWord, each with a
hyperlink to the cell under it (D2, D5, D8): that is how Lite binds a sheet button to a script.
The Word report is written to /data: open Lite's "Files" panel and download it from there.
Custom functions: =KTXH_TY_LE(...), =KTXH_TY_LE_CUNG_KY(...), =KTXH_TANG_GIAM(...), =KTXH_DANH_GIA(...)
(Excel shows them under Lite's function namespace).
"""
import xlwings as xw
from xlwings import func, script

from addin import custom_functions as cf
from addin import scripts

REPORT_FOLDER = "/data"  # Lite's file area: what is written here can be downloaded


@script(button="[btnTinhToanLai]Hướng dẫn!D2", show_taskpane=True)
def tinh_toan_lai(book: xw.Book):
    scripts.recalculate(book)


@script(button="[btnKiemTraSoLieu]Hướng dẫn!D5", show_taskpane=True)
def kiem_tra_so_lieu(book: xw.Book):
    scripts.check(book)


@script(button="[btnXuatBaoCaoWord]Hướng dẫn!D8", show_taskpane=True)
def xuat_bao_cao_word(book: xw.Book):
    scripts.export_report(book, folder=REPORT_FOLDER)


ktxh_ty_le = func(cf.ktxh_ty_le)
ktxh_ty_le_cung_ky = func(cf.ktxh_ty_le_cung_ky)
ktxh_tang_giam = func(cf.ktxh_tang_giam)
ktxh_danh_gia = func(cf.ktxh_danh_gia)
