from formulas.pipeline import previous_findings_rows, run
from formulas import layout


def test_previous_findings_rows_counts_the_last_filled_row():
    grid = [[None] * 7 for _ in range(layout.FIRST_DATA_ROW - 1)]
    grid += [[1, "lỗi", "X", "A", "B1", None, "m"], [None] * 7, [3, "", "", "", "", "", "m"], [None] * 7]
    assert previous_findings_rows({layout.SHEET_FINDINGS: grid}) == 3
    assert previous_findings_rows({}) == 0


def test_run_on_the_values_of_a_real_template(tmp_path):
    from tests.formulas.factory import make_catalog, write_book
    from workbook_templates.reader import read_sheet_values

    catalog = make_catalog(tmp_path)
    path = write_book(tmp_path / "so.xlsx", catalog,
                      {"NN.LUA_XUAN": {"kh_ky": 1979.0, "kh_nam": 4394, "cung_ky": 2067.6, "uoc_ky": 1990.48}})
    data, result, findings, patch = run(read_sheet_values(path), catalog)
    lua = result.by_code()["NN.LUA_XUAN"]
    assert str(lua.pct_plan["kh_ky"]) == "100.58" and lua.evaluation == "Vượt"
    assert data.info["so_ky_hieu"] == "617/BC-UBND"
    assert [(f.rule, f.sheet, f.cell) for f in findings] == [("THIEU_SO_LIEU", "Ngân sách", "I6")]  # required
    assert any(w.sheet == "Nông nghiệp" and (100.58, 45.3, 96.27, -3.73, "Vượt") in w.values for w in patch.writes)
