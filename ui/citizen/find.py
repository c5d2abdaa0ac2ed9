"""Find a procedure: big life-event tiles from the national catalog's groups (the catalog's
fields when it has none), or the officer's search typed on the on-screen keyboard."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
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
        self.keyboard = OnScreenKeyboard(self.search_box)
        self.keyboard.hide()
        layout.addWidget(self.keyboard)
        self.heading = self.label(name="title")
        layout.addWidget(self.heading)
        self.status = self.label(name="muted")
        layout.addWidget(self.status)
        self.scroll = QScrollArea(widgetResizable=True)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setSpacing(12)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)
        self.buttons: list[QPushButton] = []
        self._debounce = QTimer(self, singleShot=True, interval=250, timeout=self.search)
        self._asked = 0

    def enter(self, **kwargs) -> None:
        if not self.tiles:
            self.load_tiles()

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
        for i, (title, on_click) in enumerate(items):
            b = QPushButton(title, objectName="tile")
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
