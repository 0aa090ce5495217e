"""Made-up xã workbooks (workbook_templates.generated_units): plausible, consistent, clearly not real."""
from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

import pytest

from addin.cli import main
from formulas import jobs
from formulas.catalog import load_catalog
from workbook_templates.generated_units import MARKER, generate_units, write_units
from workbook_templates.reader import read_sheet_values

N = 5


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return write_units(tmp_path_factory.mktemp("xa"), N, seed=7)


def test_every_generated_workbook_passes_the_check(files):
    for path in files:
        outcome = jobs.check(read_sheet_values(path), source=path.name)
        assert [f.message for f in outcome.findings if f.severity == "lỗi"] == [], path.name


def test_names_are_unique_and_say_the_data_is_made_up():
    units = generate_units(20, seed=7)
    names = [u["info"]["co_quan"] for u in units]
    assert len(set(names)) == 20 and names[0] == "ỦY BAN NHÂN DÂN XÃ MẪU 001"
    assert all(MARKER in u["info"]["co_quan_chu_quan"] for u in units)


def test_figures_differ_between_units_and_repeat_for_a_seed():
    a, b = generate_units(10, seed=1), generate_units(10, seed=1)
    assert a == b
    assert a != generate_units(10, seed=2)
    totals = {u["values"]["GTSX.TONG"]["uoc_ky"] for u in a}
    assert len(totals) == 10
    assert generate_units(3, seed=1)[2] == a[2]  # unit i does not depend on n


def test_the_same_in_every_process():
    """No set order (string hashes vary per process) decides the order of the draws."""
    code = ("import json; from workbook_templates.generated_units import generate_units; "
            "print(json.dumps(generate_units(3, seed=5), default=str, sort_keys=True))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1


def test_figures_are_consistent_with_the_catalog():
    catalog = load_catalog("xa")
    by = catalog.by_code
    below = above = 0
    for unit in generate_units(200, seed=3):
        values = unit["values"]
        for code, cols in values.items():
            ind = by[code]
            nums = {k: v for k, v in cols.items() if isinstance(v, (int, float))}
            if ind.kind == "count":
                assert all(isinstance(v, int) for v in nums.values()), (code, cols)
            for v in nums.values():
                assert Decimal(str(v)).as_tuple().exponent >= -max(ind.decimals, 0), (code, v)
                if ind.is_rate:
                    assert 0 <= v <= 100, (code, cols)
            if ind.cumulative and "den_ngay" in nums and "uoc_ky" in nums:
                assert nums["den_ngay"] <= nums["uoc_ky"], code
            kids = [c for c in values if by[c].parent == code]
            if ind.children_add_up and kids:
                for col in {k for c in kids for k in values[c]}:
                    parts = [values[c][col] for c in kids if col in values[c]]
                    assert Decimal(str(cols[col])) == sum(Decimal(str(p)) for p in parts), (code, col)
            if ind.numerator in values and ind.denominator in values:
                num, den = values[ind.numerator], values[ind.denominator]
                for col, stated in nums.items():
                    if col in num and col in den:
                        assert stated == pytest.approx(num[col] * 100 / den[col], abs=0.5 * 10 ** -ind.decimals + 1e-9), (code, col)
        ratio = values["GTSX.TONG"]["uoc_ky"] / values["GTSX.TONG"]["kh_nam"]
        below, above = below + (ratio < 1), above + (ratio > 1)
    assert below > 20 and above > 20  # % of plan varies: some units short of it, some over


def test_a_part_year_report_keeps_its_flows_under_the_year():
    year, half = generate_units(1, seed=4)[0], generate_units(1, seed=4, ky="6 tháng đầu năm")[0]
    assert half["info"]["ky_bao_cao"] == "6 tháng đầu năm"
    assert half["values"]["NN.LUONG_THUC"]["uoc_ky"] < year["values"]["NN.LUONG_THUC"]["uoc_ky"]


def test_five_units_consolidate(files, tmp_path):
    out = tmp_path / "tong_hop.xlsx"
    assert main(["tong-hop", str(files[0].parent), "-o", str(out)]) == 0
    assert out.exists()


def test_the_provinces_made_up_plans_are_its_units_sums_or_means():
    from workbook_templates.generated_units import generate_units, province_plans

    units = generate_units(3)
    catalog = load_catalog("tinh")
    plans = province_plans(units, catalog)
    rice = [u["values"]["NN.LUONG_THUC"]["kh_nam"] for u in units]
    assert plans["NN.LUONG_THUC"]["kh_nam"] == pytest.approx(sum(rice))
    rate = next(c for c in plans if catalog.indicator(c).is_rate and not catalog.indicator(c).source)
    mean = sum(u["values"][rate]["kh_nam"] for u in units) / 3
    assert plans[rate]["kh_nam"] == pytest.approx(mean, abs=10 ** -catalog.indicator(rate).decimals)
    assert not [c for c in plans if catalog.indicator(c).aggregate in ("count", "none") and not catalog.indicator(c).source]
    target = next(c for c in plans if catalog.indicator(c).source)  # a main target: its source's plan
    assert next(iter(plans[target].values())) == next(iter(plans[catalog.indicator(target).source].values()))


@pytest.mark.parametrize("ky", ["quý III", "tháng 8", "9 tháng đầu năm"])
def test_units_of_other_periods_are_built_and_check_clean(ky, tmp_path):
    """The base is an annual report: a quarter or a month has no next year's plan (and a month no
    value to the cut-off date), so their workbooks are built and check without an error."""
    (path,) = write_units(tmp_path, 1, ky=ky, nam=2026)
    out = jobs.check(read_sheet_values(path))
    assert not [f for f in out.findings if f.severity == "lỗi"], [f.message for f in out.findings][:3]
