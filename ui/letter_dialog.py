"""Dialogs for the letters after reception: the apology with a new date or an extension (form 04)
and the notice of stopping (2025 form 05).

Both show how to reach the applicant (phone, e-mail, address), so the office can tell them; the
rules (once only, which form set, the new date) are the service's (``kiosk.letters``): the dialog
shows the plan it was given and sends what the officer typed.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from kiosk.letters import MAX_EXTENSION_DAYS, Contact, LetterPlan
from kiosk.reception import MIN_REASON
from ui.reception.common import Banner


def contact_html(contact: Contact) -> str:
    """The applicant's name and how to reach them, for the office to tell them."""
    rows = [
        (QCoreApplication.translate("LetterDialog", "Applicant"), contact.name),
        (QCoreApplication.translate("LetterDialog", "Phone"), contact.phone),
        (QCoreApplication.translate("LetterDialog", "Email"), contact.email),
        (QCoreApplication.translate("LetterDialog", "Address"), contact.address),
    ]
    lines = [f"{escape(k)}: <b>{escape(v)}</b>" for k, v in rows if v]
    if not contact.reachable:
        lines.append(
            "<span style='color:#b42318'>"
            + escape(
                QCoreApplication.translate(
                    "LetterDialog",
                    "No phone, e-mail or address recorded: tell them at the counter.",
                )
            )
            + "</span>"
        )
    return "<br>".join(lines)


class _LetterDialog(QDialog):
    def __init__(self, parent, plan: LetterPlan, title: str) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.layout_ = QVBoxLayout(self)
        code = plan.dossier.code or ""
        head = QLabel(f"<b>{escape(code)}</b> — {escape(plan.dossier.procedure_name)}")
        head.setWordWrap(True)
        self.layout_.addWidget(head)
        tell = QLabel(
            QCoreApplication.translate("LetterDialog", "Tell the applicant:"),
            objectName="sectionTitle",
        )
        self.layout_.addWidget(tell)
        self.contact = QLabel(contact_html(plan.contact), objectName="applicantContact")
        self.contact.setWordWrap(True)
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.contact)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.banner = Banner()

    def finish(self, ok_text: str, confirm) -> None:
        """The buttons, last: OK runs ``confirm`` (the dialog's own check and signal)."""
        self.layout_.addWidget(self.banner)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("LetterDialog", "Cancel")
        )
        self.buttons.accepted.connect(confirm)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def reason_ok(self, text: str) -> bool:
        if len(text.strip()) < MIN_REASON:
            text = QCoreApplication.translate(
                "LetterDialog", "Write the reason (at least %1 characters)."
            )
            self.banner.show_message(text.replace("%1", str(MIN_REASON)))
            return False
        return True


class ApologyDialog(_LetterDialog):
    sig_confirmed = Signal(str, int)
    """(reason, extension in working days)"""

    def __init__(self, parent, plan: LetterPlan, new_due_date) -> None:
        """``new_due_date(days) -> date``: the service's calendar computation."""
        super().__init__(parent, plan, "")
        extends = plan.extends
        self.setWindowTitle(
            self.tr("Apology and request to extend the time")
            if extends
            else self.tr("Apology and new return date")
        )
        self._new_due_date = new_due_date
        due = plan.due_date
        when = self.tr("Due %1; on time if sent by %2.")
        when = when.replace("%1", f"{due:%d/%m/%Y}").replace(
            "%2", f"{plan.latest_on_time:%d/%m/%Y}"
        )
        due_line = QLabel(escape(when), objectName="dueLine")
        due_line.setWordWrap(True)
        self.form.addRow(due_line)
        self.days = QSpinBox(objectName="extensionDays")
        self.days.setRange(1, MAX_EXTENSION_DAYS)
        self.days.setValue(3)
        self.days.setSuffix(" " + self.tr("working day(s)"))
        self.form.addRow(self.tr("Extension"), self.days)
        self.new_date = QLabel("", objectName="newDueDate")
        self.form.addRow(
            self.tr("Proposed new date") if extends else self.tr("New return date"),
            self.new_date,
        )
        self.reason = QPlainTextEdit(objectName="apologyReason")
        self.reason.setFixedHeight(80)
        self.form.addRow(self.tr("Reason for the delay"), self.reason)
        note = QLabel(self.tr("The return date can be reset once only."), objectName="hint")
        self.layout_.addWidget(note)
        self.days.valueChanged.connect(self._show_date)
        self._show_date(self.days.value())
        self.finish(self.tr("Print the apology letter"), self._confirm)

    def _show_date(self, days: int) -> None:
        new: date = self._new_due_date(self.plan.due_date, days)
        self.new_date.setText(f"<b>{new:%d/%m/%Y}</b>")

    def _confirm(self) -> None:
        text = self.reason.toPlainText()
        if self.reason_ok(text):
            self.sig_confirmed.emit(text.strip(), self.days.value())
            self.accept()


class StopDialog(_LetterDialog):
    sig_confirmed = Signal(str, str, str)
    """(reason, stage reached, fee settlement)"""

    def __init__(self, parent, plan: LetterPlan) -> None:
        super().__init__(parent, plan, "")
        self.setWindowTitle(self.tr("Notice of stopping the processing"))
        self.reason = QPlainTextEdit(objectName="stopReason")
        self.reason.setFixedHeight(70)
        self.form.addRow(self.tr("Reason for stopping"), self.reason)
        self.stage = QLineEdit(objectName="stopStage")
        self.form.addRow(self.tr("Step reached"), self.stage)
        self.fee = QLineEdit("Không thu phí, lệ phí", objectName="stopFee")
        self.form.addRow(self.tr("Fees already paid"), self.fee)
        self.finish(self.tr("Print the notice"), self._confirm)

    def _confirm(self) -> None:
        text = self.reason.toPlainText()
        if not self.reason_ok(text):
            return
        if len(self.stage.text().strip()) < 3:
            self.banner.show_message(self.tr("Say which step the processing reached."))
            return
        self.sig_confirmed.emit(text.strip(), self.stage.text().strip(), self.fee.text().strip())
        self.accept()
