"""The officer's USB token in the digitise step (real SoftHSM2 token, pytest-qt): the first
sealing of the session asks for the PIN in a small dialog; a wrong PIN is said there and seals
nothing; the right one seals, and is not asked again until the screen is locked."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from kiosk.scanning.seal import verify_sealed
from kiosk.signing.counter import SigningSetup
from tests.ui import test_digitise
from tests.ui.conftest import build_test_services
from tests.ui.test_digitise import ids, tiff, wait_scan

draft, step = test_digitise.draft, test_digitise.step  # the digitise step's fixtures


@pytest.fixture
def fallback():
    """[signing] software_fallback (false unless a test says otherwise)."""
    return False


@pytest.fixture
def services(store, demo_config, softhsm_token, fallback):
    """The app's services at a counter whose config names the SoftHSM2 token."""
    setup = SigningSetup(softhsm_token.config, software_fallback=fallback)
    return build_test_services(store, dataclasses.replace(demo_config, signing=setup))


@pytest.fixture
def officer(services, session):
    info = services.officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    session.set_officer(info)
    return info


def _type_pin(qtbot, dialog, pin: str) -> None:
    dialog.pin.setText(pin)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)


def test_the_first_sealing_asks_the_token_pin(qtbot, officer, step, draft, tmp_path, softhsm_token):
    form, birth, _card = ids(draft)
    signing, pages = step.page.services.signing, step.page.services.pages
    step.import_file(tiff(tmp_path / "one.tif", 1))
    wait_scan(qtbot, step, 1)
    qtbot.mouseClick(step.seal_button, Qt.MouseButton.LeftButton)
    dialog = step.pin_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=5000)
    assert dialog.pin.echoMode() == QLineEdit.EchoMode.Password  # masked
    assert dialog.software_button is None  # the config does not allow the software key

    _type_pin(qtbot, dialog, "000000")
    assert dialog.pin.text() == ""  # read once, cleared at once
    qtbot.waitUntil(lambda: "không đúng" in dialog.error.text(), timeout=20000)
    assert dialog.isVisible() and dialog.sign_button.isEnabled()
    assert "Mã PIN của USB token không đúng" in dialog.error.text()
    assert not any(p.sealed for p in pages.papers(draft.id))  # nothing sealed, pages stay
    assert len(pages.papers(draft.id)[0].pages) == 1

    _type_pin(qtbot, dialog, "246810")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    qtbot.waitUntil(lambda: step.current == birth, timeout=30000)  # sealed: on to the next
    sealed = next(p for p in pages.papers(draft.id) if p.item_id == form)
    assert sealed.sealed
    assert not signing.needs_pin(officer.id)  # kept for the session

    # the second paper: no question asked
    step.import_file(tiff(tmp_path / "two.tif", 1))
    wait_scan(qtbot, step, 1)
    step.pin_dialog = None
    qtbot.mouseClick(step.seal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: all(p.sealed for p in pages.papers(draft.id) if p.to_scan), timeout=30000
    )
    assert step.pin_dialog is None
    pdf = pages.read(next(p for p in pages.papers(draft.id) if p.item_id == birth).pdf_sha256)
    report = verify_sealed(pdf, [softhsm_token.ca.cert])
    assert report.ok, report.problems
    assert report.signer_name == softhsm_token.holder

    signing.forget()  # what the window does on lock and sign-out
    assert signing.needs_pin(officer.id)


def test_cancel_seals_nothing_and_says_why(qtbot, officer, step, draft, tmp_path):
    step.import_file(tiff(tmp_path / "one.tif", 1))
    wait_scan(qtbot, step, 1)
    qtbot.mouseClick(step.seal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: step.pin_dialog is not None and step.pin_dialog.isVisible(), timeout=5000
    )
    step.pin_dialog.reject()
    assert "Not sealed" in step.status.text() or "Chưa niêm phong" in step.status.text()
    assert step.page.tasks.wait_idle(10)
    paper = step.paper_state()
    assert not paper.sealed and len(paper.pages) == 1 and step.seal_button.isEnabled()


def test_lock_and_sign_out_forget_the_pin(qtbot, services, demo_config, tasks, softhsm_token):
    from ui.main_window import MainWindow

    window = MainWindow(demo_config, tasks)
    qtbot.addWidget(window)
    window.install_pages(services)
    info = services.officers.create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    window.session._on_signed_in(info)
    services.signing.unlock(info.id, softhsm_token.pin)
    from ui.scanning.pin_dialog import TokenPinDialog

    left_open = TokenPinDialog(window, tasks, services.signing, info.id)
    left_open.open()
    window.session.lock("manual")
    assert services.signing.needs_pin(info.id)
    assert not left_open.isVisible()  # never above the lock screen
    services.signing.unlock(info.id, softhsm_token.pin)
    window.session.sign_out()
    assert services.signing.needs_pin(info.id)


@pytest.mark.parametrize("fallback", [True])  # [signing] software_fallback = true
def test_the_software_key_where_the_config_allows_it(qtbot, officer, step, draft, tmp_path):
    from kiosk.signing.software import create_software_key

    services, form = step.page.services, ids(draft)[0]
    keys = services.signing.software_keys  # the profile's keys/seal
    create_software_key(keys, officer.full_name)
    step.import_file(tiff(tmp_path / "one.tif", 1))
    wait_scan(qtbot, step, 1)
    qtbot.mouseClick(step.seal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: step.pin_dialog is not None and step.pin_dialog.isVisible(), timeout=5000
    )
    assert step.pin_dialog.software_button is not None
    qtbot.mouseClick(step.pin_dialog.software_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: step.current != form, timeout=30000)  # sealed: on to the next
    sealed = next(p for p in services.pages.papers(draft.id) if p.item_id == form)
    pdf = services.pages.read(sealed.pdf_sha256)
    report = verify_sealed(pdf, [keys / "ca.pem"])
    assert report.ok and report.signer_name == officer.full_name  # the officer's own key
