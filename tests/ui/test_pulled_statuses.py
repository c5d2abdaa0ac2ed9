"""A status the central system sets reaches the screens after one sync cycle, with no manual
refresh: the return desk shows the dossier on screen as ready for hand-over, and the dossier list
too (the status bar's sync runner signals the pulled changes). Real reference server on 127.0.0.1,
the device enrolled as a technician would (``kiosk sync --enrol``)."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.paths import AppPaths
from sync.central_server import CentralServer
from sync.device import enrol
from tests.ui.counter_helpers import make_counter_window
from tests.ui.records_helpers import accepted, settle

READY = "Đã có kết quả — sẵn sàng trả"


@pytest.fixture
def central(tmp_path):
    server = CentralServer(tmp_path / "central", port=0).start()
    yield server
    server.stop()


def test_a_result_set_at_the_centre_reaches_the_return_desk_after_one_sync(
    qtbot, tasks, store, demo_config, version_id, central
):
    from kiosk.machine import machine_id

    config = dataclasses.replace(demo_config, central_url=central.url)
    paths = AppPaths(store.folder)
    code = central.store.issue_enrolment_code(config.agency_code, "Quầy 1")
    enrol(store.sessions, machine_id(paths.data), paths.keys, central.url, code, "Quầy 1")
    window = make_counter_window(qtbot, config, tasks, store)
    bar = window.central_status
    snap = accepted(window.services, version_id)
    bar.count_pending()  # after a decision: it is sent
    qtbot.waitUntil(lambda: central.store.count() == 1, timeout=15000)
    settle(qtbot, tasks)

    desk = window.return_results
    window.show_page(desk)
    desk.submit(snap.code)
    qtbot.waitUntil(lambda: desk.found is not None, timeout=10000)
    assert desk.fields["status"].text() == "<b>Đã tiếp nhận</b>"
    assert not desk.not_ready.isHidden()  # "not recorded as ready yet"
    desk.recipient.setText("Nguyễn Văn Ba")  # the officer is typing: kept through the refresh
    window.dossiers.refresh()
    settle(qtbot, tasks)
    status_column = 3
    model = window.dossiers.model

    def listed() -> str:
        return model.data(model.index(model.row_of(snap.id), status_column))

    assert listed() == "Đã tiếp nhận"

    central.store.set_status(snap.id, "result_ready")  # the processing side has the result
    pulled = []
    bar.sig_statuses_pulled.connect(pulled.append)
    passes = bar.passes
    bar.check()  # what the timer does: a health check, then a pass with its pulls
    qtbot.waitUntil(lambda: bar.passes > passes and bool(pulled), timeout=15000)
    qtbot.waitUntil(lambda: READY in desk.fields["status"].text(), timeout=10000)
    assert desk.not_ready.isHidden() and desk.recipient.text() == "Nguyễn Văn Ba"
    qtbot.waitUntil(lambda: listed() == READY, timeout=10000)
    settle(qtbot, tasks)
    window.services.sync.close()
