"""Working days and due dates (DESIGN §4.3, regulations.md §5).

- Non-working days: Saturdays, Sundays and public holidays from the ``holidays`` package's Vietnamese
  calendar, which knows swapped days off and the Saturdays worked in exchange; override files
  (``resources/holidays/*.toml``, then newer ones from the central system) win over the package.
- A limit of N working days does not count the day of receipt: the due date is the N-th working
  day after the receipt date, so a receipt on a Sunday counts from Monday.
- N = 0 means a same-day procedure: due the day of receipt when received on a working day before
  the cut-off (15:00 unless the procedure says otherwise), else the next working day.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import holidays

from kiosk.errors import InvalidInput

DEFAULT_CUTOFF = time(15, 0)
_MAX_DAYS = 3650


@dataclass(frozen=True)
class DayOverride:
    """One day whose status a notice fixed differently from the package."""

    day: date
    working: bool
    reason: str


@dataclass(frozen=True)
class CalendarDay:
    """A day worth listing in ``kiosk calendar show``: a day off or a working weekend day."""

    day: date
    working: bool
    reason: str


def load_overrides(paths: Iterable[Path]) -> list[DayOverride]:
    """Read override files in order; raise InvalidInput naming the file and entry on a bad one."""
    found: list[DayOverride] = []
    for path in paths:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InvalidInput(f"Không đọc được tệp lịch nghỉ {path}: {exc}",
                               english=f"Cannot read holiday file {path}: {exc}") from None
        for i, entry in enumerate(data.get("day", []), start=1):
            day, working = entry.get("date"), entry.get("working")
            if not isinstance(day, date) or isinstance(day, datetime) or not isinstance(working, bool):
                raise InvalidInput(
                    f"Tệp lịch nghỉ {path}, mục [[day]] thứ {i}: cần “date = YYYY-MM-DD” "
                    "và “working = true/false”.",
                    english=f"Holiday file {path}, [[day]] #{i}: needs date and working.")
            found.append(DayOverride(day, working, str(entry.get("reason", ""))))
    return found


class WorkCalendar:
    """The Vietnamese civil-service working-day calendar with local overrides.

    Pure and thread-safe after construction (the package's year cache is filled under the GIL).
    """

    def __init__(self, overrides: Iterable[DayOverride] = ()) -> None:
        self._overrides = {o.day: o for o in overrides}
        self._vn = holidays.country_holidays("VN", language="vi")
        self._vn_en = holidays.country_holidays("VN", language="en_US")

    def is_working_day(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day].working
        return self._vn.is_working_day(day)

    def reason(self, day: date) -> str:
        """Why a day is off, or worked although a weekend (Vietnamese), or ''."""
        if day in self._overrides:
            return self._overrides[day].reason
        name = self._vn.get(day)
        if name:
            return name
        if day.weekday() >= 5 and self._vn.is_working_day(day):
            return "Ngày làm việc bù"
        return "Thứ Bảy" if day.weekday() == 5 else ("Chủ nhật" if day.weekday() == 6 else "")

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        for _ in range(_MAX_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise InvalidInput("Không tìm thấy ngày làm việc trong 10 năm tới.",
                           english="No working day within ten years.")

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
        if not 1 <= days <= _MAX_DAYS:
            raise InvalidInput(f"Số ngày làm việc {days} phải từ 1 đến {_MAX_DAYS}.",
                               english=f"Working days {days} must be 1-{_MAX_DAYS}.")
        for _ in range(days):
            start = self.next_working_day(start)
        return start

    def due_date(self, received: datetime, days: int, cutoff: time = DEFAULT_CUTOFF) -> date:
        """When the result is due for a dossier received at ``received`` with a limit of ``days``."""
        if days < 0:
            raise InvalidInput(f"Thời hạn giải quyết không thể âm ({days} ngày).",
                               english=f"A time limit cannot be negative ({days}).")
        day = received.date()
        if days == 0:
            same_day = self.is_working_day(day) and received.time() <= cutoff
            return day if same_day else self.next_working_day(day)
        return self.add_working_days(day, days)

    def year(self, year: int) -> list[CalendarDay]:
        """Days off that fall on weekdays, and weekend days that are worked, in one year."""
        listed = []
        day = date(year, 1, 1)
        while day.year == year:
            working = self.is_working_day(day)
            weekend = day.weekday() >= 5
            if working == weekend or day in self._overrides:
                listed.append(CalendarDay(day, working, self.reason(day)))
            day += timedelta(days=1)
        return listed


def default_override_paths(extra_dir: Path | None = None) -> list[Path]:
    """Bundled override files, then those the central system stored under ``extra_dir``."""
    from kiosk.paths import resource

    paths = sorted(resource("holidays").glob("*.toml"))
    if extra_dir is not None and extra_dir.is_dir():
        paths += sorted(extra_dir.glob("*.toml"))
    return paths


def office_calendar(holidays_dir: Path | None) -> WorkCalendar:
    """This machine's calendar: the package, the bundled overrides, then those the central system sent
    (``holidays_dir``, ``AppPaths.holidays``). Reads a few small files: call it off the UI thread."""
    return WorkCalendar(load_overrides(default_override_paths(holidays_dir)))
