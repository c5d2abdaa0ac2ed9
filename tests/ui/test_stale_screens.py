"""Screens that must not go stale: the overview's counts, the queue's waiting minutes, and the
status bar's "connected", which also says how many dossiers still wait to be sent."""

import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kiosk.timeutil import vietnam_now
from tests.ui.records_helpers import accepted, settle
from ui.services import narrow


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"status": "ok"}).encode()
        self.send_response(200 if self.path == "/api/v1/health" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def central():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_overview_counts_refresh_on_their_timer(qtbot, tasks, demo_config, services, version_id):
    from ui.overview_view import OverviewServices, OverviewView

    view = OverviewView(demo_config, tasks, narrow(OverviewServices, services))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.values[0].text() == "0", timeout=10000)
    accepted(services, version_id)
    assert view.timer.isActive()
    view.timer.timeout.emit()  # the timer's tick, without waiting for it
    qtbot.waitUntil(lambda: view.values[0].text() == "1", timeout=10000)
    assert view.values[1].text() == "1" and view.values[2].text() == "1"


def test_queue_waiting_minutes_move_on(qtbot, tasks, demo_config, services, session):
    from datetime import date

    from ui.queue_view import QueueView

    services.queue.issue(date.today(), service="Đăng ký khai sinh")
    view = QueueView(demo_config, tasks, services.queue, session)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=10000)
    assert view.table.item(0, 1).text() == "0 phút"
    view.clock = lambda: vietnam_now() + timedelta(minutes=12)
    view.timer.timeout.emit()
    qtbot.waitUntil(lambda: view.table.item(0, 1).text() == "12 phút", timeout=10000)


def test_status_bar_says_how_many_dossiers_wait_to_be_sent(
    qtbot, tasks, services, version_id, central
):
    from tests.ui.records_helpers import BINH
    from ui.central_status import CentralStatusLabel

    label = CentralStatusLabel(central, tasks)
    qtbot.addWidget(label)
    label.set_status(services.status)
    label.check()
    qtbot.waitUntil(lambda: "Đã đồng bộ" in label.text(), timeout=10000)
    settle(qtbot, tasks)
    assert "chờ gửi" not in label.text()
    first = accepted(services, version_id)
    accepted(services, version_id, BINH)
    services.returns.mark_result_ready(first.id, None, datetime.now())  # one dossier, two items
    label.count_pending()
    qtbot.waitUntil(lambda: "2 hồ sơ chờ gửi" in label.text(), timeout=10000)
    assert "Đã kết nối · 2 hồ sơ chờ gửi" in label.text()
