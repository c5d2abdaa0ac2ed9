"""Rate the service: find the dossier or ticket, then one big choice per criterion (the
per-dossier indicators of Circular 01/2018, as data), then send. Nothing is stored before "send"."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.timeutil import vietnam_now
from ui.citizen.base import Context, Page
from ui.citizen.keyboard import OnScreenKeyboard


class RatingPage(Page):
    name = "rate"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.target = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(12)
        layout.addWidget(self.label("rate_title", name="title"))
        self.hint = self.label("rate_hint", name="muted")
        layout.addWidget(self.hint)
        self.find_row = QWidget()
        row = QHBoxLayout(self.find_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.code_box = QLineEdit()
        self.bind(self.code_box.setPlaceholderText, "dossier_code")
        self.code_box.returnPressed.connect(self.find_target)
        row.addWidget(self.code_box, 1)
        self.find_button = self.button("search", self.find_target, name="primary")
        row.addWidget(self.find_button)
        layout.addWidget(self.find_row)
        self.message = self.label(name="message")
        self.message.hide()
        layout.addWidget(self.message)
        self.for_label = self.label(name="agency")
        layout.addWidget(self.for_label)
        self.scroll = QScrollArea(widgetResizable=True)
        body = QWidget()
        self.questions = QVBoxLayout(body)
        self.scroll.setWidget(body)
        self.scroll.hide()
        layout.addWidget(self.scroll, 1)
        self.send_button = self.button("send", self.send, name="primary")
        self.send_button.hide()
        layout.addWidget(self.send_button)
        self.keyboard = OnScreenKeyboard(self.code_box)
        layout.addWidget(self.keyboard)
        self.groups: dict[str, QButtonGroup] = {}
        self.question_labels: list[tuple[QLabel, object]] = []
        self.choice_buttons: list[tuple[QPushButton, object]] = []
        self._build_questions()

    def _build_questions(self) -> None:
        for criterion in self.ctx.services.ratings.criteria.criteria:
            q = QLabel(objectName="agency")
            q.setWordWrap(True)
            self.questions.addWidget(q)
            self.question_labels.append((q, criterion))
            group = QButtonGroup(self)
            group.setExclusive(True)
            line = QHBoxLayout()
            for choice in criterion.choices:
                b = QPushButton(objectName="choice", checkable=True)
                group.addButton(b, choice.points)
                line.addWidget(b)
                self.choice_buttons.append((b, choice))
            group.idClicked.connect(lambda points, k=criterion.key: self._answer(k, points))
            self.groups[criterion.key] = group
            self.questions.addLayout(line)
        self.questions.addStretch(1)
        self.refresh()

    def enter(self, scanned: str | None = None, **kwargs) -> None:
        if scanned:
            self.find_target(scanned)
        elif self.ctx.visit.facts and not self.code_box.text():
            self.code_box.setText(self.ctx.visit.facts)

    def find_target(self, text: str | None = None) -> None:
        query = text if text is not None else self.code_box.text()
        ratings = self.ctx.services.ratings
        today = vietnam_now().date()
        self.ctx.tasks.run(
            lambda: ratings.find_target(query, today), self._target_found, self._failed, owner=self
        )

    def _target_found(self, target) -> None:
        self.target = target
        self.ctx.visit.rating_target = target.label
        self.message.hide()
        self.find_row.hide()
        self.keyboard.hide()
        self.scroll.show()
        self.send_button.show()
        self.refresh()

    def _answer(self, key: str, points: int) -> None:
        self.ctx.visit.answers[key] = points

    def send(self) -> None:
        ratings, target = self.ctx.services.ratings, self.target
        answers = dict(self.ctx.visit.answers)
        self.send_button.setEnabled(False)
        self.ctx.tasks.run(
            lambda: ratings.submit(target, answers), self._sent, self._failed, owner=self
        )

    def _sent(self, _summary) -> None:
        self.scroll.hide()
        self.send_button.hide()
        self.ctx.visit.answers.clear()
        self.message.setText(self.t("thanks"))
        self.message.show()

    def refresh(self) -> None:
        en = self.ctx.prefs.lang == "en"
        for label, c in self.question_labels:
            label.setText(c.question_en if en else c.question_vi)
        for b, choice in self.choice_buttons:
            b.setText(choice.en if en else choice.vi)
        if self.target is not None:
            self.for_label.setText(self.t("rate_for", self.target.label))

    def _failed(self, exc: BaseException) -> None:
        self.send_button.setEnabled(True)
        self.message.setText(self.ctx.message(exc))
        self.message.show()
