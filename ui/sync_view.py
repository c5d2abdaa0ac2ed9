"""The sync screen: every outbox item with its state, attempts and last error, and a retry button.

The list is read on the database worker (``sync.engine.item_rows``); "Gửi lại" makes the chosen
items (or every failed, conflicting and waiting one) due now, then starts a pass on the I/O pool
through the status bar's trigger. Nothing here blocks the UI thread or pops up a dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.tasks import TaskManager

RETRYABLE = ("failed", "conflict", "retry_later")


class SyncView(QWidget):
    def __init__(self, tasks: TaskManager, sync, send_now: Callable[[], None] | None = None):
        super().__init__()
        self.tasks, self.sync, self.send_now = tasks, sync, send_now
        self.rows: list = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.addWidget(QLabel(self.tr("Sync with the central system"), objectName="pageTitle"))
        self.summary = QLabel(wordWrap=True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Dossier"), self.tr("Change"), self.tr("State"), self.tr("Attempts"),
             self.tr("Updated"), self.tr("Last error")]
        )  # fmt: skip
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.retry_button = QPushButton(self.tr("Send again"))
        self.retry_button.clicked.connect(self.retry)
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        layout.addLayout(buttons)
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        if self.sync is None:
            self.summary.setText(self.tr("Sync with the central system is not set up."))
            self.retry_button.setEnabled(False)
            return
        sync = self.sync
        self.tasks.run(lambda: (sync.items(), sync.summary()), self._show, owner=self)

    def _show(self, read) -> None:
        from kiosk.timeutil import vietnam_now
        from sync.indicator import clock_text, files_line

        rows, summary = read
        now = vietnam_now()
        self.rows = rows
        self.table.setRowCount(len(rows))
        labels = self._state_labels()
        for r, row in enumerate(rows):
            cells = [
                row.label,
                self.tr("Rating") if row.kind == "rating" else _kind_text(row.kind),
                labels.get(row.status, row.status),
                str(row.attempts),
                clock_text(row.updated_at, now),
                row.last_error or "",
            ]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if c in (3, 4):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == 5 and text:
                    cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        waiting = sum(1 for row in rows if row.status not in ("acknowledged", "confirmed"))
        stuck = sum(1 for row in rows if row.status in ("failed", "conflict"))
        self.summary.setText(
            self.tr("%1 items waiting to be sent, %2 of them need attention.")
            .replace("%1", str(waiting))
            .replace("%2", str(stuck))
            + " "
            + files_line(summary)
            + (f"\n{summary.device_problem}" if summary.device_problem else "")
        )
        self.retry_button.setEnabled(any(row.status in RETRYABLE for row in rows))

    def retry(self) -> None:
        """Make the selected items (or every failed, conflicting, waiting one) due now."""
        chosen = {self.rows[i.row()].id for i in self.table.selectionModel().selectedRows()}
        ids = [row.id for row in self.rows if row.id in chosen and row.status in RETRYABLE]
        sync = self.sync
        self.tasks.run(lambda: sync.retry(ids or None), self._retried, owner=self)

    def _retried(self, _count: int) -> None:
        if self.send_now is not None:
            self.send_now()
        self.refresh()

    def _state_labels(self) -> dict[str, str]:
        return {
            "queued": self.tr("Waiting to be sent"),
            "uploading": self.tr("Sending"),
            "acknowledged": self.tr("Received"),
            "confirmed": self.tr("Confirmed"),
            "retry_later": self.tr("Will retry"),
            "failed": self.tr("Refused"),
            "conflict": self.tr("Conflict"),
        }


def _kind_text(kind: str) -> str:
    """A dossier's change named by the status it led to (kiosk's own labels), else the kind."""
    from kiosk.dossier_types import STATUS_LABELS, DossierStatus

    try:
        return STATUS_LABELS[DossierStatus(kind.removeprefix("dossier."))]
    except ValueError:
        return kind
