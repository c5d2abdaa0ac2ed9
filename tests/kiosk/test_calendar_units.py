"""Due dates for limits in calendar days, hours and months (issue #10), on the real calendar."""

from datetime import date, datetime

import pytest

from kiosk.calendar import WorkCalendar
from kiosk.errors import InvalidInput

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("received", "value", "unit", "due"),
    [
        # 15 calendar days from Friday 04/12/2026 is Saturday 19/12: a day off → Monday 21/12
        (datetime(2026, 12, 4, 10), 15, "day", date(2026, 12, 21)),
        # calendar days run through Tết; the last day 17/02/2026 is in the Tết holiday
        (datetime(2026, 2, 2, 9), 15, "day", date(2026, 2, 23)),
        (datetime(2026, 12, 7, 9), 15, "day", date(2026, 12, 22)),
        (datetime(2026, 12, 7, 10), 15, "hour", date(2026, 12, 8)),
        (datetime(2026, 12, 4, 10), 15, "hour", date(2026, 12, 7)),  # Saturday 01:00 → Monday
        (datetime(2026, 1, 31, 10), 1, "month", date(2026, 3, 2)),  # 28/02 is a Saturday
        (datetime(2026, 12, 7, 10), 3, "working_day", date(2026, 12, 10)),
        (datetime(2026, 12, 7, 10), None, "working_day", None),
    ],
)
def test_due_in_each_unit(received, value, unit, due):
    if due is None:
        with pytest.raises(InvalidInput):
            CAL.due(received, value, unit)
        return
    assert CAL.due(received, value, unit) == due


def test_same_day_keeps_the_cutoff():
    assert CAL.due(datetime(2026, 12, 7, 14, 30), 0, "same_day") == date(2026, 12, 7)
    assert CAL.due(datetime(2026, 12, 7, 15, 30), 0, "same_day") == date(2026, 12, 8)


def test_working_days_and_calendar_days_differ():
    received = datetime(2026, 12, 7, 9)
    assert CAL.due(received, 15, "day") < CAL.due(received, 15, "working_day")


@pytest.mark.parametrize("unit", ["variant", "text"])
def test_a_limit_by_case_is_refused_until_the_case_is_picked(unit):
    with pytest.raises(InvalidInput, match="chọn trường hợp"):
        CAL.due(datetime(2026, 12, 7, 9), None, unit)


def test_negative_calendar_days_are_refused():
    with pytest.raises(InvalidInput, match="không hợp lệ"):
        CAL.due(datetime(2026, 12, 7, 9), -1, "day")
