"""The file side of a consolidation, shared by `ktxh tong-hop` and the Excel button: find the units'
workbooks, read each (a damaged one is listed, not guessed at), run the core's job (formulas.jobs.
consolidate) and write the upper level's workbook atomically (workbook_templates.consolidated)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from formulas import jobs
from formulas.errors import KtxhError
from workbook_templates.builder import save_workbook
from workbook_templates.consolidated import SHEET_SUBMISSIONS, build_consolidated_workbook
from workbook_templates.reader import read_sheet_values

WORKBOOKS = (".xlsx", ".xlsm", ".ods")


def unit_files(sources) -> list[Path]:
    """The workbooks named or found in the folders given, each once, in name order within a folder;
    the lock files office suites leave (~$…, .~lock…), hidden files (a killed writer's temp file) and
    recalc's backups (….bak.xlsx, an older copy of the same unit) are not workbooks of a unit."""
    out: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.suffix.lower() in WORKBOOKS and not p.name.startswith(("~$", "."))
                          and not p.stem.lower().endswith(".bak"))
        elif path.exists():
            out.append(path)
        else:
            raise KtxhError(f"không tìm thấy “{path}”.")
    unique = list(dict.fromkeys(p.resolve() for p in out))
    if not unique:
        raise KtxhError("không có sổ số liệu (.xlsx, .xlsm, .ods) nào trong các thư mục, tệp đã cho.")
    return unique


def expected_units(path: str | Path | None) -> list[str]:
    """The units that must send a workbook, one agency name a line (# begins a comment)."""
    if not path:
        return []
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KtxhError(f"không đọc được danh sách đơn vị “{path}”: {exc}") from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def listed_units(values) -> list[str]:
    """The units a consolidated workbook already lists on "Tình hình nộp" (its own list of who must
    send), so a second consolidation names the same units missing; [] for any other workbook."""
    from formulas import layout

    rows = values.get(SHEET_SUBMISSIONS) or []
    keys = rows[layout.KEY_ROW - 1] if len(rows) >= layout.KEY_ROW else []
    col = next((i for i, k in enumerate(keys) if k == "don_vi"), None)
    if col is None:
        return []
    names = [r[col] for r in rows[layout.FIRST_DATA_ROW - 1:] if col < len(r) and isinstance(r[col], str)]
    return [n.strip() for n in names if n.strip() and not n.startswith("(")]


def consolidate_files(files: list[Path], out: Path, *, cap: str = "tinh", don_vi: str | None = None,
                      period: str | None = None, force: bool = False, expected=(),
                      info: dict | None = None) -> "jobs.Consolidation":
    """Read the units' workbooks, consolidate them and write `out` (.xlsx). Raises KtxhError when no
    unit could be taken; the units left out are in the job's submissions. `info`: Thông tin values of
    the upper level's workbook (số hiệu, người ký …) beyond what the builder pre-fills."""
    units, modified = [], {}
    for path in files:
        modified[path.name] = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y %H:%M")
        try:
            units.append((path.name, read_sheet_values(path, shared_text=True)))
        except KtxhError as exc:
            units.append((path.name, exc))
    job = jobs.consolidate(units, cap=cap, period=period, force=force, expected=expected, modified=modified)
    if not job.units:
        raise KtxhError("không có sổ nào đủ điều kiện tổng hợp: " +
                        "; ".join(f"{s.file or s.unit}: {s.reason}" for s in job.submissions if s.reason))
    name = (don_vi or f"UBND {'tỉnh' if cap == 'tinh' else 'huyện'}").strip()
    save_workbook(build_consolidated_workbook(job, don_vi=name, info=info), out)
    return job
