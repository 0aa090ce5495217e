"""The chart of the report: plan achievement by sector, a stacked horizontal bar chart as PNG bytes.

Drawn with Pillow, not matplotlib: importing matplotlib alone took ~0.95 s of an export that must
finish in 1.5 s (issue #4), while Pillow draws this chart in well under 0.1 s. The image is made
for its place in the report (CHART_WIDTH_MM wide at DPI), so the font sizes below are the printed
sizes. Labels are Vietnamese, so the font must carry its glyphs: Times New Roman (the report's
font), else its metric twin Liberation Serif, else DejaVu (see _font_path).
"""
from __future__ import annotations

import io
import math
import os
import sys
import unicodedata
import warnings
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from formulas.results import DAT, KHONG_DAT, VUOT

SERIES = ((VUOT, "Vượt kế hoạch", "#1f4e79"), (DAT, "Đạt kế hoạch", "#5b9bd5"),
          (KHONG_DAT, "Chưa đạt kế hoạch", "#c55a11"))
CHART_WIDTH_MM = 200  # the width the Word document gives the picture
DPI = 200
INK = "#262626"

# Font files by family, regular then bold, as Windows / Linux / macOS name them.
FONT_FILES = (
    (("times.ttf", "Times New Roman.ttf"), ("timesbd.ttf", "Times New Roman Bold.ttf")),
    (("LiberationSerif-Regular.ttf",), ("LiberationSerif-Bold.ttf",)),
    (("DejaVuSerif.ttf",), ("DejaVuSerif-Bold.ttf",)),
    (("DejaVuSans.ttf",), ("DejaVuSans-Bold.ttf",)),
)


def _font_dirs() -> list[Path]:
    dirs = []
    home = Path(os.path.expanduser("~"))  # (Path.home() raises where no home is known)
    if sys.platform == "win32":
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        if os.environ.get("LOCALAPPDATA"):  # fonts installed for one user only
            dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                 home / "Library" / "Fonts"]
    else:
        dirs += [home / ".local/share/fonts", home / ".fonts", Path("/usr/local/share/fonts"),
                 Path("/usr/share/fonts")]
    # matplotlib, when installed, ships DejaVu Sans (every Vietnamese glyph): found without importing it
    spec = find_spec("matplotlib")
    if spec and spec.submodule_search_locations:
        dirs.append(Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "fonts" / "ttf")
    return [d for d in dirs if d.is_dir()]


@lru_cache(maxsize=1)
def _font_index() -> dict[str, list[Path]]:
    """Lower-case file name -> paths over the font folders (Linux sorts fonts into sub-folders,
    and may hold two versions of one file, e.g. Liberation 1.x without Vietnamese and 2.x with)."""
    index: dict[str, list[Path]] = {}
    for d in _font_dirs():
        for root, _dirs, files in os.walk(d):
            for name in sorted(files):
                index.setdefault(name.lower(), []).append(Path(root) / name)
    return index


VIETNAMESE_PROBE = "ẠảẤầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư"


def has_vietnamese(font) -> bool:
    """True when every probe letter has its own glyph (a missing one draws as the .notdef box)."""
    missing = bytes(font.getmask("\U0010FFFD"))  # a private-use code point no font draws
    return all(bytes(font.getmask(ch)) != missing for ch in VIETNAMESE_PROBE)


@lru_cache(maxsize=2)
def _font_path(bold: bool) -> Path | None:
    """The first family, in FONT_FILES order, with the wanted weight and Vietnamese glyphs."""
    from PIL import ImageFont

    index = _font_index()
    for regular, heavy in FONT_FILES:
        for name in heavy if bold else regular:
            for path in index.get(name.lower(), []):
                try:
                    if has_vietnamese(ImageFont.truetype(str(path), 20, layout_engine=ImageFont.Layout.BASIC)):
                        return path
                except OSError:  # unreadable or damaged font file
                    continue
    return None


@lru_cache(maxsize=16)
def _font(size_pt: float, bold: bool = False):
    from PIL import ImageFont

    size = max(1, round(size_pt * DPI / 72))
    path = _font_path(bold) or _font_path(False)
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
        except OSError:  # an unreadable or damaged font file
            pass
    return ImageFont.load_default(size)  # Pillow's own font: no Vietnamese accents (see _text)


NO_FONT_WARNING = ("Không tìm thấy phông chữ có dấu tiếng Việt (Times New Roman, Liberation Serif hoặc DejaVu) "
                   "trong các thư mục phông của máy; biểu đồ trong báo cáo được vẽ bằng chữ không dấu. "
                   "Hãy cài phông Times New Roman rồi xuất lại.")


def _text(fallback: bool):
    """Without a Vietnamese font the accents would print as empty boxes: drop them instead
    ("Nông nghiệp" -> "Nong nghiep"), which stays readable."""
    if not fallback:
        return lambda s: unicodedata.normalize("NFC", str(s))

    def plain(s) -> str:
        s = unicodedata.normalize("NFD", str(s).replace("đ", "d").replace("Đ", "D"))
        return "".join(ch for ch in s if not unicodedata.combining(ch))
    return plain


def _nice_step(top: float, max_ticks: int = 6) -> int:
    """An integer tick step of 1, 2 or 5 times a power of ten giving at most max_ticks intervals."""
    raw = max(top / max_ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _count(v: int) -> str:
    return f"{v:02d}" if v < 10 else str(v)  # "01 chỉ tiêu": a leading zero below ten


def achievement_chart(data: list[tuple[str, dict[str, int]]], width_mm: float = CHART_WIDTH_MM) -> bytes | None:
    """A horizontal stacked bar per sector: how many indicators were vượt / đạt / chưa đạt."""
    if not data:
        return None
    from PIL import Image, ImageDraw

    px = DPI / 72  # pixels per point
    label_font, value_font = _font(10), _font(9, bold=True)
    legend_font, axis_font = _font(9.5), _font(10)
    fallback = _font_path(False) is None
    if fallback:
        warnings.warn(NO_FONT_WARNING, stacklevel=2)
    text_of = _text(fallback)
    labels = [text_of(name) for name, _ in data]
    counts = [[int(c.get(key, 0) or 0) for key, _, _ in SERIES] for _, c in data]

    width = round(width_mm / 25.4 * DPI)
    row = round(26 * px)  # one sector per row, bars fill 60 % of it
    text_h = round(10 * px)
    label_w = max(label_font.getlength(s) for s in labels)
    left = round(min(label_w + 12 * px, width * 0.45))
    right = width - round(12 * px)
    top = round(30 * px)  # the legend sits above the plot
    plot_h = row * len(labels)
    height = top + plot_h + round(42 * px)
    bottom = top + plot_h

    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)

    total = max(max(sum(c) for c in counts), 1)
    step = _nice_step(total)
    xmax = total * 1.05  # a little air after the longest bar
    scale = (right - left) / xmax

    def x_at(v: float) -> int:
        return round(left + v * scale)

    # x axis: ticks, numbers and its title
    tick = round(3.5 * px)
    for v in range(0, int(xmax) + 1, step):
        x = x_at(v)
        draw.line([(x, bottom), (x, bottom + tick)], fill=INK, width=max(1, round(0.8 * px)))
        draw.text((x, bottom + tick + 2 * px), str(v), font=axis_font, fill=INK, anchor="ma")
    draw.text(((left + right) / 2, bottom + tick + 4 * px + text_h * 1.25), text_of("Số chỉ tiêu"),
              font=axis_font, fill=INK, anchor="ma")

    # the bars, with their counts in white inside each segment that can hold them
    bar_h = row * 0.6
    for i, (label, values) in enumerate(zip(labels, counts)):
        cy = top + row * (i + 0.5)
        draw.text((left - 7 * px, cy), label, font=label_font, fill=INK, anchor="rm")
        draw.line([(left - tick, cy), (left, cy)], fill=INK, width=max(1, round(0.8 * px)))
        start = 0
        for v, (_, _, colour) in zip(values, SERIES):
            if v:
                x0, x1 = x_at(start), x_at(start + v)
                draw.rectangle([x0, cy - bar_h / 2, x1, cy + bar_h / 2], fill=colour)
                text = _count(v)
                if value_font.getlength(text) + 4 * px <= x1 - x0:
                    draw.text(((x0 + x1) / 2, cy), text, font=value_font, fill="white", anchor="mm")
            start += v

    # the axes lines (left and bottom only, as in the Word charts staff know)
    line_w = max(1, round(0.8 * px))
    draw.line([(left, top - 4 * px), (left, bottom)], fill=INK, width=line_w)
    draw.line([(left, bottom), (right, bottom)], fill=INK, width=line_w)

    # legend, centred above the plot
    swatch_w, swatch_h, gap = round(16 * px), round(6 * px), round(6 * px)
    entries = [(text_of(label), colour, legend_font.getlength(text_of(label))) for _, label, colour in SERIES]
    legend_w = sum(swatch_w + gap + w for _, _, w in entries) + 20 * px * (len(entries) - 1)
    x = (left + right - legend_w) / 2
    cy = top / 2
    for label, colour, w in entries:
        draw.rectangle([x, cy - swatch_h / 2, x + swatch_w, cy + swatch_h / 2], fill=colour)
        draw.text((x + swatch_w + gap, cy), label, font=legend_font, fill=INK, anchor="lm")
        x += swatch_w + gap + w + 20 * px

    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=(DPI, DPI), compress_level=1)  # level 6: 20 % smaller, 2x slower
    return buf.getvalue()
