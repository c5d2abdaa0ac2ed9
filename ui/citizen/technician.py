"""The technician's way out of the kiosk: a hidden gesture, then a technician's username and PIN
(``OfficerService.verify_technician``: audited, failures count towards the lock-out)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from ui.citizen.base import Context, Page
from ui.citizen.keyboard import OnScreenKeyboard


class TechnicianPage(Page):
    name = "technician"

    def __init__(self, ctx: Context, on_exit: Callable[[object], None]) -> None:
        super().__init__(ctx)
        self.on_exit = on_exit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(12)
        layout.addWidget(self.label("tech_title", name="title"))
        self.user_box = QLineEdit()
        self.bind(self.user_box.setPlaceholderText, "tech_user")
        self.pin_box = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.bind(self.pin_box.setPlaceholderText, "tech_pin")
        for box in (self.user_box, self.pin_box):
            box.installEventFilter(self)
            layout.addWidget(box)
        self.message = self.label(name="message")
        self.message.hide()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.exit_button = self.button("tech_exit", self.try_exit, name="primary")
        row.addWidget(self.exit_button)
        row.addWidget(self.button("cancel", lambda: ctx.go("attract")))
        layout.addLayout(row)
        self.keyboard = OnScreenKeyboard(self.user_box)
        layout.addWidget(self.keyboard)
        layout.addStretch(1)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override): keyboard follows focus
        if event.type() == event.Type.FocusIn and isinstance(obj, QLineEdit):
            self.keyboard.target = obj
        return False

    def try_exit(self) -> None:
        officers = self.ctx.services.officers
        user, pin = self.user_box.text(), self.pin_box.text()
        counter = self.ctx.services.config.counter
        self.pin_box.clear()
        self.exit_button.setEnabled(False)
        self.ctx.tasks.run(
            lambda: officers.verify_technician(user, pin, counter=counter),
            self._allowed,
            self._refused,
            owner=self,
        )

    def _allowed(self, officer) -> None:
        self.exit_button.setEnabled(True)
        self.on_exit(officer)

    def _refused(self, exc: BaseException) -> None:
        self.exit_button.setEnabled(True)
        self.message.setText(self.ctx.message(exc))
        self.message.show()
