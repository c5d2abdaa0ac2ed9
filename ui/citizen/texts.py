"""Every text of the citizen kiosk, in Vietnamese and English, switched live by the citizen.

The kiosk switches language per visitor (a button on every screen), so its texts live here as
pairs rather than in the officer app's Qt translation file.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "attract_title": (
        "Xin chào! Chạm vào màn hình để bắt đầu",
        "Welcome! Touch the screen to start",
    ),
    "attract_sub": (
        "Tìm thủ tục · Lấy số thứ tự · Tra cứu hồ sơ · Đánh giá",
        "Find a procedure · Take a number · Look up a dossier · Rate us",
    ),
    "attract_scan": (
        "Hoặc quét mã QR trên giấy tiếp nhận để xem hồ sơ",
        "Or scan the QR on your receipt to see your dossier",
    ),
    "home_title": ("Ông/bà cần làm gì?", "What would you like to do?"),
    "find": ("Tìm thủ tục", "Find a procedure"),
    "find_sub": ("Xem cần mang giấy tờ gì, in danh sách", "See what to bring, print the list"),
    "ticket": ("Lấy số thứ tự", "Take a queue number"),
    "ticket_sub": ("Chờ được gọi tới quầy", "Wait to be called to a counter"),
    "lookup": ("Tra cứu hồ sơ", "Look up my dossier"),
    "lookup_sub": ("Quét mã QR hoặc nhập mã hồ sơ", "Scan the QR or type the code"),
    "rate": ("Đánh giá", "Rate the service"),
    "rate_sub": ("Góp ý về việc giải quyết hồ sơ", "Tell us how it went"),
    "privacy": (
        "Máy này không lưu thông tin cá nhân của ông/bà. Mã QR căn cước chỉ được đọc để lấy số, "
        "không được lưu. Mọi thông tin sẽ tự xóa khi ông/bà rời máy.",
        "This machine keeps none of your personal data. A citizen-ID QR is only read to give "
        "you a number and is not stored. Everything is wiped when you leave.",
    ),
    "home": ("Trang chủ", "Home"),
    "back": ("Quay lại", "Back"),
    "language": ("English", "Tiếng Việt"),
    "bigger": ("Chữ to", "Larger text"),
    "contrast": ("Tương phản cao", "High contrast"),
    "life_events": ("Chọn việc ông/bà cần làm", "Choose what you need"),
    "search_hint": ("Gõ tên thủ tục, ví dụ: khai sinh", "Type a procedure, e.g. khai sinh"),
    "search": ("Tìm", "Search"),
    "keyboard": ("Bàn phím", "Keyboard"),
    "results": ("Kết quả", "Results"),
    "no_results": (
        "Không tìm thấy thủ tục phù hợp. Hãy thử từ khác, hoặc hỏi cán bộ hướng dẫn.",
        "No procedure found. Try other words, or ask the information desk.",
    ),
    "searching": ("Đang tìm…", "Searching…"),
    "bring": ("Giấy tờ cần nộp", "Papers to hand in"),
    "show": ("Giấy tờ chỉ cần mang theo để xuất trình", "Papers to show only (not kept)"),
    "when": ("Giấy tờ chỉ cần trong trường hợp", "Papers needed only if"),
    "fee": ("Lệ phí", "Fee"),
    "time_limit": ("Thời hạn giải quyết", "Time limit"),
    "where": ("Nơi nộp hồ sơ", "Where to go"),
    "where_area": ("Lấy số khu vực {0} – {1}", "Take a number for area {0} – {1}"),
    "print_list": ("In danh sách giấy tờ", "Print the checklist"),
    "printing": ("Đang in…", "Printing…"),
    "printed": (
        "Đã in. Mời ông/bà lấy giấy ở khe máy in.",
        "Printed. Please take the paper from the printer.",
    ),
    "read_aloud": ("Đọc to", "Read aloud"),
    "stop_reading": ("Dừng đọc", "Stop reading"),
    "no_voice": ("Máy chưa có giọng đọc", "No voice on this machine"),
    "ticket_for_this": ("Lấy số cho thủ tục này", "Take a number for this"),
    "choose_area": ("Chọn khu vực ông/bà cần đến", "Choose the service area"),
    "your_number": ("Số của ông/bà", "Your number"),
    "ahead": ("Số người đang chờ trước ông/bà: {0}", "People ahead of you: {0}"),
    "taken_at": ("Lấy số lúc {0}", "Taken at {0}"),
    "ticket_printed": (
        "Phiếu đã in. Xin mời ngồi chờ, số sẽ hiện trên màn hình và được đọc to.",
        "Your ticket is printed. Please take a seat; the number will be shown and called.",
    ),
    "card_read": (
        "Đã đọc thẻ căn cước, xin chào {0}. Thông tin thẻ không được lưu.",
        "Citizen ID read, hello {0}. The card data is not stored.",
    ),
    "lookup_title": ("Tra cứu hồ sơ", "Look up a dossier"),
    "lookup_hint": (
        "Đưa mã QR trên giấy tiếp nhận vào máy quét, hoặc nhập mã hồ sơ",
        "Hold the receipt's QR under the scanner, or type the dossier code",
    ),
    "dossier_code": ("Mã hồ sơ", "Dossier code"),
    "procedure": ("Thủ tục", "Procedure"),
    "status": ("Tình trạng", "Status"),
    "appointment": ("Ngày hẹn trả kết quả", "Appointment date"),
    "from_central": ("Theo hệ thống trung tâm", "From the central system"),
    "from_local": (
        "Theo dữ liệu tại Bộ phận Một cửa (chưa kết nối được hệ thống trung tâm)",
        "From this office's records (central system not reachable)",
    ),
    "rate_title": ("Đánh giá mức độ hài lòng", "How satisfied are you?"),
    "rate_hint": (
        "Nhập mã hồ sơ, số thứ tự (ví dụ A012) hoặc quét mã QR trên giấy tiếp nhận. "
        "Đánh giá được giữ bí mật: cán bộ không biết ai đánh giá.",
        "Type the dossier code or your number (e.g. A012), or scan the receipt QR. "
        "Your answers are confidential: the officer never sees who rated.",
    ),
    "rate_for": ("Đánh giá cho {0}", "Rating for {0}"),
    "send": ("Gửi đánh giá", "Send"),
    "thanks": ("Cảm ơn ông/bà đã đánh giá!", "Thank you for your rating!"),
    "ok": ("Xong", "Done"),
    "continue": ("Tiếp tục", "Continue"),
    "idle_title": ("Ông/bà còn dùng máy không?", "Are you still there?"),
    "idle_body": (
        "Sau {0} giây máy sẽ xóa mọi thông tin vừa nhập và trở về màn hình đầu.",
        "In {0} seconds everything entered will be wiped and the kiosk will restart.",
    ),
    "tech_title": ("Kỹ thuật viên", "Technician"),
    "tech_user": ("Tên đăng nhập", "Username"),
    "tech_pin": ("Mã PIN", "PIN"),
    "tech_exit": ("Thoát ki-ốt", "Leave kiosk"),
    "cancel": ("Hủy", "Cancel"),
    "office_closed": ("Ngoài giờ làm việc", "Office closed"),
    "error_generic": (
        "Máy gặp lỗi, chưa làm được việc này. Xin ông/bà thử lại hoặc hỏi cán bộ hướng dẫn.",
        "Something went wrong. Please try again or ask the information desk.",
    ),
}


def text(key: str, lang: str) -> str:
    vi, en = TEXTS[key]
    return en if lang == "en" else vi
