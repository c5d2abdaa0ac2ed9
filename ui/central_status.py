"""The status-bar indicator of the central system: checked in the background, never modal."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from ui.tasks import TaskManager

INTERVAL_MS = 30_000


class CentralStatusLabel(QLabel):
    def __init__(self, url: str, tasks: TaskManager) -> None:
        super().__init__()
        self.url, self.tasks = url, tasks
        self.setText(self.tr("Central system: checking…"))
        self._timer = QTimer(self, interval=INTERVAL_MS, timeout=self.check)
        self._timer.start()
        QTimer.singleShot(2000, self.check)

    def check(self) -> None:
        from sync.health import check

        url = self.url
        self.tasks.run(lambda: check(url), self._show, uses_db=False, owner=self)

    def _show(self, status) -> None:
        colour = "#067647" if status.reachable else "#b54708"
        text = self.tr("Central system: connected") if status.reachable else (
            self.tr("Central system: offline, work continues and is kept here") + f" ({status.detail})")
        self.setText(f"<span style='color:{colour}'>●</span> {text}")
