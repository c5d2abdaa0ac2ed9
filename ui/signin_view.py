"""The sign-in and lock screen of a counter: one calm card, Enter submits, errors shown inline.

Two modes: *sign-in* (username and PIN) and *unlock* (the locked-out officer's PIN only, or sign
out to let another officer in). The check itself runs on the database worker
(``OfficerSession``). The screen does not know the session: it emits ``sig_sign_in``,
``sig_unlock`` and ``sig_switch_officer``, and the session answers with ``show_mode``,
``show_failure`` and ``set_ready``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import KioskConfig
from ui.counter_style import COMMON_STYLE, SIGNIN_STYLE
from ui.errors import message_for

if TYPE_CHECKING:
    from kiosk.officers import OfficerInfo

DEMO_ACCOUNTS = "canbo1 / 123456 · giamsat / 654321 · kythuat / 111222"


class SigninView(QWidget):
    sig_sign_in = Signal(str, str)
    """The officer asks to sign in: username, PIN or password."""

    sig_unlock = Signal(str)
    """The locked-out officer gave the PIN again."""

    sig_switch_officer = Signal()
    """Sign the locked-out officer out so another one can sign in."""

    def __init__(self, config: KioskConfig, *, demo: bool = False) -> None:
        super().__init__(objectName="signinScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(SIGNIN_STYLE + COMMON_STYLE)
        self.config, self.ready = config, False
        self.unlocking: OfficerInfo | None = None
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame(objectName="signinCard")
        card.setFixedWidth(480)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        box = QVBoxLayout(card)
        box.setContentsMargins(36, 30, 36, 30)
        box.setSpacing(8)
        self.counter_label = QLabel(
            self.tr("COUNTER %n", "", config.counter), objectName="signinCounter"
        )
        box.addWidget(self.counter_label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.title = QLabel(objectName="signinTitle", alignment=Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.title)
        self.subtitle = QLabel(objectName="signinSubtitle", alignment=Qt.AlignmentFlag.AlignHCenter)
        self.subtitle.setWordWrap(True)
        box.addWidget(self.subtitle)
        box.addSpacing(14)

        self.username_label = QLabel(self.tr("Username"), objectName="fieldLabel")
        box.addWidget(self.username_label)
        self.username = QLineEdit(objectName="signinField", maxLength=64)
        self.username.setPlaceholderText(self.tr("e.g. canbo1"))
        self.username.returnPressed.connect(self._on_username_return)
        box.addWidget(self.username)
        box.addSpacing(6)
        box.addWidget(QLabel(self.tr("PIN or password"), objectName="fieldLabel"))
        self.secret = QLineEdit(objectName="signinField", maxLength=128)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.returnPressed.connect(self._on_submit)
        box.addWidget(self.secret)

        self.error = QLabel(objectName="formError")
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.error)
        box.addSpacing(10)
        self.submit = QPushButton(objectName="bigPrimary")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self._on_submit)
        box.addWidget(self.submit)
        self.switch_button = QPushButton(
            self.tr("Sign out so another officer can sign in"), objectName="linkButton"
        )
        self.switch_button.clicked.connect(self.sig_switch_officer.emit)
        box.addWidget(self.switch_button)
        self.status = QLabel(objectName="signinHint", alignment=Qt.AlignmentFlag.AlignHCenter)
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        self.demo_hint = QLabel(
            self.tr("Demo accounts: %1").replace("%1", DEMO_ACCOUNTS),
            objectName="signinHint",
            alignment=Qt.AlignmentFlag.AlignHCenter,
        )
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setVisible(demo)
        box.addWidget(self.demo_hint)

        self.show_mode(None)

    # --- modes ------------------------------------------------------------------------------------

    def show_mode(self, locked_officer: OfficerInfo | None) -> None:
        """Sign-in form (None) or the unlock form for ``locked_officer``; fields are cleared."""
        self.unlocking = locked_officer
        unlocking = locked_officer is not None
        self.secret.clear()
        self._set_error("")
        self.username_label.setVisible(not unlocking)
        self.username.setVisible(not unlocking)
        self.switch_button.setVisible(unlocking)
        if unlocking:
            self.title.setText(self.tr("Screen locked"))
            self.subtitle.setText(
                self.tr(
                    "%1 is signed in at this counter. Enter your PIN to continue "
                    "where you left off."
                ).replace("%1", locked_officer.full_name)
            )
            self.submit.setText(self.tr("Unlock"))
        else:
            self.username.clear()
            self.title.setText(self.tr("Officer sign-in"))
            self.subtitle.setText(self.config.agency_name)
            self.submit.setText(self.tr("Sign in"))
        self._update_ready()

    def focus_first_field(self) -> None:
        (self.secret if self.unlocking or self.username.text() else self.username).setFocus()

    # --- slots ------------------------------------------------------------------------------------

    def set_ready(self, ready: bool) -> None:
        """The store is open (True): a sign-in can be checked."""
        self.ready = ready
        self._update_ready()

    def _update_ready(self) -> None:
        ready = self.ready
        self.submit.setEnabled(ready)
        self.status.setText("" if ready else self.tr("Opening the local store…"))
        self.status.setVisible(not ready)

    def _on_username_return(self) -> None:
        if self.username.text().strip():
            self.secret.setFocus()

    def _on_submit(self) -> None:
        if not self.submit.isEnabled():
            return
        username, secret = self.username.text().strip(), self.secret.text()
        if not self.unlocking and not username:
            self._set_error(self.tr("Enter your username."))
            self.username.setFocus()
            return
        if not secret:
            self._set_error(self.tr("Enter your PIN or password."))
            self.secret.setFocus()
            return
        self._set_error("")
        self.submit.setEnabled(False)
        self.secret.clear()  # the PIN does not stay in the widget while it is checked
        if self.unlocking:
            self.sig_unlock.emit(secret)
        else:
            self.sig_sign_in.emit(username, secret)

    def show_failure(self, exc: BaseException, *, ready: bool = True) -> None:
        """The sign-in or unlock was refused: say why, and let the officer try again."""
        self._set_error(message_for(exc))
        self.submit.setEnabled(ready)
        self.secret.setFocus()

    def show_no_accounts(self) -> None:
        """A machine just provisioned has nobody to sign in: say how to create the first account."""
        self._set_error(
            self.tr(
                "No officer account exists on this machine yet. A technician creates one "
                'with: kiosk officers add USERNAME --name "Full name" --role officer'
            )
        )

    def _set_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
