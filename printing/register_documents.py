"""The tracking register (form 06 of 2018, 07 of 2025) and the processing control sheets (05 of
2018, 06 of 2025) of a period, from the register's lines (``kiosk.register.RegisterLine``).

The results column reads the judgement of ``kiosk.deadlines.result_timing``: early (trước hạn),
on time (đúng hạn) or late (quá hạn), and says when an apology reset the date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from kiosk.deadlines import result_timing
from kiosk.errors import InvalidInput
from kiosk.receipt_qr import QrSigner
from kiosk.register import RegisterLine, period_text
from printing import data as d
from printing.documents import tracking
from printing.formsets import in_force
from printing.render import RenderedDocument, payload_for, render

ONE_STOP = "Bộ phận Một cửa"


def _due_at(due: date) -> datetime:
    return datetime.combine(due, time(17, 0))


def line_note(line: RegisterLine) -> str:
    """The register's "Ghi chú": the result's timing, a date reset by an apology, a stop."""
    parts = []
    if line.stopped_at:
        parts.append(f"Dừng giải quyết ngày {line.stopped_at:%d/%m/%Y}")
    elif line.timing is not None:
        parts.append(line.timing.label)
    if line.original_due_date:
        parts.append(f"Hẹn lại từ {line.original_due_date:%d/%m/%Y}")
    return "; ".join(parts)


def register_row(line: RegisterLine) -> d.RegisterRow:
    return d.RegisterRow(
        number=line.number or 0,
        dossier_code=line.dossier_code,
        procedure_name=line.procedure_name,
        applicant_name=line.applicant_name,
        applicant_contact=line.contact,
        lead_agency=line.lead_agency,
        received_at=line.received_at,
        due_at=_due_at(line.due_date),
        sets=line.sets,
        result_at=line.result_at,
        returned_at=line.returned_at,
        note=line_note(line),
    )


def register_data(
    lines: Sequence[RegisterLine], agency: d.Agency, start: date, end: date, now: datetime
) -> d.RegisterData:
    books = sorted({x.book for x in lines if x.book})
    return d.RegisterData(
        agency=agency,
        rows=tuple(register_row(x) for x in lines),
        period=period_text(start, end),
        issued_at=now,
        book=", ".join(books),
    )


def control_sheet_data(line: RegisterLine, agency: d.Agency, now: datetime) -> d.ControlSheetData:
    """Reception, the processing agency's result, the hand-over: each step with its timing."""
    due = line.due_date

    def timing(moment: datetime | None) -> str:
        found = result_timing(due, moment.date(), now.date()) if moment else None
        return found.label if found else ""

    note = f"Hẹn lại từ {line.original_due_date:%d/%m/%Y}" if line.original_due_date else ""
    steps = (
        d.ControlStep(
            f"{ONE_STOP} (tiếp nhận)",
            line.received_at,
            line.applicant_name,
            line.officer_name,
        ),
        d.ControlStep(
            line.lead_agency,
            line.result_at,
            line.lead_agency,
            ONE_STOP if line.result_at else "",
            timing(line.result_at),
            note,
        ),
        d.ControlStep(
            f"{ONE_STOP} (trả kết quả)",
            line.returned_at,
            line.officer_name if line.returned_at else "",
            line.applicant_name if line.returned_at else "",
            timing(line.returned_at),
            f"Dừng giải quyết {line.stopped_at:%d/%m/%Y}" if line.stopped_at else "",
        ),
    )
    applicant = d.Applicant(
        line.applicant_name, address=line.applicant_address, phone=line.applicant_phone
    )
    return d.ControlSheetData(
        agency=agency,
        dossier=d.DossierRef(
            line.dossier_code, line.procedure_code, line.procedure_name, applicant
        ),
        received_at=line.received_at,
        due_at=_due_at(due),
        steps=steps,
        issued_at=now,
    )


def render_register(
    lines: Sequence[RegisterLine],
    agency: d.Agency,
    signer: QrSigner,
    start: date,
    end: date,
    now: datetime,
) -> RenderedDocument:
    """The tracking register of the period, in the form set in force on ``now``."""
    return render("register", register_data(lines, agency, start, end, now), signer=signer)


def render_control_sheets(
    lines: Sequence[RegisterLine], agency: d.Agency, signer: QrSigner, now: datetime
) -> bytes:
    """Every dossier's control sheet (one or more A5 pages each) in one PDF, in the form set in
    force on ``now``."""
    if not lines:
        raise InvalidInput(
            "Không có hồ sơ nào tiếp nhận trong khoảng thời gian này.",
            english="No dossier was received in this period.",
        )
    form_set = in_force(now.date())
    sheets = []
    for line in lines:
        data = control_sheet_data(line, agency, now)
        spec = form_set.form("control_sheet")
        qr = signer.sign(
            payload_for("control_sheet", data, spec.name, data.received_at),
            lookup_url=agency.lookup_url or None,
        )
        sheets.append((data, qr))
    return tracking.control_sheets(sheets, form_set, d.ORIGINAL)


@dataclass(frozen=True)
class RegisterPrinter:
    """This office's register and control sheets as PDF bytes (pure CPU: run off the UI
    thread)."""

    agency: d.Agency
    signer: QrSigner

    def register(
        self, lines: Sequence[RegisterLine], start: date, end: date, now: datetime
    ) -> bytes:
        return render_register(lines, self.agency, self.signer, start, end, now).pdf

    def control_sheets(self, lines: Sequence[RegisterLine], now: datetime) -> bytes:
        return render_control_sheets(lines, self.agency, self.signer, now)
