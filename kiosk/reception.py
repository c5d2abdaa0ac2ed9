"""Receiving a dossier at the counter: the draft, the checklist, and the three decisions.

Rules enforced here, whatever the UI does (DESIGN §4):
- the items of a dossier are exactly its procedure version's checklist, frozen at reception; the
  officer can only record extra papers as *voluntary*;
- a procedure version is used only on dates within its effective range and not when abolished;
- a supplement request lists only checklist items, and all incomplete required ones at once; a
  second request for the same dossier needs a supervisor;
- each decision writes its status, history, audit event, document (PDF blob), print job and outbox
  item in one transaction: after a crash there is either all of it or none of it. The document is
  rendered and fsynced before that transaction opens (kiosk/document_first.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date, datetime, time
from functools import wraps

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk import audit, eform, outbox
from kiosk.blobs import BlobStore
from kiosk.calendar import WorkCalendar
from kiosk.catalog import eform_from_json
from kiosk.code_service import CodeService
from kiosk.document_first import DocumentFirst, explain
from kiosk.dossier_types import (
    ACCEPTED,
    DRAFT,
    REFUSED,
    SUPPLEMENT_REQUESTED,
    Applicant,
    Decision,
    DocumentInfo,
    DossierSnapshot,
    DossierStatus,
    ItemCounts,
)
from kiosk.dossier_view import (
    applicant_to_json,
    find_variant,
    load_snapshot,
    version_in_force,
)
from kiosk.drafts import delete_draft
from kiosk.errors import InvalidInput
from kiosk.identity import validate_personal_id
from kiosk.machine import machine_id
from kiosk.models import (
    ChecklistItem,
    Dossier,
    DossierEvent,
    DossierItem,
    Officer,
    ProcedureVersion,
)
from kiosk.print_jobs import QueuedPrint, enqueue_print
from kiosk.public_text import public_text
from kiosk.register import RegisterService
from kiosk.scanning.pages import forget_pages, unsealed_pages
from kiosk.text import fold, nfc

# render(kind, snapshot, is_copy) -> PDF bytes; kinds: receipt, supplement, refusal
Renderer = Callable[[str, DossierSnapshot, bool], bytes]
MIN_REASON = 10


def _document_first(what_vi: str, what_en: str):
    """The decision's document is rendered and on disk before its write transaction opens; a
    storage failure says that ``what`` was NOT saved."""

    def decorate(method):
        @wraps(method)
        def run(self, *args, **kwargs):
            return self._documents.run(lambda: method(self, *args, **kwargs), (what_vi, what_en))

        return run

    return decorate


class ReceptionService:
    """Dossier reception for one counter. Thread-safe; every public method is one transaction."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        calendar: WorkCalendar,
        codes: CodeService,
        blobs: BlobStore,
        render: Renderer,
        agency_code: str,
        counter: int,
        cutoff: time = time(15, 0),
        receipt_printer: str = "pdf",
        machine: str | None = None,
        register: RegisterService | None = None,
    ) -> None:
        self._sessions, self._calendar, self._codes = sessions, calendar, codes
        self._register = register or RegisterService(sessions)
        self._blobs, self._render = blobs, render
        self._agency, self._counter, self._cutoff = agency_code, counter, cutoff
        self._printer = receipt_printer
        # the machine holding ``blobs`` prints its documents (default: the id in their data folder)
        self._machine = machine if machine is not None else machine_id(blobs.root.parent)
        self._documents = DocumentFirst(sessions, blobs, render)

    # --- draft ----------------------------------------------------------------------------------

    def create_draft(
        self,
        version_id: int,
        officer_id: int | None,
        now: datetime,
        ticket_id: int | None = None,
        *,
        replacing: str | None = None,
    ) -> DossierSnapshot:
        """Start a dossier under a procedure version in force today, with its checklist frozen.

        ``replacing``: the draft of the same visit under another procedure (the officer changed the
        procedure): its applicant and ticket carry over and it is discarded, in this transaction.
        """
        dead: set[str] = set()  # the replaced draft's page files, removed after commit
        with self._sessions.begin() as s:
            version = version_in_force(s, version_id, now.date())
            applicant: dict = {}
            name_folded, id_number = "", None
            if replacing is not None:
                old = self._editable(s, replacing)
                applicant, ticket_id = dict(old.applicant or {}), ticket_id or old.ticket_id
                name_folded, id_number = old.applicant_name_folded, old.applicant_id_number
                dead = delete_draft(
                    s, old, f"officer:{officer_id}", "procedure changed", self._blobs
                )
            dossier = Dossier(
                procedure_version_id=version.id,
                applicant=applicant,
                status=DRAFT,
                applicant_name_folded=name_folded,
                applicant_id_number=id_number,
                officer_id=officer_id,
                counter=self._counter,
                ticket_id=ticket_id,
                rules={"catalog_version": version.version},
            )
            s.add(dossier)
            s.flush()
            items = s.scalars(
                select(ChecklistItem)
                .where(ChecklistItem.version_id == version.id)
                .order_by(ChecklistItem.position)
            )
            for pos, item in enumerate(items, start=1):
                s.add(
                    DossierItem(
                        dossier_id=dossier.id,
                        checklist_item_id=item.id,
                        position=pos,
                        name=public_text(item.name),
                    )
                )
            self._event(s, dossier, DRAFT, officer_id)
            snap = load_snapshot(s, dossier.id)
        self._blobs.remove_files(self._sessions, dead)
        return snap

    def save_applicant(self, dossier_id: str, applicant: Applicant) -> DossierSnapshot:
        """Validate and store who applies (fields read from the card keep their "card" mark)."""
        applicant = _clean_applicant(applicant)
        with self._sessions.begin() as s:
            dossier = self._editable(s, dossier_id)
            dossier.applicant = applicant_to_json(applicant)
            dossier.applicant_id_number = applicant.id_number or applicant.tax_code or None
            dossier.applicant_name_folded = fold(f"{applicant.full_name} {applicant.org_name}")
            return load_snapshot(s, dossier_id)

    def set_counts(self, dossier_id: str, counts: dict[int, ItemCounts]) -> DossierSnapshot:
        """Record the papers received per dossier item id (checklist or voluntary items only)."""
        with self._sessions.begin() as s:
            self._editable(s, dossier_id)
            items = {
                i.id: i
                for i in s.scalars(select(DossierItem).where(DossierItem.dossier_id == dossier_id))
            }
            for item_id, c in counts.items():
                if item_id not in items:
                    raise InvalidInput(
                        "Giấy tờ này không thuộc hồ sơ đang tiếp nhận.",
                        english="This paper is not part of the dossier.",
                    )
                if min(c.originals, c.certified_copies, c.photocopies) < 0 or c.total > 999:
                    raise InvalidInput(
                        f"Số lượng giấy tờ của “{items[item_id].name}” không hợp lệ.",
                        english="Invalid paper count.",
                    )
                item = items[item_id]
                item.originals, item.certified_copies, item.photocopies = (
                    c.originals,
                    c.certified_copies,
                    c.photocopies,
                )
            return load_snapshot(s, dossier_id)

    def add_voluntary(self, dossier_id: str, name: str, counts: ItemCounts) -> DossierSnapshot:
        """Record a paper the applicant gives of their own accord; it is never a required
        document."""
        name = nfc(name)
        if len(name) < 3:
            raise InvalidInput(
                "Hãy ghi tên giấy tờ nộp thêm (ít nhất 3 ký tự).",
                english="Name the extra paper (at least 3 characters).",
            )
        with self._sessions.begin() as s:
            self._editable(s, dossier_id)
            last = (
                s.scalar(
                    select(DossierItem.position)
                    .where(DossierItem.dossier_id == dossier_id)
                    .order_by(DossierItem.position.desc())
                    .limit(1)
                )
                or 0
            )
            s.add(
                DossierItem(
                    dossier_id=dossier_id,
                    checklist_item_id=None,
                    position=last + 1,
                    name=name,
                    voluntary=True,
                    originals=counts.originals,
                    certified_copies=counts.certified_copies,
                    photocopies=counts.photocopies,
                )
            )
            s.flush()
            return load_snapshot(s, dossier_id)

    def remove_voluntary(self, dossier_id: str, item_id: int) -> DossierSnapshot:
        with self._sessions.begin() as s:
            self._editable(s, dossier_id)
            item = s.get(DossierItem, item_id)
            if item is None or item.dossier_id != dossier_id or not item.voluntary:
                raise InvalidInput(
                    "Chỉ xóa được giấy tờ nộp thêm; thành phần hồ sơ theo quy định thì không.",
                    english="Only voluntary papers can be removed.",
                )
            s.delete(item)
            return load_snapshot(s, dossier_id)

    def save_eform(self, dossier_id: str, answers: dict, on: date | None = None) -> DossierSnapshot:
        """Store the e-form's answers, cleaned; refuse any malformed answer (kiosk.eform), changing
        nothing. Required fields may still be empty: acceptance checks them, a supplement does not.
        ``on`` is the day of reception (default today): no date may be after it."""
        with self._sessions.begin() as s:
            dossier = self._editable(s, dossier_id)
            version = s.get(ProcedureVersion, dossier.procedure_version_id)
            form = eform_from_json(version.eform)
            dossier.eform = eform.validate(form, answers, on=on or date.today(), complete=False)
            return load_snapshot(s, dossier_id)

    def attach_pdf(self, dossier_id: str, item_id: int, pdf: bytes, pages: int) -> DossierSnapshot:
        """Store the digitised copy of one item (the file is on disk before the row points to
        it)."""
        if not pdf.startswith(b"%PDF") or pages < 1:
            raise InvalidInput(
                "Tệp số hóa không phải PDF hợp lệ.",
                english="The digitised file is not a valid PDF.",
            )
        sha = self._blobs.write_file(pdf)  # fsynced before the write transaction opens
        try:
            with self._sessions.begin() as s:
                self._editable(s, dossier_id)
                item = s.get(DossierItem, item_id)
                if item is None or item.dossier_id != dossier_id:
                    raise InvalidInput(
                        "Giấy tờ này không thuộc hồ sơ đang tiếp nhận.",
                        english="This paper is not part of the dossier.",
                    )
                self._blobs.add_row(s, sha, len(pdf), "application/pdf")
                item.pdf_sha256 = sha
                item.pages = pages
                return load_snapshot(s, dossier_id)
        except Exception as exc:
            self._documents.discard(sha)
            failure = explain(exc, "bản số hóa của giấy tờ", "the digitised copy")
            if failure is None or failure is exc:
                raise
            raise failure from exc

    def resume(self, dossier_id: str, officer_id: int | None) -> DossierSnapshot:
        """Take back a dossier whose applicant returns with the requested papers."""
        with self._sessions.begin() as s:
            dossier = self._get(s, dossier_id)
            if dossier.status != SUPPLEMENT_REQUESTED:
                raise InvalidInput(
                    "Chỉ tiếp tục được hồ sơ đang chờ bổ sung.",
                    english="Only a dossier waiting for a supplement can be resumed.",
                )
            dossier.status = DRAFT
            self._event(s, dossier, DRAFT, officer_id, "Công dân nộp bổ sung")
            return load_snapshot(s, dossier_id)

    # --- decisions ------------------------------------------------------------------------------

    @_document_first(
        "việc tiếp nhận hồ sơ (mã hồ sơ, giấy tiếp nhận)", "accepting the dossier (code, receipt)"
    )
    def accept(self, dossier_id: str, officer_id: int | None, now: datetime) -> Decision:
        """Accept a complete dossier: code, due date, receipt, print job and outbox item,
        atomically."""
        with self._sessions.begin() as s:
            dossier = self._editable(s, dossier_id)
            version = version_in_force(s, dossier.procedure_version_id, now.date())
            snap = load_snapshot(s, dossier_id)
            _check_applicant(snap.applicant)
            eform.validate(eform_from_json(version.eform), snap.eform, on=now.date(), complete=True)
            if snap.missing_required:
                names = "; ".join(i.name for i in snap.missing_required)
                raise InvalidInput(
                    f"Hồ sơ chưa đủ thành phần theo quy định: {names}.",
                    english="The dossier lacks required papers.",
                )
            unsealed = unsealed_pages(s, dossier_id)  # they would never reach a sealed PDF
            if unsealed:
                raise InvalidInput(
                    f"Còn {unsealed} trang đã quét chưa niêm phong; hãy niêm phong hoặc xóa chúng "
                    "ở bước Số hóa.",
                    english="Scanned pages are not sealed yet (digitise step).",
                )
            _time_limit(version, dossier.variant_code)  # refuses before any number is taken
            cutoff = time.fromisoformat(version.cutoff) if version.cutoff else self._cutoff
            # before the dossier changes: its flush then holds none of them, so accepting stays
            # one row change of the dossier (its audit event)
            self._register.allocate_in(s, dossier.id, self._agency, now.year, self._counter)
            dossier.code = self._codes.allocate_in(s, self._agency, now.date(), self._counter)
            dossier.received_at = now
            value, unit = _time_limit(version, dossier.variant_code)
            dossier.due_date = self._calendar.due(now, value, unit, cutoff)  # own unit (#10)
            dossier.officer_id = officer_id
            return self._decide(
                s, dossier, ACCEPTED, "receipt", officer_id, "dossier.accepted", None
            )

    @_document_first("yêu cầu bổ sung hồ sơ", "the supplement request")
    def request_supplement(
        self,
        dossier_id: str,
        officer_id: int | None,
        item_ids: list[int],
        reason: str,
        supervisor_id: int | None = None,
    ) -> Decision:
        """Ask for the missing checklist papers, all at once; a second request needs a
        supervisor."""
        reason = _reason(reason, "yêu cầu bổ sung", "the supplement request")
        with self._sessions.begin() as s:
            dossier = self._editable(s, dossier_id)
            snap = load_snapshot(s, dossier_id)
            by_id = {i.id: i for i in snap.items}
            if not item_ids:
                raise InvalidInput(
                    "Hãy chọn giấy tờ cần bổ sung.", english="Choose the papers to supplement."
                )
            for item_id in item_ids:
                item = by_id.get(item_id)
                if item is None or item.voluntary or item.checklist_item_id is None:
                    raise InvalidInput(
                        "Chỉ được yêu cầu bổ sung giấy tờ có trong thành phần hồ sơ đã công bố.",
                        english="Only published checklist items can be requested.",
                    )
            left_out = [i.name for i in snap.missing_required if i.id not in item_ids]
            if left_out:
                raise InvalidInput(
                    "Phải yêu cầu bổ sung một lần tất cả giấy tờ còn thiếu; chưa chọn: "
                    + "; ".join(left_out)
                    + ".",
                    english="Every missing paper must be requested at once.",
                )
            note = reason
            if dossier.supplement_requests >= 1:
                supervisor = s.get(Officer, supervisor_id) if supervisor_id else None
                if supervisor is None or supervisor.role != "supervisor" or not supervisor.active:
                    raise InvalidInput(
                        "Yêu cầu bổ sung lần thứ hai phải có lãnh đạo (giám sát) phê duyệt.",
                        english="A second supplement request needs a supervisor's approval.",
                    )
                note = (
                    f"{reason} (lần {dossier.supplement_requests + 1}, "
                    f"phê duyệt: {supervisor.full_name})"
                )
            dossier.supplement_requests += 1
            dossier.rules = {**dossier.rules, "supplement_items": list(item_ids)}
            return self._decide(
                s,
                dossier,
                SUPPLEMENT_REQUESTED,
                "supplement",
                officer_id,
                "dossier.supplement_requested",
                note,
                supervisor_id=supervisor_id,
            )

    @_document_first("việc từ chối tiếp nhận", "the refusal")
    def refuse(self, dossier_id: str, officer_id: int | None, reason: str) -> Decision:
        """Refuse to receive the dossier, with the reason written on form 03."""
        reason = _reason(reason, "từ chối", "refusing")
        with self._sessions.begin() as s:
            dossier = self._editable(s, dossier_id)
            # pages never sealed will never be: they go (the sealed papers stay with the record)
            dead = forget_pages(s, self._blobs, dossier_id, sealed_too=False)
            decision = self._decide(
                s, dossier, REFUSED, "refusal", officer_id, "dossier.refused", reason
            )
        self._blobs.remove_files(self._sessions, dead)
        return decision

    @_document_first("bản in lại", "the reprint")
    def reprint(
        self, dossier_id: str, kind: str, officer_id: int | None, printer: str | None = None
    ) -> Decision:
        """Print a document of this dossier again, marked as a copy (BẢN SAO), on ``printer`` (a
        config printer spec; default: this counter's receipt printer)."""
        with self._sessions.begin() as s:
            snap = load_snapshot(s, dossier_id)
            if kind not in {d.kind for d in snap.documents}:
                raise InvalidInput(
                    "Hồ sơ này chưa có giấy tờ loại này để in lại.",
                    english="This dossier has no such document to reprint.",
                )
            sha = self._documents.document(s, kind, snap, True)
            queued = self._print(s, sha, kind, dossier_id, is_copy=True, printer=printer)
            audit.append(
                s,
                f"officer:{officer_id}",
                "document.reprint",
                f"dossier:{dossier_id}",
                {"kind": kind},
            )
            s.flush()
            return Decision(load_snapshot(s, dossier_id), kind, sha, queued.job_id)

    # --- helpers --------------------------------------------------------------------------------

    def _decide(
        self,
        s: Session,
        dossier: Dossier,
        status: DossierStatus,
        kind: str,
        officer_id: int | None,
        action: str,
        note: str | None,
        **audit_details,
    ) -> Decision:
        dossier.status = status
        dossier.revision += 1
        self._event(s, dossier, status, officer_id, note)
        audit.append(
            s,
            f"officer:{officer_id}",
            action,
            f"dossier:{dossier.id}",
            {"code": dossier.code, **{k: v for k, v in audit_details.items() if v is not None}},
        )
        s.flush()
        snap = load_snapshot(s, dossier.id)
        sha = self._documents.document(s, kind, snap, False)
        queued = self._print(s, sha, kind, dossier.id, is_copy=False)
        outbox.enqueue(
            s,
            action,
            dossier.id,
            dossier.revision,
            {"dossier": dossier_payload(snap), "document": kind},
        )
        s.flush()
        printed = DocumentInfo(queued.document_id, kind, sha, False, queued.created_at)
        return Decision(
            replace(snap, documents=snap.documents + (printed,)), kind, sha, queued.job_id
        )

    def _print(
        self,
        s: Session,
        sha: str,
        kind: str,
        dossier_id: str,
        *,
        is_copy: bool,
        printer: str | None = None,
    ) -> QueuedPrint:
        """Queue the dossier document ``sha`` (on disk, its Blob row added) on this machine."""
        return enqueue_print(
            s,
            sha,
            None,
            printer=printer or self._printer,
            machine=self._machine,
            kind=kind,
            dossier_id=dossier_id,
            is_copy=is_copy,
        )

    def _event(
        self,
        s: Session,
        dossier: Dossier,
        status: DossierStatus,
        officer_id: int | None,
        note: str | None = None,
    ) -> None:
        s.add(DossierEvent(dossier_id=dossier.id, status=status, officer_id=officer_id, note=note))

    def _get(self, s: Session, dossier_id: str) -> Dossier:
        dossier = s.get(Dossier, dossier_id)
        if dossier is None:
            raise InvalidInput("Không tìm thấy hồ sơ.", english="Dossier not found.")
        return dossier

    def choose_variant(self, dossier_id: str, code: str | None) -> DossierSnapshot:
        """Record the case of the procedure (``cases[]`` of the national catalog) the officer
        picked for a draft; its own time limit sets the due date. None forgets the choice."""
        with self._sessions.begin() as s:
            dossier = self._editable(s, dossier_id)
            if code is not None:
                version = s.get(ProcedureVersion, dossier.procedure_version_id)
                if find_variant(version.details, code) is None:
                    raise InvalidInput(
                        f"“{code}” không phải một trường hợp của thủ tục này.",
                        english=f"'{code}' is not a case of this procedure.",
                    )
            dossier.variant_code = code
            s.flush()
            return load_snapshot(s, dossier_id)

    def _editable(self, s: Session, dossier_id: str) -> Dossier:
        dossier = self._get(s, dossier_id)
        if dossier.status != DRAFT:
            raise InvalidInput(
                "Hồ sơ đã có quyết định tiếp nhận; không sửa được nữa.",
                english="The dossier has been decided and can no longer be edited.",
            )
        return dossier


def _time_limit(version: ProcedureVersion, variant_code: str | None) -> tuple:
    """(value, unit) of the limit that sets the due date: the chosen case's own limit, else the
    procedure's (also for a case whose limit is only text). Refuses when the procedure's cases
    have different limits and none was chosen."""
    variants = (version.details or {}).get("variants") or ()
    chosen = find_variant(version.details, variant_code)
    own = (chosen or {}).get("time_limit") or {}
    if own.get("unit") not in (None, "text"):
        return own.get("value"), own["unit"]
    limits = {_limit_key(x.get("time_limit")) for x in variants}
    if chosen is None and len(variants) >= 2 and len(limits) > 1:
        raise InvalidInput(
            "Hãy chọn trường hợp của thủ tục (mỗi trường hợp có thời hạn giải quyết riêng) "
            "trước khi tiếp nhận.",
            english="Choose the case of the procedure first: each has its own time limit.",
        )
    value = version.time_limit_value if version.time_limit_unit else version.time_limit_days
    return value, version.time_limit_unit


def _limit_key(limit: dict | None) -> tuple:
    limit = limit or {}
    text = limit.get("text") if limit.get("unit") == "text" else None
    return limit.get("unit"), limit.get("value"), text


def _reason(text: str, what_vi: str, what_en: str) -> str:
    """The reason written on a supplement request or refusal: NFC, and long enough to mean
    something."""
    text = nfc(text)
    if len(text) < MIN_REASON:
        raise InvalidInput(
            f"Hãy ghi rõ lý do {what_vi} (ít nhất {MIN_REASON} ký tự).",
            english=f"Give the reason for {what_en} ({MIN_REASON}+ characters).",
        )
    return text


def _clean_applicant(a: Applicant) -> Applicant:
    text = {
        k: nfc(getattr(a, k))
        for k in (
            "full_name",
            "address",
            "phone",
            "email",
            "org_name",
            "acting_for",
            "relationship",
            "gender",
        )
    }
    return replace(a, **text, id_number=a.id_number.strip(), tax_code=a.tax_code.strip())


def _check_applicant(a: Applicant) -> None:
    if a.kind == "organisation":
        if not a.org_name:
            raise InvalidInput(
                "Hãy ghi tên tổ chức nộp hồ sơ.", english="Enter the organisation's name."
            )
        if a.tax_code:
            eform.normalise_tax_code(a.tax_code)
    if not a.full_name:
        raise InvalidInput(
            "Hãy ghi họ và tên người nộp hồ sơ.", english="Enter the applicant's full name."
        )
    if a.kind == "person" or a.id_number:
        validate_personal_id(a.id_number, a.date_of_birth, a.gender or None)
    if a.phone:
        eform.normalise_phone(a.phone)
    if a.email:
        eform.normalise_email(a.email)


def dossier_payload(snap: DossierSnapshot) -> dict:
    """The dossier as sent to the central system (no UI-only fields)."""
    data = asdict(snap)
    data.pop("events", None)
    data.pop("documents", None)
    return data
