"""Officer sign-in, lock and sign-out on the real main window (offscreen,
through the task runner)."""

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select

from kiosk.models import AuditEvent
from tests.ui.conftest import build_test_services
from tests.ui.counter_helpers import make_counter_window, sign_in


@pytest.fixture
def window(qtbot, demo_config, tasks, store):
    return make_counter_window(qtbot, demo_config, tasks, store)


def audit_actions(store):
    with store.sessions.begin() as s:
        return [
            (e.action, e.details.get("reason"))
            for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))
        ]


def test_signin_screen_covers_pages_until_signed_in(qtbot, window):
    view = window.session.signin_view
    assert window.session.gate.currentWidget() is view
    assert view.title.text() == "Đăng nhập cán bộ" and view.counter_label.text() == "QUẦY 1"
    assert view.secret.echoMode() == QLineEdit.EchoMode.Password
    assert not window.session.badge.isVisible() and window.session.officer is None
    qtbot.waitUntil(view.submit.isEnabled, timeout=5000)  # the store is open


def test_signin_wrong_pin_is_shown_inline_and_nothing_opens(qtbot, window):
    view = window.session.signin_view
    qtbot.keyClicks(view.username, "canbo1")
    qtbot.keyClicks(view.secret, "999999")
    qtbot.mouseClick(view.submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(view.error.isVisible, timeout=10000)
    assert view.error.text() == "Sai tên đăng nhập hoặc mã PIN."
    assert view.secret.text() == "" and view.submit.isEnabled()
    assert window.session.gate.currentWidget() is view and window.session.officer is None


def test_signin_empty_fields_get_a_hint_without_a_check(qtbot, window):
    view = window.session.signin_view
    qtbot.waitUntil(view.submit.isEnabled, timeout=5000)
    qtbot.mouseClick(view.submit, Qt.MouseButton.LeftButton)
    assert view.error.text() == "Hãy nhập tên đăng nhập." and view.username.hasFocus()
    assert view.submit.isEnabled()  # no check was started
    qtbot.keyClicks(view.username, "canbo1")
    qtbot.keyClick(view.username, Qt.Key.Key_Return)
    qtbot.keyClick(view.secret, Qt.Key.Key_Return)
    assert view.error.text() == "Hãy nhập mã PIN hoặc mật khẩu." and view.submit.isEnabled()


def test_signin_success_shows_pages_name_and_emits(qtbot, window, store):
    seen = []
    window.sig_officer_changed.connect(seen.append)
    sign_in(qtbot, window)
    assert window.session.gate.currentIndex() == 0
    assert window.session.badge.isVisible()
    assert window.session.badge.name_label.text() == "Nguyễn Thị Lan"
    assert [o.username for o in seen] == ["canbo1"] and window.session.officer.role == "officer"
    qtbot.waitUntil(lambda: ("officer.signin", None) in audit_actions(store), timeout=5000)


def test_lock_keeps_work_and_unlock_needs_the_same_officers_pin(qtbot, window):
    draft = QLineEdit()
    window.add_page("Nháp", draft)
    sign_in(qtbot, window)
    window.nav.setCurrentRow(window.pages.indexOf(draft))
    qtbot.keyClicks(draft, "ho so khai sinh, ban chinh 2")  # QTest types ASCII only
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    view = window.session.signin_view
    assert window.session.locked and window.session.gate.currentWidget() is view
    assert view.title.text() == "Màn hình đã khóa" and "Nguyễn Thị Lan" in view.subtitle.text()
    assert not view.username.isVisible() and not window.session.badge.isVisible()

    qtbot.keyClicks(view.secret, "234567")  # canbo2's PIN does not unlock canbo1
    qtbot.keyClick(view.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(view.error.isVisible, timeout=10000)
    assert window.session.locked

    qtbot.keyClicks(view.secret, "123456")
    qtbot.keyClick(view.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.session.locked, timeout=10000)
    assert window.pages.currentWidget() is draft and draft.text() == "ho so khai sinh, ban chinh 2"
    assert window.session.officer.username == "canbo1"


def test_signout_from_lock_screen_lets_another_officer_in(qtbot, window, store):
    seen = []
    window.sig_officer_changed.connect(seen.append)
    sign_in(qtbot, window)
    window.session.lock()
    view = window.session.signin_view
    qtbot.mouseClick(view.switch_button, Qt.MouseButton.LeftButton)
    assert (
        window.session.officer is None and view.username.isVisible() and view.username.text() == ""
    )
    sign_in(qtbot, window, "canbo2", "234567")
    assert [o and o.username for o in seen] == ["canbo1", None, "canbo2"]
    qtbot.waitUntil(lambda: ("officer.signout", None) in audit_actions(store), timeout=5000)


def test_idle_lock_after_the_timeout_and_input_postpones_it(qtbot, window, store):
    sign_in(qtbot, window)
    window.session.idle.set_timeout_ms(400)
    window.session.idle.start()
    for _ in range(4):  # input keeps it open
        qtbot.wait(150)
        qtbot.mouseMove(window.nav, pos=window.nav.rect().center())
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert not window.session.locked
    qtbot.waitUntil(lambda: window.session.locked, timeout=3000)
    assert window.session.officer.username == "canbo1"  # locked, not signed out
    qtbot.waitUntil(lambda: ("officer.locked", "idle") in audit_actions(store), timeout=5000)


def test_signin_rate_limit_message_after_five_failures(qtbot, window):
    view = window.session.signin_view
    for _ in range(6):
        view.username.setText("canbo1")
        qtbot.keyClicks(view.secret, "000000")
        qtbot.keyClick(view.secret, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: view.submit.isEnabled() and view.error.isVisible(), timeout=10000)
    assert "thử lại sau" in view.error.text()


def test_citizen_mode_has_no_signin(qtbot, demo_config, tasks, store):
    window = make_counter_window(
        qtbot, dataclasses.replace(demo_config, mode="citizen"), tasks, store
    )
    assert window.session.gate is None and window.session.signin_view is None
    assert window.pages.isVisible() and not window.session.badge.isVisible()


def test_machine_without_accounts_says_how_to_create_one(qtbot, demo_config, tasks, store):
    """A freshly provisioned counter (no officer yet) explains the first step instead of refusing
    PINs."""
    from ui.main_window import MainWindow

    window = MainWindow(demo_config, tasks)
    qtbot.addWidget(window)
    window.show()
    window.install_pages(build_test_services(store, demo_config))
    view = window.session.signin_view
    qtbot.waitUntil(lambda: view.error.isVisible(), timeout=5000)
    assert "kiosk officers add" in view.error.text() and "Chưa có tài khoản" in view.error.text()


def test_machine_with_accounts_shows_no_setup_hint(qtbot, window, tasks):
    qtbot.waitUntil(lambda: window.session.ready, timeout=5000)
    assert tasks.wait_idle(10)  # the officer list and anything it started have come back
    assert not window.session.signin_view.error.isVisible()
