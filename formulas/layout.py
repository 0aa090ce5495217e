"""Where everything sits in a ktxh workbook: sheet names, column keys, header rows.

Pure data, shared by the template builder (writes this layout), the parser (reads it back by
column *key*, so inserted columns and rows do not break reading) and the patch writer.
Each sheet carries a hidden key row (KEY_ROW) naming every column; data starts at FIRST_DATA_ROW.
"""
from __future__ import annotations

from dataclasses import dataclass

from formulas.catalog import TARGETS_SECTION, Catalog, SectorSheet, fill_level
from formulas.period import Period, try_parse

TEMPLATE_VERSION = "1"

# Fixed sheet names.
SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin"
SHEET_PROSE = "Thuyết minh"
SHEET_TASKS = "Nhiệm vụ trọng tâm"
SHEET_FINDINGS = "Kiểm tra"
SHEET_META = "_ktxh"

TITLE_ROW = 1  # sheet title
SUBTITLE_ROW = 2  # unit and period
KEY_ROW = 3  # hidden: column keys
HEADER_ROW = 4  # Vietnamese headers
NUMBER_ROW = 5  # (1) (2) … column numbers, as on printed forms
FIRST_DATA_ROW = 6

# Column kinds: "input" cells are unlocked and shaded; "computed" are locked; "label" are fixed.
INPUT, COMPUTED, LABEL = "input", "computed", "label"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    kind: str  # INPUT | COMPUTED | LABEL
    width: float


def sector_columns(sheet: SectorSheet, cap: str, ky: "str | Period") -> list[Column]:
    """Columns of a sector input sheet, in order (see issue #2 for the list). The value columns
    follow the period (formulas.period.Period.value_columns: a monthly sheet has "Thực hiện tháng N",
    the lũy kế and next month's estimate; an annual one next year's plan); a text that is not a
    period keeps the three generic columns."""
    period = ky if isinstance(ky, Period) else try_parse(ky)
    cols = [
        Column("stt", "STT", LABEL, 5),
        Column("ma", "Mã chỉ tiêu", LABEL, 14),
        Column("ten", "Chỉ tiêu", LABEL, 46),
        Column("dvt", "ĐVT", LABEL, 11),
    ]
    for basis in sheet.plan_bases:
        cols.append(Column(basis.key, basis.label_for(cap), INPUT, 13))
    if period is not None:
        values = period.value_columns(sheet.value_columns, bool(sheet.plan_bases))
    else:
        labels = {
            "cung_ky": "Cùng kỳ năm trước",
            "den_ngay": "Thực hiện đến ngày chốt số liệu",
            "uoc_ky": f"Ước thực hiện {ky}",
        }
        values = [(key, labels[key]) for key in sheet.value_columns]
    for key, header in values:
        cols.append(Column(key, header, INPUT, 13))
    for basis in sheet.plan_bases:
        cols.append(Column(f"pct_{basis.key}", f"% so với {basis.label_for(cap)}", COMPUTED, 11))
    if "cung_ky" in sheet.value_columns:
        cols.append(Column("pct_cung_ky", "% so với cùng kỳ", COMPUTED, 11))
        cols.append(Column("tang_giam", "Tăng (+), giảm (-) so với cùng kỳ (% hoặc điểm %)", COMPUTED, 12))
    if sheet.has_share:
        cols.append(Column("ty_trong", "Tỷ trọng (%)", COMPUTED, 10))
    cols.append(Column("danh_gia", "Đánh giá", COMPUTED, 12))
    if sheet.section == TARGETS_SECTION:  # the office's own list: what each target reads, and when
        cols.append(Column(TARGET_SOURCE_COLUMN, "Lấy kết quả từ mã", INPUT, 18))
        cols.append(Column(TARGET_TIMING_COLUMN, "Thời điểm đánh giá", INPUT, 13))
    cols.append(Column("ghi_chu", "Ghi chú", INPUT, 28))
    return cols


# Main targets sheet (formulas.main_targets): the indicator a target reads, and when it is judged.
TARGET_SOURCE_COLUMN, TARGET_TIMING_COLUMN = "nguon", "thoi_diem_danh_gia"
TARGET_SPARE_ROWS = 6  # empty rows under the proposed targets, for the resolution's other targets


# Thông tin: one row per field; column A holds the key (hidden column), B the label, C the value.
@dataclass(frozen=True, slots=True)
class InfoField:
    key: str
    label: str
    required: bool
    kind: str = "text"  # text | date | multiline | choice
    help: str = ""


INFO_FIELDS: tuple[InfoField, ...] = (
    InfoField("cap", "Cấp chính quyền (tinh / xa / huyen)", True, "choice",
              "tinh: UBND tỉnh; xa: UBND xã (hai cấp từ 01/7/2025); huyen: báo cáo cũ cấp huyện"),
    InfoField("co_quan_chu_quan", "Tên cơ quan chủ quản (nếu có)", False, help="Ví dụ: UBND TỈNH LẠNG SƠN"),
    InfoField("co_quan", "Tên cơ quan ban hành", True, help="Ví dụ: ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"),
    InfoField("so_ky_hieu", "Số, ký hiệu văn bản", True, help="Ví dụ: 617/BC-UBND"),
    InfoField("dia_danh", "Địa danh", True, help="Ví dụ: Cao Lộc"),
    InfoField("ngay_ban_hanh", "Ngày ban hành", True, "date", "Nhập ngày dạng dd/mm/yyyy"),
    InfoField("ky_bao_cao", "Kỳ báo cáo", True, "choice",
              "Ví dụ: 6 tháng đầu năm; quý II; 9 tháng đầu năm; tháng 8; năm"),
    InfoField("nam", "Năm báo cáo", True, help="Ví dụ: 2023"),
    InfoField("ky_tiep_theo", "Kỳ tiếp theo (phần nhiệm vụ)", False, help="Ví dụ: 6 tháng cuối năm"),
    InfoField("ngay_chot_so_lieu", "Ngày chốt số liệu", False, "date", "Nhập ngày dạng dd/mm/yyyy"),
    InfoField("trich_yeu", "Trích yếu", True, "multiline",
              "Ví dụ: Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội 6 tháng đầu năm; ..."),
    InfoField("quyen_han_ky", "Quyền hạn ký", True, help="Ví dụ: TM. ỦY BAN NHÂN DÂN"),
    InfoField("chuc_vu_ky", "Chức vụ người ký", True, "multiline", "Ví dụ: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH (mỗi dòng một ý)"),
    InfoField("nguoi_ky", "Họ và tên người ký", True, help="Ví dụ: Nguyễn Văn A"),
    InfoField("noi_nhan", "Nơi nhận (mỗi dòng một nơi)", True, "multiline",
              "Mỗi dòng một nơi nhận, dòng cuối: Lưu: VT, ..."),
    InfoField("nguoi_soan", "Ký hiệu người soạn thảo, số bản", False),
)
INFO_KEY_COL, INFO_LABEL_COL, INFO_VALUE_COL = 1, 2, 3  # A, B, C
# The examples of the agency name in the workbook's own level (INFO_FIELDS holds the huyện ones).
_INFO_EXAMPLES = {
    ("co_quan", "tinh"): "Ví dụ: ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
    ("co_quan", "xa"): "Ví dụ: ỦY BAN NHÂN DÂN XÃ TÂN LIÊN",
    ("co_quan_chu_quan", "tinh"): "Cấp tỉnh thường để trống",
    ("dia_danh", "tinh"): "Ví dụ: Lạng Sơn",
    ("dia_danh", "xa"): "Ví dụ: Tân Liên",
}


def info_help(field: InfoField, cap: object) -> str:
    """A Thông tin field's help in the words of the workbook's level (a xã never reads a huyện example)."""
    return _INFO_EXAMPLES.get((field.key, str(cap)), field.help)

# Thuyết minh: one row per paragraph; several rows may share a section key.
PROSE_COLUMNS = (
    Column("stt", "STT", LABEL, 5),
    Column("muc", "Mã mục", INPUT, 20),
    Column("ten_muc", "Tên mục", LABEL, 40),
    Column("sau_chi_tieu", "Đặt sau chỉ tiêu (mã, nếu có)", INPUT, 16),
    Column("noi_dung", "Nội dung", INPUT, 110),
)

# Nhiệm vụ trọng tâm: key tasks with their status.
TASK_STATUSES = ("Hoàn thành", "Chưa hoàn thành", "Đang thực hiện")
TASK_COLUMNS = (
    Column("stt", "STT", LABEL, 5),
    Column("nhom", "Nhóm lĩnh vực", INPUT, 24),
    Column("nhiem_vu", "Nhiệm vụ", INPUT, 70),
    Column("ket_qua", "Kết quả (Hoàn thành / Chưa hoàn thành / Đang thực hiện)", INPUT, 18),
    Column("ghi_chu", "Ghi chú", INPUT, 30),
)

# Kiểm tra: findings written by the checker.
FINDING_COLUMNS = (
    Column("stt", "STT", COMPUTED, 5),
    Column("muc_do", "Mức độ", COMPUTED, 10),
    Column("quy_tac", "Quy tắc", COMPUTED, 23),
    Column("trang", "Trang tính", COMPUTED, 18),
    Column("o", "Ô", COMPUTED, 8),
    Column("ma", "Mã chỉ tiêu", COMPUTED, 21),
    Column("noi_dung", "Nội dung", COMPUTED, 80),
)


def sector_sheet_names(catalog: Catalog) -> list[str]:
    return [s.sheet for s in catalog.sheets]


def all_sheet_names(catalog: Catalog) -> list[str]:
    """Every sheet of a ktxh workbook, in tab order."""
    return [SHEET_GUIDE, SHEET_INFO, *sector_sheet_names(catalog), SHEET_PROSE, SHEET_TASKS,
            SHEET_FINDINGS, SHEET_META]


def required_sheet_names(catalog: Catalog) -> list[str]:
    """Sheets a workbook must have to be read (the guide is optional)."""
    return [n for n in all_sheet_names(catalog) if n not in (SHEET_GUIDE, SHEET_FINDINGS)]


__all__ = [name for name in dir() if not name.startswith("_")] + ["fill_level"]
