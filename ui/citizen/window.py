"""The citizen kiosk's window: full screen, no way out for the public, a top bar (home, back,
language, larger text, high contrast), the screens, the idle countdown and its verified wipe.

The screens only call services (``CitizenServices``); the rules are in ``kiosk/``. A visit's data
lives in one ``Visit`` object, the screens' widgets and the print spool; the wipe replaces the
first, rebuilds the second, deletes the third, clears the clipboard and stops the voice, then
checks that nothing is left (:meth:`CitizenWindow.residue`).
"""

from __future__ import annotations

import gc
import logging
import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.citizen.base import CitizenServices, Context, Page, Visit
from ui.citizen.find import FindPage
from ui.citizen.home import AttractPage, HomePage
from ui.citizen.idle import IdleWatch
from ui.citizen.lookup import LookupPage
from ui.citizen.procedure import ProcedurePage
from ui.citizen.rating import RatingPage
from ui.citizen.scan import ScanCatcher
from ui.citizen.speech import Speaker
from ui.citizen.style import Prefs, style_sheet
from ui.citizen.technician import TechnicianPage
from ui.citizen.texts import text
from ui.citizen.ticket import TicketPage
from ui.tasks import TaskManager

log = logging.getLogger(__name__)
COUNTDOWN_SECONDS = 20
SECRET_TAPS = 5  # taps on the office name within SECRET_WINDOW seconds open the technician page
SECRET_WINDOW = 4.0


class CitizenWindow(QWidget):
    sig_technician_exit = Signal(object)
    """A technician signed out of the kiosk (carries the ``OfficerInfo``)."""

    def __init__(
        self,
        tasks: TaskManager,
        services: CitizenServices,
        *,
        speaker: Speaker | None = None,
        countdown_seconds: int = COUNTDOWN_SECONDS,
    ) -> None:
        super().__init__(objectName="citizen")
        self.tasks, self.services = tasks, services
        self.speaker = speaker or Speaker()
        self.prefs = Prefs(lang=services.config.language)
        self._allow_close = False
        self._taps: list[float] = []
        self.history: list[str] = []
        self.pages: dict[str, Page] = {}
        self.ctx = Context(self.prefs, tasks, services, Visit(), self.go)
        self.setWindowTitle(services.config.agency_name)
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._make_bar())
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self._make_overlay()
        self._build_pages()
        self.restyle()

        self.scan = ScanCatcher(self)
        self.scan.sig_receipt.connect(self._receipt_scanned)
        self.scan.sig_card.connect(lambda text: self.go("ticket", card=text))
        self.idle = IdleWatch(
            services.config.citizen_idle_seconds,
            countdown_seconds,
            on_countdown=self._show_countdown,
            on_wipe=self.wipe,
            is_idle_screen=lambda: self.current_name() == "attract",
            parent=self,
        )
        self.go("attract")

    # --- lifecycle --------------------------------------------------------------------------------

    def start(self) -> None:
        """Begin watching for scans and idleness (after the window is shown)."""
        self.scan.start()
        self.idle.start()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override): no way out for the public
        if self._allow_close:
            self.scan.stop()
            self.idle.stop()
            self.speaker.stop()
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override): Esc does nothing
        event.accept()

    # --- building ---------------------------------------------------------------------------------

    def _make_bar(self) -> QWidget:
        bar = QFrame(objectName="panel")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 8, 16, 8)
        self.agency = QLabel(self.services.config.agency_name, objectName="agency")
        self.agency.setWordWrap(True)
        self.agency.mousePressEvent = lambda _e: self._secret_tap()
        row.addWidget(self.agency, 1)
        self.bar_buttons: dict[str, QPushButton] = {}
        for key, action in (
            ("back", self.back),
            ("home", lambda: self.go("home")),
            ("language", self.toggle_language),
            ("bigger", self.toggle_large),
            ("contrast", self.toggle_contrast),
        ):
            b = QPushButton()
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(action)
            self.bar_buttons[key] = b
            row.addWidget(b)
        for key in ("bigger", "contrast"):
            self.bar_buttons[key].setCheckable(True)
            self.bar_buttons[key].setObjectName("choice")
        return bar

    def _make_overlay(self) -> None:
        self.overlay = QFrame(self, objectName="overlay")
        box = QFrame(self.overlay, objectName="panel")
        col = QVBoxLayout(box)
        col.setContentsMargins(32, 32, 32, 32)
        self.countdown_title = QLabel(objectName="title")
        self.countdown_title.setWordWrap(True)
        self.countdown_body = QLabel()
        self.countdown_body.setWordWrap(True)
        self.resume_button = QPushButton(objectName="primary")
        self.resume_button.clicked.connect(self._resume)
        for w in (self.countdown_title, self.countdown_body, self.resume_button):
            col.addWidget(w)
        layout = QVBoxLayout(self.overlay)
        layout.addStretch(1)
        layout.addWidget(box)
        layout.addStretch(1)
        self.overlay.hide()

    def _build_pages(self) -> None:
        for page in list(self.pages.values()):
            self.stack.removeWidget(page)
            page.hide()
            page.deleteLater()
        ctx = self.ctx
        self.pages = {
            p.name: p
            for p in (
                AttractPage(ctx),
                HomePage(ctx),
                FindPage(ctx),
                ProcedurePage(ctx, self.speaker),
                TicketPage(ctx),
                LookupPage(ctx),
                RatingPage(ctx),
                TechnicianPage(ctx, self._technician_exit),
            )
        }
        for page in self.pages.values():
            self.stack.addWidget(page)

    # --- navigation -------------------------------------------------------------------------------

    def current_name(self) -> str:
        page = self.stack.currentWidget()
        return page.name if isinstance(page, Page) else ""

    def page(self, name: str) -> Page:
        return self.pages[name]

    def go(self, name: str, **kwargs) -> None:
        current = self.current_name()
        if current and current != name and name not in ("attract", "home"):
            self.history.append(current)
        if name in ("attract", "home"):
            self.history.clear()
        page = self.pages[name]
        self.stack.setCurrentWidget(page)
        self.bar_buttons["back"].setVisible(name not in ("attract", "home"))
        self.bar_buttons["home"].setVisible(name != "home")
        page.enter(**kwargs)

    def back(self) -> None:
        self.go(self.history.pop() if self.history else "home")
        if self.history:
            self.history.pop()  # go() pushed the page we left

    def _receipt_scanned(self, text: str) -> None:
        """A receipt QR scanned anywhere: the rating page rates it, elsewhere it is looked up."""
        target = "rate" if self.current_name() == "rate" else "lookup"
        self.go(target, scanned=text)

    def _secret_tap(self) -> None:
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t < SECRET_WINDOW] + [now]
        if len(self._taps) >= SECRET_TAPS:
            self._taps.clear()
            self.go("technician")

    def _technician_exit(self, officer) -> None:
        self._allow_close = True
        self.sig_technician_exit.emit(officer)
        self.close()

    # --- preferences ------------------------------------------------------------------------------

    def toggle_language(self) -> None:
        self.prefs.lang = "en" if self.prefs.lang == "vi" else "vi"
        self.retranslate()

    def toggle_large(self) -> None:
        self.prefs.large = not self.prefs.large
        self.restyle()

    def toggle_contrast(self) -> None:
        self.prefs.contrast = not self.prefs.contrast
        self.restyle()

    def restyle(self) -> None:
        self.setStyleSheet(style_sheet(self.prefs))
        self.bar_buttons["bigger"].setChecked(self.prefs.large)
        self.bar_buttons["contrast"].setChecked(self.prefs.contrast)
        self.retranslate()
        for b in self.bar_buttons.values():  # a new font size: the bar lays out again
            b.ensurePolished()
            b.setMinimumWidth(b.sizeHint().width())

    def retranslate(self) -> None:
        for key, b in self.bar_buttons.items():
            b.setText(text(key, self.prefs.lang))
            b.setMinimumWidth(0)
            b.setMinimumWidth(b.sizeHint().width())
        self.resume_button.setText(text("continue", self.prefs.lang))
        self.countdown_title.setText(text("idle_title", self.prefs.lang))
        for page in self.pages.values():
            page.retranslate()

    # --- idle and wipe ----------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.overlay.setGeometry(self.rect())
        super().resizeEvent(event)

    def _show_countdown(self, seconds: int) -> None:
        self.countdown_body.setText(text("idle_body", self.prefs.lang).format(seconds))
        self.overlay.setGeometry(self.rect())
        self.overlay.show()
        self.overlay.raise_()

    def _resume(self) -> None:
        self.overlay.hide()
        self.idle.resume()

    def wipe(self) -> list[str]:
        """Forget the visit: voice, scans, clipboard, print spool, memory, widgets; back to the
        attract screen. Returns what :meth:`residue` still finds (empty when the wipe worked)."""
        self.overlay.hide()
        self.speaker.stop()
        self.scan.clear()
        clipboard = QGuiApplication.clipboard()
        clipboard.clear(QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
        self.services.papers.wipe()
        self.ctx.visit = Visit()
        self.prefs.lang = self.services.config.language
        self.prefs.large = self.prefs.contrast = False
        self.history.clear()
        self._taps.clear()
        self._build_pages()
        self.restyle()
        gc.collect()
        self.go("attract")
        left = self.residue()
        if left:  # never expected: say what kind (no content), and rebuild once more
            log.warning("citizen wipe left: %s", ", ".join(left))
            self._build_pages()
            self.restyle()
            self.go("attract")
            left = self.residue()
        return left

    def residue(self) -> list[str]:
        """What of a visit can still be found; empty after a good wipe."""
        left = []
        if not self.ctx.visit.is_empty():
            left.append("visit")
        if self.services.papers.spooled():
            left.append("spool")
        if QGuiApplication.clipboard().text():
            left.append("clipboard")
        for page in self.pages.values():
            for box in page.findChildren(QLineEdit):
                if box.text():
                    left.append(f"{page.name}.field")
        if self.speaker.speaking():
            left.append("voice")
        return left

    def visible_texts(self) -> str:
        """Every text shown by the current screens' labels and buttons (for tests and checks)."""
        parts: list[str] = []
        for page in self.pages.values():
            parts += [w.text() for w in page.findChildren(QLabel)]
            parts += [w.text() for w in page.findChildren(QPushButton)]
        return "\n".join(parts)
