"""The USB token's PIN, asked at the first sealing of a session (kiosk/signing/counter.py).

A small dialog: the token's name, a masked PIN field, and what went wrong last time (wrong PIN,
token not plugged in, no key) inline in red. "Sign" checks the PIN on the token off the UI thread
(``tasks.run(..., uses_db=False)``); the dialog closes (``accepted``) only once the token took
it, and the caller then seals. Where the counter's config allows it, "Use the software key"
signs with the officer's software key for the rest of the session instead. The PIN is read from
the field once and the field is cleared at once; it is never logged, and the dialog keeps no
copy (the signing service holds it in memory until sign-out or lock).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.errors import message_for
from ui.style import WARNING

if TYPE_CHECKING:
    from kiosk.signing.counter import CounterSigning
    from ui.tasks import TaskManager


class TokenPinDialog(QDialog):
    def __init__(
        self,
        parent: QWidget,
        tasks: TaskManager,
        signing: CounterSigning,
        officer_id: int | None,
        *,
        problem: str = "",
    ) -> None:
        super().__init__(parent, objectName="tokenPinDialog")
        self.tasks, self.signing, self.officer_id = tasks, signing, officer_id
        self.setWindowTitle(self.tr("Digital signature"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Plug in your USB token “%1” and type its PIN to sign the scanned papers. "
                "The PIN is kept in memory only until you lock the screen or sign out."
            ).replace("%1", signing.token_label)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.pin = QLineEdit(objectName="tokenPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("Token PIN"))
        self.pin.setMaxLength(64)
        layout.addWidget(self.pin)
        self.error = QLabel(objectName="tokenPinError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color:{WARNING}; font-weight:bold;")
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.sign_button = QPushButton(self.tr("Sign"), objectName="tokenSign")
        self.sign_button.setDefault(True)
        self.buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.software_button: QPushButton | None = None
        if signing.fallback_allowed:
            self.software_button = QPushButton(
                self.tr("Use the software key"), objectName="tokenSoftware"
            )
            self.software_button.setToolTip(
                self.tr("Sign with your software key until you lock the screen or sign out")
            )
            self.buttons.addButton(self.software_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.software_button.clicked.connect(self.use_software)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.show_problem(problem)

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def submit(self) -> None:
        pin = self.pin.text()
        self.pin.clear()
        if not pin:
            self.show_problem(self.tr("Type the PIN of your USB token."))
            self.pin.setFocus()
            return
        self._busy(True)
        self.show_problem(self.tr("Checking the PIN on the token…"))
        signing, officer = self.signing, self.officer_id
        self.tasks.run(
            lambda: signing.unlock(officer, pin),
            self._unlocked,
            self._refused,
            uses_db=False,
            owner=self,
        )

    def _unlocked(self, _holder: str) -> None:
        if self.isVisible():  # not cancelled (or closed by a lock) while the token checked it
            self.accept()

    def use_software(self) -> None:
        self.pin.clear()
        try:
            self.signing.use_software(self.officer_id)  # in memory only: no disk, no token
        except Exception as exc:  # noqa: BLE001 (a SigningError: shown, never raised)
            self._refused(exc)
            return
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        if not self.isVisible():
            return
        self._busy(False)
        self.show_problem(message_for(exc))
        self.pin.setFocus()

    def _busy(self, busy: bool) -> None:
        for widget in (self.pin, self.sign_button, self.software_button):
            if widget is not None:
                widget.setEnabled(not busy)
