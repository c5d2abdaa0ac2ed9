"""The queue page driven by clicks and keys: call, recall, skip, requeue, call chosen, receive."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from kiosk.queueing import QueueService
from tests.ui.counter_helpers import make_counter_window, sign_in


@pytest.fixture
def window(qtbot, demo_config, tasks, store):
    queue = QueueService(store.sessions)
    for service in ("Đăng ký khai sinh", "Chứng thực chữ ký", None):
        queue.issue(date.today(), service=service)
    window = make_counter_window(qtbot, demo_config, tasks, store)
    sign_in(qtbot, window)
    window.nav.setCurrentRow(window.pages.indexOf(window.queue))
    qtbot.waitUntil(lambda: window.queue.table.rowCount() == 3, timeout=10000)
    return window


def labels(view):
    return [view.table.item(i, 0).text() for i in range(view.table.rowCount())]


def click(qtbot, view, button):
    qtbot.waitUntil(button.isEnabled, timeout=10000)
    with qtbot.waitSignal(view.tasks.sig_task_finished, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view._busy and view.next_button.isEnabled(), timeout=10000)


def test_queue_view_lists_waiting_with_time_and_service(window):
    view = window.queue
    assert labels(view) == ["001", "002", "003"]
    assert view.table.item(0, 2).text() == "Đăng ký khai sinh"
    assert view.table.item(2, 2).text() == "(chưa chọn dịch vụ)"
    assert view.table.item(0, 1).text() == "0 phút"
    assert view.count_label.text() == "3 người đang chờ" and view.current_number.text() == "—"
    assert not view.recall_button.isEnabled() and not view.start_button.isEnabled()


def test_queue_view_call_next_by_button_then_f2(qtbot, window, store):
    view = window.queue
    click(qtbot, view, view.next_button)
    qtbot.waitUntil(lambda: view.current_number.text() == "001", timeout=10000)
    assert (
        view.current_service.text() == "Đăng ký khai sinh"
        and "Đã gọi lúc" in view.current_state.text()
    )
    qtbot.waitUntil(lambda: labels(view) == ["002", "003"], timeout=10000)
    called = QueueService(store.sessions).current(window.config.counter, date.today())
    assert called.officer_id == window.session.officer.id  # the signed-in officer called it

    qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.current_number.text() == "002", timeout=10000)
    qtbot.waitUntil(lambda: labels(view) == ["003"], timeout=10000)


def test_queue_view_recall_skip_and_requeue(qtbot, window):
    view = window.queue
    click(qtbot, view, view.next_button)
    qtbot.waitUntil(lambda: view.current_number.text() == "001", timeout=10000)
    click(qtbot, view, view.recall_button)
    qtbot.waitUntil(lambda: "(2 lần)" in view.current_state.text(), timeout=10000)
    click(qtbot, view, view.skip_button)
    qtbot.waitUntil(lambda: view.current_number.text() == "—", timeout=10000)
    qtbot.waitUntil(lambda: labels(view) == ["002", "003", "001"], timeout=10000)
    assert view.table.item(2, 2).text().startswith("vắng mặt — ")
    assert view.count_label.text() == "2 người đang chờ"
    view.table.selectRow(0)
    assert not view.requeue_button.isEnabled()  # only a no-show can be put back
    view.table.selectRow(2)
    click(qtbot, view, view.requeue_button)
    qtbot.waitUntil(lambda: view.count_label.text() == "3 người đang chờ", timeout=10000)
    assert not view.table.item(2, 2).text().startswith("vắng mặt")


def test_queue_view_call_selected_and_receive_dossier_emits_ticket(qtbot, window):
    view = window.queue
    view.table.selectRow(2)
    click(qtbot, view, view.call_selected_button)
    qtbot.waitUntil(lambda: view.current_number.text() == "003", timeout=10000)
    qtbot.waitUntil(view.start_button.isEnabled, timeout=10000)
    with qtbot.waitSignal(view.sig_start_dossier, timeout=10000) as blocker:
        qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    ticket = blocker.args[0]
    assert (ticket.label, ticket.status, ticket.counter) == (
        "003",
        "serving",
        window.config.counter,
    )


def test_queue_view_refreshes_on_timer_with_new_tickets(qtbot, window, store):
    view = window.queue
    view.timer.setInterval(200)
    QueueService(store.sessions).issue(
        date.today(), service="Đăng ký kết hôn"
    )  # from the ticket kiosk
    qtbot.waitUntil(lambda: labels(view) == ["001", "002", "003", "004"], timeout=10000)


def test_queue_view_f2_does_nothing_while_locked(qtbot, window, store, tasks):
    window.session.lock()
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert tasks.wait_idle(10)  # whatever F2 may have started has finished
    assert QueueService(store.sessions).current(window.config.counter, date.today()) is None
    assert len(QueueService(store.sessions).waiting(date.today())) == 3
