"""The app shell in Vietnamese, with the overview filled in from the calendar and the store."""

from dataclasses import replace

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from kiosk.catalog import CatalogService
from kiosk.timeutil import vietnam_now
from tests.ui.conftest import build_test_services


def make_window(qtbot, demo_config, tasks):
    from ui.main_window import MainWindow

    window = MainWindow(demo_config, tasks, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_main_window_is_vietnamese(qtbot, demo_config, tasks, store):
    window = make_window(qtbot, demo_config, tasks)
    assert window.windowTitle().startswith("Bộ phận Một cửa — Trung tâm Phục vụ")
    assert window.store_label.text() == "Đang mở kho dữ liệu…"
    assert window.nav.count() == 0  # the pages come with the services
    window.install_pages(build_test_services(store, demo_config))
    assert window.nav.item(0).text() == "Tổng quan"


def test_overview_shows_store_counts_and_due_dates(qtbot, demo_config, tasks, store):
    window = make_window(qtbot, demo_config, tasks)
    window.install_pages(build_test_services(store, demo_config))
    qtbot.waitUntil(lambda: "ngày làm việc" in window.overview.due_label.text(), timeout=10000)
    qtbot.waitUntil(lambda: all(v.text() != "…" for v in window.overview.values), timeout=10000)
    assert window.store_label.text() == "Kho dữ liệu sẵn sàng"
    assert [v.text() for v in window.overview.values[:3]] == ["0", "0", "0"]
    assert "thủ tục trong ngày" in window.overview.due_label.text()
    assert f"{vietnam_now():%d/%m/%Y}" in window.overview.day_label.text()  # the office's day


SCREEN = QRect(0, 0, 1366, 768)
CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QAbstractItemView,
)


def scrolled(widget, page) -> bool:
    """Inside a scroll area of the page: reachable by scrolling, so not required on screen."""
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def off_screen(window, page) -> list[str]:
    """The visible controls of ``page`` that do not lie wholly inside a 1366×768 screen."""
    bad = []
    for w in page.findChildren(QWidget):
        if isinstance(w, CONTROLS) and w.isVisible() and not scrolled(w, page):
            rect = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
            if not SCREEN.contains(rect):
                bad.append(
                    f"{type(w).__name__} {w.objectName() or getattr(w, 'text', str)()!r} {rect}"
                )
    return bad


def test_window_fits_1366x768(qtbot, demo_config, tasks, store, version_id):
    """Every page (and every reception step) keeps its controls on a 1366×768 screen, and the
    dossier list keeps its status and due-date columns in view with a very long name."""
    from tests.kiosk.test_reception import PERSON
    from tests.ui.counter_helpers import make_counter_window, sign_in
    from tests.ui.records_helpers import accepted, settle
    from tests.ui.test_reception_flow import CATALOG, forward, pick, scan_card

    CatalogService(store.sessions).import_file(CATALOG)
    window = make_counter_window(qtbot, demo_config, tasks, store)
    sign_in(qtbot, window)
    assert window.width() <= 1366 and window.height() <= 768
    # busy indicator and failed prints in the status bar (a loaded machine, a jammed printer):
    # still one line, so the window still fits
    window.busy.show()
    window.print_status.show()
    window.print_status.retry_button.show()
    assert window.minimumSizeHint().height() <= 768
    window.busy.hide()
    long_name = replace(PERSON, full_name="Nguyễn Văn " + "Trường Giang " * 24)
    accepted(window.dossiers.services, version_id, long_name)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        settle(qtbot, tasks)
        page = window.pages.currentWidget()
        assert off_screen(window, page) == [], window.nav.item(row).text()

    window.show_page(window.dossiers)
    window.dossiers.refresh()
    settle(qtbot, tasks)
    table, model = window.dossiers.table, window.dossiers.model
    assert model.rowCount() == 1
    header = table.horizontalHeader()
    QApplication.processEvents()  # the content columns take their widths
    for col in (model.STATUS, model.DUE):
        assert (
            header.sectionViewportPosition(col) + header.sectionSize(col)
            <= table.viewport().width()
        )
    assert not table.horizontalScrollBar().isVisible()
    assert header.sectionSize(model.APPLICANT) < 400  # the name is elided, not given the row

    desk = window.return_results  # a result not ready yet: the most the desk shows
    window.show_page(desk)
    desk.submit(model.data(model.index(0, model.CODE)))
    settle(qtbot, tasks)
    desk.early.setChecked(True)
    desk.authorised.setChecked(True)
    QApplication.processEvents()
    assert desk.early_reason.isVisible() and desk.confirm_button.isVisible()
    assert window.width() <= 1366 and window.height() <= 768
    assert off_screen(window, desk) == []

    reception = window.reception
    window.show_page(reception)
    pick(qtbot, reception, "dang ky ket hon")
    scan_card(qtbot, reception)
    for index in (1, 2, 3):
        if index > 1:
            forward(qtbot, reception, index)
        assert off_screen(window, reception) == [], f"reception step {index + 1}"
