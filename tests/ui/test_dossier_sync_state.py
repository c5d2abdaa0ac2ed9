"""The dossier detail pane shows where the dossier stands with the central system (read on the
worker, worded by the core: sync/dossier_state.py), and the status the central system reported."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from kiosk.models import CentralStatus, OutboxItem
from kiosk.timeutil import VIETNAM
from tests.ui.records_helpers import accepted, draft, settle, show_page
from ui.dossiers_view import DossiersServices
from ui.services import narrow


@pytest.fixture
def view(qtbot, tasks, demo_config, services, session):
    from ui.dossiers_view import DossiersView

    page = DossiersView(demo_config, tasks, narrow(DossiersServices, services), session)
    return show_page(qtbot, tasks, page)


def shown(qtbot, tasks, view, dossier_id) -> str:
    view.refresh()
    settle(qtbot, tasks)
    view.table.selectRow(view.model.row_of(dossier_id))
    settle(qtbot, tasks)
    label = view.detail.sync_label
    assert view.detail.snapshot.id == dossier_id and label.isVisible()
    return label.text()


def test_detail_shows_the_sync_state_and_the_central_status(qtbot, tasks, view, store, version_id):
    snap = accepted(view.services, version_id)
    text = shown(qtbot, tasks, view, snap.id)
    assert "Đồng bộ: chờ gửi lên hệ thống trung tâm" in text and "Trung tâm:" not in text

    later = datetime.now(VIETNAM) + timedelta(hours=1)
    with store.sessions.begin() as s:  # a send failed: it waits, with its error
        item = s.scalars(select(OutboxItem).where(OutboxItem.entity_id == snap.id)).one()
        item.status, item.next_attempt_at = "retry_later", later
        item.last_error, item.error_kind = "hệ thống trung tâm trả lời lỗi 503", "transient"
    view.detail.refresh_sync()
    settle(qtbot, tasks)
    text = view.detail.sync_label.text()
    assert "Đồng bộ: chưa gửi được, sẽ thử lại lúc " in text and f"{later:%H:%M}" in text
    assert "lỗi: hệ thống trung tâm trả lời lỗi 503" in text

    with store.sessions.begin() as s:  # sent, and the central system reported the result
        item = s.scalars(select(OutboxItem).where(OutboxItem.entity_id == snap.id)).one()
        item.status, item.last_error = "confirmed", None
        s.add(
            CentralStatus(
                dossier_id=snap.id,
                code=snap.code,
                status="result_ready",
                at="2026-12-07T03:05:00+00:00",  # 10:05 in Vietnam
            )
        )
    view.detail.refresh_sync()
    settle(qtbot, tasks)
    text = view.detail.sync_label.text()
    assert "Đồng bộ: hệ thống trung tâm đã xác nhận" in text
    assert "<b>Trung tâm: đã có kết quả — 07/12" in text and "10:05</b>" in text


def test_a_draft_has_nothing_to_send(qtbot, tasks, view, version_id):
    snap = draft(view.services, version_id)
    assert "Đồng bộ: chưa có thay đổi nào cần gửi" in shown(qtbot, tasks, view, snap.id)
