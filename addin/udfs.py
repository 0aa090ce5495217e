"""Classic desktop Excel (Windows): the custom functions as xlwings UDFs.

Set "UDF Modules" to ``addin.udfs`` in the xlwings ribbon (or the xlwings.conf sheet) and click
"Import Functions"; then =KTXH_TY_LE(I7;E7) works in any cell. Same functions as Lite and Server.
"""
import xlwings as xw

from addin import custom_functions as cf

ktxh_ty_le = xw.func(cf.ktxh_ty_le)
ktxh_ty_le_cung_ky = xw.func(cf.ktxh_ty_le_cung_ky)
ktxh_tang_giam = xw.func(cf.ktxh_tang_giam)
ktxh_danh_gia = xw.func(cf.ktxh_danh_gia)
