"""The deadline watch with a fixed clock: dossiers walk across a due date, a weekend, a day off
and a swapped working Saturday; a supplement request stops the clock; the apology is due from the
working day before the due date, once."""

from datetime import date, datetime

import pytest

from kiosk.calendar import DayOverride, WorkCalendar
from kiosk.deadline_watch import LATE, TODAY, TOMORROW, DeadlineWatch
from kiosk.dossier_types import DossierStatus, ItemCounts
from kiosk.models import Dossier
from tests.factories import MONDAY, PERSON, complete_draft, make_reception

HOLIDAY = date(2026, 12, 14)  # a Monday off
SWAPPED_SATURDAY = date(2026, 12, 19)  # a Saturday worked
CALENDAR = WorkCalendar(
    [DayOverride(HOLIDAY, False, "Nghỉ đột xuất"), DayOverride(SWAPPED_SATURDAY, True, "Làm bù")]
)


@pytest.fixture
def reception(store, tmp_path):
    return make_reception(store, tmp_path)


def accepted(store, reception, version_id, due: date, *, when=MONDAY) -> str:
    snap = complete_draft(reception, version_id, when)
    reception.accept(snap.id, None, when)
    with store.sessions.begin() as s:
        s.get(Dossier, snap.id).due_date = due
    return snap.id


def where(board, dossier_id):
    return next((d for d in board.dossiers if d.id == dossier_id), None)


def test_a_dossier_walks_across_its_due_date_a_weekend_and_a_day_off(store, version_id, reception):
    # accepted Monday 07/12 for 3 working days: due Thursday 10/12 (the real calculation)
    snap = complete_draft(reception, version_id)
    decision = reception.accept(snap.id, None, MONDAY)
    assert decision.dossier.due_date == date(2026, 12, 10)
    watch = DeadlineWatch(store.reads, CALENDAR)
    dossier_id = snap.id

    board = watch.board(date(2026, 12, 8))
    assert where(board, dossier_id) is None
    assert (board.due_today, board.due_tomorrow, board.late, board.apology_due) == (0, 0, 0, 0)

    board = watch.board(date(2026, 12, 9))  # the working day before: due tomorrow, apologise now
    row = where(board, dossier_id)
    assert (row.group, row.late_days, row.apology_due, row.apology_late) == (
        TOMORROW,
        0,
        True,
        False,
    )
    assert (board.due_today, board.due_tomorrow, board.late, board.apology_due) == (0, 1, 0, 1)
    assert row.code == decision.dossier.code and row.applicant == PERSON.full_name
    assert row.procedure == "Đăng ký khai sinh" and row.procedure_code == "1.001193"

    row = where(watch.board(date(2026, 12, 10)), dossier_id)
    assert (row.group, row.late_days, row.apology_late) == (TODAY, 0, True)

    expected_late = {
        date(2026, 12, 11): 1,
        date(2026, 12, 12): 1,
        date(2026, 12, 13): 1,
        HOLIDAY: 1,
        date(2026, 12, 15): 2,
        date(2026, 12, 19): 6,
        date(2026, 12, 21): 7,
    }
    for today, late in expected_late.items():
        board = watch.board(today)
        row = where(board, dossier_id)
        assert (row.group, row.late_days) == (LATE, late), today
        assert board.late == 1 and board.due_today == 0


def test_tomorrow_is_the_next_working_day(store, version_id, reception):
    """Friday's "tomorrow" skips the weekend and the Monday off; the swapped Saturday is one."""
    watch = DeadlineWatch(store.reads, CALENDAR)
    after_day_off = accepted(store, reception, version_id, date(2026, 12, 15))
    on_saturday = accepted(store, reception, version_id, SWAPPED_SATURDAY)
    monday = accepted(store, reception, version_id, date(2026, 12, 21))

    board = watch.board(date(2026, 12, 11))  # Friday: next working day is Tuesday 15/12
    assert board.next_working_day == date(2026, 12, 15)
    assert where(board, after_day_off).group == TOMORROW
    assert where(board, on_saturday) is None

    board = watch.board(date(2026, 12, 18))  # Friday before the worked Saturday
    assert board.next_working_day == SWAPPED_SATURDAY
    assert where(board, on_saturday).group == TOMORROW
    assert where(board, monday) is None  # not yet: Saturday is a working day
    plain = DeadlineWatch(store.reads, WorkCalendar())  # without the swap, Monday is tomorrow
    assert where(plain.board(date(2026, 12, 18)), monday).group == TOMORROW

    board = watch.board(SWAPPED_SATURDAY)
    assert where(board, on_saturday).group == TODAY
    assert where(board, monday).group == TOMORROW
    assert (board.due_today, board.due_tomorrow, board.late) == (1, 1, 1)


def test_late_first_and_counts_beyond_the_list(store, version_id, reception):
    late = accepted(store, reception, version_id, date(2026, 12, 8))
    later = accepted(store, reception, version_id, date(2026, 12, 9))
    today = accepted(store, reception, version_id, date(2026, 12, 10))
    tomorrow = accepted(store, reception, version_id, date(2026, 12, 11))
    accepted(store, reception, version_id, date(2026, 12, 16))  # not yet watched
    board = DeadlineWatch(store.reads, CALENDAR).board(date(2026, 12, 10), limit=3)
    assert [d.id for d in board.dossiers] == [late, later, today]
    assert [d.late_days for d in board.dossiers] == [2, 1, 0]
    assert (board.due_today, board.due_tomorrow, board.late, board.apology_due) == (1, 1, 2, 4)
    full = DeadlineWatch(store.reads, CALENDAR).board(date(2026, 12, 10))
    assert [d.id for d in full.group(TOMORROW)] == [tomorrow]


def test_only_a_running_clock_is_watched_and_the_apology_goes_once(store, version_id, reception):
    """Result at the desk, returned, refused or waiting for a supplement: not watched. A date
    already reset (the apology went out) stays watched but no apology is due again."""
    ids = {
        status: accepted(store, reception, version_id, date(2026, 12, 9))
        for status in DossierStatus
    }
    reset = accepted(store, reception, version_id, date(2026, 12, 9))
    with store.sessions.begin() as s:
        for status, dossier_id in ids.items():
            s.get(Dossier, dossier_id).status = status
        s.get(Dossier, reset).due_date_reset = True
    board = DeadlineWatch(store.reads, CALENDAR).board(date(2026, 12, 10))
    assert {d.id for d in board.dossiers} == {ids[DossierStatus.ACCEPTED], reset}
    assert board.late == 2 and board.apology_due == 1
    assert [d.id for d in board.apologies] == [ids[DossierStatus.ACCEPTED]]
    assert where(board, reset).apology_due is False


def test_a_supplement_request_stops_the_clock_and_it_restarts_from_zero(
    store, version_id, reception
):
    watch = DeadlineWatch(store.reads, CALENDAR)
    snap = reception.create_draft(version_id, None, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    missing = [i.id for i in snap.items if i.required]
    reception.request_supplement(snap.id, None, missing, "Thiếu giấy chứng sinh")
    # waiting for the papers: whatever the day, the dossier is not counted against a due date
    assert where(watch.board(date(2026, 12, 21)), snap.id) is None
    reception.resume(snap.id, None)
    complete = complete_draft(reception, version_id)  # a second, complete dossier for contrast
    reception.set_counts(snap.id, {i: ItemCounts(originals=1) for i in missing})
    back = datetime(2026, 12, 16, 9, 0)  # the papers come back on Wednesday 16/12
    decision = reception.accept(snap.id, None, back)
    assert decision.dossier.due_date == date(2026, 12, 21)  # 3 working days from 16/12
    reception.accept(complete.id, None, MONDAY)
    board = watch.board(date(2026, 12, 18))
    assert where(board, snap.id) is None  # due Monday: the Saturday is worked first
    assert where(board, complete.id).late_days == 5
    assert where(watch.board(SWAPPED_SATURDAY), snap.id).group == TOMORROW
