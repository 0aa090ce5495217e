"""The templates' sandbox: jinja2's SandboxedEnvironment, and no expression that builds a huge value.

Staff edit the section and sentence templates; an edited line such as "{{ 'x' * 10**10 }}" or
"{{ ky | center(10**9) }}" must be refused in Vietnamese (narrative._vi_message words the
SecurityError raised here, with the file and line), not fill the office PC's memory. What is
bounded: repetition (*), powers (**), %-formats and str.format widths, the str methods and filters
that pad or replace, a section's streamed output, and what a macro or a {% set %} block joins; the
sandbox itself caps range() at 100.000. Not bounded: a loop nest that writes nothing (CPU time only).
"""
from __future__ import annotations

import contextvars
import functools
import re
import string
from decimal import Decimal

import jinja2
from jinja2.nodes import EvalContext
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from generator.vn_format import so

MAX_TEXT = 100_000  # characters or items one expression of a template may build (a report section is far less)
MAX_EXPONENT = 1_000
MAX_SECTION_TEXT = 1_000_000  # characters one section (or one macro, one {% set %} block) may write,
# plus OUTPUT_PER_INPUT times the text it is given: a workbook of 20.000 custom rows has a long
# section, and a template can only repeat what it is given so many times
OUTPUT_PER_INPUT = 4
_LIMIT = contextvars.ContextVar("ktxh_section_limit", default=MAX_SECTION_TEXT)
_FORMAT_SIZES = re.compile(r"%[-#0 +]*(\d*)(?:\.(\d+))?")
TOO_BIG = "kết quả quá lớn"  # the start of the sandbox's refusal, worded by _vi_message


def _bounded_join(chunks) -> str:
    """environment.concat: what a macro or a {% set %} block wrote, refused past MAX_SECTION_TEXT."""
    text = "".join(chunks)
    if len(text) > _LIMIT.get():
        raise SecurityError(f"{TOO_BIG}: {so(len(text))} ký tự")
    return text


class BoundedSandbox(SandboxedEnvironment):
    """The jinja2 sandbox, and no expression that builds a huge value: "x" * 10**10, a list repeated
    10**8 times, 9**9**9, "%999999999s" % ky are refused before they allocate (a SecurityError the
    renderer reports in Vietnamese); the sandbox itself already caps range() at 100.000."""

    intercepted_binops = frozenset(["*", "**", "%"])
    concat = staticmethod(_bounded_join)  # macros and {% set %} blocks (the compiled code's concat)

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_TEXT:
                    raise SecurityError(f"{TOO_BIG}: {len(seq)} × {times}")
        elif operator == "**" and isinstance(right, int) and isinstance(left, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"{TOO_BIG}: số mũ {right}")
        elif operator == "%" and isinstance(left, str):
            _check_percent_format(left)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)  # "…".format / format_map, sandboxed at attribute access
        if wrapped is not None:
            _check_format_spec(value.__self__)
        return wrapped

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - jinja2's own signature
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            _check_str_method(owner, name, args, kwargs)
        return SandboxedEnvironment.call(__self, __context, __obj, *args, **kwargs)


_WIDTH_METHODS = ("center", "ljust", "rjust", "zfill", "expandtabs")


def _check_str_method(text: str, name: str, args, kwargs) -> None:
    """"a".center(10**9), "{:>999999999}".format(x), s.replace("x", "y" * 100000): refused before they run."""
    values = list(args) + list(kwargs.values())
    if name in _WIDTH_METHODS and any(isinstance(a, int) and a > MAX_TEXT for a in values):
        raise SecurityError(f"{TOO_BIG}: {name}({max(a for a in values if isinstance(a, int))})")
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        hits = text.count(args[0]) if args[0] else len(text) + 1
        if len(text) + hits * len(args[1]) > MAX_TEXT:
            raise SecurityError(f"{TOO_BIG}: replace ({hits} × {len(args[1])})")


def _check_format_spec(text: str) -> None:
    try:
        specs = [spec for _, _, spec, _ in string.Formatter().parse(text) if spec]
    except ValueError:
        return  # a malformed format string fails by itself, without allocating
    sizes = [int(n) for spec in specs for n in re.findall(r"\d+", spec)]
    if any(n > MAX_TEXT for n in sizes):
        raise SecurityError(f"{TOO_BIG}: độ rộng {max(sizes)}")


def _bounded_filter(original, check):
    """A built-in filter that first refuses a huge result; wraps keeps jinja2's pass-context mark."""
    @functools.wraps(original)
    def run(*args, **kwargs):
        check(*[a for a in args if not isinstance(a, EvalContext)], **kwargs)
        return original(*args, **kwargs)
    return run


def section_limit(given_chars: int = 0) -> int:
    """The most a section may write when it is given `given_chars` characters of text."""
    return MAX_SECTION_TEXT + OUTPUT_PER_INPUT * given_chars


def bounded_render(template: jinja2.Template, values: dict, given_chars: int = 0) -> str:
    """template.render, streamed: a loop that writes without end is stopped at section_limit()."""
    limit = section_limit(given_chars)
    token = _LIMIT.set(limit)
    try:
        parts, size = [], 0
        for chunk in template.generate(values):
            size += len(chunk)
            if size > limit:
                raise SecurityError(f"{TOO_BIG}: mục dài hơn {so(limit)} ký tự")
            parts.append(chunk)
        return "".join(parts)
    finally:
        _LIMIT.reset(token)


def text_size(value, depth: int = 0) -> int:
    """Characters of text in a template's values (strings in lists, dicts and objects' fields)."""
    if isinstance(value, str):
        return len(value)
    if value is None or isinstance(value, (int, float, Decimal)) or depth > 6:  # most fields: no lookup
        return 0
    if isinstance(value, dict):
        return sum(text_size(v, depth + 1) for v in value.values())
    if isinstance(value, (list, tuple)):
        return sum(text_size(v, depth + 1) for v in value)
    fields = getattr(value, "__dict__", None) or {k: getattr(value, k) for k in getattr(value, "__slots__", ())
                                                  if hasattr(value, k)}
    return sum(text_size(v, depth + 1) for v in fields.values())


def _check_width_filter(*args, **kwargs):
    values = [a for a in list(args[1:]) + list(kwargs.values()) if isinstance(a, int) and not isinstance(a, bool)]
    if any(n > MAX_TEXT for n in values):
        raise SecurityError(f"{TOO_BIG}: độ rộng {max(values)}")


def _check_percent_format(text: str) -> None:
    """"%999999999s" % ky, "%999999999s" | format(ky)."""
    sizes = [int(n) for m in _FORMAT_SIZES.finditer(text) for n in m.groups() if n]
    if any(n > MAX_TEXT for n in sizes):
        raise SecurityError(f"{TOO_BIG}: độ rộng {max(sizes)}")


def _check_format_filter(value, *args, **kwargs):
    if isinstance(value, str):
        _check_percent_format(value)


def _check_replace_filter(text=None, old=None, new=None, *args, **kwargs):
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        _check_str_method(text, "replace", (old, new), {})


def bound_filters(env: SandboxedEnvironment) -> None:
    """jinja2's own filters that can grow a text (center, indent, format, replace), checked first."""
    for name, check in (("center", _check_width_filter), ("indent", _check_width_filter),
                        ("format", _check_format_filter), ("replace", _check_replace_filter)):
        env.filters[name] = _bounded_filter(env.filters[name], check)
