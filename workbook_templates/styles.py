"""Cell styles of a ktxh workbook: one place for the colours a door must restore and the forms' look.

The colours are public because the write-back doors restore the input fill when they clear an
old mark (formulas.patch.Patch.clear_marks), and the guide sheet shows them as a legend.
"""
from __future__ import annotations

from copy import copy
from functools import lru_cache
from weakref import WeakKeyDictionary

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray

from formulas.catalog import Indicator

FONT_NAME = "Times New Roman"  # what Vietnamese offices print with; LibreOffice maps it to Liberation Serif
FONT_SIZE = 11

# The colour table lives in the core (formulas.colours); re-exported here for the openpyxl fills.
from formulas.colours import COMPUTED_RGB, HEADER_RGB, INPUT_RGB, MARK_RGB, NOT_APPLICABLE_RGB  # noqa: E402,F401


def solid(rgb: str) -> PatternFill:
    return PatternFill("solid", start_color=rgb, end_color=rgb)


INPUT_FILL = solid(INPUT_RGB)
COMPUTED_FILL = solid(COMPUTED_RGB)
HEADER_FILL = solid(HEADER_RGB)

_thin = Side(style="thin", color="808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)

LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)


def font(*, bold: bool = False, italic: bool = False, size: float = FONT_SIZE, color: str | None = None) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


TITLE_FONT = font(bold=True, size=14)
SUBTITLE_FONT = font(italic=True, size=12)
HEADER_FONT = font(bold=True, size=10)
NUMBER_FONT = font(italic=True, size=9)
BODY_FONT = font()
BOLD_FONT = font(bold=True)
COMPUTED_FONT = font(italic=True, color="404040")
NOTE_FONT = font(italic=True, size=10, color="595959")
KEY_FONT = font(size=8, color="808080")

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_TOP = Alignment(vertical="top", wrap_text=True)
WRAP_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)  # dates and years too
NUMBER_ALIGN = Alignment(horizontal="right", vertical="center")


CODE_FONT = font(size=9, color="595959")
KEY_ALIGN = Alignment(vertical="top")  # no wrap: keys never break (the column is wide enough)
CODE_ALIGN = Alignment(horizontal="left", vertical="center")


@lru_cache(maxsize=None)
def name_alignment(level: int) -> Alignment:
    """Child indicators sit indented under their parent, as on printed forms."""
    return Alignment(horizontal="left", vertical="center", wrap_text=True, indent=2 * level)


@lru_cache(maxsize=None)
def title_alignment(level: int) -> Alignment:
    """Outline titles on Thuyết minh: indented by their level (I. / 1. / 1.1.)."""
    return Alignment(vertical="top", wrap_text=True, indent=2 * (level - 1))


@lru_cache(maxsize=None)
def number_format(decimals: int) -> str:
    """Excel format: thousands grouped, fixed decimals. Excel shows the user's locale separators,
    so a Vietnamese Windows prints 1.990,48."""
    return "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals


PERCENT_FORMAT = "#,##0.00"  # ratios are stored as 54.27 (per cent), not 0.5427
CHANGE_FORMAT = "+#,##0.00;-#,##0.00;0.00"


def value_format(ind: Indicator) -> str:
    if ind.is_text:
        return "@"
    return number_format(ind.decimals)


# openpyxl hashes every style object each time one is assigned to a cell, which dominates build time
# (thousands of cells). apply() styles the first cell of each combination the normal way and gives
# later cells a copy of its style record. The cache keeps the style objects alive, so their ids
# (the cache key) cannot be reused by other objects.
_CACHES: WeakKeyDictionary = WeakKeyDictionary()


def apply(cell, **attrs) -> None:
    """Give `cell` exactly these style attributes (font, fill, border, alignment, protection,
    number_format); anything not given is the default."""
    cache = _CACHES.setdefault(cell.parent.parent, {})
    key = tuple((k, id(v)) for k, v in attrs.items())
    hit = cache.get(key)
    if hit is None:
        cell._style = StyleArray()
        for k, v in attrs.items():
            setattr(cell, k, v)
        cache[key] = (copy(cell._style), tuple(attrs.values()))
    else:
        cell._style = copy(hit[0])
