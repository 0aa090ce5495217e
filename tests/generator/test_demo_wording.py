"""The demo report read as the chairman who signs it: sentences that read wrong must not come back.

Each assertion names a defect found by reading the demo report against the seed report
(Báo cáo 617/BC-UBND, Cao Lộc 2023) and the wording that replaced it.
"""
import pytest
from docx import Document


@pytest.fixture(scope="module")
def text(demo_report):
    return "\n".join(p.text for p in Document(str(demo_report)).paragraphs)


@pytest.fixture(scope="module")
def section_ii(text):
    start = text.index("II. TÌNH HÌNH THỰC HIỆN")
    return text[start:text.index("III. ĐÁNH GIÁ")]


def test_offices_keep_their_capital(text):
    assert "Chủ tịch UBND tiếp 25 lượt; Ban Tiếp công dân tiếp 64 lượt" in text
    assert "chủ tịch UBND tiếp" not in text and "ban Tiếp công dân" not in text
    assert "Trong 6 tháng đầu năm 2023, Bộ phận Một cửa UBND cấp xã tiếp nhận 18.008 hồ sơ" in text


def test_breakdowns_read_as_the_seed_states_them(text):
    assert ("Bộ phận Một cửa UBND cấp huyện tiếp nhận 1.741 hồ sơ, trong đó: đã giải quyết 1.691 hồ sơ "
            "(trước hạn 744 hồ sơ, đúng hạn 913 hồ sơ, chậm hạn 34 hồ sơ)") in text
    assert "giải quyết trước hạn 744" not in text and "hồ sơ tiếp nhận là" not in text
    assert ("đã kiểm tra, xử lý 62 trường hợp về đất đai và xây dựng, trong đó: 28 trường hợp thực hiện đúng, "
            "đủ thủ tục theo quy định; 19 trường hợp đã bị xử phạt vi phạm hành chính") in text
    assert ("trong đó: hỗ trợ mở rộng thị trường 105 triệu đồng; hỗ trợ trí thức trẻ về làm việc tại HTX "
            "58,5 triệu đồng") in text and "kinh phí hỗ trợ mở rộng thị trường" not in text
    assert "3.439 hộ, tổ chức thuộc diện tích đang thực hiện; 1.773 hộ" in text


def test_a_certificate_is_not_counted_as_a_licence_after_its_name(text):
    assert ("đã cấp 06 giấy phép kinh doanh có điều kiện, trong đó: 01 giấy phép bán lẻ sản phẩm thuốc lá; "
            "01 giấy phép bán lẻ rượu; 02 giấy phép sản xuất rượu thủ công nhằm mục đích kinh doanh; "
            "02 giấy phép cơ sở đủ điều kiện an toàn thực phẩm (ngành Công Thương).") in text


def test_stocks_are_stated_not_achieved(text):
    assert "Tổng diện tích đất thu hồi của các dự án là 592,3 ha" in text
    assert "Trên địa bàn có 1.237,16 ha rừng sản xuất là rừng tự nhiên, trong đó" in text
    assert "rừng tự nhiên ước đạt" not in text and "thu hồi của các dự án ước đạt" not in text
    assert "Trong 6 tháng đầu năm 2023, tổng dư nợ" not in text
    assert "Lũy kế trên địa bàn có 425 doanh nghiệp, trong đó" in text


def test_no_workbook_labels_in_sentences(section_ii):
    assert "(lũy kế)" not in section_ii
    for stiff in ("Số lượt tiếp công dân là", "Số kiến nghị của cử tri tiếp nhận là",
                  "Số trường hợp về đất đai và xây dựng được kiểm tra, xử lý là", "Số doanh nghiệp thành lập mới ước đạt",
                  "Hồ sơ đang hướng dẫn, phối hợp thẩm định là", "Số công trình, dự án khởi công mới là",
                  "Số dự án phải thực hiện giải phóng mặt bằng là", "Số tổ chức, hộ gia đình, cá nhân bị ảnh hưởng là",
                  "Số công dân được tiếp là 255 công dân"):
        assert stiff not in section_ii, stiff


def test_gtsx_sectors_keep_the_plan_ratio_the_seed_states(text):
    assert ("nông, lâm nghiệp và thủy sản 634.689 triệu đồng (đạt 54,27% so với kế hoạch, chiếm tỷ trọng "
            "17,96%); công nghiệp - xây dựng 2.027.484 triệu đồng (đạt 51,95% so với kế hoạch") in text


def test_ntm_criteria_are_counted_not_given_a_percentage(text):
    assert "Đến nay, xã phấn đấu đạt chuẩn nông thôn mới trong năm đã đạt 08/19 tiêu chí." in text
    assert "42,11%" not in text
    assert "UBND huyện đã tổ chức 01 đoàn kiểm tra" in text


def test_disbursement_paragraphs_do_not_repeat_themselves(text):
    assert "giải ngân: ước giải ngân" not in text and "Giải ngân vốn đầu tư công (nguồn NSNN):" not in text
    ntm = next(p for p in text.split("\n") if p.startswith("CT MTQG xây dựng nông thôn mới - tổng vốn:"))
    # the period once for the total and once beside the to-date figure, not in every sub-source
    assert ntm.count("trong 6 tháng đầu năm 2023") == 2
    assert "Vốn đầu tư: ước giải ngân 9.034/21.385 triệu đồng, đạt 42,24% kế hoạch vốn giao." in ntm


def test_rates_on_target_and_poverty_reference(text):
    assert "ước đạt 100%, đạt 100% so với kế hoạch" not in text
    assert "Tỷ lệ chất thải rắn đô thị được thu gom, xử lý ước đạt 100%, đạt kế hoạch đề ra." in text
    assert "so với cuối năm trước, số hộ nghèo còn 1.344 hộ, giảm 300 hộ." in text
    assert "giảm còn" not in text


def test_new_firms_sentence_keeps_its_comparison_in_the_chain(text):
    assert ("Trong 6 tháng đầu năm 2023, ước thành lập mới 45 doanh nghiệp, tăng 114,29% so với cùng kỳ; "
            "tạm ngừng 30 doanh nghiệp; giải thể 06 doanh nghiệp.") in text


def test_online_service_rates_do_not_open_alike(text):
    para = next(p for p in text.split("\n") if "dịch vụ công trực tuyến cấp huyện ước đạt 73,8%" in p)
    openings = [s.split()[0] for s in para.split(". ")]
    assert len(openings) == 3 and len(set(openings)) == 3, para


def test_paragraphs_follow_the_topics(text):
    paras = text.split("\n")
    # revenue and expenditure are two items of the seed, each its own paragraph
    assert any(p.startswith("Tổng thu ngân sách nhà nước") and "chi ngân sách" not in p for p in paras)
    assert any(p.startswith("Tổng chi ngân sách địa phương ước thực hiện 389.000") for p in paras)
    # the two road rates of one seed sentence share a paragraph (their empty sub-rows do not split them)
    assert any("trung tâm xã được rải nhựa hoặc bê tông ước đạt 100%." in p and "61,5%" in p for p in paras)
