"""Letters signed by the head of the agency: apology (form 04) and notice of stopping
(2025 form 05)."""

from __future__ import annotations

from reportlab.lib.units import mm

from printing.data import ApologyData, Marking, StopNoticeData
from printing.documents.common import dossier_form
from printing.fonts import SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC
from printing.formsets import FormSet
from printing.layout import Signature, vn_date, vn_time


def _addressee(sheet, name: str) -> None:
    sheet.space(1 * mm)
    sheet.rich([("Kính gửi: ", SERIF_BOLD), (f"Ông/Bà {name}", SERIF_BOLD)], align="center")
    sheet.space(1 * mm)


def _recipients(sheet) -> None:
    """The ``Nơi nhận`` block, bottom-left as in every administrative letter."""
    half = sheet.x0 + sheet.width / 2 - 2 * mm
    sheet.text("Nơi nhận:", font=SERIF_BOLD_ITALIC, size=8, x1=half)
    for line in ("- Như trên;", "- Lưu: Bộ phận Một cửa."):
        sheet.text(line, size=7.5, x1=half)


def apology(data: ApologyData, form_set: FormSet, marking: Marking, qr_text: str) -> bytes:
    sheet, spec = dossier_form(
        "apology",
        form_set,
        marking,
        data.agency,
        data.issued_at,
        qr_text,
        data.dossier,
        number=data.number or "Số: ......",
    )
    _addressee(sheet, data.dossier.applicant.name)
    d = data.dossier
    sheet.rich(
        [
            (
                (
                    f"Ngày {data.received_at:%d/%m/%Y}, {data.agency.name} tiếp nhận giải quyết "
                    f"hồ sơ của Ông/Bà, mã hồ sơ "
                ),
                sheet.font,
            ),
            (d.dossier_code, SERIF_BOLD),
            (", nội dung yêu cầu giải quyết: ", sheet.font),
            (d.procedure_name, SERIF_BOLD),
            (f" (mã thủ tục {d.procedure_code}).", sheet.font),
        ],
        indent=5 * mm,
        hanging=-5 * mm,
    )
    sheet.rich(
        [
            ("Thời gian hẹn trả kết quả giải quyết hồ sơ: ", sheet.font),
            (vn_time(data.due_at), SERIF_BOLD),
            (".", sheet.font),
        ],
        indent=5 * mm,
        hanging=-5 * mm,
    )
    sheet.rich(
        [
            ("Tuy nhiên đến nay, hồ sơ của Ông/Bà chưa được giải quyết xong. Lý do: ", sheet.font),
            (data.reason, sheet.font),
        ],
        indent=5 * mm,
        hanging=-5 * mm,
    )
    if spec.variant == "extension":
        lead = (
            "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Chúng tôi thành thật xin lỗi "
            "Ông/Bà và đề nghị được gia hạn thời gian giải quyết hồ sơ đến "
        )
    else:
        lead = (
            "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại cho Ông/Bà. Chúng tôi "
            "thành thật xin lỗi Ông/Bà và hẹn lại thời gian trả kết quả vào "
        )
    ask = [(lead, sheet.font), (vn_time(data.new_due_at), SERIF_BOLD), (".", sheet.font)]
    sheet.rich(ask, indent=5 * mm, hanging=-5 * mm)
    sheet.text("Rất mong nhận được sự thông cảm của Ông/Bà./.", indent=5 * mm)
    if spec.variant == "extension":
        sheet.rich([("Ý kiến của tổ chức, cá nhân về việc gia hạn: ", SERIF_ITALIC)], dotted=True)
        sheet.rich([("", sheet.font)], dotted=True)
    sheet.space(2 * mm)
    _sign_and_recipients(sheet, data.signer_title, data.signer_name)
    return sheet.finish()


def stop_notice(data: StopNoticeData, form_set: FormSet, marking: Marking, qr_text: str) -> bytes:
    sheet, spec = dossier_form(
        "stop_notice",
        form_set,
        marking,
        data.agency,
        data.issued_at,
        qr_text,
        data.dossier,
        number=data.number or "Số: ......",
    )
    _addressee(sheet, data.dossier.applicant.name)
    d = data.dossier
    body = {"indent": 5 * mm, "hanging": -5 * mm}
    sheet.rich(
        [
            (
                (
                    f"Ngày {data.received_at:%d/%m/%Y}, {data.agency.name} tiếp nhận hồ sơ của "
                    "Ông/Bà, mã hồ sơ "
                ),
                sheet.font,
            ),
            (d.dossier_code, SERIF_BOLD),
            (", nội dung yêu cầu giải quyết: ", sheet.font),
            (d.procedure_name, SERIF_BOLD),
            (f" (mã thủ tục {d.procedure_code}).", sheet.font),
        ],
        **body,
    )
    sheet.rich([("Lý do dừng giải quyết: ", SERIF_BOLD), (data.reason, sheet.font)], **body)
    sheet.rich([("Hồ sơ đã được xử lý đến bước: ", SERIF_BOLD), (data.stage, sheet.font)], **body)
    sheet.rich(
        [
            (
                (
                    f"{data.agency.name} thông báo dừng giải quyết hồ sơ nêu trên kể từ "
                    f"{vn_date(data.issued_at)}."
                ),
                sheet.font,
            )
        ],
        **body,
    )
    sheet.rich([("Về phí, lệ phí: ", SERIF_BOLD), (data.fee_settlement, sheet.font)], **body)
    sheet.text("Xin thông báo để Ông/Bà được biết./.", indent=5 * mm)
    sheet.space(2 * mm)
    _sign_and_recipients(sheet, data.signer_title, data.signer_name)
    return sheet.finish()


def _sign_and_recipients(sheet, title: str, name: str) -> None:
    top = sheet.y
    sheet.signatures([Signature(title.upper(), "(Ký, ghi rõ họ tên và đóng dấu)", name)])
    bottom = sheet.y
    if top - bottom > 15 * mm:  # the signature stayed on this page: put "Nơi nhận" at its left
        sheet.y = top - 1 * mm
        _recipients(sheet)
        sheet.y = min(sheet.y, bottom)
