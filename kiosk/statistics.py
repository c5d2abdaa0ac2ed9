"""Statistics for the office and for each officer over a period (issue 14 §5).

Indicators, all counted over the days ``start``..``end`` (Vietnam calendar days):

- **received**: dossiers accepted at the counter in the period (``received_at``), by the officer
  who accepted them;
- **finished**: dossiers whose result reached the desk in the period (the first "result ready"
  status, from the central system or the desk; a result handed over without one counts from the
  hand-over). **On time** when that day is on or before the due date, **late** otherwise;
  Decision 766 also counts a dossier with more than one supplement request as late;
- **late in progress**: dossiers still in progress today whose due date was before the period's
  last day (or today, for the current period): late, and not finished yet. ``late`` adds them to
  the finished late ones;
- **supplements** and **refusals**: requests and refusals issued in the period, by the officer who
  issued them;
- **stopped**: dossiers whose processing was stopped in the period with a notice (2025 form 05,
  ``kiosk.letters``: status ``stopped``), by the officer who issued the notice; a stopped dossier
  is neither finished nor late in progress;
- **digitised**: received dossiers with a digitised copy (PDF) of every paper the office keeps,
  and at least one such paper; the share is over the received ones;
- **re-used papers**: papers of the received dossiers taken from a digitised copy already on
  file instead of being scanned again (``ScanPaper.reused_from_item_id``);
- **satisfaction** (Decision 766/QĐ-TTg): 100% − (late rate + rate of ratings "not satisfied").
  The late rate is over the dossiers finished or late in progress; a rating is *not satisfied*
  when it gives the lowest mark on any criterion (``kiosk.ratings``: late, came back more than
  once, more than one office, harassment). With fewer than ``kiosk.ratings.MIN_SHOWN`` ratings
  (for the office or an officer) it is *not available* (``None``), never a made-up figure.

Finished and late dossiers, digitised ones and the received count are per the dossier's receiving
officer; supplements, refusals and stop notices per the officer who issued them.

Portable SQL (SQLite and PostgreSQL), range scans on the indexes of migration 0013; the day of a
timestamp is taken in Vietnam time (UTC+7, no daylight saving) in SQL, so nothing is fetched row
by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import Date, and_, case, cast, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from kiosk.deadlines import CLOCK_RUNS
from kiosk.dossier_types import (
    REFUSED,
    RESULT_READY,
    RETURNED,
    STOPPED,
    SUPPLEMENT_REQUESTED,
)
from kiosk.errors import InvalidInput
from kiosk.models import Dossier, DossierEvent, DossierItem, Officer, Rating, ScanPaper
from kiosk.ratings import MIN_SHOWN
from kiosk.timeutil import VIETNAM

MAX_DAYS = 366 * 5
"""The longest period one query covers (five years)."""

SATISFACTION_FULL_MARKS = 90.0
"""Decision 766: satisfaction earns full marks from 90%."""


@dataclass(frozen=True)
class Satisfaction:
    """Decision 766's satisfaction: 100% − (late rate + dislike/complaint rate)."""

    percent: float
    late_rate: float
    dislike_rate: float
    rated: int

    @property
    def full_marks(self) -> bool:
        return self.percent >= SATISFACTION_FULL_MARKS


@dataclass(frozen=True)
class Indicators:
    received: int = 0
    finished: int = 0
    on_time: int = 0
    late_finished: int = 0
    late_open: int = 0
    supplements: int = 0
    refusals: int = 0
    digitised: int = 0
    reused_papers: int = 0
    stopped: int = 0
    satisfaction: Satisfaction | None = None  # None: not available (no ratings)

    @property
    def late(self) -> int:
        return self.late_finished + self.late_open

    @property
    def on_time_rate(self) -> float | None:
        """On-time share of the finished dossiers, in percent (None when none finished)."""
        return 100.0 * self.on_time / self.finished if self.finished else None

    @property
    def digitised_share(self) -> float | None:
        """Share of the received dossiers digitised, in percent (None when none received)."""
        return 100.0 * self.digitised / self.received if self.received else None

    def plus(self, other: Indicators) -> Indicators:
        return Indicators(
            *(
                getattr(self, name) + getattr(other, name)
                for name in (
                    "received",
                    "finished",
                    "on_time",
                    "late_finished",
                    "late_open",
                    "supplements",
                    "refusals",
                    "digitised",
                    "reused_papers",
                    "stopped",
                )
            )
        )


@dataclass(frozen=True)
class OfficerIndicators:
    officer_id: int | None  # None: dossiers with no officer recorded (demo, imports)
    name: str
    indicators: Indicators


@dataclass(frozen=True)
class DayCounts:
    day: date
    received: int = 0
    finished: int = 0
    late_finished: int = 0


@dataclass(frozen=True)
class PeriodStatistics:
    start: date
    end: date
    as_of: date  # the day "late in progress" is judged on: the period's end, or today if sooner
    office: Indicators
    officers: tuple[OfficerIndicators, ...]
    days: tuple[DayCounts, ...] = field(default=())

    def officer(self, officer_id: int | None) -> Indicators:
        for row in self.officers:
            if row.officer_id == officer_id:
                return row.indicators
        return Indicators()


# --- periods --------------------------------------------------------------------------------------

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_MONTH_VN = re.compile(r"^\s*(\d{1,2})/(\d{4})\s*$")


def month_period(text: str) -> tuple[date, date]:
    """The first and last day of a month written ``YYYY-MM`` (or ``MM/YYYY``)."""
    text = str(text)
    m = _MONTH.match(text)
    year, month = (int(m[1]), int(m[2])) if m else (0, 0)
    if not m and (m := _MONTH_VN.match(text)):
        year, month = int(m[2]), int(m[1])
    if not m or not 1 <= month <= 12 or not 1900 <= year <= 9999:
        shown = text.strip()[:40]
        raise InvalidInput(
            f"“{shown}” không phải một tháng. Hãy viết theo dạng NĂM-THÁNG, ví dụ 2026-11.",
            english=f"'{shown}' is not a month: write YYYY-MM, e.g. 2026-11.",
        )
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def parse_day(text: str, what: str = "ngày") -> date:
    """A day written ``YYYY-MM-DD`` or ``DD/MM/YYYY``."""
    text = str(text).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidInput(
        f"“{text[:40]}” không phải {what} hợp lệ. Hãy viết theo dạng 2026-11-30 hoặc 30/11/2026.",
        english=f"'{text[:40]}' is not a valid date: write YYYY-MM-DD or DD/MM/YYYY.",
    )


def check_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(
            f"Ngày kết thúc ({end:%d/%m/%Y}) trước ngày bắt đầu ({start:%d/%m/%Y}).",
            english="The period ends before it starts.",
        )
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput(
            "Khoảng thời gian quá dài: mỗi lần thống kê tối đa 5 năm.",
            english="The period is too long: five years at most.",
        )


def _local_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VIETNAM)


def _local_day(session: Session, column):
    """The Vietnam calendar day of a stored UTC timestamp, in SQL (compares with a ``date``)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.date(column, "+7 hours")  # 'YYYY-MM-DD', as SQLite stores a date
    return cast(func.timezone("Asia/Ho_Chi_Minh", column), Date)


def _day_value(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# --- the service ----------------------------------------------------------------------------------


class StatisticsService:
    """Read-only: pass ``Store.reads``. One transaction per call; call it off the GUI thread."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def period(
        self, start: date, end: date, today: date, *, officer_id: int | None = None
    ) -> PeriodStatistics:
        """The indicators for ``start``..``end`` (inclusive), judged on ``today``.

        With ``officer_id`` the office figures are that officer's alone.
        """
        check_period(start, end)
        as_of = min(end, today)
        lo, hi = _local_start(start), _local_start(end + timedelta(days=1))
        per: dict[int | None, dict[str, int]] = {}
        days: dict[date, dict[str, int]] = {}

        def add(table: dict, key, **counts) -> None:
            row = table.setdefault(key, {})
            for name, value in counts.items():
                row[name] = row.get(name, 0) + int(value or 0)

        with self._sessions.begin() as s:
            # one pass over each kind of row, grouped by officer and day: both the officers'
            # figures and the days' come from it
            for officer, day, received, digitised in s.execute(
                self._received(s, lo, hi, officer_id)
            ):
                add(per, officer, received=received, digitised=digitised)
                add(days, _day_value(day), received=received)
            for officer, day, finished, on_time in s.execute(self._finished(s, lo, hi, officer_id)):
                late = finished - (on_time or 0)
                add(per, officer, finished=finished, on_time=on_time, late_finished=late)
                add(days, _day_value(day), finished=finished, late_finished=late)
            for officer, reused in s.execute(self._reused(lo, hi, officer_id)):
                add(per, officer, reused_papers=reused)
            for officer, late in s.execute(self._late_open(as_of, officer_id)):
                add(per, officer, late_open=late)
            for status, key in (
                (SUPPLEMENT_REQUESTED, "supplements"),
                (REFUSED, "refusals"),
                (STOPPED, "stopped"),
            ):
                for officer, count in s.execute(self._issued(status, lo, hi, officer_id)):
                    add(per, officer, **{key: count})
            officers = s.execute(
                select(Officer.id, Officer.full_name, Officer.role, Officer.active)
            )
            names = {}
            for oid, name, role, active in officers:
                names[oid] = name
                if officer_id is None and role in ("officer", "supervisor") and active:
                    per.setdefault(oid, {})
            if officer_id is not None:
                per.setdefault(officer_id, {})
            ratings = self._ratings(s, start, end, officer_id)
        rows = []
        for oid, counts in per.items():
            ind = Indicators(**counts)
            ind = replace(ind, satisfaction=_satisfaction(ind, ratings.get(oid)))
            rows.append(OfficerIndicators(oid, names.get(oid, "") if oid else "", ind))
        rows.sort(key=lambda r: (r.officer_id is None, r.name, r.officer_id or 0))
        office = Indicators()
        for row in rows:
            office = office.plus(row.indicators)
        office = replace(office, satisfaction=_satisfaction(office, _sum_ratings(ratings.values())))
        series, day = [], start
        while day <= end:
            series.append(DayCounts(day, **days.get(day, {})))
            day += timedelta(days=1)
        return PeriodStatistics(start, end, as_of, office, tuple(rows), tuple(series))

    def month(self, text: str, today: date, *, officer_id: int | None = None) -> PeriodStatistics:
        start, end = month_period(text)
        return self.period(start, end, today, officer_id=officer_id)

    # --- queries ----------------------------------------------------------------------------------

    @staticmethod
    def _received(s: Session, lo: datetime, hi: datetime, officer_id: int | None):
        kept = and_(
            DossierItem.dossier_id == Dossier.id,
            (DossierItem.originals + DossierItem.certified_copies + DossierItem.photocopies) > 0,
        )
        digitised = and_(
            exists().where(kept),
            ~exists().where(kept, DossierItem.pdf_sha256.is_(None)),
        )
        day = _local_day(s, Dossier.received_at)
        q = (
            select(Dossier.officer_id, day, func.count(), func.sum(case((digitised, 1), else_=0)))
            .where(Dossier.received_at >= lo, Dossier.received_at < hi)
            .group_by(Dossier.officer_id, day)
        )
        return q if officer_id is None else q.where(Dossier.officer_id == officer_id)

    @staticmethod
    def _finishing(lo: datetime, hi: datetime):
        """Events that finish a dossier in the period: its "result ready", or a hand-over that
        had none before it."""
        ready = aliased(DossierEvent)
        return and_(
            DossierEvent.at >= lo,
            DossierEvent.at < hi,
            or_(
                DossierEvent.status == RESULT_READY,
                and_(
                    DossierEvent.status == RETURNED,
                    ~exists().where(
                        ready.dossier_id == DossierEvent.dossier_id,
                        ready.status == RESULT_READY,
                    ),
                ),
            ),
        )

    def _finished(self, s: Session, lo: datetime, hi: datetime, officer_id: int | None):
        finished_on = _local_day(s, DossierEvent.at)
        on_time = and_(
            Dossier.due_date.is_not(None),
            finished_on <= Dossier.due_date,
            Dossier.supplement_requests <= 1,
        )
        q = (
            select(
                Dossier.officer_id,
                finished_on,
                func.count(),
                func.sum(case((on_time, 1), else_=0)),
            )
            .select_from(DossierEvent)
            .join(Dossier, Dossier.id == DossierEvent.dossier_id)
            .where(self._finishing(lo, hi))
            .group_by(Dossier.officer_id, finished_on)
        )
        return q if officer_id is None else q.where(Dossier.officer_id == officer_id)

    @staticmethod
    def _reused(lo: datetime, hi: datetime, officer_id: int | None):
        """Papers of the period's received dossiers taken from a copy already on file."""
        q = (
            select(Dossier.officer_id, func.count())
            .select_from(ScanPaper)
            .join(Dossier, Dossier.id == ScanPaper.dossier_id)
            .where(
                Dossier.received_at >= lo,
                Dossier.received_at < hi,
                ScanPaper.reused_from_item_id.is_not(None),
            )
            .group_by(Dossier.officer_id)
        )
        return q if officer_id is None else q.where(Dossier.officer_id == officer_id)

    @staticmethod
    def _late_open(as_of: date, officer_id: int | None):
        q = (
            select(Dossier.officer_id, func.count())
            .where(
                Dossier.status.in_(sorted(CLOCK_RUNS)),
                Dossier.due_date.is_not(None),
                Dossier.due_date < as_of,
            )
            .group_by(Dossier.officer_id)
        )
        return q if officer_id is None else q.where(Dossier.officer_id == officer_id)

    @staticmethod
    def _issued(status: str, lo: datetime, hi: datetime, officer_id: int | None):
        q = (
            select(DossierEvent.officer_id, func.count())
            .where(DossierEvent.status == status, DossierEvent.at >= lo, DossierEvent.at < hi)
            .group_by(DossierEvent.officer_id)
        )
        return q if officer_id is None else q.where(DossierEvent.officer_id == officer_id)

    @staticmethod
    def _ratings(
        s: Session, start: date, end: date, officer_id: int | None
    ) -> dict[int | None, tuple[int, int]]:
        """Per officer: (ratings, ratings "not satisfied") given on the period's days.

        A rating is *not satisfied* when it gives the lowest mark (0 points) on any criterion: a
        late result, coming back more than once, more than one office, or harassment (the
        criteria of ``kiosk.ratings``). Ratings keep only their day (confidentiality).
        """
        q = select(Rating.officer_id, Rating.answers).where(Rating.day >= start, Rating.day <= end)
        if officer_id is not None:
            q = q.where(Rating.officer_id == officer_id)
        out: dict[int | None, tuple[int, int]] = {}
        for oid, answers in s.execute(q):
            values = [v for v in (answers or {}).values() if isinstance(v, int)]
            rated, unhappy = out.get(oid, (0, 0))
            out[oid] = (rated + 1, unhappy + (bool(values) and min(values) == 0))
        return out


def _sum_ratings(values) -> tuple[int, int] | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return sum(v[0] for v in values), sum(v[1] for v in values)


def _satisfaction(ind: Indicators, ratings: tuple[int, int] | None) -> Satisfaction | None:
    """Decision 766: 100% − (late rate + dislike rate).

    None (not available) without at least ``MIN_SHOWN`` ratings: below that one rating could be
    told apart (Decree 61 Art. 27 cl. 3), and the rate would mean little.
    """
    if ratings is None or ratings[0] < MIN_SHOWN:
        return None
    handled = ind.finished + ind.late_open
    late_rate = 100.0 * ind.late / handled if handled else 0.0
    rated, dislikes = ratings
    dislike_rate = 100.0 * dislikes / rated
    return Satisfaction(max(0.0, 100.0 - late_rate - dislike_rate), late_rate, dislike_rate, rated)
