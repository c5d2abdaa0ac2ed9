"""The "Trả kết quả" page: scan the receipt QR (or type the code), check it, record the hand-over.

The rules are the core's (kiosk/returns.py): the QR's signature and applicant are checked before
anything is shown, and a result is handed over only when it is recorded as ready, or when the
officer confirms an early hand-over with a reason. As soon as a new read starts, the dossier on
screen is cleared: a hand-over never applies to a dossier other than the one just read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
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

from kiosk.config import KioskConfig
from kiosk.deadlines import DueState
from kiosk.dossier_types import (
    ACCEPTED,
    DRAFT,
    REFUSED,
    RESULT_READY,
    RETURNED,
    STATUS_LABELS,
    DossierSnapshot,
)
from kiosk.returns import MIN_EARLY_REASON, ReturnService
from kiosk.text import fold
from kiosk.timeutil import vietnam_now
from ui import ops
from ui.errors import message_for
from ui.records_style import RECORDS_STYLE
from ui.scan_input import ScanLineEdit
from ui.session import Session
from ui.style import DANGER, OK, WARNING
from ui.tasks import TaskManager

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReturnServices:
    """What the results-return desk uses."""

    returns: ReturnService  # look-up (QR check, applicant match) and the hand-over rule


class ReturnView(QWidget):
    sig_returned = Signal(str)
    """A dossier changed at the desk (result recorded as ready, or handed over); carries its id
    (the dossier list refreshes)."""

    def __init__(
        self, config: KioskConfig, tasks: TaskManager, services: ReturnServices, session: Session
    ) -> None:
        super().__init__()
        self.config, self.tasks, self.services, self.session = config, tasks, services, session
        session.sig_officer_changed.connect(self._on_officer_changed)
        self.found = None  # ReturnLookup of the dossier on screen
        self.setStyleSheet(RECORDS_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 12)
        layout.setSpacing(8)
        layout.addWidget(QLabel(self.tr("Return results"), objectName="pageTitle"))
        layout.addWidget(
            QLabel(
                self.tr(
                    "Scan the QR code on the receipt, or type the dossier code and press Enter."
                )
            )
        )
        row = QHBoxLayout()
        self.input = ScanLineEdit()
        self.input.setObjectName("scanInput")
        self.input.setPlaceholderText(
            self.tr("QR code or dossier code, e.g. 000.31.27.H56-251207-0001")
        )
        self.input.sig_submitted.connect(self.submit)
        self.input.sig_started.connect(self._on_new_read)
        row.addWidget(self.input, 1)
        self.find_button = QPushButton(self.tr("Find"))
        self.find_button.clicked.connect(lambda: self.submit(self.input.text()))
        row.addWidget(self.find_button)
        layout.addLayout(row)

        self.message = QLabel("", objectName="msgOk")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() + 20)
        keep = self.message.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # a message never moves the confirm button
        self.message.setSizePolicy(keep)
        self.message.setVisible(False)
        layout.addWidget(self.message)
        layout.addWidget(self._make_summary())
        layout.addWidget(self._make_hand_over())
        layout.addStretch(1)
        self._show_found(None)

    def _make_summary(self) -> QFrame:
        self.summary = QFrame(objectName="card")
        grid = QGridLayout(self.summary)
        grid.setContentsMargins(20, 10, 20, 10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        self.fields: dict[str, QLabel] = {}
        names = (
            ("code", self.tr("Dossier code")),
            ("applicant", self.tr("Applicant")),
            ("procedure", self.tr("Procedure")),
            ("status", self.tr("Status")),
            ("due", self.tr("Due")),
        )
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
        box.setContentsMargins(20, 10, 20, 10)
        box.setSpacing(6)
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
        self.authorised_hint = QLabel(
            self.tr(
                "Check the power of attorney and the recipient's ID "
                "card; enter the recipient's own full name."
            ),
            objectName="hint",
        )
        self.authorised_hint.setWordWrap(True)
        box.addWidget(self.authorised_hint)
        # a result not recorded as ready: record it, or hand it over early with a reason
        ready_row = QHBoxLayout()
        self.not_ready = QLabel(objectName="notReady")
        self.not_ready.setStyleSheet(f"color:{WARNING}; font-weight:bold;")
        self.not_ready.setWordWrap(True)
        ready_row.addWidget(self.not_ready, 1)
        self.ready_button = QPushButton(self.tr("The result has arrived: record it"))
        self.ready_button.clicked.connect(self.mark_ready)
        ready_row.addWidget(self.ready_button)
        box.addLayout(ready_row)
        early_row = QHBoxLayout()
        self.early = QCheckBox(self.tr("Hand over early, before the result is recorded as ready"))
        self.early.toggled.connect(self._update_confirm)
        early_row.addWidget(self.early)
        self.early_reason = QLineEdit(objectName="earlyReason")
        self.early_reason.setPlaceholderText(
            self.tr("Reason for the early hand-over (recorded in the dossier's history)")
        )
        self.early_reason.textChanged.connect(self._update_confirm)
        early_row.addWidget(self.early_reason, 1)
        box.addLayout(early_row)
        self.confirm_button = QPushButton(
            self.tr("Confirm the result was returned"), objectName="primary"
        )
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
        returns = self.services.returns
        self._show_found(None)
        self.message.hide()
        self.input.setEnabled(False)
        self.find_button.setEnabled(False)
        self.tasks.run(
            lambda: returns.look_up(text, date.today()),
            self._on_found,
            self._on_lookup_failed,
            owner=self,
        )

    @Slot()
    def refresh(self) -> None:
        """Read the dossier on screen again: a status pulled from the central system may have made
        its result ready. What the officer typed for the hand-over is kept."""
        found = self.found
        if found is None or self.services is None or not found.dossier.code:
            return
        returns, code, dossier_id = self.services.returns, found.dossier.code, found.dossier.id
        self.tasks.run(
            lambda: returns.look_up(code, date.today()),
            lambda again: self._on_refreshed(dossier_id, again),
            lambda exc: log.info("return desk: re-reading the dossier failed: %s", exc),
            owner=self,
        )

    def _on_refreshed(self, dossier_id: str, again) -> None:
        found = self.found
        if found is None or found.dossier.id != dossier_id:
            return  # another read replaced it meanwhile
        if (again.dossier.status, again.ready_for_hand_over) == (
            found.dossier.status,
            found.ready_for_hand_over,
        ):
            return  # nothing the desk shows has changed
        recipient, authorised = self.recipient.text(), self.authorised.isChecked()
        self._show_found(replace(again, from_qr=found.from_qr))
        self.authorised.setChecked(authorised)
        self.recipient.setText(recipient)
        self._update_confirm()

    def _on_officer_changed(self, _officer) -> None:
        """Another officer (or nobody) at the counter: no citizen's dossier stays on screen."""
        self._show_found(None)
        self.message.hide()
        self.input.clear()

    @Slot()
    def _on_new_read(self) -> None:
        """A new scan or code is being entered: the dossier on screen is no longer the one read."""
        if self.found is not None:
            self._show_found(None)
        self.message.hide()

    def _input_ready(self) -> None:
        self.input.setEnabled(True)
        self.find_button.setEnabled(True)
        self.input.clear()
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_found(self, found) -> None:
        self._input_ready()
        self._show_found(found)
        if found.can_hand_over:
            self.recipient.setFocus(Qt.FocusReason.OtherFocusReason)
            self.recipient.selectAll()

    def _on_lookup_failed(self, exc: BaseException) -> None:
        self._input_ready()
        self._say(message_for(exc), False)

    def _show_found(self, found) -> None:
        self.found = found
        self.summary.setVisible(found is not None)
        self.hand_over.setVisible(found is not None and found.can_hand_over)
        self.confirm_button.setEnabled(False)
        if found is None:
            return
        snap = found.dossier
        self.fields["code"].setText(f"<b>{escape(snap.code or '')}</b>")
        a = snap.applicant
        who = (a.org_name or a.full_name, a.id_number)
        self.fields["applicant"].setText(escape(" — ".join(x for x in who if x)))
        self.fields["procedure"].setText(escape(f"{snap.procedure_code} — {snap.procedure_name}"))
        status = STATUS_LABELS.get(snap.status, snap.status)
        if found.ready_for_hand_over:  # recorded here, or reported by the central system
            status = self.tr("Result ready — ready for hand-over")
        self.fields["status"].setText(f"<b>{escape(status)}</b>")
        self.fields["due"].setText(self._due_text(found))
        reason = self.cannot_return_reason(snap)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.recipient.setText(a.full_name)
        self.authorised.setChecked(False)
        self.authorised_hint.hide()
        early = found.needs_early_confirmation
        self.not_ready.setText(
            self.tr("The result of this dossier is not recorded as ready yet (due %1).").replace(
                "%1", self._due_date(snap)
            )
        )
        for widget in (self.not_ready, self.ready_button, self.early):
            widget.setVisible(early)
        self.early.setChecked(False)
        self.early_reason.clear()
        self.early_reason.hide()
        self._update_confirm()

    @staticmethod
    def _due_date(snap: DossierSnapshot) -> str:
        return f"{snap.due_date:%d/%m/%Y}" if snap.due_date else "—"

    @Slot()
    def _update_confirm(self) -> None:
        """The confirm button works for a ready result, or an early hand-over with its reason."""
        found = self.found
        early = found is not None and found.needs_early_confirmation
        self.early_reason.setVisible(early and self.early.isChecked())
        self.confirm_button.setEnabled(
            found is not None
            and found.can_hand_over
            and self.input.isEnabled()
            and (
                not early
                or (
                    self.early.isChecked()
                    and len(self.early_reason.text().strip()) >= MIN_EARLY_REASON
                )
            )
        )

    def _due_text(self, found) -> str:
        """The due date and how it stands today, as the core judges it (kiosk.deadlines)."""
        snap = found.dossier
        if snap.due_date is None:
            return self.tr("no due date")
        due = f"{snap.due_date:%d/%m/%Y}"
        if found.due is None:
            return due
        if found.due is DueState.OVERDUE:
            late = (
                self.tr("late by %n working day(s)", "", found.late_working_days)
                if found.late_working_days
                else self.tr("past its due date")
            )
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
            return self.tr("The result of this dossier has already been returned%1.").replace(
                "%1", when
            )
        if snap.status == REFUSED:
            return self.tr("This dossier was refused at reception: there is no result to return.")
        if snap.status == DRAFT:
            return self.tr("This dossier is still being received: there is no decision yet.")
        if snap.status not in (ACCEPTED, RESULT_READY):
            return self.tr(
                "This dossier is waiting for the applicant's supplement: there is no result yet."
            )
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
        found = self.found
        if found is None or not found.can_hand_over or not self.confirm_button.isEnabled():
            return
        snap, name = self.found.dossier, " ".join(self.recipient.text().split())
        authorised = self.authorised.isChecked()
        early = self.early_reason.text() if self.found.needs_early_confirmation else None
        if len(name) < 2:
            self._say(self.tr("Enter the full name of the person receiving the result."), False)
            return
        if authorised and fold(name) == fold(snap.applicant.full_name):
            self._say(
                self.tr(
                    "An authorised person is someone other than the applicant: enter "
                    "their own full name, or untick the box."
                ),
                False,
            )
            return
        officer_id, returns = self.session.officer_id, self.services.returns
        self.confirm_button.setEnabled(False)
        ops.hand_over_result(
            self,
            self.tasks,
            returns,
            snap.id,
            officer_id=officer_id,
            recipient=name,
            authorised=authorised,
            when=vietnam_now(),
            early_reason=early,
        ).success(lambda done: self._on_returned(done, name)).failure(
            self._on_return_failed
        ).run_in_background()

    @Slot()
    def mark_ready(self) -> None:
        """Record that the processing agency's result has arrived for the dossier on screen."""
        if self.found is None or not self.found.needs_early_confirmation:
            return
        snap, returns = self.found.dossier, self.services.returns
        officer_id = self.session.officer_id
        self.ready_button.setEnabled(False)
        ops.mark_result_ready(
            self, self.tasks, returns, snap.id, officer_id=officer_id, when=vietnam_now()
        ).success(self._on_ready).failure(self._on_return_failed).run_in_background()

    def _on_ready(self, snap: DossierSnapshot) -> None:
        self.ready_button.setEnabled(True)
        self._show_found(replace(self.found, dossier=snap))
        self.recipient.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_returned.emit(snap.id)

    def _on_returned(self, snap: DossierSnapshot, name: str) -> None:
        self._show_found(replace(self.found, dossier=snap))
        self._say(
            self.tr("Recorded: the result of dossier %1 was handed to %2 at %3.")
            .replace("%1", snap.code or "")
            .replace("%2", name)
            .replace("%3", f"{vietnam_now():%H:%M}"),
            True,
        )
        self.sig_returned.emit(snap.id)
        self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_return_failed(self, exc: BaseException) -> None:
        self.ready_button.setEnabled(True)
        self._update_confirm()
        self._say(message_for(exc), False)

    def _say(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setObjectName("msgOk" if ok else "msgError")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()
