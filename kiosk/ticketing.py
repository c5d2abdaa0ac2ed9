"""Queue tickets taken by citizens at the kiosk: service areas, office hours, people ahead.

Rules, whatever the screen does:

- service areas are data (``resources/citizen/service_areas.json``): a letter prefix and a name;
- a ticket is given only while the office is open: a working day of the office calendar (weekends
  and holidays off, swapped Saturdays on) within one of the ``hours.office`` spans of the config;
  otherwise the citizen is told, in plain words, when it opens next (FQM #239);
- "people ahead" counts the tickets still waiting before this one: counters call the whole line in
  order (``QueueService.call_next``), whatever the area;
- a card QR may start the visit; it is checked (``kiosk.identity.parse_cccd_qr``) and nothing of
  it is stored: the ticket carries no personal data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from kiosk.calendar import WorkCalendar
from kiosk.errors import InvalidInput
from kiosk.identity import parse_cccd_qr
from kiosk.paths import resource
from kiosk.queueing import QueueService, TicketInfo
from kiosk.timeutil import vietnam_now


@dataclass(frozen=True)
class ServiceArea:
    prefix: str
    vi: str
    en: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssuedTicket:
    ticket: TicketInfo
    area: ServiceArea
    ahead: int

    @property
    def label(self) -> str:
        return self.ticket.label


def load_areas(path: Path | None = None) -> tuple[ServiceArea, ...]:
    path = path or resource("citizen", "service_areas.json")
    try:
        data = json.loads(Path(path).read_text("utf-8"))
        areas = tuple(
            ServiceArea(a["prefix"], a["vi"], a["en"], tuple(a.get("fields", ())))
            for a in data["areas"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            f"Tệp khu vực phục vụ {Path(path).name} không hợp lệ.",
            english=f"Bad service areas file: {exc}",
        ) from None
    prefixes = [a.prefix for a in areas]
    if not areas or len(set(prefixes)) != len(prefixes):
        raise InvalidInput(
            "Danh sách khu vực phục vụ trống hoặc trùng chữ cái.",
            english="Service areas missing or duplicated.",
        )
    return areas


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


class TicketDesk:
    """Gives queue tickets at the kiosk. ``issue`` is one transaction: call it off the UI thread."""

    def __init__(
        self,
        queue: QueueService,
        calendar: WorkCalendar,
        office_hours: tuple[tuple[time, time], ...],
        *,
        areas: tuple[ServiceArea, ...] | None = None,
        clock: Callable[[], datetime] = vietnam_now,
    ) -> None:
        self._queue, self._calendar, self.office_hours = queue, calendar, office_hours
        self.areas = areas or load_areas()
        self._clock = clock

    def now(self) -> datetime:
        return self._clock()

    def hours_text(self) -> str:
        return ", ".join(f"{_hhmm(a)}–{_hhmm(b)}" for a, b in self.office_hours)

    def is_open(self, now: datetime) -> bool:
        if not self._calendar.is_working_day(now.date()):
            return False
        moment = now.time().replace(tzinfo=None)
        return any(a <= moment < b for a, b in self.office_hours)

    def next_opening(self, now: datetime) -> datetime:
        """When the office opens next after ``now`` (``now`` itself if it is open)."""
        day = now.date()
        for _ in range(60):
            if self._calendar.is_working_day(day):
                for start, end in self.office_hours:
                    begin = datetime.combine(day, start, now.tzinfo)
                    if day == now.date() and begin <= now < datetime.combine(day, end, now.tzinfo):
                        return now
                    if begin > now:
                        return begin
            day += timedelta(days=1)
        return now

    def closed_message(self, now: datetime) -> tuple[str, str]:
        """What the kiosk says while closed (Vietnamese, English)."""
        opens = self.next_opening(now)
        when_vi = f"{_hhmm(opens.time())} ngày {opens:%d/%m/%Y}"
        if opens.date() == now.date():
            when_vi = f"{_hhmm(opens.time())} hôm nay"
        return (
            "Bộ phận Một cửa đang ngoài giờ làm việc nên chưa lấy được số thứ tự. "
            f"Giờ làm việc: {self.hours_text()}, các ngày làm việc. Mở cửa lại lúc {when_vi}.",
            "The office is closed, so no ticket can be taken now. Office hours: "
            f"{self.hours_text()} on working days. It opens again at "
            f"{_hhmm(opens.time())} on {opens:%d/%m/%Y}.",
        )

    def area(self, prefix: str) -> ServiceArea:
        for a in self.areas:
            if a.prefix == prefix:
                return a
        raise InvalidInput("Không có khu vực phục vụ này.", english=f"No service area {prefix}.")

    def area_for_field(self, field: str) -> ServiceArea | None:
        return next((a for a in self.areas if field in a.fields), None)

    def issue(self, prefix: str) -> IssuedTicket:
        """A ticket of area ``prefix`` now, with the number of people ahead; InvalidInput when
        the office is closed."""
        area = self.area(prefix)
        now = self._clock()
        if not self.is_open(now):
            vi, en = self.closed_message(now)
            raise InvalidInput(vi, english=en)
        ticket = self._queue.issue(now.date(), area.prefix, area.vi)
        waiting = self._queue.waiting(now.date())
        ahead = next((i for i, t in enumerate(waiting) if t.id == ticket.id), len(waiting))
        return IssuedTicket(ticket, area, ahead)

    @staticmethod
    def check_card(text: str) -> str:
        """Check a scanned citizen-ID QR; return only a greeting name (given name), store nothing.

        Raises InvalidInput with the card parser's Vietnamese message."""
        card = parse_cccd_qr(text)
        return card.full_name.split()[-1] if card.full_name.split() else ""
