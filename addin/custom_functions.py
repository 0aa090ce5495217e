"""Excel custom functions for staff's own formulas, with Vietnamese argument names and help.

=KTXH_TY_LE(I7;E7) gives the same 100,58 the report states: the functions are formulas.udf, the
calculator's own arithmetic and rounding rule. Undecorated: each host registers them its own way
(addin/lite/main.py and addin/server/custom_functions.py with @func; classic Excel through
addin/udfs.py and the xlwings add-in's "Import Functions"). An empty result means "not computable".
"""
from __future__ import annotations

from formulas import udf


def ktxh_ty_le(thuc_hien, ke_hoach, so_le=2):
    """Tỷ lệ % thực hiện so với kế hoạch (thực hiện / kế hoạch × 100), làm tròn như báo cáo."""
    return udf.ratio_to_plan(thuc_hien, ke_hoach, so_le)


def ktxh_ty_le_cung_ky(thuc_hien, cung_ky, so_le=2):
    """Tỷ lệ % so với cùng kỳ năm trước ("bằng 96,27% so với cùng kỳ")."""
    return udf.ratio_to_same_period(thuc_hien, cung_ky, so_le)


def ktxh_tang_giam(thuc_hien, cung_ky, la_ty_le=False, so_le=2):
    """Tăng (+), giảm (-) so với cùng kỳ: % (tỷ lệ − 100); với chỉ tiêu là tỷ lệ (la_ty_le = 1) thì
    là chênh lệch điểm phần trăm."""
    return udf.change_vs_same_period(thuc_hien, cung_ky, la_ty_le, so_le)


def ktxh_danh_gia(thuc_hien, ke_hoach, chieu="higher", nguong=100, so_le=2):
    """Đánh giá Vượt / Đạt / Không đạt so với kế hoạch. chieu = "lower" khi càng thấp càng tốt
    (hộ nghèo); nguong = % được coi là đạt (vd. 50 cho báo cáo 6 tháng so với KH năm)."""
    return udf.evaluation(thuc_hien, ke_hoach, chieu, nguong, so_le)


FUNCTIONS = (ktxh_ty_le, ktxh_ty_le_cung_ky, ktxh_tang_giam, ktxh_danh_gia)
