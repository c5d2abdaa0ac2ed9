"""Shared steps of the counter UI tests: a real main window on a store with demo officers."""

from kiosk.officers import OfficerService
from tests.ui.conftest import build_test_services


def make_counter_window(qtbot, config, tasks, store, *, demo=True):
    from ui.main_window import MainWindow

    officers = OfficerService(store.sessions)
    officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    officers.create("canbo2", "Trần Văn Minh", "officer", "234567")
    window = MainWindow(config, tasks, demo=demo)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.install_pages(build_test_services(store, config))
    qtbot.waitExposed(window)
    return window


def sign_in(qtbot, window, username="canbo1", pin="123456"):
    from PySide6.QtCore import Qt

    view = window.session.signin_view
    qtbot.keyClicks(view.username, username)
    qtbot.keyClick(view.username, Qt.Key.Key_Return)  # Enter moves on to the PIN
    qtbot.keyClicks(view.secret, pin)
    qtbot.keyClick(view.secret, Qt.Key.Key_Return)  # Enter submits
    qtbot.waitUntil(lambda: window.session.officer is not None, timeout=10000)
