"""Forms given at the counter: 01 receipt and appointment, 02 supplement request, 03 refusal."""

from __future__ import annotations

from reportlab.lib.units import mm

from printing.data import Marking, ReceiptData, RefusalData, SupplementData
from printing.documents.common import applicant_lines, counts, dossier_form, form_top, new_sheet
from printing.fonts import SERIF_BOLD, SERIF_ITALIC
from printing.formsets import FormSet
from printing.layout import Column, Signature, vn_time

ITEM_COLUMNS = (
    Column("STT", 0.07, "center"),
    Column("Tên giấy tờ", 0.57),
    Column("Bản chính", 0.12, "center"),
    Column("Bản sao", 0.12, "center"),
    Column("Bản chụp", 0.12, "center"),
)


def receipt(data: ReceiptData, form_set: FormSet, marking: Marking, qr_text: str) -> bytes:
    spec = form_set.form("receipt")
    sheet = new_sheet(spec, data.agency, marking)
    labels = spec.copies or ("",)
    for n, label in enumerate(labels):
        if n:
            sheet.new_page()
        form_top(
            sheet,
            spec,
            form_set,
            data.agency,
            data.received_at,
            qr_text,
            data.dossier,
            copy_label=label,
        )
        sheet.rich([(f"{data.agency.name} tiếp nhận hồ sơ của:", sheet.font)])
        applicant_lines(sheet, data.dossier)
        sheet.text("1. Thành phần hồ sơ nộp gồm:")
        rows = [
            (
                str(i),
                item.name + (" (tự nguyện nộp thêm, không bắt buộc)" if item.voluntary else ""),
                counts(item.originals),
                counts(item.certified),
                counts(item.photocopies),
            )
            for i, item in enumerate(data.items, 1)
        ]
        sheet.table(ITEM_COLUMNS, rows)
        limit = data.time_limit_text or (
            "trong ngày"
            if data.time_limit_days == 0
            else f"{data.time_limit_days:02d} ngày làm việc"
        )
        sheet.field("2. Số lượng hồ sơ", f"{data.sets:02d} bộ")
        sheet.field("3. Thời gian giải quyết hồ sơ theo quy định", limit)
        sheet.field("4. Thời gian nhận hồ sơ", vn_time(data.received_at))
        sheet.field("5. Thời gian trả kết quả giải quyết hồ sơ", vn_time(data.due_at))
        sheet.field("6. Đăng ký nhận kết quả", data.return_place, bold_value=False)
        if data.fee:
            sheet.field("Phí, lệ phí", data.fee, bold_value=False)
        sheet.rich(
            [
                ("Vào Sổ theo dõi hồ sơ, Quyển số: ", sheet.font),
                (data.register_book or "", SERIF_BOLD),
                ("      Số thứ tự: ", sheet.font),
                (data.register_number or "", SERIF_BOLD),
            ],
            dotted=True,
        )
        sheet.space(1.5 * mm)
        sheet.signatures(
            [
                Signature("NGƯỜI NỘP HỒ SƠ", name=data.dossier.applicant.name),
                Signature("NGƯỜI TIẾP NHẬN HỒ SƠ", name=data.officer_name),
            ],
            gap=12 * mm,
        )
        sheet.space(1 * mm)
        sheet.text(
            "Ghi chú: Giấy này lập thành 02 liên: một liên giao người nộp hồ sơ, một liên kèm "
            "Phiếu kiểm soát quá trình giải quyết hồ sơ lưu tại Bộ phận Một cửa. Tra cứu hồ "
            "sơ bằng mã hồ sơ hoặc quét mã QR.",
            font=SERIF_ITALIC,
            size=7.5,
        )
    return sheet.finish()


def supplement(data: SupplementData, form_set: FormSet, marking: Marking, qr_text: str) -> bytes:
    sheet, spec = dossier_form(
        "supplement", form_set, marking, data.agency, data.issued_at, qr_text, data.dossier
    )
    sheet.rich([(f"{data.agency.name} tiếp nhận hồ sơ của:", sheet.font)])
    applicant_lines(sheet, data.dossier)
    sheet.field("Giai đoạn", data.stage, bold_value=False)
    sheet.text(
        "Sau khi xem xét thành phần hồ sơ, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm "
        "những nội dung sau đây:"
    )
    columns = (
        Column("STT", 0.07, "center"),
        Column("Giấy tờ cần bổ sung, hoàn thiện", 0.38),
        Column("Bản chính", 0.1, "center"),
        Column("Bản sao", 0.1, "center"),
        Column("Bản chụp", 0.1, "center"),
        Column("Nội dung cần bổ sung, hoàn thiện", 0.25),
    )
    rows = [
        (
            str(i),
            item.name,
            counts(item.originals),
            counts(item.certified),
            counts(item.photocopies),
            item.note,
        )
        for i, item in enumerate(data.items, 1)
    ]
    sheet.table(columns, rows)
    sheet.field("Lý do", data.reason, bold_value=False)
    # Who to ask comes from the office (officer, phone); with no one to name the clause is left
    # out rather than printed as "liên hệ với ...".
    ask = (
        f"Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với {data.contact} "
        "để được hướng dẫn. "
        if data.contact.strip()
        else ""
    )
    sheet.text(ask + "Hồ sơ chỉ phải bổ sung một lần với đầy đủ các nội dung nêu trên.")
    sheet.space(2 * mm)
    sheet.signatures([Signature("NGƯỜI HƯỚNG DẪN", name=data.officer_name)])
    return sheet.finish()


def refusal(data: RefusalData, form_set: FormSet, marking: Marking, qr_text: str) -> bytes:
    sheet, spec = dossier_form(
        "refusal", form_set, marking, data.agency, data.issued_at, qr_text, data.dossier
    )
    sheet.rich([(f"{data.agency.name} tiếp nhận hồ sơ của:", sheet.font)])
    applicant_lines(sheet, data.dossier)
    sheet.text(
        "Sau khi nghiên cứu, đối chiếu với các quy định hiện hành, Bộ phận Một cửa từ chối "
        "tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"
    )
    for n, reason in enumerate(data.reasons, 1):
        sheet.rich(
            [(f"{n}. ", SERIF_BOLD), (reason, sheet.font)],
            indent=3 * mm,
            hanging=4 * mm,
            dotted=True,
        )
    sheet.text("Xin thông báo để Ông/Bà được biết và thực hiện./.")
    sheet.space(2 * mm)
    sheet.signatures(
        [
            Signature("NGƯỜI NỘP HỒ SƠ", name=data.dossier.applicant.name),
            Signature("NGƯỜI TIẾP NHẬN HỒ SƠ", name=data.officer_name),
        ]
    )
    return sheet.finish()
