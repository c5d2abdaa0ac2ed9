"""Working days and due dates (DESIGN §4.3, regulations.md §5).

- Non-working days: Saturdays, Sundays and public holidays from the ``holidays`` package's
  Vietnamese calendar, which knows swapped days off and the Saturdays worked in exchange; calendar
  data files (``resources/holidays/*.toml``, then newer ones from the central system) win over the
  package.
- A limit of N working days does not count the day of receipt: the due date is the N-th working
  day after the receipt date, so a receipt on a Sunday counts from Monday.
- N = 0 means a same-day procedure: due the day of receipt when received on a working day before
  the cut-off (15:00 unless the procedure says otherwise), else the next working day.

Calendar data files hold three kinds of entry, each with an optional ``source`` and
``source_kind`` ("primary": the text itself was read; "secondary": a report quoting it):

- ``[[day]]`` ``date``, ``working``, ``reason``: a day fixed by a notice (a swapped day off, a
  Saturday worked). It wins over everything else.
- ``[[holiday]]`` ``date``, ``name``, ``enabled``: a named day off on one date, or, with
  ``enabled = false``, a holiday (from the package or from ``[[annual]]``) switched off on that
  date, together with its compensatory day.
- ``[[annual]]`` ``name``, ``month``, ``day``, ``since``, ``until``, ``enabled``: a paid day off
  every year, with the compensatory next working day when it falls on a weekend (Labour Code
  Art. 111). It replaces the package's holiday of the same name; a later file's entry of the same
  name replaces an earlier one (``enabled = false`` switches it off for every year).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import holidays

from kiosk.errors import InvalidInput

DEFAULT_CUTOFF = time(15, 0)
_MAX_DAYS = 3650
SOURCE_KINDS = {"primary": "nguồn gốc", "secondary": "nguồn thứ cấp"}
OBSERVED = " (nghỉ bù)"


@dataclass(frozen=True)
class DayOverride:
    """One day whose status a notice fixed differently from the package."""

    day: date
    working: bool
    reason: str
    source: str = ""
    source_kind: str = ""


@dataclass(frozen=True)
class HolidaySwitch:
    """A named day off on one date, or (``enabled=False``) a holiday switched off on that date."""

    day: date
    enabled: bool
    name: str = ""
    source: str = ""
    source_kind: str = ""


@dataclass(frozen=True)
class AnnualHoliday:
    """A paid day off on ``month``/``day`` every year from ``since`` (to ``until``, inclusive)."""

    name: str
    month: int
    day: int
    since: int
    until: int | None = None
    enabled: bool = True
    source: str = ""
    source_kind: str = ""
    note: str = ""

    def on(self, year: int) -> date | None:
        if not self.enabled or year < self.since or (self.until is not None and year > self.until):
            return None
        return date(year, self.month, self.day)


@dataclass(frozen=True)
class CalendarData:
    """Everything read from the calendar data files, in file order."""

    days: tuple[DayOverride, ...] = ()
    holidays: tuple[HolidaySwitch, ...] = ()
    annual: tuple[AnnualHoliday, ...] = ()


@dataclass(frozen=True)
class CalendarDay:
    """A day worth listing in ``kiosk calendar show``: a day off or a working weekend day."""

    day: date
    working: bool
    reason: str
    source: str = ""
    source_kind: str = ""
    note: str = ""


class _Entry:
    """Typed access to one TOML table, with Vietnamese errors naming the file and the entry."""

    def __init__(self, path: Path, table: str, index: int, raw: Any) -> None:
        self.where = f"Tệp lịch nghỉ {path}, mục [[{table}]] thứ {index}"
        self.where_en = f"Holiday file {path}, [[{table}]] #{index}"
        if not isinstance(raw, dict):
            self.fail("phải là một bảng khóa = giá trị", "must be a table")
        self.raw = raw

    def fail(self, vi: str, en: str):
        raise InvalidInput(f"{self.where}: {vi}.", english=f"{self.where_en}: {en}.")

    def get(
        self,
        key: str,
        kind: type | tuple[type, ...],
        default: Any = None,
        *,
        required: bool = False,
    ) -> Any:
        value = self.raw.get(key, default)
        if value is None and not required:
            return default
        if kind is date:  # a TOML local date, not a date-time
            ok = isinstance(value, date) and not isinstance(value, datetime)
        elif kind is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, kind)
        if not ok:
            expected = {
                date: "YYYY-MM-DD",
                bool: "true/false",
                int: "số nguyên",
                str: "chuỗi trong ngoặc kép",
            }.get(kind, str(kind))
            self.fail(f"cần “{key} = {expected}”", f"needs {key} ({expected})")
        return value

    def source(self) -> tuple[str, str]:
        source, kind = self.get("source", str, ""), self.get("source_kind", str, "")
        if kind and kind not in SOURCE_KINDS:
            self.fail(
                "“source_kind” phải là “primary” hoặc “secondary”",
                "source_kind must be primary or secondary",
            )
        return source, kind


def _tables(path: Path, data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InvalidInput(
            f"Tệp lịch nghỉ {path}: “{key}” phải là danh sách [[{key}]].",
            english=f"Holiday file {path}: {key} must be an array of tables.",
        )
    return value


def load_overrides(paths: Iterable[Path]) -> CalendarData:
    """Read calendar data files in order; InvalidInput names the file and entry of a bad one."""
    days: list[DayOverride] = []
    switches: list[HolidaySwitch] = []
    annual: list[AnnualHoliday] = []
    for path in paths:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InvalidInput(
                f"Không đọc được tệp lịch nghỉ {path}: {exc}",
                english=f"Cannot read holiday file {path}: {exc}",
            ) from None
        for i, raw in enumerate(_tables(path, data, "day"), start=1):
            e = _Entry(path, "day", i, raw)
            if not isinstance(raw.get("date"), date) or not isinstance(raw.get("working"), bool):
                e.fail(
                    "cần “date = YYYY-MM-DD” và “working = true/false”", "needs date and working"
                )
            days.append(
                DayOverride(
                    e.get("date", date, required=True),
                    raw["working"],
                    e.get("reason", str, ""),
                    *e.source(),
                )
            )
        for i, raw in enumerate(_tables(path, data, "holiday"), start=1):
            e = _Entry(path, "holiday", i, raw)
            switches.append(
                HolidaySwitch(
                    e.get("date", date, required=True),
                    e.get("enabled", bool, True),
                    e.get("name", str, ""),
                    *e.source(),
                )
            )
        for i, raw in enumerate(_tables(path, data, "annual"), start=1):
            e = _Entry(path, "annual", i, raw)
            month, day = e.get("month", int, required=True), e.get("day", int, required=True)
            try:
                date(2023, month, day)  # not a leap year: 29/2 is no annual holiday
            except (ValueError, OverflowError):
                e.fail(f"ngày {day}/{month} không có thật", f"{day}/{month} is not a real date")
            since, until = e.get("since", int, 1), e.get("until", int)
            if not 1 <= since <= 9999 or (until is not None and not since <= until <= 9999):
                e.fail(
                    "“since”/“until” phải là năm từ 1 đến 9999, since ≤ until",
                    "since/until must be years 1-9999, since <= until",
                )
            name = e.get("name", str, required=True).strip()
            if not name:
                e.fail("thiếu tên ngày nghỉ (“name”)", "the name is empty")
            annual.append(
                AnnualHoliday(
                    name,
                    month,
                    day,
                    since,
                    until,
                    e.get("enabled", bool, True),
                    *e.source(),
                    note=e.get("note", str, ""),
                )
            )
    return CalendarData(tuple(days), tuple(switches), tuple(annual))


def _weekend(day: date) -> bool:
    return day.weekday() >= 5


class WorkCalendar:
    """The Vietnamese civil-service working-day calendar with local calendar data.

    ``overrides`` is what ``load_overrides`` read, or just ``[[day]]`` overrides. Pure and
    thread-safe after construction (the package's year cache and this class's caches of years and
    of answers are filled under the GIL; an answer computed twice is the same).
    """

    def __init__(self, overrides: CalendarData | Iterable[DayOverride] = ()) -> None:
        data = overrides if isinstance(overrides, CalendarData) else CalendarData(tuple(overrides))
        self._overrides = {o.day: o for o in data.days}
        self._switches = {h.day: h for h in data.holidays}
        annual = {a.name: a for a in data.annual}  # a later file's entry replaces an earlier one
        self._annual = tuple(annual.values())
        self._replaced = tuple(annual)  # the package's holidays that the data defines instead
        self._vn = holidays.country_holidays("VN", language="vi")
        self._years: dict[int, dict[date, tuple[str, AnnualHoliday]]] = {}
        self._working: dict[date, bool] = {}  # is_working_day's answers (the calendar is fixed)

    # --- the layers, from the bottom --------------------------------------------------------------

    def _package_names(self, day: date) -> list[str]:
        """The package's holidays on ``day``, less those the data replaces or switches off."""
        names = [n for n in self._vn.get_list(day) if not n.startswith(self._replaced)]
        for back in range(1, 8):  # a switched-off holiday's compensatory day goes with it
            off = self._switches.get(day - timedelta(days=back))
            if off is not None and not off.enabled:
                gone = tuple(n + OBSERVED for n in self._vn.get_list(off.day))
                names = [n for n in names if not n.startswith(gone)]
        return names

    def _package_working(self, day: date) -> bool:
        if self._package_names(day):
            return False
        if day in self._vn:  # only holidays the data replaced: an ordinary day
            return not _weekend(day)
        return self._vn.is_working_day(day)

    def _data_holidays(self, year: int) -> dict[date, tuple[str, AnnualHoliday]]:
        """``[[annual]]`` days off of ``year`` (and their compensatory days), not switched off."""
        found = self._years.get(year)
        if found is not None:
            return found
        found = {}
        for a in self._annual:
            day = a.on(year)
            if day is not None and not (day in self._switches and not self._switches[day].enabled):
                found[day] = (a.name, a)
        for day, (name, a) in sorted(found.items()):
            if _weekend(day):
                sub = day + timedelta(days=1)
                while _weekend(sub) or sub in found or self._package_names(sub):
                    sub += timedelta(days=1)
                found.setdefault(sub, (name + OBSERVED, a))
        self._years[year] = found
        return found

    def _data_holiday(self, day: date) -> tuple[str, AnnualHoliday] | None:
        return self._data_holidays(day.year).get(day) or (
            self._data_holidays(day.year - 1).get(day) if day.month == 1 else None
        )

    # --- queries --------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        working = self._working.get(day)
        if working is None:
            working = self._working[day] = self._is_working_day(day)
        return working

    def _is_working_day(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day].working
        switch = self._switches.get(day)
        if switch is not None:
            return not switch.enabled and (not _weekend(day) or self._vn.is_working_day(day))
        if self._data_holiday(day) is not None:
            return False
        return self._package_working(day)

    def describe(self, day: date) -> CalendarDay:
        """Whether ``day`` is worked, why (Vietnamese, '' for an ordinary day) and the source."""
        working = self.is_working_day(day)
        if day in self._overrides:
            o = self._overrides[day]
            return CalendarDay(day, working, o.reason, o.source, o.source_kind)
        switch = self._switches.get(day)
        if switch is not None and switch.enabled:
            return CalendarDay(
                day, working, switch.name or "Ngày nghỉ", switch.source, switch.source_kind
            )
        if switch is not None:  # switched off
            names = [a.name for a in self._annual if a.on(day.year) == day]
            names += [n for n in self._vn.get_list(day) if not n.startswith(self._replaced)]
            now = "làm việc bình thường" if working else "vẫn là ngày nghỉ cuối tuần"
            return CalendarDay(
                day,
                working,
                f"{'; '.join(names) or 'Ngày nghỉ'}: đã tắt, {now}",
                switch.source,
                switch.source_kind,
            )
        data = self._data_holiday(day)
        if data is not None:
            a = data[1]
            return CalendarDay(day, working, data[0], a.source, a.source_kind, a.note)
        names = self._package_names(day)
        if names:
            return CalendarDay(day, working, "; ".join(names))
        if _weekend(day) and working:
            return CalendarDay(day, working, "Ngày làm việc bù")
        return CalendarDay(
            day,
            working,
            "Thứ Bảy" if day.weekday() == 5 else ("Chủ nhật" if day.weekday() == 6 else ""),
        )

    def reason(self, day: date) -> str:
        """Why a day is off, or worked although a weekend (Vietnamese), or ''."""
        return self.describe(day).reason

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        for _ in range(_MAX_DAYS):
            day += timedelta(days=1)
            if self.is_working_day(day):
                return day
        raise InvalidInput(
            "Không tìm thấy ngày làm việc trong 10 năm tới.",
            english="No working day within ten years.",
        )

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
        if not 1 <= days <= _MAX_DAYS:
            raise InvalidInput(
                f"Số ngày làm việc {days} phải từ 1 đến {_MAX_DAYS}.",
                english=f"Working days {days} must be 1-{_MAX_DAYS}.",
            )
        for _ in range(days):
            start = self.next_working_day(start)
        return start

    def due_date(self, received: datetime, days: int, cutoff: time = DEFAULT_CUTOFF) -> date:
        """When the result is due for a dossier received at ``received``, limit ``days``."""
        if days < 0:
            raise InvalidInput(
                f"Thời hạn giải quyết không thể âm ({days} ngày).",
                english=f"A time limit cannot be negative ({days}).",
            )
        day = received.date()
        if days == 0:
            same_day = self.is_working_day(day) and received.time() <= cutoff
            return day if same_day else self.next_working_day(day)
        return self.add_working_days(day, days)

    def due(
        self,
        received: datetime,
        value: float | None,
        unit: str | None,
        cutoff: time = DEFAULT_CUTOFF,
    ) -> date:
        """The due date for a limit in its own unit (issue #10): ``working_day`` (None),
        ``same_day``, ``day`` (calendar days), ``hour``, ``month``, ``year``.

        Calendar days, months and years run on the calendar from the day of receipt; a period
        whose last day is a day off ends on the next working day (Bộ luật Dân sự 2015, Điều 148).
        Hours run on the clock from the moment of receipt, with the same rule for a day off.
        A limit that depends on the case (``variant``) or is only text cannot be computed: the
        officer picks the case first.
        """
        unit = unit or "working_day"
        if unit == "same_day":
            return self.due_date(received, 0, cutoff)
        if unit not in ("working_day", "day", "hour", "month", "year") or value is None:
            raise InvalidInput(
                "Thời hạn của thủ tục này tùy trường hợp hoặc chưa xác định: hãy "
                "chọn trường hợp cụ thể trước khi tính ngày hẹn trả.",
                english="This time limit depends on the case; pick the case first.",
            )
        if unit == "working_day":
            return self.due_date(received, int(value), cutoff)
        if value < 0 or value > _MAX_DAYS * (24 if unit == "hour" else 1):
            raise InvalidInput(
                f"Thời hạn giải quyết {value} không hợp lệ (âm hoặc quá lớn).",
                english=f"Time limit {value} is out of range.",
            )
        if unit == "hour":
            end = (received + timedelta(hours=value)).date()
        elif unit == "day":
            end = received.date() + timedelta(days=int(value))
        else:
            months = int(value) * (12 if unit == "year" else 1)
            end = _add_months(received.date(), months)
        return end if self.is_working_day(end) else self.next_working_day(end)

    def year(self, year: int) -> list[CalendarDay]:
        """Days off that fall on weekdays, weekend days that are worked, and every day the calendar
        data names, in one year."""
        listed = []
        day = date(year, 1, 1)
        while day.year == year:
            working = self.is_working_day(day)
            if working == _weekend(day) or day in self._overrides or day in self._switches:
                listed.append(self.describe(day))
            day += timedelta(days=1)
        return listed


def _add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def default_override_paths(extra_dir: Path | None = None) -> list[Path]:
    """Bundled override files, then those the central system stored under ``extra_dir``."""
    from kiosk.paths import resource

    paths = sorted(resource("holidays").glob("*.toml"))
    if extra_dir is not None and extra_dir.is_dir():
        paths += sorted(extra_dir.glob("*.toml"))
    return paths


def office_calendar(holidays_dir: Path | None) -> WorkCalendar:
    """This machine's calendar: the package, the bundled overrides, then those the central system
    sent (``holidays_dir``, ``AppPaths.holidays``). Reads a few small files: off the UI thread."""
    return WorkCalendar(load_overrides(default_override_paths(holidays_dir)))
