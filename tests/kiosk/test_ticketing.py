"""Tickets taken at the kiosk: office hours and calendar, areas as data, people ahead, card QR."""

from __future__ import annotations

from datetime import datetime, time

import pytest
from sqlalchemy import text

from kiosk.calendar import WorkCalendar
from kiosk.errors import InvalidInput
from kiosk.queueing import QueueService
from kiosk.ticketing import TicketDesk, load_areas
from kiosk.timeutil import VIETNAM

HOURS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
CARD = "038090123456|173456789|Nguyễn Văn An|01011990|Nam|Thôn 3, xã Quảng Phú|15082021"


def _desk(store, when):
    return TicketDesk(QueueService(store.sessions), WorkCalendar(), HOURS, clock=lambda: when)


def test_areas_are_data():
    areas = load_areas()
    assert [a.prefix for a in areas] == ["A", "B", "C", "D"]
    assert all(a.vi and a.en for a in areas)


def test_ticket_with_people_ahead(store):
    when = datetime(2026, 12, 7, 9, 0, tzinfo=VIETNAM)  # a Monday
    desk = _desk(store, when)
    first = desk.issue("A")
    second = desk.issue("B")
    third = desk.issue("A")
    assert (first.label, second.label, third.label) == ("A001", "B001", "A002")
    assert (first.ahead, second.ahead, third.ahead) == (0, 1, 2)
    assert third.ticket.service == "Hộ tịch, chứng thực"


@pytest.mark.parametrize(
    "when, opens",
    [
        (datetime(2026, 12, 7, 12, 0), "13:30 hôm nay"),  # lunch break
        (datetime(2026, 12, 7, 17, 0), "07:30 ngày 08/12/2026"),  # closing time
        (datetime(2026, 12, 6, 10, 0), "07:30 ngày 07/12/2026"),  # Sunday
        (datetime(2026, 12, 31, 18, 0), "07:30 ngày 04/01/2027"),  # New Year's Day, weekend
    ],
)
def test_closed_office_says_when_it_opens_and_issues_nothing(store, when, opens):
    desk = _desk(store, when.replace(tzinfo=VIETNAM))
    with pytest.raises(InvalidInput, match="ngoài giờ làm việc") as caught:
        desk.issue("A")
    assert opens in caught.value.message
    assert "07:30–11:30, 13:30–17:00" in caught.value.message
    with store.sessions.begin() as s:
        assert s.execute(text("SELECT count(*) FROM queue_tickets")).scalar() == 0


def test_card_qr_is_checked_and_not_kept(store):
    assert TicketDesk.check_card(CARD) == "An"
    with pytest.raises(InvalidInput):
        TicketDesk.check_card("038090123456|x")
