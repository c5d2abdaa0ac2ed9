"""Letters about a dossier after reception (issue 14 §2): the apology with a new date or an
extension (form 04), and the notice that processing stops (2025 form 05).

Rules enforced here, whatever the screen or the command line does (Decree 61/2018 Art. 19 cl. 9):
- an apology goes out for a dossier whose clock runs (accepted, result not yet at the desk); it is
  drawn in the form set in force *when the dossier was received*: Circular 01/2018 form 04 gives a
  new return date, Circular 03/2025 form 04 asks for an extension. Either way the letter records
  its reason and the new due date, computed by the office calendar as the old due date plus the
  extension in working days;
- the return date can be reset once only: a second apology is refused (and the store's unique
  (dossier, kind) refuses it even when two machines race);
- the law asks for the apology no later than one working day before the due date. It can be
  issued at any time while the clock runs (in particular from the working day before the due
  date, when the deadline watch flags it); one issued later is recorded as late (``on_time``);
- the applicant's contact details come with the plan (:meth:`LetterService.plan`), so the office
  can tell them by phone, e-mail or post;
- the notice of stopping (only the 2025 set has it; a dossier received under the 2018 set gets the
  set in force on the day of the notice) ends the dossier's processing: status ``stopped``;
- each letter writes its row, the dossier's change, its history event, audit event, document (PDF,
  on disk before the transaction opens: ``kiosk.document_first``), print job and outbox item in
  one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk import audit, outbox
from kiosk.blobs import BlobStore
from kiosk.calendar import WorkCalendar
from kiosk.deadlines import CLOCK_RUNS
from kiosk.document_first import DocumentFirst
from kiosk.dossier_types import STOPPED, Decision, DocumentInfo, DossierSnapshot
from kiosk.dossier_view import load_snapshot
from kiosk.errors import InvalidInput
from kiosk.machine import machine_id
from kiosk.models import Dossier, DossierEvent, DossierLetter
from kiosk.print_jobs import enqueue_print
from kiosk.reception import Renderer, _reason, dossier_payload
from kiosk.text import nfc

APOLOGY, STOP_NOTICE = "apology", "stop_notice"
MAX_EXTENSION_DAYS = 60
RESULT_HOUR = time(17, 0)  # the hour the calendar computes a due date from


@dataclass(frozen=True)
class LetterForms:
    """What the form set in force on a day says about letters (``printing.formsets``)."""

    set_id: str  # "2018" | "2025"
    apology_variant: str  # "new_date" (2018) | "extension" (2025)
    has_stop_notice: bool


FormsOn = Callable[[date], LetterForms]


@dataclass(frozen=True)
class Contact:
    """How the office reaches the applicant to tell them about the letter."""

    name: str
    phone: str
    email: str
    address: str

    @property
    def reachable(self) -> bool:
        return bool(self.phone or self.email or self.address)


@dataclass(frozen=True)
class LetterPlan:
    """What the apology dialog shows before the officer issues the letter."""

    dossier: DossierSnapshot
    contact: Contact
    forms: LetterForms  # of the day the dossier was received
    due_date: date | None
    latest_on_time: date | None  # the working day before the due date
    can_apologise: bool
    why_not: str  # Vietnamese, when it cannot
    can_stop: bool
    stop_forms: LetterForms | None  # the set the notice of stopping is drawn in

    @property
    def extends(self) -> bool:
        """The 2025 wording: an extension asked for, rather than a new date given."""
        return self.forms.apology_variant == "extension"


def contact_of(snap: DossierSnapshot) -> Contact:
    a = snap.applicant
    name = a.org_name if a.kind == "organisation" and a.org_name else a.full_name
    return Contact(name, a.phone, a.email, a.address)


class LetterService:
    """Apologies and notices of stopping. Thread-safe; every public method is one transaction."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        calendar: WorkCalendar,
        blobs: BlobStore,
        render: Renderer,
        forms_on: FormsOn,
        printer: str = "pdf",
        machine: str | None = None,
    ) -> None:
        self._sessions, self._calendar, self._forms_on = sessions, calendar, forms_on
        self._blobs, self._printer = blobs, printer
        self._machine = machine if machine is not None else machine_id(blobs.root.parent)
        self._documents = DocumentFirst(sessions, blobs, render)

    # --- what can be done -----------------------------------------------------------------------

    def plan(self, dossier_id: str, today: date) -> LetterPlan:
        """The dossier, its applicant's contact details and what letters it can get."""
        with self._sessions.begin() as s:
            snap = load_snapshot(s, dossier_id)
        received = snap.received_at.date() if snap.received_at else None
        forms = self._forms_on(received) if received else LetterForms("", "", False)
        why = self._why_no_apology(snap)
        stop_forms = self._stop_forms(snap, today) if snap.status in CLOCK_RUNS else None
        return LetterPlan(
            dossier=snap,
            contact=contact_of(snap),
            forms=forms,
            due_date=snap.due_date,
            latest_on_time=self.latest_on_time(snap.due_date) if snap.due_date else None,
            can_apologise=not why,
            why_not=why,
            can_stop=snap.status in CLOCK_RUNS and snap.letter(STOP_NOTICE) is None,
            stop_forms=stop_forms,
        )

    def latest_on_time(self, due: date) -> date:
        """The last day the apology is on time: the working day before the due date."""
        day = due - timedelta(days=1)
        for _ in range(3650):
            if self._calendar.is_working_day(day):
                return day
            day -= timedelta(days=1)
        return due - timedelta(days=1)

    def new_due_date(self, due: date, extension_days: int) -> date:
        """The due date ``extension_days`` working days after ``due`` (the office calendar)."""
        _check_extension(extension_days)
        return self._calendar.due(datetime.combine(due, RESULT_HOUR), extension_days, None)

    # --- the letters ----------------------------------------------------------------------------

    def apologise(
        self,
        dossier_id: str,
        officer_id: int | None,
        reason: str,
        extension_days: int,
        now: datetime,
    ) -> Decision:
        """Issue the apology (form 04) and reset the due date, once only."""
        reason = _reason(reason, "chậm trả kết quả", "the delay")
        _check_extension(extension_days)
        return self._documents.run(
            lambda: self._apologise(dossier_id, officer_id, reason, extension_days, now),
            ("văn bản xin lỗi", "the apology letter"),
        )

    def _apologise(self, dossier_id, officer_id, reason, extension_days, now) -> Decision:
        with self._sessions.begin() as s:
            dossier = _locked(s, dossier_id)
            snap = load_snapshot(s, dossier_id)
            why = self._why_no_apology(snap, dossier.due_date_reset)
            if why:
                raise InvalidInput(why, english="This dossier cannot get an apology letter.")
            forms = self._forms_on(dossier.received_at.date())
            old = dossier.due_date
            new = self.new_due_date(old, extension_days)
            on_time = now.date() <= self.latest_on_time(old)
            letter = DossierLetter(
                dossier_id=dossier.id,
                kind=APOLOGY,
                form_set=forms.set_id,
                variant=forms.apology_variant,
                reason=reason,
                old_due_date=old,
                new_due_date=new,
                extension_days=extension_days,
                on_time=on_time,
                officer_id=officer_id,
                issued_at=now,
            )
            dossier.due_date, dossier.due_date_reset = new, True
            what = "đề nghị gia hạn" if forms.apology_variant == "extension" else "hẹn lại"
            note = (
                f"Xin lỗi và {what} ngày trả kết quả: {old:%d/%m/%Y} → {new:%d/%m/%Y} "
                f"({extension_days} ngày làm việc). Lý do: {reason}"
                + ("" if on_time else " (gửi muộn hơn một ngày làm việc trước ngày hẹn)")
            )
            details = {
                "form_set": forms.set_id,
                "old_due_date": old.isoformat(),
                "new_due_date": new.isoformat(),
                "extension_days": extension_days,
                "on_time": on_time,
            }
            return self._record(
                s, dossier, letter, dossier.status, officer_id, note, "dossier.apology", details
            )

    def stop(
        self,
        dossier_id: str,
        officer_id: int | None,
        reason: str,
        stage: str,
        fee_settlement: str,
        now: datetime,
    ) -> Decision:
        """Stop processing the dossier, with the notice of 2025 form 05."""
        reason = _reason(reason, "dừng giải quyết", "stopping")
        stage = " ".join(nfc(stage).split())
        fee = " ".join(nfc(fee_settlement).split())
        if len(stage) < 3:
            raise InvalidInput(
                "Hãy ghi hồ sơ đã được xử lý đến bước nào.",
                english="Say which step processing reached.",
            )
        if len(fee) < 3:
            raise InvalidInput(
                "Hãy ghi cách xử lý phí, lệ phí đã nộp (hoặc “Không thu phí, lệ phí”).",
                english="Say what happens to fees already paid.",
            )
        return self._documents.run(
            lambda: self._stop(dossier_id, officer_id, reason, stage, fee, now),
            ("thông báo dừng giải quyết hồ sơ", "the notice of stopping"),
        )

    def _stop(self, dossier_id, officer_id, reason, stage, fee, now) -> Decision:
        with self._sessions.begin() as s:
            dossier = _locked(s, dossier_id)
            snap = load_snapshot(s, dossier_id)
            if snap.status not in CLOCK_RUNS:
                raise InvalidInput(
                    "Chỉ dừng giải quyết được hồ sơ đã tiếp nhận và đang giải quyết.",
                    english="Only a dossier being processed can be stopped.",
                )
            forms = self._stop_forms(snap, now.date())
            letter = DossierLetter(
                dossier_id=dossier.id,
                kind=STOP_NOTICE,
                form_set=forms.set_id,
                variant="",
                reason=reason,
                old_due_date=dossier.due_date,
                stage=stage,
                fee_settlement=fee,
                officer_id=officer_id,
                issued_at=now,
            )
            note = f"{reason} (đã xử lý đến bước: {stage})"
            details = {"form_set": forms.set_id}
            return self._record(
                s, dossier, letter, STOPPED, officer_id, note, "dossier.stopped", details
            )

    # --- helpers --------------------------------------------------------------------------------

    def _why_no_apology(self, snap: DossierSnapshot, reset: bool = False) -> str:
        if snap.status not in CLOCK_RUNS or snap.due_date is None:
            return (
                "Chỉ gửi văn bản xin lỗi cho hồ sơ đã tiếp nhận, đang giải quyết "
                "(chưa có kết quả, chưa trả, không dừng)."
            )
        done = snap.letter(APOLOGY)
        if done is not None or reset:
            when = f" ngày {done.issued_at:%d/%m/%Y}" if done else ""
            return (
                f"Hồ sơ này đã có văn bản xin lỗi và hẹn lại ngày trả{when}. Theo quy định, "
                "ngày trả kết quả chỉ được hẹn lại một lần."
            )
        return ""

    def _stop_forms(self, snap: DossierSnapshot, today: date) -> LetterForms:
        """The set in force at reception if it has the notice, else the one in force today."""
        at_reception = self._forms_on(snap.received_at.date()) if snap.received_at else None
        if at_reception is not None and at_reception.has_stop_notice:
            return at_reception
        forms = self._forms_on(today)
        if not forms.has_stop_notice:
            raise InvalidInput(
                "Bộ biểu mẫu đang áp dụng không có mẫu thông báo dừng giải quyết hồ sơ.",
                english="The form set in force has no notice of stopping.",
            )
        return forms

    def _record(
        self,
        s: Session,
        dossier: Dossier,
        letter: DossierLetter,
        status: str,
        officer_id: int | None,
        note: str,
        action: str,
        details: dict,
    ) -> Decision:
        s.add(letter)
        try:
            s.flush()  # the unique (dossier, kind): another machine issued it first
        except IntegrityError:
            raise InvalidInput(
                "Hồ sơ này vừa được gửi văn bản này ở máy khác; không gửi lần thứ hai.",
                english="This letter was just issued for this dossier on another machine.",
            ) from None
        dossier.status = status
        dossier.revision += 1
        event = DossierEvent(
            dossier_id=dossier.id,
            status=status,
            officer_id=officer_id,
            note=note,
            at=letter.issued_at,
        )
        s.add(event)
        audit.append(
            s,
            f"officer:{officer_id}",
            action,
            f"dossier:{dossier.id}",
            {"code": dossier.code, **details},
        )
        s.flush()
        snap = load_snapshot(s, dossier.id)
        kind = letter.kind
        sha = self._documents.document(s, kind, snap, False)
        queued = enqueue_print(
            s,
            sha,
            None,
            printer=self._printer,
            machine=self._machine,
            kind=kind,
            dossier_id=dossier.id,
            is_copy=False,
        )
        outbox.enqueue(
            s,
            action,
            dossier.id,
            dossier.revision,
            {"dossier": dossier_payload(snap), "document": kind, "letter": details},
        )
        s.flush()
        printed = DocumentInfo(queued.document_id, kind, sha, False, queued.created_at)
        return Decision(
            replace(snap, documents=snap.documents + (printed,)), kind, sha, queued.job_id
        )


def _locked(s: Session, dossier_id: str) -> Dossier:
    dossier = s.scalars(select(Dossier).where(Dossier.id == dossier_id).with_for_update()).first()
    if dossier is None:
        raise InvalidInput("Không tìm thấy hồ sơ.", english="Dossier not found.")
    return dossier


def _check_extension(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        raise InvalidInput(
            f"Số ngày làm việc gia hạn phải từ 1 đến {MAX_EXTENSION_DAYS}.",
            english=f"The extension must be 1-{MAX_EXTENSION_DAYS} working days.",
        )
