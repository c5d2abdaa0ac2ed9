"""Internal tracking papers: the processing control sheet (A5) and the tracking register (A4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.units import mm

from printing.data import ControlSheetData, Marking, RegisterData
from printing.documents.common import form_top, heading, new_sheet
from printing.fonts import SERIF_BOLD, SERIF_ITALIC
from printing.formsets import FormSet
from printing.layout import Column, draw_title, vn_time


def _short(moment: datetime | None) -> str:
    return (
        f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d/%m/%Y}"
        if moment
        else "... giờ ... phút, ngày .../.../......"
    )


def control_sheet(
    data: ControlSheetData, form_set: FormSet, marking: Marking, qr_text: str
) -> bytes:
    return control_sheets([(data, qr_text)], form_set, marking)


def control_sheets(
    sheets: Sequence[tuple[ControlSheetData, str]], form_set: FormSet, marking: Marking
) -> bytes:
    """One control sheet per dossier, each on its own pages, in one PDF (a period's sheets)."""
    spec = form_set.form("control_sheet")
    sheet = new_sheet(spec, sheets[0][0].agency, marking) if sheets else None
    if sheet is None:
        raise ValueError("no control sheet to draw")
    for n, (data, qr_text) in enumerate(sheets):
        if n:
            sheet.new_page()
        when = data.issued_at or data.received_at
        form_top(sheet, spec, form_set, data.agency, when, qr_text, data.dossier)
        _control_body(sheet, data)
    return sheet.finish()


def _control_body(sheet, data: ControlSheetData) -> None:
    d = data.dossier
    sheet.text(f"(Kèm theo hồ sơ của: {d.applicant.name})", font=SERIF_ITALIC, align="center")
    sheet.rich(
        [
            ("Nội dung yêu cầu giải quyết: ", sheet.font),
            (d.procedure_name, SERIF_BOLD),
            (f" (mã thủ tục {d.procedure_code})", sheet.font),
        ],
        dotted=True,
    )
    sheet.field("Thời gian nhận hồ sơ", vn_time(data.received_at))
    sheet.field("Thời gian hẹn trả kết quả", vn_time(data.due_at))
    sheet.space(1 * mm)
    columns = (
        Column("TÊN CƠ QUAN", 0.24),
        Column("THỜI GIAN GIAO, NHẬN HỒ SƠ", 0.40),
        Column("KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ đúng hạn/ quá hạn)", 0.2, "center"),
        Column("GHI CHÚ", 0.16),
    )
    rows = []
    for n, step in enumerate(data.steps, 1):
        when = (
            f"{n}. Giao: {step.giver or '...'}\n   Nhận: {step.receiver or '...'}\n"
            f"{_short(step.handed_over_at)}\nNgười giao        Người nhận\n\n"
        )
        rows.append((step.unit, when, step.result, step.note))
    sheet.table(columns, rows, size=8, header_size=7.5)


REGISTER_COLUMNS = (
    Column("STT", 0.035, "center"),
    Column("Mã hồ sơ", 0.145),
    Column("Tên thủ tục hành chính", 0.105),
    Column("Số lượng hồ sơ (bộ)", 0.045, "center"),
    Column("Tên cá nhân, tổ chức", 0.08),
    Column("Địa chỉ, số điện thoại", 0.09),
    Column("Cơ quan chủ trì giải quyết", 0.08),
    Column("Nhận hồ sơ", 0.06, "center"),
    Column("Hẹn trả kết quả", 0.06, "center"),
    Column("Chuyển hồ sơ đến cơ quan giải quyết", 0.065, "center"),
    Column("Nhận kết quả từ cơ quan giải quyết", 0.065, "center"),
    Column("Trả kết quả cho cá nhân, tổ chức", 0.065, "center"),
    Column("Ký nhận", 0.045, "center"),
    Column("Ghi chú", 0.08),
)
# The five date columns under one "Ngày, tháng, năm" heading, as on the paper register.
REGISTER_GROUPS = (("", 1),) * 7 + (("Ngày, tháng, năm", 5),) + (("", 1),) * 2


def _day(moment: datetime | None) -> str:
    return f"{moment:%d/%m/%Y}" if moment else ""


def register(data: RegisterData, form_set: FormSet, marking: Marking, qr_text: str) -> bytes:
    spec = form_set.form("register")
    sheet = new_sheet(spec, data.agency, marking, size_pt=10)
    heading(sheet, spec, data.agency, data.issued_at, qr_text, circular=form_set.circular)
    draw_title(
        sheet,
        spec.title,
        size=13,
        subtitle=data.period + (f" - Quyển số {data.book}" if data.book else ""),
    )
    sheet.space(2 * mm)
    rows = [
        (
            str(r.number),
            r.dossier_code,
            r.procedure_name,
            f"{r.sets:02d}",
            r.applicant_name,
            r.applicant_contact,
            r.lead_agency,
            _day(r.received_at),
            _day(r.due_at),
            _day(r.sent_at),
            _day(r.result_at),
            _day(r.returned_at),
            "",
            r.note,
        )
        for r in data.rows
    ]
    sheet.table(REGISTER_COLUMNS, rows, size=8, header_size=7.5, groups=REGISTER_GROUPS)
    return sheet.finish()
