"""The attract screen (any touch starts) and the home screen with four big choices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout

from ui.citizen.base import Context, Page


class AttractPage(Page):
    name = "attract"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 48)
        layout.addStretch(2)
        title = self.label("attract_title", name="title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        sub = self.label("attract_sub", name="muted")
        sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(sub)
        layout.addStretch(1)
        self.start = self.button("home", lambda: ctx.go("home"), name="primary")
        self.bind(self.start.setText, "attract_title")
        layout.addWidget(self.start)
        scan = self.label("attract_scan", name="muted")
        scan.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(scan)
        layout.addStretch(2)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override): any touch starts
        self.ctx.go("home")


class HomePage(Page):
    name = "home"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(18)
        layout.addWidget(self.label("home_title", name="title"))
        self.grid = QGridLayout()
        self.grid.setSpacing(18)
        self.choices: dict[str, QPushButton] = {}
        for key, target in (
            ("find", "find"),
            ("ticket", "ticket"),
            ("lookup", "lookup"),
            ("rate", "rate"),
        ):
            b = self.button(None, lambda _=False, p=target: ctx.go(p), name="tile")
            self.bind(b.setText, key)
            self.bind(lambda s, b=b, k=key: b.setText(f"{self.t(k)}\n{s}"), f"{key}_sub")
            self.choices[target] = b
        layout.addLayout(self.grid, 1)
        self.notice = self.label("privacy", name="muted")
        layout.addWidget(self.notice)
        self.arrange(portrait=True)

    def arrange(self, portrait: bool) -> None:
        """One column on a portrait screen, two by two on a landscape one."""
        for i, b in enumerate(self.choices.values()):
            self.grid.removeWidget(b)
            row, col = (i, 0) if portrait else divmod(i, 2)
            self.grid.addWidget(b, row, col)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.arrange(self.height() > self.width())
        super().resizeEvent(event)
