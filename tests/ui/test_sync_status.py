"""The status bar starts the outbox engine (start-up, after a decision, when the connection returns)
on the I/O pool and says honestly what waits: against the real reference server on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import os
from datetime import datetime, timedelta

import pytest

from kiosk import outbox
from kiosk.models import Blob, BlobUpload
from kiosk.timeutil import VIETNAM
from sync.central_server import CentralServer
from tests.ui.conftest import build_test_services
from tests.ui.records_helpers import BINH, accepted, settle


@pytest.fixture
def central(tmp_path):
    server = CentralServer(tmp_path / "central", port=0).start()
    yield server
    server.stop()


def label_for(qtbot, tasks, url, services):
    from ui.central_status import CentralStatusLabel

    label = CentralStatusLabel(url, tasks)
    qtbot.addWidget(label)
    label.set_status(services.status)
    return label


def test_decisions_reach_the_central_server_and_the_bar_says_so(
    qtbot, tasks, store, demo_config, version_id, central
):
    services = build_test_services(store, dataclasses.replace(demo_config, central_url=central.url))
    accepted(services, version_id)  # before start-up: the start-up pass sends it
    label = label_for(qtbot, tasks, central.url, services)
    label.set_sync(services.sync)
    qtbot.waitUntil(lambda: central.store.count() == 1, timeout=15000)
    accepted(services, version_id, BINH)
    label.count_pending()  # what the window does after a decision: the on-change trigger
    qtbot.waitUntil(lambda: central.store.count() == 2, timeout=15000)
    label.check()
    settle(qtbot, tasks)
    qtbot.waitUntil(lambda: "Đã đồng bộ · " in label.text(), timeout=15000)
    assert "chờ gửi" not in label.text() and "Hệ thống trung tâm: đã kết nối" in label.toolTip()
    services.sync.close()


def test_offline_then_the_connection_returns(
    qtbot, tasks, store, demo_config, version_id, tmp_path
):
    first = CentralServer(tmp_path / "central", port=0)
    port = first.address[1]
    url = first.url
    first.close()  # nothing listens on the port: offline
    services = build_test_services(store, dataclasses.replace(demo_config, central_url=url))
    accepted(services, version_id)
    accepted(services, version_id, BINH)
    label = label_for(qtbot, tasks, url, services)
    label.set_sync(services.sync)
    qtbot.waitUntil(lambda: label.passes >= 1, timeout=15000)
    label.check()
    qtbot.waitUntil(lambda: "Đang ngoại tuyến — 2 hồ sơ chờ gửi (" in label.text(), timeout=15000)
    # the two receipts' PDFs, not sent yet
    assert "kB), cũ nhất chưa đầy 1 phút trước" in label.text()
    assert services.sync.summary().pending_items == 2
    server = CentralServer(tmp_path / "central", port=port).start()  # the link is back
    try:
        label.check()  # the timer's check sees it: items waiting after network errors go now
        qtbot.waitUntil(lambda: server.store.count() == 2, timeout=15000)
        settle(qtbot, tasks)
        label.check()
        qtbot.waitUntil(lambda: "Đã đồng bộ · " in label.text(), timeout=15000)
    finally:
        settle(qtbot, tasks)
        services.sync.close()
        server.stop()


def test_offline_line_says_what_waits_in_bytes_its_age_and_the_last_success(
    qtbot, tasks, store, demo_config, tmp_path
):
    """Five dossiers waiting, a scan whose resumable upload got 75 kB through, one change sent at
    09:14: the bar reads the summary on the worker and shows it compactly, the tooltip in full."""
    from ui.central_status import CentralStatusLabel

    dead = CentralServer(tmp_path / "central", port=0)
    url = dead.url
    dead.close()  # nothing listens: offline
    services = build_test_services(store, dataclasses.replace(demo_config, central_url=url))
    t0 = datetime(2026, 12, 7, 7, 14, tzinfo=VIETNAM)
    with store.sessions.begin() as s:
        for i in range(5):
            item = outbox.enqueue(s, "dossier.accepted", f"d-{i}", 1, {"code": f"X-{i}"})
            item.created_at = item.next_attempt_at = t0 + timedelta(minutes=i)
        sent = outbox.enqueue(s, "rating", "r-1", 1, {"score": 5})
        sent.created_at = t0
        sent.status, sent.acknowledged_at = "acknowledged", t0 + timedelta(hours=2)
        sha = services.blobs.put(s, os.urandom(3_300_000), "application/pdf")
        s.get(Blob, sha).created_at = t0
        s.add(BlobUpload(sha256=sha, size=3_300_000, offset=75_045))
    label = CentralStatusLabel(url, tasks, clock=lambda: t0 + timedelta(hours=2, minutes=5))
    qtbot.addWidget(label)
    label.set_status(services.status)
    label.set_sync(services.sync)
    qtbot.waitUntil(lambda: label.passes >= 1 and "ngoại tuyến" in label.text(), timeout=15000)
    label.count_pending(send=False)
    settle(qtbot, tasks)
    expected = (
        "Đang ngoại tuyến — 5 hồ sơ chờ gửi (3,2 MB), cũ nhất 2 giờ trước · gửi được lần cuối 09:14"
    )
    qtbot.waitUntil(lambda: expected in label.text(), timeout=15000)
    tip = label.toolTip()
    first = tip.splitlines()[0]  # the health check's reason, or the pass's that stopped
    assert first in (
        "Hệ thống trung tâm: không kết nối được tới máy chủ (mất mạng hoặc máy chủ đang tắt).",
        "Hệ thống trung tâm: mất kết nối khi đang gửi.",
    )
    assert "1 tệp (bản quét, giấy tờ đã in) chưa gửi xong: còn 3,2 MB (3.224.955 byte)." in tip
    assert "Gửi được lần cuối: 09:14 07/12/2026" in tip
    assert "tự gửi khi có kết nối" in tip
    settle(qtbot, tasks)
    services.sync.close()
