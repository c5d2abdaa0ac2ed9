"""One entry point for every document: pick the form set in force, sign the QR, draw the PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk.errors import InvalidInput
from kiosk.receipt_qr import QrPayload, QrSigner
from kiosk.timeutil import vietnam_now
from printing import data as d
from printing.documents import handouts, letters, reception, tracking
from printing.formsets import FormSet, get_set, in_force

Renderer = Callable[..., bytes]

# form key -> (input dataclass, drawing function, the date that picks the form set)
RENDERERS: dict[str, tuple[type, Renderer, Callable[[object], datetime]]] = {
    "receipt": (d.ReceiptData, reception.receipt, lambda x: x.received_at),
    "supplement": (d.SupplementData, reception.supplement, lambda x: x.issued_at),
    "refusal": (d.RefusalData, reception.refusal, lambda x: x.issued_at),
    "apology": (d.ApologyData, letters.apology, lambda x: x.issued_at),
    "stop_notice": (d.StopNoticeData, letters.stop_notice, lambda x: x.issued_at),
    "control_sheet": (d.ControlSheetData, tracking.control_sheet, lambda x: x.received_at),
    "register": (d.RegisterData, tracking.register, lambda x: x.issued_at),
    "checklist": (
        d.ChecklistHandoutData,
        handouts.checklist,
        lambda x: x.printed_at or vietnam_now(),
    ),
    "queue_ticket": (d.QueueTicketData, handouts.queue_ticket, lambda x: x.issued_at),
}


@dataclass(frozen=True)
class RenderedDocument:
    """A rendered PDF and what it is: form key, form set, the exact QR text printed on it."""

    pdf: bytes
    form_key: str
    form_set: str  # "2018" | "2025"
    circular: str
    name: str  # the document's name, as in the QR
    qr_text: str
    is_copy: bool = False
    media_type: str = "application/pdf"


def render(
    form_key: str,
    data: object,
    *,
    signer: QrSigner | None,
    form_set: FormSet | str | None = None,
    marking: d.Marking = d.ORIGINAL,
) -> RenderedDocument:
    """Render ``data`` as the form ``form_key`` of the set in force on the document's date.

    Pure CPU work (about 10-20 ms for an A5 receipt); safe to call from any thread. Pass
    ``marking=printing.data.COPY`` for reprints and ``SAMPLE`` for layout checks.

    Raises:
        InvalidInput: unknown form, data of the wrong type, no form set in force, a form the set
            does not have (e.g. ``stop_notice`` before 2025), or no signer for a form with a QR.
    """
    try:
        kind, draw, when = RENDERERS[form_key]
    except KeyError:
        raise InvalidInput(
            f"Không có biểu mẫu “{form_key}”. Các mẫu: {', '.join(RENDERERS)}.",
            english=f"Unknown form '{form_key}'.",
        ) from None
    if not isinstance(data, kind):
        raise InvalidInput(
            f"Dữ liệu không đúng cho biểu mẫu “{form_key}”.",
            english=f"{form_key} needs {kind.__name__}, got {type(data).__name__}.",
        )
    moment = when(data)
    chosen = (get_set(form_set) if isinstance(form_set, str) else form_set) or in_force(
        moment.date()
    )
    spec = chosen.form(form_key)
    qr_text = ""
    dossier = getattr(data, "dossier", None)
    # A paper about a dossier that has no code yet (a supplement request or a refusal at the
    # counter) gets no QR: a QR with an empty HS= field would identify nothing.
    if form_key != "queue_ticket" and (dossier is None or dossier.dossier_code):
        if signer is None:
            raise InvalidInput("Chưa có khóa ký mã QR trên máy này.", english="No QR signer.")
        qr_text = signer.sign(
            payload_for(form_key, data, spec.name, moment), lookup_url=_lookup_url(data) or None
        )
    pdf = draw(data, chosen, marking, qr_text)
    return RenderedDocument(
        pdf, form_key, chosen.id, chosen.circular, spec.name, qr_text, is_copy=marking.copy
    )


def payload_for(form_key: str, data, document_name: str, moment: datetime) -> QrPayload:
    """The Circular 01/2023 QR fields of one document (receipts add the appointment date)."""
    agency = data.agency
    dossier = getattr(data, "dossier", None)
    appointment = None
    if form_key == "receipt":
        appointment = data.due_at.date()
    elif form_key == "apology":
        appointment = data.new_due_at.date()
    issued = getattr(data, "issued_at", None) or moment
    return QrPayload(
        dossier_code=dossier.dossier_code if dossier else "",
        procedure_code=dossier.procedure_code if dossier else getattr(data, "procedure_code", ""),
        applicant_id=dossier.applicant.id_number if dossier else "",
        document_name=document_name,
        issuing_system=agency.issuing_system,
        issued_at=issued,
        appointment=appointment,
    )


def _lookup_url(data) -> str:
    agency = getattr(data, "agency", None)
    return getattr(agency, "lookup_url", "") or ""
