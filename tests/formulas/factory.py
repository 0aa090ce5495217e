"""Small catalogs and workbooks built in tests, independent of the demo data.

A test catalog is a real catalog directory (YAML files in tmp_path) loaded by the real loader, so the
rules are exercised on the same Indicator objects the product uses.
"""
from __future__ import annotations

import shutil
import textwrap
from decimal import Decimal
from pathlib import Path

from formulas.model import IndicatorRow, WorkbookData, cell_address
from formulas import layout
from formulas.catalog import CATALOG_DIR, load_catalog

SHEETS = {
    "nong_nghiep": """
        sheet: Nông nghiệp
        title: NÔNG NGHIỆP
        section: nong_nghiep
        order: 20
        plan_bases: {kh_ky: KH vụ/kỳ, kh_nam: KH năm}
        indicators:
          - {code: NN.LUA_XUAN, name: Lúa Xuân, unit: ha, kind: area, decimals: 2, plans: [kh_ky, kh_nam]}
          - {code: NN.TRONG_RUNG, name: Trồng rừng mới, unit: ha, kind: area, decimals: 2, plans: [kh_nam]}
          - {code: NN.CHE_PHU, name: Tỷ lệ che phủ rừng, unit: "%", kind: rate, plans: [kh_nam],
             cumulative: false, same_period: false}
          - {code: NN.GHI_CHU, name: Ghi chú chung, unit: "-", kind: text}
    """,
    "kinh_te": """
        sheet: Kinh tế
        title: KINH TẾ
        section: cong_nghiep_dich_vu
        order: 30
        plan_bases: {kh_nam: KH năm}
        indicators:
          - {code: KT.GTSX, name: Giá trị sản xuất, unit: triệu đồng, plans: [kh_nam], children_add_up: true}
          - {code: KT.GTSX_NN, name: Nông lâm nghiệp, parent: KT.GTSX, unit: triệu đồng, plans: [kh_nam], show_share: true}
          - {code: KT.GTSX_CN, name: Công nghiệp - xây dựng, parent: KT.GTSX, unit: triệu đồng, plans: [kh_nam], show_share: true}
          - {code: KT.GTSX_DV, name: Dịch vụ, parent: KT.GTSX, unit: triệu đồng, plans: [kh_nam], show_share: true}
          - {code: KT.CO_CAU, name: Cơ cấu kinh tế, unit: "%", kind: rate, children_add_up: true, same_period: false, cumulative: false}
          - {code: KT.CO_CAU_NN, name: Nông nghiệp, parent: KT.CO_CAU, unit: "%", kind: rate, same_period: false, cumulative: false}
          - {code: KT.CO_CAU_CN, name: Công nghiệp, parent: KT.CO_CAU, unit: "%", kind: rate, same_period: false, cumulative: false}
    """,
    "ngan_sach": """
        sheet: Ngân sách
        title: NGÂN SÁCH
        section: ngan_sach
        order: 40
        plan_bases: {du_toan_tinh: "Dự toán {cap_tren} giao", du_toan_huyen: "Dự toán {cap} giao"}
        indicators:
          - {code: NS.THU, name: Tổng thu ngân sách, unit: triệu đồng, plans: [du_toan_tinh, du_toan_huyen], required: true}
          - {code: NS.CHI, name: Tổng chi ngân sách, unit: triệu đồng, plans: [du_toan_tinh, du_toan_huyen]}
    """,
    "y_te": """
        sheet: Y tế
        title: Y TẾ
        section: y_te
        order: 50
        plan_bases: {kh_nam: KH năm}
        indicators:
          - {code: YT.TIEM, name: Tổng số mũi tiêm, unit: mũi, kind: count, children_add_up: true, same_period: false}
          - {code: YT.TIEM_NL, name: Người lớn, parent: YT.TIEM, unit: mũi, kind: count, same_period: false}
          - {code: YT.TIEM_TE, name: Trẻ em, parent: YT.TIEM, unit: mũi, kind: count, same_period: false}
    """,
    "noi_vu": """
        sheet: Nội vụ
        title: NỘI VỤ
        section: noi_vu
        order: 60
        plan_bases: {kh_nam: KH năm}
        indicators:
          - {code: NV.HS_NHAN, name: Hồ sơ tiếp nhận, unit: hồ sơ, kind: count, children_add_up: true}
          - {code: NV.HS_GQ, name: Đã giải quyết, parent: NV.HS_NHAN, unit: hồ sơ, kind: count, children_add_up: true}
          - {code: NV.HS_TRUOC, name: Trước hạn, parent: NV.HS_GQ, unit: hồ sơ, kind: count}
          - {code: NV.HS_DUNG, name: Đúng hạn, parent: NV.HS_GQ, unit: hồ sơ, kind: count}
          - {code: NV.HS_CHAM, name: Chậm hạn, parent: NV.HS_GQ, unit: hồ sơ, kind: count, better: lower}
          - {code: NV.HS_DANG, name: Đang giải quyết, parent: NV.HS_NHAN, unit: hồ sơ, kind: count}
          - {code: NV.TRUC_TUYEN, name: Hồ sơ trực tuyến, unit: hồ sơ, kind: count}
          - {code: NV.TY_LE_TT, name: Tỷ lệ hồ sơ trực tuyến, unit: "%", kind: rate, aggregate: recompute,
             numerator: NV.TRUC_TUYEN, denominator: NV.HS_NHAN, cumulative: false}
          - {code: NV.HO_NGHEO, name: Tỷ lệ hộ nghèo, unit: "%", kind: rate, better: lower, plans: [kh_nam], cumulative: false}
    """,
    "chi_tieu": """
        sheet: Chỉ tiêu chủ yếu
        title: CHỈ TIÊU CHỦ YẾU
        section: tong_hop_chi_tieu
        order: 90
        plan_bases: {kh_nam: KH năm}
        value_columns: [uoc_ky]
        indicators:
          - {code: CT.THU_NS, name: Thu ngân sách, unit: triệu đồng, plans: [kh_nam], source: NS.THU}
          - {code: CT.LUA, name: Diện tích lúa xuân, unit: ha, kind: area, decimals: 2, plans: [kh_nam], source: NN.LUA_XUAN}
          - {code: CT.GDP, name: Tốc độ tăng trưởng, unit: "%", kind: rate, plans: [kh_nam], evaluate: year_end}
    """,
}


def make_catalog(tmp_path: Path, settings_extra: str = ""):
    d = tmp_path / "catalog"
    d.mkdir(exist_ok=True)
    shutil.copy(CATALOG_DIR / "_outline.yaml", d / "_outline.yaml")
    settings = (CATALOG_DIR / "_settings.yaml").read_text(encoding="utf-8") + settings_extra
    (d / "_settings.yaml").write_text(settings, encoding="utf-8")
    for name, text in SHEETS.items():
        (d / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return load_catalog(d)


def num(v) -> Decimal | str | None:
    if v is None or isinstance(v, (str, Decimal)):
        return v
    return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)


class Book:
    """Builds a WorkbookData row by row, with the cell addresses a real template would have."""

    def __init__(self, catalog, ky="6 tháng đầu năm", info=None):
        self.catalog = catalog
        self.next_row: dict[str, int] = {}
        self.rows: list[IndicatorRow] = []
        self.info = {f.key: f"x" for f in layout.INFO_FIELDS}
        self.info.update({"cap": "huyen", "ky_bao_cao": ky, "nam": "2023"})
        self.info.update(info or {})
        self.info_cells = {f.key: cell_address(i, layout.INFO_VALUE_COL)
                           for i, f in enumerate(layout.INFO_FIELDS, start=layout.FIRST_DATA_ROW)}
        self.tasks = []
        self.findings = []

    def add(self, code, sheet=None, row=None, name=None, **values) -> IndicatorRow:
        ind = self.catalog.indicator(code) if code else None
        sheet_name = sheet or ind.sheet
        sec = self.catalog.sheet(sheet_name)
        r = row or self.next_row.get(sheet_name, layout.FIRST_DATA_ROW)
        self.next_row[sheet_name] = r + 1
        cols = layout.sector_columns(sec, "huyen", "6 tháng")
        cells = {c.key: cell_address(r, i) for i, c in enumerate(cols, start=1)}
        row_obj = IndicatorRow(sheet=sheet_name, row=r, code=code, name=name or (ind.name if ind else ""),
                               unit=ind.unit if ind else "", values={k: num(v) for k, v in values.items()},
                               cells=cells, indicator=ind)
        self.rows.append(row_obj)
        return row_obj

    def data(self) -> WorkbookData:
        order = {s.sheet: s.order for s in self.catalog.sheets}
        rows = sorted(self.rows, key=lambda r: (order.get(r.sheet, 0), r.row))
        return WorkbookData(info=dict(self.info), rows=rows, prose=[], tasks=list(self.tasks),
                            info_cells=dict(self.info_cells), findings=list(self.findings))


FULL_INFO = {
    "co_quan_chu_quan": "UBND TỈNH LẠNG SƠN", "co_quan": "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC",
    "so_ky_hieu": "617/BC-UBND", "dia_danh": "Cao Lộc", "ngay_ban_hanh": "04/07/2023",
    "trich_yeu": "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội 6 tháng đầu năm 2023",
    "quyen_han_ky": "TM. ỦY BAN NHÂN DÂN", "chuc_vu_ky": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    "nguoi_ky": "Nguyễn Văn A", "noi_nhan": "UBND tỉnh Lạng Sơn;\nLưu: VT.",
}


def write_book(path: Path, catalog, values: dict[str, dict[str, object]], info: dict | None = None) -> Path:
    """A real template (the builder's) with report information and the given inputs, saved to `path`.

    values: {code: {column key: value}}; the cell is found by the hidden key row and the code column.
    """
    from workbook_templates.builder import build_workbook, code_rows, column_keys, save_workbook

    wb = build_workbook(don_vi="UBND huyện Cao Lộc", ky="6 tháng đầu năm", nam=2023, cap="huyen",
                        catalog=catalog, info={**FULL_INFO, **(info or {})})
    for code, cols in values.items():
        ws = wb[catalog.indicator(code).sheet]
        keys, rows = column_keys(ws), code_rows(ws)
        for key, v in cols.items():
            ws.cell(rows[code], keys[key], v)
    return save_workbook(wb, path)
