"""The sentences live in templates/sections/_cau.j2: an office's edited copy of the folder changes
them, a broken copy is refused in Vietnamese, and a section without its own file uses the default."""
import shutil
from dataclasses import replace
from decimal import Decimal as D

import pytest
from docx import Document

from formulas.errors import KtxhError
from generator.export import export_report
from generator.narrative import DEFAULT_TEMPLATE, SECTIONS_DIR, SectionRenderer
from generator.sentences import IndicatorView, Period, PlanView, next_year_sentence, sentence
from generator.wording import WORDING_FILE

SPRING_RICE = "Lúa Xuân ước được 1.990,48/1.979 ha, bằng 100,58% kế hoạch vụ"


@pytest.fixture()
def folder(tmp_path):
    """A copy of the shipped templates, as an office would keep its own."""
    return shutil.copytree(SECTIONS_DIR, tmp_path / "mau")


def _text(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _edit(path, old: str, new: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert old in source, old  # the shipped file still says it this way
    path.write_text(source.replace(old, new), encoding="utf-8")


def test_editing_the_sentence_template_changes_the_report(clean_workbook, folder, tmp_path):
    shipped = _text(export_report(clean_workbook, tmp_path / "goc.docx").path)
    assert SPRING_RICE in shipped and "hoàn thành kế hoạch" not in shipped
    # the words for a rate on its target, and the verb of the rice sentence
    _edit(folder / WORDING_FILE, "{{ dong_tu }} kế hoạch đề ra", "hoàn thành kế hoạch")
    _edit(folder / WORDING_FILE, 'uoc("được", ct)', 'uoc("thu hoạch", ct)')
    edited = _text(export_report(clean_workbook, tmp_path / "sua.docx", templates_dir=folder).path)
    assert "Lúa Xuân ước thu hoạch 1.990,48/1.979 ha, bằng 100,58% kế hoạch vụ" in edited
    assert SPRING_RICE not in edited
    assert shipped.count("đạt kế hoạch đề ra") == edited.count("hoàn thành kế hoạch") > 0
    assert "đạt kế hoạch đề ra" not in edited
    # the shipped folder is untouched: the next export reads as before
    assert _text(export_report(clean_workbook, tmp_path / "lai.docx").path) == shipped


def test_lower_is_better_wording_is_in_the_template():
    poverty = IndicatorView(code="LD.HO_NGHEO", name="Tỷ lệ hộ nghèo", unit="%", kind="rate", better="lower",
                            pattern="ty_le", actual=D("6.78"), is_estimate=True, evaluation="Đạt",
                            plans=[PlanView("kh_nam", "KH năm", "kế hoạch", D("7"), D("96.86"), None)])
    folder_words = SectionRenderer().wording
    period = Period(ky="6 tháng đầu năm", nam="2023", wording=folder_words)
    assert sentence(poverty, period) == "Tỷ lệ hộ nghèo ước còn 6,78%, đạt kế hoạch (kế hoạch không quá 7%)."


def test_a_section_without_its_own_file_uses_the_default(clean_workbook, folder, tmp_path):
    assert not (folder / "nong_nghiep.j2").exists()
    # copies of the default were deleted: every section file left says something of its own
    default = (SECTIONS_DIR / DEFAULT_TEMPLATE).read_bytes()
    assert all(p.read_bytes() != default for p in SECTIONS_DIR.glob("*.j2") if p.name != DEFAULT_TEMPLATE)
    (folder / "nong_nghiep.j2").write_text(
        "{% for doan in doan_van %}\n(Nông nghiệp) {{ doan }}\n{% endfor %}\n", encoding="utf-8")
    text = _text(export_report(clean_workbook, tmp_path / "nn.docx", templates_dir=folder).path)
    assert "(Nông nghiệp) " + SPRING_RICE in text or "(Nông nghiệp) Trong" in text
    assert text.count("(Nông nghiệp) ") >= 2  # the section's paragraphs, and only that section's
    assert "(Nông nghiệp) Tổng thu ngân sách" not in text


def test_a_folder_without_its_own_sentences_uses_the_shipped_ones(clean_workbook, folder, tmp_path):
    (folder / WORDING_FILE).unlink()
    text = _text(export_report(clean_workbook, tmp_path / "b.docx", templates_dir=folder).path)
    assert SPRING_RICE in text


def test_a_broken_sentence_template_is_refused_in_vietnamese(clean_workbook, folder, tmp_path):
    out = tmp_path / "b.docx"
    _edit(folder / WORDING_FILE, "{%- macro ty_trong(ct) -%}", "{%- macro ty_trong(ct) %}{% if %}")
    with pytest.raises(KtxhError, match=r"_cau\.j2', dòng \d+: lỗi cú pháp"):
        export_report(clean_workbook, out, templates_dir=folder)
    assert not out.exists()


def test_an_unknown_fact_names_the_file_and_line(clean_workbook, folder, tmp_path):
    out = tmp_path / "b.docx"
    _edit(folder / WORDING_FILE, '("chiếm tỷ trọng " ~ ct.ty_trong)', '("chiếm tỷ trọng " ~ ct.ty_trong_sai)')
    with pytest.raises(KtxhError) as err:
        export_report(clean_workbook, out, templates_dir=folder)
    message = str(err.value)
    line = next(i for i, text in enumerate((folder / WORDING_FILE).read_text(encoding="utf-8").splitlines(), 1)
                if "ty_trong_sai" in text)
    assert f"Mẫu câu '{folder / WORDING_FILE}', dòng {line}: trường 'ty_trong_sai' không có" in message
    assert "Traceback" not in message and not out.exists()


def test_the_sandbox_holds_in_the_sentence_template(clean_workbook, folder, tmp_path):
    _edit(folder / WORDING_FILE, '{%- macro ty_trong(ct) -%}', '{%- macro ty_trong(ct) -%}{{ ct.__class__.__mro__ }}')
    with pytest.raises(KtxhError, match=r"_cau\.j2', dòng \d+: không được dùng thuộc tính nội bộ '__class__'"):
        export_report(clean_workbook, tmp_path / "b.docx", templates_dir=folder)


def test_staff_prose_is_never_rendered_as_a_template():
    """A "{{ }}" typed in the Thuyết minh sheet reaches the report as typed."""
    from generator.context import Block, SectionContent
    from generator.narrative import render_sections, section_renderer

    s = SectionContent(key="nong_nghiep", level=3, parent=None, title="Nông nghiệp",
                       blocks=[Block("prose", "Giữ nguyên {{ 7 * 7 }} và {% if %}.")])
    render_sections([s], {}, section_renderer())
    assert s.paragraphs == ["Giữ nguyên {{ 7 * 7 }} và {% if %}."]


def test_the_period_words_come_from_the_period():
    rice = IndicatorView(code="NN.LUA", name="Sản lượng lúa", unit="tấn", actual=D(5318), is_estimate=True,
                         same_period=D(5085), pct_same_period=D("104.58"), change=D("4.58"), change_unit="%",
                         next_plan=D(5400))
    half = Period(ky="6 tháng đầu năm", nam="2026", kind="6 tháng")
    year = replace(half, ky="năm", kind="năm")
    assert sentence(rice, half, opening=1) == ("Trong 6 tháng đầu năm 2026, sản lượng lúa ước đạt 5.318 tấn, "
                                               "tăng 4,58% so với cùng kỳ.")  # no next year's plan mid-year
    assert sentence(rice, year) == "Sản lượng lúa ước đạt 5.318 tấn, tăng 4,58% so với năm 2025."
    assert next_year_sentence([rice], year) == "Phấn đấu thực hiện các chỉ tiêu chủ yếu năm 2027: sản lượng lúa 5.400 tấn."
    assert next_year_sentence([rice], half) == ""  # only an annual report plans next year
    month = replace(half, ky="tháng 8", kind="tháng", span="8 tháng đầu năm 2026")
    assert sentence(replace(rice, month_value=D(712)), month) == (
        "Sản lượng lúa tháng này ước đạt 712 tấn, lũy kế từ đầu năm ước đạt 5.318 tấn, tăng 4,58% so với cùng kỳ.")
    assert sentence(replace(rice, month_value=D(712)), month, opening=1).startswith(
        "Trong tháng này, sản lượng lúa ước đạt 712 tấn, lũy kế từ đầu năm ước đạt 5.318 tấn")  # not "Trong 8 tháng …"
    assert sentence(replace(rice, month_value=D(712), cumulative=False), month).startswith(
        "Sản lượng lúa ước đạt 5.318 tấn")  # a stock has no figure of its own for the month
