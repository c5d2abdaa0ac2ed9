"""The first page: today at this counter (working day or not, counts, what a due date would be)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.calendar import WorkCalendar
from kiosk.config import KioskConfig
from kiosk.deadline_watch import (
    LATE,
    TODAY,
    TOMORROW,
    DeadlineBoard,
    DeadlineWatch,
    WatchedDossier,
)
from kiosk.deadlines import DueState
from kiosk.errors import InvalidInput
from kiosk.officers import OfficerInfo
from kiosk.ratings import RatingService, RatingSummary
from kiosk.status import StatusService, StoreStatus
from kiosk.timeutil import vietnam_now
from ui.dossier_table import COLOURS
from ui.style import DANGER
from ui.tasks import TaskManager

SAMPLE_LIMITS = (0, 3, 5, 10, 15)
REFRESH_MS = 30_000  # the counts and the day are read again this often while the page is shown
URGENT_LIMIT = 30  # dossiers listed under "Hạn xử lý" (the counts cover them all)
RATING_DAYS = 30  # an officer's own rating averages cover this many days, today included


@dataclass(frozen=True)
class OverviewServices:
    calendar: WorkCalendar
    status: StatusService
    deadlines: DeadlineWatch
    ratings: RatingService | None = None  # no ratings card without it


@dataclass(frozen=True)
class Today:
    day: date
    working: bool
    reason: str
    due: dict[int, date]
    upcoming_off: list[tuple[date, str]]


def compute_today(now: datetime, cutoff, cal: WorkCalendar) -> Today:
    """Pure: what the overview shows about the calendar (runs on a worker)."""
    upcoming = [
        (d.day, d.reason)
        for y in (now.year, now.year + 1)
        for d in cal.year(y)
        if not d.working and now.date() < d.day <= now.date() + timedelta(days=120)
    ]
    return Today(
        now.date(),
        cal.is_working_day(now.date()),
        cal.reason(now.date()),
        {n: cal.due_date(now, n, cutoff) for n in SAMPLE_LIMITS},
        upcoming[:4],
    )


def _card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame(objectName="card")
    box = QVBoxLayout(frame)
    box.addWidget(QLabel(title, objectName="cardTitle"))
    value = QLabel("…", objectName="cardValue")
    box.addWidget(value)
    return frame, value


class OverviewView(QWidget):
    sig_open_dossier = Signal(
        str, str
    )  # dossier id, code: the officer clicked it under "Hạn xử lý"

    def __init__(self, config: KioskConfig, tasks: TaskManager, services: OverviewServices) -> None:
        super().__init__()
        self.config, self.tasks, self.services = config, tasks, services
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(16)
        layout.addWidget(QLabel(self.tr("Today at this counter"), objectName="pageTitle"))
        self.day_label = QLabel("…")
        layout.addWidget(self.day_label)

        grid = QGridLayout()
        grid.setSpacing(16)
        titles = [
            self.tr("Dossiers received today"),
            self.tr("Dossiers in progress"),
            self.tr("Waiting to reach the central system"),
            self.tr("Procedures in force"),
        ]
        self.values: list[QLabel] = []
        for i, title in enumerate(titles):
            frame, value = _card(title)
            grid.addWidget(frame, 0, i)
            self.values.append(value)
        layout.addLayout(grid)

        lower = QHBoxLayout()
        lower.setSpacing(24)
        days = QVBoxLayout()
        days.addWidget(
            QLabel(self.tr("If received now, the result is due on"), objectName="cardTitle")
        )
        self.due_label = QLabel("…")
        self.due_label.setWordWrap(True)
        days.addWidget(self.due_label)
        days.addWidget(QLabel(self.tr("Coming days off"), objectName="cardTitle"))
        self.off_label = QLabel("…")
        days.addWidget(self.off_label)
        days.addStretch(1)
        lower.addLayout(days, 2)
        right = QVBoxLayout()
        right.setSpacing(16)
        right.addWidget(self._make_deadlines(), 1)
        right.addWidget(self._make_ratings())
        lower.addLayout(right, 5)
        layout.addLayout(lower, 1)
        self.clock = vietnam_now  # tests move it on
        self.timer = QTimer(self, interval=REFRESH_MS, timeout=self._on_timer)
        self.timer.start()
        self.refresh()

    def _on_timer(self) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        """Read the day (I/O pool) and the counts (database worker) again."""
        self.refresh_calendar()
        self.refresh_status()
        self.refresh_deadlines()
        self.refresh_ratings()

    def set_officer(self, officer: OfficerInfo | None) -> None:
        """The signed-in officer, whose own rating averages the page shows."""
        self.officer = officer
        self._show_ratings_card(False)
        self.ratings_label.setText("…")
        self.refresh_ratings()

    def _make_ratings(self) -> QFrame:
        self.ratings_card = QFrame(objectName="card")
        box = QVBoxLayout(self.ratings_card)
        title = QLabel(
            self.tr("Citizens' ratings of your work (last 30 days)"), objectName="cardTitle"
        )
        title.setStyleSheet("font-weight: bold;")
        box.addWidget(title)
        self.ratings_label = QLabel("…", objectName="ownRatings")
        self.ratings_label.setWordWrap(True)
        box.addWidget(self.ratings_label)
        self.officer: OfficerInfo | None = None
        self._show_ratings_card(False)
        return self.ratings_card

    def _show_ratings_card(self, shown: bool) -> None:
        self.ratings_card.setVisible(shown)

    def refresh_ratings(self) -> None:
        """The signed-in officer's averages over ``RATING_DAYS`` (database worker); below
        ``kiosk.ratings.MIN_SHOWN`` ratings only a notice, so no one rating can be told apart."""
        service, officer = self.services.ratings, self.officer
        if service is None or officer is None:
            return
        since = self.clock().date() - timedelta(days=RATING_DAYS - 1)

        def read() -> RatingSummary | None:
            try:
                return service.officer_summary(officer.id, since=since)
            except InvalidInput:  # fewer than MIN_SHOWN ratings
                return None

        def show(summary: RatingSummary | None) -> None:
            if self.officer is officer:  # not a summary of someone signed out since
                self._show_ratings(service, summary)

        self.tasks.run(read, show, owner=self)

    def _show_ratings(self, service: RatingService, summary: RatingSummary | None) -> None:
        self._show_ratings_card(True)
        if summary is None:
            self.ratings_label.setText(self.tr("Not enough ratings to show yet"))
            return
        app = QApplication.instance()
        english = app is not None and app.property("kiosk_language") == "en"
        cells = []
        for criterion in service.criteria.criteria:
            if criterion.key not in summary.averages:
                continue
            top = max((c.points for c in criterion.choices), default=0)
            average = f"{summary.averages[criterion.key]:.1f}"
            if not english:
                average = average.replace(".", ",")
            question = criterion.question_en if english else criterion.question_vi
            cells.append(f"<td>{question} <b>{average}</b>/{top}</td>")
        rows = "".join(
            "<tr>" + "".join(cells[i : i + 2]) + "</tr>" for i in range(0, len(cells), 2)
        )
        head = self.tr("Over %n rating(s):", "", summary.count)
        self.ratings_label.setText(f"{head}<table cellpadding='3' width='100%'>{rows}</table>")

    def refresh_calendar(self) -> None:
        cutoff, cal, now = self.config.cutoff, self.services.calendar, self.clock()
        self.tasks.run(
            lambda: compute_today(now, cutoff, cal), self._show_today, uses_db=False, owner=self
        )

    def refresh_status(self) -> None:
        service, today = self.services.status, self.clock().date()
        self.tasks.run(lambda: service.snapshot(today), self._show_status, owner=self)

    def refresh_deadlines(self) -> None:
        watch, today = self.services.deadlines, self.clock().date()
        self.tasks.run(lambda: watch.board(today, URGENT_LIMIT), self._show_deadlines, owner=self)

    def _fmt(self, day: date) -> str:
        return QLocale().toString(QDate(day.year, day.month, day.day), "dddd dd/MM/yyyy")

    def _show_today(self, today: Today) -> None:
        state = self.tr("working day") if today.working else self.tr("not a working day")
        self.day_label.setObjectName("dayOn" if today.working else "dayOff")
        self.day_label.style().unpolish(self.day_label)
        self.day_label.style().polish(self.day_label)
        self.day_label.setText(
            f"{self._fmt(today.day)} — {state}" + (f" ({today.reason})" if today.reason else "")
        )
        lines = []
        for n, due in today.due.items():
            limit = self.tr("same-day procedure") if n == 0 else self.tr("%n working day(s)", "", n)
            lines.append(f"{limit}: <b>{self._fmt(due)}</b>")
        self.due_label.setText("<br>".join(lines))
        self.off_label.setText(
            "<br>".join(f"{self._fmt(d)}: {r}" for d, r in today.upcoming_off)
            or self.tr("None in the next 120 days")
        )

    def _show_status(self, status: StoreStatus) -> None:
        for label, value in zip(
            self.values,
            (status.dossiers_today, status.dossiers_open, status.outbox_pending, status.procedures),
        ):
            label.setText(str(value))

    # --- deadline watch (issue 14 §1) -------------------------------------------------------------

    def _make_deadlines(self) -> QFrame:
        frame = QFrame(objectName="card")
        box = QVBoxLayout(frame)
        title = QLabel(self.tr("Processing deadlines"), objectName="cardTitle")
        title.setStyleSheet("font-weight: bold;")
        box.addWidget(title)
        counts = QHBoxLayout()
        self.deadline_counts: dict[str, QLabel] = {}
        for key, title in (
            (TODAY, self.tr("Today")),
            (TOMORROW, self.tr("Tomorrow")),
            (LATE, self.tr("Late")),
        ):
            cell = QVBoxLayout()
            cell.addWidget(QLabel(title, objectName="cardTitle"))
            value = QLabel("…", objectName="cardValue")
            cell.addWidget(value)
            counts.addLayout(cell)
            self.deadline_counts[key] = value
        self.deadline_counts[LATE].setStyleSheet(f"color: {DANGER};")
        box.addLayout(counts)
        self.apology_label = QLabel("", objectName="apologyDue")
        self.apology_label.setWordWrap(True)
        box.addWidget(self.apology_label)
        self.urgent = QTableWidget(0, 5, objectName="urgentDossiers")
        self.urgent.setHorizontalHeaderLabels(
            [
                self.tr("Dossier code"),
                self.tr("Applicant"),
                self.tr("Procedure"),
                self.tr("Due"),
                self.tr("Deadline"),
            ]
        )
        self.urgent.verticalHeader().hide()
        self.urgent.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.urgent.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.urgent.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.urgent.setWordWrap(False)
        self.urgent.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.urgent.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 2):  # applicant and procedure share what is left, elided
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.urgent.cellActivated.connect(self._open_row)
        self.urgent.cellClicked.connect(self._open_row)
        box.addWidget(self.urgent, 1)
        self.urgent_empty = QLabel(
            self.tr("No dossier is due today or on the next working day, and none is late.")
        )
        self.urgent_empty.setWordWrap(True)
        box.addWidget(self.urgent_empty)
        self.board: DeadlineBoard | None = None
        return frame

    def _deadline_text(self, d: WatchedDossier) -> str:
        if d.group == LATE:
            return self.tr("Late by %n working day(s)", "", d.late_days)
        return self.tr("Due today") if d.group == TODAY else self.tr("Due tomorrow")

    def _show_deadlines(self, board: DeadlineBoard) -> None:
        self.board = board
        for key, value in (
            (TODAY, board.due_today),
            (TOMORROW, board.due_tomorrow),
            (LATE, board.late),
        ):
            self.deadline_counts[key].setText(str(value))
        self.apology_label.setText(
            self.tr(
                "%n dossier(s) need an apology letter with a new date now (at least one working "
                "day before the due date).",
                "",
                board.apology_due,
            )
            if board.apology_due
            else ""
        )
        self.urgent.setRowCount(len(board.dossiers))
        for row, d in enumerate(board.dossiers):
            flag = DueState.OVERDUE if d.group == LATE else DueState.DUE_SOON
            texts = (
                d.code or "",
                d.applicant,
                d.procedure,
                f"{d.due_date:%d/%m/%Y}",
                self._deadline_text(d),
            )
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 4:
                    item.setForeground(QBrush(QColor(COLOURS[flag][0])))
                    item.setBackground(QBrush(QColor(COLOURS[flag][1])))
                self.urgent.setItem(row, col, item)
        self.urgent.setVisible(bool(board.dossiers))
        self.urgent_empty.setVisible(not board.dossiers)

    def _open_row(self, row: int, _col: int = 0) -> None:
        if self.board is not None and 0 <= row < len(self.board.dossiers):
            d = self.board.dossiers[row]
            self.sig_open_dossier.emit(d.id, d.code or "")
