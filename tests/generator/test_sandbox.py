"""The templates' sandbox: a huge value is refused before it is built, everyday expressions work."""
import pytest
from jinja2.sandbox import SecurityError

from generator.narrative import SECTIONS_DIR, make_env
from generator.sandbox import MAX_SECTION_TEXT, MAX_TEXT, bounded_render


@pytest.fixture(scope="module")
def env():
    return make_env(SECTIONS_DIR)


@pytest.mark.parametrize("source", [
    "{{ 'x' * 10**10 }}", "{{ [1] * 10**8 }}", "{{ 10**8 * 'x' }}", "{{ 3 ** 100000 }}",
    "{{ '%999999999s' % 'a' }}", "{{ '%.999999999f' % 1 }}", "{{ '{:>999999999}'.format('a') }}",
    "{{ '{x:0999999999}'.format_map({'x': 1}) }}", "{{ 'a'.zfill(10**9) }}", "{{ 'a\tb'.expandtabs(10**9) }}",
    "{{ ('x' * 1000).replace('x', 'y' * 1000) }}", "{{ 'a' | indent(10**9, true) }}", "{{ 'a' | center(10**9) }}",
])
def test_huge_values_are_refused(env, source):
    with pytest.raises(SecurityError, match="kết quả quá lớn"):
        env.from_string(source).render()


def test_just_under_the_caps_is_allowed(env):
    assert len(env.from_string("{{ 'x' * %d }}" % MAX_TEXT).render()) == MAX_TEXT
    assert env.from_string("{{ 2 ** 1000 > 0 }} {{ '%08.2f' % 3.14159 }} {{ '{:>6}'.format('ab') }}").render() == (
        "True 00003.14     ab")


def test_a_section_is_streamed_and_stopped_at_its_cap(env):
    endless = env.from_string("{% for i in range(100000) %}{{ 'y' * 100000 }}{% endfor %}")
    with pytest.raises(SecurityError, match="mục dài hơn"):
        bounded_render(endless, {})
    ok = env.from_string("{% for i in range(10) %}{{ 'y' * 1000 }}{% endfor %}")
    assert len(bounded_render(ok, {})) == 10_000 < MAX_SECTION_TEXT


def test_a_long_section_from_long_data_is_allowed_but_not_endless_output(env):
    """20.000 custom rows make a section longer than MAX_SECTION_TEXT: the cap grows with what the
    section is given, so a template can repeat its data a few times, never without end."""
    from generator.sandbox import OUTPUT_PER_INPUT, text_size

    rows = ["dòng " + "x" * 95 for _ in range(20_000)]  # 2.000.000 characters of data
    given = text_size({"doan_van": rows})
    assert given == 2_000_000
    listing = env.from_string("{% for r in doan_van %}{{ r }}\n{% endfor %}")
    assert len(bounded_render(listing, {"doan_van": rows}, given)) == 2_020_000
    too_many = env.from_string("{% for i in range(%d) %}{%% for r in doan_van %%}{{ r }}{%% endfor %%}{% endfor %}"
                               .replace("%d", str(OUTPUT_PER_INPUT + 2)).replace("%%", "%"))
    with pytest.raises(SecurityError, match="mục dài hơn"):
        bounded_render(too_many, {"doan_van": rows}, given)
