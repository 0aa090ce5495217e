"""formulas.layout: the Thông tin help speaks the workbook's level."""
import pytest

from formulas import layout


@pytest.mark.parametrize("cap", ["tinh", "xa"])
def test_no_huyen_example_outside_huyen(cap):
    # the "cap" field lists every level by design; the examples must not
    helps = [layout.info_help(f, cap) for f in layout.INFO_FIELDS if f.key != "cap"]
    assert not any("HUYỆN" in h.upper() or "Cao Lộc" in h for h in helps), helps


def test_huyen_keeps_its_examples():
    dia_danh = next(f for f in layout.INFO_FIELDS if f.key == "dia_danh")
    assert layout.info_help(dia_danh, "huyen") == "Ví dụ: Cao Lộc"
    assert layout.info_help(dia_danh, "tinh") == "Ví dụ: Lạng Sơn"
