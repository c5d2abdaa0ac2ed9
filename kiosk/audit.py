"""Append-only, keyed audit chain: who did what, when, and every change to a dossier row.

Each event's ``hash`` is HMAC-SHA256(audit key, previous hash + canonical event). The key is a file
beside the QR signing key (``keys/audit-hmac.key``, mode 600), handed to
:func:`kiosk.db.open_store`; whoever can edit the store file but not read the key cannot rebuild
a chain that verifies. The one ``audit_head`` row holds the event count and the last hash under
the same key, so a cut tail shows.

Writing. :func:`append` queues an event on the session; the events are written when the session
commits, in the same transaction, after the last flush. At that moment the session also writes one
``dossier.row`` event for every dossier whose row or items it inserted, updated or deleted, with a
digest of the row as committed. This lives in session events (``before_flush``, ``do_orm_execute``,
``before_commit``) rather than in the services, so a new code path that changes a dossier through
a session cannot forget its event; a change made around the session (raw SQL, another program)
leaves a row whose digest no event carries, and :func:`verify` reports it.

One chain, even with several writers: the append takes the head row ``FOR UPDATE`` on PostgreSQL
(writers queue on it until the holder commits); SQLite transactions of the store already begin
``IMMEDIATE``, which serialises writers. The head lock is taken last, at commit, so it is held
only for the writing of the events and never waits on another lock while holding it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event, func, insert, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from kiosk.canonical import canonical_json, canonical_sha256
from kiosk.errors import StoreError
from kiosk.files import private_dir
from kiosk.models import AuditEvent, AuditHead, Dossier, DossierItem, local_now
from kiosk.timeutil import to_vietnam_time

GENESIS = "0" * 64
ROW_ACTION = "dossier.row"
BASELINE_ACTION = "dossier.baseline"
REKEY_ACTION = "audit.rekeyed"
_KEY_INFO = "audit_key"
_PENDING = "audit.pending"
_TOUCHED = "audit.touched"
_EVENTS = AuditEvent.__table__
_HEAD = AuditHead.__table__
_DOSSIERS = Dossier.__table__
_ITEMS = DossierItem.__table__


# --- the key --------------------------------------------------------------------------------------


def load_or_create_key(path: Path) -> bytes:
    """Read the audit key at ``path``, creating it (32 random bytes, hex, mode 600) on first use.

    Creation is atomic (temporary file, fsync, link without overwrite): two processes starting at
    once end up with the same key. Raises StoreError if the file exists but is not a key.
    """
    path = Path(path)
    if not path.exists():
        private_dir(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")
        try:
            os.chmod(tmp, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32) + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process made it first: keep theirs
        finally:
            os.unlink(tmp)
    text = path.read_text(encoding="ascii", errors="replace").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise StoreError(
            f"Tệp khóa nhật ký kiểm tra {path} bị hỏng. Hãy chép lại tệp này từ bản "
            "sao lưu (không tạo khóa mới: nhật ký cũ sẽ không kiểm tra được nữa).",
            english=f"The audit key file {path} is damaged.",
        )
    return key


def key_id(key: bytes) -> str:
    """A short public name of the key (which key sealed a chain), revealing nothing of it."""
    return hmac.new(key, b"kiosk audit key id", hashlib.sha256).hexdigest()[:16]


def os_actor() -> str:
    """The actor of a command run in a terminal: the operating-system user (``os:<name>``)."""
    import getpass

    try:
        return f"os:{getpass.getuser()}"
    except (OSError, KeyError):  # no user name for this uid (a bare container)
        return f"os:uid-{os.getuid()}" if hasattr(os, "getuid") else "os:unknown"


def session_info(key: bytes) -> dict[str, Any]:
    """The ``info`` a session factory needs so its sessions can write and verify the chain."""
    return {_KEY_INFO: key}


def _session_key(s: Session) -> bytes:
    key = s.info.get(_KEY_INFO)
    if not key:
        raise StoreError(
            "Kho dữ liệu được mở không có khóa nhật ký kiểm tra; không ghi được.",
            english="The store was opened without its audit key; nothing written.",
        )
    return key


# --- canonical forms ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _canonical(value: Any) -> str:
    """The one canonical JSON, after dates and times are made plain (aware ones in UTC)."""
    return canonical_json(_plain_tree(value))


def _plain_tree(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_tree(v) for v in value]
    return _plain(value)


def _mac(
    key: bytes, prev: str, at: datetime, actor: str, action: str, entity: str | None, details: dict
) -> str:
    body = _canonical([at, actor, action, entity, details])
    return hmac.new(key, prev.encode("ascii") + b"\n" + _utf8(body), hashlib.sha256).hexdigest()


def _head_mac(key: bytes, events: int, last_hash: str) -> str:
    return hmac.new(key, f"head\n{events}\n{last_hash}".encode("ascii"), hashlib.sha256).hexdigest()


def _row_digest(row: dict, items: Iterable[dict]) -> str:
    body = canonical_json(_plain_tree({"dossier": row, "items": list(items)}))
    return hashlib.sha256(_utf8(body)).hexdigest()


def _utf8(text: str) -> bytes:
    """UTF-8; a lone surrogate that reached a row (it should not) is hashed, never a crash."""
    return text.encode("utf-8", "surrogatepass")


def dossier_state(conn: Connection, dossier_id: str) -> str | None:
    """Digest of a dossier row and its items as stored now; None if there is no such row."""
    row = conn.execute(select(_DOSSIERS).where(_DOSSIERS.c.id == dossier_id)).mappings().first()
    if row is None:
        return None
    items = (
        conn.execute(select(_ITEMS).where(_ITEMS.c.dossier_id == dossier_id).order_by(_ITEMS.c.id))
        .mappings()
        .all()
    )
    return _row_digest(dict(row), [dict(i) for i in items])


def _all_dossier_states(conn: Connection) -> dict[str, str]:
    items: dict[str, list[dict]] = {}
    for it in conn.execute(select(_ITEMS).order_by(_ITEMS.c.id)).mappings():
        items.setdefault(it["dossier_id"], []).append(dict(it))
    return {
        row["id"]: _row_digest(dict(row), items.get(row["id"], []))
        for row in conn.execute(select(_DOSSIERS)).mappings()
    }


# --- writing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    at: datetime
    actor: str
    action: str
    entity: str | None
    details: dict


def append(
    s: Session, actor: str, action: str, entity: str | None = None, details: dict | None = None
) -> None:
    """Record an event in the caller's transaction: it is written when ``s`` commits, or never."""
    details = json.loads(_canonical(details or {}))  # what the JSON column will give back
    s.info.setdefault(_PENDING, []).append(_Entry(local_now(), actor, action, entity, details))


class _Chain:
    """The head of the chain, locked, while events are written in one transaction."""

    def __init__(self, conn: Connection, key: bytes) -> None:
        self.conn, self.key = conn, key
        head = conn.execute(select(_HEAD).where(_HEAD.c.id == 1).with_for_update()).first()
        if head is None:
            raise StoreError(
                "Nhật ký kiểm tra mất dòng đầu chuỗi; không ghi thêm được. "
                "Hãy chạy “kiosk audit verify” và gọi kỹ thuật viên.",
                english="The audit chain head row is missing.",
            )
        if head.key_id is not None and head.key_id != key_id(key):
            raise StoreError(
                "Khóa nhật ký kiểm tra của máy này không phải khóa đã niêm phong kho "
                "dữ liệu; không ghi được. Hãy chép tệp keys/audit-hmac.key đúng "
                "(từ bản sao lưu, hoặc từ máy đầu tiên của văn phòng).",
                english="This machine's audit key did not seal the store.",
            )
        self.events, self.last = head.events, head.last_hash

    def write(self, entry: _Entry) -> str:
        mac = _mac(
            self.key, self.last, entry.at, entry.actor, entry.action, entry.entity, entry.details
        )
        self.conn.execute(
            insert(_EVENTS).values(
                at=entry.at,
                actor=entry.actor,
                action=entry.action,
                entity=entry.entity,
                details=entry.details,
                prev_hash=self.last,
                hash=mac,
            )
        )
        self.events, self.last = self.events + 1, mac
        return mac

    def seal(self, **extra: Any) -> None:
        self.conn.execute(
            update(_HEAD)
            .where(_HEAD.c.id == 1)
            .values(
                events=self.events,
                last_hash=self.last,
                mac=_head_mac(self.key, self.events, self.last),
                **extra,
            )
        )


def _touched(s: Session) -> dict[str, Any]:
    return s.info.setdefault(_TOUCHED, {"objects": [], "ids": {}})


@event.listens_for(Session, "before_flush")
def _track_flush(s: Session, _ctx, _instances) -> None:
    touched = None
    for op, objects in (("insert", s.new), ("update", s.dirty), ("delete", s.deleted)):
        for obj in objects:
            if isinstance(obj, (Dossier, DossierItem)) and (
                op != "update" or s.is_modified(obj, include_collections=False)
            ):
                touched = touched or _touched(s)
                touched["objects"].append((obj, op))


@event.listens_for(Session, "do_orm_execute")
def _track_bulk(state: ORMExecuteState) -> None:
    """``update(Dossier)`` / ``delete(DossierItem)`` statements: note the rows they will touch."""
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    column = {"dossiers": "id", "dossier_items": "dossier_id"}.get(getattr(table, "name", ""))
    if column is None:
        return
    query = select(_DOSSIERS.c.id if column == "id" else _ITEMS.c.dossier_id)
    if state.statement.whereclause is not None:
        query = query.where(state.statement.whereclause)
    ids = state.session.connection().execute(query).scalars().all()
    op = "delete" if state.is_delete and column == "id" else "update"
    _touched(state.session)["ids"].update({i: op for i in ids if i})


@event.listens_for(Session, "before_commit")
def _write_on_commit(s: Session) -> None:
    if not (s.info.get(_PENDING) or s.info.get(_TOUCHED) or s.new or s.dirty or s.deleted):
        return
    s.flush()
    pending: list[_Entry] = s.info.pop(_PENDING, [])
    touched = s.info.pop(_TOUCHED, {"objects": [], "ids": {}})
    ops: dict[str, str] = dict(touched["ids"])
    for obj, op in touched["objects"]:
        dossier_id = obj.id if isinstance(obj, Dossier) else obj.dossier_id
        if dossier_id and ops.get(dossier_id) != "insert":
            ops[dossier_id] = "update" if isinstance(obj, DossierItem) else op
    if not pending and not ops:
        return
    chain = _Chain(s.connection(), _session_key(s))
    for entry in pending:
        chain.write(entry)
    actor = pending[-1].actor if pending else "system"
    for dossier_id in sorted(ops):
        state = dossier_state(chain.conn, dossier_id)
        op = "delete" if state is None else ops[dossier_id]
        chain.write(
            _Entry(
                local_now(), actor, ROW_ACTION, f"dossier:{dossier_id}", {"op": op, "state": state}
            )
        )
    chain.seal()


@event.listens_for(Session, "after_transaction_end")
def _forget(s: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: committed or rolled back
        s.info.pop(_PENDING, None)
        s.info.pop(_TOUCHED, None)


# --- keying an existing chain ---------------------------------------------------------------------


def _legacy_digest(prev: str, ev) -> str:
    """The hash of the chain before it was keyed (plain SHA-256, no key)."""
    at = to_vietnam_time(ev.at).replace(tzinfo=None)  # hashed as naive local time back then
    return canonical_sha256([prev, at.isoformat(), ev.actor, ev.action, ev.entity, ev.details])


def ensure_keyed(s: Session) -> bool:
    """Key the chain with the session's key once (a store made before keying); True if it did.

    The old SHA-256 chain is checked first and the result recorded in an ``audit.rekeyed`` event,
    so re-keying never hides an earlier tampering. Existing dossiers get a ``dossier.baseline``
    event with their current digest. A fresh store is only marked as keyed (no event).
    """
    key = _session_key(s)
    conn = s.connection()
    head = conn.execute(select(_HEAD).where(_HEAD.c.id == 1).with_for_update()).first()
    if head is not None and head.key_id is not None:
        if head.key_id == key_id(key) or head.events or _all_dossier_states(conn):
            return False
        # An empty chain sealed by another key (a database copied from a template): nothing to
        # protect yet, so the first key to open it seals it.
        conn.execute(update(_HEAD).where(_HEAD.c.id == 1).values(key_id=None))
    if head is None:
        if conn.execute(select(func.count()).select_from(_EVENTS)).scalar():
            return False  # the head row was removed: verify() says so, nothing is rebuilt
        conn.execute(insert(_HEAD).values(id=1, events=0, last_hash=GENESIS))
    legacy_prev, legacy_bad, prev, count = GENESIS, None, GENESIS, 0
    for ev in conn.execute(select(_EVENTS).order_by(_EVENTS.c.id)).all():
        intact = ev.prev_hash == legacy_prev and ev.hash == _legacy_digest(legacy_prev, ev)
        if legacy_bad is None and not intact:
            legacy_bad = ev.id
        legacy_prev = ev.hash
        mac = _mac(key, prev, ev.at, ev.actor, ev.action, ev.entity, ev.details)
        conn.execute(update(_EVENTS).where(_EVENTS.c.id == ev.id).values(prev_hash=prev, hash=mac))
        prev, count = mac, count + 1
    conn.execute(update(_HEAD).where(_HEAD.c.id == 1).values(events=count, last_hash=prev))
    chain = _Chain(conn, key)
    states = _all_dossier_states(conn)
    if count or states:
        chain.write(
            _Entry(
                local_now(),
                "system",
                REKEY_ACTION,
                None,
                {
                    "legacy_events": count,
                    "legacy_chain_ok": legacy_bad is None,
                    "legacy_first_bad_event": legacy_bad,
                    "dossiers": len(states),
                },
            )
        )
        for dossier_id, state in sorted(states.items()):
            chain.write(
                _Entry(
                    local_now(),
                    "system",
                    BASELINE_ACTION,
                    f"dossier:{dossier_id}",
                    {"state": state},
                )
            )
    chain.seal(key_id=key_id(key), keyed_at=local_now())
    return True


# --- verifying ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The result of :func:`verify`: ``ok``, the number of events, and the first problem found."""

    ok: bool
    events: int
    event_id: int | None = None
    problem: str = ""
    english: str = ""

    def message(self) -> str:
        if self.ok:
            return f"Nhật ký kiểm tra nguyên vẹn: {self.events} sự kiện, chuỗi khóa hợp lệ."
        where = f" (sự kiện #{self.event_id})" if self.event_id is not None else ""
        return f"Nhật ký kiểm tra bị phá vỡ{where}: {self.problem}"


def verify(s: Session, key: bytes | None = None) -> Verdict:
    """Check the whole chain, its head, and that every dossier row is as its last event says."""
    key = key or _session_key(s)
    conn = s.connection()
    head = conn.execute(select(_HEAD).where(_HEAD.c.id == 1)).first()
    if head is None:
        return Verdict(
            False,
            0,
            None,
            "mất dòng đầu chuỗi (audit_head) — kho đã bị sửa ngoài ứng dụng.",
            "the chain head row is missing",
        )
    if head.key_id is None:
        return Verdict(
            False,
            0,
            None,
            "chuỗi chưa được niêm phong bằng khóa (mở kho bằng ứng dụng một lần để niêm phong).",
            "the chain is not keyed yet",
        )
    if head.key_id != key_id(key):
        return Verdict(
            False,
            0,
            None,
            "khóa của máy này không phải khóa đã niêm phong chuỗi; "
            "không kiểm tra được. Hãy dùng đúng tệp keys/audit-hmac.key.",
            "another key sealed this chain",
        )
    prev, count = GENESIS, 0
    last_state: dict[str, tuple[int, str | None]] = {}
    for ev in conn.execute(select(_EVENTS).order_by(_EVENTS.c.id)):
        if ev.prev_hash != prev:
            return Verdict(
                False,
                count,
                ev.id,
                "không nối tiếp sự kiện đứng trước: có sự kiện bị "
                "xóa, chèn thêm hoặc đổi thứ tự ngay trước sự kiện này.",
                "does not follow the previous event (deleted, inserted or reordered)",
            )
        if ev.hash != _mac(key, prev, ev.at, ev.actor, ev.action, ev.entity, ev.details):
            return Verdict(
                False,
                count,
                ev.id,
                "nội dung đã bị sửa, hoặc mã của nó được tính lại không có khóa.",
                "its content was changed or its mac forged",
            )
        if ev.action in (ROW_ACTION, BASELINE_ACTION) and (ev.entity or "").startswith("dossier:"):
            last_state[ev.entity.removeprefix("dossier:")] = (ev.id, ev.details.get("state"))
        prev, count = ev.hash, count + 1
    if head.mac != _head_mac(key, head.events, head.last_hash):
        return Verdict(False, count, None, "dòng đầu chuỗi đã bị sửa.", "the head row was altered")
    if head.events != count or head.last_hash != prev:
        return Verdict(
            False,
            count,
            None,
            f"đầu chuỗi ghi {head.events} sự kiện nhưng còn "
            f"{count}: các sự kiện cuối đã bị xóa hoặc thêm ngoài ứng dụng.",
            "the tail of the chain was cut or extended",
        )
    states = _all_dossier_states(conn)
    for dossier_id in sorted(set(states) | set(last_state)):
        event_id, recorded = last_state.get(dossier_id, (None, None))
        current = states.get(dossier_id)
        if current == recorded:
            continue
        if recorded is None and event_id is None:
            what = "có trong kho nhưng không có sự kiện kiểm tra nào (thêm ngoài ứng dụng)"
        elif current is None:
            what = "đã bị xóa khỏi kho mà không có sự kiện kiểm tra"
        else:
            what = "đã bị sửa mà không có sự kiện kiểm tra (sửa ngoài ứng dụng)"
        return Verdict(
            False,
            count,
            event_id,
            f"hồ sơ {dossier_id} {what}.",
            f"dossier {dossier_id} changed without an audit event",
        )
    return Verdict(True, count)


def verify_chain(s: Session) -> int | None:
    """The id of the first bad event (0 if the problem is not one event), or None if intact."""
    verdict = verify(s)
    return None if verdict.ok else (verdict.event_id or 0)
