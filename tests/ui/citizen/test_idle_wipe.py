"""The idle countdown and its verified wipe: nothing the citizen entered survives in the widgets,
in memory, in the spool folder, in the clipboard or in the database (issue 13 §6)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import inspect, select, text

from kiosk.models import Rating
from kiosk.timeutil import VIETNAM
from tests.factories import add_procedure, complete_draft, make_reception
from tests.ui.citizen.helpers import to_home, wedge

OTHER_CARD = "001301234567|TRẦN THỊ BÌNH|20052001|Nữ|Số 5 phố Huế, Hà Nội|01072021"


def _accepted(store, tmp_path):
    reception = make_reception(store, tmp_path)
    snap = complete_draft(reception, add_procedure(store, code="9.000001", name="Thủ tục thử"))
    return reception.accept(snap.id, None, datetime(2026, 12, 7, 9, 30, tzinfo=VIETNAM)).dossier


def _database_text(store) -> str:
    """Every row of every table, as text."""
    parts = []
    with store.sessions.begin() as s:
        for table in inspect(s.get_bind()).get_table_names():
            for row in s.execute(text(f'SELECT * FROM "{table}"')):
                parts.append(" ".join(str(v) for v in row))
    return "\n".join(parts)


def _busy_visit(window, qtbot, store, tmp_path):
    dossier = _accepted(store, tmp_path)
    to_home(window, qtbot)
    wedge(qtbot, window, OTHER_CARD)  # a card scan starts a ticket
    ticket = window.page("ticket")
    qtbot.waitUntil(lambda: window.current_name() == "ticket", timeout=5000)
    qtbot.mouseClick(ticket.area_buttons["A"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ticket.issued is not None, timeout=10000)
    window.go("procedure", code="2.000635")
    procedure = window.page("procedure")
    qtbot.waitUntil(lambda: procedure.detail is not None, timeout=10000)
    qtbot.mouseClick(procedure.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: procedure.message.text().startswith("Đã in"), timeout=20000)
    window.go("lookup")
    window.page("lookup").code_box.setText(dossier.code)
    qtbot.mouseClick(window.page("lookup").go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.page("lookup").facts is not None, timeout=10000)
    window.go("rate")
    rate = window.page("rate")
    rate.code_box.setText(dossier.code)
    qtbot.mouseClick(rate.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rate.target is not None, timeout=10000)
    qtbot.mouseClick(rate.choice_buttons[0][0], Qt.MouseButton.LeftButton)  # chosen, not sent
    window.go("find")
    window.page("find").search_box.setText("chứng thực bản sao")
    QGuiApplication.clipboard().setText(dossier.code)
    qtbot.mouseClick(window.bar_buttons["language"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.bar_buttons["contrast"], Qt.MouseButton.LeftButton)
    return dossier, ticket.issued.label


def test_idle_countdown_then_verified_wipe(window, qtbot, store, tmp_path):
    dossier, label = _busy_visit(window, qtbot, store, tmp_path)
    # what the visit left before the wipe, so the checks below can fail
    assert window.services.papers.spooled()
    assert not window.ctx.visit.is_empty()
    assert dossier.code in window.visible_texts() and label in window.visible_texts()
    assert "BÌNH" in window.visible_texts()  # the greeting after the card scan
    old_pages = list(window.pages.values())

    window.idle.fire()
    assert window.overlay.isVisible()
    assert "2" in window.countdown_body.text()
    qtbot.waitUntil(lambda: window.current_name() == "attract", timeout=10000)
    qtbot.wait(50)

    assert window.residue() == []
    assert not window.overlay.isVisible()
    # widgets: fresh pages, every field empty, nothing of the visit shown
    assert all(page not in window.pages.values() for page in old_pages)
    for page in window.pages.values():
        assert all(box.text() == "" for box in page.findChildren(QLineEdit))
    shown = window.visible_texts()
    for leftover in (dossier.code, label, "Thủ tục thử", "BÌNH", "chứng thực bản sao"):
        assert leftover not in shown
    # memory and preferences
    assert window.ctx.visit.is_empty()
    assert window.prefs.lang == "vi" and not window.prefs.contrast
    assert window.history == []
    # temporary folder and clipboard
    assert not window.services.papers.spool.exists()
    assert QGuiApplication.clipboard().text() == ""
    # database: the unsent rating does not exist, the card was never stored
    with store.sessions.begin() as s:
        assert s.scalars(select(Rating)).all() == []
    everything = _database_text(store)
    assert "001301234567" not in everything
    assert "BÌNH" not in everything and "Bình" not in everything


def test_activity_keeps_the_visit_and_continue_cancels_the_countdown(window, qtbot):
    to_home(window, qtbot)
    window.go("find")
    window.page("find").search_box.setText("khai sinh")
    window.idle.fire()
    assert window.overlay.isVisible()
    qtbot.mouseClick(window.resume_button, Qt.MouseButton.LeftButton)
    assert not window.overlay.isVisible() and not window.idle.counting
    qtbot.wait(2500)  # longer than the countdown: nothing is wiped
    assert window.current_name() == "find"
    assert window.page("find").search_box.text() == "khai sinh"
    assert window.idle.idle.isActive()


def test_idle_on_the_attract_screen_does_nothing(window, qtbot):
    window.idle.fire()
    assert not window.overlay.isVisible() and not window.idle.counting
    assert window.current_name() == "attract"
