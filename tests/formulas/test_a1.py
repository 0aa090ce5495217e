"""formulas.a1: the one A1-address helper of the core and the doors."""
import openpyxl.utils
import pytest

from formulas.a1 import cell_address, column_index, column_letters, split_address


@pytest.mark.parametrize("col", [1, 2, 25, 26, 27, 52, 53, 702, 703, 16384])
def test_letters_and_index_agree_with_openpyxl(col):
    letters = column_letters(col)
    assert letters == openpyxl.utils.get_column_letter(col)
    assert column_index(letters) == col == column_index(letters.lower())


def test_addresses():
    assert cell_address(6, 3) == "C6" and cell_address(1, 27) == "AA1"
    assert split_address("C6") == (6, 3) and split_address("$AA$10") == (10, 27)
    assert split_address("") == (0, 0) and column_index("E6") == 5 and column_index("6") == 0
