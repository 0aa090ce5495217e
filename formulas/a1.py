"""A1 addresses: the one helper for column letters and cell references, for the core and the doors.

Columns and rows are 1-based, as Excel numbers them: column 3 is "C", (6, 3) is "C6". Addresses may
carry "$" (absolute references) and lower-case letters.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=None)  # a workbook has few distinct columns and many cells
def column_letters(col: int) -> str:
    """1 -> 'A', 26 -> 'Z', 27 -> 'AA'."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@lru_cache(maxsize=None)
def column_index(letters: str) -> int:
    """'A' -> 1, 'AA' -> 27; the leading letters of an address ('C6' -> 3), 0 when there are none."""
    n = 0
    for ch in letters.replace("$", ""):
        if not ch.isalpha():
            break
        n = n * 26 + ord(ch.upper()) - 64
    return n


def cell_address(row: int, col: int) -> str:
    """(6, 3) -> 'C6'."""
    return f"{column_letters(col)}{row}"


def split_address(address: str) -> tuple[int, int]:
    """'C6' -> (6, 3); '$C$6' the same; a part that is missing is 0 ('' -> (0, 0))."""
    digits = "".join(ch for ch in address if ch.isdigit())
    return (int(digits) if digits else 0, column_index(address))
