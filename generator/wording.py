"""The sentence wording of the report: the macros of templates/sections/_cau.j2, called with facts.

generator.sentences computes what can be said of one indicator (a dict of formatted figures,
which comparisons exist, the direction); the macros in _cau.j2 decide how it is said. The file
is loaded by the section renderer (generator.narrative) from the same folder as the section
templates, in the same sandbox, so an office's edited copy of the folder changes every sentence
and a mistake in it is reported in Vietnamese with the file and line.
"""
from __future__ import annotations

import jinja2
from jinja2.sandbox import SecurityError
from markupsafe import Markup

from formulas.errors import KtxhError

WORDING_FILE = "_cau.j2"


class Wording:
    """The macros of one _cau.j2, ready to call; `name` is the file as shown in error messages."""

    def __init__(self, template: jinja2.Template, name: str):
        self.name = name
        self.env = template.environment
        try:
            self.module = template.make_module({})
            self.openings = len(self.module.MO_DAU)
        except (jinja2.TemplateError, SecurityError, TypeError, ValueError, AttributeError) as exc:
            raise KtxhError(f"Mẫu câu '{name}': {exc}. Tệp phải giữ biến MO_DAU và các macro cau, "
                            "tong_hop_chi_tieu, tong_hop_nhiem_vu, chi_tieu_nam_sau.") from None

    def _call(self, macro: str, *args) -> str:
        try:
            call = getattr(self.module, macro)
            try:
                text = call(*args)
            except Exception:  # noqa: BLE001 - re-raised with the template's own line numbers
                self.env.handle_exception()
        except AttributeError:
            raise KtxhError(f"Mẫu câu '{self.name}' thiếu macro '{macro}'.") from None
        except (jinja2.TemplateError, SecurityError, TypeError, ValueError, ArithmeticError, MemoryError,
                RecursionError) as exc:
            from generator.narrative import _error_line, _vi_message

            line = _error_line(WORDING_FILE)
            where = f", dòng {line}" if line else ""
            raise KtxhError(f"Mẫu câu '{self.name}'{where}: {_vi_message(str(exc))}") from None
        return " ".join(Markup(text).unescape().split())

    def sentence(self, facts: dict, period: dict, opening: int = 0, bare: bool = False) -> str:
        return self._call("cau", facts, period, opening, bare)

    def targets_summary(self, total: int, counts: dict, period: dict) -> str:
        return self._call("tong_hop_chi_tieu", total, counts, period)

    def tasks_summary(self, total: int, groups: int, counts: dict, period: dict) -> str:
        return self._call("tong_hop_nhiem_vu", total, groups, counts, period)

    def next_year(self, items: list[dict], period: dict) -> str:
        return self._call("chi_tieu_nam_sau", items, period)


def default_wording() -> Wording:
    """The wording of the shipped templates (or of the renderer last checked for that folder)."""
    from generator.narrative import section_renderer

    return section_renderer().wording
