"""The "Hồ sơ" page: today's dossiers by default, search as you type, and the selected one in full.

Every query runs on the database worker (``tasks.run``); typing restarts a short timer so a search
starts once the officer pauses, and an answer older than the latest request is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QItemSelection, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.blobs import BlobStore
from kiosk.calendar import WorkCalendar
from kiosk.config import KioskConfig
from kiosk.dossier_types import STATUS_LABELS
from kiosk.dossier_view import DossierQueries
from kiosk.drafts import DraftService
from kiosk.letters import LetterService
from kiosk.reception import ReceptionService
from kiosk.register import RegisterQueries
from printing.register_documents import RegisterPrinter
from sync.engine import OutboxSync
from ui.dossier_detail import DossierDetailView
from ui.dossier_table import DossierPage, DossierTableModel, make_page
from ui.errors import message_for
from ui.records_style import RECORDS_STYLE
from ui.register_dialog import RegisterDialog
from ui.session import Session
from ui.tasks import TaskManager

DEBOUNCE_MS = 300
FLEXIBLE = (DossierTableModel.APPLICANT, DossierTableModel.PROCEDURE)
MIN_FLEXIBLE = 90
TODAY, WEEK, ALL = "today", "week", "all"


@dataclass(frozen=True)
class DossiersServices:
    """What the dossier list and its detail pane use."""

    calendar: WorkCalendar
    dossiers: DossierQueries
    reception: ReceptionService  # reprints
    blobs: BlobStore
    drafts: DraftService  # an abandoned draft is discarded from its detail
    letters: LetterService  # apology with a new date or an extension, notice of stopping
    register: RegisterQueries  # the tracking register of a period
    register_printer: RegisterPrinter  # draws it and the control sheets
    sync: OutboxSync | None = None  # each dossier's state with the central system (detail pane)


class DossiersView(QWidget):
    def __init__(
        self, config: KioskConfig, tasks: TaskManager, services: DossiersServices, session: Session
    ) -> None:
        super().__init__()
        self.config, self.tasks, self.services, self.session = config, tasks, services, session
        self._generation = 0
        self.setStyleSheet(RECORDS_STYLE)
        self._selected_id: str | None = None
        self.page: DossierPage | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 12)
        layout.setSpacing(10)
        layout.addWidget(QLabel(self.tr("Dossiers"), objectName="pageTitle"))
        layout.addLayout(self._make_filters())

        self.model = DossierTableModel(self)
        self.table = QTableView(objectName="dossierTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # code, status, received and due fit their contents; the applicant and procedure share what
        # they leave, elided (a 300-character name never pushes the due date off-screen)
        for col in FLEXIBLE:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        self.table.viewport().installEventFilter(self)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)

        self.detail = DossierDetailView(tasks, services, session)
        self.detail.sig_discarded.connect(lambda _id: self.refresh())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([770, 376])  # at 1366×768 the table shows all six columns
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.status = QLabel("", objectName="listStatus")
        layout.addWidget(self.status)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS, timeout=self.refresh)
        shortcut = QShortcut(
            QKeySequence.StandardKey.Find,
            self,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        shortcut.activated.connect(self.focus_search)
        self.refresh()

    def _make_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit(objectName="search", clearButtonEnabled=True)
        self.search.setPlaceholderText(
            self.tr("Search by dossier code, applicant name or ID number (Ctrl+F)")
        )
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self.refresh)
        row.addWidget(self.search, 1)
        self.period = QComboBox(objectName="period")
        for text, key in (
            (self.tr("Today"), TODAY),
            (self.tr("7 days"), WEEK),
            (self.tr("All"), ALL),
        ):
            self.period.addItem(text, key)
        self.period.currentIndexChanged.connect(self.refresh)
        row.addWidget(self.period)
        self.status_filter = QComboBox(objectName="statusFilter")
        self.status_filter.addItem(self.tr("All statuses"), None)
        for key, label in STATUS_LABELS.items():
            self.status_filter.addItem(label, key)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        row.addWidget(self.status_filter)
        self.register_button = QPushButton(self.tr("Tracking register…"), objectName="openRegister")
        self.register_button.clicked.connect(self.open_register)
        row.addWidget(self.register_button)
        return row

    @Slot()
    def open_register(self) -> RegisterDialog:
        """The register of a period: print it, its control sheets, or export it."""
        dialog = RegisterDialog(
            self, self.tasks, self.services.register, self.services.register_printer
        )
        dialog.open()
        return dialog

    # --- list -----------------------------------------------------------------------------------

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def open_dossier(self, dossier_id: str, code: str) -> None:
        """Show one dossier (another page asked): its code searched in every period, selected."""
        self._selected_id = dossier_id  # kept by _show_page, which then loads its detail
        for combo in (self.period, self.status_filter):
            combo.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(ALL))
        self.status_filter.setCurrentIndex(0)
        for combo in (self.period, self.status_filter):
            combo.blockSignals(False)
        self.search.setText(code)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Run the list query again with the current filters (other pages call it after a
        decision)."""
        self._debounce.stop()
        if self.services is None:
            return
        self._generation += 1
        generation, dossiers, calendar = (
            self._generation,
            self.services.dossiers,
            self.services.calendar,
        )
        text, status = self.search.text(), self.status_filter.currentData()
        period = self.period.currentData()

        def query() -> DossierPage:
            today = date.today()
            since = {TODAY: today, WEEK: today - timedelta(days=6)}.get(period)
            rows = dossiers.search(text, since=since, status=status)
            return make_page(rows, calendar, today)

        self.tasks.run(
            query, lambda page: self._show_page(generation, page), self._on_failure, owner=self
        )

    def _show_page(self, generation: int, page: DossierPage) -> None:
        if generation != self._generation:
            return  # a newer search is on its way
        self.page = page
        keep = self._selected_id
        self.model.set_page(page)
        self._fit_columns()
        shown = len(page.rows)
        self.status.setText(
            self.tr("%n dossier(s)", "", shown)
            if shown
            else self.tr("No dossier matches. Try another period (7 days, All) or another search.")
        )
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.table.selectRow(row)
            self.load_detail(keep)
        else:
            self._selected_id = None
            self.detail.clear()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def _fit_columns(self) -> None:
        header, table = self.table.horizontalHeader(), self.table
        # the widths the content columns are about to get (ResizeToContents applies them lazily)
        fixed = sum(
            max(header.sectionSizeHint(c), table.sizeHintForColumn(c))
            for c in range(self.model.columnCount())
            if c not in FLEXIBLE
        )
        room = max(2 * MIN_FLEXIBLE, table.viewport().width() - fixed)
        wanted = table.sizeHintForColumn(DossierTableModel.APPLICANT) + 12
        applicant = max(MIN_FLEXIBLE, min(wanted, room * 2 // 5))
        header.resizeSection(DossierTableModel.APPLICANT, applicant)
        header.resizeSection(DossierTableModel.PROCEDURE, max(MIN_FLEXIBLE, room - applicant))

    def _on_table_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        dossier_id = self.model.row_id(rows[0].row()) if rows else None
        if dossier_id and dossier_id != self._selected_id:
            self._selected_id = dossier_id
            self.load_detail(dossier_id)

    def load_detail(self, dossier_id: str) -> None:
        dossiers, page = self.services.dossiers, self.page

        def load():
            snap = dossiers.get(dossier_id)
            return snap, page.deadline_day.flag(snap.status, snap.due_date)

        self.tasks.run(
            load,
            lambda result: self._show_detail(dossier_id, *result),
            self._on_failure,
            owner=self,
        )

    def _show_detail(self, dossier_id: str, snap, flag) -> None:
        if dossier_id == self._selected_id:
            self.detail.show_dossier(snap, flag)

    def _on_failure(self, exc: BaseException) -> None:
        self.status.setText(message_for(exc))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()
