"""The "Trả kết quả" page: scan the receipt QR (or type the code), check it, record the hand-over.

The QR's signature is checked first (ui/return_lookup.py); a forged or altered receipt gets a red
message and nothing else happens. Only an accepted dossier can be handed over; the others say why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from html import escape

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.calendar import WorkCalendar
from kiosk.config import KioskConfig
from kiosk.dossier_types import ACCEPTED, DRAFT, REFUSED, RETURNED, STATUS_LABELS, DossierSnapshot
from kiosk.dossier_view import DossierQueries
from kiosk.reception import ReceptionService
from kiosk.receipt_qr import VerifiedPayload
from kiosk.text import fold
from ui.errors import message_for
from ui.records_style import RECORDS_STYLE
from ui.scan_input import ScanLineEdit
from ui.session import Session
from ui.style import DANGER, OK, WARNING
from ui.tasks import TaskManager


@dataclass(frozen=True)
class ReturnServices:
    """What the results-return desk uses."""

    calendar: WorkCalendar
    dossiers: DossierQueries
    reception: ReceptionService
    verify_receipt: Callable[[str], VerifiedPayload]


class ReturnView(QWidget):
    sig_returned = Signal(str)
    """A result was handed over; carries the dossier id (the dossier list refreshes)."""

    def __init__(self, config: KioskConfig, tasks: TaskManager, services: ReturnServices,
                 session: Session) -> None:
        super().__init__()
        self.config, self.tasks, self.services, self.session = config, tasks, services, session
        self.found = None  # ReturnLookup of the dossier on screen
        self.setStyleSheet(RECORDS_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addWidget(QLabel(self.tr("Return results"), objectName="pageTitle"))
        layout.addWidget(QLabel(self.tr("Scan the QR code on the receipt, or type the dossier code and "
                                        "press Enter.")))
        row = QHBoxLayout()
        self.input = ScanLineEdit()
        self.input.setObjectName("scanInput")
        self.input.setPlaceholderText(self.tr("QR code or dossier code, e.g. 000.31.27.H56-251207-0001"))
        self.input.sig_submitted.connect(self.submit)
        row.addWidget(self.input, 1)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.clicked.connect(lambda: self.submit(self.input.text()))
        row.addWidget(self.find_button)
        layout.addLayout(row)

        self.message = QLabel("", objectName="msgOk")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addWidget(self._make_summary())
        layout.addWidget(self._make_hand_over())
        layout.addStretch(1)
        self._show_found(None)

    def _make_summary(self) -> QFrame:
        self.summary = QFrame(objectName="card")
        grid = QGridLayout(self.summary)
        grid.setContentsMargins(20, 14, 20, 14)
        grid.setColumnStretch(1, 1)
        self.fields: dict[str, QLabel] = {}
        names = (("code", self.tr("Dossier code")), ("applicant", self.tr("Applicant")),
                 ("procedure", self.tr("Procedure")), ("status", self.tr("Status")), ("due", self.tr("Due")))
        for i, (key, title) in enumerate(names):
            grid.addWidget(QLabel(title, objectName="fieldName"), i, 0, Qt.AlignmentFlag.AlignTop)
            value = QLabel(objectName="fieldValue")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, i, 1)
            self.fields[key] = value
        self.reason = QLabel(objectName="cannotReturn")
        self.reason.setWordWrap(True)
        grid.addWidget(self.reason, len(names), 0, 1, 2)
        return self.summary

    def _make_hand_over(self) -> QFrame:
        self.hand_over = QFrame(objectName="card")
        box = QVBoxLayout(self.hand_over)
        box.setContentsMargins(20, 14, 20, 14)
        box.addWidget(QLabel(self.tr("Hand over the result"), objectName="sectionTitle"))
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Recipient")))
        self.recipient = QLineEdit(objectName="recipient")
        self.recipient.returnPressed.connect(self.confirm)
        row.addWidget(self.recipient, 1)
        box.addLayout(row)
        self.authorised = QCheckBox(self.tr("The recipient is an authorised person"))
        self.authorised.toggled.connect(self._on_authorised_toggled)
        box.addWidget(self.authorised)
        self.authorised_hint = QLabel(self.tr("Check the power of attorney and the recipient's ID card; "
                                              "enter the recipient's own full name."), objectName="hint")
        self.authorised_hint.setWordWrap(True)
        box.addWidget(self.authorised_hint)
        self.confirm_button = QPushButton(self.tr("Confirm the result was returned"), objectName="primary")
        self.confirm_button.clicked.connect(self.confirm)
        box.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignLeft)
        return self.hand_over

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- look-up --------------------------------------------------------------------------------

    @Slot(str)
    def submit(self, text: str) -> None:
        """Look up a scanned QR text or a typed dossier code."""
        if self.services is None:
            self._say(self.tr("The local store is still opening; try again in a moment."), False)
            return
        from ui.return_lookup import look_up

        services = self.services
        self._show_found(None)
        self.message.hide()
        self.input.setEnabled(False)
        self.find_button.setEnabled(False)
        self.tasks.run(lambda: look_up(services, text, date.today()), self._on_found, self._on_lookup_failed,
                       owner=self)

    def _input_ready(self) -> None:
        self.input.setEnabled(True)
        self.find_button.setEnabled(True)
        self.input.clear()
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_found(self, found) -> None:
        self._input_ready()
        self._show_found(found)
        if found.dossier.status == ACCEPTED:
            self.recipient.setFocus(Qt.FocusReason.OtherFocusReason)
            self.recipient.selectAll()

    def _on_lookup_failed(self, exc: BaseException) -> None:
        self._input_ready()
        self._say(message_for(exc), False)

    def _show_found(self, found) -> None:
        self.found = found
        self.summary.setVisible(found is not None)
        self.hand_over.setVisible(found is not None and found.dossier.status == ACCEPTED)
        if found is None:
            return
        snap = found.dossier
        self.fields["code"].setText(f"<b>{escape(snap.code or '')}</b>")
        a = snap.applicant
        self.fields["applicant"].setText(escape(" — ".join(x for x in (a.org_name or a.full_name, a.id_number) if x)))
        self.fields["procedure"].setText(escape(f"{snap.procedure_code} — {snap.procedure_name}"))
        self.fields["status"].setText(f"<b>{escape(STATUS_LABELS.get(snap.status, snap.status))}</b>")
        self.fields["due"].setText(self._due_text(found))
        reason = self.cannot_return_reason(snap)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.recipient.setText(a.full_name)
        self.authorised.setChecked(False)
        self.authorised_hint.hide()
        self.confirm_button.setEnabled(True)

    def _due_text(self, found) -> str:
        snap = found.dossier
        if snap.due_date is None:
            return self.tr("no due date")
        due = f"{snap.due_date:%d/%m/%Y}"
        if snap.status != ACCEPTED:
            return due
        if found.late_working_days:
            late = self.tr("late by %n working day(s)", "", found.late_working_days)
            return f"{due} — <span style='color:{DANGER}; font-weight:bold'>{escape(late)}</span>"
        if snap.due_date == found.today:
            today = self.tr("due today")
            return f"{due} — <span style='color:{WARNING}; font-weight:bold'>{escape(today)}</span>"
        on_time = self.tr("on time")
        return f"{due} — <span style='color:{OK}'>{escape(on_time)}</span>"

    def cannot_return_reason(self, snap: DossierSnapshot) -> str:
        """Why this dossier cannot be handed over now ('' when it can)."""
        if snap.status == RETURNED:
            last = next((e for e in reversed(snap.events) if e.status == RETURNED), None)
            when = f" ({last.at:%H:%M %d/%m/%Y}; {last.note})" if last and last.note else ""
            return self.tr("The result of this dossier has already been returned%1.").replace("%1", when)
        if snap.status == REFUSED:
            return self.tr("This dossier was refused at reception: there is no result to return.")
        if snap.status == DRAFT:
            return self.tr("This dossier is still being received: there is no decision yet.")
        if snap.status != ACCEPTED:
            return self.tr("This dossier is waiting for the applicant's supplement: there is no result yet.")
        return ""

    # --- hand-over ------------------------------------------------------------------------------

    def _on_authorised_toggled(self, checked: bool) -> None:
        self.authorised_hint.setVisible(checked)
        applicant = self.found.dossier.applicant.full_name if self.found else ""
        if checked and fold(self.recipient.text()) == fold(applicant):
            self.recipient.clear()
            self.recipient.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not checked and not self.recipient.text().strip():
            self.recipient.setText(applicant)

    @Slot()
    def confirm(self) -> None:
        """Record the hand-over of the dossier on screen (validated here, then one transaction)."""
        if self.found is None or self.found.dossier.status != ACCEPTED or not self.confirm_button.isEnabled():
            return
        snap, name, authorised = self.found.dossier, " ".join(self.recipient.text().split()), self.authorised.isChecked()
        if len(name) < 2:
            self._say(self.tr("Enter the full name of the person receiving the result."), False)
            return
        if authorised and fold(name) == fold(snap.applicant.full_name):
            self._say(self.tr("An authorised person is someone other than the applicant: enter their own "
                              "full name, or untick the box."), False)
            return
        officer_id, reception = self.session.officer_id, self.services.reception
        self.confirm_button.setEnabled(False)
        self.tasks.run(lambda: reception.hand_over(snap.id, officer_id, name, authorised, datetime.now()),
                       lambda done: self._on_returned(done, name), self._on_return_failed, owner=self)

    def _on_returned(self, snap: DossierSnapshot, name: str) -> None:
        self._show_found(replace(self.found, dossier=snap))
        self._say(self.tr("Recorded: the result of dossier %1 was handed to %2 at %3.")
                  .replace("%1", snap.code or "").replace("%2", name)
                  .replace("%3", f"{datetime.now():%H:%M}"), True)
        self.sig_returned.emit(snap.id)
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_return_failed(self, exc: BaseException) -> None:
        self.confirm_button.setEnabled(True)
        self._say(message_for(exc), False)

    def _say(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setObjectName("msgOk" if ok else "msgError")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
