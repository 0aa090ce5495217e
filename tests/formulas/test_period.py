"""formulas.period: every form offices write, its share of the year plan, columns, next period, wording."""
from decimal import Decimal

import pytest

from formulas.catalog import load_catalog
from formulas.errors import KtxhError
from formulas.period import (CHIN_THANG, CHOICES, KE_HOACH_NAM_SAU, NAM, QUY, SAU_THANG, THANG, THUC_HIEN_THANG,
                             UOC_KY_SAU, Period, parse, period_placeholders, share_table, try_parse)
from formulas.settings import policy_from

FORMS = [
    ("6 tháng đầu năm", SAU_THANG, 1, 2026), ("6 tháng cuối năm", SAU_THANG, 2, 2026), ("6 tháng", SAU_THANG, 1, 2026),
    ("  6 THÁNG   đầu năm ", SAU_THANG, 1, 2026), ("6 tháng đầu năm 2025", SAU_THANG, 1, 2025),
    ("quý I", QUY, 1, 2026), ("quý II", QUY, 2, 2026), ("quý III", QUY, 3, 2026), ("quý IV", QUY, 4, 2026),
    ("quý 1", QUY, 1, 2026), ("Quý II năm 2025", QUY, 2, 2025), ("QUÝ iv/2025", QUY, 4, 2025),
    ("9 tháng", CHIN_THANG, 1, 2026), ("9 tháng đầu năm", CHIN_THANG, 1, 2026), ("9 tháng năm 2025", CHIN_THANG, 1, 2025),
    ("tháng 8", THANG, 8, 2026), ("tháng 01", THANG, 1, 2026), ("tháng 12 năm 2025", THANG, 12, 2025),
    ("Tháng 8/2025", THANG, 8, 2025),
    ("năm", NAM, 1, 2026), ("năm 2024", NAM, 1, 2024), ("cả năm", NAM, 1, 2026), ("Cả năm 2024", NAM, 1, 2024),
    ("3 tháng cuối năm", QUY, 4, 2026),
]


@pytest.mark.parametrize("text, kind, index, year", FORMS)
def test_every_form_parses_with_the_year_from_the_text_else_the_workbook(text, kind, index, year):
    assert parse(text, 2026) == Period(kind, index, year)
    assert parse(text, "2026.0") == Period(kind, index, year)  # nam as a float read from a cell


def test_decomposed_unicode_reads_like_composed():
    import unicodedata
    assert parse(unicodedata.normalize("NFD", "Quý II năm 2026")) == Period(QUY, 2, 2026)


@pytest.mark.parametrize("text", ["5 tháng", "quý V", "tháng 13", "tháng 0", "kỳ lạ", "6 tháng giữa năm", "2024"])
def test_unreadable_text_is_a_vietnamese_error_listing_the_forms(text):
    assert try_parse(text) is None
    with pytest.raises(KtxhError) as err:
        parse(text, 2026, where="trang Thông tin, ô C12")
    message = str(err.value)
    assert f"«{text}»" in message and "trang Thông tin, ô C12" in message
    assert "quý I" in message and "6 tháng cuối năm" in message and "tháng 8" in message and "năm 2024" in message


def test_empty_text_says_it_is_missing():
    with pytest.raises(KtxhError, match="Chưa ghi kỳ báo cáo"):
        parse("  ", 2026)


SHARES = [("tháng 01", "8.33"), ("tháng 6", 50), ("tháng 8", "66.67"), ("tháng 12", 100),
          ("quý I", 25), ("quý II", 50), ("quý III", 75), ("quý IV", 100),
          ("6 tháng đầu năm", 50), ("6 tháng cuối năm", 100), ("9 tháng", 75), ("9 tháng đầu năm", 75),
          ("năm", 100), ("cả năm 2024", 100)]


@pytest.mark.parametrize("text, share", SHARES)
def test_share_of_year_from_the_shipped_settings(text, share):
    policy = policy_from(load_catalog().settings)
    assert policy.share_of_year(text) == Decimal(str(share))
    assert policy.share_of_year(parse(text)) == Decimal(str(share))
    assert policy.knows_period(text)


def test_shares_are_declared_per_kind_and_a_named_period_overrides_its_kind():
    table = share_table({"quý": [30, 55, 80, 100], "quý I": 20, "9 tháng": 70})
    assert table[(QUY, 1)] == 20 and table[(QUY, 2)] == 55 and table[(CHIN_THANG, 1)] == 70
    assert table[(THANG, 8)] == Decimal("66.67")  # undeclared: the year elapsed
    assert table[(SAU_THANG, 1)] == 50 and table[(NAM, 1)] == 100
    old = share_table({"quý I": 25, "6 tháng đầu năm": 50, "9 tháng": 75, "năm": 100})  # the old form still reads
    assert old[(SAU_THANG, 2)] == 100 and old[(QUY, 2)] == 50
    with pytest.raises(ValueError, match="quý"):
        share_table({"quý": [25, 50]})
    with pytest.raises(ValueError, match="kỳ lạ"):
        share_table({"kỳ lạ": 40})
    with pytest.raises(ValueError, match="từ 0 đến 100"):
        share_table({"năm": 120})
    with pytest.raises(ValueError, match="period_share_of_year"):
        policy_from({"period_share_of_year": {"6 tháng": "nửa"}})


def test_unreadable_period_falls_back_to_the_default_share():
    policy = policy_from(load_catalog().settings)
    assert policy.share_of_year("5 tháng") == 100 and not policy.knows_period("5 tháng")
    assert policy_from({"period_share_of_year": {"default": 90}}).share_of_year("kỳ lạ") == 90


NEXT = [("6 tháng đầu năm 2026", "6 tháng cuối năm 2026"), ("6 tháng cuối năm 2026", "6 tháng đầu năm 2027"),
        ("9 tháng đầu năm 2026", "quý IV năm 2026"), ("quý I năm 2026", "quý II năm 2026"),
        ("quý IV 2026", "quý I năm 2027"), ("năm 2026", "năm 2027"), ("tháng 8 năm 2026", "tháng 9 năm 2026"),
        ("tháng 12 năm 2026", "tháng 01 năm 2027"), ("tháng 01 năm 2026", "tháng 02 năm 2026")]


@pytest.mark.parametrize("text, after", NEXT)
def test_next_period_and_its_wording(text, after):
    assert parse(text).next().phrase() == after
    assert "năm năm" not in after


WORDING = [("6 tháng đầu năm", "6 tháng đầu năm", "6 tháng đầu năm 2026", "6 tháng đầu năm 2026"),
           ("quý 2", "quý II", "quý II năm 2026", "6 tháng đầu năm 2026"),
           ("quý I", "quý I", "quý I năm 2026", "quý I năm 2026"),
           ("quý IV", "quý IV", "quý IV năm 2026", "năm 2026"),
           ("9 tháng", "9 tháng đầu năm", "9 tháng đầu năm 2026", "9 tháng đầu năm 2026"),
           ("tháng 8", "tháng 8", "tháng 8 năm 2026", "8 tháng đầu năm 2026"),
           ("tháng 1", "tháng 01", "tháng 01 năm 2026", "tháng 01 năm 2026"),
           ("cả năm", "năm", "năm 2026", "năm 2026")]


@pytest.mark.parametrize("text, label, phrase, span", WORDING)
def test_label_phrase_and_what_the_result_covers(text, label, phrase, span):
    period = parse(text, 2026)
    assert (period.label, period.phrase(), period.span_phrase) == (label, phrase, span)
    assert period.with_year(None).phrase() == label
    assert parse(period.label, 2026) == period  # the label reads back


def test_every_choice_of_the_drop_down_parses_and_fits_an_excel_list():
    assert [try_parse(c) is not None for c in CHOICES] == [True] * len(CHOICES)
    assert len({try_parse(c) for c in CHOICES}) == len(CHOICES) == 20
    assert len(",".join(CHOICES)) <= 255 and not any("," in c or '"' in c for c in CHOICES)


DECLARED = ("cung_ky", "den_ngay", "uoc_ky")


def test_columns_of_a_monthly_report():
    cols = parse("tháng 8", 2026).value_columns(DECLARED)
    assert cols == [("cung_ky", "Cùng kỳ năm trước"), (THUC_HIEN_THANG, "Thực hiện tháng 8"),
                    ("uoc_ky", "Lũy kế từ đầu năm đến hết tháng 8"), (UOC_KY_SAU, "Ước thực hiện tháng 9")]
    assert parse("tháng 12", 2026).value_columns(DECLARED)[-1] == (UOC_KY_SAU, "Ước thực hiện tháng 01")
    assert parse("tháng 8").value_columns(("uoc_ky",)) == [("uoc_ky", "Lũy kế từ đầu năm đến hết tháng 8")]


def test_columns_of_an_annual_report():
    assert parse("năm", 2026).value_columns(DECLARED) == [
        ("cung_ky", "Thực hiện năm 2025"), ("den_ngay", "Thực hiện đến ngày chốt số liệu"),
        ("uoc_ky", "Ước thực hiện cả năm 2026"), (KE_HOACH_NAM_SAU, "Kế hoạch năm 2027")]
    assert parse("năm").value_columns(("uoc_ky",), has_plans=False) == [("uoc_ky", "Ước thực hiện cả năm")]


@pytest.mark.parametrize("text, header", [("6 tháng đầu năm", "Ước thực hiện 6 tháng đầu năm 2026"),
                                          ("9 tháng", "Ước thực hiện 9 tháng đầu năm 2026"),
                                          ("quý I", "Ước thực hiện quý I năm 2026"),
                                          ("quý III", "Ước thực hiện lũy kế 9 tháng đầu năm 2026"),
                                          ("6 tháng cuối năm", "Ước thực hiện cả năm 2026")])
def test_other_periods_keep_the_three_columns_with_their_own_label(text, header):
    cols = parse(text, 2026).value_columns(DECLARED)
    assert cols == [("cung_ky", "Cùng kỳ năm trước"), ("den_ngay", "Thực hiện đến ngày chốt số liệu"),
                    ("uoc_ky", header)]


def test_outline_titles_say_the_next_periods_own_year():
    assert period_placeholders("NHIỆM VỤ TRỌNG TÂM {ky_sau_upper} NĂM {nam}") == "NHIỆM VỤ TRỌNG TÂM {ky_sau_nam_upper}"
    assert period_placeholders("{ky} năm {nam}") == "{ky_nam}"
    assert period_placeholders("{ky_upper} NĂM {nam}", {"nam": "2023"}) == "{ky_upper} NĂM {nam}"


def test_period_checks_its_index():
    with pytest.raises(ValueError):
        Period(QUY, 5)
    with pytest.raises(ValueError):
        Period("tuần", 1)


def test_the_checker_reads_the_period_and_warns_when_its_year_is_not_the_report_year(tmp_path):
    from formulas.validation import validate
    from tests.formulas.factory import Book, make_catalog

    catalog = make_catalog(tmp_path)

    def rules(**info):
        return [(f.rule, f.message) for f in validate(Book(catalog, info=info).data(), catalog)
                if f.rule == "KY_BAO_CAO_LA"]

    for ky in ("Quý II", "9 tháng", "tháng 8", "6 tháng cuối năm", "cả năm", "Quý II năm 2023"):
        assert rules(ky_bao_cao=ky) == [], ky  # the factory's Năm báo cáo is 2023
    [(_, message)] = rules(ky_bao_cao="quý II năm 2024")
    assert "2024" in message and "2023" in message
    [(_, message)] = rules(ky_bao_cao="5 tháng")
    assert "không đọc được" in message and "100%" in message and "quý I" in message
