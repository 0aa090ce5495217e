"""`ktxh soat`: reading .txt / .docx (paragraphs and table cells) / .pdf / .odt, the list, --json, the
commented copy (-o) and the Vietnamese messages for files that cannot be read."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from addin.cli import main

# the demo's source report (Báo cáo 617/BC-UBND, UBND huyện Cao Lộc, 6 tháng 2023), kept with the tests
SEED = Path(__file__).resolve().parents[2] / "formulas" / "audit" / "data" / "bao_cao_617_bc_ubnd_cao_loc_2023.txt"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

SHORT = ("Ngô Xuân trồng ước được 1.051,12/957,9 ha, bằng 109,84% KH.\n\n"
         "Lúa Xuân cấy ước được 1.990,48/1.979,0 ha, bằng 100,58% KH.\n")


def _seed_lines() -> list[str]:
    return [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def _seed_docx(path: Path) -> Path:
    """The seed typed into Word: one paragraph per line, plus a small 'biểu' table at the end."""
    document = docx.Document()
    for line in _seed_lines():
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Chỉ tiêu"
    table.cell(0, 1).text = "Kết quả"
    table.cell(1, 0).text = "Hồ sơ trực tuyến"
    table.cell(1, 1).text = "Cấp huyện: 1.287/1.741 đạt 79,8%."
    document.save(str(path))
    return path


def test_txt_lists_the_finding_and_exits_1(tmp_path, capsys):
    src = tmp_path / "bao_cao.txt"
    src.write_text(SHORT, encoding="utf-8-sig")  # with a BOM, as Notepad writes it
    assert main(["soat", str(src)]) == 1
    out = capsys.readouterr().out
    assert "đoạn 1 [lỗi] SOAT_TY_LE_SAI" in out and "109,73%" in out and "«Ngô Xuân" in out
    assert "02 số liệu có quan hệ được nêu trong lời văn, 02 tính lại được; 01 lỗi" in out and "00" not in out


def test_clean_report_exits_0_and_json(tmp_path, capsys):
    src = tmp_path / "dung.txt"
    src.write_text("Lúa Xuân cấy ước được 1.990,48/1.979,0 ha, bằng 100,58% KH.\n", encoding="utf-8")
    assert main(["soat", str(src), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["counts"]["claims"] == 1 and payload["counts"]["lỗi"] == 0 and payload["findings"] == []


def test_seed_docx_paragraphs_and_table_cells_with_comments(tmp_path, capsys):
    src = _seed_docx(tmp_path / "617_BC.docx")
    out = tmp_path / "617_BC_soat.docx"
    assert main(["soat", str(src), "-o", str(out), "--json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    findings = payload["findings"]
    flagged = {(f["rule"], f["stated"]) for f in findings if f["severity"] != "thông tin"}
    for expected in [("SOAT_TY_LE_SAI", "109,84%"), ("SOAT_TONG_THIEU", "1.085 mũi"),
                     ("SOAT_SAI_CO_SO", "75,3%"), ("SOAT_CAT_BOT", "47,42%"), ("SOAT_CAT_BOT", "30,12%"),
                     ("SOAT_CAT_BOT", "12,38%"), ("SOAT_CAT_BOT", "50,96%")]:
        assert expected in flagged
    cell = [f for f in findings if f["cell"]]
    assert [(f["cell"], f["stated"]) for f in cell] == [("bảng 1, dòng 2, cột 2", "79,8%")]

    # the copy: same text, one comment per finding, anchored on the finding's paragraph
    original, copy = docx.Document(str(src)), docx.Document(str(out))
    assert [p.text for p in copy.paragraphs] == [p.text for p in original.paragraphs]
    assert copy.tables[0].cell(1, 1).text == original.tables[0].cell(1, 1).text
    comments = list(copy.comments)
    assert len(comments) == len(findings)
    assert all(c.author == "ktxh" for c in comments)
    assert any("109,73%" in c.text for c in comments)
    body = copy.element.body.xml
    assert body.count("w:commentRangeStart") == len(findings)
    ngo = next(p for p in copy.paragraphs if "1.051,12/957,9" in p.text)
    assert "commentRangeStart" in ngo._p.xml


def test_output_from_txt_is_a_new_docx_of_its_paragraphs(tmp_path, capsys):
    src = tmp_path / "bao_cao.txt"
    src.write_text(SHORT, encoding="utf-8")
    out = tmp_path / "bao_cao_soat.docx"
    assert main(["soat", str(src), "-o", str(out)]) == 1
    copy = docx.Document(str(out))
    assert [p.text for p in copy.paragraphs] == [line for line in SHORT.splitlines() if line]
    assert len(list(copy.comments)) == 1


def test_output_must_be_docx(tmp_path, capsys):
    src = tmp_path / "bao_cao.txt"
    src.write_text(SHORT, encoding="utf-8")
    assert main(["soat", str(src), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "đuôi .docx" in capsys.readouterr().err


@pytest.mark.parametrize("name, content, expected", [
    ("hong.docx", b"PK\x03\x04 not really a zip", "bị hỏng hoặc không phải tệp Word .docx"),
    ("trong.docx", b"", "trống"),
    ("trong.txt", b"", "trống"),
    ("khoang_trang.txt", "  \n\n \t\n".encode(), "không có chữ nào"),
    ("latin1.txt", "Báo cáo đạt 5%".encode("cp1258", errors="replace") + b"\xff\xfe\x81", "không phải văn bản UTF-8"),
    ("bao_cao.rtf", b"{\\rtf1}", "chỉ đọc được báo cáo"),
])
def test_bad_files_give_a_vietnamese_message_and_status_2(tmp_path, capsys, name, content, expected):
    src = tmp_path / name
    src.write_bytes(content)
    assert main(["soat", str(src)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: ") and expected in err and "Traceback" not in err


def test_missing_file(tmp_path, capsys):
    assert main(["soat", str(tmp_path / "khong_co.docx")]) == 2
    assert "không tìm thấy" in capsys.readouterr().err


def test_scanned_pdf_without_text_layer(tmp_path, capsys):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)  # what a scanner gives, minus the picture
    src = tmp_path / "ban_scan.pdf"
    with open(src, "wb") as fh:
        writer.write(fh)
    assert main(["soat", str(src)]) == 2
    assert "không có lớp chữ (bản scan)" in capsys.readouterr().err


def test_damaged_pdf(tmp_path, capsys):
    src = tmp_path / "hong.pdf"
    src.write_bytes(b"%PDF-1.4\n garbage")
    assert main(["soat", str(src)]) == 2
    assert "bị hỏng hoặc không phải PDF" in capsys.readouterr().err


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_pdf_and_odt_made_by_libreoffice(tmp_path, capsys):
    src = tmp_path / "ngan.docx"
    document = docx.Document()
    for line in SHORT.splitlines():
        if line:
            document.add_paragraph(line)
    document.save(str(src))
    for fmt in ("pdf", "odt"):
        subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                        "--convert-to", fmt, "--outdir", str(tmp_path), str(src)],
                       check=True, capture_output=True, timeout=180)
        assert main(["soat", str(tmp_path / f"ngan.{fmt}"), "--json"]) == 1
        payload = json.loads(capsys.readouterr().out)
        assert [(f["rule"], f["stated"]) for f in payload["findings"]] == [("SOAT_TY_LE_SAI", "109,84%")]
    out = tmp_path / "ngan_soat.docx"
    assert main(["soat", str(tmp_path / "ngan.odt"), "-o", str(out)]) == 1
    assert len(list(docx.Document(str(out)).comments)) == 1


def test_the_demo_word_report_audits_with_zero_errors(tmp_path, capsys):
    """`ktxh export`'s own report (through `ktxh demo`): every rate it prints, in the text and in the
    appendix "Biểu tổng hợp", recomputes: no lỗi. The demo keeps the seed's own disagreements on purpose;
    the one that reaches the text is the seed's 1.085 doses "trong đó" 759 + 299 = 1.058, a cảnh báo for
    the audit as for `ktxh check` on the same workbook (a partial breakdown), which names the same numbers."""
    import re

    assert main(["demo", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["soat", str(tmp_path / "bao_cao_demo.docx"), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    main(["check", str(tmp_path / "bao_cao_demo.xlsx"), "--json"])
    checker = [(f["severity"], f["message"]) for f in json.loads(capsys.readouterr().out)["findings"]]
    assert [f for f in payload["findings"] if f["severity"] == "lỗi"] == []
    warnings = [f for f in payload["findings"] if f["severity"] == "cảnh báo"]
    assert [(f["rule"], f["stated"]) for f in warnings] == [("SOAT_TONG_THIEU", "1.085 mũi")]
    for f in warnings:
        numbers = re.findall(r"\d[\d.,]*\d|\d", f["stated"] + " " + f["computed"])
        assert any(sev == "cảnh báo" and all(n in m for n in numbers) for sev, m in checker), (f, numbers)
    counts = payload["counts"]
    assert counts["recomputed"] >= 60 and counts["table_recomputed"] >= 30  # the text, then the appendix table
    assert counts["recomputed"] <= counts["claims"]


@pytest.mark.parametrize("data, cap", [("workbook_templates/demo_data/xa_minh_hoa_2026.yaml", "xa"),
                                       ("tests/generator/data/tinh_9_thang_2026.yaml", "tinh")])
def test_a_clean_generated_report_audits_with_no_error_or_warning(data, cap, tmp_path, capsys):
    """ktxh agrees with itself: the report `ktxh export` writes from a consistent workbook (the made-up xã
    Minh Hòa, annual; the made-up tỉnh, 9 months) has nothing the audit calls wrong, in its text or its
    appendix, and the audit did recompute its figures."""
    from formulas.catalog import load_catalog
    from generator.export import export_report
    from workbook_templates.demo import write_demo_workbook

    book = write_demo_workbook(tmp_path, data_path=Path(__file__).resolve().parents[3] / data,
                               catalog=load_catalog(cap))
    report = export_report(book, tmp_path / "bao_cao.docx").path  # unforced: the workbook has no errors
    assert main(["soat", str(report), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [f for f in payload["findings"] if f["severity"] in ("lỗi", "cảnh báo")] == []
    assert payload["counts"]["recomputed"] + payload["counts"]["table_recomputed"] >= 40



def _merged_bieu(path: Path, ratio_of_rice: str = "33,5", forest_ratio: str = "90") -> Path:
    """A biểu as offices lay it out: a two-row header ("Năm 2025" over Kế hoạch | Thực hiện; STT,
    Chỉ tiêu, ĐVT, Tỷ lệ, Đánh giá merged down), a group row, and one ĐVT cell merged down over two rows."""
    d = docx.Document()
    d.add_paragraph("Biểu 01: Kết quả thực hiện một số chỉ tiêu năm 2025")
    rows = [["STT", "Chỉ tiêu", "ĐVT", "Năm 2025", "", "Tỷ lệ (%)", "Đánh giá"],
            ["", "", "", "Kế hoạch", "Thực hiện", "", ""],
            ["I", "Nông nghiệp", "", "", "", "", "Đạt"],
            ["1", "Diện tích lúa chiêm xuân", "ha", "3,0", "1,0", ratio_of_rice, "Không đạt"],
            ["2", "Diện tích ngô", "", "200", "210", "105", "Vượt"],
            ["3", "Trồng rừng tập trung", "ha", "200", "180", forest_ratio, "Không đạt"]]
    t = d.add_table(rows=len(rows), cols=7)
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            t.cell(r, c).text = v
    t.cell(0, 3).merge(t.cell(0, 4)).text = "Năm 2025"
    for c, text in ((0, "STT"), (1, "Chỉ tiêu"), (2, "ĐVT"), (5, "Tỷ lệ (%)"), (6, "Đánh giá")):
        t.cell(0, c).merge(t.cell(1, c)).text = text
    t.cell(3, 2).merge(t.cell(4, 2)).text = "ha"
    d.save(str(path))
    return path


def test_merged_table_cells_are_read_once_for_the_text_and_in_every_row_for_the_table(tmp_path, capsys):
    src = _merged_bieu(tmp_path / "bieu.docx")
    from addin.commands.soat import audit_report, read_report

    paragraphs = read_report(src)[0]
    texts = [p.text for p in paragraphs if not p.merged]
    assert texts.count("Năm 2025") == 1 and texts.count("Chỉ tiêu") == 1 and texts.count("ha") == 2
    merged = [(p.cell, p.text) for p in paragraphs if p.merged]
    assert ("bảng 1, dòng 5, cột 3", "ha") in merged and ("bảng 1, dòng 2, cột 2", "Chỉ tiêu") in merged
    audit = audit_report(paragraphs)
    # the two-row header is found, the rice row is in ha (merged ĐVT: 1,0/3,0 ha allows 33,5 %), the
    # forest row is right, and the group "Đạt" contradicts its members' "Không đạt"
    assert [f.rule for f in audit.findings if f.severity != "thông tin"] == ["SOAT_NHOM_MAU_THUAN"]
    assert audit.table_recomputed >= 3
    wrong = audit_report(read_report(_merged_bieu(tmp_path / "b2.docx", forest_ratio="92"))[0])
    assert [(f.rule, f.cell) for f in wrong.findings if f.rule == "SOAT_TY_LE_SAI"] == [
        ("SOAT_TY_LE_SAI", "bảng 1, dòng 6, cột 6")]
    # a count cannot be rounded: the same 33,5 % of 1/3 con is wrong
    out = tmp_path / "c.docx"
    d = docx.Document(str(_merged_bieu(tmp_path / "b3.docx")))
    d.tables[0].cell(3, 2).text = "con"
    d.save(str(out))
    counted = audit_report(read_report(out)[0])
    assert "SOAT_TY_LE_SAI" in [f.rule for f in counted.findings]


def test_a_long_list_of_information_is_shortened_errors_never(tmp_path, capsys):
    from addin.commands.soat import INFO_LINES

    lines = [f"Chỉ tiêu {n} đạt {n},5% kế hoạch." for n in range(1, INFO_LINES + 11)]  # no plan printed: info
    lines.append("Thu ngân sách 1.990 tỷ đồng, đạt 150% kế hoạch (KH 1.895 tỷ đồng).")  # a lỗi
    report = tmp_path / "dai.txt"
    report.write_text("\n".join(lines), encoding="utf-8")
    assert main(["soat", str(report)]) == 1
    out = capsys.readouterr().out
    assert "[lỗi] SOAT_TY_LE_SAI" in out and f"… và 10 thông tin khác" in out
    assert out.count("không thấy số được so với kế hoạch") == INFO_LINES
    assert main(["soat", str(report), "--json"]) == 1
    assert len(json.loads(capsys.readouterr().out)["findings"]) == INFO_LINES + 11


def test_the_summary_counts_table_figures_apart_from_the_claims_of_the_text():
    """A biểu's figures are not claims of the text: "tính lại được" never reads larger than "được nêu"."""
    from addin.commands.soat import summary
    from formulas.audit.check import Audit

    text = summary(Audit([], [], 0, 33))
    assert text.startswith("0 số liệu có quan hệ được nêu trong lời văn, 0 tính lại được; "
                           "33 số liệu trong biểu tính lại được;"), text
    assert "trong biểu" not in summary(Audit([], [], 0))
