"""The consolidated workbook (ktxh tong-hop): the upper level's own workbook, its input cells holding
the units' aggregates, plus three sheets for the staff who collect the units' files:

- "Theo đơn vị": indicator rows × unit columns (each unit's result and % of its own year plan, the
  total), to see who is behind — read back by formulas.by_unit for the report's spread;
- "Xếp hạng": the units ranked for each main target;
- "Tình hình nộp": each unit with submitted / missing / refused, errors, warnings, file and time;
- "Lỗi của đơn vị": the units' findings, each naming its file and sheet!cell.

It is an ordinary ktxh workbook: `ktxh recalc` and `ktxh export` work on it as on any other.
"""
from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook

from formulas import layout
from formulas.by_unit import (PERCENT_KEY, RESULT_KEY, SHEET_BY_UNIT, Standing, display_name, main_target_sources,
                              ranked)
from formulas.build_patch import FINDINGS_SHEET_ROWS, most_severe
from formulas.consolidate import unit_table
from formulas.findings import ERROR, vn_count
from formulas.period import try_parse
from workbook_templates import styles
from workbook_templates.builder import (build_workbook, code_rows, column_keys, escape_strings, row_height,
                                        short_unit_name, style_table_row, table_sheet, wrapped_lines)

SHEET_SUBMISSIONS, SHEET_UNIT_FINDINGS = "Tình hình nộp", "Lỗi của đơn vị"
SHEET_RANKING = "Xếp hạng"

SUBMISSION_COLUMNS = (
    layout.Column("stt", "STT", layout.COMPUTED, 5),
    layout.Column("don_vi", "Đơn vị", layout.COMPUTED, 34),
    layout.Column("tinh_trang", "Tình trạng", layout.COMPUTED, 14),
    layout.Column("loi", "Số lỗi", layout.COMPUTED, 8),
    layout.Column("canh_bao", "Số cảnh báo", layout.COMPUTED, 10),
    layout.Column("tep", "Tệp", layout.COMPUTED, 30),
    layout.Column("thoi_gian", "Sửa lần cuối", layout.COMPUTED, 17),
    layout.Column("ghi_chu", "Ghi chú", layout.COMPUTED, 46),
)
UNIT_FINDING_COLUMNS = (
    layout.Column("stt", "STT", layout.COMPUTED, 5),
    layout.Column("don_vi", "Đơn vị", layout.COMPUTED, 30),
    layout.Column("muc_do", "Mức độ", layout.COMPUTED, 10),
    layout.Column("vi_tri", "Tệp: trang!ô", layout.COMPUTED, 34),
    layout.Column("quy_tac", "Quy tắc", layout.COMPUTED, 22),
    layout.Column("noi_dung", "Nội dung", layout.COMPUTED, 80),
)


def _number(value: Decimal) -> float | int:
    """A cell value: integers stay integers; a recomputed rate is kept to 6 decimals (no 28-digit tails)."""
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 6))


def build_consolidated_workbook(job, *, don_vi: str, info: dict | None = None) -> Workbook:
    """The consolidated workbook of a formulas.jobs.Consolidation, for the upper level `don_vi`."""
    catalog, combined = job.catalog, job.consolidated
    period = try_parse(combined.period)
    ky = period.label if period is not None else combined.period
    nam = period.year if period is not None and period.year else 0
    wb = build_workbook(don_vi=don_vi, ky=ky, nam=nam, cap=catalog.cap, catalog=catalog, info=info)
    n_units = len(combined.units)
    for sheet in catalog.sheets:
        ws = wb[sheet.sheet]
        cols, rows = column_keys(ws), code_rows(ws)
        for ind in sheet.indicators:
            values = combined.values.get(ind.code)
            if not values or ind.code not in rows:
                continue
            r = rows[ind.code]
            for key, value in values.items():
                if key in cols:
                    ws.cell(r, cols[key], _number(value))
            reported = max(combined.reported.get(ind.code, {}).values(), default=0)
            if "ghi_chu" in cols and reported < n_units:  # say it: a total of part of the units
                ws.cell(r, cols["ghi_chu"], f"Tổng hợp từ {reported:02d}/{n_units:02d} đơn vị có số liệu")
    table = unit_table(combined.facts, catalog, combined)  # one pivot for both sheets
    _by_unit_sheet(wb, job, table)
    _ranking_sheet(wb, job, standings(job, table))
    _submissions_sheet(wb, job)
    _unit_findings_sheet(wb, job)
    return escape_strings(wb)


def _short_unit(unit: str) -> str:
    """'ỦY BAN NHÂN DÂN XÃ AN BÌNH' -> 'Xã An Bình' (a column header)."""
    text = short_unit_name(unit).removeprefix("UBND ")
    return text[:1].upper() + text[1:]


def _cell(value):
    if isinstance(value, Decimal):
        return _number(value)
    if value is not None and value != value:  # pandas' NaN: no figure
        return None
    return value


def standings(job, table) -> dict[str, list[Standing]]:
    """code -> every consolidated unit's result and % of its own year plan (what "Theo đơn vị" holds);
    `table`: formulas.consolidate.unit_table of the job."""
    combined = job.consolidated
    out = {}
    for code, row in table.iterrows():
        pcts = combined.percentages.get(code, {})
        out[code] = [Standing(u, display_name(_short_unit(u)), row[u] if isinstance(row[u], Decimal) else None,
                              pcts.get(u)) for u in combined.units]
    return out


def _by_unit_sheet(wb: Workbook, job, table) -> None:
    combined = job.consolidated
    units = list(combined.units)
    pcts = combined.percentages
    per_unit = []
    for u in units:
        per_unit += [layout.Column(RESULT_KEY + u, _short_unit(u), layout.COMPUTED, 13),
                     layout.Column(PERCENT_KEY + u, "% KH năm", layout.COMPUTED, 8)]
    columns = (layout.Column("ma", "Mã chỉ tiêu", layout.COMPUTED, 16),
               layout.Column("ten", "Chỉ tiêu", layout.COMPUTED, 40),
               layout.Column("dvt", "ĐVT", layout.COMPUTED, 10),
               *per_unit,
               layout.Column("tong", "Tổng hợp", layout.COMPUTED, 14))
    ws = table_sheet(wb, SHEET_BY_UNIT, "KẾT QUẢ THỰC HIỆN THEO ĐƠN VỊ",
                     f"Kỳ báo cáo: {combined.period} - {len(units):02d} đơn vị; % KH năm: so với kế hoạch năm "
                     "của chính đơn vị; ô trống: đơn vị chưa có số liệu", columns)
    r = layout.FIRST_DATA_ROW
    for code, row in table.iterrows():
        unit_cells = []
        for u in units:
            unit_cells += [row[u], pcts.get(code, {}).get(u)]
        values = [code, row["ten"], row["dvt"], *unit_cells, row["Tổng hợp"]]
        for i, value in enumerate(values, start=1):
            ws.cell(r, i, _cell(value))
        style_table_row(ws, r, columns)
        ind = job.catalog.indicator(code)
        figure = styles.number_format(ind.decimals if ind is not None else 0)
        for i in range(4, 4 + 2 * len(units), 2):  # a result with its indicator's decimals, then its %
            ws.cell(r, i).number_format = figure
            ws.cell(r, i + 1).number_format = "0.00"
        ws.cell(r, len(values)).number_format = figure
        # the name wraps in its column: the row grows with it (else it overprints the next row)
        ws.row_dimensions[r].height = row_height(max(wrapped_lines(str(row["ten"] or ""), 40),
                                                     wrapped_lines(code, 16)))
        r += 1
    ws.freeze_panes = ws.cell(layout.FIRST_DATA_ROW, 4).coordinate


RANKING_COLUMNS = (
    layout.Column("stt", "STT", layout.COMPUTED, 5),
    layout.Column("chi_tieu", "Chỉ tiêu chủ yếu", layout.COMPUTED, 42),
    layout.Column("hang", "Hạng", layout.COMPUTED, 7),
    layout.Column("don_vi", "Đơn vị", layout.COMPUTED, 28),
    layout.Column("ket_qua", "Thực hiện", layout.COMPUTED, 14),
    layout.Column("dvt", "ĐVT", layout.COMPUTED, 10),
    layout.Column("pt", "% KH năm của đơn vị", layout.COMPUTED, 12),
)


def _ranking_sheet(wb: Workbook, job, by_code: dict[str, list[Standing]]) -> None:
    ws = table_sheet(wb, SHEET_RANKING, "XẾP HẠNG CÁC ĐƠN VỊ THEO CHỈ TIÊU CHỦ YẾU",
                     f"Kỳ báo cáo: {job.period}. Xếp theo % kế hoạch năm của từng đơn vị khi đa số đơn vị có kế hoạch, "
                     "nếu không theo kết quả; chỉ tiêu càng thấp càng tốt thì thấp nhất đứng đầu", RANKING_COLUMNS,
                     landscape=False)
    r, n = layout.FIRST_DATA_ROW, 0
    for target, source in main_target_sources(job.catalog):
        ordered, _by = ranked(by_code.get(source.code, []), source.better)
        if not ordered:
            continue
        n += 1
        ws.cell(r, 1, n)
        ws.cell(r, 2, target.name)
        style_table_row(ws, r, RANKING_COLUMNS)
        ws.cell(r, 2).font = styles.font(bold=True)
        r += 1
        for rank, st in enumerate(ordered, start=1):
            for i, value in enumerate(("", "", rank, _short_unit(st.unit), st.actual, source.unit, st.pct_plan),
                                      start=1):
                ws.cell(r, i, _cell(value))
            ws.cell(r, 7).number_format = "0.00"
            style_table_row(ws, r, RANKING_COLUMNS)
            r += 1


def _submissions_sheet(wb: Workbook, job) -> None:
    ws = table_sheet(wb, SHEET_SUBMISSIONS, "TÌNH HÌNH NỘP SỔ SỐ LIỆU CỦA CÁC ĐƠN VỊ",
                     f"Kỳ báo cáo: {job.period}", SUBMISSION_COLUMNS)
    for n, line in enumerate(job.submissions, start=1):
        r = layout.FIRST_DATA_ROW + n - 1
        for i, value in enumerate((n, line.unit, line.status, line.errors, line.warnings, line.file,
                                   line.modified, line.reason), start=1):
            ws.cell(r, i, value)
        style_table_row(ws, r, SUBMISSION_COLUMNS)
        if not line.included:
            ws.cell(r, 3).font = styles.font(bold=True, color="C00000")


def _unit_findings_sheet(wb: Workbook, job) -> None:
    ws = table_sheet(wb, SHEET_UNIT_FINDINGS, "LỖI, CẢNH BÁO TRONG SỔ CỦA CÁC ĐƠN VỊ",
                     "Sửa trong sổ của đơn vị (tệp, trang!ô ghi ở cột Vị trí) rồi tổng hợp lại", UNIT_FINDING_COLUMNS)
    listed = [f for f in job.findings if f.severity != "thông tin"]
    shown = most_severe(listed, FINDINGS_SHEET_ROWS)  # a province of 1.000 xã: the sheet stays readable
    for n, f in enumerate(shown, start=1):
        r = layout.FIRST_DATA_ROW + n - 1
        for i, value in enumerate((n, _short_unit(f.unit), f.severity, f.where, f.rule, f.message), start=1):
            ws.cell(r, i, value)
        style_table_row(ws, r, UNIT_FINDING_COLUMNS)
    if len(shown) < len(listed):
        r = layout.FIRST_DATA_ROW + len(shown)
        ws.cell(r, len(UNIT_FINDING_COLUMNS),
                f"Trang này chỉ ghi {vn_count(len(shown))} trong tổng số {vn_count(len(listed))} lỗi, cảnh báo "
                f"({vn_count(sum(f.severity == ERROR for f in listed))} lỗi), lỗi ghi trước. Mỗi đơn vị xem đủ các phát hiện của mình bằng lệnh "
                f"“ktxh check” trên sổ của đơn vị (tệp ghi ở cột Vị trí).")
        style_table_row(ws, r, UNIT_FINDING_COLUMNS)
