"""The main window: header, navigation and pages. It only composes and wires.

The window is shown before the store is open (first-window time); ``install_pages`` then gets the
services built once at start-up (``app.services.Services``, built by the composition root) and
hands each page the few services it uses and the ``Session``. No page gets the store, a session
factory or the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QLocale, QTimer, QTimeZone, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import KioskConfig
from ui.services import narrow
from ui.session import OfficerSession, Session
from ui.style import STYLE_SHEET
from ui.tasks import TaskManager

if TYPE_CHECKING:
    from app.services import Services


class MainWindow(QMainWindow):
    sig_officer_changed = Signal(object)
    """The officer at this counter changed: ``OfficerInfo`` after sign-in, None after sign-out."""

    def __init__(self, config: KioskConfig, tasks: TaskManager, *, demo: bool = False) -> None:
        super().__init__()
        self.config, self.tasks, self.services = config, tasks, None
        # officer mode: sign-in first; the lock screen covers the pages without closing them
        self.session = OfficerSession(config, tasks, self, demo=demo)
        self.session.sig_officer_changed.connect(self.sig_officer_changed.emit)
        self.setObjectName("main")
        self.setStyleSheet(STYLE_SHEET)
        title = self.tr("One-stop counter")
        self.setWindowTitle(f"{title} — {config.agency_name}" + (" [DEMO]" if demo else ""))

        self.nav = QListWidget(objectName="nav")
        self.nav.setFixedWidth(220)
        self.pages = QStackedWidget()
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._make_header(demo))
        outer.addWidget(self.session.wrap(body), 1)
        self.setCentralWidget(central)

        self._make_status_bar()

    @property
    def current(self) -> Session:
        """The officer at this counter, as the pages see it."""
        return self.session.current

    def install_pages(self, services: Services) -> None:
        """Build the pages with the services built at start-up (on the GUI thread, once the store is
        open); each page gets only what it uses.

        Officer mode, in the order of a visit: queue, new dossier, dossiers, results return; the
        procedure catalog is there for both modes.
        """
        from ui.catalog_view import CatalogView
        from ui.overview_view import OverviewServices, OverviewView

        self.services = services
        self.store_label.setText(self.tr("Local store ready"))
        self.session.set_officers(services.officers)
        self.print_status.set_queue(services.print_queue)
        self.central_status.set_status(services.status)
        self.central_status.set_sync(services.sync)  # start-up pass
        self.overview = OverviewView(self.config, self.tasks, narrow(OverviewServices, services))
        self.overview.set_officer(self.session.officer)
        self.session.sig_officer_changed.connect(self.overview.set_officer)
        self.add_page(self.tr("Overview"), self.overview)
        if self.config.mode == "officer":
            from ui.dossiers_view import DossiersServices, DossiersView
            from ui.queue_view import QueueView
            from ui.reception.page import ReceptionPage, ReceptionServices
            from ui.return_view import ReturnServices, ReturnView

            current = self.session.current
            self.queue = QueueView(self.config, self.tasks, services.queue, current)
            self.add_page(self.tr("Queue"), self.queue)
            self.reception = ReceptionPage(
                self.config, self.tasks, narrow(ReceptionServices, services), current
            )
            self.add_page(self.tr("New dossier"), self.reception)
            self.dossiers = DossiersView(
                self.config, self.tasks, narrow(DossiersServices, services), current
            )
            self.add_page(self.tr("Dossiers"), self.dossiers)
            self.return_results = ReturnView(
                self.config, self.tasks, narrow(ReturnServices, services), current
            )
            self.add_page(self.tr("Return results"), self.return_results)
            self.queue.sig_start_dossier.connect(self._start_dossier)
            self.session.confirm_sign_out = self._confirm_sign_out
            # the token PIN lives for the signed-in, unlocked session only (kiosk/signing)
            self.session.sig_officer_changed.connect(lambda _officer: self._forget_pin())
            self.session.sig_locked_changed.connect(
                lambda locked: self._forget_pin() if locked else None
            )
            self.reception.sig_decided.connect(lambda _decision: self.dossiers.refresh())
            self.reception.sig_decided.connect(
                lambda _decision: self.central_status.count_pending()
            )
            self.return_results.sig_returned.connect(
                lambda _id: self.central_status.count_pending()
            )
            self.return_results.sig_returned.connect(self.dossiers.refresh)
            self.dossiers.detail.sig_continue.connect(self._continue_dossier)
            self.overview.sig_open_dossier.connect(self._open_dossier)
            self.reception.sig_print_queued.connect(self.print_status.drain)
            self.dossiers.detail.sig_reprinted.connect(lambda _id: self.print_status.drain())
            self.dossiers.detail.sig_letter_issued.connect(lambda _id: self.print_status.drain())
            self.dossiers.detail.sig_letter_issued.connect(
                lambda _id: self.central_status.count_pending()
            )
            self._start_text_layers(services)
            self._add_supervisor_page(services)
            from ui.sync_view import SyncView

            self.sync_view = SyncView(self.tasks, services.sync, self.central_status.send_now)
            self.add_page(self.tr("Sync"), self.sync_view)
            self._refresh_on_pulls()
        self.catalog = CatalogView(self.tasks, services.catalog)
        self.add_page(self.tr("Procedures"), self.catalog)
        self.nav.setCurrentRow(0)

    def _start_text_layers(self, services: Services) -> None:
        """Sealed papers get their searchable text in the background: those left from before
        now, each new one once sealed; a missing Tesseract is said once, in the status bar."""
        if services.text_layers is None:
            return
        from ui.scanning.text_layers import TextLayerRunner

        self.text_layers = TextLayerRunner(self.tasks, services.text_layers, self)
        self.text_layers.sig_missing.connect(
            lambda text: self.statusBar().showMessage(text, 60_000)
        )
        self.text_layers.sig_recorded.connect(self.reception.text_layer_recorded)
        self.reception.sig_sealed.connect(self.text_layers.catch_up)
        self.text_layers.catch_up()

    def _forget_pin(self) -> None:
        """Lock or sign-out: the token's PIN is forgotten and a PIN dialog left open is closed
        (it would float above the lock screen)."""
        from ui.scanning.pin_dialog import TokenPinDialog

        self.services.signing.forget()
        for dialog in self.findChildren(TokenPinDialog):
            dialog.reject()

    def _add_supervisor_page(self, services: Services) -> None:
        """The supervisor's page (issue 14): in the list for a signed-in supervisor only."""
        from ui.supervisor.view import SupervisorServices, SupervisorView

        self.supervisor = SupervisorView(self.tasks, narrow(SupervisorServices, services))
        self.add_page(self.tr("Supervision"), self.supervisor)
        item = self.nav.item(self.nav.count() - 1)

        def apply_role(officer) -> None:
            allowed = officer is not None and officer.is_supervisor
            item.setHidden(not allowed)
            if not allowed and self.pages.currentWidget() is self.supervisor:
                self.nav.setCurrentRow(0)
            self.supervisor.set_officer(officer)

        apply_role(self.session.officer)
        self.session.sig_officer_changed.connect(apply_role)
        self.supervisor.sig_open_dossier.connect(self._open_dossier)

    def _refresh_on_pulls(self) -> None:
        """A sync pass changes what the dossier pane says of its state; statuses pulled from the
        central system change the list, the return desk and the supervisor's page: each reads
        again now, not on its own timer."""
        sync = self.central_status
        sync.sig_pass_done.connect(self.dossiers.detail.refresh_sync)
        sync.sig_pass_done.connect(self.overview.refresh_status)  # its "waiting to be sent"
        sync.sig_statuses_pulled.connect(lambda _n: self.dossiers.refresh())
        sync.sig_statuses_pulled.connect(lambda _n: self.return_results.refresh())
        sync.sig_statuses_pulled.connect(lambda _n: self.supervisor.refresh_if_shown())

    def _start_dossier(self, ticket) -> None:
        """The officer takes the called ticket's dossier: open the new-dossier flow for it."""
        self.reception.start(ticket)
        self.show_page(self.reception)

    def _confirm_sign_out(self, proceed) -> None:
        """Signing out with a dossier half-received: say that it is kept for this officer, and
        ask."""
        unfinished = self.reception.unfinished()
        if not unfinished:
            proceed()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Sign out"),
            self.tr(
                "You are in the middle of receiving the dossier %1.\n\nIf you sign out, it is put "
                "aside under your name: the next officer gets an empty reception page, and the "
                "dossier opens again where you left it when you sign in."
            ).replace("%1", unfinished),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Put it aside and sign out"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Stay"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda result: result == QMessageBox.StandardButton.Ok and proceed())
        box.open()

    def _open_dossier(self, dossier_id: str, code: str) -> None:
        """A dossier clicked on the overview's deadline list: show it under "Hồ sơ"."""
        self.dossiers.open_dossier(dossier_id, code)
        self.show_page(self.dossiers)

    def _continue_dossier(self, dossier_id: str) -> None:
        self.reception.resume(dossier_id)
        self.show_page(self.reception)

    def show_page(self, page: QWidget) -> None:
        self.nav.setCurrentRow(self.pages.indexOf(page))

    def add_page(self, title: str, page: QWidget) -> None:
        self.pages.addWidget(page)
        QListWidgetItem(title, self.nav)

    def _make_header(self, demo: bool) -> QWidget:
        header = QWidget(objectName="header")
        row = QHBoxLayout(header)
        row.setContentsMargins(20, 10, 20, 10)
        names = QVBoxLayout()
        parent = QLabel(self.config.agency_parent.upper(), objectName="headerParent")
        agency = QLabel(self.config.agency_name, objectName="headerAgency")
        names.addWidget(parent)
        names.addWidget(agency)
        row.addLayout(names, 1)
        if demo:
            row.addWidget(QLabel(self.tr("DEMO DATA"), objectName="demoBadge"))
        row.addWidget(self.session.badge)
        counter = QLabel(self.tr("Counter %n", "", self.config.counter), objectName="headerCounter")
        row.addWidget(counter)
        self.clock = QLabel(objectName="headerClock")
        row.addWidget(self.clock)
        self._tick()
        timer = QTimer(self, interval=15_000, timeout=self._tick)
        timer.start()
        return header

    def _tick(self) -> None:
        now = QDateTime.currentDateTime().toTimeZone(QTimeZone(b"Asia/Ho_Chi_Minh"))
        self.clock.setText(QLocale().toString(now, "HH:mm  dddd, dd/MM/yyyy"))

    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        self.store_label = QLabel(self.tr("Opening the local store…"))
        bar.addWidget(self.store_label, 1)
        from ui.central_status import CentralStatusLabel
        from ui.print_status import PrintQueueStatus

        self.print_status = PrintQueueStatus(self.tasks)
        bar.addPermanentWidget(self.print_status)
        self.central_status = CentralStatusLabel(self.config.central_url, self.tasks)
        bar.addPermanentWidget(self.central_status)
        self.busy = QProgressBar(maximumWidth=120, maximum=0, textVisible=False)
        self.busy.setFixedHeight(self.store_label.sizeHint().height() - 6)  # no taller than text
        self.busy.hide()
        bar.addPermanentWidget(self.busy)
        self.tasks.sig_busy_changed.connect(lambda n: self.busy.setVisible(n > 0))
        self.tasks.sig_background_error.connect(lambda text: bar.showMessage(text, 15_000))
