"""formulas.jobs: check / recalc / report on the demo workbook and on a bad one; findings carry
the unit and the file."""
from __future__ import annotations

import pytest

from formulas import jobs, layout, pipeline
from formulas.errors import KtxhError
from formulas.facts import unit_key
from formulas.findings import ERROR
from tests.formulas.factory import FULL_INFO, make_catalog, write_book
from workbook_templates.demo import write_demo_workbook
from workbook_templates.reader import read_sheet_values

BAD = {"NN.LUA_XUAN": {"kh_ky": 1979.0, "kh_nam": 4394, "cung_ky": 2067.6, "uoc_ky": 1990.48},
       "NS.THU": {"du_toan_tinh": 225000, "du_toan_huyen": 280000, "cung_ky": 134717, "uoc_ky": 256812},
       "NN.CHE_PHU": {"kh_nam": 70.2, "uoc_ky": -72}}
UNIT = "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = write_demo_workbook(tmp_path_factory.mktemp("demo"))
    return path, read_sheet_values(path)


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("cat"))


@pytest.fixture(scope="module")
def bad(tmp_path_factory, catalog):
    path = write_book(tmp_path_factory.mktemp("bad") / "xa_bad.xlsx", catalog, BAD)
    return path, read_sheet_values(path)


def test_recalc_on_the_demo_is_the_pipeline_with_unit_and_file(demo):
    path, values = demo
    out = jobs.recalc(values, source=path.name)
    assert out.unit == unit_key(out.info) and out.unit and out.source == path.name
    assert out.findings and all(f.unit == out.unit and f.file == path.name for f in out.findings)
    assert all(f.where == f"{path.name}: {f.place}" for f in out.findings)
    _data, _result, findings, patch = pipeline.run(values, out.catalog)
    assert [(f.rule, f.place, f.message) for f in findings] == [(f.rule, f.place, f.message) for f in out.findings]
    assert patch == out.patch
    assert {w.sheet for w in out.patch.writes} - {layout.SHEET_FINDINGS}  # computed columns too


def test_check_patch_holds_only_the_findings_sheet_and_marks(demo):
    path, values = demo
    full, checked = jobs.recalc(values, source=path.name), jobs.check(values, source=path.name)
    assert checked.findings == full.findings
    assert {w.sheet for w in checked.patch.writes} == {layout.SHEET_FINDINGS}
    assert checked.patch.marks == full.patch.marks and checked.patch.clear_marks == full.patch.clear_marks


def test_report_gives_what_the_generator_needs(demo):
    path, values = demo
    out = jobs.report(values, source=str(path))
    assert out.patch is None and out.info is out.data.info
    assert len(out.result.indicators) == len(out.data.rows)
    assert out.info["co_quan"] and all(f.file == str(path) for f in out.findings)
    facts = out.facts()
    assert facts.units == [out.unit] and len(facts) > 100
    assert all(p.file == str(path) for p in facts.provenance.values())


def test_a_bad_workbook_findings_name_unit_file_and_cell(bad, catalog):
    path, values = bad
    for job in (jobs.check, jobs.recalc, jobs.report):
        out = job(values, catalog=catalog, source=path.name)
        assert out.unit == UNIT == unit_key(FULL_INFO)
        so_am = [f for f in out.errors if f.rule == "SO_AM"]
        assert len(so_am) == 1 and so_am[0].severity == ERROR and so_am[0].code == "NN.CHE_PHU"
        f = so_am[0]
        assert (f.unit, f.file, f.sheet) == (UNIT, "xa_bad.xlsx", "Nông nghiệp")
        assert f.where == f"xa_bad.xlsx: Nông nghiệp!{f.cell}" and f.place == f"Nông nghiệp!{f.cell}"
        assert f.to_dict() == {"rule": f.rule, "severity": f.severity, "sheet": f.sheet, "cell": f.cell,
                               "code": f.code, "message": f.message}  # the CLI's JSON is unchanged


def test_without_a_source_the_findings_read_as_before(bad, catalog):
    _path, values = bad
    f = next(f for f in jobs.check(values, catalog=catalog).findings if f.rule == "SO_AM")
    assert f.file == "" and f.where == f.place == f"Nông nghiệp!{f.cell}" and f.unit == UNIT


def test_a_missing_sheet_names_the_file(bad, catalog):
    _path, values = bad
    broken = {k: v for k, v in values.items() if k != layout.SHEET_INFO}
    with pytest.raises(KtxhError, match="^Tệp “so.xlsx” thiếu 01 trang tính bắt buộc: “Thông tin”"):
        jobs.check(broken, catalog=catalog, source="/tmp/x/so.xlsx")
    with pytest.raises(KtxhError, match="^Sổ “A” thiếu"):
        jobs.recalc(broken, catalog=catalog, where="Sổ “A”")
