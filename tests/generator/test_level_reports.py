"""A tỉnh 9-month report and a xã annual report, end to end: the workbook is built for the level
and period, filled (made-up but consistent figures, tests/generator/data/), checked, recalculated
and exported through the CLI; the Word report says what that office's chánh văn phòng would sign:
its level's and period's words everywhere, never the demo's huyện or "6 tháng"."""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from addin.cli import main
from formulas.catalog import load_catalog
from workbook_templates.builder import code_rows, column_keys
from workbook_templates.demo import load_demo_data, write_demo_workbook

# made-up, plausible data sets (the xã one also seeds the generated units of workbook_templates.generated_units)
CASES = {"tinh": Path(__file__).parent / "data" / "tinh_9_thang_2026.yaml",
         "xa": Path(__file__).resolve().parents[2] / "workbook_templates" / "demo_data" / "xa_minh_hoa_2026.yaml"}


def _docx_text(path: Path) -> tuple[list[str], list[list[str]]]:
    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.footer):
            paragraphs += [p.text for p in part.paragraphs]
    tables = [[" | ".join(c.text for c in row.cells) for row in t.rows] for t in doc.tables]
    return paragraphs, tables


@pytest.fixture(scope="module", params=sorted(CASES))
def report(request, tmp_path_factory):
    """(cap, workbook path, exit codes of check / recalc / export, paragraphs, tables) of one level."""
    cap = request.param
    out = tmp_path_factory.mktemp(cap)
    data_path = CASES[cap]
    assert load_demo_data(data_path)["info"]["cap"] == cap
    workbook = write_demo_workbook(out, data_path=data_path, catalog=load_catalog(cap))
    codes = {}
    for job in ("check", "recalc"):
        codes[job] = main([job, str(workbook)])
    docx = out / f"{cap}.docx"
    codes["export"] = main(["export", str(workbook), "-o", str(docx)])
    paragraphs, tables = _docx_text(docx)
    return cap, workbook, codes, paragraphs, tables


def test_the_workbook_is_clean_and_every_job_succeeds(report):
    cap, workbook, codes, _, _ = report
    assert codes == {"check": 0, "recalc": 0, "export": 0}, cap
    meta = {r[0]: r[1] for r in openpyxl.load_workbook(workbook)["_ktxh"].iter_rows(values_only=True)}
    assert meta["catalog_id"] == f"ktxh-{cap}"


def test_recalc_wrote_the_evaluations_of_the_main_targets(report):
    cap, workbook, *_ = report
    ws = openpyxl.load_workbook(workbook)["Chỉ tiêu chủ yếu"]
    cols, rows = column_keys(ws), code_rows(ws)
    verdict = lambda code: ws.cell(rows[code], cols["danh_gia"]).value
    if cap == "tinh":
        # 7,3 % against "8,5 - 9": missed, whatever share of the year 9 months are (a rate is no sum)
        assert verdict("CT.GRDP_TANG") == "Không đạt"
        assert verdict("CT.CO_CAU") == "Đạt"  # every share meets its bound
        assert verdict("CT.CPI") == "Đạt"  # 3,62 under the ceiling "dưới 4,5"
        assert verdict("CT.TY_LE_HO_NGHEO") == "Đánh giá cuối năm"
        assert ws.cell(rows["CT.THU_NS"], cols["pct_kh_nam"]).value == pytest.approx(76.05)
    else:
        assert verdict("CT.THU_NS") == "Vượt" and verdict("CT.GIAI_NGAN_DTC") == "Không đạt"
        assert verdict("CT.TY_LE_HO_NGHEO") == "Đạt"  # an annual report judges year-end targets


GOLDEN = {
    "tinh": [
        "BÁO CÁO",
        # the quarter after 9 months is said as offices say it (formulas.period.Period.next_label)
        "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội 9 tháng đầu năm; nhiệm vụ trọng tâm 3 tháng "
        "cuối năm 2026",
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CỦA UBND TỈNH",
        "TÌNH HÌNH THỰC HIỆN CÁC MỤC TIÊU, NHIỆM VỤ PHÁT TRIỂN KINH TẾ, XÃ HỘI 9 THÁNG ĐẦU NĂM 2026",
        "tốc độ tăng trưởng kinh tế (GRDP) ước đạt 7,3%, chưa đạt mục tiêu 8,5 - 9%, trong đó: nông, lâm "
        "nghiệp và thủy sản 3,93%; công nghiệp - xây dựng 9,03%; dịch vụ 8,33%; thuế sản phẩm trừ trợ cấp "
        "sản phẩm 3,6%.",
        "tỷ trọng nông, lâm nghiệp và thủy sản ước đạt 22%, đạt mục tiêu dưới 23%",
        "chỉ số giá tiêu dùng (CPI) bình quân ước tăng 3,62% so với cùng kỳ, đạt mục tiêu dưới 4,5%",
        "Tổng thu ngân sách nhà nước trên địa bàn ước thực hiện 7.985.000 triệu đồng, đạt 81,48% dự toán "
        "Trung ương giao, đạt 76,05% dự toán tỉnh giao, tăng 15,39% so với cùng kỳ.",
        "tỷ lệ hộ nghèo ước còn 6,85%, chưa đạt mục tiêu dưới 6%",
        "Tỷ lệ điều tra, khám phá án hình sự ước đạt 86,2%, đạt mục tiêu trên 80%.",
        "Tổng số 18 chỉ tiêu phát triển kinh tế - xã hội thực hiện 9 tháng đầu năm 2026",
        "IV. NHIỆM VỤ TRỌNG TÂM 3 THÁNG CUỐI NĂM 2026",
    ],
    "xa": [
        "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội năm 2026; nhiệm vụ trọng tâm năm 2027",
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CỦA UBND XÃ",
        "TÌNH HÌNH THỰC HIỆN CÁC MỤC TIÊU, NHIỆM VỤ PHÁT TRIỂN KINH TẾ, XÃ HỘI NĂM 2026",
        # an annual report compares with last year's actual …
        "Tổng thu ngân sách nhà nước trên địa bàn ước thực hiện 9.350 triệu đồng, đạt 110% dự toán tỉnh "
        "giao, đạt 103,89% dự toán HĐND xã giao, tăng 15,15% so với năm 2025.",
        # … and opens next year's tasks with next year's plan, before the tasks staff wrote (numbered)
        "IV. NHIỆM VỤ TRỌNG TÂM NĂM 2027\nPhấn đấu thực hiện các chỉ tiêu chủ yếu năm 2027: tổng giá trị sản "
        "xuất (giá so sánh) 1.060.000 triệu đồng (trong đó: nông, lâm nghiệp và thủy sản 430.000 triệu đồng, "
        "công nghiệp - xây dựng 345.000 triệu đồng, dịch vụ 285.000 triệu đồng); tổng diện tích gieo trồng "
        "2.460 ha;",
        "tổng thu ngân sách nhà nước trên địa bàn 9.800 triệu đồng.\n1. Triển khai thực hiện kế hoạch",
        "Tỷ lệ hộ nghèo ước còn 3,45%, đạt mục tiêu dưới 3,5%, giảm 0,83 điểm phần trăm so với cuối năm trước",
        "Bộ phận Một cửa UBND xã tiếp nhận 4.380 hồ sơ",
        "Đến nay, xã đã đạt 19/19 tiêu chí nông thôn mới.",
        "giao 18/18 thanh niên nhập ngũ",
        "xảy ra 03 vụ tai nạn giao thông, giảm 25% so với năm 2025; làm chết 01 người, giảm 50% so với năm "
        "2025; làm bị thương 03 người, bằng năm 2025.",
        "Tổng số 09 chỉ tiêu phát triển kinh tế - xã hội thực hiện năm 2026",
    ],
}


def test_golden_sentences(report):
    cap, _, _, paragraphs, _ = report
    text = "\n".join(paragraphs)
    for sentence in GOLDEN[cap]:
        # a sentence may start the paragraph or follow a lead-in ("Trong 9 tháng đầu năm 2026, …")
        found = sentence in text or (sentence[0].islower() and sentence in text.lower())
        assert found, (cap, sentence)


def test_no_huyen_and_no_other_period_anywhere(report):
    cap, _, _, paragraphs, tables = report
    everything = "\n".join(paragraphs + [row for t in tables for row in t])
    assert not re.search("huyện", everything, re.IGNORECASE), cap
    assert "6 tháng" not in everything, cap
    if cap == "xa":
        assert not re.search(r"9 tháng|quý [IV]+\b", everything)
    else:
        assert "năm 2027" not in everything  # a 9-month report has no next year's plan


def test_appendix_columns_follow_the_period(report):
    cap, _, _, _, tables = report
    appendix = next(t for t in tables if t and t[0].startswith("STT | Chỉ tiêu"))
    head = appendix[0]
    if cap == "xa":
        assert "Thực hiện năm 2025" in head and "Ước thực hiện năm 2026" in head and "Kế hoạch năm 2027" in head
        gtsx = next(r for r in appendix if "Tổng giá trị sản xuất" in r)
        assert "1.060.000" in gtsx  # next year's plan, in its own column
    else:
        assert "Cùng kỳ năm trước" in head and "Thực hiện (ước) trong kỳ" in head and "Kế hoạch năm" not in head
        structure = next(r for r in appendix if r.split(" | ")[1].startswith("Cơ cấu kinh tế"))
        assert structure.endswith("Đạt")  # the group target has its row, with its verdict
        growth = next(r for r in appendix if "Tốc độ tăng trưởng GRDP" in r)
        assert "8,5 - 9%" in growth and growth.endswith("Không đạt")


# ---------------------------------------------------------------- every level × period
# The three data sets above (and the demo's huyện) re-dated to each period: staff prose, tasks and the
# typed title lines are dropped (they are the office's own words), so every word left is generated.
LEVEL_DATA = {"huyen": Path(__file__).resolve().parents[2] / "workbook_templates" / "demo_data" / "cao_loc_2023.yaml",
              **CASES}
PERIODS = ("tháng 8", "quý III", "6 tháng đầu năm", "9 tháng đầu năm", "năm")


def _redated(data: dict, ky: str, catalog) -> dict:
    # neutral lines of prose keep sections I and IV (a section with nothing to say is left out)
    data = {**data, "prose": [{"muc": key, "noi_dung": "Triển khai đồng bộ các nhiệm vụ theo kế hoạch."}
                              for key in ("chi_dao", "nhiem_vu")],
            "tasks": [], "main_targets": data.get("main_targets") or []}
    data["info"] = {k: v for k, v in data["info"].items() if k not in ("trich_yeu", "ky_tiep_theo")}
    data["info"]["ky_bao_cao"] = ky
    values = {}
    for code, cells in (data.get("values") or {}).items():
        cells = dict(cells)
        if ky != "năm":
            cells.pop("ke_hoach_nam_sau", None)
        indicator = catalog.by_code.get(code)
        flow = indicator is not None and indicator.cumulative and not code.startswith("CT.")
        if ky == "tháng 8":  # a monthly sheet states the month itself instead of a to-date figure
            cells.pop("den_ngay", None)
            if flow and isinstance(cells.get("uoc_ky"), (int, float)):
                cells["thuc_hien_thang"] = round(cells["uoc_ky"] / 8, 0 if indicator.kind == "count" else 2)
        values[code] = cells
    data["values"] = values
    return data


@pytest.fixture(scope="module")
def every_period(tmp_path_factory):
    """(cap, ky) -> the report's text (paragraphs and table rows), exported with --force."""
    import yaml
    from generator.export import export_report

    texts = {}
    for cap, path in LEVEL_DATA.items():
        base = load_demo_data(path)
        for ky in PERIODS:
            out = tmp_path_factory.mktemp(f"{cap}_{ky.replace(' ', '_')}")
            data_path = out / "data.yaml"
            catalog = load_catalog(cap)
            data_path.write_text(yaml.safe_dump(_redated(base, ky, catalog), allow_unicode=True), encoding="utf-8")
            workbook = write_demo_workbook(out, data_path=data_path, catalog=catalog)
            export_report(workbook, out / "bao_cao.docx", force=True)
            paragraphs, tables = _docx_text(out / "bao_cao.docx")
            # the checker's findings annex (a forced export) quotes the checker, not the report's wording
            tables = [t for t in tables if not (t and t[0].startswith("STT | Mức độ"))]
            texts[cap, ky] = "\n".join(paragraphs + [row for t in tables for row in t])
    return texts


@pytest.mark.parametrize("cap", sorted(LEVEL_DATA))
@pytest.mark.parametrize("ky", PERIODS)
def test_every_level_and_period_reads_its_own_words(every_period, cap, ky):
    text = every_period[cap, ky]
    cap_name = {"huyen": "HUYỆN", "tinh": "TỈNH", "xa": "XÃ"}[cap]
    assert f"CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CỦA UBND {cap_name}" in text
    if cap != "huyen":
        assert not re.search("huyện", text, re.IGNORECASE), re.findall(r".{40}huyện.{20}", text, re.I)[:3]
    # a result covers the months from January: quý III states 9 months, tháng 8 states 8
    assert ("6 tháng" in text) == (ky == "6 tháng đầu năm"), re.findall(r".{40}6 tháng.{20}", text)[:3]
    assert bool(re.search(r"(?<![\d-])9 tháng", text)) == (ky in ("9 tháng đầu năm", "quý III"))
    assert "năm năm" not in text.lower() and "{" not in text and "None" not in text
    year = int(load_demo_data(LEVEL_DATA[cap])["info"]["nam"])
    if ky == "năm":
        assert f"NHIỆM VỤ TRỌNG TÂM NĂM {year + 1}" in text and f"Kế hoạch năm {year + 1}" in text
        assert f"so với năm {year - 1}" in text
        assert "Từ đầu năm đến nay" not in text  # a year that is over: "Trong năm, …"
        # "so với cùng kỳ" is left only in the catalog's own names and phrase of the IIP and the CPI
        assert "so với cùng kỳ" not in re.sub(r"\((IIP|CPI)\)[^.;|]*?so với cùng kỳ", "", text)
    else:
        assert f"Kế hoạch năm {year + 1}" not in text and "so với cùng kỳ" in text
    if ky == "tháng 8":
        assert "tháng này" in text and "lũy kế từ đầu năm" in text.lower()
        assert not re.search(r"Trong 8 tháng đầu năm \d{4}, [^.;]* tháng này", text)  # one period per clause
        assert "NHIỆM VỤ TRỌNG TÂM THÁNG 9" in text
    else:
        assert "tháng này" not in text
    if ky == "9 tháng đầu năm":
        assert f"NHIỆM VỤ TRỌNG TÂM 3 THÁNG CUỐI NĂM {year}" in text
    if ky == "quý III":
        assert f"NHIỆM VỤ TRỌNG TÂM QUÝ IV NĂM {year}" in text
