"""The status bar starts the outbox engine (start-up, after a decision, when the connection returns)
on the I/O pool and says honestly what waits: against the real reference server on 127.0.0.1."""

from __future__ import annotations

import dataclasses

import pytest

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
    qtbot.waitUntil(lambda: "gửi lần cuối" in label.text(), timeout=15000)
    assert "Hệ thống trung tâm: đã kết nối" in label.text() and "chờ gửi" not in label.text()
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
    qtbot.waitUntil(
        lambda: "Đang ngoại tuyến — 2 hồ sơ chờ gửi (cũ nhất từ" in label.text(), timeout=15000
    )
    assert services.sync.summary().pending_items == 2
    server = CentralServer(tmp_path / "central", port=port).start()  # the link is back
    try:
        label.check()  # the timer's check sees it: items waiting after network errors go now
        qtbot.waitUntil(lambda: server.store.count() == 2, timeout=15000)
        settle(qtbot, tasks)
        label.check()
        qtbot.waitUntil(
            lambda: "chờ gửi" not in label.text() and "đã kết nối" in label.text(), timeout=15000
        )
    finally:
        settle(qtbot, tasks)
        services.sync.close()
        server.stop()
