"""Targets as a resolution states them (formulas.targets), group verdicts, and the aggregation rules
(formulas.aggregate: sum, recompute, weighted, none), on plain values and through compute."""
from decimal import Decimal as D

import pytest

from formulas.aggregate import combine, recomputed, total, weighted_mean
from formulas.compute import compute
from formulas.findings import ERROR
from formulas.parse import RULE_BAD_NUMBER, parse_sector_sheet
from formulas.results import CUOI_NAM, DAT, DAT_MOT_PHAN, KHONG_DAT, VUOT
from formulas.targets import (AT_LEAST, AT_MOST, LESS_THAN, MORE_THAN, NUMBER, RANGE, VERDICT, Target, describe,
                              evaluate_target, group_verdict, parse_target)
from formulas.validation import validate
from tests.formulas import factory
from tests.formulas.factory import Book, make_catalog

# ------------------------------------------------------------------------------------------ parse


@pytest.mark.parametrize("text, kind, low, high", [
    ("7", NUMBER, "7", None), ("1.234,5", NUMBER, "1234.5", None), ("8,5", NUMBER, "8.5", None),
    ("8,5 %", NUMBER, "8.5", None),
    ("8,5 - 9 %", RANGE, "8.5", "9"), ("8,5-9", RANGE, "8.5", "9"), ("8,5% – 9%", RANGE, "8.5", "9"),
    ("từ 8,5 đến 9", RANGE, "8.5", "9"), ("1.000 - 1.200,5", RANGE, "1000", "1200.5"),
    ("trên 95 %", MORE_THAN, "95", None), ("> 95", MORE_THAN, "95", None), ("Đạt trên 95%", MORE_THAN, "95", None),
    ("≥ 7 %", AT_LEAST, "7", None), (">= 7", AT_LEAST, "7", None), ("từ 7 % trở lên", AT_LEAST, "7", None),
    ("tối thiểu 60", AT_LEAST, "60", None), ("không dưới 60", AT_LEAST, "60", None),
    ("dưới 2 %", LESS_THAN, None, "2"), ("< 2", LESS_THAN, None, "2"),
    ("không quá 1,5 %", AT_MOST, None, "1.5"), ("tối đa 1,5", AT_MOST, None, "1.5"), ("≤1,5", AT_MOST, None, "1.5"),
    ("từ 2 trở xuống", AT_MOST, None, "2"), ("  TRÊN  95\u00a0% ", MORE_THAN, "95", None),
])
def test_each_form_parses(text, kind, low, high):
    t = parse_target(text)
    assert t == Target(kind, low=None if low is None else D(low), high=None if high is None else D(high))


@pytest.mark.parametrize("text, verdict", [
    ("Đạt", DAT), ("đạt", DAT), ("Không đạt", KHONG_DAT), ("Chưa đạt", KHONG_DAT), ("Vượt", VUOT),
    ("vượt kế hoạch", VUOT), ("Đạt một phần", DAT_MOT_PHAN), (" ĐẠT  MỘT PHẦN ", DAT_MOT_PHAN),
])
def test_verdict_words(text, verdict):
    assert parse_target(text) == Target(VERDICT, verdict=verdict)


@pytest.mark.parametrize("text", ["", "khoảng 20", "9 - 8", "trên", "8,5 -", "1.23.4 - 5", "đạt khá", "abc 5",
                                  "trên 95 ha"])
def test_what_is_not_a_target(text):
    assert parse_target(text) is None


def test_the_indicator_unit_may_follow_the_number():
    assert parse_target("trên 1.000 tỷ đồng", "tỷ đồng") == Target(MORE_THAN, low=D(1000))
    assert parse_target("800 - 850 tỷ đồng", "tỷ đồng") == Target(RANGE, low=D(800), high=D(850))


def test_describe_as_a_sentence_says_it():
    assert describe(parse_target("8,5-9"), "%") == "8,5 - 9%"
    assert describe(parse_target("≥ 7"), "%") == "từ 7% trở lên"
    assert describe(parse_target("trên 1.000"), "tỷ đồng") == "trên 1.000 tỷ đồng"
    assert describe(parse_target("dưới 2"), "%") == "dưới 2%"
    assert describe(parse_target("tối đa 1,5"), "%") == "không quá 1,5%"
    assert describe(parse_target("Đạt một phần")) == DAT_MOT_PHAN


# --------------------------------------------------------------------------------------- evaluate

GROWTH = parse_target("8,5 - 9 %")


@pytest.mark.parametrize("actual, higher, lower", [
    ("9.2", VUOT, KHONG_DAT), ("9", DAT, DAT), ("8.7", DAT, DAT), ("8.5", DAT, DAT), ("8.0", KHONG_DAT, VUOT),
])
def test_range_both_directions(actual, higher, lower):
    assert evaluate_target(GROWTH, D(actual), "higher") == higher
    assert evaluate_target(GROWTH, D(actual), "lower") == lower


@pytest.mark.parametrize("text, actual, expected", [
    ("dưới 2 %", "1.8", DAT), ("dưới 2 %", "2", KHONG_DAT), ("dưới 2 %", "2.1", KHONG_DAT),
    ("không quá 1,5", "1.5", DAT), ("không quá 1,5", "1.6", KHONG_DAT),
    ("trên 95", "95", KHONG_DAT), ("trên 95", "96.5", DAT), ("≥ 7", "7", DAT), ("≥ 7", "6.9", KHONG_DAT),
    ("≥ 7", "12", DAT),  # an inequality has no amount to exceed: never Vượt
])
def test_inequalities_are_met_or_not_in_either_direction(text, actual, expected):
    for better in ("higher", "lower"):
        assert evaluate_target(parse_target(text), D(actual), better) == expected


def test_share_of_year_scales_only_what_a_cumulative_result_must_reach():
    # a cumulative amount against a year target, 6 months (threshold 50): 1.000 "trở lên" a year
    at_least = parse_target("từ 1.000 trở lên")
    assert evaluate_target(at_least, D(520), "higher", D(50)) == DAT
    assert evaluate_target(at_least, D(480), "higher", D(50)) == KHONG_DAT
    year_range = parse_target("800 - 850")
    assert evaluate_target(year_range, D(410), "higher", D(50)) == DAT  # ≥ 50% of the low end
    assert evaluate_target(year_range, D(390), "higher", D(50)) == KHONG_DAT
    assert evaluate_target(year_range, D(850), "higher", D(50)) == VUOT  # the year's high end reached early
    # a ceiling is never scaled, and neither is a lower-is-better target
    assert evaluate_target(parse_target("không quá 50"), D(30), "higher", D(50)) == DAT
    assert evaluate_target(parse_target("dưới 2"), D("1.9"), "lower", D(50)) == DAT
    # a growth rate (cumulative: false) is compared at 100 %: the caller passes 100 (threshold_for)
    assert evaluate_target(GROWTH, D("8.7"), "higher", D(100)) == DAT


def test_number_and_verdict_targets():
    assert evaluate_target(parse_target("1.000"), D(1010), "higher") == VUOT
    assert evaluate_target(parse_target("1.000"), D(1000), "higher") == DAT
    assert evaluate_target(parse_target("1.000"), D(600), "higher", D(50)) == DAT
    assert evaluate_target(parse_target("2"), D("1.8"), "lower") == VUOT
    assert evaluate_target(parse_target("Đạt một phần"), None) == DAT_MOT_PHAN  # stated, no figure needed
    assert evaluate_target(GROWTH, None) is None


@pytest.mark.parametrize("members, expected", [
    ([DAT, DAT, VUOT], DAT), ([VUOT, VUOT], VUOT), ([DAT, KHONG_DAT, DAT], DAT_MOT_PHAN),
    ([KHONG_DAT, KHONG_DAT], KHONG_DAT), ([DAT, DAT_MOT_PHAN], DAT_MOT_PHAN), ([DAT, None], None),
    ([DAT, CUOI_NAM], CUOI_NAM), ([], None),
])
def test_group_verdict_is_dat_only_where_every_member_is(members, expected):
    assert group_verdict(members) == expected


# ------------------------------------------------------------------------------------- aggregate


def test_aggregation_rules_on_plain_values_by_unit():
    xa = {"Xã A": D(10), "Xã B": None, "Xã C": D(5)}
    assert total(xa) == 15 and total(xa, complete=True) is None and total({"A": None}) is None
    assert recomputed({"A": D(30), "B": D(10), "C": D(5)}, {"A": D(100), "B": D(100), "C": None}) == 20
    # hand-computed: (50 × 100 + 45 × 300) / (100 + 300) = 46,25; Xã C's blank rate is not a zero
    rates, weights = {"A": D(50), "B": D(45), "C": None}, {"A": D(100), "B": D(300), "C": D(500)}
    assert weighted_mean(rates, weights) == D("46.25")
    assert weighted_mean([D(50), D(45)], [D(100), D(300)]) == D("46.25")  # by position too
    assert weighted_mean({"A": D(50)}, {"A": D(0)}) is None and weighted_mean({}, {}) is None
    assert combine("sum", xa) == 15
    assert combine("recompute", numerators=[D(1)], denominators=[D(4)]) == 25
    assert combine("weighted", rates, weights=weights) == D("46.25")
    assert combine("none", xa) is None
    with pytest.raises(ValueError):
        combine("mean", xa)


def test_every_aggregation_rule_of_the_catalog_is_computed():
    from formulas.catalog import AGGREGATIONS, load_catalog

    declared = {i.aggregate for i in load_catalog().by_code.values()}
    assert declared <= set(AGGREGATIONS)
    for rule in AGGREGATIONS:  # each one answers on plain values (none: nothing to state)
        got = combine(rule, [D(2), D(4)], weights=[D(1), D(3)], numerators=[D(1)], denominators=[D(2)],
                      condition=parse_target("trên 3"))
        assert got == {"sum": 6, "recompute": 50, "weighted": D("3.5"), "count": 1, "none": None}[rule]


WEIGHTED_SHEET = """
    sheet: Năng suất
    title: NĂNG SUẤT
    section: nong_nghiep
    order: 25
    plan_bases: {kh_ky: KH vụ}
    indicators:
      - {code: NSL.DIEN_TICH, name: Diện tích lúa cả năm, unit: ha, kind: area, children_add_up: true}
      - {code: NSL.DT_XUAN, name: Lúa Xuân, parent: NSL.DIEN_TICH, unit: ha, kind: area}
      - {code: NSL.DT_MUA, name: Lúa Mùa, parent: NSL.DIEN_TICH, unit: ha, kind: area}
      - {code: NSL.NANG_SUAT, name: Năng suất lúa cả năm, unit: tạ/ha, kind: quantity, decimals: 1,
         cumulative: false, aggregate: weighted, weight: NSL.DIEN_TICH, children_add_up: true, plans: [kh_ky]}
      - {code: NSL.NS_XUAN, name: Năng suất lúa Xuân, parent: NSL.NANG_SUAT, unit: tạ/ha, kind: quantity,
         decimals: 1, cumulative: false, aggregate: weighted, weight: NSL.DT_XUAN, plans: [kh_ky]}
      - {code: NSL.NS_MUA, name: Năng suất lúa Mùa, parent: NSL.NANG_SUAT, unit: tạ/ha, kind: quantity,
         decimals: 1, cumulative: false, aggregate: weighted, weight: NSL.DT_MUA, plans: [kh_ky]}
"""

TARGET_SHEET = """
    sheet: Mục tiêu
    title: MỤC TIÊU NGHỊ QUYẾT
    section: tong_hop_chi_tieu
    order: 95
    plan_bases: {kh_nam: KH năm}
    value_columns: [uoc_ky]
    indicators:
      - {code: MT.TANG_TRUONG, name: Tốc độ tăng trưởng kinh tế, unit: "%", kind: rate, plans: [kh_nam],
         cumulative: false, same_period: false, sentence: ty_le}
      - {code: MT.HO_NGHEO, name: Tỷ lệ hộ nghèo, unit: "%", kind: rate, better: lower, plans: [kh_nam],
         cumulative: false, same_period: false, sentence: ty_le}
      - {code: MT.THU_NS, name: Thu ngân sách trên địa bàn, unit: tỷ đồng, plans: [kh_nam], same_period: false}
      - {code: MT.CO_CAU, name: Cơ cấu kinh tế, unit: "%", kind: rate, evaluate: group, cumulative: false,
         same_period: false}
      - {code: MT.CC_NONG, name: Nông lâm thủy sản, parent: MT.CO_CAU, unit: "%", kind: rate, better: lower,
         plans: [kh_nam], cumulative: false, same_period: false}
      - {code: MT.CC_CN, name: Công nghiệp - xây dựng, parent: MT.CO_CAU, unit: "%", kind: rate,
         plans: [kh_nam], cumulative: false, same_period: false}
      - {code: MT.CC_DV, name: Dịch vụ, parent: MT.CO_CAU, unit: "%", kind: rate, plans: [kh_nam],
         cumulative: false, same_period: false}
      - {code: MT.CHUYEN_DOI_SO, name: Hoàn thành chuyển đổi số cấp xã, unit: nhiệm vụ, kind: count,
         plans: [kh_nam], same_period: false}
"""


@pytest.fixture
def catalog(tmp_path, monkeypatch):
    monkeypatch.setitem(factory.SHEETS, "nang_suat", WEIGHTED_SHEET)
    monkeypatch.setitem(factory.SHEETS, "muc_tieu", TARGET_SHEET)
    return make_catalog(tmp_path)


def test_weighted_parent_from_its_children(catalog):
    b = Book(catalog)
    b.add("NSL.DIEN_TICH")
    b.add("NSL.DT_XUAN", uoc_ky=100, cung_ky=120)
    b.add("NSL.DT_MUA", uoc_ky=300, cung_ky=None)
    b.add("NSL.NANG_SUAT")
    b.add("NSL.NS_XUAN", uoc_ky=50, cung_ky=48, kh_ky=52)
    b.add("NSL.NS_MUA", uoc_ky=45, cung_ky=44, kh_ky=46)
    result = compute(b.data(), catalog)
    ns = result.by_code()["NSL.NANG_SUAT"]
    # (50 × 100 + 45 × 300) / 400 = 46,25 -> 46,3 tạ/ha (1 decimal); not the plain mean 47,5
    assert ns.actual == D("46.3") and ns.values["uoc_ky"] == D("46.25")
    assert "cung_ky" not in (result.derived.derived[3] or ())  # Lúa Mùa has no area a year ago: no average
    # plan: weighted by the same column of the weights, which have no plan: not stated
    assert ns.values.get("kh_ky") is None


def test_weighted_parent_blank_child_not_counted_and_typed_parent_kept(catalog):
    b = Book(catalog)
    b.add("NSL.DT_XUAN", uoc_ky=100)
    b.add("NSL.DT_MUA", uoc_ky=300)
    b.add("NSL.NANG_SUAT")
    b.add("NSL.NS_XUAN", uoc_ky=50)
    b.add("NSL.NS_MUA")  # not reported yet: not a zero
    assert compute(b.data(), catalog).by_code()["NSL.NANG_SUAT"].actual == 50
    b = Book(catalog)
    b.add("NSL.DT_XUAN", uoc_ky=100)
    b.add("NSL.DT_MUA", uoc_ky=300)
    b.add("NSL.NANG_SUAT", uoc_ky=47)  # typed: kept, and a weighted mean is not checked as a sum
    b.add("NSL.NS_XUAN", uoc_ky=50)
    b.add("NSL.NS_MUA", uoc_ky=45)
    data = b.data()
    assert compute(data, catalog).by_code()["NSL.NANG_SUAT"].actual == 47
    assert not [f for f in validate(data, catalog) if f.code == "NSL.NANG_SUAT" and f.rule != "THIEU_KE_HOACH"]


def test_a_child_of_a_weighted_parent_must_declare_its_weight(tmp_path, monkeypatch):
    from formulas.catalog import CatalogError

    monkeypatch.setitem(factory.SHEETS, "nang_suat", WEIGHTED_SHEET.replace(
        "aggregate: weighted, weight: NSL.DT_MUA, ", ""))
    with pytest.raises(CatalogError, match="NSL.NS_MUA"):
        make_catalog(tmp_path)


# -------------------------------------------------------------------------- through the calculator


def _targets_book(catalog, ky="6 tháng đầu năm", **plans):
    """The Mục tiêu rows parsed from sheet values, so plan cells go through the parser as typed."""
    from formulas import layout
    from formulas.findings import Finding  # noqa: F401  (parse findings are Finding objects)

    sheet = catalog.sheet("Mục tiêu")
    cols = layout.sector_columns(sheet, "huyen", ky)
    keys = [c.key for c in cols]
    grid = [[None] * len(keys) for _ in range(layout.KEY_ROW - 1)] + [keys]
    grid += [[None] * len(keys) for _ in range(layout.FIRST_DATA_ROW - layout.KEY_ROW - 1)]
    for code, values in plans.items():
        row = [None] * len(keys)
        row[keys.index("ma")] = code.replace("_", ".", 1)
        for k, v in values.items():
            row[keys.index(k)] = v
        grid.append(row)
    findings = []
    rows = parse_sector_sheet(grid, sheet, catalog, findings)
    b = Book(catalog, ky=ky)
    data = b.data()
    data.rows = rows
    data.findings = findings
    return data


def test_range_and_inequality_plans_through_compute_and_validate(catalog):
    data = _targets_book(catalog, MT_TANG_TRUONG={"kh_nam": "8,5 - 9 %", "uoc_ky": 9.2},
                         MT_HO_NGHEO={"kh_nam": "dưới 2 %", "uoc_ky": 1.8},
                         MT_THU_NS={"kh_nam": "từ 1.000 trở lên", "uoc_ky": 520})
    assert not data.findings
    assert data.rows[0].values["kh_nam"] is None and data.rows[0].targets == {"kh_nam": GROWTH}
    result = compute(data, catalog)
    got = result.by_code()
    assert got["MT.TANG_TRUONG"].evaluation == VUOT and got["MT.TANG_TRUONG"].pct_plan == {"kh_nam": None}
    assert got["MT.HO_NGHEO"].evaluation == DAT
    assert got["MT.THU_NS"].evaluation == DAT  # 520 ≥ 50% of 1.000 at 6 months
    assert not validate(data, catalog)  # a target is a plan: no "chưa có KH năm"
    assert result.summary.targets == {VUOT: 1, DAT: 2}


@pytest.mark.parametrize("actual, expected", [(9.2, VUOT), (8.7, DAT), (8.0, KHONG_DAT)])
def test_growth_against_a_range_at_six_months_is_not_scaled(catalog, actual, expected):
    data = _targets_book(catalog, MT_TANG_TRUONG={"kh_nam": "8,5-9", "uoc_ky": actual})
    assert compute(data, catalog).by_code()["MT.TANG_TRUONG"].evaluation == expected


def test_unreadable_target_is_an_error_naming_the_cell(catalog):
    data = _targets_book(catalog, MT_TANG_TRUONG={"kh_nam": "khoảng 8 đến chín", "uoc_ky": 9.2})
    (f,) = data.findings
    assert (f.rule, f.severity, f.code) == (RULE_BAD_NUMBER, ERROR, "MT.TANG_TRUONG")
    assert f.where.startswith("Mục tiêu!") and f.cell == data.rows[0].cells["kh_nam"]
    assert "khoảng 8 đến chín" in f.message and "'8,5 - 9'" in f.message and "chỉ tiêu kế hoạch" in f.message
    assert compute(data, catalog).by_code()["MT.TANG_TRUONG"].evaluation is None


def test_group_verdict_of_the_economic_structure(catalog):
    def structure(nong, cn, dv):
        data = _targets_book(catalog, MT_CO_CAU={},
                             MT_CC_NONG={"kh_nam": "dưới 20", "uoc_ky": nong},
                             MT_CC_CN={"kh_nam": "30 - 32", "uoc_ky": cn},
                             MT_CC_DV={"kh_nam": "≥ 45", "uoc_ky": dv})
        result = compute(data, catalog)
        return result.by_code()["MT.CO_CAU"].evaluation, result.summary

    verdict, summary = structure(19.5, 31, 49.5)
    assert verdict == DAT
    assert summary.targets_total == 1 and summary.targets == {DAT: 1}  # the structure is one target
    assert structure(21, 31, 48)[0] == DAT_MOT_PHAN
    assert structure(21, 29, 40)[0] == KHONG_DAT
    assert structure(19.5, 31, None)[0] is None  # a member not reported yet: not judged


def test_verdict_stated_for_a_target_that_is_not_numeric(catalog):
    data = _targets_book(catalog, MT_CHUYEN_DOI_SO={"kh_nam": "Đạt một phần"})
    result = compute(data, catalog)
    assert result.by_code()["MT.CHUYEN_DOI_SO"].evaluation == DAT_MOT_PHAN
    assert result.summary.targets == {DAT_MOT_PHAN: 1}


def test_year_end_target_stays_year_end_unless_a_verdict_is_stated(tmp_path, monkeypatch):
    monkeypatch.setitem(factory.SHEETS, "muc_tieu", TARGET_SHEET.replace(
        "cumulative: false, same_period: false, sentence: ty_le}\n      - {code: MT.HO_NGHEO",
        "cumulative: false, same_period: false, sentence: ty_le, evaluate: year_end}\n      - {code: MT.HO_NGHEO"))
    catalog = make_catalog(tmp_path)
    data = _targets_book(catalog, MT_TANG_TRUONG={"kh_nam": "8,5 - 9", "uoc_ky": 9.2})
    assert compute(data, catalog).by_code()["MT.TANG_TRUONG"].evaluation == CUOI_NAM
    data = _targets_book(catalog, MT_TANG_TRUONG={"kh_nam": "Đạt"})
    assert compute(data, catalog).by_code()["MT.TANG_TRUONG"].evaluation == DAT


def test_end_to_end_a_real_template_with_a_range_plan(catalog, tmp_path):
    """A plan cell typed "8,5 - 9" in the builder's template: read, recalculated, the Đánh giá
    column written, and the report sentence states the target."""
    from formulas.pipeline import run
    from generator.context import indicator_views
    from generator.sentences import Period, sentence
    from workbook_templates.reader import read_sheet_values

    path = factory.write_book(tmp_path / "so.xlsx", catalog, {
        "MT.TANG_TRUONG": {"kh_nam": "8,5 - 9", "uoc_ky": 8.7},
        "MT.HO_NGHEO": {"kh_nam": "dưới 2 %", "uoc_ky": 1.8},
    })
    data, result, findings, patch = run(read_sheet_values(path), catalog)
    got = result.by_code()
    assert got["MT.TANG_TRUONG"].evaluation == DAT and got["MT.HO_NGHEO"].evaluation == DAT
    assert not [f for f in findings if f.sheet == "Mục tiêu"]
    writes = [w for w in patch.writes if w.sheet == "Mục tiêu"]
    assert any(DAT in row for w in writes for row in w.values)
    views = {v.code: v for v in indicator_views(result, catalog, data.info)}
    period = Period(ky="6 tháng đầu năm", nam="2023")
    assert "đạt mục tiêu 8,5 - 9%" in sentence(views["MT.TANG_TRUONG"], period)
    assert "đạt mục tiêu dưới 2%" in sentence(views["MT.HO_NGHEO"], period)
