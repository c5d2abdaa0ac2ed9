"""The audit chain: keyed (HMAC), linear under concurrent writers, covering every change to a
dossier row, and every kind of tampering with the store file caught by ``verify``."""

import hashlib
import hmac
import json
import stat
import subprocess
import sys
import threading
from datetime import UTC, date

import pytest
from sqlalchemy import delete, select, update

from kiosk import audit
from kiosk.db import open_store, sqlite_url
from kiosk.dossier_types import Applicant, ItemCounts
from kiosk.errors import StoreError
from kiosk.models import AuditEvent, AuditHead, Dossier, DossierItem
from kiosk.paths import AppPaths
from tests.factories import MONDAY, add_procedure, make_reception

PERSON = Applicant(
    full_name="Nguyễn Văn An",
    id_number="038090123456",
    date_of_birth=date(1990, 1, 1),
    gender="Nam",
    address="Thôn 3, xã Quảng Phú",
    sources={},
)


def events(store):
    with store.reads() as s:
        return [
            (e.actor, e.action, e.entity, e.details)
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def verdict(store):
    with store.reads() as s:
        return audit.verify(s)


def accepted_dossier(store, tmp_path):
    reception = make_reception(store, tmp_path)
    version_id = add_procedure(store)
    snap = reception.create_draft(version_id, None, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    reception.set_counts(snap.id, {i.id: ItemCounts(originals=1) for i in snap.items if i.required})
    return reception.accept(snap.id, None, MONDAY).dossier


class raw:  # noqa: N801 - used like a function: ``with raw(store) as con``
    """A plain DB-API connection to the store: what someone editing the file (or the database
    server) would use, past the app and its sessions. ``?`` placeholders on both backends."""

    def __init__(self, store):
        self.pg = store.engine.dialect.name == "postgresql"
        self.con = store.engine.raw_connection()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.execute(
            "SET session_replication_role = DEFAULT" if self.pg else "PRAGMA foreign_keys = ON"
        )
        self.con.commit()
        self.con.close()

    def execute(self, sql, params=()):
        cur = self.con.cursor()
        cur.execute(sql.replace("?", "%s") if self.pg else sql, params)
        return cur

    def without_foreign_keys(self):
        self.execute(
            "SET session_replication_role = replica" if self.pg else "PRAGMA foreign_keys = OFF"
        )


# --- the key --------------------------------------------------------------------------------------


def test_key_file_is_made_once_mode_600_beside_the_store(store, tmp_path):
    path = AppPaths(tmp_path).audit_key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    key = audit.load_or_create_key(path)
    assert len(key) == 32 and audit.load_or_create_key(path) == key


def test_damaged_key_file_is_refused_with_a_message(tmp_path):
    path = tmp_path / "k"
    path.write_text("not a key")
    with pytest.raises(StoreError, match="bị hỏng"):
        audit.load_or_create_key(path)


def test_chain_entries_are_hmac_of_previous_and_event(store, tmp_path):
    with store.sessions.begin() as s:
        audit.append(s, "officer:1", "dossier.accept", "dossier:abc", {"code": "X-1"})
        audit.append(s, "system", "sync.ok")
    key = audit.load_or_create_key(AppPaths(tmp_path).audit_key)
    with store.reads() as s:
        first, second = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    at_utc = first.at.astimezone(UTC).replace(tzinfo=None)  # aware times hash in UTC
    body = json.dumps(
        [at_utc.isoformat(), "officer:1", "dossier.accept", "dossier:abc", {"code": "X-1"}],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    expected = hmac.new(key, audit.GENESIS.encode() + b"\n" + body.encode(), hashlib.sha256)
    assert first.hash == expected.hexdigest() and second.prev_hash == first.hash
    assert verdict(store).ok and verdict(store).events == 2


def test_rolled_back_event_leaves_no_trace(store):
    with pytest.raises(RuntimeError), store.sessions.begin() as s:
        audit.append(s, "officer:1", "dossier.accept", "dossier:x")
        raise RuntimeError("crash before commit")
    with store.sessions.begin() as s:
        audit.append(s, "officer:1", "queue.called", "ticket:1")
    assert [e[1] for e in events(store)] == ["queue.called"]


def test_another_key_cannot_write_or_verify_the_chain(store, db_url, tmp_path):
    with store.sessions.begin() as s:
        audit.append(s, "officer:1", "queue.called")
    other = open_store(db_url, folder=tmp_path / "other", audit_key=b"k" * 32)
    with pytest.raises(StoreError, match="không phải khóa"), other.sessions.begin() as s:
        audit.append(s, "officer:1", "queue.called")
    assert not verdict(other).ok and "khóa" in verdict(other).problem
    other.close()
    assert verdict(store).ok and verdict(store).events == 1


# --- keying a store made before keys --------------------------------------------------------------


def test_legacy_chain_is_rekeyed_once_and_the_rekeying_recorded(tmp_path):
    url = sqlite_url(tmp_path / "old.sqlite3")
    store = open_store(url)
    dossier = accepted_dossier(store, tmp_path)
    with store.sessions.begin() as s:  # turn it back into a pre-0004 store: SHA-256 chain, no key
        prev = audit.GENESIS
        for ev in s.scalars(select(AuditEvent).order_by(AuditEvent.id)):
            ev.prev_hash, ev.hash = prev, audit._legacy_digest(prev, ev)
            prev = ev.hash
        s.execute(update(AuditHead).values(key_id=None, mac=None))
    legacy = len(events(store))
    store.close()

    store = open_store(url)
    log = events(store)
    assert log[legacy][1] == audit.REKEY_ACTION
    assert log[legacy][3] == {
        "legacy_events": legacy,
        "legacy_chain_ok": True,
        "legacy_first_bad_event": None,
        "dossiers": 1,
    }
    assert log[legacy + 1][1:3] == (audit.BASELINE_ACTION, f"dossier:{dossier.id}")
    assert verdict(store).ok
    store.close()
    assert len(events(open_store(url))) == legacy + 2  # once only


def test_rekeying_records_a_legacy_chain_that_was_already_broken(tmp_path):
    url = sqlite_url(tmp_path / "old.sqlite3")
    store = open_store(url)
    with store.sessions.begin() as s:
        audit.append(s, "officer:1", "queue.called")
        audit.append(s, "officer:1", "queue.skipped")
    with store.sessions.begin() as s:
        s.execute(update(AuditHead).values(key_id=None))  # legacy store whose hashes were edited
    store.close()
    store = open_store(url)
    assert events(store)[-1][3]["legacy_chain_ok"] is False
    assert verdict(store).ok  # the new chain holds, and says what the old one was


# --- every dossier-row change is an event ---------------------------------------------------------


def test_each_dossier_write_adds_a_row_event_in_its_transaction(store, tmp_path):
    dossier = accepted_dossier(store, tmp_path)
    rows = [e for e in events(store) if e[1] == audit.ROW_ACTION]
    assert {e[2] for e in rows} == {f"dossier:{dossier.id}"}
    assert [e[3]["op"] for e in rows] == ["insert", "update", "update", "update"]
    assert [e for e in events(store) if e[1] == "dossier.accepted"]
    with store.reads() as s:
        assert rows[-1][3]["state"] == audit.dossier_state(s.connection(), dossier.id)
    assert verdict(store).ok


def test_a_new_code_path_editing_a_dossier_cannot_skip_its_event(store, tmp_path):
    dossier = accepted_dossier(store, tmp_path)
    before = len(events(store))
    with store.sessions.begin() as s:  # plain ORM edit, no audit call
        s.get(Dossier, dossier.id).status = "returned"
    with store.sessions.begin() as s:  # bulk UPDATE statement through the session
        s.execute(update(DossierItem).where(DossierItem.dossier_id == dossier.id).values(pages=3))
    with store.sessions.begin() as s:  # bulk DELETE, then the row itself
        s.execute(delete(DossierItem).where(DossierItem.dossier_id == dossier.id))
    log = events(store)[before:]
    assert [(e[0], e[1], e[3]["op"]) for e in log] == [("system", audit.ROW_ACTION, "update")] * 3
    assert verdict(store).ok


def test_a_session_without_the_audit_key_cannot_change_a_dossier(store, tmp_path):
    """A session made outside open_store has no key: its dossier change is refused, never
    written unaudited."""
    from sqlalchemy.orm import sessionmaker

    dossier = accepted_dossier(store, tmp_path)
    with pytest.raises(StoreError, match="không có khóa"), sessionmaker(store.engine)() as s:
        s.get(Dossier, dossier.id).status = "returned"
        s.commit()
    with store.reads() as s:
        assert s.get(Dossier, dossier.id).status == "accepted"
    assert verdict(store).ok


def test_row_event_takes_the_actor_of_the_service_event(store, tmp_path):
    accepted_dossier(store, tmp_path)
    with store.sessions.begin() as s:
        d = s.scalars(select(Dossier)).one()
        d.counter = 4
        audit.append(s, "officer:9", "dossier.moved", f"dossier:{d.id}")
    assert events(store)[-1][:2] == ("officer:9", audit.ROW_ACTION)


# --- tampering with the file: every kind is caught ------------------------------------------------


@pytest.fixture
def trail(store, tmp_path):
    dossier = accepted_dossier(store, tmp_path)
    with store.sessions.begin() as s:
        for n in range(3):
            audit.append(s, "officer:1", "queue.called", f"ticket:{n}")
    assert verdict(store).ok
    with store.reads() as s:
        ids = s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()
    return dossier, ids


def tamper(store, sql, *params):
    with raw(store) as con:
        con.execute(sql, params)


def test_tamper_edit_payload(store, trail):
    _, ids = trail
    tamper(store, 'UPDATE audit_events SET details = \'{"code":"X"}\' WHERE id = ?', ids[2])
    v = verdict(store)
    assert not v.ok and v.event_id == ids[2] and "sửa" in v.problem


def test_tamper_delete_event(store, trail):
    _, ids = trail
    tamper(store, "DELETE FROM audit_events WHERE id = ?", ids[3])
    v = verdict(store)
    assert not v.ok and v.event_id == ids[4] and "xóa" in v.problem


def test_tamper_insert_event(store, trail):
    _, ids = trail
    with raw(store) as con:
        prev = con.execute("SELECT hash FROM audit_events WHERE id = ?", (ids[1],)).fetchone()[0]
        con.execute("UPDATE audit_events SET id = id + 1000 WHERE id > ?", (ids[1],))
        con.execute(
            "INSERT INTO audit_events (id, at, actor, action, entity, details, prev_hash,"
            " hash) VALUES (?, '2026-12-07 09:00:00', 'officer:2', 'dossier.refused', NULL,"
            " '{}', ?, ?)",
            (ids[1] + 1, prev, "f" * 64),
        )
    v = verdict(store)
    assert not v.ok and v.event_id == ids[1] + 1


def test_tamper_reorder_events(store, trail):
    _, ids = trail
    with raw(store) as con:
        con.execute("UPDATE audit_events SET id = -1 WHERE id = ?", (ids[-1],))
        con.execute("UPDATE audit_events SET id = ? WHERE id = ?", (ids[-1], ids[-2]))
        con.execute("UPDATE audit_events SET id = ? WHERE id = -1", (ids[-2],))
    v = verdict(store)
    assert not v.ok and v.event_id == ids[-2]


def test_tamper_edit_dossier_row_without_event(store, trail):
    dossier, _ = trail
    tamper(store, "UPDATE dossiers SET due_date = '2027-01-30' WHERE id = ?", dossier.id)
    v = verdict(store)
    assert not v.ok and dossier.id in v.problem and "sửa" in v.problem


def test_tamper_delete_dossier_row_without_event(store, trail):
    dossier, _ = trail
    with raw(store) as con:
        con.without_foreign_keys()
        con.execute("DELETE FROM dossiers WHERE id = ?", (dossier.id,))
    v = verdict(store)
    assert not v.ok and "xóa" in v.problem


def test_tamper_recompute_chain_without_the_key(store, trail):
    """Change an event, then rebuild every hash and the head with a key of one's own."""
    _, ids = trail
    forged = b"x" * 32
    with raw(store) as con:
        con.execute("UPDATE audit_events SET actor = 'officer:2' WHERE id = ?", (ids[0],))
    with store.sessions.begin() as s:
        prev, n = audit.GENESIS, 0
        for ev in s.scalars(select(AuditEvent).order_by(AuditEvent.id)):
            ev.prev_hash = prev
            ev.hash = prev = audit._mac(
                forged, prev, ev.at, ev.actor, ev.action, ev.entity, ev.details
            )
            n += 1
        s.execute(
            update(AuditHead).values(events=n, last_hash=prev, mac=audit._head_mac(forged, n, prev))
        )
    v = verdict(store)
    assert not v.ok and v.event_id == ids[0]


def test_tamper_truncate_tail(store, trail):
    _, ids = trail
    tamper(store, "DELETE FROM audit_events WHERE id >= ?", ids[-2])
    v = verdict(store)
    assert not v.ok and "cuối" in v.problem


def test_tamper_truncate_tail_and_rewrite_head(store, trail):
    _, ids = trail
    with raw(store) as con:
        con.execute("DELETE FROM audit_events WHERE id >= ?", (ids[-2],))
        last = con.execute("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()[0]
        con.execute("UPDATE audit_head SET events = ?, last_hash = ?", (len(ids) - 2, last))
    v = verdict(store)
    assert not v.ok and "đầu chuỗi" in v.problem


# --- one chain with several writers ---------------------------------------------------------------

WRITER = """
import sys, time
from pathlib import Path
from kiosk import audit
from kiosk.db import open_store
url, key_path, start, name = sys.argv[1:]
store = open_store(url, folder=Path(key_path).parent.parent,
                   audit_key=audit.load_or_create_key(Path(key_path)))
while not Path(start).exists():
    time.sleep(0.01)
for i in range(15):
    with store.sessions.begin() as s:
        audit.append(s, name, "queue.called", f"ticket:{i}")
"""


@pytest.fixture
def shared_store(db_url, tmp_path):
    """The store several writers share (SQLite, or PostgreSQL with KIOSK_TEST_DATABASE_URL)."""
    url = db_url
    key_path = AppPaths(tmp_path).audit_key
    store = open_store(url, folder=tmp_path, audit_key=audit.load_or_create_key(key_path))
    yield store, url, key_path
    store.close()


def assert_linear(store, expected):
    with store.reads() as s:
        rows = s.execute(
            select(AuditEvent.prev_hash, AuditEvent.hash).order_by(AuditEvent.id)
        ).all()
    assert len(rows) == expected
    assert len({prev for prev, _ in rows}) == expected  # no two events share a predecessor: no fork
    assert all(rows[i][0] == rows[i - 1][1] for i in range(1, len(rows)))
    assert verdict(store).ok and verdict(store).events == expected


def test_two_threads_writing_at_once_keep_one_linear_chain(shared_store, tmp_path):
    store, _, _ = shared_store
    reception = make_reception(store, tmp_path)
    version_id = add_procedure(store)
    drafts = [reception.create_draft(version_id, None, MONDAY).id for _ in range(2)]
    before = len(events(store))
    barrier = threading.Barrier(2)
    errors = []

    def counter(n):
        try:
            barrier.wait()
            for i in range(15):
                with store.sessions.begin() as s:  # a dossier edit and a service event together
                    s.get(Dossier, drafts[n]).counter = i
                    audit.append(s, f"officer:{n}", "dossier.moved", f"dossier:{drafts[n]}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=counter, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert_linear(store, before + 2 * 15 * 2)


def test_two_processes_writing_at_once_keep_one_linear_chain(shared_store, tmp_path):
    store, url, key_path = shared_store
    start = tmp_path / "start"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(key_path), str(start), f"officer:{n}"]
        )
        for n in range(2)
    ]
    start.touch()
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert_linear(store, 30)
