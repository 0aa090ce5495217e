"""formulas.by_unit: the units' standings read back from "Theo đơn vị", ranked, and their spread."""
from decimal import Decimal as D

from formulas import layout
from formulas.by_unit import SHEET_BY_UNIT, Standing, display_name, ranked, read_standings, spread


def sheet(rows):
    keys = ["ma", "ten", "dvt", "kq:UBND XÃ A", "pt:UBND XÃ A", "kq:UBND XÃ B", "pt:UBND XÃ B", "tong"]
    heads = ["Mã chỉ tiêu", "Chỉ tiêu", "ĐVT", "Xã An Bình", "% KH năm", "Xã Bình Minh", "% KH năm", "Tổng hợp"]
    blank = [None] * len(keys)
    top = [blank, blank, keys, heads, blank]
    assert len(top) == layout.FIRST_DATA_ROW - 1 and layout.KEY_ROW == 3 and layout.HEADER_ROW == 4
    return {SHEET_BY_UNIT: top + rows}


def test_read_standings_by_code_and_unit():
    got = read_standings(sheet([["NS.THU", "Thu ngân sách", "triệu đồng", 120, 96.5, 80.0, None, 200],
                                [None, None, None, None, None, None, None, None]]))
    a, b = got["NS.THU"]
    assert a == Standing("UBND XÃ A", "xã An Bình", D(120), D("96.5"))
    assert b.unit == "UBND XÃ B" and b.actual == D(80) and b.pct_plan is None
    assert read_standings({}) == {} and read_standings({SHEET_BY_UNIT: []}) == {}


def test_text_in_a_figure_cell_is_no_figure():
    (a, _b), = read_standings(sheet([["X", "", "", "120 tấn", True, None, None, None]])).values()
    assert a.actual is None and a.pct_plan is None


def units(*pairs):
    return [Standing(f"U{i}", f"xã {i}", None if a is None else D(a), None if p is None else D(p))
            for i, (a, p) in enumerate(pairs)]


def test_spread_counts_units_reaching_the_periods_share_and_names_the_ends():
    # 6 tháng: 50 % of the year plan counts; 7 units, one without a figure
    st = units((10, 40), (20, 55), (30, 50), (40, 90), (50, 20), (60, 75), (None, None))
    sp = spread(st, share=D(50))
    assert (sp.units, sp.reported, sp.with_plan, sp.reaching) == (7, 6, 6, 4)
    assert [s.unit for s in sp.highest] == ["U3", "U5", "U1"]  # by % of plan, not by size
    assert [s.unit for s in sp.lowest] == ["U4", "U0", "U2"]  # worst first
    assert sp.by == "pct_plan"


def test_lower_is_better_ranks_the_lowest_first_and_reaches_at_or_under_the_plan():
    st = units((3, 120), (1, 50), (2, 100), (4, 133))
    sp = spread(st, share=D(100), better="lower", top=3)
    assert sp.reaching == 2 and [s.unit for s in sp.highest] == ["U1", "U2"]  # two each: never both ends
    assert [s.unit for s in sp.lowest] == ["U3", "U0"]


def test_without_plans_the_ranking_reads_the_result():
    ordered, by = ranked(units((5, None), (9, None), (7, 70)))
    assert by == "actual" and [s.unit for s in ordered] == ["U1", "U2", "U0"]


def test_display_name():
    assert display_name("Xã An Bình") == "xã An Bình" and display_name("Phường Đông Kinh") == "phường Đông Kinh"
    assert display_name("UBND") == "UBND"
