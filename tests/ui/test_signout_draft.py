"""Signing out in the middle of a dossier: the app asks first, parks the draft under its officer;
the next officer gets a clean reception page and the first finds the draft back."""

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kiosk.catalog import CatalogService
from tests.ui.counter_helpers import make_counter_window, sign_in
from tests.ui.keys import type_text

CATALOG = Path(__file__).parents[1] / "data" / "catalog_small.json"


@pytest.fixture
def window(qtbot, demo_config, tasks, store):
    CatalogService(store.sessions).import_file(CATALOG)
    window = make_counter_window(qtbot, demo_config, tasks, store)
    qtbot.waitUntil(lambda: window.reception.services is not None, timeout=10000)
    return window


def question(qtbot, window) -> QMessageBox:
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)), timeout=3000
    )
    return next(b for b in window.findChildren(QMessageBox) if b.isVisible())


def start_draft(qtbot, window) -> str:
    window.show_page(window.reception)
    step = window.reception.steps[0]
    type_text(step.search, "dang ky ket hon", enter=True)
    qtbot.waitUntil(lambda: window.reception.stack.currentIndex() == 1, timeout=5000)
    type_text(window.reception.steps[1].fields["full_name"], "Nguyễn Văn An")
    return window.reception.dossier.id


def test_sign_out_mid_dossier_asks_and_parks_the_draft(qtbot, window, tasks):
    sign_in(qtbot, window)
    dossier_id = start_draft(qtbot, window)
    badge = window.session.badge

    qtbot.mouseClick(badge.signout_button, Qt.MouseButton.LeftButton)
    box = question(qtbot, window)
    assert "Nguyễn Văn An" in box.text() and "cất" in box.text().lower()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert window.session.officer.username == "canbo1"  # stayed: nothing changed
    assert window.reception.dossier.id == dossier_id

    qtbot.mouseClick(badge.signout_button, Qt.MouseButton.LeftButton)
    box = question(qtbot, window)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.officer is None, timeout=3000)

    sign_in(qtbot, window, "canbo2", "234567")
    reception = window.reception
    assert reception.dossier is None and reception.stack.currentIndex() == 0
    assert reception.steps[1].fields["full_name"].text() == ""  # no citizen data on screen
    qtbot.mouseClick(badge.signout_button, Qt.MouseButton.LeftButton)  # nothing open: no question
    qtbot.waitUntil(lambda: window.session.officer is None, timeout=3000)

    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: reception.dossier is not None, timeout=5000)
    assert reception.dossier.id == dossier_id and reception.stack.currentIndex() == 1
    assert "Nguyễn Văn An" in reception.steps[1].fields["full_name"].text()


def test_switching_officer_from_the_lock_screen_parks_the_draft(qtbot, window, tasks):
    from tests.kiosk.test_reception import PERSON
    from tests.ui.records_helpers import settle
    from tests.ui.test_return_view import find

    sign_in(qtbot, window)
    [summary] = window.services.catalog.search("chung thuc ban sao", date.today(), limit=1)
    reception = window.services.reception
    snap = reception.create_draft(summary.version_id, None, datetime.now())
    reception.save_applicant(snap.id, PERSON)
    reception.set_counts(snap.id, {i.id: i.wanted for i in snap.items if i.required})
    code = reception.accept(snap.id, None, datetime.now()).dossier.code
    window.show_page(window.return_results)
    find(qtbot, tasks, window.return_results, code)
    assert window.return_results.found is not None
    start_draft(qtbot, window)
    window.session.lock()
    qtbot.mouseClick(window.session.signin_view.switch_button, Qt.MouseButton.LeftButton)
    sign_in(qtbot, window, "canbo2", "234567")
    assert window.reception.dossier is None
    assert window.reception.steps[1].fields["full_name"].text() == ""
    assert window.return_results.found is None  # nor a dossier at the desk
    assert not window.return_results.summary.isVisibleTo(window.return_results)
    settle(qtbot, tasks)
