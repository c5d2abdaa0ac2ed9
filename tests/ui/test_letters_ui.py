"""The dossier detail's letters (apology with a new date, notice of stopping) and the register
dialog (print, export), driven as an officer would."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from tests.ui.records_helpers import BINH, accepted, settle, show_page
from ui.dossiers_view import DossiersServices
from ui.services import narrow

REASON = "Cần xác minh thông tin với cơ quan khác."


@pytest.fixture
def view(qtbot, tasks, demo_config, services, session, monkeypatch):
    from ui.dossiers_view import DossiersView

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    page = DossiersView(demo_config, tasks, narrow(DossiersServices, services), session)
    return show_page(qtbot, tasks, page)


def open_detail(qtbot, tasks, view, dossier_id):
    view.refresh()
    settle(qtbot, tasks)
    view.table.selectRow(view.model.row_of(dossier_id))
    settle(qtbot, tasks)
    return view.detail


def button(detail, name):
    return detail.findChild(QPushButton, name)


def test_apology_shows_the_contact_and_resets_the_date_once(qtbot, tasks, view, version_id):
    snap = accepted(view.services, version_id, BINH)
    detail = open_detail(qtbot, tasks, view, snap.id)
    issued = []
    detail.sig_letter_issued.connect(issued.append)
    qtbot.mouseClick(button(detail, "issueApology"), Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    dialog = detail.letter_dialog
    assert dialog is not None and dialog.isVisible()
    contact = dialog.findChild(QLabel, "applicantContact").text()
    assert BINH.phone in contact and BINH.full_name in contact and "Hàng Bông" in contact
    dialog.days.setValue(2)
    expected = view.services.letters.new_due_date(snap.due_date, 2)
    assert f"{expected:%d/%m/%Y}" in dialog.findChild(QLabel, "newDueDate").text()
    dialog.reason.setPlainText(REASON)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(qtbot, tasks)
    assert issued == [snap.id]
    shown = detail.snapshot
    assert shown.due_date == expected and shown.letter("apology").reason == REASON
    assert button(detail, "issueApology") is None  # once only: no second button
    assert detail.findChild(QLabel, "apologySent") is not None
    assert "apology" in [d.kind for d in shown.documents]
    assert detail.message.objectName() == "msgOk"


def test_a_short_reason_is_refused_in_the_dialog(qtbot, tasks, view, version_id):
    snap = accepted(view.services, version_id)
    detail = open_detail(qtbot, tasks, view, snap.id)
    qtbot.mouseClick(button(detail, "issueApology"), Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    dialog = detail.letter_dialog
    dialog.reason.setPlainText("ngắn")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.banner.isVisible()
    assert view.services.dossiers.get(snap.id).letter("apology") is None


def test_stop_processing_from_the_detail(qtbot, tasks, view, version_id):
    snap = accepted(view.services, version_id)
    detail = open_detail(qtbot, tasks, view, snap.id)
    qtbot.mouseClick(button(detail, "stopDossier"), Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    dialog = detail.letter_dialog
    dialog.reason.setPlainText("Người nộp có đơn đề nghị dừng giải quyết.")
    dialog.stage.setText("Thẩm định hồ sơ")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    settle(qtbot, tasks)
    assert detail.snapshot.status == "stopped"
    assert button(detail, "stopDossier") is None and button(detail, "issueApology") is None


def test_register_dialog_exports_xlsx_and_prints_the_register(
    qtbot, tasks, view, version_id, tmp_path
):
    from openpyxl import load_workbook

    snap = accepted(view.services, version_id)
    dialog = view.open_register()
    qtbot.addWidget(dialog)
    written = []
    dialog.sig_written.connect(written.append)
    dialog.write("xlsx", tmp_path / "so.xlsx")
    settle(qtbot, tasks)
    rows = list(load_workbook(tmp_path / "so.xlsx").active.iter_rows(values_only=True))
    assert [r[2] for r in rows[2:]] == [snap.code]
    dialog.write("register", tmp_path / "so.pdf")
    settle(qtbot, tasks)
    assert (tmp_path / "so.pdf").read_bytes().startswith(b"%PDF")
    assert written == [str(tmp_path / "so.xlsx"), str(tmp_path / "so.pdf")]
    assert all(b.isEnabled() for b in dialog.buttons.values())


def test_register_dialog_says_why_it_cannot_write(qtbot, tasks, view, tmp_path):
    dialog = view.open_register()
    qtbot.addWidget(dialog)
    dialog.write("csv", tmp_path / "missing" / "so.csv")
    settle(qtbot, tasks)
    assert dialog.banner.isVisible() and not (tmp_path / "missing").exists()
