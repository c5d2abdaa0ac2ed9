"""A procedure in plain words: papers to hand in, papers only shown, papers needed only in some
cases (with the case), the fee, the time limit in its real unit, where to go; print the checklist
(with the fee's VietQR), read it aloud, take a number for it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.timeutil import vietnam_now
from ui.citizen.base import Context, Page
from ui.citizen.speech import Speaker


def plain_sections(detail) -> tuple[list[str], list[str], list[str]]:
    """(hand in, show only, only if: "paper — condition") of a procedure's checklist."""
    hand_in, show, only_if = [], [], []
    for e in detail.checklist:
        amount = e.copies_text.replace(" (xuất trình, không nộp)", "")
        line = f"{e.name} ({amount})" if amount else e.name
        if e.kind == "present":
            show.append(line)
        elif not e.required or e.kind == "conditional":
            only_if.append(f"{line} — {e.condition}" if e.condition else line)
        else:
            hand_in.append(line)
    return hand_in, show, only_if


class ProcedurePage(Page):
    name = "procedure"

    def __init__(self, ctx: Context, speaker: Speaker) -> None:
        super().__init__(ctx)
        self.speaker = speaker
        self.detail = None
        self.area = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(12)
        self.title = self.label(name="title")
        layout.addWidget(self.title)
        self.message = self.label(name="message")
        self.message.hide()
        layout.addWidget(self.message)
        scroll = QScrollArea(widgetResizable=True)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setSpacing(10)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.print_button = self.button("print_list", self.print_checklist, name="primary")
        self.read_button = self.button("read_aloud", self.read_aloud)
        self.ticket_button = self.button("ticket_for_this", self.take_ticket)
        for b in (self.print_button, self.read_button, self.ticket_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        if not speaker.available:
            self.read_button.setEnabled(False)
            self.bind(self.read_button.setText, "no_voice")
        self.sections: list[QLabel] = []

    def enter(self, code: str = "", **kwargs) -> None:
        if not code:  # back from another screen: keep what is shown
            return
        self.message.hide()
        catalog, desk = self.ctx.services.catalog, self.ctx.services.desk
        today = vietnam_now().date()

        def fetch():
            detail = catalog.get(code, today)
            return detail, desk.area_for_field(detail.field) if detail else None

        self.ctx.tasks.run(fetch, self._show, self._failed, owner=self)

    def _show(self, found) -> None:
        self.detail, self.area = found
        self.ctx.visit.procedure = self.detail.code if self.detail else None
        self.refresh()

    def refresh(self) -> None:
        for w in self.sections:
            self.body.removeWidget(w)
            w.deleteLater()
        self.sections = []
        d = self.detail
        if d is None:
            self.title.clear()
            return
        self.title.setText(d.name)
        hand_in, show, only_if = plain_sections(d)
        blocks = [("bring", hand_in), ("show", show), ("when", only_if)]
        for key, lines in blocks:
            if lines:
                self._add(self.t(key), "\n".join(f"• {x}" for x in lines))
        self._add(self.t("fee"), d.fee.describe())
        self._add(self.t("time_limit"), d.time_limit_text())
        where = d.agency
        if self.area is not None:
            name = self.area.en if self.ctx.prefs.lang == "en" else self.area.vi
            where += "\n" + self.t("where_area", self.area.prefix, name)
        self._add(self.t("where"), where)
        self.body.addStretch(1)

    def _add(self, heading: str, text: str) -> None:
        head = QLabel(heading, objectName="agency")
        head.setWordWrap(True)
        value = QLabel(text)
        value.setWordWrap(True)
        for w in (head, value):
            self.body.addWidget(w)
            w.show()
            self.sections.append(w)

    def spoken_text(self) -> str:
        return "\n".join([self.title.text()] + [w.text().replace("•", "") for w in self.sections])

    def print_checklist(self) -> None:
        if self.detail is None:
            return
        papers, detail = self.ctx.services.papers, self.detail
        self.print_button.setEnabled(False)
        self._say(self.t("printing"))
        self.ctx.tasks.run(
            lambda: papers.print_handout(detail, vietnam_now()),
            lambda _doc: self._printed(),
            self._failed,
            uses_db=False,
            owner=self,
        )

    def _printed(self) -> None:
        self.print_button.setEnabled(True)
        self._say(self.t("printed"))

    def read_aloud(self) -> None:
        if self.speaker.speaking():
            self.speaker.stop()
            return
        text, lang = self.spoken_text(), "vi"
        self.ctx.tasks.run(lambda: self.speaker.speak(text, lang), uses_db=False, owner=self)

    def take_ticket(self) -> None:
        self.ctx.go("ticket", area=self.area.prefix if self.area else None)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(True)
        self._say(self.ctx.message(exc))
