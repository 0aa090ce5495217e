"""xlwings Server custom functions: copy into the server's ``custom_functions/`` package (or import
``from addin.server.custom_functions import *`` there)."""
from xlwings.server import func

from addin import custom_functions as cf

ktxh_ty_le = func(cf.ktxh_ty_le)
ktxh_ty_le_cung_ky = func(cf.ktxh_ty_le_cung_ky)
ktxh_tang_giam = func(cf.ktxh_tang_giam)
ktxh_danh_gia = func(cf.ktxh_danh_gia)
