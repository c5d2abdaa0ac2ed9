"""The status-bar indicator of the central system: checked in the background, never modal.

It also says how many dossiers wait to be sent ("Đã kết nối · 3 hồ sơ chờ gửi"): "connected" alone
would suggest everything has reached the central system.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from ui.tasks import TaskManager

if TYPE_CHECKING:
    from kiosk.status import StatusService

INTERVAL_MS = 30_000


class CentralStatusLabel(QLabel):
    def __init__(self, url: str, tasks: TaskManager) -> None:
        super().__init__()
        self.url, self.tasks = url, tasks
        self.status = None  # sync.health.CentralStatus of the last check
        self.pending: int | None = None  # dossiers waiting to be sent (None: store not open yet)
        self._store_status: StatusService | None = None
        self.setText(self.tr("Central system: checking…"))
        self._timer = QTimer(self, interval=INTERVAL_MS, timeout=self.check)
        self._timer.start()
        QTimer.singleShot(2000, self.check)

    def set_status(self, status: StatusService) -> None:
        """The store's status service, once the services are built (counts what waits unsent)."""
        self._store_status = status
        self.count_pending()

    def check(self) -> None:
        from sync.health import check

        url = self.url
        self.tasks.run(lambda: check(url), self._on_checked, uses_db=False, owner=self)
        self.count_pending()

    def count_pending(self) -> None:
        """Count the dossiers waiting to be sent again (after a decision, on the timer)."""
        service = self._store_status
        if service is not None:
            self.tasks.run(service.unsent, self._on_counted, owner=self)

    def _on_checked(self, status) -> None:
        self.status = status
        self._render()

    def _on_counted(self, pending: int) -> None:
        self.pending = pending
        self._render()

    def _render(self) -> None:
        status = self.status
        if status is None:
            return
        colour = "#067647" if status.reachable else "#b54708"
        text = self.tr("Central system: connected") if status.reachable else (
            self.tr("Central system: offline, work continues and is kept here")
            + f" ({status.detail})")
        if self.pending:
            text += " · " + self.tr("%n dossier(s) waiting to be sent", "", self.pending)
            colour = "#b54708" if not status.reachable else "#175cd3"
        self.setText(f"<span style='color:{colour}'>●</span> {text}")
