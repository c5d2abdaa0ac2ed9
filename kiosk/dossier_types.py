"""Plain data that the reception services return and that printing and the UI consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class DossierStatus(StrEnum):
    """A dossier's status, in the order a dossier usually passes through them.

    The values are what the store holds (``dossiers.status``, ``dossier_events.status``); being a
    ``StrEnum``, a member compares equal to its stored text.
    """

    DRAFT = "draft"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    REFUSED = "refused"
    ACCEPTED = "accepted"
    RESULT_READY = "result_ready"  # the processing agency's result is at the one-stop desk
    RETURNED = "returned"
    STOPPED = "stopped"  # processing stopped, with a notice (2025 form 05; kiosk/letters.py)

    @property
    def label(self) -> str:
        """The Vietnamese name shown to officers and citizens."""
        return STATUS_LABELS[self]


DRAFT = DossierStatus.DRAFT
SUPPLEMENT_REQUESTED = DossierStatus.SUPPLEMENT_REQUESTED
REFUSED = DossierStatus.REFUSED
ACCEPTED = DossierStatus.ACCEPTED
RESULT_READY = DossierStatus.RESULT_READY
RETURNED = DossierStatus.RETURNED
STOPPED = DossierStatus.STOPPED

STATUS_LABELS: dict[DossierStatus, str] = {
    DRAFT: "Đang tiếp nhận",
    SUPPLEMENT_REQUESTED: "Chờ bổ sung",
    REFUSED: "Từ chối tiếp nhận",
    ACCEPTED: "Đã tiếp nhận",
    RESULT_READY: "Đã có kết quả",
    RETURNED: "Đã trả kết quả",
    STOPPED: "Dừng giải quyết",
}

# Not received yet (draft), or finished (refused, returned); every other status is open.
CLOSED_STATUSES = frozenset({DRAFT, REFUSED, RETURNED, STOPPED})
OPEN_STATUSES = frozenset(DossierStatus) - CLOSED_STATUSES
# A reason (refusal, what to supplement) is recorded with these.
REASONED_STATUSES = frozenset({REFUSED, SUPPLEMENT_REQUESTED, STOPPED})

APPLICANT_FIELDS = (
    "kind",
    "full_name",
    "id_number",
    "date_of_birth",
    "gender",
    "address",
    "phone",
    "email",
    "org_name",
    "tax_code",
    "acting_for",
    "relationship",
)


@dataclass(frozen=True)
class Applicant:
    """Who submits the dossier. ``sources`` maps a field name to "card" when read from the
    ID-card QR.

    ``kind`` is "person" or "organisation"; ``acting_for`` names the person represented, if any.
    """

    full_name: str = ""
    id_number: str = ""
    date_of_birth: date | None = None
    gender: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    kind: str = "person"
    org_name: str = ""
    tax_code: str = ""
    acting_for: str = ""
    relationship: str = ""
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemCounts:
    """Papers received for one dossier item."""

    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0

    @property
    def total(self) -> int:
        return self.originals + self.certified_copies + self.photocopies


@dataclass(frozen=True)
class DossierItemState:
    id: int
    checklist_item_id: int | None
    name: str
    voluntary: bool
    required: bool
    condition: str | None
    wanted: ItemCounts
    received: ItemCounts
    pages: int
    pdf_sha256: str | None
    text_layer: str | None = None  # the sealed PDF's searchable text: done | skipped | failed

    @property
    def complete(self) -> bool:
        """Every required kind of paper is there in the published number (at least one paper)."""
        w, r = self.wanted, self.received
        return (
            r.total >= 1
            and r.originals >= w.originals
            and r.certified_copies >= w.certified_copies
            and r.photocopies >= w.photocopies
        )


@dataclass(frozen=True)
class DossierEventInfo:
    at: datetime
    status: DossierStatus
    officer: str | None
    note: str | None


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    kind: str
    pdf_sha256: str
    is_copy: bool
    created_at: datetime


@dataclass(frozen=True)
class LetterInfo:
    """An apology (form 04) or a notice of stopping (2025 form 05) issued for a dossier."""

    kind: str  # apology | stop_notice
    form_set: str  # "2018" | "2025"
    variant: str  # new_date | extension | ""
    reason: str
    issued_at: datetime
    old_due_date: date | None = None
    new_due_date: date | None = None
    extension_days: int | None = None
    stage: str = ""
    fee_settlement: str = ""
    on_time: bool = True  # issued by the working day before the due date
    officer_name: str | None = None


@dataclass(frozen=True)
class DossierSnapshot:
    """Everything about one dossier as stored (the checklist frozen as it was at reception)."""

    id: str
    code: str | None
    status: DossierStatus
    procedure_code: str
    procedure_name: str
    procedure_version_id: int
    procedure_version: int
    field: str
    time_limit_days: int
    cutoff: str | None
    fee: dict
    result: str
    applicant: Applicant
    items: tuple[DossierItemState, ...]
    eform: dict
    received_at: datetime | None
    due_date: date | None
    supplement_requests: int
    officer_id: int | None
    officer_name: str | None
    counter: int | None
    ticket_id: int | None
    revision: int
    created_at: datetime
    events: tuple[DossierEventInfo, ...] = ()
    documents: tuple[DocumentInfo, ...] = ()
    last_reason: str | None = None
    supplement_items: tuple[
        int, ...
    ] = ()  # dossier item ids named in the latest supplement request
    time_limit_unit: str | None = None  # the version's unit: None = working days; day, hour… (#10)
    time_limit_value: float | None = None
    register_book: str = ""  # "Vào Sổ theo dõi hồ sơ, Quyển số …" (kiosk/register.py)
    register_number: int | None = None  # "… Số thứ tự …"
    letters: tuple[LetterInfo, ...] = ()  # apology, notice of stopping (kiosk/letters.py)
    variant: dict | None = None  # the case picked: {code, name, time_limit} (issue #10)

    def letter(self, kind: str) -> LetterInfo | None:
        return next((x for x in self.letters if x.kind == kind), None)

    @property
    def time_limit_text(self) -> str:
        """The limit as the rule says it: "15 ngày", "15 ngày làm việc", "15 giờ", "Trong ngày"."""
        from kiosk.catalog_fees import describe_time_limit

        return describe_time_limit(
            self.time_limit_days, self.cutoff, None, self.time_limit_unit, self.time_limit_value
        )

    @property
    def missing_required(self) -> tuple[DossierItemState, ...]:
        return tuple(i for i in self.items if i.required and not i.voluntary and not i.complete)

    @property
    def complete(self) -> bool:
        return not self.missing_required


@dataclass(frozen=True)
class DossierRow:
    """One line of the dossier list."""

    id: str
    code: str | None
    status: DossierStatus
    applicant_name: str
    applicant_id_number: str | None
    procedure_name: str
    received_at: datetime | None
    due_date: date | None
    created_at: datetime
    central_status: str | None = None  # as the central system last reported it (pulled)


@dataclass(frozen=True)
class Decision:
    """What a decision produced: the dossier as now stored and the document it printed."""

    dossier: DossierSnapshot
    document_kind: str
    pdf_sha256: str
    print_job_id: int | None
