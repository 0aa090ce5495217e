"""formulas.findings: counts the Vietnamese way and listings that stay short when findings repeat."""
from formulas.findings import ERROR, INFO, WARNING, Elided, Finding, condense, counts_text, vn_count


def _f(rule, severity, sheet, row, col="E"):
    return Finding(rule, severity, sheet, f"{col}{row}", None, f"{rule} {row}")


def test_counts_are_written_the_vietnamese_way():
    assert [vn_count(n) for n in (0, 7, 10, 999, 1000, 15_284)] == ["0", "07", "10", "999", "1.000", "15.284"]
    findings = [_f("A", ERROR, "S", 1)] + [_f("B", INFO, "S", r) for r in range(15_284)]
    assert counts_text(findings) == "01 lỗi, 15.284 thông tin"  # no "00 cảnh báo"
    assert counts_text([]) == "không có phát hiện nào"


def test_condense_keeps_every_error_and_counts_repeated_warnings_per_sheet_and_rule():
    findings = ([_f("SO_DANG_VAN_BAN", WARNING, "Nông nghiệp", r) for r in range(6, 20_006)]
                + [_f("SO_KHONG_HOP_LE", ERROR, "Nông nghiệp", r, "F") for r in range(6, 1_006)]
                + [_f("SO_DANG_VAN_BAN", WARNING, "Y tế", r) for r in range(6, 9)]
                + [_f("KHONG_CO_SO_LIEU", INFO, "Y tế", r, "G") for r in range(6, 13)])
    out = condense(findings, per_group=5, cells_named=3)
    errors = [f for f in out if isinstance(f, Finding) and f.severity == ERROR]
    assert len(errors) == 1_000  # errors are never shortened
    elided = [e for e in out if isinstance(e, Elided)]
    assert elided == [Elided("SO_DANG_VAN_BAN", WARNING, "Nông nghiệp", 19_995, ("E11", "E12", "E13")),
                      Elided("KHONG_CO_SO_LIEU", INFO, "Y tế", 2, ("G11", "G12"))]
    # the count follows the group's last listed finding; a group of three on Y tế is listed whole
    i = out.index(elided[0])
    assert out[i - 1].cell == "E10" and out[i + 1].rule == "SO_KHONG_HOP_LE"
    assert [f.cell for f in out if isinstance(f, Finding) and f.sheet == "Y tế" and f.severity == WARNING] == \
           ["E6", "E7", "E8"]
    assert len(out) == 5 + 1 + 1_000 + 3 + 5 + 1


def test_condense_leaves_a_short_list_unchanged():
    findings = [_f("THIEU_KE_HOACH", WARNING, "S", r) for r in range(5)] + [_f("X", ERROR, "S", 9)]
    assert condense(findings, per_group=5) == findings
