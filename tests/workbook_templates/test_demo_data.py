"""The demo data (workbook_templates/demo_data/cao_loc_2023.yaml) against the catalog and, independently,
against the seed report it comes from (../shared/seeds/000_54dae5d4b3301799.txt).

The seed check uses a small local formatter (the product's own formatter belongs to the generator):
every number not listed under `derived:` must appear, written the Vietnamese way, in the seed text.
"""
from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from formulas import layout
from formulas.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "workbook_templates" / "demo_data" / "cao_loc_2023.yaml"
# the demo's source report, kept with the tests (CI has no copy of the shared folder)
SEED = ROOT / "tests" / "formulas" / "audit" / "data" / "bao_cao_617_bc_ubnd_cao_loc_2023.txt"


@pytest.fixture(scope="module")
def demo():
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog(demo):
    """The huyện catalog with the demo's own main targets (its resolution's list)."""
    from workbook_templates.demo import demo_catalog

    return demo_catalog(demo, load_catalog("huyen"))


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def flat(text: str) -> str:
    """The seed as one line: markdown emphasis and link brackets removed, page breaks joined."""
    text = text.replace("**", "").replace("*", "").replace("<http", "http").replace("/>", "/")
    return " ".join(text.split())


def numbers(demo):
    """(code, column, value) for every number in the demo values."""
    for code, cols in demo["values"].items():
        for key, value in cols.items():
            if key != "ghi_chu":
                yield code, key, value


# ------------------------------------------------------------------------------- a local formatter

def _group(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def renderings(value) -> set[str]:
    """How the report may print a number: 2027484 -> 2.027.484; 1990.48 -> 1.990,48; 8 -> 8 or 08;
    1979.0 -> 1.979 or 1.979,0."""
    d = Decimal(str(value))
    out = set()
    if d == d.to_integral_value():
        n = int(d)
        out.add(_group(n))
        if 0 <= n < 10:
            out.add(f"0{n}")
        if isinstance(value, float):
            out.add(_group(n) + ",0")
    else:
        whole, frac = f"{d.normalize():f}".split(".")
        out.add(f"{_group(int(whole))},{frac}")
        if int(whole) < 1000:  # the seed once prints a decimal point: "87.5%"
            out.add(f"{whole}.{frac}")
    return out


def printed_in(text: str, value) -> bool:
    """A rendering of value stands alone in text (not part of a longer number)."""
    return any(re.search(rf"(?<!\d)(?<!\d[.,]){re.escape(r)}(?!\d|[.,]\d)", text) for r in renderings(value))


def test_local_formatter():
    assert renderings(1990.48) == {"1.990,48"}
    assert renderings(2027484) == {"2.027.484"}
    assert renderings(8) == {"8", "08"}
    assert renderings(1979.0) == {"1.979", "1.979,0"}
    assert "87.5" in renderings(87.5) and "87,5" in renderings(87.5)
    assert printed_in("đạt 08/19 tiêu chí", 8) and not printed_in("đạt 108 tiêu chí", 8)
    assert printed_in("1.990,48/1.979,0 ha", 1979.0) and not printed_in("1.990,48 ha", 1990.4)
    assert not printed_in("2.027.484 triệu", 27484) and not printed_in("19.048 triệu", 19)


# ------------------------------------------------------------------------------- shape and catalog

def test_top_level_shape(demo):
    assert set(demo) == {"info", "main_targets", "values", "prose", "tasks", "derived"}
    assert len(demo["main_targets"]) == 15
    assert len(demo["values"]) >= 250


def test_info_fields(demo):
    info = demo["info"]
    fields = {f.key: f for f in layout.INFO_FIELDS}
    assert set(info) <= set(fields)
    assert {k for k, f in fields.items() if f.required} <= set(info)
    assert (info["cap"], info["so_ky_hieu"], info["nam"], str(info["ngay_ban_hanh"])) == (
        "huyen", "617/BC-UBND", 2023, "2023-07-04")
    assert info["co_quan"] == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
    assert info["noi_nhan"][-1].startswith("Lưu: VT")


def test_every_code_and_column_is_in_the_catalog(demo, catalog):
    for code, cols in demo["values"].items():
        ind = catalog.indicator(code)
        assert ind is not None, code
        sheet = catalog.sheet(ind.sheet)
        allowed = {b.key for b in sheet.plan_bases} | set(sheet.value_columns) | {"ghi_chu"}
        assert set(cols) <= allowed, (code, set(cols) - allowed)
        for key, value in cols.items():
            if key == "ghi_chu":
                assert isinstance(value, str) and value.strip(), code
            else:
                assert isinstance(value, (int, float)) and not isinstance(value, bool), (code, key)
                if key in {b.key for b in sheet.plan_bases}:
                    assert key in ind.plans, f"{code}: plan '{key}' is not declared for this indicator"


def test_values_respect_the_catalog_rules(demo, catalog):
    for code, key, value in numbers(demo):
        ind = catalog.indicator(code)
        assert value >= 0 or ind.allow_negative, code
        if ind.is_rate:
            assert 0 <= value <= 100, code
        if ind.kind == "count" and key == "uoc_ky" and not ind.unit.startswith("nghìn"):
            assert value == int(value), code


def test_derived_lists_real_cells(demo):
    for code, keys in demo["derived"].items():
        assert code in demo["values"], code
        assert set(keys) <= set(demo["values"][code]) - {"ghi_chu"}, code
        assert demo["values"][code].get("ghi_chu", "").strip(), f"{code}: a derived value says why in Ghi chú"


# ------------------------------------------------------------------------------- from the seed report

def test_every_printed_number_is_in_the_seed(demo, seed):
    text = flat(seed)
    derived = {(c, k) for c, keys in demo["derived"].items() for k in keys}
    missing = [(c, k, v) for c, k, v in numbers(demo) if (c, k) not in derived and not printed_in(text, v)]
    assert missing == []
    assert sum(1 for c, k, _ in numbers(demo) if (c, k) not in derived) >= 250


def _pct(a, b, decimals, mode=ROUND_HALF_UP):
    q = Decimal(1).scaleb(-decimals)
    return (Decimal(str(a)) / Decimal(str(b)) * 100).quantize(q, rounding=mode)


# (code, numerator column, denominator column, the ratio exactly as the seed prints it, + 100 when
# the seed says "tăng X% so với cùng kỳ")
STATED_RATIOS = [
    ("GTSX.NONG_LAM", "uoc_ky", "kh_nam", "54,27", 0), ("GTSX.CN_XD", "uoc_ky", "kh_nam", "51,95", 0),
    ("GTSX.DICH_VU", "uoc_ky", "kh_nam", "50,32", 0),
    ("NN.GIEO_TRONG", "uoc_ky", "kh_nam", "62,83", 0), ("NN.GIEO_TRONG", "uoc_ky", "cung_ky", "103,71", 0),
    ("NN.LUA_XUAN", "uoc_ky", "kh_ky", "100,58", 0), ("NN.LUA_XUAN", "uoc_ky", "kh_nam", "45,3", 0),
    ("NN.LUA_XUAN", "uoc_ky", "cung_ky", "96,27", 0),
    ("NN.NGO_XUAN", "uoc_ky", "kh_nam", "84,9", 0), ("NN.NGO_XUAN", "uoc_ky", "cung_ky", "105,05", 0),
    ("NN.RAU", "uoc_ky", "kh_ky", "92,73", 0), ("NN.RAU", "uoc_ky", "cung_ky", "121,67", 0),
    ("NN.TRONG_RUNG", "uoc_ky", "kh_nam", "83,57", 0), ("NN.TRONG_RUNG", "uoc_ky", "cung_ky", "129,9", 0),
    ("NN.CHE_PHU_RUNG", "uoc_ky", "kh_nam", "102,56", 0), ("NN.CAY_AN_QUA_MOI", "uoc_ky", "kh_nam", "57,6", 0),
    ("NN.NUOC_HVS", "uoc_ky", "kh_nam", "99,48", 0),
    ("MTQG.NTM_DT_TW", "den_ngay", "kh_von", "44,56", 0), ("MTQG.NTM_SN_TW", "uoc_ky", "kh_von", "43,86", 0),
    ("MTQG.NTM_SN_DP", "uoc_ky", "kh_von", "25,3", 0), ("MTQG.DTTS_DT_TW", "uoc_ky", "kh_von", "64,7", 0),
    ("MTQG.DTTS_SN_DP", "uoc_ky", "kh_von", "10", 0), ("MTQG.GN_TW", "uoc_ky", "kh_von", "10", 0),
    ("TD.DOANH_SO_CHO_VAY", "uoc_ky", "cung_ky", "168", 100), ("TD.DU_NO", "uoc_ky", "cung_ky", "136", 100),
    ("NS.THU", "uoc_ky", "du_toan_tren", "114,14", 0), ("NS.THU", "uoc_ky", "du_toan_cap", "91,72", 0),
    ("NS.THU", "uoc_ky", "cung_ky", "190,63", 0),
    ("NS.CHI", "uoc_ky", "du_toan_tren", "50,93", 0), ("NS.CHI", "uoc_ky", "du_toan_cap", "48,51", 0),
    ("NS.CHI", "uoc_ky", "cung_ky", "21,09", 100),
    ("VH.KHACH_DU_LICH", "uoc_ky", "kh_nam", "95,2", 0), ("VH.KHACH_DU_LICH", "uoc_ky", "cung_ky", "382,8", 100),
    ("VH.DOANH_THU_DU_LICH", "uoc_ky", "kh_nam", "63", 0),
    ("VH.DOANH_THU_DU_LICH", "uoc_ky", "cung_ky", "156,9", 100),
    ("VH.NVH_TY_LE", "uoc_ky", "kh_nam", "100,1", 0), ("VH.CDS_APP", "uoc_ky", "kh_nam", "146,6", 0),
]


@pytest.mark.parametrize("code,num,den,printed,offset", STATED_RATIOS)
def test_entered_figures_reproduce_the_seeds_stated_ratio(demo, seed, code, num, den, printed, offset):
    """Plans and same-period values derived from a stated ratio give that ratio back, to the printed
    precision, and the ratio is really printed in the seed."""
    assert printed_in(flat(seed), Decimal(printed.replace(",", ".")))
    values = demo["values"][code]
    decimals = len(printed.split(",")[1]) if "," in printed else 0
    expected = Decimal(printed.replace(",", ".")) + offset
    assert _pct(values[num], values[den], decimals) == expected


# Where the seed's own ratio does not follow from its own numbers (kept as printed, listed in the
# demo file's header for the checker): truncated instead of rounded, or simply different.
@pytest.mark.parametrize("code,num,den,printed,truncated", [
    ("MTQG.NTM_DT_TW", "uoc_ky", "kh_von", "47.42", True),
    ("MTQG.DTTS_DT_TW", "den_ngay", "kh_von", "30.12", True),
    ("MTQG.DTTS_SN_TW", "uoc_ky", "kh_von", "12.38", True),
    ("DTC.GIAI_NGAN", "uoc_ky", "kh_von", "50.96", True),
    ("NN.NGO_XUAN", "uoc_ky", "kh_ky", "109.84", False),
    ("MTQG.GN_DP", "uoc_ky", "kh_von", "11", False),
])
def test_known_disagreements_stay_as_printed(demo, code, num, den, printed, truncated):
    values = demo["values"][code]
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    assert _pct(values[num], values[den], decimals) != Decimal(printed)
    assert (_pct(values[num], values[den], decimals, ROUND_DOWN) == Decimal(printed)) is truncated
    assert values.get("ghi_chu"), f"{code}: the disagreement is explained in Ghi chú"


def test_prose_is_verbatim_from_the_seed_in_report_order(demo, catalog, seed):
    text = flat(seed)
    outline = [s.key for s in catalog.sections]
    last = -1
    for p in demo["prose"]:
        assert p["muc"] in outline, p["muc"]
        if p.get("sau_chi_tieu"):
            ind = catalog.indicator(p["sau_chi_tieu"])
            assert ind is not None and catalog.sheet(ind.sheet).section == p["muc"], p["sau_chi_tieu"]
            assert p["sau_chi_tieu"] in demo["values"], p["sau_chi_tieu"]
        body = " ".join(p["noi_dung"].split())
        assert body in text, body[:80]
        where = text.index(body)
        assert where > last, body[:80]  # paragraphs follow the report
        last = where
    by = lambda key: [p for p in demo["prose"] if p["muc"] == key]  # noqa: E731
    assert len(by("chi_dao")) == 8 and by("chi_dao")[0]["noi_dung"].startswith("1. Tiếp tục")
    assert len(by("thuan_loi")) == 1 and len(by("kho_khan")) == 4
    assert len(by("nhiem_vu")) == 9 and by("nhiem_vu")[-1]["noi_dung"].startswith("9. Tập trung chuẩn bị")


def test_tasks_match_the_seeds_counts(demo):
    tasks = demo["tasks"]
    assert len(tasks) == 12 and len({t["nhom"] for t in tasks}) == 3
    assert all(t["ket_qua"] in layout.TASK_STATUSES and t["nhiem_vu"].strip() for t in tasks)
    assert [t["ket_qua"] for t in tasks].count("Hoàn thành") == 11
    assert [t["ket_qua"] for t in tasks].count("Chưa hoàn thành") == 1
    assert all("Minh họa" in t["ghi_chu"] for t in tasks)


# ------------------------------------------------------------------------------- main targets

def _policy_evaluation(target, demo, catalog):
    """An independent reading of the policy in _settings.yaml for a 6-month report."""
    if target.evaluate == "year_end":
        return "cuối năm"
    src = catalog.indicator(target.source)
    actual = demo["values"].get(src.code, {}).get("uoc_ky")
    if actual is None:  # a summed parent left empty: the sum of its children
        actual = sum(demo["values"][c.code]["uoc_ky"] for c in catalog.children(src.code))
    plan = demo["values"][target.code]["kh_nam"]
    pct = _pct(actual, plan, catalog.settings["percent_decimals"])
    share = Decimal(catalog.settings["period_share_of_year"]["6 tháng"][0])  # 6 tháng đầu năm
    assert demo["info"]["ky_bao_cao"] == "6 tháng đầu năm"
    threshold = share if target.cumulative else Decimal(100)
    if pct > 100 or (pct == 100 and threshold < 100):
        return "vượt"
    return "đạt" if pct >= threshold else "không đạt"


def test_main_targets_give_the_seeds_counts(demo, catalog):
    """15 chỉ tiêu: 01 vượt, 12 đạt, 02 đánh giá cuối năm (section II.7 of the seed)."""
    sheet = next(s for s in catalog.sheets if s.section == "tong_hop_chi_tieu")
    verdicts = [_policy_evaluation(t, demo, catalog) for t in sheet.indicators]
    assert len(verdicts) == 15
    assert {v: verdicts.count(v) for v in set(verdicts)} == {"vượt": 1, "đạt": 12, "cuối năm": 2}
    # robust: no đạt target sits on the 50% / 100% edges, so a rate-at-100% reading changes nothing
    for t, v in zip(sheet.indicators, verdicts):
        if v == "đạt":
            assert catalog.indicator(t.source).cumulative, t.code


def test_main_targets_through_the_calculator(demo, catalog):
    """The same counts from formulas.compute, fed the demo values directly (no workbook)."""
    compute = pytest.importorskip("formulas.compute")
    from formulas.model import IndicatorRow, WorkbookData

    rows = []
    for n, s in enumerate(catalog.sheets):
        for i, ind in enumerate(s.indicators):
            cols = demo["values"].get(ind.code, {})
            vals = {k: Decimal(str(v)) for k, v in cols.items() if k != "ghi_chu"}
            rows.append(IndicatorRow(sheet=s.sheet, row=layout.FIRST_DATA_ROW + i, code=ind.code, name=ind.name,
                                     unit=ind.unit, values=vals, cells={}, indicator=ind))
    data = WorkbookData(info=dict(demo["info"]), rows=rows, prose=[], tasks=[])
    summary = compute.compute(data, catalog).summary
    assert summary.targets_total == 15
    assert summary.targets == {"Vượt": 1, "Đạt": 12, "Đánh giá cuối năm": 2}
