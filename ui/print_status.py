"""The print queue in the background: recovered at start-up, drained on a timer, failures shown.

Printing never blocks the UI and is never silently lost: a job the printer refused stays in the
queue; after its last attempt it is listed here ("N giấy tờ chưa in được") with the printer's
reason, and the officer can send them all again.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ui.tasks import TaskManager

DRAIN_INTERVAL_MS = 20_000


class PrintQueueStatus(QWidget):
    """Status-bar part: hidden while everything prints; says what failed and offers a retry."""

    def __init__(self, tasks: TaskManager) -> None:
        super().__init__()
        self.tasks, self.queue = tasks, None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 8, 0)
        self.label = QLabel()
        self.retry_button = QPushButton(self.tr("Print them again"))
        self.retry_button.clicked.connect(self.retry_failed)
        # one line of the status bar: a full-size button would make the window taller than 768
        self.retry_button.setStyleSheet("QPushButton { padding: 0px 8px; min-height: 0px; }")
        self.retry_button.setFixedHeight(self.label.sizeHint().height() + 2)
        row.addWidget(self.label)
        row.addWidget(self.retry_button)
        self.hide()
        self._timer = QTimer(self, interval=DRAIN_INTERVAL_MS, timeout=self.drain)

    def set_queue(self, queue) -> None:
        """Start serving the print queue (``printing.queue.PrintQueue``, built at start-up)."""
        self.queue = queue
        # jobs a killed process left "printing" go back to the queue, then everything due prints
        self.tasks.run(queue.recover, lambda _n: self.drain(), owner=self)
        self._timer.start()

    def drain(self) -> None:
        """Print what is due now (right after a decision or a reprint, and on the timer).

        Three hops, so that no transaction runs on the I/O pool and no printer on the database
        worker: claim (database) → send to the printers (I/O) → record and list (database).
        """
        queue = self.queue
        if queue is None:
            return
        self.tasks.run(queue.claim, self._print, owner=self)

    def _print(self, claimed) -> None:
        queue = self.queue
        if not claimed:
            self._record([])
            return
        self.tasks.run(
            lambda: [(job, *queue.print_claimed(job)) for job in claimed],
            self._record,
            uses_db=False,
            owner=self,
        )

    def _record(self, outcomes) -> None:
        queue = self.queue

        def work():
            for job, error, transient in outcomes:
                queue.record(job, error, transient)
            return queue.failed_jobs(), [j for j in queue.jobs(status="pending") if j.last_error]

        self.tasks.run(work, self._show, owner=self)

    def _show(self, result) -> None:
        failed, waiting = result
        self.setVisible(bool(failed or waiting))
        self.retry_button.setVisible(bool(failed))
        if failed:
            self.label.setStyleSheet("color:#b42318; font-weight:bold;")
            self.label.setText(self.tr("%n document(s) not printed", "", len(failed)))
        elif waiting:  # the printer refused for now (offline, out of paper): retried with backoff
            self.label.setStyleSheet("color:#b54708; font-weight:bold;")
            self.label.setText(self.tr("%n document(s) waiting for the printer", "", len(waiting)))
        self.setToolTip(
            "\n".join(f"{job.kind}: {job.last_error}" for job in (failed + waiting)[-5:])
        )

    def retry_failed(self) -> None:
        queue = self.queue

        def work():
            for job in queue.failed_jobs():
                queue.retry(job.id)

        self.retry_button.setEnabled(False)
        self.tasks.run(
            work, lambda _r: (self.retry_button.setEnabled(True), self.drain()), owner=self
        )
