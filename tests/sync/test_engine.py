"""The outbox engine against the real reference server on 127.0.0.1: round trip, resends, faults.

The store is conftest's ``store``: SQLite, and PostgreSQL in the storage run (claims, leases and
the conditional updates on both)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from kiosk import outbox
from kiosk.models import OutboxItem
from kiosk.timeutil import VIETNAM
from sync.central_server import CentralServer
from sync.client import CentralClient, item_body
from sync.engine import OutboxEngine, backoff, dossier_states, summary


class Clock:
    def __init__(self) -> None:
        # a minute past the real time: items enqueued with the real clock are due at once (a
        # fixed date made every item "not yet due" once the real day passed it)
        self.now = datetime.now(VIETNAM).replace(microsecond=0) + timedelta(minutes=1)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path / "central", port=0).start()
    srv.faults.slow_seconds = 0.05
    yield srv
    srv.stop()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def engine(store, server, clock):
    client = CentralClient(server.url, timeout=(2, 2))
    yield OutboxEngine(store.sessions, client, clock=clock, rng=lambda: 0.5)
    client.close()


def add(store, n, *, start=0, clock=None):
    with store.sessions.begin() as s:
        for i in range(start, start + n):
            item = outbox.enqueue(
                s,
                "dossier.accepted",
                f"d-{i}",
                1,
                {"code": f"000.00.00.H01-261207-{i:04d}", "tên": "Nguyễn Văn A"},
            )
            if clock is not None:
                item.next_attempt_at = item.created_at = clock()


def rows(store):
    with store.sessions.begin() as s:
        return {
            r.entity_id: (r.status, r.attempts, r.error_kind, r.last_error)
            for r in s.scalars(select(OutboxItem))
        }


def assert_server_matches(store, server):
    with store.sessions.begin() as s:
        local = {r.idempotency_key: r.payload_sha256 for r in s.scalars(select(OutboxItem))}
    digests = server.store.digests()
    assert server.store.count() == len(local) == len(digests)
    assert {k: sent for k, (sent, _) in digests.items()} == local
    assert all(sent == stored for sent, stored in digests.values())


def test_round_trip_sends_everything_once(store, server, engine, clock):
    add(store, 5, clock=clock)
    before = summary(store.sessions)
    assert before.pending_dossiers == 5 and before.last_success is None
    report = engine.run_once()
    assert report.acknowledged == 5 and report.stopped is None
    assert {v[0] for v in rows(store).values()} == {"acknowledged"}
    assert_server_matches(store, server)
    after = summary(store.sessions)
    assert after.pending_items == 0 and after.last_success == clock.now
    with store.sessions.begin() as s:
        receipt = json.loads(s.scalars(select(OutboxItem)).first().receipt)
    assert receipt["status"] == "acknowledged" and receipt["duplicate"] is False
    assert engine.run_once().sent == 0  # nothing is sent twice


def test_identical_resend_returns_the_stored_receipt(store, server, engine):
    add(store, 1)
    engine.run_once()
    with store.sessions.begin() as s:
        r = s.scalars(select(OutboxItem)).one()
        body = item_body(
            r.idempotency_key, r.kind, r.entity_id, r.revision, r.payload, r.payload_sha256
        )
        first = json.loads(r.receipt)
    again = engine.client.send(body)
    assert again.kind == "ok" and again.receipt["duplicate"] is True
    assert again.receipt["received_at"] == first["received_at"]
    assert server.store.count() == 1


def test_answer_lost_after_store_is_resent_once(store, server, engine, clock):
    """The classic duplicate: the server stored it, the answer never came back."""
    add(store, 2, clock=clock)
    server.faults.inject("drop_after_store")
    engine.run_once()
    states = rows(store)
    assert sorted(v[0] for v in states.values()) == ["acknowledged", "retry_later"]
    clock.advance(3600)
    engine.run_once()
    assert {v[0] for v in rows(store).values()} == {"acknowledged"}
    assert_server_matches(store, server)


@pytest.mark.parametrize("fault", ["drop", "500", "503", "portal"])
def test_transient_faults_retry_later_then_arrive(store, server, engine, clock, fault):
    add(store, 3, clock=clock)
    server.faults.inject(fault)
    report = engine.run_once()
    assert report.acknowledged == 2 and report.retry_later == 1  # the others went on
    [(status, attempts, kind, error)] = [v for v in rows(store).values() if v[0] != "acknowledged"]
    assert status == "retry_later" and attempts == 1 and kind == "transient" and error
    if fault == "portal":
        assert "cổng đăng nhập Wi-Fi" in error
    assert engine.run_once().sent == 0  # not due yet
    clock.advance(3600)
    assert engine.run_once().acknowledged == 1
    assert_server_matches(store, server)


def test_retry_after_is_honoured(store, server, engine, clock):
    add(store, 1, clock=clock)
    server.faults.retry_after = 120
    server.faults.inject("503")
    engine.run_once()
    with store.sessions.begin() as s:
        due = s.scalars(select(OutboxItem)).one().next_attempt_at
    assert due == clock.now + timedelta(seconds=120)  # longer than the back-off (about 3.75 s)
    clock.advance(119)
    assert engine.run_once().sent == 0
    clock.advance(1)
    assert engine.run_once().acknowledged == 1


def test_slow_answer_is_waited_for(store, server, engine):
    add(store, 1)
    server.faults.inject("slow")
    assert engine.run_once().acknowledged == 1


def test_read_timeout_is_transient_and_the_resend_is_idempotent(store, server, clock, tmp_path):
    add(store, 1, clock=clock)
    server.faults.slow_seconds = 1.0
    server.faults.inject("slow")
    client = CentralClient(server.url, timeout=(2, 0.3))
    engine = OutboxEngine(store.sessions, client, clock=clock, rng=lambda: 0.0)
    assert engine.run_once().retry_later == 1
    clock.advance(60)
    assert engine.run_once().acknowledged == 1
    assert_server_matches(store, server)


def test_poisoned_item_is_failed_with_reason_and_does_not_block(store, server, engine, clock):
    add(store, 3, clock=clock)
    with store.sessions.begin() as s:  # an item whose hash no longer matches its payload
        s.scalars(select(OutboxItem).where(OutboxItem.entity_id == "d-0")).one().payload_sha256 = (
            "0" * 64
        )
    report = engine.run_once()
    assert report.failed == 1 and report.acknowledged == 2
    status, _, kind, error = rows(store)["d-0"]
    assert status == "failed" and kind == "fatal" and "422" in error
    clock.advance(10**6)
    assert engine.run_once().sent == 0  # a failed item waits for a person (retry button)
    assert engine.retry() == 1
    assert rows(store)["d-0"][0] == "queued"


def test_conflict_is_its_own_state(store, server, engine, clock):
    add(store, 1, clock=clock)
    engine.run_once()
    with store.sessions.begin() as s:  # same entity and revision, other content: a new item
        outbox.enqueue(s, "dossier.accepted", "d-0", 1, {"code": "khác"})
    report = engine.run_once()
    assert report.conflict == 1
    assert dossier_states(store.sessions) == {"d-0": "conflict"}


def test_a_new_revision_is_a_new_item(store, server, engine, clock):
    """An edit while an upload is in flight: the claimed row is untouched, the edit is a new row."""
    add(store, 1, clock=clock)
    [claimed] = engine.claim(10)
    with store.sessions.begin() as s:
        outbox.enqueue(s, "dossier.accepted", "d-0", 2, {"code": "sửa"})
    assert dossier_states(store.sessions) == {"d-0": "uploading"}
    from sync.client import item_body as body_of

    engine.record(
        claimed,
        engine.client.send(
            body_of(
                claimed.key,
                claimed.kind,
                claimed.entity_id,
                claimed.revision,
                claimed.payload,
                claimed.payload_sha256,
            )
        ),
    )
    assert dossier_states(store.sessions) == {"d-0": "queued"}
    engine.run_once()
    assert dossier_states(store.sessions) == {"d-0": "acknowledged"}
    assert server.store.count() == 2


def test_auth_refusal_stops_the_pass(store, server, engine, clock):
    add(store, 4, clock=clock)
    server.faults.inject("401")
    report = engine.run_once()
    assert report.stopped == "auth" and report.sent == 1
    states = rows(store)
    assert [v[2] for v in states.values()].count("auth") == 1
    assert all(v[0] == "retry_later" for v in states.values())
    assert sorted(v[1] for v in states.values()) == [0, 0, 0, 1]  # unsent ones not counted
    assert server.store.count() == 0


def test_offline_stops_after_a_few_network_errors(store, clock):
    add(store, 10, clock=clock)
    client = CentralClient("http://127.0.0.1:9", timeout=(1, 1))  # nothing listens there
    engine = OutboxEngine(store.sessions, client, clock=clock, rng=lambda: 0.5)
    report = engine.run_once()
    assert report.stopped == "offline" and report.sent == 3
    assert summary(store.sessions).pending_dossiers == 10
    assert {v[0] for v in rows(store).values()} == {"retry_later"}


def test_killed_sender_is_reclaimed_after_its_lease(store, server, engine, clock):
    add(store, 1, clock=clock)
    assert len(engine.claim(10)) == 1  # the sender "dies" here
    assert engine.run_once().sent == 0  # still leased
    clock.advance(engine.lease.total_seconds() + 1)
    assert engine.run_once().acknowledged == 1
    assert rows(store)["d-0"][1] == 2


def test_two_senders_never_claim_the_same_item(store, clock):
    add(store, 6, clock=clock)
    a = OutboxEngine(store.sessions, None, clock=clock)
    b = OutboxEngine(store.sessions, None, clock=clock)
    first, second = a.claim(4), b.claim(4)
    assert len(first) == 4 and len(second) == 2
    assert not {c.id for c in first} & {c.id for c in second}


def test_backoff_grows_with_jitter_and_is_capped():
    assert backoff(1, lambda: 0.0) == 2.5 and backoff(1, lambda: 1.0) == 5.0
    assert backoff(4, lambda: 1.0) == 40.0 and backoff(4, lambda: 0.0) == 2.5
    assert backoff(50, lambda: 1.0) == 3600.0
