"""Dialogs for the two negative decisions: supplement request and refusal (reason required)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.reception import MIN_REASON
from ui.reception.common import Banner


class SupplementDialog(QDialog):
    sig_confirmed = Signal(list, str, object)
    """(dossier item ids, reason, supervisor OfficerInfo or None)"""

    def __init__(self, parent, dossier, page, *, max_height: int | None = None) -> None:
        """``max_height``: the tallest the dialog may be (default: the screen's available height);
        the list of papers scrolls inside it, so the buttons stay on screen at 1366×768."""
        super().__init__(parent)
        self.page, self.dossier = page, dossier
        self.setWindowTitle(self.tr("Request a supplement"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Only papers of the published checklist can be requested, and every missing "
                "required paper must be requested now, at once."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.boxes: dict[int, QCheckBox] = {}
        self.scroll = QScrollArea(objectName="supplementItems")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        items = QWidget()
        item_box = QVBoxLayout(items)
        item_box.setContentsMargins(0, 0, 0, 0)
        missing = {i.id for i in dossier.missing_required}
        for item in dossier.items:
            if item.voluntary:
                continue
            box = QCheckBox(
                item.name
                + (
                    ""
                    if item.required
                    else " (" + self.tr("only if: %1").replace("%1", item.condition or "") + ")"
                )
            )
            box.setChecked(item.id in missing)
            box.setEnabled(item.id not in missing)  # a missing required paper cannot be left out
            self.boxes[item.id] = box
            item_box.addWidget(box)
        item_box.addStretch(1)
        self.scroll.setWidget(items)
        self.scroll.setMinimumHeight(min(items.sizeHint().height(), 120))
        layout.addWidget(self.scroll, 1)
        layout.addWidget(QLabel(self.tr("Reason and guidance for the applicant:")))
        self.reason = QPlainTextEdit()
        names = "; ".join(i.name for i in dossier.missing_required)
        if names:
            self.reason.setPlainText(f"Hồ sơ còn thiếu: {names}.")
        self.reason.setFixedHeight(80)
        layout.addWidget(self.reason)
        self.supervisor_user = self.supervisor_pin = None
        if dossier.supplement_requests >= 1:
            note = QLabel(
                self.tr(
                    "This is request no. %1 for this dossier: a supervisor must approve it."
                ).replace("%1", str(dossier.supplement_requests + 1))
            )
            note.setStyleSheet("color:#b54708; font-weight:bold;")
            layout.addWidget(note)
            form = QFormLayout()
            self.supervisor_user = QLineEdit(objectName="supervisor_user")
            self.supervisor_pin = QLineEdit(
                objectName="supervisor_pin", echoMode=QLineEdit.EchoMode.Password
            )
            form.addRow(self.tr("Supervisor username"), self.supervisor_user)
            form.addRow(self.tr("Supervisor PIN"), self.supervisor_pin)
            layout.addLayout(form)
        self.banner = Banner()
        layout.addWidget(self.banner)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Print supplement request")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        if max_height is None:
            screen = (parent.screen() if parent is not None else None) or self.screen()
            max_height = screen.availableGeometry().height() - 60  # room for the title bar
        self.setMaximumHeight(max_height)
        self.resize(max(640, self.sizeHint().width()), min(self.sizeHint().height(), max_height))

    def chosen(self) -> list[int]:
        return [item_id for item_id, box in self.boxes.items() if box.isChecked()]

    def _confirm(self) -> None:
        reason = self.reason.toPlainText().strip()
        if not self.chosen():
            self.banner.show_message(self.tr("Choose the papers to supplement."))
            return
        if len(reason) < MIN_REASON:
            self.banner.show_message(self.tr("Write the reason (at least 10 characters)."))
            return
        if self.supervisor_user is None:
            self._done(reason, None)
            return
        user, pin = self.supervisor_user.text(), self.supervisor_pin.text()
        officers = self.page.services.officers
        counter = self.page.config.counter
        self.buttons.setEnabled(False)
        self.page.tasks.run(
            lambda: officers.verify_supervisor(user, pin, counter=counter),
            lambda officer: self._done(reason, officer),
            self._failed,
            owner=self,
        )

    def _failed(self, exc) -> None:
        from ui.errors import message_for

        self.buttons.setEnabled(True)
        self.banner.show_message(message_for(exc))

    def _done(self, reason: str, supervisor) -> None:
        self.sig_confirmed.emit(self.chosen(), reason, supervisor)
        self.accept()


class RefuseDialog(QDialog):
    sig_confirmed = Signal(str)
    """The reason for refusing."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Refuse the dossier"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Reason for refusing (printed on the refusal form):")))
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(100)
        layout.addWidget(self.reason)
        self.banner = Banner()
        layout.addWidget(self.banner)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Print refusal"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def _confirm(self) -> None:
        reason = self.reason.toPlainText().strip()
        if len(reason) < MIN_REASON:
            self.banner.show_message(self.tr("Write the reason (at least 10 characters)."))
            return
        self.sig_confirmed.emit(reason)
        self.accept()
