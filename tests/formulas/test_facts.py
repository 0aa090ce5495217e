"""formulas.facts: the long table (unit, period, code, column) -> value, with provenance."""
from __future__ import annotations

from decimal import Decimal

import pytest

from formulas.compute import compute
from formulas.errors import KtxhError
from formulas.facts import COLUMNS, FactTable, facts_from, merge, period_key, unit_key
from formulas.settings import policy_from
from tests.formulas.factory import Book, make_catalog

XA_A, XA_B = "ỦY BAN NHÂN DÂN XÃ A", "ỦY BAN NHÂN DÂN XÃ B"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("cat"))


def book(catalog, co_quan, ky, lua, thu=None):
    b = Book(catalog, ky=ky, info={"co_quan": co_quan, "dia_danh": "Cao Lộc"})
    b.add("NN.LUA_XUAN", kh_ky=100, kh_nam=200, uoc_ky=lua)  # cung_ky left empty
    b.add("NS.THU", du_toan_tinh=1000, uoc_ky=thu)
    b.add(None, sheet="Nông nghiệp", name="Dòng tự thêm", uoc_ky=5)
    return b.data()


@pytest.fixture(scope="module")
def tables(catalog):
    out = {}
    for unit in (XA_A, XA_B):
        for ky, lua in (("6 tháng đầu năm", 50), ("năm", 190)):
            data = book(catalog, f"  {unit.lower()} ", ky, lua + (unit == XA_B))
            out[unit, ky] = facts_from(data, source=f"{unit[-4:]}-{ky}.xlsx")
    return out


def test_unit_and_period_keys():
    assert unit_key({"co_quan": " Ủy ban  nhân dân xã A\n", "dia_danh": "A"}) == XA_A
    assert unit_key({"co_quan": None, "dia_danh": "Cao Lộc"}) == "CAO LỘC"
    assert period_key({"ky_bao_cao": "6 tháng đầu năm", "nam": "2023"}) == "6 tháng đầu năm 2023"
    assert period_key({"ky_bao_cao": "quý 2", "nam": 2026}) == "quý II năm 2026"
    assert period_key({"ky_bao_cao": "năm", "nam": "2024"}) == "năm 2024"
    assert period_key({"ky_bao_cao": "kỳ lạ", "nam": "2024"}) == "kỳ lạ 2024"


def test_facts_of_one_workbook_with_provenance(tables, catalog):
    t = tables[XA_A, "6 tháng đầu năm"]
    assert t.units == [XA_A] and t.periods == ["6 tháng đầu năm 2023"]
    assert {(f.code, f.column, f.value) for f in t} == {
        ("NN.LUA_XUAN", "kh_ky", Decimal(100)), ("NN.LUA_XUAN", "kh_nam", Decimal(200)),
        ("NN.LUA_XUAN", "uoc_ky", Decimal(50)), ("NS.THU", "du_toan_tinh", Decimal(1000))}
    lua = t.filter(code="NN.LUA_XUAN", column="uoc_ky").rows[0]
    where = t.where(lua)
    row = book(catalog, XA_A, "6 tháng đầu năm", 50).rows[0]
    assert (where.file, where.sheet, where.cell) == ("XÃ A-6 tháng đầu năm.xlsx", "Nông nghiệp", row.cells["uoc_ky"])
    assert where.where == f"XÃ A-6 tháng đầu năm.xlsx: Nông nghiệp!{row.cells['uoc_ky']}"


def test_empty_cell_is_absent_not_zero(tables):
    t = tables[XA_A, "6 tháng đầu năm"]
    assert t.get(XA_A, "6 tháng đầu năm 2023", "NN.LUA_XUAN", "cung_ky") is None
    assert not t.filter(code="NS.THU", column="uoc_ky")  # thu=None: no fact
    assert t.get(XA_A, "6 tháng đầu năm 2023", "NN.LUA_XUAN", "uoc_ky") == 50


def test_computed_columns_with_the_compute_result(catalog):
    data = book(catalog, XA_A, "6 tháng đầu năm", 50)
    result = compute(data, catalog, policy_from(catalog.settings))
    t = facts_from(data, result=result, source="a.xlsx")
    assert t.get(XA_A, "6 tháng đầu năm 2023", "NN.LUA_XUAN", "pct_kh_ky") == 50
    assert t.where(t.filter(column="pct_kh_ky").rows[0]).cell == data.rows[0].cells["pct_kh_ky"]
    assert not t.filter(column="pct_cung_ky")  # no same-period value: nothing computed, no fact


def test_merge_filter_and_rows_for_a_dataframe(tables):
    all_ = merge(tables.values())
    assert len(all_) == sum(len(t) for t in tables.values()) == 16
    assert all_.units == [XA_A, XA_B] and all_.periods == ["6 tháng đầu năm 2023", "năm 2023"]
    lua = all_.filter(code="NN.LUA_XUAN", column="uoc_ky")
    assert sorted((f.unit, f.period, f.value) for f in lua) == [
        (XA_A, "6 tháng đầu năm 2023", 50), (XA_A, "năm 2023", 190),
        (XA_B, "6 tháng đầu năm 2023", 51), (XA_B, "năm 2023", 191)]
    assert len(all_.filter(unit=XA_B, period=["năm 2023"])) == 4
    rec = lua.filter(unit=XA_B, period="năm 2023").records()
    assert list(rec[0]) == list(COLUMNS)
    assert rec[0]["value"] == 191 and rec[0]["file"] == "XÃ B-năm.xlsx" and rec[0]["sheet"] == "Nông nghiệp"
    assert all_.tuples()[0] == tuple(all_.records()[0].values())
    assert all_.where(lua.rows[-1]).file.startswith("XÃ B")


def test_same_unit_and_period_twice_is_an_error(tables, catalog):
    again = facts_from(book(catalog, XA_A, "năm", 7), source="trùng.xlsx")
    with pytest.raises(KtxhError, match="XÃ A.*năm 2023.*“XÃ A-năm.xlsx”, “trùng.xlsx”"):
        merge([tables[XA_A, "năm"], tables[XA_B, "năm"], again])
    # a unit's other period is fine
    assert len(tables[XA_A, "năm"].merge(tables[XA_A, "6 tháng đầu năm"])) == 8


def test_explicit_unit_and_empty_table():
    from formulas.model import WorkbookData
    t = facts_from(WorkbookData(info={"ky_bao_cao": "quý I", "nam": "2026"}, rows=[], prose=[], tasks=[]),
                   unit="X")
    assert len(t) == 0 and t.pairs() == [] and merge([]).rows == [] and isinstance(t, FactTable)
