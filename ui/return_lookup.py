"""What the "Trả kết quả" page looks up, on the database worker (no widgets here).

A scanned receipt QR is verified offline before anything is looked up: against this machine's
public key and every trusted key in ``<data folder>/keys/trusted/*.pem`` (the public keys of the
other counters and kiosks of the agency, one PEM file each, copied there by the technician or the
central system). A forged or altered QR raises ``InvalidInput`` and nothing is read or written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from kiosk.deadlines import late_working_days
from kiosk.dossier_types import DossierSnapshot
from kiosk.errors import InvalidInput
from kiosk.receipt_qr import MAGIC, VerifiedPayload

log = logging.getLogger(__name__)


def is_qr_text(text: str) -> bool:
    head = text.strip()
    return head.startswith(MAGIC) or head.lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class ReturnLookup:
    """A dossier found for the return desk, and how it stands against its due date today."""

    dossier: DossierSnapshot
    from_qr: VerifiedPayload | None
    today: date
    late_working_days: int  # 0 when not late


def look_up(services, text: str, today: date) -> ReturnLookup:
    """Find the dossier for a scanned QR or a typed code; raise InvalidInput (Vietnamese) if impossible."""
    text = text.strip()
    if not text:
        raise InvalidInput("Hãy quét mã QR trên giấy tiếp nhận hoặc gõ mã hồ sơ.",
                           english="Scan the receipt QR or type the dossier code.")
    payload = None
    if is_qr_text(text):
        payload = services.verify_receipt(text)
        code = payload.dossier_code
        if not code:  # a supplement request or refusal of a dossier that never got a code
            raise InvalidInput(f"Đây là “{payload.document_name}”, không phải giấy tiếp nhận hồ sơ: hồ sơ chưa "
                               "được tiếp nhận nên chưa có kết quả để trả.",
                               english="This paper is not a receipt: the dossier was never accepted.")
    else:
        code = text.upper()
    snap = services.dossiers.find_by_code(code)
    if payload and payload.applicant_id and snap.applicant.id_number and \
            payload.applicant_id not in (snap.applicant.id_number, snap.applicant.tax_code):
        raise InvalidInput("Mã QR không khớp với hồ sơ đang lưu (khác số định danh người nộp). "
                           "Đề nghị đối chiếu với hồ sơ gốc.",
                           english="The QR does not match the stored dossier (applicant ID differs).")
    late = late_working_days(snap.due_date, today, services.calendar)
    return ReturnLookup(snap, payload, today, late)
