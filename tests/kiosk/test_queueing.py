"""The waiting line: numbering, call order, no-shows, one ticket per counter,
and concurrent callers."""

import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kiosk.demo_counter import DEMO_TICKETS, seed_queue
from kiosk.errors import InvalidInput
from kiosk.models import AuditEvent, local_now
from kiosk.officers import OfficerService
from kiosk.queueing import QueueService

DAY = date(2026, 12, 7)


class Clock:
    def __init__(self):
        self.now = local_now().replace(microsecond=0)

    def __call__(self):
        self.now += timedelta(seconds=1)  # every action happens a second after the last
        return self.now


@pytest.fixture
def queue(store):
    return QueueService(store.sessions, clock=Clock())


@pytest.fixture
def officer_id(store):
    return OfficerService(store.sessions).create("canbo1", "Nguyễn Thị Lan", "officer", "123456").id


def test_queue_numbers_run_per_day_and_prefix_from_one(queue):
    labels = [
        queue.issue(DAY).label,
        queue.issue(DAY).label,
        queue.issue(DAY, "a").label,
        queue.issue(DAY + timedelta(days=1)).label,
        queue.issue(DAY).label,
    ]
    assert labels == ["001", "002", "A001", "001", "003"]
    with pytest.raises(InvalidInput, match="Tiền tố"):
        queue.issue(DAY, "A1")


def test_queue_call_next_takes_the_oldest_and_finishes_the_previous(queue, officer_id):
    first, second, third = (queue.issue(DAY, service=s) for s in ("Khai sinh", "Kết hôn", None))
    called = queue.call_next(DAY, counter=1, officer_id=officer_id)
    assert (called.id, called.status, called.counter, called.officer_id, called.calls) == (
        first.id,
        "called",
        1,
        officer_id,
        1,
    )
    assert [t.id for t in queue.waiting(DAY)] == [second.id, third.id]
    assert queue.current(1, DAY).id == first.id and queue.current(2, DAY) is None
    assert queue.call_next(DAY, 1, officer_id).id == second.id
    assert queue.get(first.id).status == "done"  # a counter holds one ticket at a time
    assert queue.call_next(DAY, 2, None).id == third.id
    assert queue.call_next(DAY, 2, None) is None  # nobody left


def test_queue_skip_and_requeue_go_to_the_end(queue, officer_id):
    a, b, c = (queue.issue(DAY) for _ in range(3))
    assert queue.call_next(DAY, 1, officer_id).id == a.id
    skipped = queue.skip(a.id)
    assert skipped.status == "skipped" and queue.current(1, DAY) is None
    assert [t.id for t in queue.skipped(DAY)] == [a.id]
    with pytest.raises(InvalidInput, match="vắng mặt"):
        queue.skip(a.id)
    requeued = queue.requeue(a.id)
    assert requeued.status == "waiting" and requeued.counter is None
    assert [t.id for t in queue.waiting(DAY)] == [b.id, c.id, a.id]
    assert requeued.issued_at == a.issued_at  # time waited still counts from the ticket


def test_queue_call_a_chosen_ticket_recall_serve_finish(queue, officer_id):
    a, b = queue.issue(DAY), queue.issue(DAY)
    chosen = queue.call(b.id, counter=1, officer_id=officer_id)
    assert chosen.status == "called" and [t.id for t in queue.waiting(DAY)] == [a.id]
    again = queue.recall(b.id)
    assert again.calls == 2 and again.called_at > chosen.called_at
    with pytest.raises(InvalidInput, match="đang được gọi ở quầy 1"):
        queue.call(b.id, counter=2, officer_id=None)
    serving = queue.start_serving(b.id)
    assert serving.status == "serving"
    with pytest.raises(InvalidInput, match="Chỉ bỏ qua"):
        queue.skip(b.id)  # someone at the counter is not a no-show
    assert queue.finish(b.id).status == "done" and queue.current(1, DAY) is None
    with pytest.raises(InvalidInput, match="đã được phục vụ xong"):
        queue.call(b.id, 1, officer_id)
    with pytest.raises(InvalidInput, match="chưa được gọi"):
        queue.start_serving(a.id)


def test_queue_no_show_can_be_called_directly(queue, officer_id):
    a, b = queue.issue(DAY), queue.issue(DAY)
    queue.call_next(DAY, 1, officer_id)
    queue.skip(a.id)
    queue.call_next(DAY, 1, officer_id)  # b
    back = queue.call(a.id, 1, officer_id)  # a came back
    assert back.status == "called" and queue.get(b.id).status == "done"


def test_queue_calls_and_skips_are_audited(queue, store, officer_id):
    a = queue.issue(DAY)
    queue.call_next(DAY, 4, officer_id)
    queue.recall(a.id)
    queue.skip(a.id)
    queue.requeue(a.id)
    with store.sessions.begin() as s:
        rows = [
            (e.actor, e.action, e.details)
            for e in s.scalars(
                select(AuditEvent).where(AuditEvent.action.like("queue.%")).order_by(AuditEvent.id)
            )
        ]
    assert [r[1] for r in rows] == [
        "queue.called",
        "queue.recalled",
        "queue.skipped",
        "queue.requeued",
    ]
    assert rows[0] == ("canbo1", "queue.called", {"ticket": "001", "counter": 4, "calls": 1})


def test_queue_demo_seed_issues_tickets_once(store):
    seed_queue(store, DAY)
    seed_queue(store, DAY)
    waiting = QueueService(store.sessions).waiting(DAY)
    assert len(waiting) == len(DEMO_TICKETS)
    assert waiting[0].waited_minutes(local_now()) >= 40 > waiting[-1].waited_minutes(local_now())


CALLER = """
import sys, time
from datetime import date
from pathlib import Path
from kiosk.db import open_store
from kiosk.queueing import QueueService
store = open_store(sys.argv[1], folder=Path(sys.argv[3]))
queue = QueueService(store.sessions)
counter, folder = int(sys.argv[2]), Path(sys.argv[3])
(folder / f"ready-{counter}").touch()
while not (folder / "go").exists():      # start together, whatever the machine's load
    time.sleep(0.01)
got = []
while (t := queue.call_next(date(2026, 12, 7), counter, None)) is not None:
    got.append(t.id)
    time.sleep(0.003)                    # an officer's pause; lets the other counter in
print(" ".join(map(str, got)))
"""


@pytest.mark.slow
def test_queue_two_counters_calling_concurrently_never_share_a_ticket(tmp_path, db_url, open_db):
    """Two processes (two counters on one office store) drain 120 tickets:
    each called exactly once."""
    url = db_url
    store = open_db()
    queue = QueueService(store.sessions)
    ids = [queue.issue(DAY).id for _ in range(120)]
    store.close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CALLER, url, str(c), str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for c in (1, 2)
    ]
    deadline = time.monotonic() + 60
    while (
        not all((tmp_path / f"ready-{c}").exists() for c in (1, 2)) and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    (tmp_path / "go").touch()
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    per_counter = [[int(x) for x in out.split()] for out, _ in results]
    called = per_counter[0] + per_counter[1]
    assert sorted(called) == ids  # every ticket once, none twice
    assert all(c == sorted(c) for c in per_counter)  # each counter took them in line order
