from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formulas.vn_numbers import ENGLISH, PLAIN, VIETNAMESE, format_vn, parse_text_number, parse_vn_number


@pytest.mark.parametrize("text, expected", [
    ("1.990,48", "1990.48"),  # Vietnamese: "." thousands, "," decimal
    ("2.027.484", "2027484"),
    ("1.234", "1234"),  # ambiguous in general; thousands in Vietnamese style
    ("1,5", "1.5"),
    ("1,990", "1.990"),  # a lone comma is always the decimal mark
    ("0,5", "0.5"),
    ("1,990.48", "1990.48"),  # English, unambiguous because both marks are present
    ("1,234,567", "1234567"),
    ("1.5", "1.5"),  # a dot that cannot group thousands is a decimal point
    ("0.123", "0.123"),  # "0" cannot start a thousands group
    ("1990.48", "1990.48"),
    (" 12 ", "12"),
    ("\u00a012\u00a0", "12"),  # NBSP, as pasted from web pages
    ("2 027 484", "2027484"),  # spaces as thousands separator
    ("1\u202f234,5", "1234.5"),  # narrow NBSP
    ("12 345,67", "12345.67"),
    ("−5", "-5"),  # Unicode minus
    ("-1.234,5", "-1234.5"),
    ("– 7", "-7"),  # en dash and a space
    ("+3", "3"),
    ("007", "7"),
    ("12,5%", "12.5"),
    ("54,27 %", "54.27"),
    ("−1,5%", "-1.5"),
])
def test_parses_vietnamese_text_numbers(text, expected):
    assert parse_vn_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "-", "%", "5 ha", "khoảng 20", "1.23.4", "1.234.5", "1,23,456", "12 5",
    "1,2,3", ",5", "5,", "1e5", "(5)", "1.234,5,6", "1,234.5.6", "١٢", "12-3", "--5", "1..2",
])
def test_rejects_what_is_not_a_number(text):
    assert parse_vn_number(text) is None
    assert parse_text_number(text) is None


def test_non_text_is_not_parsed():
    assert parse_vn_number(12) is None  # type: ignore[arg-type]
    assert parse_vn_number(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("text, percent, style", [
    ("12,5%", True, VIETNAMESE),
    ("12,5", False, VIETNAMESE),
    ("1.234", False, VIETNAMESE),
    ("1,990.48", False, ENGLISH),
    ("1,234,567", False, ENGLISH),
    ("1990.48", False, PLAIN),
    ("12", False, PLAIN),
    ("40%", True, PLAIN),
])
def test_reports_percent_flag_and_style(text, percent, style):
    parsed = parse_text_number(text)
    assert parsed is not None
    assert parsed.percent is percent
    assert parsed.style == style


def test_keeps_the_digits_as_typed():
    assert str(parse_vn_number("1,50")) == "1.50"
    assert str(parse_vn_number("2.027.484")) == "2027484"


@pytest.mark.parametrize("value, text", [
    ("1990.48", "1.990,48"), ("2027484", "2.027.484"), ("-1234.5", "-1.234,5"), ("0.5", "0,5"),
    ("999", "999"), ("1000", "1.000"), ("54.27", "54,27"),
])
def test_format_vn(value, text):
    assert format_vn(Decimal(value)) == text


@given(st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False, allow_infinity=False))
def test_vietnamese_format_round_trips(value):
    text = format_vn(value)
    assert parse_vn_number(text) == value
    assert parse_vn_number(text + "%") == value


@pytest.mark.parametrize("value, kwargs, text", [
    ("1990.475", {"decimals": 2}, "1.990,48"),  # rounded by the one rule, half up
    ("-3.735", {"decimals": 2}, "-3,74"),
    ("1990.479", {"decimals": 2, "rounding": "truncate"}, "1.990,47"),
    ("-0.004", {"decimals": 2}, "0,00"),  # never "-0,00"
    ("-0.000", {}, "0,000"),
    ("1979.00", {"trim": True}, "1.979"),
    ("45.30", {"trim": True}, "45,3"),
    ("1E+3", {}, "1.000"),
    ("123456789.5", {"decimals": 0}, "123.456.790"),
    ("0.5", {"decimals": 0}, "1"),
])
def test_format_vn_rounding_trim_and_sign(value, kwargs, text):
    assert format_vn(Decimal(value), **kwargs) == text


def test_one_formatter_for_messages_and_report():
    from formulas.validation import vn
    from generator.vn_format import so
    for value in ("1990.48", "-1234.50", "0", "2027484", "73.9200"):
        d = Decimal(value)
        assert vn(d) == so(d, trim=True) == format_vn(d, trim=True)
        assert vn(d, 2) == so(d, 2) == format_vn(d, 2)
