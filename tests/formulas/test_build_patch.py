import pytest

from formulas.build_patch import (
    FINDINGS_SHEET_ROWS, NO_FINDINGS, PatchError, _guard, build_patch, col_index, findings_writes,
)
from formulas.findings import ERROR, INFO, Finding
from formulas.compute import compute
from formulas.patch import RangeWrite
from formulas.validation import validate
from tests.formulas.factory import Book, make_catalog
from formulas import layout


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    return make_catalog(tmp_path_factory.mktemp("cat"))


def patch_of(book, previous=0):
    data = book.data()
    result = compute(data, book.catalog)
    findings = validate(data, book.catalog, result)
    return build_patch(data, book.catalog, result, findings, previous), findings


def test_computed_columns_in_contiguous_blocks_and_never_an_input(catalog):
    b = Book(catalog)
    b.add("NN.LUA_XUAN", kh_ky=1979.0, kh_nam=4394, cung_ky=2067.6, uoc_ky=1990.48)
    b.add("NN.TRONG_RUNG", kh_nam=550, uoc_ky=459.65)
    b.add("NN.CHE_PHU", row=9, kh_nam=70.2, uoc_ky=72)  # a gap: a second block
    patch, _ = patch_of(b)
    nn = [w for w in patch.writes if w.sheet == "Nông nghiệp"]
    # J pct_kh_ky, K pct_kh_nam, L pct_cung_ky, M tang_giam, N danh_gia
    assert [(w.top_left, len(w.values), len(w.values[0])) for w in nn] == [("J6", 2, 5), ("J9", 1, 5)]
    assert nn[0].values[0] == (100.58, 45.3, 96.27, -3.73, "Vượt")
    assert nn[0].values[1] == (None, 83.57, None, None, "Đạt")  # no KH vụ for this indicator: cleared
    assert nn[1].values[0] == (None, 102.56, None, None, "Vượt")
    inputs = {col_index(c) for c in ("E", "F", "G", "H", "I", "O")}
    for w in patch.writes:
        if w.sheet == "Nông nghiệp":
            first = col_index(w.top_left)
            assert not set(range(first, first + len(w.values[0]))) & inputs


def test_findings_sheet_rows_and_old_rows_cleared(catalog):
    b = Book(catalog)
    b.add("YT.TIEM", uoc_ky=1085)
    b.add("YT.TIEM_NL", uoc_ky=759)
    b.add("YT.TIEM_TE", uoc_ky=299)
    patch, findings = patch_of(b, previous=4)
    (kt,) = [w for w in patch.writes if w.sheet == layout.SHEET_FINDINGS]
    assert kt.top_left == f"A{layout.FIRST_DATA_ROW}" and len(kt.values) == 4
    assert kt.values[0][:6] == (1, "lỗi", "TONG_KHONG_KHOP", "Y tế", "H6", "YT.TIEM")
    assert all(len(r) == len(layout.FINDING_COLUMNS) for r in kt.values)
    assert kt.values[1:] == ((None,) * 7,) * 3  # the earlier run's rows are blanked
    assert [(m.sheet, m.cell, m.severity) for m in patch.marks] == [("Y tế", "H6", "lỗi")]
    assert "1.058" in patch.marks[0].note
    # no plan, no same period for these indicators: only G (to date) and H (estimate) are input cells
    assert [r for s, r in patch.clear_marks if s == "Y tế"] == ["G6:H8"]


def test_no_findings_says_so(catalog):
    b = Book(catalog)
    b.add("NN.TRONG_RUNG", kh_nam=550, uoc_ky=459.65)
    patch, findings = patch_of(b)
    assert findings == []
    (kt,) = [w for w in patch.writes if w.sheet == layout.SHEET_FINDINGS]
    assert kt.values == ((None, "", "", "", "", "", NO_FINDINGS),)
    assert patch.marks == []


def test_marks_only_on_input_cells_and_clear_ranges_cover_only_applicable_inputs(catalog):
    b = Book(catalog)
    b.add("NN.TRONG_RUNG", kh_nam=550, uoc_ky=459.65)
    b.add("NN.TRONG_RUNG", kh_nam=550, uoc_ky=459.65)  # MA_TRUNG points at the code cell (a label)
    b.add("NN.LUA_XUAN", kh_ky=0, kh_nam=1, uoc_ky=1)
    patch, findings = patch_of(b)
    assert {f.rule for f in findings} == {"MA_TRUNG", "KE_HOACH_BANG_0"}
    assert [(m.cell, m.severity) for m in patch.marks] == [("E8", "lỗi")]
    sector = [r for s, r in patch.clear_marks if s == "Nông nghiệp"]
    # TRONG_RUNG has no KH vụ (E): rows 6–7 from F; LUA_XUAN row 8 from E
    assert sector == ["F6:I7", "E8:I8"]
    assert (layout.SHEET_INFO, "C6:C21") in patch.clear_marks


def test_guard_refuses_a_write_over_an_input_column():
    bad = type("P", (), {"writes": [RangeWrite("Nông nghiệp", "H6", ((1,),))]})()
    with pytest.raises(PatchError):
        _guard(bad, {"Nông nghiệp": {8}})


def test_a_column_at_a_time_gives_what_each_cell_shows(catalog):
    from formulas.build_patch import computed_column, computed_value

    b = Book(catalog)
    b.add("NN.LUA_XUAN", kh_ky=1979.0, kh_nam=4394, cung_ky=2067.6, uoc_ky=1990.48)
    b.add("NN.TRONG_RUNG", kh_nam=550, uoc_ky=459.65)
    b.add("NN.CHE_PHU", kh_nam=70.2, cung_ky=68.1, uoc_ky=72)
    items = compute(b.data(), catalog).indicators
    for key in ("pct_kh_ky", "pct_kh_nam", "pct_cung_ky", "tang_giam", "ty_trong", "danh_gia"):
        assert computed_column(items, key) == [computed_value(it, key) for it in items]
    assert computed_column(items, "pct_kh_nam") == [45.3, 83.57, 102.56]
    assert computed_column(items, "danh_gia") == ["Vượt", "Đạt", "Vượt"]
    with pytest.raises(KeyError):
        computed_column(items, "uoc_ky")


def test_clear_ranges_merge_consecutive_rows_of_the_same_columns_only(catalog):
    b = Book(catalog)
    b.add("NN.TRONG_RUNG", kh_nam=550, uoc_ky=459.65)
    b.add("NN.LUA_XUAN", kh_ky=1, kh_nam=1, uoc_ky=1)
    b.add("NN.LUA_XUAN", kh_ky=1, kh_nam=1, uoc_ky=1)
    b.add("NN.TRONG_RUNG", kh_nam=550, uoc_ky=459.65)
    b.add("NN.TRONG_RUNG", row=12, kh_nam=550, uoc_ky=459.65)  # a gap: a new range
    patch, _ = patch_of(b)
    sector = [r for s, r in patch.clear_marks if s == "Nông nghiệp"]
    assert sector == ["F6:I6", "E7:I8", "F9:I9", "F12:I12"]


def _many(n_info: int, errors_at=(), sheet="Nông nghiệp", file="so lieu/Xã A.xlsx"):
    """n_info custom-row informations with an error at each position of errors_at."""
    out = []
    for i in range(n_info):
        if i in errors_at:
            out.append(Finding("SO_KHONG_HOP_LE", ERROR, sheet, f"I{i + 6}", None, f"lỗi {i}", file=file))
        out.append(Finding("DONG_TU_THEM", INFO, sheet, f"B{i + 6}", None, f"thông tin {i}", file=file))
    return out


def test_findings_sheet_is_capped_with_a_total_line_errors_kept_first():
    findings = _many(20_000, errors_at=(5, 19_999))  # 20.002 findings, the last error past any cap
    (kt,) = findings_writes(findings, previous_rows=3)
    rows = kt.values
    assert len(rows) == FINDINGS_SHEET_ROWS + 1  # the cap, then the total line; old rows all covered
    listed = rows[:-1]
    assert [r[0] for r in listed] == list(range(1, FINDINGS_SHEET_ROWS + 1))
    assert [r[6] for r in listed if r[1] == ERROR] == ["lỗi 5", "lỗi 19999"]  # both errors, in order
    assert listed[-1][6] == "lỗi 19999" and listed[-2][6] == f"thông tin {FINDINGS_SHEET_ROWS - 3}"
    total = rows[-1]
    assert total[:6] == (None, "", "", "", "", "")
    assert "chỉ ghi 1.000 trong tổng số 20.002 phát hiện (02 lỗi, 20.000 thông tin)" in total[6]
    assert "“ktxh check Xã A.xlsx”" in total[6] and "--json" in total[6]


def test_findings_sheet_under_the_cap_has_no_total_line_and_blanks_old_rows():
    findings = _many(4)
    (kt,) = findings_writes(findings, previous_rows=9, limit=4)
    assert [r[6] for r in kt.values[:4]] == [f"thông tin {i}" for i in range(4)]
    assert kt.values[4:] == ((None,) * 7,) * 5
    (capped,) = findings_writes(findings, previous_rows=9, limit=3)
    assert "chỉ ghi 03 trong tổng số 04 phát hiện" in capped.values[3][6]
    assert capped.values[4:] == ((None,) * 7,) * 5

