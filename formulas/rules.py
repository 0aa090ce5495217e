"""The one registry of check rules: every finding's rule code, severity and what it checks.

Every finding of the core is made through `finding()` from a rule listed here, and each rule is
raised by one module only (tests/formulas/test_rules.py checks both): the reader's rules where a
cell cannot be read cleanly (formulas.parse), the checker's on the data as read
(formulas.validation). The codes are stable: tests, the Kiểm tra sheet and staff who filter it use them.
A new rule is added here first, with its severity and a short Vietnamese description.
"""
from __future__ import annotations

from dataclasses import dataclass

from formulas.findings import ERROR, INFO, WARNING, Finding


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: str  # formulas.findings.ERROR | WARNING | INFO
    description: str  # Vietnamese: what the rule checks
    module: str  # the one module that raises it


_PARSE, _CHECK, _UNITS = "formulas.parse", "formulas.validation", "formulas.consolidate"
_AUDIT = "formulas.audit.check"

RULES: dict[str, Rule] = {r.code: r for r in (
    # Reading the sheets (formulas.parse)
    Rule("SO_DANG_VAN_BAN", WARNING, "số được gõ dạng văn bản, vẫn đọc được", _PARSE),
    Rule("SO_KHONG_HOP_LE", ERROR, "ô số chứa chữ, ngày, giá trị lỗi hoặc TRUE/FALSE", _PARSE),
    Rule("KHONG_CO_SO_LIEU", INFO, "ô ghi “-” hoặc “x”: không có số liệu", _PARSE),
    Rule("MA_SAI_TRANG", WARNING, "mã chỉ tiêu thuộc trang khác", _PARSE),
    Rule("DONG_TU_THEM", INFO, "dòng không có mã, đọc như chỉ tiêu tự thêm", _PARSE),
    Rule("THIEU_DONG_KHOA", ERROR, "không tìm thấy dòng khóa cột nên trang chưa được đọc", _PARSE),
    Rule("THIEU_COT", WARNING, "thiếu một cột nhập liệu của danh mục", _PARSE),
    Rule("NGAY_KHONG_HOP_LE", ERROR, "ô ngày không phải là ngày", _PARSE),
    Rule("GIA_TRI_KHONG_HOP_LE", ERROR, "giá trị không thuộc danh sách chọn", _PARSE),
    Rule("MUC_KHONG_XAC_DINH", WARNING, "khóa mục của đoạn văn không có trong đề cương", _PARSE),
    Rule("DOAN_THIEU_MUC", WARNING, "đoạn văn chưa ghi khóa mục", _PARSE),
    Rule("MA_DAT_SAU_KHONG_CO", WARNING, "mã chỉ tiêu “đặt sau” không có", _PARSE),
    Rule("MA_NGUON_KHONG_CO", WARNING, "chỉ tiêu chủ yếu lấy kết quả từ một mã không có", _PARSE),
    # Checking the data (formulas.validation)
    Rule("THIEU_SO_LIEU", ERROR, "chỉ tiêu bắt buộc chưa nhập số liệu", _CHECK),
    Rule("SO_AM", ERROR, "số âm ở chỉ tiêu không được âm", _CHECK),
    Rule("THIEU_KE_HOACH", WARNING, "thiếu kế hoạch nên không tính được tỷ lệ", _CHECK),
    Rule("KE_HOACH_BANG_0", ERROR, "kế hoạch bằng 0 nên không tính được tỷ lệ", _CHECK),
    Rule("TONG_KHONG_KHOP", ERROR, "tổng khác tổng các thành phần", _CHECK),
    Rule("TONG_THIEU_THANH_PHAN", WARNING, "tổng lớn hơn các thành phần đã nhập, còn thành phần trống", _CHECK),
    Rule("TY_TRONG_KHONG_DU_100", ERROR, "các tỷ lệ thành phần cộng lại khác 100%", _CHECK),
    Rule("NGOAI_KHOANG", ERROR, "giá trị ngoài khoảng cho phép (tỷ lệ 0–100%)", _CHECK),
    Rule("LUY_KE_VUOT_UOC", ERROR, "số đến ngày chốt lớn hơn số ước cả kỳ", _CHECK),
    Rule("TY_LE_BAT_THUONG", WARNING, "tỷ lệ so với kế hoạch / cùng kỳ vượt ngưỡng hợp lý", _CHECK),
    Rule("TY_LE_KHONG_KHOP", ERROR, "tỷ lệ ghi khác tỷ lệ tính từ tử số / mẫu số", _CHECK),
    Rule("MA_TRUNG", ERROR, "một mã chỉ tiêu xuất hiện hai lần", _CHECK),
    Rule("MA_KHONG_XAC_DINH", INFO, "mã chỉ tiêu không có trong danh mục, dòng vẫn được tính", _CHECK),
    Rule("THIEU_THONG_TIN", ERROR, "thiếu thông tin báo cáo (số, ngày, người ký…)", _CHECK),
    Rule("KY_BAO_CAO_LA", WARNING, "kỳ báo cáo không đọc được (formulas.period)", _CHECK),
    Rule("TRANG_THAI_KHONG_HOP_LE", WARNING, "kết quả nhiệm vụ trọng tâm không thuộc danh sách", _CHECK),
    # Consolidating units (formulas.consolidate)
    Rule("DON_VI_KHONG_RO", ERROR, "sổ của đơn vị không ghi tên cơ quan nên không tổng hợp được", _UNITS),
    Rule("DON_VI_TRUNG", ERROR, "hai tệp của cùng một đơn vị", _UNITS),
    Rule("DON_VI_KHAC_CAP", ERROR, "sổ của đơn vị ở cấp khác", _UNITS),
    Rule("DON_VI_KHAC_KY", ERROR, "sổ của đơn vị ở kỳ báo cáo khác", _UNITS),
    Rule("DON_VI_KHAC_DANH_MUC", ERROR, "sổ của đơn vị dùng phiên bản danh mục khác", _UNITS),
    Rule("DON_VI_CO_LOI", ERROR, "sổ của đơn vị còn lỗi nên chưa được tổng hợp", _UNITS),
    Rule("DON_VI_CHUA_NOP", WARNING, "đơn vị trong danh sách chưa nộp sổ", _UNITS),
    # Soát xét a report typed by hand (formulas.audit.check, `ktxh soat`)
    Rule("SOAT_TY_LE_SAI", ERROR, "tỷ lệ ghi trong báo cáo khác tỷ lệ tính từ các số đã nêu", _AUDIT),
    Rule("SOAT_TONG_KHONG_KHOP", ERROR, "tổng ghi trong báo cáo khác tổng các thành phần đã nêu", _AUDIT),
    Rule("SOAT_TONG_THIEU", WARNING, "các thành phần sau “trong đó” cộng lại ít hơn tổng", _AUDIT),
    Rule("SOAT_VUOT_TONG", ERROR, "một phần lớn hơn tổng, hoặc tỷ trọng trên 100%", _AUDIT),
    Rule("SOAT_DON_VI_KHONG_KHOP", ERROR, "số chỉ khớp khi bỏ qua đơn vị (triệu / tỷ…): nhầm đơn vị", _AUDIT),
    Rule("SOAT_CAT_BOT", WARNING, "tỷ lệ bị cắt bớt chữ số thay vì làm tròn", _AUDIT),
    Rule("SOAT_SAI_CO_SO", WARNING, "tỷ lệ chỉ khớp khi tính theo cơ sở hoặc cách khác (mẫu số, trung bình)", _AUDIT),
    Rule("SOAT_TANG_DOC_NHU_BANG", WARNING, "ghi “tăng X%” nhưng X% là tỷ lệ “bằng” so với cùng kỳ", _AUDIT),
    Rule("SOAT_NHAM_DIEM_PHAN_TRAM", WARNING, "thay đổi của một tỷ lệ ghi “%” thay vì “điểm phần trăm”", _AUDIT),
    Rule("SOAT_CHENH_LECH_SAI", ERROR, "mức tăng / giảm (điểm phần trăm, số tuyệt đối) khác hiệu hai số đã nêu", _AUDIT),
    Rule("SOAT_KHONG_TINH_DUOC", INFO, "không tính lại được số nêu trong báo cáo (thiếu số liệu)", _AUDIT),
    # Soát xét the "biểu" tables of a report (formulas.audit.tables)
    Rule("SOAT_DANH_GIA_SAI", ERROR, "bảng: tỷ lệ đạt từ 100% kế hoạch nhưng đánh giá “Không đạt”", "formulas.audit.tables"),
    Rule("SOAT_NHOM_MAU_THUAN", WARNING, "bảng: dòng nhóm đánh giá “Đạt/Vượt” nhưng một thành phần “Không đạt”",
         "formulas.audit.tables"),
)}


def finding(rule: str, sheet: str, cell: str, code: str | None, message: str, **extra) -> Finding:
    """A Finding of a registered rule, with the rule's severity (KeyError for an unknown rule)."""
    return Finding(rule, RULES[rule].severity, sheet, cell, code, message, **extra)
