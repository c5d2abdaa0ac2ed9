"""Who is at the counter: sign-in, lock (manual, Ctrl+L, or idle) and sign-out (officer mode).

``Session`` is the small object pages are given: the current officer (``session.officer``) and
``sig_officer_changed``; a page never asks the window. ``OfficerSession`` runs sign-in, lock and
sign-out and sets the ``Session``. The sign-in/lock screen sits in a stack *above* the pages:
locking switches the stack, so half-done work on any page stays exactly as it was. The screen does
not know the session: it emits what the officer asked for, the session answers through its methods.
Every check of a PIN runs through ``tasks.run`` on the database worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
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

from kiosk.config import KioskConfig
from kiosk.errors import InvalidInput
from ui.counter_style import BADGE_STYLE
from ui.lock import IdleWatcher
from ui.signin_view import SigninView
from ui.tasks import TaskManager

if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.officers import OfficerInfo, OfficerService


class Session(QObject):
    """The officer at this counter, for the pages (kept while the screen is locked)."""

    sig_officer_changed = Signal(object)
    """The officer at the counter changed: an ``OfficerInfo`` after sign-in, None after sign-out."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.officer: OfficerInfo | None = None

    @property
    def officer_id(self) -> int | None:
        return self.officer.id if self.officer is not None else None

    def set_officer(self, officer: OfficerInfo | None) -> None:
        self.officer = officer
        self.sig_officer_changed.emit(officer)


class OfficerSession(QObject):
    sig_officer_changed = Signal(object)
    """The officer at the counter changed: an ``OfficerInfo`` after sign-in, None after sign-out."""

    sig_locked_changed = Signal(bool)
    """The lock screen was shown (True) or removed after the PIN was given again (False)."""

    def __init__(
        self, config: KioskConfig, tasks: TaskManager, parent: QWidget, *, demo: bool = False
    ) -> None:
        super().__init__(parent)
        self.config, self.tasks, self.demo = config, tasks, demo
        self.current = Session(self)
        self.current.sig_officer_changed.connect(self.sig_officer_changed.emit)
        self.locked = False
        self.service: OfficerService | None = None
        self.required = config.mode == "officer"
        self._focus_before_lock: QWidget | None = None
        self.confirm_sign_out: Callable[[Callable[[], None]], None] | None = None
        """Set by the window: asks the officer before signing out (calls its argument to go on)."""
        self.idle = IdleWatcher(config.idle_lock_minutes * 60_000, self)
        self.idle.sig_idle.connect(lambda: self.lock("idle"))
        self.badge = OfficerBadge(self)
        self.signin_view: SigninView | None = None
        self.gate: QStackedWidget | None = None
        shortcut = QShortcut(
            QKeySequence("Ctrl+L"), parent, context=Qt.ShortcutContext.WindowShortcut
        )
        shortcut.activated.connect(lambda: self.lock("manual"))

    @property
    def officer(self) -> OfficerInfo | None:
        return self.current.officer

    # --- composition ------------------------------------------------------------------------------

    def wrap(self, pages: QWidget) -> QWidget:
        """Put the sign-in/lock screen above ``pages`` (officer mode); citizen mode gets
        ``pages``."""
        if not self.required:
            return pages
        self.signin_view = view = SigninView(self.config, demo=self.demo)
        view.sig_sign_in.connect(self.sign_in)
        view.sig_unlock.connect(self.unlock)
        view.sig_switch_officer.connect(self.sign_out)
        self.gate = QStackedWidget(objectName="gate")
        self.gate.addWidget(pages)
        self.gate.addWidget(view)
        self._update_gate()
        return self.gate

    def set_officers(self, service: OfficerService) -> None:
        """The store is open: sign-in can be checked with ``service``."""
        self.service = service
        if self.signin_view is not None:
            self.signin_view.set_ready(True)
            self.tasks.run(
                lambda: service.list(include_inactive=False),
                lambda officers: officers or self.signin_view.show_no_accounts(),
                owner=self,
            )

    @property
    def ready(self) -> bool:
        return self.service is not None

    @property
    def active(self) -> bool:
        """An officer is signed in and the screen is not locked."""
        return self.officer is not None and not self.locked

    # --- actions ----------------------------------------------------------------------------------

    def sign_in(self, username: str, secret: str) -> None:
        service, counter = self.service, self.config.counter
        self.tasks.run(
            lambda: service.authenticate(username, secret, counter=counter),
            self._on_signed_in,
            self._on_refused,
            owner=self,
        )

    def unlock(self, secret: str) -> None:
        service, counter, officer = self.service, self.config.counter, self.officer

        def check() -> OfficerInfo:
            info = service.authenticate(officer.username, secret, counter=counter, purpose="unlock")
            if (
                info.id != officer.id
            ):  # cannot happen with one username, but never unlock for another
                raise InvalidInput(
                    "Sai tên đăng nhập hoặc mã PIN.", english="Wrong username or PIN."
                )
            return info

        self.tasks.run(check, lambda _info: self._set_locked(False), self._on_refused, owner=self)

    def _on_refused(self, exc: BaseException) -> None:
        if self.signin_view is not None:
            self.signin_view.show_failure(exc, ready=self.ready)

    def lock(self, reason: str = "manual") -> None:
        """Cover the pages with the lock screen (nothing on them is closed or reset)."""
        if not self.active or not self.required:
            return
        self._focus_before_lock = QApplication.focusWidget()
        self._set_locked(True)
        service, officer_id, counter = self.service, self.officer.id, self.config.counter
        if service is not None:
            self.tasks.run(
                lambda: service.record_lock(officer_id, counter=counter, reason=reason), owner=self
            )

    def request_sign_out(self) -> None:
        """The officer's own sign-out: asked first when work is half-done (``confirm_sign_out``)."""
        if self.officer is None:
            return
        if self.confirm_sign_out is None:
            self.sign_out()
        else:
            self.confirm_sign_out(self.sign_out)

    def sign_out(self) -> None:
        if self.officer is None:
            return
        service, officer_id, counter = self.service, self.officer.id, self.config.counter
        if service is not None:
            self.tasks.run(lambda: service.sign_out(officer_id, counter=counter), owner=self)
        self.locked = False
        self.idle.stop()
        self.current.officer = None
        self._update_gate()
        self.current.set_officer(None)

    # --- state ------------------------------------------------------------------------------------

    def _on_signed_in(self, info: OfficerInfo) -> None:
        self.locked = False
        self.idle.start()
        self.current.officer = info
        self._update_gate()
        self.current.set_officer(info)

    def _set_locked(self, locked: bool) -> None:
        self.locked = locked
        if locked:
            self.idle.stop()
        else:
            self.idle.start()
        self._update_gate()
        if not locked and self._focus_before_lock is not None:
            self._focus_before_lock.setFocus()
            self._focus_before_lock = None
        self.sig_locked_changed.emit(locked)

    def _update_gate(self) -> None:
        self.badge.refresh()
        if self.gate is None:
            return
        if self.active:
            self.gate.setCurrentIndex(0)
        else:
            self.signin_view.show_mode(self.officer if self.locked else None)
            self.gate.setCurrentIndex(1)
            self.signin_view.focus_first_field()


class OfficerBadge(QWidget):
    """Header part: the signed-in officer's name, and the lock and sign-out buttons."""

    def __init__(self, session: OfficerSession) -> None:
        super().__init__(objectName="officerBadge")
        self.session = session
        self.setStyleSheet(BADGE_STYLE)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 14, 0)
        box.setSpacing(2)
        self.name_label = QLabel(objectName="headerOfficer")
        box.addWidget(self.name_label)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.lock_button = QPushButton(self.tr("Lock"), objectName="headerButton")
        self.lock_button.setToolTip(self.tr("Lock the screen (Ctrl+L); your work stays as it is"))
        self.lock_button.clicked.connect(lambda: session.lock("manual"))
        row.addWidget(self.lock_button)
        self.signout_button = QPushButton(self.tr("Sign out"), objectName="headerButton")
        self.signout_button.clicked.connect(session.request_sign_out)
        row.addWidget(self.signout_button)
        row.addStretch(1)
        box.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        officer = self.session.officer
        self.setVisible(self.session.required and officer is not None and not self.session.locked)
        if officer is not None:
            self.name_label.setText(officer.full_name)
            self.name_label.setToolTip(f"{officer.username} · {role_name(officer.role)}")


def role_name(role: str) -> str:
    names = {
        "officer": QApplication.translate("OfficerSession", "reception officer"),
        "supervisor": QApplication.translate("OfficerSession", "supervisor"),
        "technician": QApplication.translate("OfficerSession", "technician"),
    }
    return names.get(role, role)
