"""Returning results at the one-stop desk: find the dossier of a receipt, and the hand-over rule.

Rules enforced here, whatever the screen does:
- a scanned receipt QR is verified (``kiosk.receipt_qr.receipt_verifier``, injected so the keys
  come from the profile's paths) before anything is read; a QR without a dossier code (a
  supplement request, a refusal) has no result to return; a QR whose applicant ID differs from
  the stored dossier's is refused;
- a result is ready for hand-over when the dossier's status is "result ready" (``RESULT_READY``),
  or when the central system reported that status for an accepted dossier (``CentralStatus``,
  pulled by ``sync/pulls.py``); an accepted dossier whose result is ready by neither is handed
  over only when the officer confirms an early hand-over with a reason, which is written into the
  dossier's history and the audit log;
- the hand-over, its history event, audit event and outbox item are one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from kiosk import audit, outbox
from kiosk.calendar import WorkCalendar
from kiosk.deadlines import DueState, due_state, late_working_days
from kiosk.dossier_types import ACCEPTED, RESULT_READY, RETURNED, DossierSnapshot
from kiosk.dossier_view import DossierQueries, load_snapshot
from kiosk.errors import InvalidInput
from kiosk.models import CentralStatus, Dossier, DossierEvent
from kiosk.receipt_qr import MAGIC
from kiosk.reception import dossier_payload
from kiosk.text import nfc

MIN_EARLY_REASON = 10


class ReceiptPayload(Protocol):
    """What the return desk reads from a verified receipt QR."""

    dossier_code: str
    applicant_id: str
    document_name: str


Verifier = Callable[[str], ReceiptPayload]  # raises InvalidInput on a forged or unreadable QR


@dataclass(frozen=True)
class ReturnLookup:
    """A dossier found for the return desk, and how it stands against its due date today."""

    dossier: DossierSnapshot
    from_qr: ReceiptPayload | None
    today: date
    late_working_days: int  # 0 when not late
    due: DueState | None = None  # against today, while the result is still to be handed over
    central_status: str | None = None  # the status the central system last reported (pulled)

    @property
    def can_hand_over(self) -> bool:
        return self.dossier.status in (ACCEPTED, RESULT_READY)

    @property
    def ready_for_hand_over(self) -> bool:
        """The result is ready: recorded here, or reported by the central system."""
        return is_ready(self.dossier.status, self.central_status)

    @property
    def needs_early_confirmation(self) -> bool:
        """Accepted, but the result is ready by neither status: only an explicit early hand-over."""
        return self.dossier.status == ACCEPTED and not self.ready_for_hand_over


def is_ready(local_status: str, central_status: str | None) -> bool:
    """Ready for hand-over: the local status says so, or the central system does for a dossier
    still open here (accepted); never for one refused, returned or stopped here."""
    return local_status == RESULT_READY or (
        local_status == ACCEPTED and central_status == RESULT_READY
    )


def central_status(s: Session, dossier_id: str) -> str | None:
    row = s.get(CentralStatus, dossier_id)
    return row.status if row is not None else None


def is_qr_text(text: str) -> bool:
    head = text.strip()
    return head.startswith(MAGIC) or head.lower().startswith(("http://", "https://"))


class ReturnService:
    """The return desk. Thread-safe; each public method is one transaction."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        dossiers: DossierQueries,
        calendar: WorkCalendar,
        verify: Verifier,
    ) -> None:
        self._sessions, self._dossiers = sessions, dossiers
        self._calendar, self._verify = calendar, verify

    def look_up(self, text: str, today: date) -> ReturnLookup:
        """The dossier of a scanned QR or a typed code; InvalidInput (Vietnamese) if impossible."""
        text = text.strip()
        if not text:
            raise InvalidInput(
                "Hãy quét mã QR trên giấy tiếp nhận hoặc gõ mã hồ sơ.",
                english="Scan the receipt QR or type the dossier code.",
            )
        payload = None
        if is_qr_text(text):
            payload = self._verify(text)
            code = payload.dossier_code
            if not code:  # a supplement request or refusal of a dossier that never got a code
                raise InvalidInput(
                    f"Đây là “{payload.document_name}”, không phải giấy tiếp nhận hồ sơ: hồ sơ "
                    "chưa được tiếp nhận nên chưa có kết quả để trả.",
                    english="This paper is not a receipt: the dossier was never accepted.",
                )
        else:
            code = text.upper()
        snap = self._dossiers.find_by_code(code)
        a = snap.applicant
        if (
            payload
            and payload.applicant_id
            and a.id_number
            and payload.applicant_id not in (a.id_number, a.tax_code)
        ):
            raise InvalidInput(
                "Mã QR không khớp với hồ sơ đang lưu (khác số định danh người nộp). "
                "Đề nghị đối chiếu với hồ sơ gốc.",
                english="The QR does not match the stored dossier (applicant ID differs).",
            )
        late = late_working_days(snap.due_date, today, self._calendar)
        due = None
        if snap.due_date is not None and snap.status in (ACCEPTED, RESULT_READY):
            due = due_state(snap.due_date, today, self._calendar)
        with self._sessions.begin() as s:
            central = central_status(s, snap.id)
        return ReturnLookup(snap, payload, today, late, due, central)

    def mark_result_ready(
        self, dossier_id: str, officer_id: int | None, now: datetime
    ) -> DossierSnapshot:
        """Record that the processing agency's result has arrived at the desk."""
        with self._sessions.begin() as s:
            dossier = _get(s, dossier_id)
            if dossier.status != ACCEPTED:
                raise InvalidInput(
                    "Chỉ hồ sơ đã tiếp nhận, đang giải quyết mới ghi nhận có kết quả.",
                    english="Only an accepted dossier in progress can get a result.",
                )
            return _change(
                s,
                dossier,
                RESULT_READY,
                officer_id,
                "Đã nhận kết quả giải quyết",
                "dossier.result_ready",
                {},
                now,
            )

    def hand_over(
        self,
        dossier_id: str,
        officer_id: int | None,
        recipient: str,
        authorised: bool,
        now: datetime,
        *,
        early_reason: str | None = None,
    ) -> DossierSnapshot:
        """Record that the result was handed to the applicant or an authorised person.

        ``early_reason`` is the officer's explicit confirmation of a hand-over before the result is
        recorded as ready; without it only a dossier ready for hand-over (``is_ready``) can be.
        """
        recipient = " ".join(nfc(recipient).split())
        if len(recipient) < 2:
            raise InvalidInput(
                "Hãy ghi tên người nhận kết quả.", english="Enter who receives the result."
            )
        early = " ".join(nfc(early_reason or "").split())
        with self._sessions.begin() as s:
            dossier = _get(s, dossier_id)
            ready = is_ready(dossier.status, central_status(s, dossier.id))
            if dossier.status == ACCEPTED and not ready:
                if not early_reason:
                    raise InvalidInput(
                        "Hồ sơ chưa được ghi nhận là đã có kết quả. Chỉ trả sớm khi xác nhận rõ, "
                        "kèm lý do.",
                        english="The result is not recorded as ready: an early hand-over needs "
                        "an explicit confirmation with a reason.",
                    )
                if len(early) < MIN_EARLY_REASON:
                    raise InvalidInput(
                        f"Hãy ghi lý do trả sớm (ít nhất {MIN_EARLY_REASON} ký tự).",
                        english="Give the reason for the early hand-over.",
                    )
            elif not ready:
                raise InvalidInput(
                    "Hồ sơ này không ở trạng thái chờ trả kết quả.",
                    english="This dossier is not waiting for its result to be returned.",
                )
            who = "người được ủy quyền" if authorised else "người nộp hồ sơ"
            note = f"Trả cho {who}: {recipient}"
            details = {"authorised": authorised}
            if dossier.status == ACCEPTED and not ready:
                note += f" (trả sớm, trước khi ghi nhận có kết quả; lý do: {early})"
                details["early"] = True
            return _change(s, dossier, RETURNED, officer_id, note, "dossier.returned", details, now)


def _get(s: Session, dossier_id: str) -> Dossier:
    dossier = s.get(Dossier, dossier_id)
    if dossier is None:
        raise InvalidInput("Không tìm thấy hồ sơ.", english="Dossier not found.")
    return dossier


def _change(
    s: Session,
    dossier: Dossier,
    status: str,
    officer_id: int | None,
    note: str,
    action: str,
    details: dict,
    now: datetime,
) -> DossierSnapshot:
    dossier.status = status
    dossier.revision += 1
    s.add(
        DossierEvent(dossier_id=dossier.id, status=status, officer_id=officer_id, note=note, at=now)
    )
    audit.append(s, f"officer:{officer_id}", action, f"dossier:{dossier.id}", details)
    s.flush()
    snap = load_snapshot(s, dossier.id)
    outbox.enqueue(
        s,
        action,
        dossier.id,
        dossier.revision,
        {"dossier": dossier_payload(snap), "at": now, **details},
    )
    return snap
