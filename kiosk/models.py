"""SQLAlchemy 2 typed models of the local store (DESIGN §3).

Only services in ``kiosk/`` use these; everything above ``kiosk/`` gets plain dataclasses.
Timestamps are stored in UTC and read back aware, in Vietnam time (``kiosk.timeutil``; migration
0006 converted the naive local times of older stores), so ``.date()`` is the office's calendar day.
Schema changes go through Alembic migrations in ``kiosk/migrations/versions``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from kiosk.timeutil import VIETNAM, to_utc, vietnam_now

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def local_now() -> datetime:
    """Now, aware, in Vietnam time (stored in UTC: ``kiosk.timeutil.UtcDateTime``)."""
    return vietnam_now()


class UtcDateTime(TypeDecorator):
    """A timestamp stored in UTC and read back aware, in Vietnam time, on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        utc = to_utc(value)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:  # SQLite keeps UTC text without an offset
            value = value.replace(tzinfo=UTC)
        return value.astimezone(VIETNAM)


def new_uuid() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: UtcDateTime}


# --- catalog -------------------------------------------------------------------------------------


class Procedure(Base):
    """A TTHC, identified by its national code; its content lives in immutable versions."""

    __tablename__ = "procedures"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    versions: Mapped[list[ProcedureVersion]] = relationship(back_populates="procedure")


class ProcedureVersion(Base):
    """One published version of a procedure, valid from ``effective_from`` to ``effective_to``."""

    __tablename__ = "procedure_versions"
    __table_args__ = (UniqueConstraint("procedure_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    version: Mapped[int]
    name: Mapped[str] = mapped_column(Text)
    name_folded: Mapped[str] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    agency: Mapped[str] = mapped_column(Text)
    time_limit_days: Mapped[int]  # 0 = same-day procedure
    cutoff: Mapped[str | None] = mapped_column(String(5))  # "15:00" for same-day procedures
    time_limit_note: Mapped[str | None] = mapped_column(Text)  # added by migration 0002
    # migration 0007: None = working days; day | hour | month | year | same_day | variant | text
    time_limit_unit: Mapped[str | None] = mapped_column(String(20))
    time_limit_value: Mapped[float | None]
    details: Mapped[dict[str, Any] | None]  # variants, channel fees, groups… (portal catalog)
    fee: Mapped[dict[str, Any]]
    legal_basis: Mapped[list[Any]]
    result: Mapped[str] = mapped_column(Text)
    eform: Mapped[dict[str, Any] | None]
    effective_from: Mapped[date]
    effective_to: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20))  # published | amended | abolished
    source: Mapped[dict[str, Any]]
    notes: Mapped[str | None] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(default=local_now)
    procedure: Mapped[Procedure] = relationship(back_populates="versions")
    items: Mapped[list[ChecklistItem]] = relationship(
        back_populates="version", order_by="ChecklistItem.position"
    )


class ChecklistItem(Base):
    """A paper the applicant must (or, under a written condition, may have to) bring."""

    __tablename__ = "checklist_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"), index=True)
    position: Mapped[int]
    name: Mapped[str] = mapped_column(Text)
    originals: Mapped[int] = mapped_column(default=0)
    certified_copies: Mapped[int] = mapped_column(default=0)
    photocopies: Mapped[int] = mapped_column(default=0)
    required: Mapped[bool] = mapped_column(default=True)
    condition: Mapped[str | None] = mapped_column(Text)
    eform_ref: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(20))  # 0007: submit | present | conditional
    copies: Mapped[int] = mapped_column(default=0, server_default="0")  # 0007: bản sao
    templates: Mapped[list[Any] | None]  # 0007: official form templates (file names)
    version: Mapped[ProcedureVersion] = relationship(back_populates="items")


# --- people ---------------------------------------------------------------------------------------


class Officer(Base):
    __tablename__ = "officers"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # officer | supervisor | technician
    secret_hash: Mapped[str] = mapped_column(String(300))  # scrypt, with its parameters and salt
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=local_now)


class SigninFailure(Base):
    """Failed sign-ins per typed username (known or not), kept across restarts (migration 0003)."""

    __tablename__ = "signin_failures"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(default=local_now)
    locked_until: Mapped[datetime | None]


# --- queue ----------------------------------------------------------------------------------------


class QueueTicket(Base):
    __tablename__ = "queue_tickets"
    __table_args__ = (
        UniqueConstraint("day", "prefix", "number"),
        Index("ix_queue_tickets_day_status", "day", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    prefix: Mapped[str] = mapped_column(String(4), default="")
    number: Mapped[int]
    service: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(
        String(20), default="waiting"
    )  # waiting|called|serving|done|skipped
    issued_at: Mapped[datetime] = mapped_column(default=local_now)
    called_at: Mapped[datetime | None]
    counter: Mapped[int | None]
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    # added by migration 0003: position in the line (issue or requeue time), service times, calls
    queued_at: Mapped[datetime | None] = mapped_column(default=local_now)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    calls: Mapped[int] = mapped_column(default=0, server_default="0")


# --- dossiers -------------------------------------------------------------------------------------


class Dossier(Base):
    """A dossier as received at the counter; the procedure version and checklist are frozen."""

    __tablename__ = "dossiers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    procedure_version_id: Mapped[int] = mapped_column(ForeignKey("procedure_versions.id"))
    channel: Mapped[str] = mapped_column(String(20), default="counter")
    applicant: Mapped[
        dict[str, Any]
    ]  # fields with provenance: {"name": {"value":..., "source": "card"}}
    applicant_id_number: Mapped[str | None] = mapped_column(String(20), index=True)
    applicant_name_folded: Mapped[str] = mapped_column(Text, default="")
    eform: Mapped[dict[str, Any] | None]
    status: Mapped[str] = mapped_column(String(30), index=True)
    received_at: Mapped[datetime | None]
    due_date: Mapped[date | None] = mapped_column(index=True)
    due_date_reset: Mapped[bool] = mapped_column(default=False)
    variant_code: Mapped[str | None] = mapped_column(String(40))  # the case picked (#10)
    supplement_requests: Mapped[int] = mapped_column(default=0)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    counter: Mapped[int | None]
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("queue_tickets.id"))
    rules: Mapped[dict[str, Any]] = mapped_column(
        default=dict
    )  # rule versions used (form set, calendar)
    revision: Mapped[int] = mapped_column(default=1)
    sync_state: Mapped[str] = mapped_column(String(20), default="queued")
    created_at: Mapped[datetime] = mapped_column(default=local_now)
    updated_at: Mapped[datetime] = mapped_column(default=local_now, onupdate=local_now)
    items: Mapped[list[DossierItem]] = relationship(
        back_populates="dossier", order_by="DossierItem.position"
    )
    events: Mapped[list[DossierEvent]] = relationship(
        back_populates="dossier", order_by="DossierEvent.id"
    )


class DossierItem(Base):
    """A checklist item's state in a dossier, or a voluntary extra paper (``checklist_item_id``
    None)."""

    __tablename__ = "dossier_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    checklist_item_id: Mapped[int | None] = mapped_column(ForeignKey("checklist_items.id"))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(Text)
    voluntary: Mapped[bool] = mapped_column(default=False)
    originals: Mapped[int] = mapped_column(default=0)
    certified_copies: Mapped[int] = mapped_column(default=0)
    photocopies: Mapped[int] = mapped_column(default=0)
    pages: Mapped[int] = mapped_column(default=0)
    pdf_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    dossier: Mapped[Dossier] = relationship(back_populates="items")


class DossierEvent(Base):
    """Status history of a dossier."""

    __tablename__ = "dossier_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=local_now)
    status: Mapped[str] = mapped_column(String(30))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    note: Mapped[str | None] = mapped_column(Text)
    dossier: Mapped[Dossier] = relationship(back_populates="events")


class PrintedDocument(Base):
    """A document produced for a dossier (receipt, supplement request...), kept as a blob."""

    __tablename__ = "printed_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[str | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    form_set: Mapped[str | None] = mapped_column(String(40))
    pdf_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    is_copy: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=local_now)


class PrintJob(Base):
    """A durable print job: retried or reported, never silently lost."""

    __tablename__ = "print_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("printed_documents.id"))
    pdf_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    printer: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(
        String(20), default="pending"
    )  # pending|printing|done|failed
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=local_now)
    updated_at: Mapped[datetime] = mapped_column(default=local_now, onupdate=local_now)
    # the machine holding the file, the only one that prints it (kiosk.machine; migration 0005);
    # None for jobs queued before machines were told apart
    machine: Mapped[str | None] = mapped_column(String(36), index=True)


class Blob(Base):
    """A content-addressed file; written (temp, fsync, rename) before any row points to it."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=local_now)
    sync_state: Mapped[str] = mapped_column(String(20), default="queued")


# --- sync, ratings, audit, codes ------------------------------------------------------------------


class OutboxItem(Base):
    """What must reach the central system; written in the transaction of the change it reports."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_next", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    kind: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    revision: Mapped[int] = mapped_column(default=1)
    payload: Mapped[dict[str, Any]]
    payload_sha256: Mapped[str] = mapped_column(String(64))
    # queued | uploading | acknowledged | confirmed | retry_later | failed | conflict
    status: Mapped[str] = mapped_column(String(20), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=local_now)
    last_error: Mapped[str | None] = mapped_column(Text)
    # auth | fatal | transient | conflict: what kind the last error was (sync/engine.py)
    error_kind: Mapped[str | None] = mapped_column(String(20))
    # while "uploading": until when the claim holds; a sender killed mid-send is re-claimed after it
    lease_until: Mapped[datetime | None] = mapped_column()
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    receipt: Mapped[str | None] = mapped_column(Text)  # the central server's receipt (JSON text)
    created_at: Mapped[datetime] = mapped_column(default=local_now)
    updated_at: Mapped[datetime] = mapped_column(default=local_now, onupdate=local_now)


class Rating(Base):
    __tablename__ = "ratings"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    dossier_id: Mapped[str | None] = mapped_column(ForeignKey("dossiers.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("queue_tickets.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    at: Mapped[datetime] = mapped_column(default=local_now)
    answers: Mapped[dict[str, Any]]
    channel: Mapped[str] = mapped_column(String(20), default="kiosk")
    # migration 0010 (issue 13): the criteria set answered, the points, the day (the time of day
    # is not kept for anyone to match a rating with a visit); one rating per dossier or ticket
    criteria: Mapped[str | None] = mapped_column(String(40))
    score: Mapped[int | None]
    day: Mapped[date | None]
    __table_args__ = (
        UniqueConstraint("dossier_id", name="uq_ratings_dossier_id"),
        UniqueConstraint("ticket_id", name="uq_ratings_ticket_id"),
    )


class AuditEvent(Base):
    """Append-only, keyed hash chain of who did what (no personal data in ``details``).

    ``hash`` is HMAC-SHA256(office audit key, ``prev_hash`` + canonical event); see kiosk/audit.py.
    """

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=local_now)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str | None] = mapped_column(String(100))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The one row (id 1) at the head of the audit chain (migration 0004).

    Appends lock it (``SELECT … FOR UPDATE`` on PostgreSQL), so the chain never forks; its keyed
    ``mac`` over the event count and the last hash shows a truncated tail.
    """

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    events: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(16))  # None until the chain is keyed
    keyed_at: Mapped[datetime | None]


class CodeBlock(Base):
    """Dossier sequence numbers reserved for one agency and day (or a counter's fallback range)."""

    __tablename__ = "code_blocks"
    __table_args__ = (UniqueConstraint("agency_code", "day", "first"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(20))
    day: Mapped[date]
    first: Mapped[int]
    last: Mapped[int]
    next_seq: Mapped[int]
    source: Mapped[str] = mapped_column(String(20))  # central | office | fallback
    counter: Mapped[int | None]
    reserved_at: Mapped[datetime] = mapped_column(default=local_now)


# --- Scanned pages and batches (issue 11, migration 0009) ---


class ScanBatch(Base):
    """One run of the scanner (one page or a feeder batch) for a draft, started on one checklist
    item; its pages may then be split between items. ``spool`` is the folder the scanner worker
    writes each page into as it arrives: pages there that no row names yet are taken in by the
    recovery after a crash (kiosk/scanning/pages.py)."""

    __tablename__ = "scan_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[str] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    dossier_item_id: Mapped[int] = mapped_column(ForeignKey("dossier_items.id", ondelete="CASCADE"))
    device: Mapped[str] = mapped_column(String(200))
    spool: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="scanning")  # |done|cancelled|failed
    pages: Mapped[int] = mapped_column(default=0)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    started_at: Mapped[datetime] = mapped_column(default=local_now)
    finished_at: Mapped[datetime | None]


class ScanPage(Base):
    """One scanned page of a paper: a content-addressed image (written before this row), its place
    in the paper, its rotation and flags. ``state``: draft (still editable), sealed (in the
    paper's signed PDF) or deleted (kept, never shown again). ``second_scan_of``: this page is
    the second scan (note removed) of a page marked as carrying handwritten notes."""

    __tablename__ = "scan_pages"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[str] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    dossier_item_id: Mapped[int] = mapped_column(
        ForeignKey("dossier_items.id", ondelete="CASCADE"), index=True
    )
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("scan_batches.id", ondelete="SET NULL"))
    position: Mapped[int]
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    media_type: Mapped[str] = mapped_column(String(100))
    thumbnail_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    width: Mapped[int] = mapped_column(default=0)
    height: Mapped[int] = mapped_column(default=0)
    dpi: Mapped[int] = mapped_column(default=0)
    rotation: Mapped[int] = mapped_column(default=0)  # degrees clockwise: 0, 90, 180, 270
    blank: Mapped[bool] = mapped_column(default=False)
    handwritten: Mapped[bool] = mapped_column(default=False)
    second_scan_of: Mapped[int | None] = mapped_column(
        ForeignKey("scan_pages.id", ondelete="CASCADE")
    )
    state: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    created_at: Mapped[datetime] = mapped_column(default=local_now)
    updated_at: Mapped[datetime] = mapped_column(default=local_now, onupdate=local_now)


class ScanPaper(Base):
    """A checklist item's digitised paper: the page count the officer counted, and once sealed
    its signed PDF (also set on the item) — or the sealed copy of a paper already on file that it
    reuses (``reused_from_item_id``; re-use of digitised data is counted)."""

    __tablename__ = "scan_papers"
    dossier_item_id: Mapped[int] = mapped_column(
        ForeignKey("dossier_items.id", ondelete="CASCADE"), primary_key=True
    )
    dossier_id: Mapped[str] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    kind_folded: Mapped[str] = mapped_column(Text, index=True)  # what paper (folded name)
    expected_pages: Mapped[int | None]
    pdf_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    pages: Mapped[int] = mapped_column(default=0)
    sealed_at: Mapped[datetime | None] = mapped_column(index=True)
    sealed_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    reused_from_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("dossier_items.id", ondelete="SET NULL")
    )


# --- Ratings and citizen kiosk (issue 13, migration 0010) ---


# --- Device enrolment and pulls (issue 12, migration 0011) ---


class DeviceCredential(Base):
    """This machine's enrolment with the central system (one row per machine: several machines
    may share a PostgreSQL store). The private key stays in the machine's keys folder; the row
    holds what the central system gave: the device id (the ``keyid`` of its signatures) and the
    agency it belongs to."""

    __tablename__ = "device_credentials"
    machine: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))
    agency_code: Mapped[str] = mapped_column(String(40))
    central_url: Mapped[str] = mapped_column(Text)
    public_key: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime] = mapped_column(default=local_now)


class PullCursor(Base):
    """Where a device's pulls stopped: the sequence number of the last change applied."""

    __tablename__ = "pull_cursors"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    cursor: Mapped[int] = mapped_column(default=0)
    pulled_at: Mapped[datetime | None]


class BlobUpload(Base):
    """A blob's upload to the central system: how far it got (the server's offset is the truth;
    this is what the status bar shows as bytes left)."""

    __tablename__ = "blob_uploads"
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), primary_key=True)
    upload_id: Mapped[str | None] = mapped_column(String(36))
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    size: Mapped[int] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=local_now, onupdate=local_now)


class CentralStatus(Base):
    """A dossier status the central system reported (pulled), e.g. ``result_ready``: the return
    desk reads it. No foreign key: an agency's other kiosks' dossiers arrive too."""

    __tablename__ = "central_statuses"
    dossier_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str | None] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(30))
    at: Mapped[str] = mapped_column(String(40))  # the central system's time, ISO-8601
    pulled_at: Mapped[datetime] = mapped_column(default=local_now, onupdate=local_now)
    # migration 0016: the dossier revision the central system held when it set the status
    revision: Mapped[int | None] = mapped_column(BigInteger)


# --- Apology letters, stop notices, register numbers (issue 14, migration 0012) ---


class DossierLetter(Base):
    """An apology with a new date or an extension (form 04), or a notice of stopping (2025 form
    05), issued for one dossier (kiosk/letters.py). One of each kind per dossier: the unique
    (dossier, kind) is the database's half of "the date can be reset once only"."""

    __tablename__ = "dossier_letters"
    __table_args__ = (UniqueConstraint("dossier_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # apology | stop_notice
    form_set: Mapped[str] = mapped_column(String(10))  # "2018" | "2025": the set it is drawn in
    variant: Mapped[str] = mapped_column(String(20), default="")  # new_date | extension | ""
    reason: Mapped[str] = mapped_column(Text)
    old_due_date: Mapped[date | None]
    new_due_date: Mapped[date | None]
    extension_days: Mapped[int | None]  # working days added to the old due date
    stage: Mapped[str | None] = mapped_column(Text)  # stop notice: the step processing reached
    fee_settlement: Mapped[str | None] = mapped_column(Text)  # stop notice: fees already paid
    on_time: Mapped[bool] = mapped_column(default=True)  # issued by the working day before due
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    issued_at: Mapped[datetime] = mapped_column(default=local_now)


class RegisterBlock(Base):
    """Tracking-register numbers reserved for one agency and year (kiosk/register.py): a block
    from the central system or the office database, or a counter's own fallback range."""

    __tablename__ = "register_blocks"
    __table_args__ = (UniqueConstraint("agency_code", "year", "first"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    book: Mapped[str] = mapped_column(String(20))  # "Quyển số", e.g. "01/2026"
    first: Mapped[int]
    last: Mapped[int]
    next_number: Mapped[int]
    source: Mapped[str] = mapped_column(String(20))  # central | office | fallback
    counter: Mapped[int | None]
    reserved_at: Mapped[datetime] = mapped_column(default=local_now)


class RegisterEntry(Base):
    """A dossier's line in the tracking register: "Quyển số … Số thứ tự …" on its receipt."""

    __tablename__ = "register_entries"
    __table_args__ = (UniqueConstraint("agency_code", "year", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    agency_code: Mapped[str] = mapped_column(String(20))
    year: Mapped[int]
    book: Mapped[str] = mapped_column(String(20))
    number: Mapped[int]
    entered_at: Mapped[datetime] = mapped_column(default=local_now)


# --- Sealed per-paper PDFs (issue 11, migration 0014) ---


class PaperTextLayer(Base):
    """The searchable text of a sealed PDF, made by Tesseract in the background after sealing
    (kiosk/scanning/ocr.py): done, skipped (no Tesseract: the message says so) or failed."""

    __tablename__ = "paper_text_layers"
    sealed_sha256: Mapped[str] = mapped_column(
        ForeignKey("blobs.sha256", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(String(10), index=True)  # done | skipped | failed
    message: Mapped[str] = mapped_column(Text)  # Vietnamese, shown to the officer
    copy_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256", ondelete="SET NULL"))
    text: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[int] = mapped_column(default=0)
    made_at: Mapped[datetime] = mapped_column(default=local_now)


# --- Sync revisions and register blocks (issue 12, migration 0016) ---

# --- Page clean-up and text layers at the counter (issue 11, migration 0017) ---
