"""Look up a dossier: scan the receipt QR or type the code; only the public facts are shown."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from ui.citizen.base import Context, Page
from ui.citizen.keyboard import OnScreenKeyboard


class LookupPage(Page):
    name = "lookup"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.facts = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(12)
        layout.addWidget(self.label("lookup_title", name="title"))
        layout.addWidget(self.label("lookup_hint", name="muted"))
        row = QHBoxLayout()
        self.code_box = QLineEdit()
        self.bind(self.code_box.setPlaceholderText, "dossier_code")
        self.code_box.returnPressed.connect(self.look_up)
        row.addWidget(self.code_box, 1)
        self.go_button = self.button("search", self.look_up, name="primary")
        row.addWidget(self.go_button)
        layout.addLayout(row)
        self.message = self.label(name="message")
        self.message.hide()
        layout.addWidget(self.message)
        self.result = self.label()
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.keyboard = OnScreenKeyboard(self.code_box)
        layout.addWidget(self.keyboard)

    def enter(self, scanned: str | None = None, **kwargs) -> None:
        if scanned:
            self.look_up(scanned)

    def look_up(self, text: str | None = None) -> None:
        query = text if text is not None else self.code_box.text()
        lookup = self.ctx.services.lookup
        self.go_button.setEnabled(False)
        self.ctx.tasks.run(lambda: lookup.look_up(query), self._found, self._failed, owner=self)

    def _found(self, facts) -> None:
        self.go_button.setEnabled(True)
        self.facts = facts
        self.ctx.visit.facts = facts.code
        self.message.hide()
        self.refresh()

    def refresh(self) -> None:
        f = self.facts
        if f is None:
            self.result.clear()
            return
        when = f"{f.appointment_date:%d/%m/%Y}" if f.appointment_date else "—"
        self.result.setText(
            "\n".join(
                (
                    f"{self.t('dossier_code')}: {f.code}",
                    f"{self.t('procedure')}: "
                    + (f"{f.procedure_name} ({f.procedure_code})" if f.procedure_code else "—"),
                    f"{self.t('status')}: {f.status_text}",
                    f"{self.t('appointment')}: {when}",
                    self.t("from_central" if f.source == "central" else "from_local"),
                )
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self.go_button.setEnabled(True)
        self.facts = None
        self.refresh()
        self.message.setText(self.ctx.message(exc))
        self.message.show()
