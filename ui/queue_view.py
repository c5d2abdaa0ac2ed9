"""The "Queue" page: the ticket in hand at this counter, the waiting line, and big call buttons.

Every action and the 5-second refresh go through ``tasks.run`` (the database worker); the page only
refreshes while it is visible. "Receive dossier" marks the ticket as being served and emits
``sig_start_dossier`` with its ``TicketInfo`` for the reception page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import KioskConfig
from kiosk.timeutil import vietnam_now
from ui.counter_style import COMMON_STYLE, QUEUE_STYLE
from ui.errors import message_for
from ui.tasks import TaskManager

if TYPE_CHECKING:
    from kiosk.queueing import QueueService, TicketInfo
    from ui.session import Session

REFRESH_MS = 5_000


@dataclass(frozen=True)
class QueueSnapshot:
    current: TicketInfo | None
    waiting: list[TicketInfo]
    skipped: list[TicketInfo]


class QueueView(QWidget):
    sig_start_dossier = Signal(object)
    """The officer starts receiving a dossier for this ticket; carries the ``TicketInfo``
    (serving)."""

    def __init__(
        self,
        config: KioskConfig,
        tasks: TaskManager,
        queue: QueueService,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.config, self.tasks, self.session = config, tasks, session
        self.service: QueueService | None = queue
        self.current: TicketInfo | None = None
        self.rows: list[TicketInfo] = []
        self._busy = False
        self.setStyleSheet(QUEUE_STYLE + COMMON_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Queue"), objectName="pageTitle"))
        top.addStretch(1)
        self.next_button = QPushButton(self.tr("Call next number (F2)"), objectName="bigPrimary")
        self.next_button.clicked.connect(self._on_next_clicked)
        top.addWidget(self.next_button)
        layout.addLayout(top)

        body = QHBoxLayout()
        body.setSpacing(24)
        body.addWidget(self._make_current_card(), 2)
        body.addLayout(self._make_waiting_list(), 3)
        layout.addLayout(body, 1)
        self.message = QLabel(objectName="formError")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        QShortcut(
            QKeySequence(Qt.Key.Key_F2),
            self,
            activated=self._on_next_clicked,
            context=Qt.ShortcutContext.WindowShortcut,
        )
        self.clock = vietnam_now  # the waiting minutes are counted to this (tests move it on)
        self.timer = QTimer(self, interval=REFRESH_MS, timeout=self._on_timer)
        self.timer.start()
        self._update_buttons()
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._busy:
            self.refresh()  # what changed while another page was shown, at once

    # --- layout -----------------------------------------------------------------------------------

    def _make_current_card(self) -> QFrame:
        card = QFrame(objectName="card")
        box = QVBoxLayout(card)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(10)
        box.addWidget(
            QLabel(self.tr("At counter %n", "", self.config.counter), objectName="cardTitle")
        )
        self.current_number = QLabel(
            "—", objectName="ticketNumber", alignment=Qt.AlignmentFlag.AlignCenter
        )
        box.addWidget(self.current_number)
        self.current_service = QLabel(
            objectName="ticketService", alignment=Qt.AlignmentFlag.AlignCenter
        )
        self.current_service.setWordWrap(True)
        box.addWidget(self.current_service)
        self.current_state = QLabel(
            objectName="ticketState", alignment=Qt.AlignmentFlag.AlignCenter
        )
        self.current_state.setWordWrap(True)
        box.addWidget(self.current_state)
        box.addStretch(1)
        self.start_button = QPushButton(self.tr("Receive dossier"), objectName="bigPrimary")
        self.start_button.clicked.connect(self._on_start_clicked)
        box.addWidget(self.start_button)
        grid = QGridLayout()
        grid.setSpacing(8)
        self.recall_button = QPushButton(self.tr("Call again"), objectName="bigButton")
        self.recall_button.clicked.connect(
            lambda: self._act_on_current(lambda s, t: s.recall(t.id))
        )
        self.skip_button = QPushButton(self.tr("Absent — skip"), objectName="bigButton")
        self.skip_button.clicked.connect(lambda: self._act_on_current(lambda s, t: s.skip(t.id)))
        self.finish_button = QPushButton(self.tr("End this visit"), objectName="bigButton")
        self.finish_button.clicked.connect(
            lambda: self._act_on_current(lambda s, t: s.finish(t.id))
        )
        grid.addWidget(self.recall_button, 0, 0)
        grid.addWidget(self.skip_button, 0, 1)
        grid.addWidget(self.finish_button, 1, 0, 1, 2)
        box.addLayout(grid)
        return card

    def _make_waiting_list(self) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(8)
        self.count_label = QLabel("…", objectName="cardTitle")
        box.addWidget(self.count_label)
        self.table = QTableWidget(0, 3, objectName="queueTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Number"), self.tr("Waited"), self.tr("Service")]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda *_: self._on_call_selected_clicked())
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.call_selected_button = QPushButton(
            self.tr("Call selected number"), objectName="bigButton"
        )
        self.call_selected_button.clicked.connect(self._on_call_selected_clicked)
        row.addWidget(self.call_selected_button)
        self.requeue_button = QPushButton(self.tr("Put back in line"), objectName="bigButton")
        self.requeue_button.setToolTip(
            self.tr("An absent person came back: back to the end of the line")
        )
        self.requeue_button.clicked.connect(self._on_requeue_clicked)
        row.addWidget(self.requeue_button)
        box.addLayout(row)
        return box

    # --- store and refresh ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the line and this counter's ticket (on the database worker)."""
        if self.service is None:
            return
        service, counter, day = self.service, self.config.counter, date.today()
        self.tasks.run(
            lambda: QueueSnapshot(
                service.current(counter, day), service.waiting(day), service.skipped(day)
            ),
            self._show,
            owner=self,
        )

    def _on_timer(self) -> None:
        if self.isVisible() and not self._busy:
            self.refresh()

    def _show(self, snap: QueueSnapshot) -> None:
        self.current = snap.current
        selected = self.selected_ticket()
        now = self.clock()
        self.rows = snap.waiting + snap.skipped
        self.table.setRowCount(len(self.rows))
        for i, t in enumerate(self.rows):
            absent = t.status == "skipped"
            cells = [
                t.label,
                self.tr("%n min", "", t.waited_minutes(now)),
                (self.tr("absent — ") if absent else "")
                + (t.service or self.tr("(no service chosen)")),
            ]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if absent:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(i, j, item)
            if selected is not None and t.id == selected.id:
                self.table.selectRow(i)
        self.count_label.setText(self.tr("%n person(s) waiting", "", len(snap.waiting)))
        self._show_current()
        self._update_buttons()

    def _show_current(self) -> None:
        t = self.current
        if t is None:
            self.current_number.setText("—")
            self.current_service.setText("")
            self.current_state.setText(self.tr("No number called. Press “Call next number”."))
            return
        self.current_number.setText(t.label)
        self.current_service.setText(t.service or "")
        called = t.called_at.strftime("%H:%M") if t.called_at else ""
        if t.status == "serving":
            self.current_state.setText(self.tr("Being served"))
        else:
            self.current_state.setText(
                self.tr("Called at %1 (%2 time(s)) — waiting for the person to come")
                .replace("%1", called)
                .replace("%2", str(t.calls))
            )

    def selected_ticket(self) -> TicketInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        ready = self.service is not None and not self._busy
        t, sel = self.current, self.selected_ticket()
        self.next_button.setEnabled(ready)
        self.recall_button.setEnabled(ready and t is not None)
        self.skip_button.setEnabled(ready and t is not None and t.status == "called")
        self.finish_button.setEnabled(ready and t is not None)
        self.start_button.setEnabled(ready and t is not None)
        self.call_selected_button.setEnabled(ready and sel is not None)
        self.requeue_button.setEnabled(ready and sel is not None and sel.status == "skipped")

    # --- actions ----------------------------------------------------------------------------------

    def _officer_id(self) -> int | None:
        officer = self.session.officer if self.session is not None else None
        return officer.id if officer is not None else None

    def _run(
        self, fn: Callable[[QueueService], object], then: Callable[[object], None] | None = None
    ) -> None:
        if self.service is None or self._busy:
            return
        self._busy = True
        self._say("")
        self._update_buttons()
        service = self.service

        def done(result: object) -> None:
            self._busy = False
            if then is not None:
                then(result)
            self.refresh()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._say(message_for(exc))
            self.refresh()

        self.tasks.run(lambda: fn(service), done, failed, owner=self)

    def _on_next_clicked(self) -> None:
        if not self.isVisible():
            return
        counter, officer_id, day = self.config.counter, self._officer_id(), date.today()
        self._run(
            lambda s: s.call_next(day, counter, officer_id),
            lambda t: t is None and self._say(self.tr("Nobody is waiting.")),
        )

    def _on_call_selected_clicked(self) -> None:
        sel = self.selected_ticket()
        if sel is not None:
            counter, officer_id = self.config.counter, self._officer_id()
            self._run(lambda s: s.call(sel.id, counter, officer_id))

    def _on_requeue_clicked(self) -> None:
        sel = self.selected_ticket()
        if sel is not None:
            self._run(lambda s: s.requeue(sel.id))

    def _act_on_current(self, fn: Callable[[QueueService, TicketInfo], object]) -> None:
        if self.current is not None:
            ticket = self.current
            self._run(lambda s: fn(s, ticket))

    def _on_start_clicked(self) -> None:
        if self.current is not None:
            ticket_id = self.current.id
            self._run(lambda s: s.start_serving(ticket_id), self.sig_start_dossier.emit)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
