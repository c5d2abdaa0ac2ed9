"""Working days and due dates against real Vietnamese calendars."""

from datetime import date, datetime, time, timedelta

import pytest

from kiosk.calendar import DayOverride, WorkCalendar, load_overrides
from kiosk.errors import InvalidInput


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


def test_calendar_tet_2026_is_off_from_14_to_22_february(cal):
    """Tết Bính Ngọ: Sat 14 Feb to Sun 22 Feb 2026 are all days off, Mon 23 Feb is worked."""
    for offset in range(9):
        assert not cal.is_working_day(date(2026, 2, 14) + timedelta(days=offset))
    assert cal.is_working_day(date(2026, 2, 13))
    assert cal.is_working_day(date(2026, 2, 23))


@pytest.mark.parametrize("saturday", [date(2024, 5, 4), date(2025, 4, 26)])
def test_calendar_swapped_saturdays_are_working_days(cal, saturday):
    """Saturdays worked in exchange for a bridging day off count as working days."""
    assert saturday.weekday() == 5
    assert cal.is_working_day(saturday)


def test_due_date_skips_tet(cal):
    """Received Friday 13 Feb 2026 with 3 working days: 23, 24, 25 Feb."""
    assert cal.due_date(datetime(2026, 2, 13, 9, 0), 3) == date(2026, 2, 25)


def test_due_date_counts_a_swapped_saturday(cal):
    """Received Fri 25 Apr 2025 with 1 day: the worked Saturday 26 Apr is day one."""
    assert cal.due_date(datetime(2025, 4, 25, 9, 0), 1) == date(2025, 4, 26)


def test_due_date_sunday_receipt_counts_from_monday(cal):
    """A dossier received on Sunday 6 Dec 2026: day 1 is Monday 7, day 2 Tuesday 8."""
    assert cal.due_date(datetime(2026, 12, 6, 10, 0), 1) == date(2026, 12, 7)
    assert cal.due_date(datetime(2026, 12, 6, 10, 0), 2) == date(2026, 12, 8)


def test_due_date_day_of_receipt_not_counted(cal):
    """Received Monday 7 Dec 2026 with 1 working day: Tuesday."""
    assert cal.due_date(datetime(2026, 12, 7, 8, 0), 1) == date(2026, 12, 8)


def test_due_date_crosses_national_day_2026(cal):
    """28 Aug 2026 (Fri) + 2: Aug 31, Sep 1 and 2 are off, so Thu 3 and Fri 4 Sep."""
    assert cal.due_date(datetime(2026, 8, 28, 9, 0), 2) == date(2026, 9, 4)


@pytest.mark.parametrize(
    "when, expected",
    [
        (datetime(2026, 12, 7, 14, 59), date(2026, 12, 7)),
        (datetime(2026, 12, 7, 15, 0), date(2026, 12, 7)),
        (datetime(2026, 12, 7, 15, 1), date(2026, 12, 8)),
        (datetime(2026, 12, 4, 16, 0), date(2026, 12, 7)),  # Friday after the cut-off: Monday
        (datetime(2026, 12, 5, 9, 0), date(2026, 12, 7)),  # Saturday: next working day
    ],
)
def test_due_date_same_day_procedure_cutoff(cal, when, expected):
    """--days 0: same day before 15:00 on a working day, else the next working day."""
    assert cal.due_date(when, 0) == expected


def test_due_date_same_day_custom_cutoff(cal):
    assert cal.due_date(datetime(2026, 12, 7, 11, 0), 0, time(10, 30)) == date(2026, 12, 8)


def test_due_date_refuses_negative_limit(cal):
    with pytest.raises(InvalidInput, match="không thể âm"):
        cal.due_date(datetime(2026, 12, 7, 9), -1)


def test_override_makes_a_day_off_and_a_saturday_worked():
    """Overrides win over the package both ways."""
    cal = WorkCalendar(
        [
            DayOverride(date(2026, 12, 8), False, "Nghỉ đột xuất"),
            DayOverride(date(2026, 12, 12), True, "Làm bù"),
        ]
    )
    assert not cal.is_working_day(date(2026, 12, 8))
    assert cal.is_working_day(date(2026, 12, 12))
    assert cal.due_date(datetime(2026, 12, 7, 9), 1) == date(2026, 12, 9)
    assert cal.reason(date(2026, 12, 8)) == "Nghỉ đột xuất"


def test_override_file_with_bad_entry_is_refused(tmp_path):
    bad = tmp_path / "x.toml"
    bad.write_text('[[day]]\ndate = "2026-12-08"\nworking = false\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="mục \\[\\[day\\]\\] thứ 1"):
        load_overrides([bad])


def test_override_file_is_read(tmp_path):
    f = tmp_path / "o.toml"
    f.write_text(
        '[[day]]\ndate = 2027-02-13\nworking = true\nreason = "Làm bù"\n', encoding="utf-8"
    )
    [o] = load_overrides([f]).days
    assert o == DayOverride(date(2027, 2, 13), True, "Làm bù")


def test_year_listing_contains_tet_and_worked_saturday(cal):
    days = {d.day: d for d in cal.year(2025)}
    assert days[date(2025, 4, 26)].working
    assert not days[date(2025, 1, 29)].working
    assert date(2025, 1, 4) not in days  # an ordinary Saturday is not listed
