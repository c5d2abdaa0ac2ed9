"""A damaged device key says what it is (the key that signs sync requests, not the receipt QR key)
and what the technician does: enrol again with ``kiosk sync --enrol MÃ``, which works, moves the
damaged file aside and signs with a new key. Real reference server on 127.0.0.1, signatures
required; the CLI as a technician runs it."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.cli import main
from kiosk import outbox
from kiosk.db import open_store
from kiosk.machine import machine_id
from kiosk.paths import AppPaths
from kiosk.timeutil import VIETNAM
from sync.central_server import CentralServer
from sync.device import DeviceKeyError, key_path, signer_for
from sync.indicator import describe
from sync.service import build_outbox_sync

AGENCY = "000.00.17.H05"


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path / "central", port=0, require_signatures=True).start()
    yield srv
    srv.stop()


def test_damaged_device_key_message_and_the_repair(server, capsys):
    paths = AppPaths.for_machine()
    store = open_store(paths.store_url)
    with store.sessions.begin() as s:
        outbox.enqueue(s, "dossier.accepted", "d-1", 1, {"code": f"{AGENCY}-261207-0001"})
    store.close()
    code = server.store.issue_enrolment_code(AGENCY, "Quầy 1")
    assert main(["sync", "--enrol", code, "--url", server.url]) == 0
    key = key_path(paths.keys)
    key.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")

    store = open_store(paths.store_url)
    with pytest.raises(DeviceKeyError) as raised:
        signer_for(store.sessions, machine_id(paths.data), paths.keys)
    message = raised.value.message
    assert "khóa thiết bị dùng để ký yêu cầu đồng bộ" in message and key.name in message
    assert "“kiosk sync --enrol MÃ”" in message and "QR" not in message
    sync = build_outbox_sync(
        store.sessions,
        store.reads,
        server.url,
        machine=machine_id(paths.data),
        keys=paths.keys,
        blobs=paths.blobs,
        holidays=paths.holidays,
    )
    shown = describe(sync.summary(), True, "đã kết nối", datetime.now(VIETNAM))
    assert shown.text == (
        "Không gửi được: khóa thiết bị bị hỏng, cần kỹ thuật viên · 1 hồ sơ chờ gửi"
    )
    assert shown.tone == "attention" and message in shown.tooltip
    sync.close()
    store.close()

    assert main(["sync", "--once", "--url", server.url]) == 1  # unsigned: refused, and said why
    assert message in capsys.readouterr().err
    assert server.store.count() == 0

    again = server.store.issue_enrolment_code(AGENCY, "Quầy 1")
    assert main(["sync", "--enrol", again, "--url", server.url]) == 0  # what the message says
    assert key.with_name(key.name + ".damaged").exists()  # kept aside for whoever looks into it
    capsys.readouterr()
    assert main(["sync", "--once", "--url", server.url]) == 0
    assert "Đã gửi 1/1 mục" in capsys.readouterr().out and server.store.count() == 1
