"""compute(): the seed report's figures from its own inputs, by one rule."""
from decimal import Decimal as D

import pytest

from formulas.compute import compute
from formulas.results import CUOI_NAM, DAT, KHONG_DAT, VUOT
from formulas.settings import policy_from
from tests.formulas.factory import Book, make_catalog


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("cat"))


def by_code(book):
    return compute(book.data(), book.catalog).by_code()


def test_spring_rice_against_season_and_year_plan_and_same_period(catalog):
    b = Book(catalog)
    b.add("NN.LUA_XUAN", kh_ky=1979.0, kh_nam=4394, cung_ky=2067.6, uoc_ky=1990.48, den_ngay=1900)
    item = by_code(b)["NN.LUA_XUAN"]
    assert item.actual == D("1990.48") and item.actual_is_estimate and item.to_date == D("1900.00")
    assert item.pct_plan == {"kh_ky": D("100.58"), "kh_nam": D("45.30")}
    assert item.pct_plan_to_date["kh_ky"] == D("96.01")
    assert item.pct_same_period == D("96.27") and item.change == D("-3.73") and item.change_unit == "%"
    assert item.remaining == {"kh_ky": D("-11.48"), "kh_nam": D("2403.52")}
    assert item.evaluation == VUOT  # the season plan is compared at 100%


def test_actual_falls_back_to_the_value_to_the_cut_off_date(catalog):
    b = Book(catalog)
    b.add("NN.TRONG_RUNG", kh_nam=550, den_ngay=459.65)
    item = by_code(b)["NN.TRONG_RUNG"]
    assert item.actual == D("459.65") and not item.actual_is_estimate
    assert item.pct_plan["kh_nam"] == D("83.57") and item.evaluation == DAT  # ≥ 50% at mid-year


def test_evaluated_against_the_first_declared_basis_that_has_a_value(catalog):
    b = Book(catalog)
    b.add("NN.LUA_XUAN", kh_nam=4394, uoc_ky=2500)  # no season plan: the year plan, đạt from 50%
    item = by_code(b)["NN.LUA_XUAN"]
    assert item.pct_plan == {"kh_ky": None, "kh_nam": D("56.90")} and item.evaluation == DAT
    b = Book(catalog)
    b.add("NN.LUA_XUAN", kh_ky=2600, kh_nam=4394, uoc_ky=2500)  # the season plan first, at 100%
    assert by_code(b)["NN.LUA_XUAN"].evaluation == KHONG_DAT


def test_budget_against_two_estimates_and_same_period(catalog):
    b = Book(catalog)
    b.add("NS.THU", du_toan_tinh=225000, du_toan_huyen=280000, cung_ky=134717, uoc_ky=256812)
    b.add("NS.CHI", du_toan_tinh=763800, du_toan_huyen=801900, cung_ky=321249, uoc_ky=389000)
    got = by_code(b)
    thu, chi = got["NS.THU"], got["NS.CHI"]
    assert (thu.pct_plan["du_toan_tinh"], thu.pct_plan["du_toan_huyen"], thu.pct_same_period) == (
        D("114.14"), D("91.72"), D("190.63"))
    assert chi.pct_same_period == D("121.09") and chi.change == D("21.09")  # "tăng 21,09%"


def test_shares_of_a_parent_summed_from_its_children(catalog):
    b = Book(catalog)
    b.add("KT.GTSX")  # empty: the sum of its children
    b.add("KT.GTSX_NN", uoc_ky=634689, kh_nam=1169500)
    b.add("KT.GTSX_CN", uoc_ky=2027484, kh_nam=3902700)
    b.add("KT.GTSX_DV", uoc_ky=871442, kh_nam=1731800)
    got = by_code(b)
    assert [got[c].share for c in ("KT.GTSX_NN", "KT.GTSX_CN", "KT.GTSX_DV")] == [D("17.96"), D("57.38"), D("24.66")]
    assert got["KT.GTSX"].actual == D(3533615)
    # Σ actual / Σ plan = 3.533.615 / 6.804.000, not the mean of 54,27, 51,95 and 50,32 (52,18)
    assert got["KT.GTSX"].pct_plan["kh_nam"] == D("51.93")
    assert [got[c].pct_plan["kh_nam"] for c in ("KT.GTSX_NN", "KT.GTSX_CN", "KT.GTSX_DV")] == [
        D("54.27"), D("51.95"), D("50.32")]


def test_share_without_a_parent_row_uses_the_children(catalog):
    b = Book(catalog)
    b.add("KT.GTSX_NN", uoc_ky=1)
    b.add("KT.GTSX_CN", uoc_ky=3)
    assert by_code(b)["KT.GTSX_NN"].share == D("25.00")


def test_a_typed_total_is_never_overwritten_by_the_sum(catalog):
    b = Book(catalog)
    b.add("YT.TIEM", uoc_ky=1085)
    b.add("YT.TIEM_NL", uoc_ky=759)
    b.add("YT.TIEM_TE", uoc_ky=299)
    assert by_code(b)["YT.TIEM"].actual == 1085


def test_rate_recomputed_from_numerator_and_denominator_when_empty(catalog):
    b = Book(catalog)
    b.add("NV.HS_NHAN", uoc_ky=1741)
    b.add("NV.TRUC_TUYEN", uoc_ky=1287)
    b.add("NV.TY_LE_TT")
    assert by_code(b)["NV.TY_LE_TT"].actual == D("73.92")


def test_rate_change_in_points_and_lower_is_better(catalog):
    b = Book(catalog)
    b.add("NV.HO_NGHEO", kh_nam=7, cung_ky=8.29, uoc_ky=6.78)
    item = by_code(b)["NV.HO_NGHEO"]
    assert item.change == D("-1.51") and item.change_unit == "điểm %"
    assert item.pct_plan["kh_nam"] == D("96.86") and item.evaluation == VUOT
    b2 = Book(catalog)
    b2.add("NV.HO_NGHEO", kh_nam=6, uoc_ky=6.78)
    assert by_code(b2)["NV.HO_NGHEO"].evaluation == KHONG_DAT


def test_main_targets_take_their_source_result_and_the_summary_counts(catalog):
    b = Book(catalog)
    b.add("NS.THU", du_toan_tinh=225000, uoc_ky=256812)
    b.add("NN.LUA_XUAN", kh_ky=1979, uoc_ky=1000)
    b.add("CT.THU_NS", kh_nam=450000)
    b.add("CT.LUA", kh_nam=4000)
    b.add("CT.GDP", kh_nam=8)
    b.tasks = [_task("Kinh tế", "A", "Hoàn thành"), _task("Kinh tế", "B", "hoàn thành "),
               _task("Xã hội", "C", "Chưa hoàn thành"), _task("Xã hội", "", "")]
    result = compute(b.data(), catalog)
    got = result.by_code()
    assert got["CT.THU_NS"].actual == 256812 and got["CT.THU_NS"].pct_plan["kh_nam"] == D("57.07")
    assert got["CT.THU_NS"].evaluation == DAT
    assert got["CT.LUA"].pct_plan["kh_nam"] == D("25.00") and got["CT.LUA"].evaluation == KHONG_DAT
    assert got["CT.GDP"].evaluation == CUOI_NAM
    s = result.summary
    assert s.targets_total == 3 and s.targets == {DAT: 1, KHONG_DAT: 1, CUOI_NAM: 1}
    assert s.tasks_total == 3 and s.task_groups == 2 and s.tasks == {"Hoàn thành": 2, "Chưa hoàn thành": 1}


def test_year_report_evaluates_year_end_targets(catalog):
    b = Book(catalog, ky="năm")
    b.add("CT.GDP", kh_nam=8, uoc_ky=8.2)
    assert by_code(b)["CT.GDP"].evaluation == VUOT


def test_truncate_mode(catalog):
    b = Book(catalog)
    b.add("NN.LUA_XUAN", kh_ky=3, kh_nam=3, cung_ky=3, uoc_ky=2)
    policy = policy_from({**catalog.settings, "rounding": "truncate"})
    item = compute(b.data(), catalog, policy).by_code()["NN.LUA_XUAN"]
    assert item.pct_plan["kh_ky"] == D("66.66") and item.change == D("-33.34")
    assert compute(b.data(), catalog).by_code()["NN.LUA_XUAN"].pct_plan["kh_ky"] == D("66.67")


def test_custom_row_and_text_row(catalog):
    b = Book(catalog)
    b.add(None, sheet="Nông nghiệp", name="Cây ăn quả", kh_nam=200, uoc_ky=150.5, cung_ky=140)
    b.add("NN.GHI_CHU", uoc_ky="ổn định")
    items = compute(b.data(), catalog).indicators
    custom = next(i for i in items if i.code is None)
    assert custom.pct_plan == {"kh_nam": D("75.25")} and custom.evaluation == DAT
    text = next(i for i in items if i.code == "NN.GHI_CHU")
    assert text.actual is None and text.evaluation is None


def test_no_float_artefacts_in_any_stated_figure(catalog):
    b = Book(catalog)
    b.add("NN.LUA_XUAN", kh_ky=0.3, kh_nam=0.7, cung_ky=0.1, uoc_ky=0.2)
    item = by_code(b)["NN.LUA_XUAN"]
    for v in (*item.pct_plan.values(), item.pct_same_period, item.change, item.actual):
        assert -v.as_tuple().exponent <= 2 and len(repr(float(v))) <= 8


def _task(group, task, status):
    from formulas.model import KeyTask
    return KeyTask(group=group, task=task, status=status, note="", row=6)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from formulas.ratios import percent  # noqa: E402
from formulas.rounding import round_value  # noqa: E402

_CAT = {}


def _catalog():
    if "c" not in _CAT:
        import tempfile
        from pathlib import Path
        _CAT["c"] = make_catalog(Path(tempfile.mkdtemp()))
    return _CAT["c"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=4, max_size=4), st.integers(0, 10**6))
def test_rate_of_aggregates_equals_recomputation_from_the_summed_parts(parts, online):
    """NV.TY_LE_TT = NV.TRUC_TUYEN / NV.HS_NHAN, where HS_NHAN = (TRUOC + DUNG + CHAM) + DANG is summed
    through two levels of empty parents: the stated rate is the recomputed ratio of the sums."""
    catalog = _catalog()
    b = Book(catalog)
    b.add("NV.HS_NHAN")
    b.add("NV.HS_GQ")
    for code, v in zip(("NV.HS_TRUOC", "NV.HS_DUNG", "NV.HS_CHAM", "NV.HS_DANG"), parts):
        b.add(code, uoc_ky=v)
    b.add("NV.TRUC_TUYEN", uoc_ky=online)
    b.add("NV.TY_LE_TT")
    got = by_code(b)
    total = sum(parts)
    assert got["NV.HS_NHAN"].actual == total and got["NV.HS_GQ"].actual == sum(parts[:3])
    assert got["NV.TY_LE_TT"].actual == round_value(percent(D(online), D(total)), 2)


FIGURES = ("actual", "actual_is_estimate", "to_date", "plans", "pct_plan", "pct_plan_to_date", "same_period",
           "pct_same_period", "change", "change_unit", "share", "remaining", "evaluation")


def test_rows_of_many_shapes_together_equal_each_row_computed_alone(catalog):
    """compute works a column at a time per indicator shape: interleaved shapes (amounts, a rate,
    a custom row, a text row) still give every row its own figures, in workbook order."""
    specs = [("NN.LUA_XUAN", {"kh_ky": 1979.0, "kh_nam": 4394, "cung_ky": 2067.6, "uoc_ky": 1990.48, "den_ngay": 1900}),
             (None, {"sheet": "Nông nghiệp", "name": "Cây ăn quả", "kh_nam": 200, "uoc_ky": 150.5}),
             ("NN.TRONG_RUNG", {"kh_nam": 550, "den_ngay": 459.65}),
             ("NN.GHI_CHU", {"uoc_ky": "ổn định"}),
             ("NV.HO_NGHEO", {"kh_nam": 7.5, "cung_ky": 8.29, "uoc_ky": 6.78})]
    together = Book(catalog)
    for code, values in specs:
        together.add(code, **values)
    items = compute(together.data(), catalog).indicators
    assert [i.code for i in items] == [code for code, _ in specs]
    for item, (code, values) in zip(items, specs):
        alone = Book(catalog)
        alone.add(code, **values)
        (single,) = compute(alone.data(), catalog).indicators
        assert [getattr(item, f) for f in FIGURES] == [getattr(single, f) for f in FIGURES], code


def test_rows_are_grouped_by_indicator_shape(catalog):
    """compute() works a group of rows of the same _shape at a time (the shape is written inline in
    _group_rows): each group's rows share one shape, no two groups share one, text rows are in none
    and a custom row is a group of its own."""
    from formulas.compute import _shape
    b = Book(catalog)
    for code in catalog.by_code:
        b.add(code, kh_nam=10, uoc_ky=5)
    b.add(None, sheet="Nông nghiệp", name="Tự thêm", kh_nam=10, uoc_ky=5)
    data = b.data()
    result = compute(data, catalog)
    shared = [g for g in result.groups if g.shared]
    shapes = [{_shape(data.rows[i].indicator) for i in g.rows} for g in shared]
    assert all(len(s) == 1 for s in shapes) and len({s.pop() for s in shapes}) == len(shared)
    grouped = {i for g in result.groups for i in g.rows}
    kinds = {data.rows[i].indicator.kind for i in grouped if data.rows[i].indicator}
    assert "text" not in kinds and len(grouped) == len(data.rows) - 1  # the one text indicator
    (custom,) = [g for g in result.groups if not g.shared]
    assert [data.rows[i].name for i in custom.rows] == ["Tự thêm"]


@pytest.mark.parametrize("mode", ["half_up", "truncate"])
def test_quantizer_rounds_as_decimal_quantize(mode):
    from decimal import InvalidOperation, localcontext
    from formulas.compute import _quantizer
    from formulas.rounding import MODES
    rounding = MODES[mode]
    quantize = _quantizer(rounding)
    for x in ("100.575", "-3.735", "-0.004", "0.005", "2.5", "1E+3", "123456789.123456789"):
        for q in ("0.01", "1", "0.1"):
            assert str(quantize(D(x), D(q))) == str(D(x).quantize(D(q), rounding))
    with localcontext() as ctx:  # it follows the context's precision, as Decimal.quantize does
        ctx.prec = 5
        with pytest.raises(InvalidOperation):
            _quantizer(rounding)(D("123456.7"), D("0.01"))


def test_compute_and_validate_leave_the_garbage_collector_alone(catalog):
    """The core runs inside Excel's Python (xlwings Lite): no global interpreter state is touched,
    the collector stays as the host set it, disabled or enabled, frozen objects frozen."""
    import gc
    from formulas.validation import validate
    b = Book(catalog)
    b.add("NN.LUA_XUAN", kh_ky=1979, kh_nam=1979, cung_ky=1950, uoc_ky=1990.48)
    data = b.data()
    was_enabled, threshold = gc.isenabled(), gc.get_threshold()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            validate(data, catalog, compute(data, catalog))
            assert (gc.isenabled(), gc.get_freeze_count(), gc.get_threshold()) == (enabled, frozen, threshold)
    finally:
        gc.unfreeze()
        (gc.enable if was_enabled else gc.disable)()
    import formulas.compute
    assert not hasattr(formulas.compute, "gc")


def test_results_are_made_on_first_read_and_stay_the_same_objects(catalog):
    b = Book(catalog)
    b.add("NN.LUA_XUAN", kh_ky=1979, kh_nam=1979, cung_ky=1950, uoc_ky=1990.48)
    b.add("NN.TRONG_RUNG", uoc_ky=1, kh_nam=2)
    b.add(None, sheet="Nông nghiệp", name="Tự thêm", uoc_ky=5)
    data = b.data()
    items = compute(data, catalog).indicators
    again = compute(data, catalog).indicators
    last = items[-1]
    assert items[-1] is last and len(items) == 3 and list(items)[-1] is last
    assert [i.row for i in items] == data.rows and items == list(again) and items[0:2] == again[:2]
    assert items[0].pct_plan == {"kh_ky": D("100.58"), "kh_nam": D("100.58")} and items[2].code is None


def test_summary_counts_targets_with_a_result_but_no_plan(catalog):
    """A consolidated province before it types its plans: CT.THU_NS has its result (from NS.THU) and
    no plan — not judged, and counted as such; CT.LUA has neither result nor plan."""
    b = Book(catalog)
    b.add("NS.THU", uoc_ky=256812)
    b.add("CT.THU_NS")
    b.add("CT.LUA")
    b.add("CT.GDP", kh_nam=8)
    s = compute(b.data(), catalog).summary
    assert s.targets_total == 3 and s.targets == {CUOI_NAM: 1} and s.targets_without_plan == 1
