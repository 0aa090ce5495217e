"""Section templates: sandboxed, autoescaped, and checked with Vietnamese messages naming file and line."""
import shutil

import pytest

from generator.context import SectionContent, Block
from generator.narrative import SECTIONS_DIR, SectionRenderer, danh_so
from formulas.errors import KtxhError


@pytest.fixture
def sections_dir(tmp_path):
    d = tmp_path / "sections"
    shutil.copytree(SECTIONS_DIR, d)
    return d


def section(key="nong_nghiep", blocks=()):
    return SectionContent(key=key, level=3, parent="kinh_te", title="Sản xuất nông, lâm nghiệp",
                          blocks=list(blocks))


def test_every_outline_section_renders_with_the_shipped_templates():
    r = SectionRenderer()
    out = r.render(section(blocks=[Block("prose", "Một & <hai>"), Block("so_lieu", "Ba.")]), {})
    assert out == ["Một & <hai>", "Ba."]  # plain text out: escaping happens once, in the Word XML
    assert r.render(section(), {}) == []  # nothing to say -> no paragraph -> section left out


def test_unknown_field(sections_dir):
    (sections_dir / "nong_nghiep.j2").write_text("{% for d in doan_van %}\n{{ d }} {{ so_lieu_sai }}\n{% endfor %}\n",
                                                 encoding="utf-8")
    with pytest.raises(KtxhError) as exc:
        SectionRenderer(sections_dir)
    msg = str(exc.value)
    assert "nong_nghiep.j2" in msg and "dòng 2" in msg and "trường 'so_lieu_sai' không có" in msg


def test_syntax_error(sections_dir):
    (sections_dir / "y_te.j2").write_text("Dòng một\n{% for d in doan_van %}\n{{ d }}\n", encoding="utf-8")
    with pytest.raises(KtxhError) as exc:
        SectionRenderer(sections_dir)
    msg = str(exc.value)
    assert "y_te.j2" in msg and "lỗi cú pháp" in msg and "dòng 3" in msg


def test_unknown_filter(sections_dir):
    (sections_dir / "giao_duc.j2").write_text("\n{{ ky | so_la_ma }}\n", encoding="utf-8")
    with pytest.raises(KtxhError) as exc:
        SectionRenderer(sections_dir)
    assert "giao_duc.j2" in str(exc.value) and "dòng 2" in str(exc.value)
    assert "bộ lọc 'so_la_ma' không tồn tại" in str(exc.value)


def test_unknown_attribute_found_when_rendering(sections_dir):
    (sections_dir / "nong_nghiep.j2").write_text("Mở đầu\n{{ muc.ten_sai }}\n", encoding="utf-8")
    r = SectionRenderer(sections_dir)
    with pytest.raises(KtxhError) as exc:
        r.render(section(), {"ky": "", "nam": "", "cap": "", "ky_sau": "", "co_quan": "", "dia_danh": ""})
    msg = str(exc.value)
    assert "nong_nghiep.j2" in msg and "dòng 2" in msg and "ten_sai" in msg


def test_sandbox_blocks_python_internals(sections_dir):
    (sections_dir / "nong_nghiep.j2").write_text("{{ doan_van.__class__.__mro__ }}\n", encoding="utf-8")
    r = SectionRenderer(sections_dir)
    with pytest.raises(KtxhError) as exc:
        r.render(section(), {})
    assert "nong_nghiep.j2" in str(exc.value)


def test_missing_default_template(sections_dir):
    (sections_dir / "_mac_dinh.j2").unlink()
    with pytest.raises(KtxhError, match="mặc định"):
        SectionRenderer(sections_dir)


def test_danh_so():
    assert danh_so("Tiếp tục", 1) == "1. Tiếp tục"
    assert danh_so("3. Đã có số", 1) == "3. Đã có số"
    assert danh_so("- Gạch đầu dòng", 2) == "- Gạch đầu dòng"
    assert danh_so("a) Điểm", 2) == "a) Điểm"


@pytest.mark.parametrize("line, said", [
    ("{{ 'x' * 10**10 }}", "kết quả quá lớn"),
    ("{{ muc.title * 1000000000 }}", "kết quả quá lớn"),
    ("{{ (doan_van * 100000000) | length }}", "kết quả quá lớn"),
    ("{{ '%999999999s' % ky }}", "độ rộng 999999999"),
    ("{{ 7 ** 1000001 }}", "số mũ 1000001"),
    ("{% for i in range(10**9) %}x{% endfor %}", "vòng lặp quá dài"),
    ("{{ '{:>999999999}'.format(ky) }}", "độ rộng 999999999"),
    ("{{ ky.center(10**9) }}", "center(1000000000)"),
    ("{{ ky | center(10**9) }}", "độ rộng 1000000000"),
    ("{{ ('x' * 100000).replace('x', ky * 1000) }}", "replace (100000 × 5000)"),
    ("{{ ('x' * 1000) | replace('x', 'y' * 1000) }}", "replace (1000 × 1000)"),
    # a loop that writes without end is stopped as it writes; a macro or a block when it is joined
    ("{% for i in range(100000) %}{{ 'y' * 100000 }}{% endfor %}", "mục dài hơn 1.0"),
    ("{% macro m() %}{% for i in range(100) %}{{ 'y' * 100000 }}{% endfor %}{% endmacro %}{{ m() | length }}",
     "10.000.000 ký tự"),
    ("{% set b %}{% for i in range(100) %}{{ 'y' * 100000 }}{% endfor %}{% endset %}{{ b | length }}",
     "10.000.000 ký tự"),
])
def test_an_expression_that_would_build_a_huge_value_is_refused(sections_dir, line, said):
    (sections_dir / "nong_nghiep.j2").write_text(line + "\n", encoding="utf-8")
    with pytest.raises(KtxhError) as err:
        SectionRenderer(sections_dir).render(section(blocks=[Block("prose", "Một.")]), {"ky": "quý I"})
    message = str(err.value)
    assert "nong_nghiep.j2'" in message and "một biểu thức cho" in message and said in message, message
    assert "dòng 1" in message or "mục dài hơn" in message  # (a stream stopped outside the template has no line)


def test_small_repetitions_and_formats_still_work(sections_dir):
    (sections_dir / "nong_nghiep.j2").write_text(
        "{{ '-' * 3 }} {{ 2 ** 10 }} {{ '%5s|' % 'ab' }} {{ 10 % 4 }} {{ '{:>3}|'.format('b') }} {{ 'a' | center(3) }}|"
        " {{ 'a-b' | replace('-', '/') }} {{ 'ab'.replace('a', 'c') }}\n", encoding="utf-8")
    assert SectionRenderer(sections_dir).render(section(), {}) == ["--- 1024 ab| 2 b| a | a/b cb"]


def test_a_huge_value_in_the_sentence_template_is_refused_too(sections_dir):
    from decimal import Decimal as D
    from generator.sentences import IndicatorView, Period, sentence
    words = sections_dir / "_cau.j2"
    words.write_text(words.read_text(encoding="utf-8").replace(
        '{%- macro ty_trong(ct) -%}', "{%- macro ty_trong(ct) -%}{{ ct.ten * 10**9 }}"), encoding="utf-8")
    period = Period(ky="quý I", nam="2026", wording=SectionRenderer(sections_dir).wording)
    with pytest.raises(KtxhError, match=r"Mẫu câu '.*_cau\.j2', dòng \d+: một biểu thức cho kết quả quá lớn"):
        sentence(IndicatorView(code="A", name="Lúa", unit="ha", actual=D(3)), period)
