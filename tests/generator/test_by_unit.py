"""The report of a consolidation: the spread over the units in the targets section, the units × main
targets appendix and the chart by unit (generator.by_unit), through `ktxh tong-hop` and `ktxh export`."""
from __future__ import annotations

import pytest
from docx import Document

from addin.cli import main
from tests.addin.test_tong_hop import xa_file

BHYT = "Tỷ lệ dân số tham gia bảo hiểm y tế"


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory):
    """The province's consolidated workbook (ktxh tong-hop of four xã workbooks)."""
    d = tmp_path_factory.mktemp("xa")
    # BHYT rate = tham gia / dân số; each xã's own plan in kh_nam (a rate is judged at 100 % of it)
    xa_file(d, "An Bình", {"YT.BHYT_THAM_GIA": {"uoc_ky": 900}, "YT.DAN_SO": {"uoc_ky": 1000},
                           "YT.BHYT_TY_LE": {"kh_nam": 95}})  # 90 % -> 94,74 % of plan
    xa_file(d, "Bình Minh", {"YT.BHYT_THAM_GIA": {"uoc_ky": 50}, "YT.DAN_SO": {"uoc_ky": 100},
                             "YT.BHYT_TY_LE": {"kh_nam": 90}})  # 50 % -> 55,56 %
    xa_file(d, "Đông Hà", {"YT.BHYT_THAM_GIA": {"uoc_ky": 980}, "YT.DAN_SO": {"uoc_ky": 1000},
                           "YT.BHYT_TY_LE": {"kh_nam": 95}})  # 98 % -> 103,16 %
    xa_file(d, "Cao Sơn", {})  # no BHYT figures at all
    out = tmp_path_factory.mktemp("tinh")
    assert main(["tong-hop", str(d), "-o", str(out / "th.xlsx"), "--don-vi", "UBND tỉnh Minh Sơn"]) == 0
    return out / "th.xlsx"


@pytest.fixture(scope="module")
def report(consolidated):
    docx = consolidated.with_name("bc.docx")
    assert main(["export", str(consolidated), "-o", str(docx), "--force"]) == 0
    return Document(str(docx))


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_the_targets_section_quotes_the_spread(report):
    text = paragraphs(report)
    assert "Kết quả theo đơn vị (tổng hợp từ sổ số liệu của 04 xã):" in text
    line = next(t for t in text if t.startswith(f"- {BHYT}")).replace("./.", ".")  # (the body's last line)
    # three xã reported, each judged on its own plan; one name at each end (never the same xã at both)
    assert line == (f"- {BHYT} (3/4 xã có số liệu): có 1/3 xã đạt từ 100% kế hoạch năm trở lên; "
                    "cao nhất là xã Đông Hà (103,16%); thấp nhất là xã Bình Minh (55,56%).")


def test_the_appendix_has_the_units_by_main_target(report):
    table = next(t for t in report.tables if t.rows[0].cells[1].text == "Đơn vị")
    heads = [c.text for c in table.rows[0].cells]
    col = next(i for i, h in enumerate(heads) if h.startswith(BHYT))
    rows = {r.cells[1].text: r.cells[col].text for r in table.rows[1:]}
    assert rows["Xã Đông Hà"].endswith("\n(103,16% KH)") and rows["Xã Bình Minh"].endswith("\n(55,56% KH)")
    assert rows["Xã Cao Sơn"] == ""  # no figure: an empty cell, not a zero


def test_the_chart_by_unit_follows_the_sector_chart(report):
    text = paragraphs(report)
    sector_chart = any(t.startswith("Hình 1. Kết quả thực hiện các chỉ tiêu so với kế hoạch theo lĩnh vực") for t in text)
    number = 2 if sector_chart else 1  # (the province's own rows have no plans here: no sector chart)
    assert any(t.startswith(f"Hình {number}. Số chỉ tiêu chủ yếu vượt, đạt, chưa đạt kế hoạch năm theo đơn vị")
               for t in text)
    assert len(report.inline_shapes) == number


def test_the_consolidation_is_worded_by_the_same_templates(consolidated, report, tmp_path):
    """An office's edited copy of the templates folder changes the consolidation's report too: its
    sentences (_cau.j2) and its spread over the units (tong_hop_chi_tieu.j2)."""
    import shutil
    from generator.export import export_report
    from generator.narrative import SECTIONS_DIR

    folder = shutil.copytree(SECTIONS_DIR, tmp_path / "mau")
    spread = folder / "tong_hop_chi_tieu.j2"
    spread.write_text(spread.read_text(encoding="utf-8").replace('else "cao nhất" }} là', 'else "dẫn đầu" }} là'), encoding="utf-8")
    words = folder / "_cau.j2"
    words.write_text(words.read_text(encoding="utf-8").replace(
        '{%- set dong_tu = uoc("còn" if', '{%- set dong_tu = uoc("đạt mức" if ct.ty_le and not ct.tot_la_thap else "còn" if'),
        encoding="utf-8")
    shipped = "\n".join(paragraphs(report))
    out = export_report(consolidated, tmp_path / "bc.docx", force=True, templates_dir=folder).path
    edited = "\n".join(paragraphs(Document(str(out))))
    assert f"{BHYT} ước đạt " in shipped and f"{BHYT} ước đạt mức " in edited
    assert "; cao nhất là xã Đông Hà (103,16%)" in shipped and "; dẫn đầu là xã Đông Hà (103,16%)" in edited
