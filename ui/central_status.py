"""The status-bar indicator of the central system, and the triggers of the outbox engine.

It says how many dossiers wait to be sent, the oldest one's time and the last success ("Đã kết nối
· 3 hồ sơ chờ gửi (cũ nhất từ 08:12) · gửi lần cuối 09:40"): "connected" alone would suggest
everything has reached the central system.

It also starts the sync passes (``sync.engine.OutboxSync.send_due``) on the I/O pool, never on the
UI thread: at start-up (``set_sync``), after a decision (``count_pending``), on the timer, and when
the connection returns. Background errors go to the label and the log, never to a dialog.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from ui.tasks import TaskManager

if TYPE_CHECKING:
    from kiosk.status import StatusService
    from sync.engine import OutboxSync

log = logging.getLogger(__name__)
INTERVAL_MS = 30_000


class CentralStatusLabel(QLabel):
    def __init__(self, url: str, tasks: TaskManager) -> None:
        super().__init__()
        self.url, self.tasks = url, tasks
        self.status = None  # sync.health.CentralStatus of the last check
        self.pending: int | None = None  # dossiers waiting to be sent (None: store not open yet)
        self.summary = None  # sync.engine.SyncSummary, once a sync service is set
        self._store_status: StatusService | None = None
        self._sync: OutboxSync | None = None
        self._sending = False
        self._again = False
        self.passes = 0  # sync passes finished (tests wait on it)
        self.setText(self.tr("Central system: checking…"))
        self._timer = QTimer(self, interval=INTERVAL_MS, timeout=self.check)
        self._timer.start()

    def set_status(self, status: StatusService) -> None:
        """The store's status service, once the services are built (counts what waits unsent).

        The first health check runs now, not on a fixed delay: the demo's own central server has
        just started with the services."""
        self._store_status = status
        self.count_pending()
        self.check()

    def set_sync(self, sync: OutboxSync | None) -> None:
        """The outbox engine of the store: a first pass starts now (the start-up trigger)."""
        self._sync = sync
        self.send_now()

    def check(self) -> None:
        from sync.health import check

        url = self.url
        self.tasks.run(lambda: check(url), self._on_checked, uses_db=False, owner=self)
        self.count_pending(send=False)

    def count_pending(self, send: bool = True) -> None:
        """Count the dossiers waiting to be sent again; after a change, send them (on change)."""
        if self._sync is not None:
            self.tasks.run(self._sync.summary, self._on_summary, owner=self)
            if send:
                self.send_now()
            return
        service = self._store_status
        if service is not None:
            self.tasks.run(service.unsent, self._on_counted, owner=self)

    def send_now(self, hurry: bool = False) -> None:
        """Start a sync pass on the I/O pool; if one is running, another follows it. ``hurry``:
        the connection came back, items waiting after a network error go now."""
        sync = self._sync
        if sync is None:
            return
        if self._sending:
            self._again = True
            return
        self._sending, self._again = True, False
        self.tasks.run(
            lambda: sync.send_due(hurry),
            self._on_sent,
            on_failure=self._on_send_failed,
            uses_db=False,
            owner=self,
        )

    def _on_checked(self, status) -> None:
        came_back = status.reachable and (self.status is None or not self.status.reachable)
        self.status = status
        self._render()
        if came_back:
            self.send_now(hurry=True)  # the connection returned
        elif status.reachable and (self.pending or 0) > 0:
            self.send_now()  # the timer found work waiting

    def _on_sent(self, report) -> None:
        self._sending = False
        self.passes += 1
        if report is not None and report.stopped == "offline" and self.status is not None:
            from sync.health import CentralStatus

            self.status = CentralStatus(False, self.tr("connection lost while sending"))
        self.count_pending(send=False)
        if self._again:
            self.send_now()

    def _on_send_failed(self, exc: BaseException) -> None:
        """A bug or a store error in a pass: logged, shown quietly, retried on the next trigger."""
        self._sending = False
        self.passes += 1
        log.warning("sync pass failed: %s", type(exc).__name__)
        self.setToolTip(self.tr("The last sending attempt failed; it will be retried."))

    def _on_summary(self, summary) -> None:
        self.summary = summary
        self._on_counted(summary.pending_dossiers)

    def _on_counted(self, pending: int) -> None:
        self.pending = pending
        self._render()

    def _render(self) -> None:
        status = self.status
        if status is None:
            return
        reachable = status.reachable
        colour = "#067647" if reachable else "#b54708"
        if not self.pending:
            text = (
                self.tr("Central system: connected")
                if reachable
                else (
                    self.tr("Central system: offline, work continues and is kept here")
                    + f" ({status.detail})"
                )
            )
        else:
            waiting = self.tr("%n dossier(s) waiting to be sent", "", self.pending)
            text = (
                self.tr("Connected") + " · " + waiting
                if reachable
                else self.tr("Offline") + " — " + waiting
            )
            colour = "#175cd3" if reachable else "#b54708"
            oldest = self.summary.oldest_pending if self.summary is not None else None
            if oldest is not None:
                text += " " + self.tr("(oldest since %1)").replace("%1", _when(oldest))
        last = self.summary.last_success if self.summary is not None else None
        if last is not None:
            text += " · " + self.tr("last sent %1").replace("%1", _when(last))
        self.setText(f"<span style='color:{colour}'>●</span> {text}")


def _when(moment: datetime) -> str:
    """08:12 today, 08:12 05/12 on another day (Vietnam time, as the store gives it back)."""
    from kiosk.timeutil import to_vietnam_time, vietnam_now

    moment = to_vietnam_time(moment)
    if moment.date() == vietnam_now().date():
        return f"{moment:%H:%M}"
    return f"{moment:%H:%M %d/%m}"
