"""The dossier list's table model, and the due-date flag it colours (issue #4 item 4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from kiosk.calendar import WorkCalendar
from kiosk.deadlines import DeadlineDay, DueState
from kiosk.dossier_types import ACCEPTED, DRAFT, STATUS_LABELS, DossierRow
from kiosk.drafts import age_days
from kiosk.returns import is_ready
from ui.style import DANGER, WARNING

# The list's due flags: the core's rule (kiosk/deadlines.py), coloured here.
LATE, SOON = DueState.OVERDUE, DueState.DUE_SOON
COLOURS = {LATE: (DANGER, "#fee4e2"), SOON: (WARNING, "#fef0c7")}


@dataclass(frozen=True)
class DossierPage:
    """One answer of the list query, with the dates the flags were computed against."""

    rows: list[DossierRow]
    today: date
    next_working_day: date
    flags: dict[str, str] = field(default_factory=dict)

    @property
    def deadline_day(self) -> DeadlineDay:
        return DeadlineDay(self.today, self.next_working_day)


def make_page(rows: list[DossierRow], calendar: WorkCalendar, today: date) -> DossierPage:
    """Flag each row (pure; runs on the worker with the query)."""
    day = DeadlineDay.on(calendar, today)
    flags = {r.id: f for r in rows if (f := day.flag(r.status, r.due_date))}
    return DossierPage(rows, today, day.next_working_day, flags)


class DossierTableModel(QAbstractTableModel):
    """Rows of :class:`DossierRow`; ``Qt.UserRole`` gives the dossier id, ``FLAG_ROLE`` the due
    flag."""

    FLAG_ROLE = Qt.ItemDataRole.UserRole + 1
    CODE, APPLICANT, PROCEDURE, STATUS, RECEIVED, DUE = range(6)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[DossierRow] = []
        self._flags: dict[str, str] = {}
        self._today: date | None = None
        self._headers = [
            self.tr("Dossier code"),
            self.tr("Applicant"),
            self.tr("Procedure"),
            self.tr("Status"),
            self.tr("Received"),
            self.tr("Due"),
        ]

    def set_page(self, page: DossierPage) -> None:
        self.beginResetModel()
        self._rows, self._flags, self._today = list(page.rows), dict(page.flags), page.today
        self.endResetModel()

    def row_id(self, row: int) -> str | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, dossier_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == dossier_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        flag = self._flags.get(row.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == self.FLAG_ROLE:
            return flag
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.APPLICANT, self.PROCEDURE):
            return self._text(row, col)  # the whole text of an elided cell
        if col != self.DUE or flag is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor(COLOURS[flag][0]))
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(COLOURS[flag][1]))
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                self.tr("Late: the result is past its due date")
                if flag == LATE
                else self.tr("Due today or on the next working day")
            )
        return None

    def _text(self, row: DossierRow, col: int) -> str:
        if col == self.CODE:
            return row.code or self.tr("(no code yet)")
        if col == self.APPLICANT:
            return row.applicant_name
        if col == self.PROCEDURE:
            return row.procedure_name
        if col == self.STATUS:
            label = STATUS_LABELS.get(row.status, row.status)
            if row.status == ACCEPTED and is_ready(row.status, row.central_status):
                return self.tr("Result ready — ready for hand-over")  # the central system's word
            if row.status == DRAFT and self._today is not None:
                days = age_days(row.created_at, datetime.combine(self._today, time.min))
                if days:  # an abandoned draft shows its age
                    return label + " · " + self.tr("%n day(s)", "", days)
            return label
        if col == self.RECEIVED:
            return f"{row.received_at:%d/%m %H:%M}" if row.received_at else ""
        if col == self.DUE:
            return f"{row.due_date:%d/%m/%Y}" if row.due_date else ""
        return ""
