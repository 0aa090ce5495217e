"""Section templates: plain-text jinja2 files staff can edit, one per report section.

Each file generator/templates/sections/<section key>.j2 writes the paragraphs of one section
(one paragraph per non-empty output line). They run in jinja2's sandbox with autoescape on: a
value is escaped while it is inserted, the finished text is unescaped once into plain text, and
docxtpl escapes it again for the Word XML (autoescape=True there too), so a "&" or "<" typed in
the workbook can never break the document. An edited template is checked before anything is
written: a syntax error, an unknown field or filter gives a KtxhError in Vietnamese naming the
file and the line.

Fields a section template can use (see templates/sections/README.md):
  muc (key, title, level), doan_van (all paragraphs in order), so_lieu (generated paragraphs),
  thuyet_minh (staff prose), tong_hop (summary sentences), ke_hoach_sau (an annual report's next-year
  plan, in the next-year tasks section), chi_tieu (code -> indicator),
  theo_don_vi (a consolidation's spread over its units, generator.by_unit.spread_items),
  ky, nam, cap, ky_sau, co_quan, dia_danh; filters so, phan_tram, dem, so_dem, ti_so, so_don_vi,
  doi_don_vi, ngay_thang, ngay_ngan, danh_so, noi, viet_thuong_dau.

The sentences themselves are written by the macros of _cau.j2 in the same folder (generator.wording):
the renderer checks that file with the others and hands its macros to the context builder. A folder
without its own _cau.j2 uses the shipped one; a section without its own file uses _mac_dinh.j2.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup

from generator.context import SectionContent
from generator.phrases import viet_thuong_dau
from generator.vn_format import FILTERS, so
from generator.sandbox import MAX_TEXT, TOO_BIG, BoundedSandbox, bound_filters, bounded_render, text_size
from generator.wording import WORDING_FILE, Wording
from formulas.errors import KtxhError

SECTIONS_DIR = Path(__file__).parent / "templates" / "sections"
DEFAULT_TEMPLATE = "_mac_dinh.j2"  # used for an outline section that has no file of its own

FIELDS = ("muc", "doan_van", "so_lieu", "thuyet_minh", "tong_hop", "ke_hoach_sau", "chi_tieu", "theo_don_vi", "ky", "nam",
          "cap", "ky_sau", "co_quan", "dia_danh")
_NUMBERED = re.compile(r"^\s*(\d+[.)]|[a-zđ]\)|-|\+|•)\s")


def danh_so(text: str, index: int) -> str:
    """Number a paragraph "1. …" unless staff already numbered it (or it is a "- " item)."""
    text = str(text)
    return text if _NUMBERED.match(text) else f"{index}. {text}"


def noi(parts, sep: str = ", ") -> Markup:
    """Join the non-empty phrases of a sentence: ["đạt 9 ha", "", "tăng 5%"] -> "đạt 9 ha, tăng 5%"."""
    return Markup(sep).join(x for x in parts if x is not None and str(x).strip())


def make_env(directory: Path) -> SandboxedEnvironment:
    env = BoundedSandbox(
        loader=jinja2.FileSystemLoader(str(directory)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    bound_filters(env)
    env.filters["danh_so"] = danh_so
    env.filters["noi"] = noi  # _cau.j2: the clauses of a sentence, the empty ones left out
    env.filters["viet_thuong_dau"] = viet_thuong_dau  # a name in mid-sentence ("Lúa Xuân" -> "lúa Xuân")
    return env


def _display(path: Path) -> str:
    """The file as the user knows it (relative to the working folder when possible)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class SectionRenderer:
    """Loads and checks every section template once; renders sections to paragraph lists."""

    def __init__(self, directory: Path | str | None = None):
        self.directory = Path(directory) if directory else SECTIONS_DIR
        if not self.directory.is_dir():
            raise KtxhError(f"Không tìm thấy thư mục mẫu đoạn văn '{_display(self.directory)}'.")
        self.env = make_env(self.directory)
        self.templates: dict[str, jinja2.Template] = {}
        for path in sorted(self.directory.glob("*.j2")):
            self.templates[path.stem] = self._load(path)
        if DEFAULT_TEMPLATE.removesuffix(".j2") not in self.templates:
            raise KtxhError(f"Thiếu mẫu đoạn văn mặc định '{_display(self.directory / DEFAULT_TEMPLATE)}'.")
        wording = self.templates.pop(WORDING_FILE.removesuffix(".j2"), None)  # not a section
        wording_path = self.directory / WORDING_FILE
        if wording is None:  # an office's folder without its own _cau.j2: the shipped sentences
            wording_path = SECTIONS_DIR / WORDING_FILE
            if not wording_path.is_file():
                raise KtxhError(f"Thiếu mẫu câu '{_display(self.directory / WORDING_FILE)}'.")
            wording = self._load(wording_path)
        self.wording = Wording(wording, _display(wording_path))

    def _load(self, path: Path) -> jinja2.Template:
        shown = _display(path)
        try:
            source = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise KtxhError(f"Mẫu đoạn văn '{shown}' không phải văn bản UTF-8; hãy lưu lại tệp với "
                            "bảng mã UTF-8.") from None
        try:
            ast = self.env.parse(source, path.name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            raise KtxhError(f"Mẫu đoạn văn '{shown}', dòng {exc.lineno}: lỗi cú pháp ({exc.message}). "
                            "Kiểm tra các cặp {{ }} và {% %} đã đóng đủ, và mỗi {% for %} / {% if %} "
                            "có {% endfor %} / {% endif %}.") from None
        try:  # compiling finds an unknown filter or test; the parsed tree is compiled, not parsed again
            # the sentence macros take their fields as parameters (ct, ky): only sections are checked here
            unknown = [] if path.name == WORDING_FILE else sorted(meta.find_undeclared_variables(ast) - set(FIELDS))
            code = self.env.compile(ast, path.name, str(path))
            template = self.env.template_class.from_code(self.env, code, self.env.make_globals(None))
        except jinja2.TemplateSyntaxError as exc:
            raise KtxhError(f"Mẫu đoạn văn '{shown}', dòng {exc.lineno}: {_vi_message(exc.message or '')}") from None
        if unknown:
            name = unknown[0]
            line = next((n.lineno for n in ast.find_all(nodes.Name) if n.name == name), 1)
            raise KtxhError(f"Mẫu đoạn văn '{shown}', dòng {line}: trường '{name}' không có trong dữ liệu "
                            f"báo cáo. Các trường dùng được: {', '.join(FIELDS)}.")
        return template

    def template_for(self, key: str) -> tuple[str, jinja2.Template]:
        name = key if key in self.templates else DEFAULT_TEMPLATE.removesuffix(".j2")
        return name, self.templates[name]

    def render(self, section: SectionContent, fields: dict) -> list[str]:
        name, template = self.template_for(section.key)
        values = dict(fields)
        values.update(section_fields(section))
        try:
            text = bounded_render(template, values, text_size(values))
        except (jinja2.UndefinedError, SecurityError, TypeError, ValueError, ArithmeticError, MemoryError,
                RecursionError) as exc:  # OverflowError: the sandbox's range() cap
            line = _error_line(name + ".j2")
            where = f", dòng {line}" if line else ""
            raise KtxhError(f"Mẫu đoạn văn '{_display(self.directory / (name + '.j2'))}'{where}: "
                            f"{_vi_message(str(exc))}") from None
        plain = Markup(text).unescape()
        return [" ".join(line.split()) for line in plain.splitlines() if line.strip()]


_CACHE: dict[tuple, SectionRenderer] = {}


def section_renderer(directory: Path | str | None = None) -> SectionRenderer:
    """A checked renderer, reused while no template file changes (the Excel button exports often)."""
    d = Path(directory) if directory else SECTIONS_DIR
    try:
        stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(d.glob("*.j2")))
    except OSError:
        stamp = ()
    key = (str(d.resolve()), stamp)
    if key not in _CACHE:
        renderer = SectionRenderer(d)  # raises the Vietnamese error for a broken template
        _CACHE.clear()
        _CACHE[key] = renderer
    return _CACHE[key]


def section_fields(section: SectionContent) -> dict:
    return {
        "muc": {"key": section.key, "title": section.title, "level": section.level},
        "doan_van": [b.text for b in section.blocks],
        "so_lieu": [b.text for b in section.blocks if b.kind == "so_lieu"],
        "thuyet_minh": [b.text for b in section.blocks if b.kind == "prose"],
        "tong_hop": [b.text for b in section.blocks if b.kind == "tong_hop"],
        "ke_hoach_sau": [b.text for b in section.blocks if b.kind == "ke_hoach_sau"],
        "chi_tieu": {v.code: v for v in section.indicators if v.code},
        "theo_don_vi": section.theo_don_vi,
    }


def _error_line(filename: str) -> int | None:
    """The template line of the error being handled (jinja2 rewrites tracebacks to template lines)."""
    tb = sys.exc_info()[2]
    line = None
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename).name == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _vi_message(message: str) -> str:
    m = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", message)
    if m:
        field = m.group(1) or m.group(2)
        return f"trường '{field}' không có trong dữ liệu báo cáo."
    m = re.search(r"No filter named '([^']+)'", message)
    if m:
        return (f"bộ lọc '{m.group(1)}' không tồn tại. Các bộ lọc dùng được: "
                f"{', '.join(sorted(FILTERS) + ['danh_so', 'noi', 'viet_thuong_dau'])}.")
    m = re.search(r"No test named '([^']+)'", message)
    if m:
        return f"phép thử '{m.group(1)}' không tồn tại."
    if message.startswith(TOO_BIG) or "MAX_RANGE" in message or "Range too big" in message:
        what = message if message.startswith(TOO_BIG) else "vòng lặp quá dài"
        return (f"một biểu thức cho {what}; mỗi biểu thức của mẫu chỉ được tạo tối đa {so(MAX_TEXT)} "
                "ký tự hoặc phần tử.")
    if not message:  # MemoryError, RecursionError carry no text
        return "lỗi khi dựng đoạn văn (biểu thức quá lớn hoặc lồng nhau quá sâu)."
    m = re.search(r"access to attribute '([^']+)'", message)
    if m:  # the sandbox: "access to attribute '__class__' of 'str' object is unsafe."
        return (f"không được dùng thuộc tính nội bộ '{m.group(1)}' trong mẫu (mẫu chỉ được dùng các trường của "
                "báo cáo và các bộ lọc).")
    if "unsafe" in message or "not safely callable" in message:
        return "thao tác không được phép trong mẫu (mẫu chỉ được dùng các trường của báo cáo và các bộ lọc)."
    return f"lỗi khi dựng đoạn văn ({message})."


def render_sections(sections: list[SectionContent], header: dict, renderer: SectionRenderer) -> None:
    """Fill each section's paragraphs in place (a section may render to nothing)."""
    fields = {"ky": header.get("ky", ""), "nam": header.get("nam", ""), "cap": header.get("cap", ""),
              "ky_sau": header.get("ky_sau", ""), "co_quan": header.get("co_quan", ""),
              "dia_danh": header.get("dia_danh_ngay", "").split(",")[0]}
    for section in sections:
        section.paragraphs = renderer.render(section, fields)
