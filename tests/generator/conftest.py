"""Shared fixtures: the demo workbook (through H2's builder) and its exported report, built once."""
from pathlib import Path

import pytest
import yaml

from formulas.findings import ERROR


@pytest.fixture(scope="session")
def demo_workbook(tmp_path_factory) -> Path:
    from workbook_templates.demo import write_demo_workbook

    return write_demo_workbook(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def clean_workbook(tmp_path_factory) -> Path:
    """The demo data with the cells the checker calls errors left empty (so it exports unforced)."""
    from formulas.pipeline import run
    from formulas.catalog import load_catalog
    from workbook_templates.demo import DEMO_DATA, write_demo_workbook
    from workbook_templates.reader import read_sheet_values

    catalog = load_catalog()
    data = yaml.safe_load(Path(DEMO_DATA).read_text(encoding="utf-8"))
    outdir = tmp_path_factory.mktemp("clean")
    path = write_demo_workbook(outdir / "first")
    _, _, findings, _ = run(read_sheet_values(path), catalog)
    for f in findings:
        if f.severity == ERROR and f.code in data["values"]:
            for key in ("uoc_ky", "den_ngay"):
                data["values"][f.code].pop(key, None)
    fixed = outdir / "clean.yaml"
    fixed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return write_demo_workbook(outdir, data_path=fixed)


@pytest.fixture(scope="session")
def demo_report(demo_workbook, tmp_path_factory) -> Path:
    from generator.export import export_report

    out = tmp_path_factory.mktemp("report") / "bao_cao_demo.docx"
    export_report(demo_workbook, out, force=True)
    return out
