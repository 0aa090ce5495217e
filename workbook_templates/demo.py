"""The demo workbook: the template filled with the seed report's figures, prose and report information.

The data lives in workbook_templates/demo_data/cao_loc_2023.yaml (top-level keys: info, main_targets,
values, prose, tasks, derived). This module only places it: values by indicator code and column key (read
from the template's hidden key row, so it follows the catalog), prose by outline section in report
order, tasks in order, info by field key.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from formulas import layout
from workbook_templates.builder import (
    TASK_ROWS, build_workbook, escape_strings, fill_values, save_workbook, section_title, short_unit_name,
    style_table_row, wrapped_lines, row_height, write_prose_row,
)
from formulas.catalog import Catalog, load_catalog
from formulas.errors import KtxhError
from formulas.main_targets import TIMING_LABELS, TargetSpec, with_main_targets

DEMO_DATA = Path(__file__).parent / "demo_data" / "cao_loc_2023.yaml"
DEMO_FILE = "bao_cao_demo.xlsx"


def load_demo_data(path: Path | str = DEMO_DATA) -> dict:
    path = Path(path)
    if not path.exists():
        raise KtxhError(f"không tìm thấy dữ liệu mẫu '{path}'.")
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # C loader: 5x faster
    except yaml.YAMLError as exc:
        raise KtxhError(f"dữ liệu mẫu '{path.name}' không đọc được: {exc}") from exc
    for key in ("info", "values"):
        if key not in data:
            raise KtxhError(f"dữ liệu mẫu '{path.name}' thiếu mục '{key}'.")
    return data


def _as_date(value: object) -> object:
    """'04/07/2023' -> date(2023, 7, 4), so the date validation and the reader see a real date."""
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), "%d/%m/%Y").date()
        except ValueError:
            return value
    return value


def _info_values(info: dict) -> dict[str, object]:
    kinds = {f.key: f.kind for f in layout.INFO_FIELDS}
    out: dict[str, object] = {}
    for key, value in info.items():
        if isinstance(value, list):  # multi-line fields may be given as a YAML list
            value = "\n".join(str(v) for v in value)
        out[key] = _as_date(value) if kinds.get(key) == "date" else value
    return out


def _fill_prose(ws: Worksheet, catalog: Catalog, prose: list[dict], *, ky: str, nam: int, cap: str) -> None:
    """Rewrite Thuyết minh: every outline section in order, one row per paragraph (an empty row when none)."""
    by_section: dict[str, list[dict]] = {}
    for p in prose:
        by_section.setdefault(str(p["muc"]), []).append(p)
    order = [s.key for s in catalog.sections]
    unknown = [k for k in by_section if k not in order]
    if unknown:
        raise KtxhError(f"dữ liệu mẫu: mục thuyết minh {unknown} không có trong đề cương (_outline.yaml).")
    r = layout.FIRST_DATA_ROW
    for section in catalog.sections:
        title = section_title(section.title, ky=ky, nam=nam, cap=cap)
        for i, p in enumerate(by_section.get(section.key) or [{}]):
            write_prose_row(ws, r, r - layout.FIRST_DATA_ROW + 1, section.key, title if i == 0 else "",
                            section.level, str(p.get("noi_dung") or ""), p.get("sau_chi_tieu"))
            r += 1


def _fill_tasks(ws: Worksheet, tasks: list[dict]) -> None:
    cols = {c.key: i for i, c in enumerate(layout.TASK_COLUMNS, start=1)}
    width = {c.key: c.width for c in layout.TASK_COLUMNS}
    for n, task in enumerate(tasks, start=1):
        r = layout.FIRST_DATA_ROW + n - 1
        if n > TASK_ROWS:
            style_table_row(ws, r, layout.TASK_COLUMNS)
        ws.cell(r, cols["stt"], n)
        for key in ("nhom", "nhiem_vu", "ket_qua", "ghi_chu"):
            ws.cell(r, cols[key], task.get(key))
        lines = max(wrapped_lines(str(task.get(k) or ""), width[k]) for k in ("nhom", "nhiem_vu", "ghi_chu"))
        ws.row_dimensions[r].height = max(33, row_height(lines))


def _target_specs(items: list[dict]) -> list[TargetSpec]:
    """The data's main_targets (its resolution's list): code, name, unit, source, evaluate."""
    out = []
    for n, item in enumerate(items, start=1):
        evaluate = str(item.get("evaluate") or "period")
        if not item.get("code") or evaluate not in TIMING_LABELS:
            raise KtxhError(f"dữ liệu mẫu: main_targets mục {n}: cần code, và evaluate là một trong "
                            f"{', '.join(TIMING_LABELS)}.")
        out.append(TargetSpec(str(item["code"]), str(item.get("name") or ""), str(item.get("unit") or ""),
                              item.get("source"), evaluate))
    return out


def demo_catalog(data: dict, catalog: Catalog) -> Catalog:
    """The level catalog with the data's own main targets (when it lists them); an unknown source
    is an error here, where the data is written, not a silently shorter list."""
    items = data.get("main_targets")
    if not items:
        return catalog
    specs = _target_specs(items)
    for spec in specs:
        if spec.source and spec.source not in catalog.by_code:
            raise KtxhError(f"dữ liệu mẫu: chỉ tiêu chủ yếu {spec.code}: mã nguồn '{spec.source}' không có trong danh mục.")
    return with_main_targets(catalog, specs)


def build_demo_workbook(data: dict, catalog: Catalog | None = None) -> Workbook:
    info = _info_values(data["info"])
    try:
        cap, ky, nam = str(info["cap"]), str(info["ky_bao_cao"]), int(info["nam"])
    except (KeyError, ValueError) as exc:
        raise KtxhError(f"dữ liệu mẫu: thiếu hoặc sai cap / ky_bao_cao / nam trong info: {exc}") from exc
    catalog = demo_catalog(data, catalog or load_catalog(cap))
    don_vi = short_unit_name(str(info.get("co_quan") or "UBND"))
    wb = build_workbook(don_vi=don_vi, ky=ky, nam=nam, cap=cap, catalog=catalog, info=info)
    fill_values(wb, catalog, data.get("values") or {})
    _fill_prose(wb[layout.SHEET_PROSE], catalog, data.get("prose") or [], ky=ky, nam=nam, cap=cap)
    _fill_tasks(wb[layout.SHEET_TASKS], data.get("tasks") or [])
    return escape_strings(wb)


def write_demo_workbook(outdir: Path | str, *, data_path: Path | str = DEMO_DATA,
                        catalog: Catalog | None = None) -> Path:
    """Write OUTDIR/bao_cao_demo.xlsx (atomically) and return its path."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    wb = build_demo_workbook(load_demo_data(data_path), catalog)
    return save_workbook(wb, outdir / DEMO_FILE)
