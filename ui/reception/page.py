"""The new-dossier page: a guided flow of six steps that a new officer follows without training.

The draft dossier is saved at every step (a crash or a lock screen loses nothing); the UI thread
only shows: every save, search and decision runs through ``ui.tasks``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.blobs import BlobStore
from kiosk.calendar import WorkCalendar
from kiosk.catalog import CatalogService
from kiosk.config import KioskConfig
from kiosk.dossier_types import Applicant, DossierStatus
from kiosk.dossier_view import DossierQueries
from kiosk.officers import OfficerService
from kiosk.reception import ReceptionService
from kiosk.scanning.ocr import TextLayers
from kiosk.scanning.pages import PageStore
from kiosk.scanning.reuse import PaperReuse
from kiosk.scanning.worker import ScanWorker
from kiosk.signing.counter import CounterSigning
from kiosk.timeutil import vietnam_now
from ui import ops
from ui.errors import message_for
from ui.reception.applicant_step import ApplicantStep
from ui.reception.checklist_step import ChecklistStep
from ui.reception.decision_step import DecisionStep
from ui.reception.digitise_step import DigitiseStep
from ui.reception.eform_step import EformStep
from ui.reception.procedure_step import ProcedureStep
from ui.scanning.recovery_bar import RecoveryBar
from ui.session import Session
from ui.tasks import TaskManager


@dataclass(frozen=True)
class ReceptionServices:
    """What the new-dossier flow uses."""

    config: KioskConfig
    calendar: WorkCalendar
    catalog: CatalogService
    reception: ReceptionService
    dossiers: DossierQueries
    blobs: BlobStore
    officers: OfficerService  # a supervisor's approval of a second supplement request
    pages: PageStore  # scanned pages of the draft, sealing (kiosk/scanning/pages.py)
    reuse: PaperReuse  # papers already on file for the applicant
    signing: CounterSigning  # which key signs a sealed paper, the token PIN (kiosk/signing)
    text_layers: TextLayers | None = None  # the sealed papers' searchable text (its state shown)
    scan_worker: ScanWorker | None = None  # the scanner driver's process, kept between scans


@dataclass(frozen=True)
class Parked:
    """A draft its officer left by signing out: taken up again, where it was, at their next
    sign-in."""

    dossier_id: str
    step: int
    applicant: Applicant  # as typed on the applicant step, saved or not


class ReceptionPage(QWidget):
    sig_decided = Signal(object)
    """A decision was taken (kiosk.dossier_types.Decision); the dossier list refreshes on it."""

    sig_print_queued = Signal()
    """A document was put in the print queue; the window's print-queue status prints it now."""

    sig_sealed = Signal()
    """A paper was sealed: the window has its searchable text made in the background."""

    def __init__(
        self, config: KioskConfig, tasks: TaskManager, services: ReceptionServices, session: Session
    ) -> None:
        super().__init__()
        self.config, self.tasks, self.services, self.session = config, tasks, services, session
        self.dossier = self.procedure = self.ticket = None
        self.english = config.language == "en"
        self.clock = (
            vietnam_now  # tests set a fixed clock; every date the flow uses comes from here
        )
        self.parked: dict[int | None, Parked] = {}  # drafts left by an officer who signed out
        self._officer_id = session.officer_id
        session.sig_officer_changed.connect(self.officer_changed)

        self.steps = [
            ProcedureStep(self),
            ApplicantStep(self),
            ChecklistStep(self),
            EformStep(self),
            DigitiseStep(self),
            DecisionStep(self),
        ]
        names = [
            self.tr("Procedure"),
            self.tr("Applicant"),
            self.tr("Papers"),
            self.tr("Form"),
            self.tr("Digitise"),
            self.tr("Decision"),
        ]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        bar = QHBoxLayout()
        self.crumbs = []
        for i, name in enumerate(names):
            crumb = QLabel(f"{i + 1}. {name}")
            self.crumbs.append(crumb)
            bar.addWidget(crumb)
            if i < len(names) - 1:
                bar.addWidget(QLabel("›"))
        bar.addStretch(1)
        self.ticket_label = QLabel()
        bar.addWidget(self.ticket_label)
        layout.addLayout(bar)
        self.procedure_label = QLabel(objectName="procedureLine")
        self.procedure_label.setStyleSheet("color:#344054; font-weight:bold;")
        self.procedure_label.setWordWrap(False)
        layout.addWidget(self.procedure_label)
        self.recovery = RecoveryBar()  # scanned pages of unfinished drafts, after a crash
        self.recovery.sig_resume.connect(lambda dossier_id: self.resume(dossier_id, step=4))
        layout.addWidget(self.recovery)
        self.stack = QStackedWidget()
        for step in self.steps:
            self.stack.addWidget(step)
        layout.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        self.back = QPushButton("‹ " + self.tr("Back"))
        self.new = QPushButton(self.tr("New dossier (Ctrl+N)"))
        self.next = QPushButton(self.tr("Continue") + " ›", objectName="primary")
        self.next.setMinimumWidth(160)
        # papers are missing: the supplement request needs neither the e-form nor the scans
        self.supplement_now = QPushButton(
            self.tr("Request supplement…"), objectName="supplementNow"
        )
        self.supplement_now.clicked.connect(self.request_supplement)
        nav.addWidget(self.back)
        nav.addWidget(self.new)
        nav.addStretch(1)
        nav.addWidget(self.supplement_now)
        nav.addWidget(self.next)
        layout.addLayout(nav)
        self.back.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next.clicked.connect(self.forward)
        self.new.clicked.connect(lambda: self.start())
        QShortcut(QKeySequence("Ctrl+N"), self, activated=lambda: self.start())
        QShortcut(QKeySequence("Alt+Right"), self, activated=self.forward)
        QShortcut(
            QKeySequence("Alt+Left"), self, activated=lambda: self.go(self.stack.currentIndex() - 1)
        )
        self.steps[0].sig_chosen.connect(self.choose_procedure)
        self.steps[0].sig_case.connect(self.choose_case)
        self.steps[-1].sig_decided.connect(self._after_decision)
        self.go(0)
        if services is not None:  # at start-up: pages a crash left in drafts are offered back
            self.tasks.run(services.pages.recoverable, self.recovery.show_drafts, owner=self)

    # --- wiring ---------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stack.currentIndex() == 0:
            self.steps[0].search.setFocus()

    def officer_id(self) -> int | None:
        return self.session.officer_id

    # --- officers -------------------------------------------------------------------------------

    def unfinished(self) -> str:
        """The dossier being received, for the sign-out question ('' when nothing is half-done)."""
        if self.dossier is None or self._decided():
            return ""
        applicant = self.steps[1].typed()
        who = applicant.org_name or applicant.full_name
        what = self.procedure.name if self.procedure is not None else ""
        return f"“{what}”" + (f" — {who}" if who else "")

    def officer_changed(self, officer) -> None:
        """Sign-out parks the draft under its officer and leaves a clean page; sign-in takes up the
        officer's parked draft where it was."""
        officer_id = getattr(officer, "id", None)
        if officer is None:
            if self.unfinished():
                self.parked[self._officer_id] = Parked(
                    self.dossier.id, self.stack.currentIndex(), self.steps[1].typed()
                )
            self.start()
            self.steps[1].load(Applicant())
        elif officer_id in self.parked:
            parked = self.parked.pop(officer_id)
            self.resume(parked.dossier_id, step=parked.step, applicant=parked.applicant)
        self._officer_id = officer_id

    # --- navigation -----------------------------------------------------------------------------

    def start(self, ticket=None) -> None:
        """Begin a new dossier (from a called queue ticket, or a walk-in when ``ticket`` is
        None)."""
        self.dossier = self.procedure = None
        self.ticket = ticket
        self.ticket_label.setText(
            self.tr("Ticket %1").replace("%1", ticket.label) if ticket else ""
        )
        self.steps[0].reset(getattr(ticket, "service", None) or "")
        self.go(0)

    def go(self, index: int) -> None:
        if index < 0 or index >= len(self.steps) or (index > 0 and self.dossier is None):
            return
        if index > 0:
            self.recovery.hide()
        current = self.stack.currentWidget()
        if hasattr(current, "leave"):
            current.leave()
        self.stack.setCurrentIndex(index)
        for i, crumb in enumerate(self.crumbs):
            crumb.setStyleSheet(
                "font-weight:bold; color:#0b5394;"
                if i == index
                else "color:#98a2b3;"
                if i > index
                else "color:#344054;"
            )
        self._show_procedure(index)
        self.back.setEnabled(index > 0 and not self._decided())
        self.next.setVisible(0 < index < len(self.steps) - 1)
        self.supplement_now.setVisible(2 <= index < len(self.steps) - 1 and not self._decided())
        self.new.setVisible(index > 0)
        if self.services is not None or index > 0:
            self.steps[index].enter()

    def _show_procedure(self, index: int) -> None:
        """Steps 2-6 say which procedure the dossier is for (one line, elided if long)."""
        p = self.procedure
        if index == 0 or p is None:
            self.procedure_label.hide()
            return
        text = self.tr("Procedure: %1").replace("%1", f"{p.name} ({p.code})")
        width = max(200, self.stack.width() or self.width() - 48)
        self.procedure_label.setText(
            self.procedure_label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)
        )
        self.procedure_label.setToolTip(text)
        self.procedure_label.show()

    def _decided(self) -> bool:
        return self.dossier is not None and self.dossier.status != DossierStatus.DRAFT

    def forward(self) -> None:
        index = self.stack.currentIndex()
        if index == 0 and self.steps[0].picking_case():
            self.steps[0].choose_case()
        elif index == 0:
            self.steps[0].choose_current()
        elif index < len(self.steps) - 1 and not self._decided():
            self.steps[index].commit(lambda: self.go(index + 1))

    def request_supplement(self) -> None:
        """Ask for the missing papers from the papers, form or digitise step (the papers ticked so
        far are saved first); the decision step then shows what was printed."""
        index = self.stack.currentIndex()
        if self.dossier is None or self._decided() or not 2 <= index < len(self.steps) - 1:
            return
        if index == 2:
            self.steps[2].commit(self._open_supplement)
        else:
            self._open_supplement()

    def _open_supplement(self) -> None:
        from ui.reception.supplement_dialog import SupplementDialog

        decision = self.steps[-1]
        dialog = SupplementDialog(self, self.dossier, self)

        def confirmed(item_ids: list, reason: str, supervisor) -> None:
            self.go(len(self.steps) - 1)
            decision.supplement(item_ids, reason, supervisor)

        dialog.sig_confirmed.connect(confirmed)
        dialog.open()

    def choose_procedure(self, version_id: int) -> None:
        if self.services is None:
            return
        services, officer, ticket = self.services, self.officer_id(), self.ticket
        ticket_id = getattr(ticket, "id", None)
        # a draft of this visit under another procedure is replaced; what was typed carries over
        current = self.dossier if self.dossier is not None and not self._decided() else None
        if current is not None and current.procedure_version_id == version_id:
            self._after_procedure()
            return
        replacing = current.id if current is not None else None
        typed = self.steps[1].typed() if current is not None else None
        now = self.clock()

        def work():
            detail = services.catalog.get_version(version_id)
            draft = services.reception.create_draft(
                version_id, officer, now, ticket_id, replacing=replacing
            )
            return detail, draft

        def done(result) -> None:
            self.procedure, self.dossier = result
            self.steps[1].load(typed or self.dossier.applicant)
            self._after_procedure()

        self.tasks.run(work, done, self.show_error, owner=self)

    def _after_procedure(self) -> None:
        """A procedure with several cases: the officer picks the case first (issue #10)."""
        if self.procedure.case_to_pick:
            chosen = self.dossier.variant["code"] if self.dossier.variant else None
            self.steps[0].show_cases(self.procedure, chosen)
        else:
            self.go(1)

    def choose_case(self, code: str) -> None:
        if self.services is None or self.dossier is None or self._decided():
            return

        def done(snap) -> None:
            self.dossier = snap
            self.go(1)

        ops.choose_variant(
            self, self.tasks, self.services.reception, self.dossier.id, code=code
        ).success(done).failure(self.show_error).run_in_background()

    def resume(self, dossier_id: str, *, step: int = 2, applicant: Applicant | None = None) -> None:
        """Take up a dossier again: a draft, or one whose applicant brings the requested papers.

        ``step``: where to open it (the papers by default: tick what was brought); ``applicant``:
        what was typed on the applicant step of a parked draft, shown instead of the stored one.
        """
        if self.services is None:
            return
        services, officer = self.services, self.officer_id()

        def work():
            snap = services.dossiers.get(dossier_id)
            if snap.status == DossierStatus.SUPPLEMENT_REQUESTED:
                snap = services.reception.resume(dossier_id, officer)
            return services.catalog.get_version(snap.procedure_version_id), snap

        def done(result) -> None:
            self.procedure, self.dossier = result
            self.ticket = None
            self.ticket_label.setText("")
            self.steps[1].load(applicant or self.dossier.applicant)
            self.go(max(1, min(step, len(self.steps) - 1)))

        self.tasks.run(work, done, self.show_error, owner=self)

    # --- saving ---------------------------------------------------------------------------------

    def save(self, fn, done, on_error=None) -> None:
        """Run ``fn(reception, dossier_id) -> DossierSnapshot`` on the db worker, keep the result,
        call done."""
        reception, dossier_id = self.services.reception, self.dossier.id

        def ok(snapshot) -> None:
            self.dossier = snapshot
            done()

        def failed(exc) -> None:
            self.show_error(exc)
            if on_error:
                on_error()

        self.tasks.run(lambda: fn(reception, dossier_id), ok, failed, owner=self)

    def decide(self, verb, on_decided) -> None:
        """Take a decision on this dossier: ``verb(parent, tasks, reception, dossier_id)`` is one of
        ``ui.ops`` (accept, request a supplement, refuse) with its other arguments bound."""

        def ok(decision) -> None:
            self.dossier = decision.dossier
            self.back.setEnabled(False)
            on_decided(decision)

        def failed(exc) -> None:
            self.show_error(exc)
            self.steps[-1].on_failed()

        verb(self, self.tasks, self.services.reception, self.dossier.id).success(ok).failure(
            failed
        ).run_in_background()

    def reprint(self, kind: str, printer: str | None) -> None:
        """A copy (BẢN SAO) of this dossier's ``kind`` document, on ``printer`` or the receipt
        printer."""
        ops.reprint_document(
            self,
            self.tasks,
            self.services.reception,
            self.dossier.id,
            kind=kind,
            officer_id=self.officer_id(),
            printer=printer,
        ).success(lambda _decision: self.sig_print_queued.emit()).failure(
            self.show_error
        ).run_in_background()

    def text_layer_recorded(self, _sha256: str = "", _status: str = "") -> None:
        """A sealed paper's text layer was made or skipped: the digitise step shows it."""
        if self.stack.currentWidget() is self.steps[4] and self.dossier is not None:
            self.steps[4].refresh()

    def _after_decision(self, decision) -> None:
        self.sig_decided.emit(decision)
        self.sig_print_queued.emit()

    def show_error(self, exc: BaseException) -> None:
        self.show_error_text(message_for(exc))

    def show_error_text(self, text: str) -> None:
        step = self.stack.currentWidget()
        step.banner.show_message(text)
        QApplication.beep()
