"""VBA source text: what the build needs to know and change about it (pure, no files).

A VBA project stores module source in an ANSI code page (LibreOffice's exporter: Windows-1252), so
Vietnamese letters in a string literal would arrive as "?". ``ansi_source`` rewrites every such
literal as a concatenation with ``ChrW(code)``, which VBA evaluates to the exact Unicode text.
"""
from __future__ import annotations

import re

from formulas.errors import KtxhError

# Public Subs (a Sub without "Private" is public); buttons can only run parameterless ones,
# ribbon onAction callbacks take one parameter (the IRibbonControl).
_SUB = re.compile(r"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+(\w+)[ \t]*\(([^)]*)\)", re.M | re.I)


def public_subs(code: str) -> dict[str, int]:
    """Sub name -> number of parameters, for every public Sub of a module."""
    return {name: len([p for p in params.split(",") if p.strip()]) for name, params in _SUB.findall(code)}


def ansi_source(code: str) -> str:
    """The module with every non-ASCII string literal spelled with ChrW; refuses non-ASCII elsewhere."""
    return "\n".join(_ansi_line(line, number) for number, line in enumerate(code.splitlines(), start=1))


def _ansi_line(line: str, number: int) -> str:
    out, i = [], 0
    while i < len(line):
        ch = line[i]
        if ch == '"':
            end = _literal_end(line, i)
            out.append(_literal(line[i + 1:end].replace('""', '"')))
            i = end + 1
            continue
        if ch == "'" or _starts_rem(line, i):  # a comment runs to the end of the line
            rest = line[i:]
            if not rest.isascii():
                raise KtxhError(f"dòng {number} của mô-đun VBA: ghi chú có chữ có dấu; hãy viết không dấu.")
            out.append(rest)
            break
        if not ch.isascii():
            raise KtxhError(f"dòng {number} của mô-đun VBA: chữ có dấu nằm ngoài chuỗi \"...\".")
        out.append(ch)
        i += 1
    return "".join(out)


def _starts_rem(line: str, i: int) -> bool:
    before = line[:i].strip()
    return line[i:i + 4].lower() == "rem " and (before == "" or before.endswith(":"))


def _literal_end(line: str, start: int) -> int:
    """Index of the quote that closes the literal opened at ``start`` ("" is an escaped quote)."""
    i = start + 1
    while i < len(line):
        if line[i] == '"':
            if line[i + 1:i + 2] == '"':
                i += 2
                continue
            return i
        i += 1
    raise KtxhError(f"chuỗi VBA chưa đóng ngoặc kép: {line.strip()}")


def _literal(text: str) -> str:
    if text.isascii():
        return '"' + text.replace('"', '""') + '"'
    parts, run = [], ""
    for ch in text:
        if ch.isascii():
            run += ch
            continue
        if run:
            parts.append('"' + run.replace('"', '""') + '"')
            run = ""
        parts.append(f"ChrW({ord(ch)})")
    if run:
        parts.append('"' + run.replace('"', '""') + '"')
    return "(" + " & ".join(parts) + ")"  # brackets: a literal stays one operand next to + or =
