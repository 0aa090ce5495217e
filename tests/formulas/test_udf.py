from formulas.udf import change_vs_same_period, evaluation, ratio_to_plan, ratio_to_same_period


def test_udfs_state_the_report_figures():
    assert ratio_to_plan(1990.48, 1979.0) == 100.58
    assert ratio_to_same_period(256812, 134717) == 190.63
    assert change_vs_same_period(1990.48, 2067.6) == -3.73  # from the stated 96,27
    assert change_vs_same_period(6.78, 8.29, True) == -1.51  # a rate: points
    assert ratio_to_plan("1.990,48", 1979) == 100.58  # a number typed as Vietnamese text
    assert ratio_to_plan(1, 3, 2, "truncate") == 33.33 and ratio_to_plan(2, 3, 2, "truncate") == 66.66
    assert ratio_to_plan(2, 3) == 66.67


def test_udfs_with_empty_cells_or_zero_plan_give_empty():
    assert ratio_to_plan(None, 10) is None and ratio_to_plan(1, 0) is None
    assert change_vs_same_period(1, None) is None and evaluation(None, 1) is None


def test_udf_evaluation():
    assert evaluation(1990.48, 1979) == "Vượt"
    assert evaluation(60, 100, "higher", 50) == "Đạt"
    assert evaluation(40, 100, "higher", 50) == "Không đạt"
    assert evaluation(6.78, 7, "lower") == "Vượt"
    assert evaluation(7.2, 7, "lower") == "Không đạt"
