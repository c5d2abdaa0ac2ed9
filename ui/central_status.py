"""The status-bar indicator of the central system, and the triggers of the outbox engine.

It says how many dossiers wait to be sent, the bytes of scans still to upload, the oldest one's age
and the last success ("Đang ngoại tuyến — 5 hồ sơ chờ gửi (3,2 MB), cũ nhất 2 giờ trước · gửi được
lần cuối 09:14"; "Đã đồng bộ · 09:14"): "connected" alone would suggest everything has reached the
central system. The words are the core's (sync/indicator.py), from a summary read on the database
worker (sync.engine.summary); the tooltip has the full detail.

After each pass it says so (``sig_pass_done``), and when the pulls brought status changes from
the central system (``sig_statuses_pulled``), so the dossier list, the return desk and the
supervisor's page read them at once.

It also starts the sync passes (``sync.engine.OutboxSync.send_due``) on the I/O pool, never on the
UI thread: at start-up (``set_sync``), after a decision (``count_pending``), on the timer, and when
the connection returns. Background errors go to the label and the log, never to a dialog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel

from kiosk.timeutil import vietnam_now
from ui.tasks import TaskManager

if TYPE_CHECKING:
    from kiosk.status import StatusService
    from sync.engine import OutboxSync

log = logging.getLogger(__name__)
INTERVAL_MS = 30_000
TONES = {"ok": "#067647", "busy": "#175cd3", "offline": "#b54708", "attention": "#b42318"}


class CentralStatusLabel(QLabel):
    sig_pass_done = Signal()
    """A sync pass finished: what waits to be sent, and each dossier's state, may have changed."""

    sig_statuses_pulled = Signal(int)
    """The pulls brought dossier status changes from the central system (how many): the screens
    that show statuses read them again now, not on their own timer."""

    def __init__(self, url: str, tasks: TaskManager, clock: Callable[[], datetime] = vietnam_now):
        super().__init__()
        self.url, self.tasks, self.clock = url, tasks, clock
        self.status = None  # sync.health.CentralStatus of the last check
        self.pending: int | None = None  # dossiers waiting to be sent (None: store not open yet)
        self.summary = None  # sync.engine.SyncSummary, once a sync service is set
        self.indicator = None  # sync.indicator.Indicator: what the label shows
        self.note = ""  # a failed pass, said in the tooltip until a pass succeeds
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
        elif status.reachable:
            self.send_now()  # the timer: what waits goes, and the pulls bring status changes

    def _on_sent(self, report) -> None:
        self._sending = False
        self.note = ""
        self.passes += 1
        if report is not None and report.stopped == "offline" and self.status is not None:
            from sync.health import CentralStatus

            self.status = CentralStatus(False, "mất kết nối khi đang gửi")
        self.count_pending(send=False)
        self.sig_pass_done.emit()
        if report is not None and report.pulled_statuses:
            self.sig_statuses_pulled.emit(report.pulled_statuses)
        if self._again:
            self.send_now()

    def _on_send_failed(self, exc: BaseException) -> None:
        """A bug or a store error in a pass: logged, shown quietly, retried on the next trigger."""
        self._sending = False
        self.passes += 1
        log.warning("sync pass failed: %s", type(exc).__name__)
        self.note = self.tr("The last sending attempt failed; it will be retried.")
        self._render()

    def _on_summary(self, summary) -> None:
        self.summary = summary
        self._on_counted(summary.pending_dossiers)

    def _on_counted(self, pending: int) -> None:
        self.pending = pending
        if self.summary is None or self.summary.pending_dossiers != pending:
            from sync.engine import SyncSummary  # no sync service: the store's count alone

            self.summary = SyncSummary(pending, pending, None, None, 0)
        self._render()

    def _render(self) -> None:
        """The line and its tooltip as the core words them (sync/indicator.py)."""
        from sync.indicator import describe

        status = self.status
        if status is None:
            return
        shown = describe(self.summary, status.reachable, status.detail, self.clock())
        self.indicator = shown
        colour = TONES.get(shown.tone, TONES["ok"])
        self.setText(f"<span style='color:{colour}'>●</span> {escape(shown.text)}")
        self.setToolTip("\n".join(x for x in (shown.tooltip, self.note) if x))
