"""export_report and `ktxh export`: refuses on errors, --force writes an annex, atomic, checks templates first."""
import hashlib
import shutil

import pytest
from docx import Document

from addin.cli import main
from generator.export import export_report
from generator.narrative import SECTIONS_DIR
from formulas.errors import KtxhError


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def body_text(path):
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_clean_workbook_exports_without_annex(clean_workbook, tmp_path):
    before = digest(clean_workbook)
    out = tmp_path / "bao_cao.docx"
    result = export_report(clean_workbook, out)
    assert out.exists() and result.errors == 0 and not result.forced
    assert digest(clean_workbook) == before  # the workbook is never written
    text = body_text(out)
    assert "CÁC LỖI, CẢNH BÁO" not in text
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_golden_sentences_of_the_demo_report(clean_workbook, tmp_path):
    out = tmp_path / "bao_cao.docx"
    export_report(clean_workbook, out)
    text = body_text(out)
    assert ("Lúa Xuân ước được 1.990,48/1.979 ha, bằng 100,58% kế hoạch vụ, 45,3% kế hoạch năm, "
            "bằng 96,27% so với cùng kỳ.") in text
    assert ("Tổng thu ngân sách nhà nước trên địa bàn ước thực hiện 256.812 triệu đồng, đạt 114,14% dự toán "
            "tỉnh giao, đạt 91,72% dự toán huyện giao, tăng 90,63% so với cùng kỳ.") in text
    assert ("Tổng số 15 chỉ tiêu phát triển kinh tế - xã hội thực hiện 6 tháng đầu năm 2023, trong đó có "
            "01 chỉ tiêu vượt kế hoạch, 12 chỉ tiêu đạt kế hoạch, 02 chỉ tiêu thực hiện đánh giá cuối năm.") in text
    assert "gồm 12 nhiệm vụ, trong đó 11 nhiệm vụ hoàn thành, 01 nhiệm vụ chưa hoàn thành." in text
    assert "Tỷ lệ che phủ rừng ước đạt 72%, đạt 102,56% so với kế hoạch." in text
    # the poverty rate is counted once a year: its same-period column holds the end of last year
    assert ("Tỷ lệ hộ nghèo ước còn 6,78%, giảm 1,51 điểm phần trăm so với cuối năm trước, "
            "số hộ nghèo còn 1.344 hộ, giảm 300 hộ.") in text
    assert "  " not in text and " ," not in text and ".." not in text.replace("...", "")


def test_errors_refuse_and_list_cells(demo_workbook, tmp_path):
    out = tmp_path / "bao_cao.docx"
    with pytest.raises(KtxhError) as exc:
        export_report(demo_workbook, out)
    msg = str(exc.value)
    assert "lỗi nên chưa xuất báo cáo" in msg and "Nội vụ - CCHC!H34" in msg and "--force" in msg
    assert not out.exists()


def test_force_writes_findings_annex(demo_report):
    text = body_text(demo_report)
    assert "CÁC LỖI, CẢNH BÁO KHI KIỂM TRA SỐ LIỆU" in text
    cells = [c.text for t in Document(str(demo_report)).tables for r in t.rows for c in r.cells]
    assert "Nội vụ - CCHC!H34" in cells


def test_edited_template_error_writes_nothing(clean_workbook, tmp_path):
    sections = tmp_path / "sections"
    shutil.copytree(SECTIONS_DIR, sections)
    (sections / "ngan_sach.j2").write_text("{% for d in doan_van %}\n{{ d }}\n", encoding="utf-8")
    out = tmp_path / "bao_cao.docx"
    out.write_bytes(b"old report")
    with pytest.raises(KtxhError) as exc:
        export_report(clean_workbook, out, templates_dir=sections)
    assert "ngan_sach.j2" in str(exc.value) and "dòng" in str(exc.value)
    assert out.read_bytes() == b"old report"  # untouched
    (sections / "ngan_sach.j2").write_text("{{ doan_van_sai }}\n", encoding="utf-8")
    with pytest.raises(KtxhError, match="trường 'doan_van_sai'"):
        export_report(clean_workbook, out, templates_dir=sections)
    assert out.read_bytes() == b"old report"


def test_output_checks(clean_workbook, tmp_path):
    with pytest.raises(KtxhError, match=".docx"):
        export_report(clean_workbook, tmp_path / "bao_cao.pdf")
    with pytest.raises(KtxhError, match="không tồn tại"):
        export_report(clean_workbook, tmp_path / "khong_co" / "bao_cao.docx")


def test_cli(demo_workbook, tmp_path, capsys):
    out = tmp_path / "r.docx"
    assert main(["export", str(demo_workbook), "-o", str(out)]) == 2
    assert "Lỗi:" in capsys.readouterr().err and not out.exists()
    assert main(["export", str(demo_workbook), "-o", str(out), "--force"]) == 0
    assert "Đã ghi" in capsys.readouterr().out and out.exists()


def test_sheet_values_door(clean_workbook, tmp_path):
    """The xlwings door hands over the 2-D values it read; the result is the same report."""
    from workbook_templates.reader import read_sheet_values

    out_values, out_file = tmp_path / "tu_gia_tri.docx", tmp_path / "tu_tep.docx"
    export_report(read_sheet_values(clean_workbook), out_values)
    export_report(clean_workbook, out_file)
    assert body_text(out_values) == body_text(out_file)


def test_interrupted_write_keeps_the_old_report(clean_workbook, tmp_path, monkeypatch):
    import workbook_templates.atomic as atomic_module

    out = tmp_path / "bao_cao.docx"
    out.write_bytes(b"old report")

    def crash(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(atomic_module.os, "replace", crash)
    with pytest.raises(KtxhError, match="không ghi được .*disk full"):
        export_report(clean_workbook, out)
    assert out.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["bao_cao.docx"]  # the temporary file is gone


def test_demo_command_writes_the_report(tmp_path):
    from addin.commands.demo import run_demo

    paths = run_demo(tmp_path, consolidation=False)
    assert [p.name for p in paths] == ["bao_cao_demo.xlsx", "bao_cao_demo.docx"]
    assert "Lúa Xuân ước được 1.990,48/1.979 ha" in body_text(paths[1])
