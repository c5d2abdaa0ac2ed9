"""Deadline flags and late days (DESIGN §4.3-4.4), for every screen and document that shows them.

- Only an accepted dossier runs against its due date: a supplement request stops the clock, a
  refused dossier has no deadline, a returned one is done.
- A dossier is *due soon* from the working day before its due date: when it is due today or on the
  next working day. It is *overdue* from the day after its due date.
- Late days are working days: those after the due date up to and including today.

Pure and Qt-free; ``WorkCalendar`` is the only input besides dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kiosk.calendar import WorkCalendar
from kiosk.dossier_types import DossierStatus

# Statuses whose clock runs against the due date.
CLOCK_RUNS = frozenset({DossierStatus.ACCEPTED})


class DueState(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DeadlineDay:
    """A day as deadlines see it: the date and the first working day after it.

    Build it once (``DeadlineDay.on``) to flag many dossiers against the same day.
    """

    today: date
    next_working_day: date

    @classmethod
    def on(cls, calendar: WorkCalendar, today: date) -> DeadlineDay:
        return cls(today, calendar.next_working_day(today))

    def state(self, due: date) -> DueState:
        if due < self.today:
            return DueState.OVERDUE
        if due <= self.next_working_day:
            return DueState.DUE_SOON
        return DueState.ON_TIME

    def flag(self, status: str, due: date | None) -> DueState | None:
        """``DUE_SOON`` or ``OVERDUE`` for a dossier whose clock runs, else None."""
        if due is None or status not in CLOCK_RUNS:
            return None
        state = self.state(due)
        return None if state is DueState.ON_TIME else state


def due_state(due: date, today: date, calendar: WorkCalendar) -> DueState:
    """On time, due soon (today or the next working day) or overdue, on ``today``."""
    return DeadlineDay.on(calendar, today).state(due)


def late_working_days(due: date | None, today: date, calendar: WorkCalendar) -> int:
    """Working days after ``due`` up to and including ``today`` (0 when not late)."""
    if due is None or today <= due:
        return 0
    count, day = 0, due
    while day < today:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


class Timing(StrEnum):
    """How a dossier's result stands against its due date (form 06/07 "Trước hạn/đúng hạn/quá
    hạn"; Decision 766: on time when finished on or before the appointed date)."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}[self.value]


def result_timing(due: date | None, finished: date | None, today: date) -> Timing | None:
    """Early, on time or late for a result finished on ``finished``; an unfinished dossier is
    late once ``today`` is past its due date, else None (still in time)."""
    if due is None:
        return None
    if finished is None:
        return Timing.LATE if today > due else None
    if finished < due:
        return Timing.EARLY
    return Timing.ON_TIME if finished == due else Timing.LATE


class LateDays:
    """``late_working_days`` for many due dates against one ``today``, walking the calendar back
    from ``today`` once (a list of dossiers years late costs one walk, not one per dossier)."""

    def __init__(self, today: date, calendar: WorkCalendar) -> None:
        self._today, self._calendar = today, calendar
        self._day, self._count = today, 0  # working days in (self._day, today]
        self._after: dict[date, int] = {today: 0}

    def __call__(self, due: date | None) -> int:
        if due is None or self._today <= due:
            return 0
        while self._day > due:
            self._count += self._calendar.is_working_day(self._day)
            self._day -= timedelta(days=1)
            self._after[self._day] = self._count
        return self._after[due]
