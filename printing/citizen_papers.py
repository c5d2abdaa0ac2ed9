"""What the citizen kiosk prints: the checklist handout of a procedure (with the fee's VietQR when
the office has a collection account) and the queue ticket (ESC/POS raster and PDF)."""

from __future__ import annotations

import io
import shutil
from datetime import datetime
from pathlib import Path

from kiosk.catalog import ChecklistEntry, ProcedureDetail
from kiosk.catalog_fees import money
from kiosk.receipt_qr import QrSigner
from kiosk.ticketing import IssuedTicket
from kiosk.vietqr import CollectionAccount, payment_payload
from printing import data as d
from printing.backends import EscposPrinter, Printer, printer_from_spec
from printing.render import RenderedDocument, render
from printing.thermal import ticket_image

PRESENT_ONLY = "Chỉ mang theo để xuất trình, không nộp"


def entry_condition(e: ChecklistEntry) -> str:
    """The handout's "when needed" cell: the condition, or that a paper is only shown."""
    if e.kind == "present":
        return PRESENT_ONLY
    if not e.required or e.kind == "conditional":
        return e.condition or "Khi thuộc trường hợp phải có"
    return ""


def fee_payment(detail: ProcedureDetail, account: CollectionAccount | None) -> tuple[str, str]:
    """(VietQR payload, text beside it) for the fee; ("", "") when free or without an account."""
    if account is None or detail.fee.rule == "free":
        return "", ""
    amount = detail.fee.for_channel("direct")
    if amount == 0:
        return "", ""
    payload = payment_payload(
        account, amount, bill=detail.code, purpose=f"Le phi TTHC {detail.code}"
    )
    lines = [f"Tài khoản: {account.account} (mã ngân hàng {account.bank_bin})"]
    if account.name:
        lines.append(f"Chủ tài khoản: {account.name}")
    lines.append(
        f"Số tiền: {money(amount)}"
        if amount
        else "Số tiền: theo mức cán bộ thông báo (mã QR không ghi sẵn số tiền)"
    )
    lines.append(f"Nội dung: Le phi TTHC {detail.code}")
    return payload, "\n".join(lines)


def handout_data(
    detail: ProcedureDetail,
    agency: d.Agency,
    now: datetime,
    account: CollectionAccount | None = None,
) -> d.ChecklistHandoutData:
    qr, text = fee_payment(detail, account)
    return d.ChecklistHandoutData(
        agency=agency,
        procedure_code=detail.code,
        procedure_name=detail.name,
        entries=tuple(
            d.ChecklistEntry(
                e.name,
                originals=e.originals,
                certified=e.certified_copies,
                photocopies=e.photocopies + e.copies,
                condition=entry_condition(e),
            )
            for e in detail.checklist
        ),
        time_limit=detail.time_limit_text(),
        fee=detail.fee.describe(),
        result=detail.result,
        legal_basis=detail.legal_basis,
        printed_at=now,
        version_note=f"Theo {detail.source_decision}" if detail.source_decision else "",
        payment_qr=qr,
        payment_text=text,
    )


def render_handout(
    detail: ProcedureDetail,
    agency: d.Agency,
    signer: QrSigner,
    now: datetime,
    account: CollectionAccount | None = None,
) -> RenderedDocument:
    return render("checklist", handout_data(detail, agency, now, account), signer=signer)


def ticket_data(issued: IssuedTicket, agency_name: str) -> d.QueueTicketData:
    return d.QueueTicketData(
        agency_name=agency_name,
        number=issued.label,
        service=issued.area.vi,
        issued_at=issued.ticket.issued_at,
        waiting_ahead=issued.ahead,
    )


def ticket_pdf(data: d.QueueTicketData) -> bytes:
    return render("queue_ticket", data, signer=None).pdf


def ticket_png(data: d.QueueTicketData) -> bytes:
    out = io.BytesIO()
    ticket_image(data).save(out, format="PNG")
    return out.getvalue()


def print_ticket_escpos(data: d.QueueTicketData, device) -> str:
    """Send the ticket to a python-escpos device (Usb, Network, File, Dummy) as a raster."""
    return EscposPrinter(device, name="ticket").print_raster(ticket_image(data), data.number)


class KioskPrinting:
    """The kiosk's two printers and its session spool (``spool``: rendered files of the current
    citizen, removed by :meth:`wipe`). Printing happens on a worker thread (``ui/tasks.py``)."""

    def __init__(
        self,
        *,
        agency: d.Agency,
        signer: QrSigner,
        account: CollectionAccount | None,
        handout_printer: Printer,
        ticket_printer: Printer,
        spool: Path,
    ) -> None:
        self.agency, self.signer, self.account = agency, signer, account
        self.handout_printer, self.ticket_printer = handout_printer, ticket_printer
        self.spool = spool

    def print_handout(self, detail: ProcedureDetail, now: datetime) -> RenderedDocument:
        doc = render_handout(detail, self.agency, self.signer, now, self.account)
        self._spooled(f"checklist-{detail.code}.pdf", doc.pdf)
        self.handout_printer.print_pdf(doc.pdf, f"checklist-{detail.code}")
        return doc

    def print_ticket(self, issued: IssuedTicket) -> d.QueueTicketData:
        data = ticket_data(issued, self.agency.name)
        if isinstance(self.ticket_printer, EscposPrinter):
            self.ticket_printer.print_raster(ticket_image(data), data.number)
        else:
            pdf = ticket_pdf(data)
            self._spooled(f"ticket-{data.number}.pdf", pdf)
            self.ticket_printer.print_pdf(pdf, f"ticket-{data.number}")
        return data

    def _spooled(self, name: str, content: bytes) -> Path:
        self.spool.mkdir(parents=True, exist_ok=True)
        path = self.spool / name
        path.write_bytes(content)
        return path

    def spooled(self) -> list[Path]:
        return sorted(self.spool.iterdir()) if self.spool.is_dir() else []

    def wipe(self) -> None:
        """Remove every file of the session's spool (and the folder)."""
        shutil.rmtree(self.spool, ignore_errors=True)


def ticket_printer_from_spec(spec: str, *, pdf_folder: Path) -> Printer:
    """``printer_from_spec`` plus ``escpos:dummy`` (an in-memory ESC/POS device, for demos)."""
    if spec == "escpos:dummy":
        from escpos.printer import Dummy

        return EscposPrinter(Dummy(), name=spec)
    return printer_from_spec(spec, pdf_folder=pdf_folder)
