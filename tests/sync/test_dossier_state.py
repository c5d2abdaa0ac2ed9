"""Where a dossier stands with the central system, as its detail pane says it: from a real store and
the real reference server on 127.0.0.1 (queued, waiting to retry with the error, received,
conflict, then the status the central system reports and when)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from kiosk import outbox
from kiosk.models import CentralStatus, OutboxItem
from kiosk.timeutil import VIETNAM
from sync.central_server import CentralServer
from sync.client import CentralClient
from sync.dossier_state import DossierSync, central_line, read, sync_line
from sync.engine import OutboxEngine
from sync.pulls import Puller
from tests.factories import AGENCY, MONDAY, complete_draft, make_reception
from tests.sync.helpers import enrolled_client

NOW = datetime(2026, 12, 7, 10, 30, tzinfo=VIETNAM)


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path / "central", port=0, require_signatures=True).start()
    yield srv
    srv.stop()


def test_a_dossier_from_queued_to_the_central_result(server, store, tmp_path, version_id):
    reception = make_reception(store, tmp_path)
    snap = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    state = read(store.sessions, snap.id)
    assert (state.state, state.waiting, state.central_status) == ("queued", 1, None)
    assert sync_line(state, NOW) == "Đồng bộ: chờ gửi lên hệ thống trung tâm"
    assert central_line(state, NOW) is None

    dead = CentralServer(tmp_path / "dead", port=0)
    url = dead.url
    dead.close()  # nothing listens there
    offline = CentralClient(url, timeout=(1, 1))
    clock = datetime.now(VIETNAM) + timedelta(minutes=1)  # items are due on the real clock
    OutboxEngine(store.sessions, offline, clock=lambda: clock, rng=lambda: 0.0).run_once()
    offline.close()
    state = read(store.sessions, snap.id)
    assert state.state == "retry_later" and "không kết nối được" in state.last_error
    line = sync_line(state, state.next_attempt_at - timedelta(seconds=1))
    assert line.startswith(
        f"Đồng bộ: chưa gửi được, sẽ thử lại lúc {state.next_attempt_at:%H:%M} — lỗi: "
    )

    device, client = enrolled_client(server, store, tmp_path / "keys", agency=AGENCY)
    with store.sessions.begin() as s:  # due now
        for item in s.scalars(select(OutboxItem)):
            item.next_attempt_at = clock
    assert OutboxEngine(store.sessions, client, clock=lambda: clock).run_once().acknowledged == 1
    state = read(store.sessions, snap.id)
    assert state.state == "acknowledged" and state.last_error is None
    assert sync_line(state, NOW) == "Đồng bộ: đã gửi, hệ thống trung tâm đã nhận"

    server.store.set_status(snap.id, "result_ready")
    pulled = Puller(client, store.sessions, device).run_once()
    assert pulled.statuses == 2  # "accepted" when it arrived, then the result
    state = read(store.sessions, snap.id)
    assert state.state == "confirmed" and state.central_status == "result_ready"
    with store.sessions.begin() as s:  # the central system's time, shown in Vietnam time
        at = datetime.fromisoformat(s.get(CentralStatus, snap.id).at).astimezone(VIETNAM)
    assert state.central_at == at
    assert central_line(state, at) == f"Trung tâm: đã có kết quả — {at:%d/%m %H:%M}"
    assert sync_line(state, at) == "Đồng bộ: hệ thống trung tâm đã xác nhận"

    with store.sessions.begin() as s:  # other content under a revision the centre already holds
        sent = s.scalars(select(OutboxItem).where(OutboxItem.entity_id == snap.id)).one()
        other = outbox.enqueue(s, sent.kind, snap.id, sent.revision, {"tampered": True})
        other.next_attempt_at = clock
    OutboxEngine(store.sessions, client, clock=lambda: clock).run_once()
    state = read(store.sessions, snap.id)
    assert state.state == "conflict" and state.needs_a_person and state.last_error
    assert sync_line(state, NOW).startswith(
        "Đồng bộ: xung đột với bản trên hệ thống trung tâm, cần xử lý — lỗi: "
    )
    client.close()


def test_the_central_line_names_the_status_and_when():
    state = DossierSync(  # the central system's UTC, 10:05 in Vietnam
        "confirmed",
        2,
        0,
        None,
        None,
        "result_ready",
        datetime.fromisoformat("2026-12-07T03:05:00+00:00"),
    )
    assert central_line(state, NOW) == "Trung tâm: đã có kết quả — 07/12 10:05"
    last_year = DossierSync("queued", 3, 3, None, None, "returned", datetime(2025, 1, 2, 8, 0))
    assert central_line(last_year, NOW) == "Trung tâm: đã trả kết quả — 02/01/2025 08:00"
    assert (
        sync_line(last_year, NOW) == "Đồng bộ: chờ gửi lên hệ thống trung tâm (3 thay đổi chờ gửi)"
    )
    unknown = DossierSync(None, 0, 0, None, None, "archived", None)
    assert central_line(unknown, NOW) == "Trung tâm: archived"
    assert sync_line(unknown, NOW) == "Đồng bộ: chưa có thay đổi nào cần gửi"


def test_items_a_stopped_pass_never_tried_say_why(store, tmp_path):
    dead = CentralServer(tmp_path / "dead", port=0)
    url = dead.url
    dead.close()
    clock = datetime.now(VIETNAM) + timedelta(minutes=1)
    with store.sessions.begin() as s:
        for i in range(5):
            outbox.enqueue(s, "dossier.accepted", f"d-{i}", 1, {"code": f"X-{i}"})
    client = CentralClient(url, timeout=(1, 1))
    report = OutboxEngine(store.sessions, client, clock=lambda: clock).run_once()
    client.close()
    assert report.stopped == "offline" and report.sent == 3
    with store.sessions.begin() as s:
        untried = s.scalars(select(OutboxItem).where(OutboxItem.attempts == 0)).all()
        assert len(untried) == 2
        assert {i.last_error for i in untried} == {
            "lượt gửi dừng vì mất kết nối, mục này chưa được gửi"
        }
        entity = untried[0].entity_id
    state = read(store.sessions, entity)
    assert sync_line(state, clock) == (
        "Đồng bộ: chưa gửi được, sẽ thử lại ở lượt gửi tới — lỗi: lượt gửi dừng vì mất kết "
        "nối, mục này chưa được gửi"
    )
