"""Demo data for every document (``kiosk forms sample``, tests, the benchmark). Fictional people."""

from __future__ import annotations

from datetime import datetime

from printing import data as d

AGENCY = d.Agency(
    name="Trung tâm Phục vụ hành chính công phường Hạc Thành",
    parent="Ủy ban nhân dân phường Hạc Thành", code="000.31.27.H56", place="Hạc Thành",
    phone="0237 3852 000", issuing_system="HTTT giải quyết TTHC tỉnh Thanh Hóa")
APPLICANT = d.Applicant(
    name="Nguyễn Thị Hồng Nhung", id_number="038190012345",
    address="Số 12 đường Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa", phone="0912 345 678",
    email="nhung.nguyen@example.vn")
DOSSIER = d.DossierRef("000.31.27.H56-251215-0007", "1.001193", "Đăng ký khai sinh", APPLICANT)
RECEIVED = datetime(2025, 12, 15, 9, 30)
DUE = datetime(2025, 12, 18, 16, 0)
ITEMS = (
    d.DocumentLine("Tờ khai đăng ký khai sinh (theo mẫu)", originals=1),
    d.DocumentLine("Giấy chứng sinh", originals=1),
    d.DocumentLine("Giấy tờ tùy thân của người đi đăng ký (xuất trình)", originals=1),
    d.DocumentLine("Giấy chứng nhận kết hôn của cha, mẹ", certified=1),
    d.DocumentLine("Bản chụp sổ tiêm chủng của trẻ", photocopies=1, voluntary=True),
)


def receipt() -> d.ReceiptData:
    return d.ReceiptData(
        agency=AGENCY, dossier=DOSSIER, items=ITEMS, received_at=RECEIVED, due_at=DUE,
        time_limit_days=1, officer_name="Lê Văn Phúc", fee="Miễn lệ phí (đăng ký đúng hạn)",
        register_book="03/2025", register_number="1.207")


def supplement() -> d.SupplementData:
    return d.SupplementData(
        agency=AGENCY, dossier=DOSSIER, issued_at=RECEIVED, officer_name="Lê Văn Phúc",
        items=(d.DocumentLine("Giấy chứng sinh", originals=1,
                              note="Bản đã nộp thiếu dấu của cơ sở y tế"),
               d.DocumentLine("Giấy chứng nhận kết hôn của cha, mẹ", certified=1,
                              note="Chưa nộp")),
        reason="Thành phần hồ sơ chưa đầy đủ theo Điều 16 Luật Hộ tịch 2014.",
        contact="ông Lê Văn Phúc, điện thoại 0237 3852 000")


def refusal() -> d.RefusalData:
    return d.RefusalData(
        agency=AGENCY, dossier=DOSSIER, issued_at=RECEIVED, officer_name="Lê Văn Phúc",
        reasons=(("Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân xã Đông Tiến ngày 02/12/2025 "
                 "(khoản 1 Điều 13 Luật Hộ tịch 2014: mỗi người chỉ được đăng ký khai sinh một lần)."),))


def apology() -> d.ApologyData:
    return d.ApologyData(
        agency=AGENCY, dossier=DOSSIER, received_at=RECEIVED, due_at=DUE,
        new_due_at=datetime(2025, 12, 21, 16, 0), issued_at=datetime(2025, 12, 18, 10, 15),
        reason="Cần xác minh thông tin nơi sinh với cơ sở y tế ngoài tỉnh.",
        signer_title="Giám đốc", signer_name="Trần Quang Minh", number="Số: 15/TB-TTPVHCC")


def stop_notice() -> d.StopNoticeData:
    return d.StopNoticeData(
        agency=AGENCY, dossier=DOSSIER, received_at=RECEIVED, issued_at=datetime(2025, 12, 16, 8, 0),
        reason="Theo đơn đề nghị dừng giải quyết hồ sơ của người nộp ngày 16/12/2025.",
        stage="Thẩm định hồ sơ tại công chức tư pháp - hộ tịch.",
        fee_settlement="Không thu phí, lệ phí đối với hồ sơ này.",
        signer_title="Giám đốc", signer_name="Trần Quang Minh", number="Số: 03/TB-TTPVHCC")


def control_sheet() -> d.ControlSheetData:
    return d.ControlSheetData(
        agency=AGENCY, dossier=DOSSIER, received_at=RECEIVED, due_at=DUE, steps=(
            d.ControlStep("Bộ phận Một cửa", RECEIVED.replace(hour=10), "Lê Văn Phúc",
                          "Phạm Thu Hà", "Đúng hạn"),
            d.ControlStep("Công chức Tư pháp - Hộ tịch", datetime(2025, 12, 18, 9, 0),
                          "Phạm Thu Hà", "Trần Quang Minh", "Trước hạn"),
            d.ControlStep("Lãnh đạo UBND phường"),
            d.ControlStep("Bộ phận Một cửa (trả kết quả)")))


def register() -> d.RegisterData:
    rows = tuple(d.RegisterRow(
        number=1200 + i, dossier_code=f"000.31.27.H56-251215-{i:04d}",
        procedure_name=("Đăng ký khai sinh", "Chứng thực bản sao từ bản chính",
                        "Đăng ký kết hôn")[i % 3],
        applicant_name=("Nguyễn Thị Hồng Nhung", "Trần Văn Bình", "Lò Thị Mai")[i % 3],
        applicant_contact="Phường Hạc Thành, 0912 345 678", lead_agency="UBND phường Hạc Thành",
        received_at=RECEIVED, due_at=DUE, sent_at=RECEIVED if i % 2 else None,
        returned_at=DUE if i == 1 else None) for i in range(1, 9))
    return d.RegisterData(agency=AGENCY, rows=rows, period="Tháng 12 năm 2025", book="03/2025",
                          issued_at=datetime(2025, 12, 31, 17, 0))


def checklist() -> d.ChecklistHandoutData:
    return d.ChecklistHandoutData(
        agency=AGENCY, procedure_code="1.001193", procedure_name="Đăng ký khai sinh",
        entries=(d.ChecklistEntry("Tờ khai đăng ký khai sinh (theo mẫu)", originals=1),
                 d.ChecklistEntry("Giấy chứng sinh", originals=1,
                                  condition="Không có thì nộp văn bản của người làm chứng"),
                 d.ChecklistEntry("Giấy tờ tùy thân của người đi đăng ký", originals=1,
                                  condition="Xuất trình, không nộp"),
                 d.ChecklistEntry("Văn bản ủy quyền có chứng thực", certified=1,
                                  condition="Khi ủy quyền người khác đi đăng ký")),
        time_limit="Trong ngày (nhận sau 15 giờ thì trả vào ngày làm việc tiếp theo)",
        fee="Miễn lệ phí khi đăng ký đúng hạn", result="Giấy khai sinh (bản chính)",
        legal_basis=("Luật Hộ tịch số 60/2014/QH13", "Nghị định số 123/2015/NĐ-CP"),
        printed_at=RECEIVED, version_note="Theo thủ tục đã công bố, có hiệu lực từ 15/9/2025")


def queue_ticket() -> d.QueueTicketData:
    return d.QueueTicketData(agency_name=AGENCY.name, number="A015", service="Hộ tịch - Chứng thực",
                             issued_at=RECEIVED, waiting_ahead=4, counter="Quầy số 2")


SAMPLES = {"receipt": receipt, "supplement": supplement, "refusal": refusal, "apology": apology,
           "stop_notice": stop_notice, "control_sheet": control_sheet, "register": register,
           "checklist": checklist, "queue_ticket": queue_ticket}


def sample(form_key: str):
    """Demo input of ``form_key`` (KeyError if unknown)."""
    return SAMPLES[form_key]()
