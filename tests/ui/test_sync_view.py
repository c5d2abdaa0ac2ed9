"""The sync screen lists every outbox item with its state and last error; "Send again" makes a
refused item due and the next pass delivers it (real reference server on 127.0.0.1)."""

from __future__ import annotations

from sqlalchemy import select

from kiosk import outbox
from kiosk.models import OutboxItem
from sync.central_server import CentralServer
from sync.client import CentralClient
from sync.engine import OutboxEngine, OutboxSync
from tests.ui.records_helpers import settle


def test_items_with_their_state_and_a_retry(qtbot, tasks, store, tmp_path):
    from ui.sync_view import SyncView

    server = CentralServer(tmp_path / "central", port=0).start()
    sync = OutboxSync(OutboxEngine(store.sessions, CentralClient(server.url)), store.reads)
    try:
        with store.sessions.begin() as s:
            for i in range(3):
                payload = {"dossier": {"code": f"000.00.17.H05-261207-{i + 1:04d}"}}
                outbox.enqueue(s, "dossier.accepted", f"d-{i}", 1, payload)
            poisoned = s.scalars(select(OutboxItem).where(OutboxItem.entity_id == "d-0")).one()
            good_sha, poisoned.payload_sha256 = poisoned.payload_sha256, "0" * 64
        sync.send_due()
        view = SyncView(tasks, sync, send_now=lambda: tasks.run(sync.send_due, uses_db=False))
        qtbot.addWidget(view)
        view.resize(900, 400)
        view.show()
        settle(qtbot, tasks)
        assert [(r.label, r.status) for r in view.rows][0] == (
            "000.00.17.H05-261207-0001",
            "failed",
        )  # what needs a person comes first
        assert view.table.rowCount() == 3 and "422" in view.table.item(0, 5).text()
        assert "Mọi tệp (bản quét, giấy tờ đã in) đã gửi xong." in view.summary.text()
        assert view.retry_button.isEnabled()
        view.grab().save(str(tmp_path / "sync_view.png"))
        with store.sessions.begin() as s:  # the cause is fixed (here: the hash), then "Send again"
            s.scalars(
                select(OutboxItem).where(OutboxItem.entity_id == "d-0")
            ).one().payload_sha256 = good_sha
        view.table.selectRow(0)
        view.retry_button.click()
        qtbot.waitUntil(lambda: server.store.count() == 3, timeout=15000)
        settle(qtbot, tasks)
        view.refresh()
        settle(qtbot, tasks)
        assert {r.status for r in view.rows} == {"acknowledged"}
        assert not view.retry_button.isEnabled()
    finally:
        settle(qtbot, tasks)
        sync.close()
        server.stop()
