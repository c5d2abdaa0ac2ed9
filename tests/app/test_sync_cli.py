"""``kiosk sync --once`` sends the outbox of this machine's store to the central server."""

from __future__ import annotations

import pytest

from app.cli import main
from kiosk import outbox
from kiosk.db import open_store
from kiosk.paths import AppPaths
from sync.central_server import CentralServer


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path / "central", port=0).start()
    yield srv
    srv.stop()


def test_sync_once_sends_and_reports_in_vietnamese(server, capsys):
    paths = AppPaths.for_machine()
    store = open_store(paths.store_url)
    with store.sessions.begin() as s:
        for i in range(3):
            outbox.enqueue(s, "dossier.accepted", f"d-{i}", 1, {"code": f"C-{i}"})
    store.close()
    assert main(["sync", "--once", "--url", server.url]) == 0
    out = capsys.readouterr().out
    assert "Đã gửi 3/3 mục" in out and "Còn 0 hồ sơ chờ gửi" in out
    assert server.store.count() == 3
    assert main(["sync", "--once", "--url", server.url]) == 0
    assert "Đã gửi 0/0 mục" in capsys.readouterr().out
    assert server.store.count() == 3


def test_sync_once_offline_says_so_and_exits_1(capsys):
    paths = AppPaths.for_machine()
    store = open_store(paths.store_url)
    with store.sessions.begin() as s:
        for i in range(4):
            outbox.enqueue(s, "dossier.accepted", f"d-{i}", 1, {"code": f"C-{i}"})
    store.close()
    assert main(["sync", "--once", "--url", "http://127.0.0.1:9"]) == 1
    out = capsys.readouterr().out
    assert "mất kết nối" in out and "Còn 4 hồ sơ chờ gửi" in out


def test_sync_without_a_store_is_a_clear_message(capsys):
    assert main(["sync", "--once", "--url", "http://127.0.0.1:9"]) == 2
    assert "Chưa có kho dữ liệu" in capsys.readouterr().err
