import re

import pytest

from addin.vba_source import ansi_source, public_subs
from formulas.errors import KtxhError


def _evaluate(expression: str) -> str:
    """Evaluate a VBA concatenation of literals and ChrW(n), the only forms ansi_source writes."""
    out = []
    for literal, code in re.findall(r'"((?:[^"]|"")*)"|ChrW\((\d+)\)', expression):
        out.append(chr(int(code)) if code else literal.replace('""', '"'))
    return "".join(out)


def test_public_subs_counts_parameters_and_skips_private_subs_and_functions():
    code = ("Sub A()\nEnd Sub\npublic sub B(control As Object)\nEnd Sub\nPrivate Sub C()\nEnd Sub\n"
            "Function D()\nEnd Function\n  Sub E(x, Optional y = 1)\nEnd Sub\n")
    assert public_subs(code) == {"A": 0, "B": 1, "E": 2}


def test_vietnamese_literals_become_ascii_and_evaluate_to_the_same_text():
    text = 'Không chạy được "Python" qua add-in: Mở lại Excel'
    line = 'loi = "' + text.replace('"', '""') + '" & Err.Description'
    converted = ansi_source(line)
    assert converted.isascii()
    expression = converted.removeprefix("loi = ").removesuffix(" & Err.Description")
    assert expression.startswith("(") and expression.endswith(")")  # one operand wherever it stands
    assert _evaluate(expression) == text


def test_ascii_lines_and_comments_are_left_exactly_as_written():
    code = 'Sub A()\n    RunPython "import x; x.f()" \' says "hi"\nRem plain comment\nEnd Sub'
    assert ansi_source(code) == code


@pytest.mark.parametrize("line", ["' Ghi chú có dấu", "x = 1: Rem chú thích", "Dim ă As String"])
def test_non_ascii_outside_a_literal_is_refused_with_the_line_number(line):
    with pytest.raises(KtxhError, match="dòng 2"):
        ansi_source("Option Explicit\n" + line)


def test_an_unclosed_literal_is_refused():
    with pytest.raises(KtxhError, match="ngoặc kép"):
        ansi_source('x = "không đóng')


def test_an_apostrophe_inside_a_literal_is_not_a_comment():
    converted = ansi_source('Const R As String = "\'xlwings.xlam\'!RunPython"')
    assert converted == 'Const R As String = "\'xlwings.xlam\'!RunPython"'
