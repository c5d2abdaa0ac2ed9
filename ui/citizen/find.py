"""Find a procedure: big life-event tiles from the national catalog's groups (the catalog's
fields when it has none), or the officer's search typed on the on-screen keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.timeutil import vietnam_now
from ui.citizen.base import Context, Page
from ui.citizen.keyboard import OnScreenKeyboard


def wrapped(text: str, metrics, width: int, max_lines: int = 3) -> str:
    """``text`` broken into lines of at most ``width`` pixels (a button does not wrap), the last
    line ending in "…" when the text is longer than ``max_lines``."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and metrics.horizontalAdvance(trial) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = metrics.elidedText(lines[-1] + " …", Qt.TextElideMode.ElideRight, width)
    return "\n".join(lines)


class FindPage(Page):
    name = "find"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.tiles: list[tuple[str, str]] = []  # (kind, name): kind life_event | field
        self.results: list = []
        self.heading_key = "life_events"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 16, 32, 16)
        layout.setSpacing(12)
        row = QHBoxLayout()
        self.search_box = QLineEdit()
        self.bind(self.search_box.setPlaceholderText, "search_hint")
        self.search_box.textChanged.connect(lambda _t: self._debounce.start())
        row.addWidget(self.search_box, 1)
        self.keyboard_button = self.button("keyboard", self.toggle_keyboard)
        row.addWidget(self.keyboard_button)
        layout.addLayout(row)
        self.heading = self.label(name="title")
        layout.addWidget(self.heading)
        self.status = self.label(name="muted")
        layout.addWidget(self.status)
        self.scroll = QScrollArea(widgetResizable=True)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setSpacing(12)
        self.scroll.setWidget(self.body)
        # results above the keyboard on a portrait screen, beside it on a landscape one
        self.split = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.split.setSpacing(12)
        self.split.addWidget(self.scroll, 1)
        self.keyboard = OnScreenKeyboard(self.search_box)
        self.keyboard.hide()
        self.split.addWidget(self.keyboard, 1)
        layout.addLayout(self.split, 1)
        self.buttons: list[QPushButton] = []
        self._debounce = QTimer(self, singleShot=True, interval=250, timeout=self.search)
        self._asked = 0

    def enter(self, **kwargs) -> None:
        if not self.tiles:
            self.load_tiles()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        portrait = self.height() > self.width()
        self.split.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        super().resizeEvent(event)

    def toggle_keyboard(self) -> None:
        self.keyboard.setVisible(not self.keyboard.isVisible())

    def load_tiles(self) -> None:
        catalog = self.ctx.services.catalog
        today = vietnam_now().date()

        def fetch():
            events = catalog.life_events(today)
            if events:
                return [("life_event", e.name) for e in events]
            return [("field", f.name) for f in catalog.fields(today)]

        self.ctx.tasks.run(fetch, self._show_tiles, self._failed, owner=self)

    def _show_tiles(self, tiles) -> None:
        self.tiles = tiles
        if not self.search_box.text().strip():
            self._fill(
                [
                    (name, lambda _=False, k=kind, n=name: self.open_tile(k, n))
                    for kind, name in tiles
                ],
                "life_events",
            )

    def open_tile(self, kind: str, name: str) -> None:
        catalog = self.ctx.services.catalog
        today = vietnam_now().date()

        def fetch():
            if kind == "life_event":
                return catalog.in_life_event(name, today)
            return catalog.search("", today, field=name, limit=80)

        self.status.setText(self.t("searching"))
        self.ctx.tasks.run(
            fetch, lambda found: self._show_results(found, name), self._failed, owner=self
        )

    def search(self) -> None:
        query = self.search_box.text().strip()
        if not query:
            self._show_tiles(self.tiles)
            self.status.clear()
            return
        self._asked += 1
        asked = self._asked
        catalog = self.ctx.services.catalog
        today = vietnam_now().date()
        self.status.setText(self.t("searching"))
        self.ctx.tasks.run(
            lambda: catalog.search(query, today, limit=30),
            lambda found: asked == self._asked and self._show_results(found, None),
            self._failed,
            owner=self,
        )

    def _show_results(self, found, heading: str | None) -> None:
        self.results = found
        self.status.setText("" if found else self.t("no_results"))
        self._fill(
            [
                (p.name, lambda _=False, code=p.code: self.ctx.go("procedure", code=code))
                for p in found
            ],
            "results",
            heading,
        )

    def _fill(self, items, key: str, heading: str | None = None) -> None:
        for b in self.buttons:
            self.grid.removeWidget(b)
            b.deleteLater()
        self.buttons = []
        self.heading_key = key
        self.heading.setText(heading or self.t(key))
        columns = 1 if self.height() > self.width() or key == "results" else 2
        width = max(200, self.scroll.viewport().width() // columns - 80)
        for i, (title, on_click) in enumerate(items):
            b = QPushButton(self.body, objectName="tile")
            b.ensurePolished()  # in the window: its style sheet's font measures the lines
            b.setText(wrapped(title, b.fontMetrics(), width))
            b.setToolTip(title)
            b.clicked.connect(on_click)
            row, col = divmod(i, columns)
            self.grid.addWidget(b, row, col)
            b.show()
            self.buttons.append(b)
        self.grid.setRowStretch(len(items), 1)
        self.scroll.verticalScrollBar().setValue(0)

    def refresh(self) -> None:
        if self.heading_key == "life_events":
            self.heading.setText(self.t("life_events"))

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.ctx.message(exc))
