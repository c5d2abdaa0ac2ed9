"""The central server's store: SQLAlchemy Core on its own metadata (tables ``central_*``), on
SQLite by default and on PostgreSQL for a pilot.

Uniqueness lives in the database, not only in the code (Kobo's lesson, kpi#5047): an item's
idempotency key, (entity, revision, kind) of an item, (dossier, revision) of a dossier, a dossier's
code, (agency, day, first) of a code block. A race between two identical sends ends in one row and,
for the loser, the same receipt read back after its insert failed.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta
from http import HTTPStatus
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from kiosk.canonical import canonical_json, canonical_sha256
from kiosk.catalog_schema import StoredVersion, content_sha256
from kiosk.codes import FallbackPlan, parse_dossier_code
from kiosk.dossier_types import STATUS_LABELS, DossierStatus
from kiosk.errors import InvalidInput
from kiosk.register import REGISTER_PLAN, default_book
from sync.server.errors import CONFLICT
from sync.server.parsing import Item
from sync.signatures import load_public_key

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)
items = Table(
    "central_items",
    metadata,
    Column("idempotency_key", String(200), primary_key=True),
    Column("kind", String(200), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("revision", BigInteger, nullable=False),
    Column("payload_sha256", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("received_at", String(40), nullable=False),
    Column("device_id", String(36)),
    UniqueConstraint("entity_id", "revision", "kind"),
)
dossier_revisions = Table(
    "central_dossier_revisions",
    metadata,
    Column("dossier_id", String(200), primary_key=True),
    Column("revision", BigInteger, primary_key=True),
    Column("idempotency_key", String(200), nullable=False),
    Column("payload_sha256", String(64), nullable=False),
)
dossiers = Table(
    "central_dossiers",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("code", String(60), unique=True),
    Column("agency_code", String(40)),
    Column("procedure_code", String(40)),
    Column("procedure_name", Text),
    Column("status", String(40), nullable=False),
    Column("appointment_date", String(10)),
    Column("revision", BigInteger, nullable=False),
    Column("updated_at", String(40), nullable=False),
)
ratings = Table(
    "central_ratings",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("dossier_code", String(60), index=True),
    Column("score", Integer),
    Column("received_at", String(40), nullable=False),
)
devices = Table(
    "central_devices",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("agency_code", String(40), nullable=False),
    Column("label", String(100), nullable=False),
    Column("public_key", String(64), nullable=False),
    Column("enrolled_at", String(40), nullable=False),
    Column("revoked_at", String(40)),
)
enrolment_codes = Table(
    "central_enrolment_codes",
    metadata,
    Column("code_sha256", String(64), primary_key=True),
    Column("agency_code", String(40), nullable=False),
    Column("label", String(100), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("device_id", String(36)),
)
nonces = Table(
    "central_nonces",
    metadata,
    Column("key_id", String(200), primary_key=True),
    Column("nonce", String(100), primary_key=True),
    Column("created", BigInteger, nullable=False, index=True),
)
blobs = Table(
    "central_blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("stored_at", String(40), nullable=False),
)
uploads = Table(
    "central_uploads",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", BigInteger, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("created_at", String(40), nullable=False),
)
feed = Table(
    "central_feed",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("topic", String(30), nullable=False),
    Column("agency_code", String(40), index=True),
    Column("device_id", String(36)),
    Column("data", Text, nullable=False),
    Column("at", String(40), nullable=False),
)
code_blocks = Table(
    "central_code_blocks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_code", String(40), nullable=False),
    Column("day", String(10), nullable=False),
    Column("first", Integer, nullable=False),
    Column("last", Integer, nullable=False),
    Column("device_id", String(36)),
    UniqueConstraint("agency_code", "day", "first"),
)
code_counters = Table(
    "central_code_counters",
    metadata,
    Column("agency_code", String(40), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("next_first", Integer, nullable=False),
)

register_blocks = Table(
    "central_register_blocks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_code", String(40), nullable=False),
    Column("year", Integer, nullable=False),
    Column("book", String(20), nullable=False),
    Column("first", Integer, nullable=False),
    Column("last", Integer, nullable=False),
    Column("device_id", String(36)),
    UniqueConstraint("agency_code", "year", "first"),
)
register_counters = Table(
    "central_register_counters",
    metadata,
    Column("agency_code", String(40), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("next_first", Integer, nullable=False),
)

catalog_versions = Table(  # what the operator published: a new publication must agree with it
    "central_catalog_versions",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("status", String(20), nullable=False),
    Column("effective_from", String(10), nullable=False),
    Column("effective_to", String(10)),
    Column("content_sha256", String(64), nullable=False),
)

BLOCK_LIMIT = FallbackPlan().base  # numbers above it are the counters' offline fallback
REGISTER_LIMIT = REGISTER_PLAN.base  # the same for the tracking register's numbers
TOPICS = ("catalog", "holidays", "code_block", "register_block", "dossier_status")


class StaleRevision(Exception):
    """The dossier has a newer revision than the one a status was decided on."""

    def __init__(self, held: int) -> None:
        super().__init__(f"the central system holds revision {held}")
        self.held = held


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def make_engine(url: str, busy_timeout: float) -> Engine:
    """An engine for ``url``; on SQLite: WAL, a busy timeout, writers take the lock up front."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    engine = create_engine(url, connect_args={"timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class CentralStore:
    """What the central server holds. Every method is one short transaction (thread-safe)."""

    def __init__(self, url: str, *, busy_timeout: float = 15.0) -> None:
        self.url = url
        self.path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite") else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(url, busy_timeout)
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- outbox items, dossiers, ratings ----------------------------------------------------------
    def receive(self, item: Item, device_id: str | None = None) -> tuple[int, dict]:
        """Store one outbox item; return (HTTP status, answer). A dossier's item (kind
        ``dossier.*``) is unique per (dossier, revision) and updates the dossier's public view; a
        rating's updates the ratings. Database errors propagate (the app answers 503)."""
        for attempt in range(3):
            try:
                return self._receive(item, device_id)
            except IntegrityError:  # a rival insert won the race: read what it stored
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _receive(self, item: Item, device_id: str | None) -> tuple[int, dict]:
        is_dossier = item.kind.startswith("dossier.")
        with self.engine.begin() as db:
            row = db.execute(
                select(items.c.payload_sha256, items.c.received_at).where(
                    or_(
                        items.c.idempotency_key == item.idempotency_key,
                        (items.c.entity_id == item.entity_id)
                        & (items.c.revision == item.revision)
                        & (items.c.kind == item.kind),
                    )
                )
            ).first()
            if row is None and is_dossier:
                rev = db.execute(
                    select(dossier_revisions.c.payload_sha256, items.c.received_at)
                    .join(items, items.c.idempotency_key == dossier_revisions.c.idempotency_key)
                    .where(
                        dossier_revisions.c.dossier_id == item.entity_id,
                        dossier_revisions.c.revision == item.revision,
                    )
                ).first()
                row = rev
            if row is not None:
                if row[0] == item.payload_sha256:
                    return HTTPStatus.OK, _receipt(row[1], True)
                raise CONFLICT
            now = utc_now()
            db.execute(
                insert(items).values(
                    idempotency_key=item.idempotency_key,
                    kind=item.kind,
                    entity_id=item.entity_id,
                    revision=item.revision,
                    payload_sha256=item.payload_sha256,
                    payload=canonical_json(item.payload),
                    received_at=now,
                    device_id=device_id,
                )
            )
            if is_dossier:
                db.execute(
                    insert(dossier_revisions).values(
                        dossier_id=item.entity_id,
                        revision=item.revision,
                        idempotency_key=item.idempotency_key,
                        payload_sha256=item.payload_sha256,
                    )
                )
                self._project_dossier(db, item, now)
            elif item.kind == "rating":
                _project_rating(db, item, now)
        return HTTPStatus.CREATED, _receipt(now, False)

    def _project_dossier(self, db, item: Item, now: str) -> None:
        """The public view of a dossier follows its newest revision (never an older one)."""
        data = item.payload.get("dossier")
        if not isinstance(data, dict):
            return
        code = data.get("code") if isinstance(data.get("code"), str) else None
        status = str(data.get("status") or "")[:40] or "unknown"
        current = db.execute(
            select(dossiers.c.revision, dossiers.c.status)
            .where(dossiers.c.id == item.entity_id)
            .with_for_update()
        ).first()
        if current is not None and current.revision > item.revision:
            return
        values = {
            "code": code[:60] if code else None,
            "agency_code": _agency(code),
            "procedure_code": _text(data.get("procedure_code"), 40),
            "procedure_name": _text(data.get("procedure_name"), 2000),
            "status": status,
            "appointment_date": _text(data.get("due_date"), 10),
            "revision": item.revision,
            "updated_at": now,
        }
        if values["code"] is not None:  # a code is one dossier's: another row loses it
            db.execute(
                update(dossiers)
                .where(dossiers.c.code == values["code"], dossiers.c.id != item.entity_id)
                .values(code=None)
            )
        if current is None:
            db.execute(insert(dossiers).values(id=item.entity_id, **values))
        else:
            db.execute(update(dossiers).where(dossiers.c.id == item.entity_id).values(**values))
        _publish(  # every revision held is announced: the kiosk confirms up to it
            db,
            "dossier_status",
            _status_change(item.entity_id, values["code"], status, item.revision, now),
            agency=values["agency_code"],
        )

    def count(self) -> int:
        with self.engine.connect() as db:
            return db.scalar(select(func.count()).select_from(items))

    def digests(self) -> dict[str, tuple[str, str]]:
        """Each stored item's idempotency key → (SHA-256 it was sent with, SHA-256 of what is
        stored): the two match unless the store lost or altered something."""
        with self.engine.connect() as db:
            rows = db.execute(
                select(items.c.idempotency_key, items.c.payload_sha256, items.c.payload)
            ).all()
        return {key: (sent, canonical_sha256(json.loads(payload))) for key, sent, payload in rows}

    def count_ratings(self) -> int:
        with self.engine.connect() as db:
            return db.scalar(select(func.count()).select_from(ratings))

    def public_dossier(self, code: str) -> dict | None:
        """What anyone may know of a dossier by its code: nothing personal."""
        with self.engine.connect() as db:
            row = db.execute(select(dossiers).where(dossiers.c.code == code)).first()
        if row is None:
            return None
        return {
            "code": row.code,
            "procedure_code": row.procedure_code or "",
            "procedure_name": row.procedure_name or "",
            "status": row.status,
            "status_text": status_text(row.status),
            "appointment_date": row.appointment_date,
        }

    def set_status(self, dossier_id: str, status: str, revision: int | None = None) -> dict:
        """The processing side changed a dossier's status (e.g. ``result_ready``): the public
        view shows it and the agency's kiosks pull it. The change carries the revision the
        central system holds now (a kiosk confirms its items up to that revision only);
        ``revision``, when given, is the one the operator decided on: a newer one held since
        is a ``StaleRevision``. KeyError when the dossier is unknown. Returns the change."""
        now = utc_now()
        with self.engine.begin() as db:
            row = db.execute(  # the row lock keeps a racing revision out until this commits
                select(dossiers).where(dossiers.c.id == dossier_id).with_for_update()
            ).first()
            if row is None:
                raise KeyError(dossier_id)
            if revision is not None and revision != row.revision:
                raise StaleRevision(row.revision)
            db.execute(
                update(dossiers)
                .where(dossiers.c.id == dossier_id)
                .values(status=status, updated_at=now)
            )
            change = _status_change(dossier_id, row.code, status, row.revision, now)
            _publish(db, "dossier_status", change, agency=row.agency_code)
        return change

    def dossier_id(self, code: str) -> str | None:
        with self.engine.connect() as db:
            return db.scalar(select(dossiers.c.id).where(dossiers.c.code == code))

    # -- devices ----------------------------------------------------------------------------------
    def issue_enrolment_code(
        self, agency_code: str, label: str, ttl: timedelta = timedelta(days=1)
    ) -> str:
        """A one-time code a technician types on the new device; only its hash is kept."""
        return self.enrolment_code(agency_code, label, ttl)["code"]

    def enrolment_code(self, agency_code: str, label: str, ttl: timedelta) -> dict:
        """``issue_enrolment_code`` with its agency and expiry, as the admin API answers."""
        code = "-".join(secrets.token_hex(2).upper() for _ in range(3))
        expires = (datetime.now(UTC) + ttl).isoformat(timespec="seconds")
        with self.engine.begin() as db:
            db.execute(
                insert(enrolment_codes).values(
                    code_sha256=_code_hash(code),
                    agency_code=agency_code,
                    label=label[:100],
                    expires_at=expires,
                )
            )
        return {"code": code, "agency_code": agency_code, "expires_at": expires}

    def enrol(self, code: str, public_key: str, label: str | None) -> dict | None:
        """Spend a one-time code on a device key; the device's record, or None if the code is
        unknown, spent or expired."""
        device_id = str(uuid.uuid4())
        with self.engine.begin() as db:
            row = db.execute(
                select(enrolment_codes).where(enrolment_codes.c.code_sha256 == _code_hash(code))
            ).first()
            if row is None or row.device_id is not None or row.expires_at < utc_now():
                return None
            spent = db.execute(
                update(enrolment_codes)
                .where(
                    enrolment_codes.c.code_sha256 == row.code_sha256,
                    enrolment_codes.c.device_id.is_(None),
                )
                .values(device_id=device_id)
            )
            if spent.rowcount != 1:
                return None
            db.execute(
                insert(devices).values(
                    id=device_id,
                    agency_code=row.agency_code,
                    label=(label or row.label)[:100],
                    public_key=public_key,
                    enrolled_at=utc_now(),
                )
            )
        return {"device_id": device_id, "agency_code": row.agency_code}

    def device(self, device_id: str):
        with self.engine.connect() as db:
            return db.execute(
                select(devices).where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
            ).first()

    def device_key(self, device_id: str):
        row = self.device(device_id)
        return load_public_key(row.public_key) if row is not None else None

    def revoke(self, device_id: str) -> str | None:
        """Refuse the device's signatures from now on; when it was revoked (the first time), or
        None for an unknown device."""
        with self.engine.begin() as db:
            db.execute(
                update(devices)
                .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
                .values(revoked_at=utc_now())
            )
            return db.scalar(select(devices.c.revoked_at).where(devices.c.id == device_id))

    def first_use_of_nonce(self, key_id: str, nonce: str, created: int, window: int) -> bool:
        """Remember a signature's nonce; False if it was seen before (a replay). Nonces older
        than the window are forgotten: a request that old is refused by its ``created``."""
        try:
            with self.engine.begin() as db:
                db.execute(delete(nonces).where(nonces.c.created < created - 2 * window))
                db.execute(insert(nonces).values(key_id=key_id, nonce=nonce, created=created))
        except IntegrityError:
            return False
        return True

    # -- blobs ------------------------------------------------------------------------------------
    def have_blobs(self, shas: list[str]) -> set[str]:
        with self.engine.connect() as db:
            return set(db.scalars(select(blobs.c.sha256).where(blobs.c.sha256.in_(shas))))

    def start_upload(self, sha256: str, size: int) -> dict:
        """The upload of ``sha256`` (one per blob: a resend resumes it); ``complete`` if stored."""
        with self.engine.begin() as db:
            if db.scalar(select(blobs.c.size).where(blobs.c.sha256 == sha256)) is not None:
                return {"complete": True, "offset": size, "upload_id": None}
            row = db.execute(select(uploads).where(uploads.c.sha256 == sha256)).first()
            if row is not None and row.size == size:
                return {"complete": False, "offset": row.offset, "upload_id": row.id}
            if row is not None:  # the same hash with another size: the old one was wrong
                db.execute(delete(uploads).where(uploads.c.id == row.id))
            upload_id = str(uuid.uuid4())
            db.execute(
                insert(uploads).values(
                    id=upload_id, sha256=sha256, size=size, offset=0, created_at=utc_now()
                )
            )
        return {
            "complete": False,
            "offset": 0,
            "upload_id": upload_id,
            "replaced": row.id if row is not None else None,
        }

    def upload(self, upload_id: str):
        with self.engine.connect() as db:
            return db.execute(select(uploads).where(uploads.c.id == upload_id)).first()

    def advance_upload(self, upload_id: str, old: int, new: int) -> bool:
        """Move an upload's offset from ``old`` to ``new``; False if another request moved it."""
        with self.engine.begin() as db:
            done = db.execute(
                update(uploads)
                .where(uploads.c.id == upload_id, uploads.c.offset == old)
                .values(offset=new)
            )
        return done.rowcount == 1

    def finish_upload(self, upload_id: str, sha256: str, size: int) -> None:
        with self.engine.begin() as db:
            db.execute(delete(uploads).where(uploads.c.id == upload_id))
            if db.scalar(select(blobs.c.size).where(blobs.c.sha256 == sha256)) is None:
                db.execute(insert(blobs).values(sha256=sha256, size=size, stored_at=utc_now()))

    def drop_upload(self, upload_id: str) -> None:
        with self.engine.begin() as db:
            db.execute(delete(uploads).where(uploads.c.id == upload_id))

    # -- pulls ------------------------------------------------------------------------------------
    def publish(self, topic: str, data: dict, agency: str | None = None) -> int:
        """Publish a catalog version, holiday overrides (to every device) or anything else."""
        with self.engine.begin() as db:
            return _publish(db, topic, data, agency=agency)

    def publish_catalog(self, document: dict, check) -> dict:
        """Publish a catalog document (``mot-cua-catalog/1``) to every device, if ``check(stored)``
        (the versions published before, per procedure code, as ``StoredVersion``) finds no
        problem: a published version is never changed. Returns {"problems": [...]} or the
        publication. Checked and written in one transaction (a racing publication of the same
        version fails on the table's primary key)."""
        codes = [p["code"] for p in document["procedures"]]
        with self.engine.begin() as db:
            stored: dict[str, list[StoredVersion]] = {}
            for k in range(0, len(codes), 500):
                for row in db.execute(
                    select(catalog_versions).where(catalog_versions.c.code.in_(codes[k : k + 500]))
                ):
                    stored.setdefault(row.code, []).append(
                        StoredVersion(
                            row.version,
                            row.status,
                            date.fromisoformat(row.effective_from),
                            date.fromisoformat(row.effective_to) if row.effective_to else None,
                            row.content_sha256,
                        )
                    )
            problems = check(stored)
            if problems:
                return {"problems": problems}
            added = 0
            for proc in document["procedures"]:
                held = {v.version for v in stored.get(proc["code"], [])}
                for ver in proc["versions"]:
                    key = (catalog_versions.c.code == proc["code"]) & (
                        catalog_versions.c.version == ver["version"]
                    )
                    if ver["version"] in held:
                        if ver.get("effective_to"):  # a later snapshot closes a version
                            db.execute(
                                update(catalog_versions)
                                .where(key)
                                .values(effective_to=ver["effective_to"])
                            )
                        continue
                    added += 1
                    db.execute(
                        insert(catalog_versions).values(
                            code=proc["code"],
                            version=ver["version"],
                            status=ver["status"],
                            effective_from=ver["effective_from"],
                            effective_to=ver.get("effective_to"),
                            content_sha256=content_sha256(ver),
                        )
                    )
            number = 1 + db.scalar(
                select(func.count()).select_from(feed).where(feed.c.topic == "catalog")
            )
            seq = _publish(db, "catalog", {"version": number, "document": document})
        return {
            "seq": seq,
            "version": number,
            "procedures": len(codes),
            "versions_added": added,
        }

    def changes(self, since: int, limit: int, agency: str, device_id: str) -> tuple[list, bool]:
        """What a device may pull after ``since``: the global topics, its agency's dossier
        statuses and the code blocks reserved for it. Returns (changes, more)."""
        with self.engine.connect() as db:
            rows = db.execute(
                select(feed)
                .where(
                    feed.c.seq > since,
                    or_(feed.c.agency_code.is_(None), feed.c.agency_code == agency),
                    or_(feed.c.device_id.is_(None), feed.c.device_id == device_id),
                )
                .order_by(feed.c.seq)
                .limit(limit + 1)
            ).all()
        out = [
            {"seq": r.seq, "topic": r.topic, "at": r.at, "data": json.loads(r.data)}
            for r in rows[:limit]
        ]
        return out, len(rows) > limit

    def last_seq(self) -> int:
        with self.engine.connect() as db:
            return db.scalar(select(func.max(feed.c.seq))) or 0

    def reserve_block(
        self, agency: str, day: date, size: int, device_id: str | None
    ) -> dict | None:
        """The next ``size`` sequence numbers of ``agency`` on ``day`` for one device (published
        to it: a lost answer is not a lost block), or for the office when ``device_id`` is None
        (not published); None when the day's numbers below the fallback range are used up."""
        with self.engine.begin() as db:
            span = _take(db, code_counters, agency, "day", day.isoformat(), size, BLOCK_LIMIT)
            if span is None:
                return None
            block = {"agency_code": agency, "day": day.isoformat(), "first": span[0]}
            block["last"] = span[1]
            db.execute(insert(code_blocks).values(**block, device_id=device_id))
            if device_id is not None:
                _publish(db, "code_block", block, agency=agency, device=device_id)
        return block

    def reserve_register_block(
        self, agency: str, year: int, size: int, device_id: str | None
    ) -> dict | None:
        """The next ``size`` tracking-register numbers of ``agency`` in ``year`` (kiosk/register.py:
        one register per year, numbered from 1), as ``reserve_block``; None when the numbers below
        the counters' fallback range (900000+) are used up."""
        with self.engine.begin() as db:
            span = _take(db, register_counters, agency, "year", year, size, REGISTER_LIMIT)
            if span is None:
                return None
            block = {
                "agency_code": agency,
                "year": year,
                "book": default_book(year),
                "first": span[0],
                "last": span[1],
            }
            db.execute(insert(register_blocks).values(**block, device_id=device_id))
            if device_id is not None:
                _publish(db, "register_block", block, agency=agency, device=device_id)
        return block


def _take(db, counters: Table, agency: str, period: str, value, size: int, limit: int):
    """Move the (agency, period) counter ``size`` numbers on; the (first, last) taken, or None
    past ``limit``. The counter row is created once and incremented by one UPDATE (its row lock
    serialises racing devices, on SQLite and PostgreSQL); the blocks' unique (agency, period,
    first) is the last line of defence."""
    key = (counters.c.agency_code == agency) & (counters.c[period] == value)
    if db.scalar(select(counters.c.next_first).where(key)) is None:
        try:
            with db.begin_nested():
                db.execute(
                    insert(counters).values(agency_code=agency, next_first=1, **{period: value})
                )
        except IntegrityError:
            pass  # a racing device created it first
    after = db.execute(  # a used-up counter stays where it is
        update(counters)
        .where(key, counters.c.next_first <= limit)
        .values(next_first=counters.c.next_first + size)
        .returning(counters.c.next_first)
    ).scalar_one_or_none()
    return None if after is None else (after - size, min(after - 1, limit))


def status_text(status: str) -> str:
    try:
        return STATUS_LABELS[DossierStatus(status)]
    except ValueError:
        return "Đang xử lý"


def _status_change(dossier_id: str, code: str | None, status: str, revision: int, now: str) -> dict:
    return {
        "dossier_id": dossier_id,
        "code": code,
        "status": status,
        "status_text": status_text(status),
        "revision": revision,
        "at": now,
    }


def _publish(db, topic: str, data: dict, *, agency=None, device=None) -> int:
    return db.execute(
        insert(feed).values(
            topic=topic,
            agency_code=agency,
            device_id=device,
            data=canonical_json(data),
            at=utc_now(),
        )
    ).inserted_primary_key[0]


def _project_rating(db, item: Item, now: str) -> None:
    score = item.payload.get("score")
    code = item.payload.get("dossier_code")
    if db.scalar(select(ratings.c.id).where(ratings.c.id == item.entity_id)) is not None:
        return  # a rating is immutable: a later revision is kept as an item only
    db.execute(
        insert(ratings).values(
            id=item.entity_id,
            dossier_code=code[:60] if isinstance(code, str) else None,
            score=score if type(score) is int and -(2**31) < score < 2**31 else None,
            received_at=now,
        )
    )


def _receipt(received_at: str, duplicate: bool) -> dict:
    return {"status": "acknowledged", "received_at": received_at, "duplicate": duplicate}


def _agency(code: str | None) -> str | None:
    if not code:
        return None
    try:
        return parse_dossier_code(code).agency_code
    except InvalidInput:
        return None


def _text(value, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) else None


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()
