"""The waiting line: ticket numbers, calls at counters, no-shows, service start and end.

Numbers run per day and prefix from 1 (a ticket starting at 101 makes people think they are far
behind, FQM #270). A number is allocated inside the ``BEGIN IMMEDIATE`` transaction that inserts the
ticket, so concurrent issuers on one SQLite file queue behind each other; the unique constraint on
(day, prefix, number) is the last defence (on PostgreSQL a clash is retried).

Life of a ticket: ``waiting`` → ``called`` (at a counter, by an officer; may be called again) →
``serving`` → ``done``. A called ticket nobody answers is ``skipped`` and can be put back in the
line with ``requeue`` (at its end). Calling the next number finishes what the counter had in hand,
so a counter holds at most one ticket. Each public method is one transaction; call them off the GUI
thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk import audit
from kiosk.errors import InvalidInput
from kiosk.models import Officer, QueueTicket, local_now
from kiosk.timeutil import aware

IN_HAND = ("called", "serving")
STATUS_NAMES = {
    "waiting": "đang chờ",
    "called": "đã gọi",
    "serving": "đang phục vụ",
    "done": "đã xong",
    "skipped": "vắng mặt",
}


@dataclass(frozen=True)
class TicketInfo:
    """A queue ticket as the UI and the reception flow see it (times are naive local office
    time)."""

    id: int
    day: date
    prefix: str
    number: int
    service: str | None
    status: str
    issued_at: datetime
    queued_at: datetime
    called_at: datetime | None
    counter: int | None
    officer_id: int | None
    calls: int

    @property
    def label(self) -> str:
        """The number as printed and announced, e.g. ``A007`` or ``012``."""
        return f"{self.prefix}{self.number:03d}"

    def waited_minutes(self, now: datetime) -> int:
        """Whole minutes since the ticket was issued (``now`` aware, or naive Vietnam time)."""
        return max(0, int((aware(now) - aware(self.issued_at)).total_seconds() // 60))


def _info(t: QueueTicket) -> TicketInfo:
    return TicketInfo(
        t.id,
        t.day,
        t.prefix,
        t.number,
        t.service,
        t.status,
        t.issued_at,
        t.queued_at or t.issued_at,
        t.called_at,
        t.counter,
        t.officer_id,
        t.calls,
    )


class QueueService:
    """Issues and calls tickets. ``clock`` returns naive local time (the demo seed and tests move
    it)."""

    def __init__(
        self, sessions: sessionmaker[Session], clock: Callable[[], datetime] = local_now
    ) -> None:
        self._sessions = sessions
        self._clock = lambda: aware(clock())  # a naive clock is Vietnam time

    # --- issuing ----------------------------------------------------------------------------------

    def issue(self, day: date, prefix: str = "", service: str | None = None) -> TicketInfo:
        """Give out the next number of ``day`` and ``prefix``."""
        prefix = prefix.strip().upper()
        if len(prefix) > 4 or not (prefix.isalpha() or prefix == ""):
            raise InvalidInput(
                f"Tiền tố số thứ tự “{prefix}” phải là tối đa 4 chữ cái.",
                english="A ticket prefix is at most 4 letters.",
            )
        service = " ".join(service.split())[:200] if service else None
        for attempt in range(3):
            try:
                with self._sessions.begin() as s:
                    last = (
                        s.scalar(
                            select(func.max(QueueTicket.number)).where(
                                QueueTicket.day == day, QueueTicket.prefix == prefix
                            )
                        )
                        or 0
                    )
                    now = self._clock()
                    ticket = QueueTicket(
                        day=day,
                        prefix=prefix,
                        number=last + 1,
                        service=service,
                        status="waiting",
                        issued_at=now,
                        queued_at=now,
                        calls=0,
                    )
                    s.add(ticket)
                    s.flush()
                    return _info(ticket)
            except IntegrityError:  # another machine took the number (PostgreSQL office mode)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    # --- reading ----------------------------------------------------------------------------------

    def waiting(self, day: date) -> list[TicketInfo]:
        """Tickets waiting to be called, first in line first."""
        return self._list(day, ("waiting",))

    def skipped(self, day: date) -> list[TicketInfo]:
        """No-shows of the day (they can be requeued or called again), oldest first."""
        return self._list(day, ("skipped",))

    def recent_calls(self, day: date, limit: int = 6) -> list[TicketInfo]:
        """Tickets in hand at any counter, latest call first (for a waiting-room display)."""
        with self._sessions.begin() as s:
            rows = s.scalars(
                select(QueueTicket)
                .where(
                    QueueTicket.day == day,
                    QueueTicket.status.in_(IN_HAND),
                )
                .order_by(QueueTicket.called_at.desc(), QueueTicket.id.desc())
                .limit(limit)
            )
            return [_info(t) for t in rows]

    def current(self, counter: int, day: date) -> TicketInfo | None:
        """The ticket this counter has in hand (called or being served), if any."""
        with self._sessions.begin() as s:
            t = self._in_hand(s, counter, day)
            return _info(t) if t else None

    def get(self, ticket_id: int) -> TicketInfo:
        with self._sessions.begin() as s:
            return _info(self._require(s, ticket_id))

    def _list(self, day: date, statuses: tuple[str, ...]) -> list[TicketInfo]:
        with self._sessions.begin() as s:
            rows = s.scalars(
                select(QueueTicket)
                .where(
                    QueueTicket.day == day,
                    QueueTicket.status.in_(statuses),
                )
                .order_by(QueueTicket.queued_at, QueueTicket.id)
            )
            return [_info(t) for t in rows]

    # --- counter actions --------------------------------------------------------------------------

    def call_next(self, day: date, counter: int, officer_id: int | None) -> TicketInfo | None:
        """Call the first waiting ticket to ``counter``; None if nobody is waiting.

        What the counter had in hand is finished first. Two counters calling at once never get the
        same ticket: the claim is a conditional update inside the immediate transaction.
        """
        with self._sessions.begin() as s:
            while True:
                ticket_id = s.scalar(
                    select(QueueTicket.id)
                    .where(
                        QueueTicket.day == day,
                        QueueTicket.status == "waiting",
                    )
                    .order_by(QueueTicket.queued_at, QueueTicket.id)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
                if ticket_id is None:
                    return None
                self._finish_in_hand(s, counter, day)
                claimed = s.execute(
                    update(QueueTicket)
                    .where(
                        QueueTicket.id == ticket_id,
                        QueueTicket.status == "waiting",
                    )
                    .values(status="called")
                ).rowcount
                if claimed == 1:
                    return self._mark_called(s, s.get(QueueTicket, ticket_id), counter, officer_id)

    def call(self, ticket_id: int, counter: int, officer_id: int | None) -> TicketInfo:
        """Call a chosen ticket (out of order, or a no-show who came back) to ``counter``."""
        with self._sessions.begin() as s:
            t = self._require(s, ticket_id)
            if t.status in IN_HAND and t.counter != counter:
                raise InvalidInput(
                    f"Số {_label(t)} đang được gọi ở quầy {t.counter}.",
                    english=f"Number {_label(t)} is already called at counter {t.counter}.",
                )
            if t.status == "done":
                raise InvalidInput(
                    f"Số {_label(t)} đã được phục vụ xong.",
                    english=f"Number {_label(t)} has already been served.",
                )
            if t.status in IN_HAND:
                return self._mark_called(s, t, counter, officer_id)
            self._finish_in_hand(s, counter, t.day)
            return self._mark_called(s, t, counter, officer_id)

    def recall(self, ticket_id: int) -> TicketInfo:
        """Call the ticket in hand again (the display and the voice repeat it)."""
        with self._sessions.begin() as s:
            t = self._require(s, ticket_id)
            if t.status not in IN_HAND:
                raise self._not_in_hand(t)
            return self._mark_called(s, t, t.counter, t.officer_id, action="queue.recalled")

    def skip(self, ticket_id: int) -> TicketInfo:
        """The called person did not come: mark the ticket as a no-show (``requeue`` undoes it)."""
        with self._sessions.begin() as s:
            t = self._require(s, ticket_id)
            if t.status != "called":
                raise InvalidInput(
                    f"Chỉ bỏ qua được số vừa gọi mà chưa đến quầy; số {_label(t)} đang "
                    f"ở trạng thái “{STATUS_NAMES.get(t.status, t.status)}”.",
                    english=f"Only a called ticket can be skipped ({t.status}).",
                )
            t.status = "skipped"
            self._audit(s, t, "queue.skipped")
            return _info(t)

    def requeue(self, ticket_id: int) -> TicketInfo:
        """Put a no-show back at the end of the line."""
        with self._sessions.begin() as s:
            t = self._require(s, ticket_id)
            if t.status != "skipped":
                raise InvalidInput(
                    f"Số {_label(t)} không ở trạng thái vắng mặt.",
                    english=f"Number {_label(t)} is not a no-show.",
                )
            t.status, t.counter, t.officer_id, t.queued_at = "waiting", None, None, self._clock()
            self._audit(s, t, "queue.requeued")
            return _info(t)

    def start_serving(self, ticket_id: int) -> TicketInfo:
        """The called person is at the counter (the dossier can be started)."""
        with self._sessions.begin() as s:
            t = self._require(s, ticket_id)
            if t.status == "serving":
                return _info(t)
            if t.status != "called":
                raise self._not_in_hand(t)
            t.status, t.started_at = "serving", self._clock()
            return _info(t)

    def finish(self, ticket_id: int) -> TicketInfo:
        """The visit is over."""
        with self._sessions.begin() as s:
            t = self._require(s, ticket_id)
            if t.status == "done":
                return _info(t)
            if t.status not in IN_HAND:
                raise self._not_in_hand(t)
            t.status, t.finished_at = "done", self._clock()
            return _info(t)

    # --- helpers ----------------------------------------------------------------------------------

    def _mark_called(
        self,
        s: Session,
        t: QueueTicket,
        counter: int | None,
        officer_id: int | None,
        action: str = "queue.called",
    ) -> TicketInfo:
        if t.status not in IN_HAND:
            t.status = "called"
        t.counter, t.officer_id, t.called_at = counter, officer_id, self._clock()
        t.calls = (t.calls or 0) + 1
        s.flush()
        self._audit(s, t, action)
        return _info(t)

    def _finish_in_hand(self, s: Session, counter: int, day: date) -> None:
        t = self._in_hand(s, counter, day)
        if t is not None:
            t.status, t.finished_at = "done", self._clock()

    def _in_hand(self, s: Session, counter: int, day: date) -> QueueTicket | None:
        return s.scalars(
            select(QueueTicket)
            .where(
                QueueTicket.day == day,
                QueueTicket.counter == counter,
                QueueTicket.status.in_(IN_HAND),
            )
            .order_by(QueueTicket.called_at.desc())
            .limit(1)
        ).first()

    def _require(self, s: Session, ticket_id: int) -> QueueTicket:
        t = s.get(QueueTicket, ticket_id)
        if t is None:
            raise InvalidInput("Không tìm thấy số thứ tự này.", english="No such queue ticket.")
        return t

    def _not_in_hand(self, t: QueueTicket) -> InvalidInput:
        return InvalidInput(
            f"Số {_label(t)} chưa được gọi tới quầy (trạng thái: "
            f"{STATUS_NAMES.get(t.status, t.status)}).",
            english=f"Number {_label(t)} is not called at a counter ({t.status}).",
        )

    def _audit(self, s: Session, t: QueueTicket, action: str) -> None:
        actor = (
            s.scalar(select(Officer.username).where(Officer.id == t.officer_id))
            if t.officer_id
            else None
        ) or f"counter:{t.counter}"
        audit.append(
            s,
            actor,
            action,
            f"ticket:{t.id}",
            {"ticket": _label(t), "counter": t.counter, "calls": t.calls},
        )


def _label(t: QueueTicket) -> str:
    return f"{t.prefix}{t.number:03d}"
