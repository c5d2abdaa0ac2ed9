"""A machine enrolled with ``kiosk sync --enrol`` signs what it sends: a server that requires
signatures takes its outbox, and the same pass pulls its code blocks and statuses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.cli import main
from kiosk import outbox
from kiosk.db import open_store
from kiosk.models import CodeBlock, DeviceCredential
from kiosk.paths import AppPaths
from kiosk.timeutil import vietnam_now
from sync.central_server import CentralServer
from tests.sync.helpers import AGENCY, dossier_payload


@pytest.fixture
def strict(tmp_path):
    srv = CentralServer(tmp_path / "central", port=0, require_signatures=True).start()
    yield srv
    srv.stop()


def test_enrol_then_sync_signed(strict, capsys):
    paths = AppPaths.for_machine()
    store = open_store(paths.store_url)
    with store.sessions.begin() as s:
        outbox.enqueue(s, "dossier.accepted", "d-1", 1, dossier_payload())
    assert main(["sync", "--once", "--url", strict.url]) == 1  # not enrolled: refused
    assert "từ chối thiết bị" in capsys.readouterr().out and strict.store.count() == 0
    code = strict.store.issue_enrolment_code(AGENCY, "Quầy 1")
    assert main(["sync", "--enrol", code, "--label", "Quầy 1", "--url", strict.url]) == 0
    assert f"cơ quan {AGENCY}" in capsys.readouterr().out
    assert main(["sync", "--once", "--retry", "--url", strict.url]) == 0
    assert "Đã gửi 1/1 mục" in capsys.readouterr().out and strict.store.count() == 1
    with store.sessions.begin() as s:
        assert s.scalars(select(DeviceCredential)).one().agency_code == AGENCY
        blocks = s.scalars(select(CodeBlock).where(CodeBlock.source == "central")).all()
    assert [(b.day, b.first) for b in blocks] == [(vietnam_now().date(), 1)]
    assert main(["sync", "--enrol", code, "--url", strict.url]) == 2  # spent code
    assert "đã dùng" in capsys.readouterr().err
    store.close()
