"""The outbox engine: drains ``kiosk`` outbox items to the central system (DESIGN §7).

One pass (``run_once``):

1. **claim** due items in a short transaction: ``queued`` and ``retry_later`` items whose time has
   come, and ``uploading`` items whose claim (lease) ran out because their sender was killed. The
   claim is a conditional UPDATE, so two senders never claim the same item;
2. **send** each one with no transaction open (the network may take 30 s, the store must not wait);
3. **record** the outcomes of the batch in another short transaction: ``acknowledged`` (with the
   receipt), ``conflict`` (409), ``failed`` (a fatal 4xx: with its reason, not retried by itself),
   or ``retry_later`` with a back-off (exponential, full jitter, or the server's Retry-After).

An item is identified by its idempotency key and (entity, revision, payload SHA-256), and the
central system returns the stored receipt for an identical resend, so a send that succeeded on the
server but whose answer was lost is harmless: the next pass gets the same receipt. An edit during
an upload is a new outbox row with the next revision (kiosk/outbox.py), never a change to this one.

A poisoned item (fatal, conflict, 5xx on that item alone) never blocks the others; a pass stops
early only when the link itself is down (several network errors in a row) or the device is refused
(401/403), since every other item would meet the same.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.models import Blob, BlobUpload, OutboxItem, local_now
from sync.client import CentralClient, Outcome, item_body

log = logging.getLogger(__name__)

STATES = ("queued", "uploading", "acknowledged", "confirmed", "retry_later", "failed", "conflict")
DONE = ("acknowledged", "confirmed")
# Roll-up of a dossier's items: the first state of this list that any of its items is in.
ROLLUP_ORDER = (
    "conflict",
    "failed",
    "uploading",
    "retry_later",
    "queued",
    "acknowledged",
    "confirmed",
)
ROLLUP_RANK = {state: i for i, state in enumerate(ROLLUP_ORDER)}
BASE_DELAY = 5.0  # seconds before the first retry (before jitter)
MAX_DELAY = 3600.0
AUTH_DELAY = 900.0  # a refused device waits this long before trying again
LEASE = timedelta(minutes=2)  # longer than a send can take (client timeouts: 5 s + 30 s)
NETWORK_STREAK = 3  # network errors in a row that end a pass (the link is down)
RELEASED = {  # why an item claimed by a pass that stopped early was not sent
    "offline": "lượt gửi dừng vì mất kết nối, mục này chưa được gửi",
    "auth": "hệ thống trung tâm từ chối thiết bị này, mục này chưa được gửi",
}


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str
    kind: str
    entity_id: str
    revision: int
    payload: dict
    payload_sha256: str
    attempts: int


@dataclass
class PassReport:
    """What one pass did (no personal data: counts and kinds)."""

    sent: int = 0
    acknowledged: int = 0
    retry_later: int = 0
    failed: int = 0
    conflict: int = 0
    stopped: str | None = None  # why the pass ended early: "offline" or "auth"
    outcomes: list[str] = field(default_factory=list)
    pulled_statuses: int = 0  # dossier status changes the pulls after the pass brought


def backoff(
    attempts: int, rng: Callable[[], float], *, base: float = BASE_DELAY, cap: float = MAX_DELAY
) -> float:
    """Exponential back-off with full jitter (AWS Architecture Blog): uniform in [base/2, ceil]."""
    ceiling = min(cap, base * 2 ** max(0, attempts - 1))
    return base / 2 + (ceiling - base / 2) * rng()


class OutboxEngine:
    """Sends the outbox of one store. Thread-safe enough for one pass at a time per process; two
    processes (or machines of one PostgreSQL store) may run passes at once."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        client: CentralClient,
        *,
        clock: Callable[[], datetime] = local_now,
        rng: Callable[[], float] = random.random,
        batch: int = 20,
        lease: timedelta = LEASE,
    ) -> None:
        self.sessions, self.client = sessions, client
        self.clock, self.rng, self.batch, self.lease = clock, rng, batch, lease

    # -- one pass ---------------------------------------------------------------------------------
    def run_once(self, limit: int | None = None) -> PassReport:
        """Send every item due now (at most ``limit``); return what happened."""
        report = PassReport()
        streak = 0
        seen: set[int] = set()
        while limit is None or report.sent < limit:
            claimed = [c for c in self.claim(self.batch) if c.id not in seen]
            if not claimed:
                break
            done: list[tuple[Claimed, Outcome]] = []
            for index, item in enumerate(claimed):
                seen.add(item.id)
                outcome = self.client.send_item(
                    item.kind,
                    item.entity_id,
                    item_body(
                        item.key,
                        item.kind,
                        item.entity_id,
                        item.revision,
                        item.payload,
                        item.payload_sha256,
                    ),
                )
                done.append((item, outcome))
                report.sent += 1
                report.outcomes.append(outcome.kind)
                self._tally(report, outcome)
                streak = streak + 1 if outcome.network else 0
                stop = (
                    "auth"
                    if outcome.kind == "auth"
                    else "offline"
                    if streak >= NETWORK_STREAK
                    else None
                )
                if stop:
                    self.record_many(done)
                    self.release(claimed[index + 1 :], stop)
                    report.stopped = stop
                    return report
            self.record_many(done)  # one short transaction per batch (a kill before it: resent)
        return report

    @staticmethod
    def _tally(report: PassReport, outcome: Outcome) -> None:
        if outcome.kind == "ok":
            report.acknowledged += 1
        elif outcome.kind == "conflict":
            report.conflict += 1
        elif outcome.kind == "fatal":
            report.failed += 1
        else:
            report.retry_later += 1

    # -- the short transactions --------------------------------------------------------------------
    def claim(self, limit: int) -> list[Claimed]:
        """Claim up to ``limit`` due items (oldest first) in one short transaction."""
        now = self.clock()
        due = or_(
            (OutboxItem.status.in_(("queued", "retry_later")))
            & (OutboxItem.next_attempt_at <= now),
            (OutboxItem.status == "uploading") & (OutboxItem.lease_until < now),
        )
        out: list[Claimed] = []
        with self.sessions.begin() as s:
            rows = s.execute(
                select(OutboxItem.id, OutboxItem.status, OutboxItem.attempts)
                .where(due)
                .order_by(OutboxItem.next_attempt_at, OutboxItem.id)
                .limit(limit)
            ).all()
            for row in rows:
                done = s.execute(  # attempts is the row's version: a rival claim changed it
                    update(OutboxItem)
                    .where(
                        OutboxItem.id == row.id,
                        OutboxItem.status == row.status,
                        OutboxItem.attempts == row.attempts,
                    )
                    .values(
                        status="uploading",
                        attempts=OutboxItem.attempts + 1,
                        lease_until=now + self.lease,
                        updated_at=now,
                    )
                    .execution_options(synchronize_session=False)
                )
                if done.rowcount != 1:
                    continue  # another sender claimed it first
                item = s.get(OutboxItem, row.id, populate_existing=True)
                out.append(
                    Claimed(
                        item.id,
                        item.idempotency_key,
                        item.kind,
                        item.entity_id,
                        item.revision,
                        dict(item.payload),
                        item.payload_sha256,
                        item.attempts,
                    )
                )
        return out

    def record(self, item: Claimed, outcome: Outcome) -> None:
        """Record one outcome in its own short transaction (only if the claim is still ours)."""
        self.record_many([(item, outcome)])

    def record_many(self, done: list[tuple[Claimed, Outcome]]) -> None:
        """Record outcomes in one short transaction; each only if its claim is still ours."""
        if not done:
            return
        now = self.clock()
        with self.sessions.begin() as s:
            for item, outcome in done:
                s.execute(_still_claimed(item).values(**self._outcome_values(item, outcome, now)))
        for item, outcome in done:
            log.info("outbox item %s: %s", item.id, outcome.kind)

    def _outcome_values(self, item: Claimed, outcome: Outcome, now: datetime) -> dict:
        values: dict = {"lease_until": None, "updated_at": now}
        if outcome.kind == "ok":
            values.update(
                status="acknowledged",
                acknowledged_at=now,
                last_error=None,
                error_kind=None,
                receipt=json.dumps(outcome.receipt, ensure_ascii=False, sort_keys=True),
            )
        elif outcome.kind in ("conflict", "fatal"):
            values.update(
                status="conflict" if outcome.kind == "conflict" else "failed",
                last_error=outcome.detail,
                error_kind=outcome.kind,
            )
        else:
            if outcome.kind == "auth":
                delay = AUTH_DELAY
            else:
                delay = backoff(item.attempts, self.rng)
                if outcome.retry_after is not None:
                    delay = max(delay, outcome.retry_after)
            values.update(
                status="retry_later",
                last_error=outcome.detail,
                error_kind=outcome.kind,
                next_attempt_at=now + timedelta(seconds=delay),
            )
        return values

    def release(self, items: list[Claimed], why: str = "offline") -> None:
        """Give claimed but unsent items back (a pass that stopped early), attempt not counted;
        an item never tried says why it was not sent (the sync page, the dossier pane)."""
        if not items:
            return
        note = RELEASED.get(why, RELEASED["offline"])
        with self.sessions.begin() as s:
            for item in items:
                s.execute(
                    _still_claimed(item).values(
                        status="retry_later",
                        lease_until=None,
                        attempts=OutboxItem.attempts - 1,
                        last_error=func.coalesce(OutboxItem.last_error, note),
                    )
                )

    def hurry(self) -> int:
        """The connection is back: items waiting after a transient error are due now."""
        with self.sessions.begin() as s:
            return s.execute(
                update(OutboxItem)
                .where(
                    OutboxItem.status == "retry_later",
                    OutboxItem.error_kind == "transient",
                    OutboxItem.next_attempt_at > self.clock(),
                )
                .values(next_attempt_at=self.clock())
                .execution_options(synchronize_session=False)
            ).rowcount

    def retry(self, item_ids: list[int] | None = None) -> int:
        """Make failed/conflict/retry-later items due now (the retry button); return how many."""
        with self.sessions.begin() as s:
            query = (
                update(OutboxItem)
                .where(OutboxItem.status.in_(("failed", "retry_later", "conflict")))
                .values(status="queued", next_attempt_at=self.clock())
                .execution_options(synchronize_session=False)
            )
            if item_ids is not None:
                query = query.where(OutboxItem.id.in_(item_ids))
            return s.execute(query).rowcount


# -- what the status bar and the item list show ----------------------------------------------------
BLOB_DONE = ("acknowledged", "failed")  # a failed blob waits for a person, not for the network


@dataclass(frozen=True)
class SyncSummary:
    pending_dossiers: int  # dossiers with at least one item not yet acknowledged
    pending_items: int
    oldest_pending: datetime | None  # when the oldest unsent item or file was written
    last_success: datetime | None  # when the central system last acknowledged an item
    failed_items: int  # failed or conflict: waiting for a person
    blobs_left: int = 0  # scanned pages and PDFs the central system has not acknowledged yet
    bytes_left: int = 0  # their bytes still to send (what the resumable uploads have not sent)
    failed_blobs: int = 0  # files the central system refused (e.g. damaged on this disk)
    device_problem: str | None = None  # the machine cannot sign its requests: why, what to do

    @property
    def all_sent(self) -> bool:
        """Nothing waits: every item and every file has reached the central system."""
        return not (self.pending_items or self.blobs_left or self.failed_blobs)

    @property
    def need_attention(self) -> int:
        """Items and files a person must look at (refused, conflicting): retrying won't help."""
        return self.failed_items + self.failed_blobs


def summary(sessions: sessionmaker[Session]) -> SyncSummary:
    """What waits to be sent, read in one short transaction (run it on the database worker).

    Bytes left: each file not yet acknowledged counts its size less the offset its resumable upload
    reached (``BlobUpload``, which sync/uploads.py keeps after every chunk), so a cut upload of a
    large scan counts only what is still to go."""
    with sessions.begin() as s:
        pending = OutboxItem.status.not_in(DONE)
        dossiers, items, oldest = s.execute(
            select(
                func.count(func.distinct(OutboxItem.entity_id)),
                func.count(),
                func.min(OutboxItem.created_at),
            ).where(pending)
        ).one()
        last = s.scalar(select(func.max(OutboxItem.acknowledged_at)))
        stuck = (
            s.scalar(
                select(func.count())
                .select_from(OutboxItem)
                .where(OutboxItem.status.in_(("failed", "conflict")))
            )
            or 0
        )
        blobs, left, oldest_blob = s.execute(
            select(
                func.count(),
                func.sum(Blob.size - func.coalesce(BlobUpload.offset, 0)),
                func.min(Blob.created_at),
            )
            .select_from(Blob)
            .outerjoin(BlobUpload, BlobUpload.sha256 == Blob.sha256)
            .where(Blob.sync_state.not_in(BLOB_DONE))
        ).one()
        refused = (
            s.scalar(select(func.count()).select_from(Blob).where(Blob.sync_state == "failed")) or 0
        )
    oldest = min((t for t in (oldest, oldest_blob) if t is not None), default=None)
    return SyncSummary(
        dossiers or 0,
        items or 0,
        oldest,
        last,
        stuck,
        blobs_left=blobs or 0,
        bytes_left=max(0, int(left or 0)),
        failed_blobs=refused,
    )


def dossier_states(sessions: sessionmaker[Session]) -> dict[str, str]:
    """The rolled-up state of each entity's items (ROLLUP_ORDER: the worst one wins)."""
    with sessions.begin() as s:
        rows = s.execute(select(OutboxItem.entity_id, OutboxItem.status).distinct()).all()
    out: dict[str, str] = {}
    for entity_id, status in rows:
        if entity_id not in out or ROLLUP_RANK.get(status, 0) < ROLLUP_RANK.get(out[entity_id], 0):
            out[entity_id] = status
    return out


@dataclass(frozen=True)
class ItemRow:
    """One outbox item as the sync screen lists it (no personal data: the dossier code only)."""

    id: int
    kind: str
    label: str  # the dossier code, else the start of the entity id
    revision: int
    status: str
    attempts: int
    last_error: str | None
    updated_at: datetime


def item_rows(sessions: sessionmaker[Session], limit: int = 300) -> list[ItemRow]:
    """The items waiting for a person or for the network first (ROLLUP_ORDER), then the most
    recently sent ones, at most ``limit``."""
    with sessions.begin() as s:
        rows = s.execute(
            select(
                OutboxItem.id,
                OutboxItem.kind,
                OutboxItem.entity_id,
                OutboxItem.revision,
                OutboxItem.status,
                OutboxItem.attempts,
                OutboxItem.last_error,
                OutboxItem.updated_at,
                OutboxItem.payload,
            )
            .order_by(OutboxItem.updated_at.desc(), OutboxItem.id.desc())
            .limit(limit)
        ).all()
    out = [
        ItemRow(
            r.id,
            r.kind,
            _code_of(r.payload) or r.entity_id[:8],
            r.revision,
            r.status,
            r.attempts,
            r.last_error,
            r.updated_at,
        )
        for r in rows
    ]
    return sorted(out, key=lambda row: ROLLUP_RANK.get(row.status, 0))


def _code_of(payload) -> str | None:
    dossier = payload.get("dossier") if isinstance(payload, dict) else None
    code = dossier.get("code") if isinstance(dossier, dict) else None
    return code if isinstance(code, str) else None


class OutboxSync:
    """What the app holds: one pass at a time over its engine, and the summary for the status bar.

    ``send_due`` does network I/O and opens only short transactions of its own: run it on the
    I/O pool (ui/tasks.py, ``uses_db=False``), never on the UI thread.
    """

    def __init__(
        self,
        engine: OutboxEngine,
        reads: sessionmaker[Session],
        *,
        after: tuple[Callable[[], object], ...] = (),
        device_problem: str | None = None,
    ) -> None:
        self.engine, self.reads = engine, reads
        self.device_problem = device_problem  # e.g. a damaged device key: what to do about it
        # blob uploads, pulls: run after a pass that was not stopped; a step's report with
        # ``statuses`` (sync.pulls.PullReport) counts in the pass's ``pulled_statuses``
        self.after = after
        self._lock = threading.Lock()

    def send_due(self, hurry: bool = False) -> PassReport | None:
        """One pass (``hurry``: the connection came back, retry what waits after a network error
        now); None if a pass is already running in this process (it will see new items)."""
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if hurry:
                self.engine.hurry()
            report = self.engine.run_once()
            if report.stopped is None:
                for step in self.after:
                    try:
                        done = step()
                        statuses = getattr(done, "statuses", 0)  # a pull's PullReport
                        if isinstance(statuses, int):
                            report.pulled_statuses += statuses
                    except Exception:  # a background step never takes the sync thread down
                        log.exception("sync: %s failed", getattr(step, "__name__", "step"))
            return report
        finally:
            self._lock.release()

    def summary(self) -> SyncSummary:
        found = summary(self.reads)
        if self.device_problem is None:
            return found
        return dataclasses.replace(found, device_problem=self.device_problem)

    def items(self) -> list[ItemRow]:
        """The outbox items for the sync screen (``item_rows``)."""
        return item_rows(self.reads)

    def dossier_state(self, dossier_id: str):
        """Where one dossier stands with the central system (``sync.dossier_state.DossierSync``),
        for its detail pane: a short read, run it on the database worker."""
        from sync.dossier_state import read  # it builds on this module's roll-up order

        return read(self.reads, dossier_id)

    def retry(self, item_ids: list[int] | None = None) -> int:
        """The retry button: make these (or all refused, conflicting, waiting) items due now."""
        return self.engine.retry(item_ids)

    def close(self) -> None:
        self.engine.client.close()


def _still_claimed(item: Claimed):
    """An UPDATE of ``item``'s row that applies only while the claim is still ours (the attempt
    count works as a version number)."""
    return (
        update(OutboxItem)
        .where(
            OutboxItem.id == item.id,
            OutboxItem.status == "uploading",
            OutboxItem.attempts == item.attempts,
        )
        .execution_options(synchronize_session=False)
    )
