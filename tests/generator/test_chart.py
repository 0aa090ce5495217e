"""The plan-achievement chart: a PNG drawn with Pillow, with a font that has Vietnamese glyphs."""
import io

import pytest
from PIL import Image, ImageFont

from generator import chart
from generator.chart import CHART_WIDTH_MM, DPI, SERIES, achievement_chart, has_vietnamese

DATA = [("Nông nghiệp", {"Vượt": 3, "Đạt": 4, "Không đạt": 2}), ("Ngân sách", {"Vượt": 1, "Đạt": 1, "Không đạt": 0})]


def _image(png: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(png))
    img.load()
    return img.convert("RGB")


def _colours(img: Image.Image) -> dict[tuple[int, int, int], int]:
    return {c: n for n, c in img.getcolors(maxcolors=1 << 20)}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def test_png_in_process():
    png = achievement_chart(DATA)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert achievement_chart([]) is None


def test_sized_for_its_place_in_the_report():
    img = Image.open(io.BytesIO(achievement_chart(DATA)))
    assert img.width == round(CHART_WIDTH_MM / 25.4 * DPI)
    assert round(img.info["dpi"][0]) == DPI
    taller = Image.open(io.BytesIO(achievement_chart(DATA * 4)))
    assert taller.width == img.width and taller.height > img.height  # one row per sector


def test_each_series_drawn_in_its_colour():
    colours = _colours(_image(achievement_chart(DATA)))
    assert all(_rgb(colour) in colours for _, _, colour in SERIES)
    orange = _rgb(SERIES[2][2])  # chưa đạt: only its legend swatch when no indicator missed the plan
    none_missed = _colours(_image(achievement_chart([("Ngân sách", {"Vượt": 1, "Đạt": 1, "Không đạt": 0})])))
    two_missed = _colours(_image(achievement_chart([("Ngân sách", {"Vượt": 1, "Đạt": 1, "Không đạt": 2})])))
    assert 0 < none_missed[orange] < two_missed[orange] / 3


def test_font_has_vietnamese_glyphs():
    for bold in (False, True):
        path = chart._font_path(bold)
        assert path is not None  # Times New Roman, Liberation Serif or DejaVu is installed here
        assert has_vietnamese(ImageFont.truetype(str(path), 20))
    # Pillow's built-in font lacks them: the probe must tell the difference
    assert not has_vietnamese(ImageFont.load_default(20))


def test_without_any_font_file_still_draws(monkeypatch):
    monkeypatch.setattr(chart, "_font_dirs", lambda: [])
    for cached in (chart._font_index, chart._font_path, chart._font):
        cached.cache_clear()
    try:
        assert chart._font_path(False) is None
        with pytest.warns(UserWarning, match="Không tìm thấy phông chữ có dấu tiếng Việt"):
            png = achievement_chart(DATA)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        for cached in (chart._font_index, chart._font_path, chart._font):
            cached.cache_clear()


def test_accents_dropped_only_without_a_vietnamese_font():
    assert chart._text(True)("Nông nghiệp - Đầu tư, Y tế, Văn hóa") == "Nong nghiep - Dau tu, Y te, Van hoa"
    assert chart._text(False)("Nông nghiệp") == "Nông nghiệp"


def test_nice_axis_steps():
    assert chart._nice_step(4) == 1
    assert chart._nice_step(18) == 5
    assert chart._nice_step(60) == 10
    assert chart._nice_step(130) == 50
    assert chart._nice_step(0) == 1


def test_skips_a_font_file_without_vietnamese(monkeypatch, tmp_path):
    # Linux may hold Liberation 1.x (no Vietnamese) beside 2.x under the same file name: the
    # search must pass over the first and take a file that really has the glyphs.
    from fontTools import subset  # a test dependency (pyproject [test])

    good = chart._font_path(False)
    latin_only = tmp_path / "old" / good.name
    latin_only.parent.mkdir()
    options = subset.Options()
    font = subset.load_font(str(good), options)
    sub = subset.Subsetter(options)
    sub.populate(text="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -.,áàâã")
    sub.subset(font)
    subset.save_font(font, str(latin_only), options)
    assert not has_vietnamese(ImageFont.truetype(str(latin_only), 20))

    monkeypatch.setattr(chart, "_font_index", lambda: {good.name.lower(): [latin_only, good]})
    chart._font_path.cache_clear()
    try:
        assert chart._font_path(False) == good
        monkeypatch.setattr(chart, "_font_index", lambda: {good.name.lower(): [latin_only]})
        chart._font_path.cache_clear()
        assert chart._font_path(False) is None  # nothing usable: Pillow's own font is the fallback
    finally:
        chart._font_path.cache_clear()
