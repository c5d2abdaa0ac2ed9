"""Deadline flags and late days, Qt-free, against the real Vietnamese calendar."""

from datetime import date

import pytest

from kiosk.calendar import WorkCalendar
from kiosk.deadlines import DeadlineDay, DueState, LateDays, due_state, late_working_days
from kiosk.dossier_types import DossierStatus


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


FRI, MON, TUE = date(2026, 12, 4), date(2026, 12, 7), date(2026, 12, 8)


@pytest.mark.parametrize(
    "due, today, state",
    [
        (TUE, MON, DueState.DUE_SOON),  # due on the next working day
        (MON, MON, DueState.DUE_SOON),  # due today
        (date(2026, 12, 9), MON, DueState.ON_TIME),
        (date(2026, 12, 6), MON, DueState.OVERDUE),  # Sunday before
        (MON, FRI, DueState.DUE_SOON),  # Friday: Monday is the next working day
        (TUE, FRI, DueState.ON_TIME),
        (date(2026, 2, 23), date(2026, 2, 13), DueState.DUE_SOON),  # across Tết 2026
        (date(2025, 4, 26), date(2025, 4, 25), DueState.DUE_SOON),  # a worked Saturday
    ],
)
def test_due_state(cal, due, today, state):
    assert due_state(due, today, cal) is state


def test_flag_only_while_the_clock_runs(cal):
    day = DeadlineDay.on(cal, MON)
    assert day.next_working_day == TUE
    assert day.flag(DossierStatus.ACCEPTED, FRI) is DueState.OVERDUE
    assert day.flag("accepted", TUE) is DueState.DUE_SOON  # a stored status text works too
    assert day.flag(DossierStatus.ACCEPTED, date(2026, 12, 20)) is None
    assert day.flag(DossierStatus.ACCEPTED, None) is None
    for status in (
        DossierStatus.SUPPLEMENT_REQUESTED,
        DossierStatus.REFUSED,
        DossierStatus.RETURNED,
        DossierStatus.DRAFT,
    ):
        assert day.flag(status, FRI) is None


@pytest.mark.parametrize(
    "due, today, days",
    [
        (MON, MON, 0),
        (MON, FRI, 0),
        (None, MON, 0),
        (FRI, date(2026, 12, 5), 0),  # Saturday after a Friday due date: no working day late yet
        (FRI, MON, 1),
        (FRI, TUE, 2),
        (date(2026, 2, 13), date(2026, 2, 23), 1),  # Tết (14-22 Feb) is not counted
        (date(2026, 8, 21), date(2026, 8, 24), 2),  # the worked Saturday 22 Aug counts
    ],
)
def test_late_working_days(cal, due, today, days):
    assert late_working_days(due, today, cal) == days
    assert LateDays(today, cal)(due) == days


def test_late_days_of_many_dossiers_agree_with_one_at_a_time(cal):
    today = date(2026, 12, 7)
    late = LateDays(today, cal)
    dues = [date(2026, 12, 4), date(2023, 1, 3), today, date(2025, 9, 1), date(2026, 12, 31)]
    for due in dues + dues[::-1]:
        assert late(due) == late_working_days(due, today, cal), due
