"""Papers for citizens that no circular prescribes: the checklist handout and the queue ticket."""

from __future__ import annotations

from reportlab.lib.units import mm

from printing.data import ChecklistHandoutData, Marking, QueueTicketData
from printing.documents.common import counts, heading, new_sheet
from printing.fonts import SANS, SANS_BOLD, SERIF_BOLD, SERIF_ITALIC, nfc
from printing.formsets import FormSet
from printing.layout import Column, Sheet, draw_qr, draw_title


def checklist(
    data: ChecklistHandoutData, form_set: FormSet, marking: Marking, qr_text: str
) -> bytes:
    spec = form_set.form("checklist")
    sheet = new_sheet(spec, data.agency, marking)
    when = data.printed_at
    heading(sheet, spec, data.agency, when, qr_text)
    draw_title(sheet, spec.title)
    sheet.text(data.procedure_name, font=SERIF_BOLD, size=10.5, align="center")
    sheet.text(f"Mã thủ tục: {data.procedure_code}", align="center")
    if data.version_note:
        sheet.text(data.version_note, font=SERIF_ITALIC, size=8.5, align="center")
    sheet.space(1.5 * mm)
    columns = (
        Column("STT", 0.07, "center"),
        Column("Giấy tờ", 0.40),
        Column("Bản chính", 0.1, "center"),
        Column("Bản sao chứng thực", 0.12, "center"),
        Column("Bản chụp", 0.1, "center"),
        Column("Khi nào cần", 0.21),
    )
    rows = [
        (
            str(i),
            e.name,
            counts(e.originals),
            counts(e.certified),
            counts(e.photocopies),
            e.condition or "Bắt buộc",
        )
        for i, e in enumerate(data.entries, 1)
    ]
    sheet.table(columns, rows)
    sheet.space(1 * mm)
    sheet.field("Thời hạn giải quyết", data.time_limit)
    sheet.field("Phí, lệ phí", data.fee)
    if data.payment_qr:
        _payment(sheet, data)
    sheet.field("Kết quả", data.result, bold_value=False)
    if data.legal_basis:
        sheet.text("Căn cứ pháp lý:")
        for basis in data.legal_basis:
            sheet.text(f"- {basis}", indent=3 * mm, size=8.5)
    sheet.space(1.5 * mm)
    sheet.text(
        "Bộ phận Một cửa chỉ yêu cầu các giấy tờ trong danh mục đã công khai này. Giấy tờ "
        "ghi \u201cKhi nào cần\u201d chỉ phải nộp trong trường hợp đó. Quét mã QR để xem "
        "thủ tục trên Cổng dịch vụ công.",
        font=SERIF_ITALIC,
        size=8,
    )
    return sheet.finish()


def _payment(sheet: Sheet, data: ChecklistHandoutData) -> None:
    """The fee's VietQR, left, with what it pays beside it (rules-2023-2025 §4)."""
    size = 26 * mm
    sheet.ensure(size + 2 * mm)
    top = sheet.y - 1 * mm
    draw_qr(sheet.c, data.payment_qr, sheet.x0, top, size)
    beside = sheet.x0 + size + 4 * mm
    sheet.y = top
    sheet.text("Nộp phí, lệ phí bằng chuyển khoản (VietQR)", font=SERIF_BOLD, size=9, x0=beside)
    for line in data.payment_text.split("\n"):
        sheet.text(line, size=8.5, x0=beside)
    sheet.y = min(sheet.y, top - size) - 2 * mm


def queue_ticket(data: QueueTicketData, form_set: FormSet, marking: Marking, qr_text: str) -> bytes:
    """The queue ticket as an 80 mm wide PDF (the thermal path uses :mod:`printing.thermal`)."""
    spec = form_set.form("queue_ticket")
    sheet = new_sheet(
        spec, _agency_of(data), marking, left=4 * mm, right=4 * mm, top=8 * mm, font=SANS, size_pt=9
    )
    _ticket_body(sheet, data)
    return sheet.finish()


def _agency_of(data: QueueTicketData):
    from printing.data import Agency

    return Agency(name=data.agency_name)


def _ticket_body(sheet: Sheet, data: QueueTicketData) -> None:
    sheet.text(data.agency_name.upper(), font=SANS_BOLD, size=9, align="center")
    sheet.space(2 * mm)
    sheet.text("PHIẾU THỨ TỰ", font=SANS_BOLD, size=12, align="center")
    sheet.space(3 * mm)
    big = 40
    sheet.y -= big * 0.9
    sheet.c.setFont(SANS_BOLD, big)
    sheet.c.drawCentredString(sheet.page_w / 2, sheet.y, nfc(data.number))
    sheet.space(3 * mm)
    sheet.text(data.service, font=SANS_BOLD, size=10, align="center")
    if data.counter:
        sheet.text(f"Mời đến: {data.counter}", align="center")
    sheet.text(f"Số người đang chờ trước bạn: {data.waiting_ahead}", align="center")
    sheet.text(
        f"Lấy số lúc {data.issued_at:%H:%M} ngày {data.issued_at:%d/%m/%Y}", size=8, align="center"
    )
    sheet.space(2 * mm)
    sheet.text(data.footer, size=8, align="center")
