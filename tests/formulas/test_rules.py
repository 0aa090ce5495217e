"""The rule registry (formulas.rules): every finding is made through it, every rule is raised by one
module only (the one the registry names), and what the product says on the demo workbook and on a
workbook broken in many ways uses only registered rules, at their registered severity."""
from __future__ import annotations

import ast
import copy
from pathlib import Path

import pytest

from formulas import layout
from formulas.catalog import load_catalog
from formulas.findings import ERROR, INFO, WARNING
from formulas.parse import find_key_row, parse_workbook
from formulas.rules import RULES, finding
from formulas.validation import validate

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("formulas", "generator", "addin", "workbook_templates")


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts), ast.parse(path.read_text("utf-8"))


def _raised_rules() -> tuple[dict[str, set[str]], list[str]]:
    """rule code -> modules that make a finding of it (finding(…) / _f(…) calls, the code given as a
    literal or a module constant); and every place a Finding is built directly."""
    by_rule: dict[str, set[str]] = {}
    direct = []
    for module, tree in _modules():
        consts = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                  and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                  for t in n.targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name == "Finding" and module != "formulas.rules":
                direct.append(f"{module}:{node.lineno}")
            if name in ("finding", "_f") and node.args:
                arg = node.args[0]
                code = arg.value if isinstance(arg, ast.Constant) else consts.get(getattr(arg, "id", ""))
                assert isinstance(code, str), f"{module}:{node.lineno}: rule code not a constant"
                by_rule.setdefault(code, set()).add(module)
    return by_rule, direct


def test_every_registered_rule_has_one_implementation_and_every_raised_rule_is_registered():
    by_rule, direct = _raised_rules()
    assert direct == [], "findings must be made through formulas.rules.finding"
    assert set(by_rule) - set(RULES) == set(), "rules raised but not registered"
    assert {c: m for c, m in by_rule.items() if len(m) != 1} == {}, "a rule raised by two modules"
    assert {c for c in RULES if c not in by_rule} == set(), "registered rules nothing raises"
    assert {c: by_rule[c] for c, r in RULES.items() if by_rule[c] != {r.module}} == {}


def test_registry_entries():
    assert all(r.code == c and r.severity in (ERROR, WARNING, INFO) and r.description.strip()
               for c, r in RULES.items())
    assert "MA_LA" not in RULES and "TRANG_THAI_LA" not in RULES  # the old duplicates, merged
    f = finding("SO_AM", "Nông nghiệp", "G6", "NN.LUA_XUAN", "…")
    assert (f.rule, f.severity, f.where) == ("SO_AM", ERROR, "Nông nghiệp!G6")
    with pytest.raises(KeyError):
        finding("KHONG_CO_LUAT_NAY", "Nông nghiệp", "A1", None, "…")


# --- what the product says ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_values(tmp_path_factory):
    from workbook_templates.demo import write_demo_workbook
    from workbook_templates.reader import read_sheet_values
    return read_sheet_values(write_demo_workbook(tmp_path_factory.mktemp("demo")))


def _check(values, catalog):
    data = parse_workbook(values, catalog)
    out = validate(data, catalog)
    assert [(f.rule, f.severity) for f in out if f.rule not in RULES or RULES[f.rule].severity != f.severity] == []
    assert len({(f.rule, f.sheet, f.cell, f.message) for f in out}) == len(out)  # nothing said twice
    return out


def _put(rows, r, c, value):
    while len(rows) <= r:
        rows.append([])
    while len(rows[r]) <= c:
        rows[r].append(None)
    rows[r][c] = value


def test_demo_and_a_broken_workbook_use_registered_rules_only(demo_values):
    catalog = load_catalog()
    _check(demo_values, catalog)
    values = copy.deepcopy(demo_values)
    first = max(catalog.sheets, key=lambda s: len(s.indicators))
    second, third = [s for s in catalog.sheets if s is not first][:2]
    rows = values[first.sheet]
    key_r, colmap = find_key_row(rows, ("ma", "ten"))
    numbers = {i.code for i in first.indicators if not i.is_text}
    data_rows = [r for r in range(key_r + 1, len(rows)) if len(rows[r]) > colmap["ma"] and rows[r][colmap["ma"]] in numbers]
    a, b, c, d, e = data_rows[:5]
    _put(rows, a, colmap["uoc_ky"], "1.990,48")  # SO_DANG_VAN_BAN
    _put(rows, b, colmap["uoc_ky"], "-")  # KHONG_CO_SO_LIEU
    _put(rows, c, colmap["cung_ky"], "#DIV/0!")  # SO_KHONG_HOP_LE
    _put(rows, d, colmap["cung_ky"], -5)  # SO_AM
    _put(rows, e, colmap["den_ngay"], 10**9)  # LUY_KE_VUOT_UOC / TY_LE_BAT_THUONG
    end = len(rows)
    for i, (code, name) in enumerate([(rows[a][colmap["ma"]], "Trùng"), ("NN.KHONG_CO", "Lạ"),
                                      (None, "Tự thêm"), (second.indicators[0].code, "Trang khác")]):
        _put(rows, end + i, colmap["ma"], code)
        _put(rows, end + i, colmap["ten"], name)
        _put(rows, end + i, colmap["uoc_ky"], 5)
    values[third.sheet] = [["trống"]] * 12  # THIEU_DONG_KHOA
    info = values[layout.SHEET_INFO]
    for r, row in enumerate(info):
        key = row[layout.INFO_KEY_COL - 1] if row else None
        if key in ("ngay_ban_hanh", "cap", "nguoi_ky", "ky_bao_cao"):
            _put(info, r, layout.INFO_VALUE_COL - 1, {"ngay_ban_hanh": "31/02/2023", "cap": "thôn",
                                                       "nguoi_ky": None, "ky_bao_cao": "5 tháng"}[key])
    tasks = values[layout.SHEET_TASKS]
    t_key, t_cols = find_key_row(tasks, ("nhiem_vu",))
    _put(tasks, t_key + 3, t_cols["nhiem_vu"], "Làm đường")
    _put(tasks, t_key + 3, t_cols["ket_qua"], "Xong rồi")
    prose = values[layout.SHEET_PROSE]
    p_key, p_cols = find_key_row(prose, ("muc", "noi_dung"))
    _put(prose, p_key + 3, p_cols["muc"], "muc_khong_co")
    _put(prose, p_key + 3, p_cols["noi_dung"], "Một đoạn văn.")
    out = _check(values, catalog)
    fired = {f.rule for f in out}
    assert fired >= {"SO_DANG_VAN_BAN", "KHONG_CO_SO_LIEU", "SO_KHONG_HOP_LE", "SO_AM", "MA_TRUNG",
                     "MA_KHONG_XAC_DINH", "DONG_TU_THEM", "MA_SAI_TRANG", "THIEU_DONG_KHOA", "NGAY_KHONG_HOP_LE",
                     "THIEU_THONG_TIN", "TRANG_THAI_KHONG_HOP_LE", "MUC_KHONG_XAC_DINH"}, fired
    unknown = [f for f in out if f.code == "NN.KHONG_CO"]
    assert [f.rule for f in unknown] == ["MA_KHONG_XAC_DINH"]  # said once, by the checker
