"""Catalog wording that the report's sentences rely on (names, phrases, plan bases)."""
import re

import pytest

from formulas.catalog import load_catalog

PHRASE_FIELDS = {"value", "unit", "plan", "uoc", "cap"}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _all(catalog):
    return [i for s in catalog.sheets for i in s.indicators]


def test_phrases_use_only_known_fields(catalog):
    for ind in _all(catalog):
        fields = set(re.findall(r"\{(\w+)\}", ind.phrase))
        assert fields <= PHRASE_FIELDS, (ind.code, fields - PHRASE_FIELDS)
        if "plan" in fields:
            assert ind.plans, f"{ind.code}: {{plan}} without a plan basis"


def test_names_said_in_sentences_carry_no_workbook_labels(catalog):
    """A name the report says as is ("Số xã … (lũy kế) đạt …") must read as prose; "(lũy kế)" needs a phrase."""
    for ind in _all(catalog):
        if ind.sentence != "khong" and not ind.phrase:
            assert "(lũy kế)" not in ind.name, ind.code


def test_breakdown_parts_do_not_repeat_their_total(catalog):
    """"Kinh phí hỗ trợ mới …, trong đó: kinh phí hỗ trợ …; kinh phí hỗ trợ …" reads badly."""
    for code, ind in catalog.by_code.items():
        if ind.sentence != "trong_do" or ind.phrase:
            continue
        head = " ".join(ind.name.lower().split()[:2])
        for child in catalog.children(code):
            starts_with_unit = child.name.lower().startswith((child.unit.lower() + " ", child.unit.lower() + ","))
            if child.sheet == ind.sheet and not starts_with_unit:
                assert " ".join(child.name.lower().split()[:2]) != head, (code, child.code)


def test_breakdown_parts_are_counted_in_their_own_unit(catalog):
    """A part named after another document than its unit ("Giấy chứng nhận … 02 giấy phép") reads wrong."""
    for code, ind in catalog.by_code.items():
        if ind.sentence != "trong_do":
            continue
        for child in catalog.children(code):
            first = child.name.split()[0].lower()
            if first in ("giấy", "hồ", "đơn") and child.kind == "count":
                assert child.name.lower().startswith(child.unit.lower()), child.code


def test_year_plan_bases_of_the_rates_the_seed_states_without_a_plan(catalog):
    """Decided per indicator (see the catalog comments): a target of typical annual resolutions keeps
    its KH năm (the checker asks offices to fill it); a state statistic never planned has none."""
    keep = ("YT.BHYT_TY_LE", "LDXH.LAO_DONG_DAO_TAO", "LDXH.TY_LE_HO_NGHEO", "CT.TY_LE_HO_NGHEO",
            "NV.DVC_TY_LE", "GT.THON_CUNG_HOA_TY_LE", "DN.THANH_LAP_MOI")
    for code in keep:
        assert "kh_nam" in catalog.indicator(code).plans, code
    assert catalog.indicator("GT.XA_DUONG_NHUA_TY_LE").plans == ()


def test_poverty_rate_is_compared_with_the_end_of_last_year(catalog):
    assert catalog.indicator("LDXH.TY_LE_HO_NGHEO").same_period_text == "so với cuối năm trước"
