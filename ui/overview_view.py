"""The first page: today at this counter (working day or not, counts, what a due date would be)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QLocale, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.calendar import WorkCalendar
from kiosk.config import KioskConfig
from kiosk.status import StatusService, StoreStatus
from kiosk.timeutil import vietnam_now
from ui.tasks import TaskManager

SAMPLE_LIMITS = (0, 3, 5, 10, 15)
REFRESH_MS = 30_000  # the counts and the day are read again this often while the page is shown


@dataclass(frozen=True)
class OverviewServices:
    calendar: WorkCalendar
    status: StatusService


@dataclass(frozen=True)
class Today:
    day: date
    working: bool
    reason: str
    due: dict[int, date]
    upcoming_off: list[tuple[date, str]]


def compute_today(now: datetime, cutoff, cal: WorkCalendar) -> Today:
    """Pure: what the overview shows about the calendar (runs on a worker)."""
    upcoming = [(d.day, d.reason) for y in (now.year, now.year + 1) for d in cal.year(y)
                if not d.working and now.date() < d.day <= now.date() + timedelta(days=120)]
    return Today(now.date(), cal.is_working_day(now.date()), cal.reason(now.date()),
                 {n: cal.due_date(now, n, cutoff) for n in SAMPLE_LIMITS}, upcoming[:4])


def _card(title: str) -> tuple[QFrame, QLabel]:
    frame = QFrame(objectName="card")
    box = QVBoxLayout(frame)
    box.addWidget(QLabel(title, objectName="cardTitle"))
    value = QLabel("…", objectName="cardValue")
    box.addWidget(value)
    return frame, value


class OverviewView(QWidget):
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
        titles = [self.tr("Dossiers received today"), self.tr("Dossiers in progress"),
                  self.tr("Waiting to reach the central system"), self.tr("Procedures in force")]
        self.values: list[QLabel] = []
        for i, title in enumerate(titles):
            frame, value = _card(title)
            grid.addWidget(frame, 0, i)
            self.values.append(value)
        layout.addLayout(grid)

        layout.addWidget(QLabel(self.tr("If received now, the result is due on"),
                                objectName="cardTitle"))
        self.due_label = QLabel("…")
        self.due_label.setWordWrap(True)
        layout.addWidget(self.due_label)
        layout.addWidget(QLabel(self.tr("Coming days off"), objectName="cardTitle"))
        self.off_label = QLabel("…")
        layout.addWidget(self.off_label)
        layout.addStretch(1)
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

    def refresh_calendar(self) -> None:
        cutoff, cal, now = self.config.cutoff, self.services.calendar, self.clock()
        self.tasks.run(lambda: compute_today(now, cutoff, cal), self._show_today,
                       uses_db=False, owner=self)

    def refresh_status(self) -> None:
        service, today = self.services.status, self.clock().date()
        self.tasks.run(lambda: service.snapshot(today), self._show_status, owner=self)

    def _fmt(self, day: date) -> str:
        return QLocale().toString(QDate(day.year, day.month, day.day), "dddd dd/MM/yyyy")

    def _show_today(self, today: Today) -> None:
        state = self.tr("working day") if today.working else self.tr("not a working day")
        self.day_label.setObjectName("dayOn" if today.working else "dayOff")
        self.day_label.style().unpolish(self.day_label)
        self.day_label.style().polish(self.day_label)
        self.day_label.setText(f"{self._fmt(today.day)} — {state}"
                               + (f" ({today.reason})" if today.reason else ""))
        lines = []
        for n, due in today.due.items():
            limit = self.tr("same-day procedure") if n == 0 else self.tr("%n working day(s)", "", n)
            lines.append(f"{limit}: <b>{self._fmt(due)}</b>")
        self.due_label.setText("<br>".join(lines))
        self.off_label.setText("<br>".join(f"{self._fmt(d)}: {r}" for d, r in today.upcoming_off)
                               or self.tr("None in the next 120 days"))

    def _show_status(self, status: StoreStatus) -> None:
        for label, value in zip(self.values, (status.dossiers_today, status.dossiers_open,
                                              status.outbox_pending, status.procedures)):
            label.setText(str(value))
