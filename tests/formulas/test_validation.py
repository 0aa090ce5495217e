"""Each validation rule: a case that fires (with its cell) and one that does not."""
import pytest

from formulas.findings import ERROR, INFO, WARNING, Finding
from formulas.validation import validate
from tests.formulas.factory import Book, make_catalog


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("cat"))


def found(book, rule=None):
    out = validate(book.data(), book.catalog)
    return [(f.rule, f.sheet, f.cell, f.code) for f in out if rule is None or f.rule == rule]


def fresh(catalog, **info):
    return Book(catalog, info=info)


# column letters in the test catalog: Nông nghiệp E kh_ky, F kh_nam, G cung_ky, H den_ngay, I uoc_ky;
# Ngân sách the same; Kinh tế / Y tế / Nội vụ: E kh_nam, F cung_ky, G den_ngay, H uoc_ky.

def test_required_input_missing(catalog):
    b = fresh(catalog)
    b.add("NS.THU", du_toan_tinh=1)
    assert found(b, "THIEU_SO_LIEU") == [("THIEU_SO_LIEU", "Ngân sách", "I6", "NS.THU")]
    b = fresh(catalog)
    b.add("NS.THU", du_toan_tinh=1, du_toan_huyen=1, den_ngay=1)
    assert found(b, "THIEU_SO_LIEU") == []


def test_negative_where_not_allowed(catalog):
    b = fresh(catalog)
    b.add("NN.LUA_XUAN", kh_ky=10, kh_nam=20, cung_ky=-5, uoc_ky=5)
    assert found(b, "SO_AM") == [("SO_AM", "Nông nghiệp", "G6", "NN.LUA_XUAN")]
    b = fresh(catalog)
    b.add("NN.LUA_XUAN", kh_ky=10, kh_nam=20, cung_ky=5, uoc_ky=5)
    assert found(b) == []


def test_plan_missing_or_zero(catalog):
    b = fresh(catalog)
    b.add("NN.LUA_XUAN", kh_ky=0, uoc_ky=5)
    assert found(b) == [("KE_HOACH_BANG_0", "Nông nghiệp", "E6", "NN.LUA_XUAN"),
                        ("THIEU_KE_HOACH", "Nông nghiệp", "F6", "NN.LUA_XUAN")]
    b = fresh(catalog)
    b.add("NN.LUA_XUAN", kh_ky=0, kh_nam=0)  # no result: no ratio needed
    assert found(b) == []


def test_components_not_adding_up(catalog):
    b = fresh(catalog)
    b.add("YT.TIEM", uoc_ky=1085)
    b.add("YT.TIEM_NL", uoc_ky=759)
    b.add("YT.TIEM_TE", uoc_ky=299)
    out = validate(b.data(), catalog)
    assert [(f.rule, f.cell) for f in out] == [("TONG_KHONG_KHOP", "H6")]
    assert "759 + 299 = 1.058" in out[0].message and "1.085" in out[0].message
    b = fresh(catalog)
    b.add("YT.TIEM", uoc_ky=1058)
    b.add("YT.TIEM_NL", uoc_ky=759)
    b.add("YT.TIEM_TE", uoc_ky=299)
    assert found(b) == []


def test_nested_breakdowns_received_resolved_pending(catalog):
    b = fresh(catalog)
    for code, v in [("NV.HS_NHAN", 1741), ("NV.HS_GQ", 1691), ("NV.HS_TRUOC", 744), ("NV.HS_DUNG", 913),
                    ("NV.HS_CHAM", 34), ("NV.HS_DANG", 50)]:
        b.add(code, uoc_ky=v)
    assert found(b) == []
    b = fresh(catalog)
    for code, v in [("NV.HS_NHAN", 1741), ("NV.HS_GQ", 1691), ("NV.HS_TRUOC", 744), ("NV.HS_DUNG", 903),
                    ("NV.HS_CHAM", 34), ("NV.HS_DANG", 50)]:
        b.add(code, uoc_ky=v)
    assert found(b) == [("TONG_KHONG_KHOP", "Nội vụ", "H7", "NV.HS_GQ")]


def test_amount_tolerance_from_declared_decimals_and_the_inputs_last_digit(catalog):
    def book(total, part):
        b = fresh(catalog)
        b.add("KT.GTSX", uoc_ky=total)
        for code in ("KT.GTSX_NN", "KT.GTSX_CN", "KT.GTSX_DV"):
            b.add(code, uoc_ky=part)
        return found(b, "TONG_KHONG_KHOP")

    assert book(1000, 333.2) == []  # Σ 999,6: invisible at the declared 0 decimals
    assert book(1000.0, 333.3) == []  # Σ 999,9 within 0,05 + 3 × 0,05 of the typed digits
    assert book(1000, 332.97) == [("TONG_KHONG_KHOP", "Kinh tế", "H6", "KT.GTSX")]  # Σ 998,91


def test_shares_not_adding_to_100(catalog):
    b = fresh(catalog)
    b.add("KT.CO_CAU")
    b.add("KT.CO_CAU_NN", uoc_ky=17.96)
    b.add("KT.CO_CAU_CN", uoc_ky=72.5)
    assert found(b, "TY_TRONG_KHONG_DU_100") == [("TY_TRONG_KHONG_DU_100", "Kinh tế", "H6", "KT.CO_CAU")]
    b = fresh(catalog)
    b.add("KT.CO_CAU")
    b.add("KT.CO_CAU_NN", uoc_ky=17.96)
    b.add("KT.CO_CAU_CN", uoc_ky=82.04)
    assert found(b) == []


def test_rate_outside_0_100(catalog):
    b = fresh(catalog)
    b.add("NN.CHE_PHU", kh_nam=70.2, uoc_ky=720)
    assert ("NGOAI_KHOANG", "Nông nghiệp", "I6", "NN.CHE_PHU") in found(b)
    b = fresh(catalog)
    b.add("NN.CHE_PHU", kh_nam=70.2, uoc_ky=72)
    assert found(b) == []


def test_value_to_cut_off_above_the_period_estimate(catalog):
    b = fresh(catalog)
    b.add("NN.TRONG_RUNG", kh_nam=550, den_ngay=470, uoc_ky=459.65)
    assert found(b) == [("LUY_KE_VUOT_UOC", "Nông nghiệp", "H6", "NN.TRONG_RUNG")]
    b = fresh(catalog)
    b.add("NN.TRONG_RUNG", kh_nam=550, den_ngay=400, uoc_ky=459.65)
    b.add("NN.CHE_PHU", kh_nam=70, den_ngay=73, uoc_ky=72)  # a stock may fall: not cumulative
    assert found(b) == []


def test_ratio_beyond_plausibility_is_a_warning(catalog):
    b = fresh(catalog)
    b.add("NN.TRONG_RUNG", kh_nam=550, cung_ky=100, uoc_ky=459.65)
    out = validate(b.data(), catalog)
    assert [(f.rule, f.severity, f.cell) for f in out] == [("TY_LE_BAT_THUONG", WARNING, "G6")]
    b = fresh(catalog)
    b.add("NN.TRONG_RUNG", kh_nam=550, cung_ky=354, uoc_ky=459.65)
    assert found(b) == []


def test_stated_rate_against_its_numerator_and_denominator(catalog):
    b = fresh(catalog)
    b.add("NV.HS_NHAN", uoc_ky=1741)
    b.add("NV.TRUC_TUYEN", uoc_ky=1287)
    b.add("NV.TY_LE_TT", uoc_ky=73.8)
    out = validate(b.data(), catalog)
    assert [(f.rule, f.cell) for f in out] == [("TY_LE_KHONG_KHOP", "H8")]
    assert "1.287/1.741 = 73,92%" in out[0].message
    b = fresh(catalog)
    b.add("NV.HS_NHAN", uoc_ky=1741)
    b.add("NV.TRUC_TUYEN", uoc_ky=1287)
    b.add("NV.TY_LE_TT", uoc_ky=73.9)  # 73,92 stated to one decimal
    assert found(b) == []


def test_same_code_twice_and_unknown_code(catalog):
    b = fresh(catalog)
    b.add("NN.TRONG_RUNG", uoc_ky=1, kh_nam=2)
    b.add("NN.TRONG_RUNG", uoc_ky=1, kh_nam=2)
    b.add("NN.KHONG_CO", sheet="Nông nghiệp", name="Lạ", uoc_ky=1)
    out = validate(b.data(), catalog)
    assert [(f.rule, f.severity, f.cell) for f in out] == [("MA_TRUNG", ERROR, "B7"), ("MA_KHONG_XAC_DINH", INFO, "B8")]
    assert "Nông nghiệp!B6" in out[0].message
    b = fresh(catalog)
    b.add("NN.TRONG_RUNG", uoc_ky=1, kh_nam=2)
    assert found(b) == []


def test_the_same_finding_from_the_reader_and_the_checker_is_said_once(catalog):
    b = fresh(catalog)
    b.add("NN.LUA_XUAN", kh_ky=10, kh_nam=20, cung_ky=-5, uoc_ky=5)
    (negative,) = validate(b.data(), catalog)
    b.findings = [negative]
    assert validate(b.data(), catalog) == [negative]


def test_report_info_missing(catalog):
    b = fresh(catalog, so_ky_hieu=None, ngay_ban_hanh="", nguoi_ky="  ")
    assert found(b) == [("THIEU_THONG_TIN", "Thông tin", "C9", None), ("THIEU_THONG_TIN", "Thông tin", "C11", None),
                        ("THIEU_THONG_TIN", "Thông tin", "C19", None)]
    assert found(fresh(catalog)) == []


def test_unknown_period_and_task_status(catalog):
    from formulas.model import KeyTask
    b = fresh(catalog, ky_bao_cao="5 tháng")
    b.tasks = [KeyTask("A", "Làm đường", "Xong rồi", "", 7), KeyTask("A", "Làm cầu", "Hoàn thành", "", 8)]
    assert found(b) == [("KY_BAO_CAO_LA", "Thông tin", "C12", None),
                        ("TRANG_THAI_KHONG_HOP_LE", "Nhiệm vụ trọng tâm", "D7", None)]


def test_parse_findings_are_included_and_everything_is_sorted_by_sheet_then_row(catalog):
    b = fresh(catalog, nguoi_ky=None)
    b.add("YT.TIEM", uoc_ky=3)
    b.add("YT.TIEM_NL", uoc_ky=1)
    b.add("YT.TIEM_TE", uoc_ky=1)
    b.add("NN.LUA_XUAN", kh_ky=10, kh_nam=20, cung_ky=-5, uoc_ky=5)
    b.findings = [Finding("SO_KHONG_HOP_LE", ERROR, "Nông nghiệp", "H9", None, "chữ trong ô số")]
    out = validate(b.data(), catalog)
    assert [(f.sheet, f.cell) for f in out] == [("Thông tin", "C19"), ("Nông nghiệp", "G6"),
                                                 ("Nông nghiệp", "H9"), ("Y tế", "H6")]
    assert validate(b.data(), catalog) == out  # deterministic


def test_partly_entered_breakdown(catalog):
    def book(total, *parts):
        b = fresh(catalog)
        b.add("NV.HS_NHAN", uoc_ky=total)
        for code, v in zip(("NV.HS_GQ", "NV.HS_DANG"), parts):
            b.add(code, uoc_ky=v)
        return validate(b.data(), catalog)

    short = book(1741, 1691)  # 'Đang giải quyết' empty: the 50 may be there
    assert [(f.rule, f.severity, f.cell) for f in short] == [("TONG_THIEU_THANH_PHAN", WARNING, "H6")]
    assert "Đang giải quyết" in short[0].message and "thiếu 50" in short[0].message
    over = book(1741, 1800)
    assert [(f.rule, f.severity) for f in over] == [("TONG_KHONG_KHOP", ERROR)]
    assert book(1691, 1691) == []


def test_range_bounds_are_inclusive_and_only_the_offending_cell_is_named(catalog):
    # The per-row gate (smallest / largest typed number against the bounds) must not hide a cell
    # and must not fire on a value exactly at a bound.
    b = fresh(catalog)
    b.add("NN.CHE_PHU", kh_nam=100, cung_ky=0, uoc_ky=100)
    assert found(b, "NGOAI_KHOANG") == [] and found(b, "SO_AM") == []
    b = fresh(catalog)
    b.add("NN.CHE_PHU", kh_nam=70.2, cung_ky=100.01, uoc_ky=72)
    assert found(b, "NGOAI_KHOANG") == [("NGOAI_KHOANG", "Nông nghiệp", "G6", "NN.CHE_PHU")]
    b = fresh(catalog)
    b.add("NN.CHE_PHU", kh_nam=70.2, cung_ky=-0.01, uoc_ky=72)
    assert found(b, "SO_AM") == [("SO_AM", "Nông nghiệp", "G6", "NN.CHE_PHU")]
    assert found(b, "NGOAI_KHOANG") == []


def test_rules_decided_per_row_across_many_rows_of_the_same_indicator(catalog):
    # Per-indicator facts are worked out once per run: a later row of the same indicator is still
    # checked on its own numbers (here rows 6 and 8 are fine, row 7 is not).
    b = fresh(catalog)
    b.add("NN.TRONG_RUNG", kh_nam=550, den_ngay=400, uoc_ky=459.65)
    b.add("NN.TRONG_RUNG", kh_nam=550, den_ngay=470, uoc_ky=459.65)
    b.add("NN.TRONG_RUNG", kh_nam=550, den_ngay=400, uoc_ky=459.65)
    assert found(b, "LUY_KE_VUOT_UOC") == [("LUY_KE_VUOT_UOC", "Nông nghiệp", "H7", "NN.TRONG_RUNG")]


def test_plan_labels_name_this_workbooks_level(catalog):
    """'Dự toán {cap_tren} giao' reads 'Dự toán tỉnh giao' in a huyện workbook, never the raw placeholder."""
    b = fresh(catalog, cap="huyen")
    b.add("NS.CHI", du_toan_huyen=100, uoc_ky=50)
    messages = [f.message for f in validate(b.data(), catalog) if f.rule == "THIEU_KE_HOACH"]
    assert len(messages) == 1 and "'Dự toán tỉnh giao'" in messages[0]
    b = fresh(catalog, cap=None)  # level not filled in yet: a generic label
    b.add("NS.CHI", du_toan_huyen=100, uoc_ky=50)
    message = next(f.message for f in validate(b.data(), catalog) if f.rule == "THIEU_KE_HOACH")
    assert "'Dự toán cấp trên giao'" in message and "{" not in message


def test_result_without_shared_groups_gives_the_same_findings(catalog):
    """validate() reuses compute()'s derived values and shape groups; a result without them (built
    elsewhere, or computed from another copy of the rows) is checked the same way."""
    from formulas.compute import compute
    from formulas.results import ComputeResult
    b = fresh(catalog)
    b.add("NN.LUA_XUAN", kh_ky=0, cung_ky=-5, uoc_ky=5)
    b.add("YT.TIEM", uoc_ky=1085)
    b.add("YT.TIEM_NL", uoc_ky=759)
    b.add("YT.TIEM_TE", uoc_ky=299)
    data = b.data()
    own = compute(data, catalog)
    expected = validate(data, catalog, own)
    assert {"SO_AM", "KE_HOACH_BANG_0", "THIEU_KE_HOACH", "TONG_KHONG_KHOP"} <= {f.rule for f in expected}
    assert validate(data, catalog, ComputeResult(indicators=own.indicators, summary=own.summary)) == expected
    other = b.data()
    assert other.rows is not data.rows
    assert validate(data, catalog, compute(other, catalog)) == expected
    assert validate(data, catalog) == expected


def _awkward_book(catalog, seed: int):
    """Every catalog indicator of the test catalog, several times over (duplicates included), with
    the awkward values real workbooks and other callers hand in: empty, zero, negative, out of
    range, to-date above the estimate, a huge ratio, and text or a float in a number cell that
    compute() never reads (the value to date when there is an estimate)."""
    import random
    rnd = random.Random(seed)
    choices = [None, None, 0, -3, 5, 50.5, 99.99, 100, 150, 1979.0, 4394, 250000, "12,5", "nan"]
    b = fresh(catalog)
    # Rows other rows add up or divide (their rules do arithmetic on every cell) get numbers only.
    used = {c for i in catalog.by_code.values() for c in (i.numerator, i.denominator, i.source) if c}
    for _ in range(6):
        for ind in catalog.by_code.values():
            if ind.kind == "text" or ind.source:
                continue
            odd = choices if not (ind.parent or ind.children_add_up or ind.code in used) else choices[:-2]
            keys = [k for k in ("kh_ky", "kh_nam", "du_toan_tinh", "du_toan_huyen", "cung_ky", "uoc_ky")
                    if rnd.random() < 0.85]  # a row may lack a column altogether
            values = {k: rnd.choice(choices[:-2]) for k in keys}
            values["den_ngay"] = rnd.choice(odd if values.get("uoc_ky") is not None else choices[:-2])
            row = b.add(ind.code, **values)
            if values["den_ngay"] == "nan":
                row.values["den_ngay"] = float("nan")  # as is (the factory would make it a Decimal)
    return b


@pytest.mark.parametrize("seed", range(8))
def test_column_passes_find_every_row_a_per_row_rule_fires_on(catalog, seed):
    """validate() runs the per-row rules only on the rows its column passes pick out; every row on
    which a rule fires must be among them, and the plausibility pass must find what a full pass
    finds."""
    from formulas.compute import compute
    from formulas.settings import policy_from
    from formulas.validation import _RowRules, _cross_row_checked, _plausibility, _rows_to_check
    data = _awkward_book(catalog, seed).data()
    result = compute(data, catalog)
    names = {s.sheet: {b.key: b.label for b in s.plan_bases} for s in catalog.sheets}
    rules = _RowRules(data.rows, result.derived, catalog, names)
    cross_row = _cross_row_checked(result.derived)
    fired = checked = 0
    for group in result.groups:
        if not group.shared:
            continue
        shape = data.rows[group.rows[0]].indicator
        picked = set(_rows_to_check(group, shape, data.rows, cross_row))
        for idx in group.rows:
            if rules.findings(idx, shape):
                fired += 1
                assert idx in picked, (data.rows[idx].code, data.rows[idx].values)
        checked += len(group.rows)
    assert fired and checked == sum(len(g.rows) for g in result.groups if g.shared)
    policy = policy_from(catalog.settings)
    full = _plausibility(result, policy, names)
    assert full and _plausibility(result, policy, names, result.groups) == full


def test_text_or_a_float_in_a_number_cell_is_compared_like_the_rule_does(catalog):
    """The fast comparisons assume Decimals; a text or a float NaN (never from the parser) in a cell
    compute() does not read falls back to comparing the Decimals only, as the rule itself does."""
    b = fresh(catalog)
    b.add("NN.LUA_XUAN", kh_ky=10, kh_nam=20, uoc_ky=5, den_ngay="7,5")
    b.add("NN.TRONG_RUNG", kh_nam=20, uoc_ky=5).values["den_ngay"] = float("nan")
    b.add("NS.THU", du_toan_tinh=10, du_toan_huyen=10, uoc_ky=5, den_ngay=8)
    assert found(b, "LUY_KE_VUOT_UOC") == [("LUY_KE_VUOT_UOC", "Ngân sách", "H6", "NS.THU")]
    assert not found(b, "SO_AM")


def test_structure_shares_declared_with_shares_add_up():
    """The tỉnh catalog's cơ cấu kinh tế (shares_add_up, no children_add_up): typed shares that miss
    100 by more than rounding are refused; published rounded shares (Σ 99,95) and shares the
    calculator recomputes from GRDP at current prices pass."""
    from formulas.catalog import load_catalog

    tinh = load_catalog("tinh")
    assert tinh.by_code["KT.CO_CAU"].shares_add_up and not tinh.by_code["KT.CO_CAU"].children_add_up

    def shares(*values):
        b = Book(tinh, ky="9 tháng")
        b.add("KT.CO_CAU")
        for code, v in zip(("KT.CO_CAU_NLTS", "KT.CO_CAU_CN_XD", "KT.CO_CAU_DV", "KT.CO_CAU_THUE"), values):
            b.add(code, uoc_ky=v)
        return b

    out = validate(shares(22.1, 33.2, 38.4, 5.0).data(), tinh)
    bad = [f for f in out if f.rule == "TY_TRONG_KHONG_DU_100"]
    assert [(f.code, f.severity) for f in bad] == [("KT.CO_CAU", ERROR)]
    assert "98,7" in bad[0].message and "100%" in bad[0].message
    assert [f for f in validate(shares(22.35, 33.3, 38.6, 5.7).data(), tinh)
            if f.rule == "TY_TRONG_KHONG_DU_100"] == []

    b = Book(tinh, ky="9 tháng")  # shares left empty: recomputed from GRDP (giá hiện hành)
    b.add("KT.CO_CAU")
    b.add("KT.GRDP_HH", uoc_ky=300)
    for code, v in (("KT.GRDP_HH_NLTS", 70), ("KT.GRDP_HH_CN_XD", 110), ("KT.GRDP_HH_DV", 100),
                    ("KT.GRDP_HH_THUE", 20)):  # thirds: 23,33… + 36,66… + 33,33… + 6,66…
        b.add(code, uoc_ky=v)
    for code in ("KT.CO_CAU_NLTS", "KT.CO_CAU_CN_XD", "KT.CO_CAU_DV", "KT.CO_CAU_THUE"):
        b.add(code)
    from formulas.aggregate import derive

    data = b.data()
    assert all(v.get("uoc_ky") is not None for v in derive(data).values[-4:])  # the shares were computed
    assert [f for f in validate(data, tinh) if f.rule == "TY_TRONG_KHONG_DU_100"] == []
