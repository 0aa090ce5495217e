"""Text of the Hướng dẫn sheet: how to fill the workbook, the colour legend, the buttons.

Kept apart from the builder so the wording can be edited without touching layout code.
Each entry is (style, text); the builder maps styles to fonts. "legend:<kind>" rows get the fill
of that cell kind in column A, so the legend shows the real colours.
"""
from __future__ import annotations

from formulas import layout


def guide_lines(sector_sheets: list[str]) -> list[tuple[str, str]]:
    sheets = ", ".join(sector_sheets) if sector_sheets else "(chưa có trang lĩnh vực)"
    return [
        ("title", "HƯỚNG DẪN SỬ DỤNG SỔ SỐ LIỆU BÁO CÁO KINH TẾ - XÃ HỘI"),
        ("note", "Sổ này thay cho việc tổng hợp số liệu và gõ lại vào Word: nhập số liệu một lần, "
                 "máy tính các tỷ lệ, kiểm tra và xuất báo cáo."),
        ("h", "1. Trình tự nhập số liệu"),
        ("p", f"a) Trang «{layout.SHEET_INFO}»: ghi thông tin văn bản (cơ quan, số ký hiệu, ngày, kỳ báo cáo, "
              "người ký, nơi nhận). Cột «Nội dung» là cột cần ghi; di chuột vào ô để xem ví dụ."),
        ("p", f"b) Các trang lĩnh vực ({sheets}): mỗi phòng, ban nhập số liệu của mình vào các ô màu vàng: "
              "kế hoạch, cùng kỳ năm trước, thực hiện đến ngày chốt số liệu, ước thực hiện cả kỳ và ghi chú."),
        ("p", "c) Nhập số thuần (ví dụ 1990,48 hoặc 1990.48 tùy cài đặt máy), không gõ đơn vị, không gõ dấu %; "
              "tỷ lệ ghi theo phần trăm (54,27 nghĩa là 54,27%). Ô không có số liệu thì để trống, không ghi «-» hay «0» thay cho trống."),
        ("p", f"d) Trang «{layout.SHEET_PROSE}»: mỗi dòng là một đoạn văn của báo cáo, theo thứ tự các mục. "
              "Một mục có nhiều đoạn thì chèn thêm dòng ngay dưới và ghi cùng «Mã mục». "
              "Cột «Đặt sau chỉ tiêu» (không bắt buộc) ghi mã chỉ tiêu để đoạn văn đứng sau câu số liệu của chỉ tiêu đó."),
        ("p", f"e) Trang «{layout.SHEET_TASKS}»: ghi các nhiệm vụ trọng tâm và kết quả "
              f"({' / '.join(layout.TASK_STATUSES)}), chọn trong danh sách."),
        ("p", f"f) Trang «{layout.SHEET_FINDINGS}» do máy ghi khi kiểm tra; không cần nhập."),
        ("h", "2. Ý nghĩa màu ô"),
        ("legend:input", "Ô màu vàng: ô nhập số liệu (không khóa)."),
        ("legend:computed", "Ô màu xám, chữ nghiêng: máy tự tính khi bấm «Tính toán lại» (đã khóa, không nhập)."),
        ("legend:header", "Ô màu xanh nhạt: tiêu đề cột."),
        ("legend:none", "Ô trắng trong vùng số liệu: chỉ tiêu không có cột này (ví dụ không có kế hoạch vụ), không cần nhập."),
        ("legend:error", "Ô màu hồng: ô nhập có lỗi, xem trang Kiểm tra và ghi chú của ô; sửa xong bấm lại «Tính toán lại»."),
        ("legend:warning", "Ô màu cam: ô nhập có cảnh báo (số liệu bất thường), cần xem lại."),
        ("h", "3. Các nút bấm (trong Excel có cài xlwings) và lệnh tương đương"),
        ("p", "• Tính toán lại: kiểm tra số liệu, tính tỷ lệ so với kế hoạch, so với cùng kỳ, tăng giảm, đánh giá, "
              "ghi vào các cột màu xám và trang Kiểm tra; không bao giờ sửa ô nhập."),
        ("cmd", "Lệnh: ktxh recalc SO_LIEU.xlsx"),
        ("p", "• Kiểm tra số liệu: chỉ kiểm tra, liệt kê lỗi và cảnh báo (tên trang, ô, mã chỉ tiêu, cách sửa) "
              "trên trang Kiểm tra; ô có lỗi được tô màu."),
        ("cmd", "Lệnh: ktxh check SO_LIEU.xlsx"),
        ("p", "• Xuất báo cáo Word: kiểm tra, tính toán và viết báo cáo .docx theo thể thức Nghị định 30/2020/NĐ-CP; "
              "nếu còn lỗi thì không xuất và liệt kê lỗi."),
        ("cmd", "Lệnh: ktxh export SO_LIEU.xlsx -o BAO_CAO.docx"),
        ("p", "Dùng LibreOffice Calc hoặc Excel không có nút: lưu tệp rồi chạy các lệnh trên trong cửa sổ dòng lệnh."),
        ("h", "4. Bảo vệ trang tính, chèn dòng"),
        ("p", "Các trang lĩnh vực và trang Thông tin được bảo vệ KHÔNG có mật khẩu để tránh ghi nhầm vào ô công thức. "
              "Muốn chèn thêm chỉ tiêu riêng của đơn vị: Excel: Xem lại (Review) > Bỏ bảo vệ trang tính; "
              "LibreOffice: Công cụ (Tools) > Bảo vệ trang tính. Chèn dòng, ghi tên, ĐVT và số liệu "
              "(dòng không có mã vẫn được tính và đưa vào phụ lục), rồi bảo vệ lại."),
        ("p", "Không xóa, không sửa dòng 3 bị ẩn (mã cột) và cột «Mã chỉ tiêu»: máy tìm số liệu theo các mã này, "
              "nên có thể chèn, xóa, đổi thứ tự dòng mà không làm sai báo cáo."),
        ("h", "5. Tạo sổ mới, đọc bằng LibreOffice"),
        ("cmd", "ktxh new SO_LIEU.xlsx --don-vi \"UBND xã Tân Liên\" --ky \"6 tháng đầu năm\" --nam 2026"),
        ("cmd", "ktxh new SO_LIEU.ods --don-vi \"UBND xã Tân Liên\" --ky \"6 tháng đầu năm\" --nam 2026"),
        ("p", "Tệp .ods dùng cho LibreOffice Calc; máy đọc được cả .xlsx, .xlsm và .ods."),
    ]
