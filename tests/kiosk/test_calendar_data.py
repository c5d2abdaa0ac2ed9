"""Calendar data: New Year 2026 (a secondary source), 24/11 as data that can be switched off."""

from datetime import date, datetime

import pytest

from kiosk.calendar import (
    AnnualHoliday,
    CalendarData,
    HolidaySwitch,
    WorkCalendar,
    default_override_paths,
    load_overrides,
)
from kiosk.errors import InvalidInput
from kiosk.paths import resource
from tests.app.test_cli import kiosk

CULTURE = "Ngày Văn hóa Việt Nam"


@pytest.fixture(scope="module")
def bundled():
    return WorkCalendar(load_overrides(default_override_paths()))


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_new_year_2026_days_off_and_worked_saturday(bundled):
    """Off Thu 1/1 to Sun 4/1/2026; Friday 2/1 swapped with Saturday 10/1, which is worked."""
    assert [bundled.is_working_day(date(2026, 1, d)) for d in range(1, 6)] == [
        False,
        False,
        False,
        False,
        True,
    ]
    assert bundled.is_working_day(date(2026, 1, 10))
    assert not bundled.is_working_day(date(2026, 1, 11))
    # Wed 31/12/2025 + 2 working days: Mon 5/1 and Tue 6/1; Fri 9/1 + 1: the worked Saturday
    assert bundled.due_date(datetime(2025, 12, 31, 9), 2) == date(2026, 1, 6)
    assert bundled.due_date(datetime(2026, 1, 9, 9), 1) == date(2026, 1, 10)


def test_new_year_2026_is_marked_secondary(bundled):
    for day in (date(2026, 1, 2), date(2026, 1, 10)):
        d = bundled.describe(day)
        assert "12729/VPCP-KGVX" in d.source and "25/12/2025" in d.source
        assert d.source_kind == "secondary"
    listed = {d.day for d in bundled.year(2026)}
    assert {date(2026, 1, 2), date(2026, 1, 10)} <= listed


def test_every_bundled_entry_names_its_source():
    data = load_overrides(sorted(resource("holidays").glob("*.toml")))
    entries = [*data.days, *data.holidays, *data.annual]
    assert entries
    for e in entries:
        assert e.source.strip() and e.source_kind in ("primary", "secondary"), e


def test_culture_day_comes_from_the_data_with_its_source(bundled):
    d = bundled.describe(date(2026, 11, 24))
    assert not d.working and d.reason == CULTURE
    assert d.source_kind == "secondary" and "80-NQ/TW" in d.source and "chưa xác minh" in d.note
    assert bundled.is_working_day(date(2025, 11, 24))  # since 2026


def test_culture_day_switched_off_for_one_date(tmp_path):
    off = write(
        tmp_path,
        "z.toml",
        "[[holiday]]\ndate = 2026-11-24\nenabled = false\n"
        'source = "Thông báo thử"\nsource_kind = "primary"\n',
    )
    cal = WorkCalendar(load_overrides([*default_override_paths(), off]))
    assert cal.is_working_day(date(2026, 11, 24))
    assert not cal.is_working_day(date(2027, 11, 24))
    d = cal.describe(date(2026, 11, 24))
    assert d.working and d.reason == CULTURE + ": đã tắt, làm việc bình thường"
    assert d.source == "Thông báo thử"
    assert cal.due_date(datetime(2026, 11, 23, 9), 1) == date(2026, 11, 24)


def test_weekend_culture_day_gives_a_compensatory_monday_that_goes_with_it(tmp_path, bundled):
    """24/11/2029 is a Saturday: Monday 26/11 is off (Labour Code Art. 111), unless switched off."""
    assert date(2029, 11, 24).weekday() == 5
    assert not bundled.is_working_day(date(2029, 11, 26))
    assert bundled.reason(date(2029, 11, 26)) == CULTURE + " (nghỉ bù)"
    off = write(tmp_path, "z.toml", "[[holiday]]\ndate = 2029-11-24\nenabled = false\n")
    cal = WorkCalendar(load_overrides([*default_override_paths(), off]))
    assert cal.is_working_day(date(2029, 11, 26))
    assert not cal.is_working_day(date(2029, 11, 24))  # still a Saturday
    assert cal.reason(date(2029, 11, 24)) == CULTURE + ": đã tắt, vẫn là ngày nghỉ cuối tuần"


def test_package_holiday_switched_off_takes_its_compensatory_day(tmp_path):
    """Without the data file the package holds 24/11; switching off works on it the same way."""
    package = WorkCalendar()
    assert not package.is_working_day(date(2029, 11, 26))
    cal = WorkCalendar(CalendarData(holidays=(HolidaySwitch(date(2029, 11, 24), False),)))
    assert cal.is_working_day(date(2029, 11, 26))
    assert cal.reason(date(2029, 11, 26)) == ""
    cal = WorkCalendar(CalendarData(holidays=(HolidaySwitch(date(2026, 9, 2), False),)))
    assert cal.is_working_day(date(2026, 9, 2)) and not cal.is_working_day(date(2026, 9, 1))


def test_annual_entry_switched_off_for_every_year(tmp_path):
    later = write(
        tmp_path,
        "z.toml",
        f'[[annual]]\nname = "{CULTURE}"\nmonth = 11\nday = 24\nenabled = false\n',
    )
    cal = WorkCalendar(load_overrides([*default_override_paths(), later]))
    for year in (2026, 2027, 2028):
        assert cal.is_working_day(date(year, 11, 24))  # the package's copy does not come back
    assert cal.is_working_day(date(2029, 11, 26))  # nor its compensatory day
    assert not cal.is_working_day(date(2026, 9, 2))


def test_a_named_holiday_on_one_date():
    switch = HolidaySwitch(date(2026, 12, 9), True, "Nghỉ đột xuất", "Quyết định thử", "primary")
    cal = WorkCalendar(CalendarData(holidays=(switch,)))
    assert not cal.is_working_day(date(2026, 12, 9))
    assert cal.describe(date(2026, 12, 9)).reason == "Nghỉ đột xuất"


def test_annual_since_and_until():
    a = AnnualHoliday("Ngày thử", 3, 16, since=2027, until=2028)
    cal = WorkCalendar(CalendarData(annual=(a,)))
    assert [cal.is_working_day(date(y, 3, 16)) for y in (2026, 2027, 2028, 2029)] == [
        True,
        False,
        False,
        True,
    ]


@pytest.mark.parametrize(
    "text, words",
    [
        ('[[day]]\ndate = 2026-01-02\nworking = false\nsource_kind = "tertiary"\n', "source_kind"),
        ("[[holiday]]\nenabled = false\n", "[[holiday]] thứ 1"),
        ("[[holiday]]\ndate = 2026-11-24T00:00:00\nenabled = false\n", "YYYY-MM-DD"),
        ('[[holiday]]\ndate = 2026-11-24\nenabled = "no"\n', "enabled"),
        ('[[annual]]\nname = "X"\nmonth = 2\nday = 30\n', "không có thật"),
        ('[[annual]]\nname = "X"\nmonth = 13\nday = 1\n', "không có thật"),
        ('[[annual]]\nname = "X"\nmonth = 1\nday = 1\nsince = 2030\nuntil = 2020\n', "since"),
        ('[[annual]]\nname = " "\nmonth = 1\nday = 1\n', "thiếu tên"),
        ('[[annual]]\nmonth = 1\nday = 99999999999999999999\nname = "X"\n', "không có thật"),
        ("holiday = 5\n", "[[holiday]]"),
        ("holiday = [5]\n", "phải là một bảng"),
    ],
)
def test_bad_calendar_data_is_refused_in_vietnamese(tmp_path, text, words):
    with pytest.raises(InvalidInput) as info:
        load_overrides([write(tmp_path, "bad.toml", text)])
    assert words in str(info.value) and "bad.toml" in str(info.value)


def test_calendar_show_prints_sources():
    result = kiosk("calendar", "show", "2026")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    i = next(k for k, line in enumerate(lines) if line.startswith("2026-01-02"))
    assert "nghỉ" in lines[i] and "nguồn thứ cấp: Công văn 12729/VPCP-KGVX" in lines[i + 1]
    j = next(k for k, line in enumerate(lines) if line.startswith("2026-01-10"))
    assert "làm việc" in lines[j] and "12729/VPCP-KGVX" in lines[j + 1]
    k = next(k for k, line in enumerate(lines) if line.startswith("2026-11-24"))
    assert "nguồn thứ cấp" in lines[k + 1] and "chưa xác minh" in lines[k + 2]
