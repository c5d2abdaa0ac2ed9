"""Take a queue number: choose the service area, the ticket prints (thermal ESC/POS or PDF) and
shows its number, area, time and the people ahead; a closed office says so and when it opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout

from ui.citizen.base import Context, Page


class TicketPage(Page):
    name = "ticket"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.issued = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(14)
        self.greeting = self.label(name="muted")
        self.greeting.hide()
        layout.addWidget(self.greeting)
        self.number = self.label(name="huge")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details = self.label()
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.number, self.details):
            w.hide()
            layout.addWidget(w)
        self.message = self.label(name="message")
        self.message.hide()
        layout.addWidget(self.message)
        self.heading = self.label("choose_area", name="title")
        layout.addWidget(self.heading)
        self.grid = QGridLayout()
        self.grid.setSpacing(14)
        self.area_buttons: dict[str, QPushButton] = {}
        for area in ctx.services.desk.areas:
            b = self.button(None, lambda _=False, p=area.prefix: self.take(p), name="tile")
            self.area_buttons[area.prefix] = b
        self.arrange(portrait=True)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.refresh()

    def arrange(self, portrait: bool) -> None:
        """One column of areas on a portrait screen, two on a landscape one."""
        for i, b in enumerate(self.area_buttons.values()):
            self.grid.removeWidget(b)
            row, col = (i, 0) if portrait else divmod(i, 2)
            self.grid.addWidget(b, row, col)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.arrange(self.height() > self.width())
        super().resizeEvent(event)

    def enter(self, area: str | None = None, card: str | None = None, **kwargs) -> None:
        desk = self.ctx.services.desk
        if card is not None:  # checked, then dropped: only the greeting name stays (in memory)
            try:
                self.ctx.visit.greeting = desk.check_card(card)
            except Exception as exc:  # noqa: BLE001 (shown to the citizen, nothing kept)
                self._say(self.ctx.message(exc))
        self.refresh()
        now = desk.now()
        if not desk.is_open(now):
            vi, en = desk.closed_message(now)
            self._say(en if self.ctx.prefs.lang == "en" else vi)
            for b in self.area_buttons.values():
                b.setEnabled(False)
            return
        for b in self.area_buttons.values():
            b.setEnabled(True)
        if area:
            self.take(area)

    def take(self, prefix: str) -> None:
        desk, papers = self.ctx.services.desk, self.ctx.services.papers
        for b in self.area_buttons.values():
            b.setEnabled(False)

        def work():
            issued = desk.issue(prefix)
            try:
                papers.print_ticket(issued)
            except Exception as exc:  # noqa: BLE001 (the number stands; the paper failed)
                return issued, exc
            return issued, None

        self.ctx.tasks.run(work, self._issued, self._failed, owner=self)

    def _issued(self, result) -> None:
        self.issued, error = result
        self.ctx.visit.ticket = self.issued.label
        for b in self.area_buttons.values():
            b.setEnabled(True)
        self.refresh()
        self._say(self.ctx.message(error) if error is not None else self.t("ticket_printed"))

    def refresh(self) -> None:
        lang = self.ctx.prefs.lang
        for area in self.ctx.services.desk.areas:
            name = area.en if lang == "en" else area.vi
            self.area_buttons[area.prefix].setText(f"{area.prefix} — {name}")
        if self.ctx.visit.greeting:
            self.greeting.setText(self.t("card_read", self.ctx.visit.greeting))
            self.greeting.show()
        issued = self.issued
        if issued is None:
            return
        area = issued.area.en if lang == "en" else issued.area.vi
        self.number.setText(issued.label)
        self.details.setText(
            "\n".join(
                (
                    area,
                    self.t("ahead", issued.ahead),
                    self.t("taken_at", f"{issued.ticket.issued_at:%H:%M %d/%m/%Y}"),
                )
            )
        )
        self.number.show()
        self.details.show()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _failed(self, exc: BaseException) -> None:
        for b in self.area_buttons.values():
            b.setEnabled(True)
        self._say(self.ctx.message(exc))
