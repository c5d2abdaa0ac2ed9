"""The dossier tracking register (Sổ theo dõi hồ sơ): its numbers, and its lines for a period.

Numbering (issue 14 §3). Circular 01/2018 Art. 10: one register per year, numbered continuously
from 01 for the whole year. Each accepted dossier gets its "Quyển số … Số thứ tự …" in the
transaction that accepts it (``ReceptionService.accept``), so the receipt never prints it blank and
a failed accept gives the number back. The rule that keeps numbers unique across the agency's
machines, connected or not, is the dossier codes' (``kiosk.code_service``):

1. numbers come from blocks reserved for this agency and year by the central system or the office
   database (``add_block``), lowest first; blocks lie below ``REGISTER_PLAN.base`` (900000) and a
   store refuses two overlapping ones;
2. when a machine has no block left it uses its counter's own range above that base: counter ``c``
   owns ``900000 + (c-1)*4000 + 1 .. 900000 + c*4000`` (``kiosk.codes.FallbackPlan``), which no
   block and no other counter ever uses.

So two machines never hand out the same number, even while both are offline. Never "count this
year's dossiers plus one". ``RegisterEntry`` is unique per (agency, year, number) as the last line
of defence. Allocation locks the block row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite
transactions begin IMMEDIATE, see ``kiosk.db``).

Lines for a period (issue 14 §4): :meth:`RegisterQueries.lines` reads every dossier received in a
period with its register number, the hand-over times from its history and the judgement of its
result against its due date (``kiosk.deadlines.result_timing``): early, on time or late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.calendar import WorkCalendar
from kiosk.codes import FallbackPlan, validate_agency_code
from kiosk.deadlines import Timing, result_timing
from kiosk.dossier_types import RESULT_READY, RETURNED, STOPPED, DossierStatus
from kiosk.dossier_view import applicant_from_json
from kiosk.errors import CodeAllocationError, InvalidInput
from kiosk.models import (
    Dossier,
    DossierEvent,
    DossierLetter,
    Officer,
    Procedure,
    ProcedureVersion,
    RegisterBlock,
    RegisterEntry,
)
from kiosk.timeutil import VIETNAM

REGISTER_PLAN = FallbackPlan(base=900_000, size=4_000, top=999_999)
MAX_PERIOD_DAYS = 366


def default_book(year: int) -> str:
    """One book per year (Circular 01/2018 Art. 10): ``01/2026``."""
    return f"01/{year}"


@dataclass(frozen=True)
class RegisterNumber:
    book: str
    number: int
    year: int


class RegisterService:
    """Reserves register blocks and numbers accepted dossiers."""

    def __init__(self, sessions: sessionmaker[Session], plan: FallbackPlan = REGISTER_PLAN) -> None:
        self._sessions, self._plan = sessions, plan

    def add_block(
        self,
        agency_code: str,
        year: int,
        first: int,
        last: int,
        *,
        book: str = "",
        source: str = "central",
    ) -> None:
        """Record numbers reserved for this machine; refuse a block in the fallback area or one
        overlapping a block already here."""
        validate_agency_code(agency_code)
        if not 1 <= first <= last <= self._plan.base:
            raise InvalidInput(
                f"Khối số vào sổ {first}–{last} không hợp lệ: "
                f"khối cấp phát phải nằm trong 1–{self._plan.base}.",
                english=f"Register block {first}-{last} must lie within 1-{self._plan.base}.",
            )
        with self._sessions.begin() as s:
            overlap = s.scalar(
                select(RegisterBlock.id).where(
                    RegisterBlock.agency_code == agency_code,
                    RegisterBlock.year == year,
                    RegisterBlock.first <= last,
                    RegisterBlock.last >= first,
                )
            )
            if overlap is not None:
                raise InvalidInput(
                    f"Khối số vào sổ {first}–{last} trùng với khối đã có.",
                    english=f"Register block {first}-{last} overlaps an existing block.",
                )
            s.add(
                RegisterBlock(
                    agency_code=agency_code,
                    year=year,
                    book=book or default_book(year),
                    first=first,
                    last=last,
                    next_number=first,
                    source=source,
                )
            )

    def allocate_in(
        self, s: Session, dossier_id: str, agency_code: str, year: int, counter: int
    ) -> RegisterNumber:
        """Give ``dossier_id`` the next number of the year, inside the caller's transaction."""
        block = s.scalars(
            select(RegisterBlock)
            .where(
                RegisterBlock.agency_code == agency_code,
                RegisterBlock.year == year,
                RegisterBlock.source != "fallback",
                RegisterBlock.next_number <= RegisterBlock.last,
            )
            .order_by(RegisterBlock.first)
            .limit(1)
            .with_for_update()
        ).first()
        if block is None:
            block = self._fallback_block(s, agency_code, year, counter)
        number = block.next_number
        block.next_number = number + 1
        s.add(
            RegisterEntry(
                dossier_id=dossier_id,
                agency_code=agency_code,
                year=year,
                book=block.book,
                number=number,
            )
        )
        s.flush()
        return RegisterNumber(block.book, number, year)

    def _fallback_block(self, s: Session, agency_code: str, year: int, counter: int):
        first, last = self._plan.range_for(counter)
        mine = (
            select(RegisterBlock)
            .where(
                RegisterBlock.agency_code == agency_code,
                RegisterBlock.year == year,
                RegisterBlock.source == "fallback",
                RegisterBlock.counter == counter,
            )
            .with_for_update()
        )
        block = s.scalars(mine).first()
        if block is None:
            try:  # two processes of one counter: the unique (agency, year, first) lets one in
                with s.begin_nested():
                    s.add(
                        RegisterBlock(
                            agency_code=agency_code,
                            year=year,
                            book=default_book(year),
                            first=first,
                            last=last,
                            next_number=first,
                            source="fallback",
                            counter=counter,
                        )
                    )
            except IntegrityError:
                pass
            block = s.scalars(mine).one()
        if block.next_number > block.last:
            raise CodeAllocationError(
                f"Quầy {counter} đã dùng hết {self._plan.size} số vào sổ dự phòng của năm "
                f"{year}. Hãy kết nối với hệ thống trung tâm để nhận khối số mới.",
                english=f"Counter {counter} used all fallback register numbers for {year}.",
            )
        return block


# --- the register's lines for a period ------------------------------------------------------------


@dataclass(frozen=True)
class RegisterLine:
    """One dossier of the tracking register and the control sheet, as stored."""

    dossier_id: str
    book: str
    number: int | None
    dossier_code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_address: str
    applicant_phone: str
    lead_agency: str
    officer_name: str
    status: DossierStatus
    received_at: datetime
    due_date: date
    original_due_date: date | None  # before an apology reset it, else None
    result_at: datetime | None  # the processing agency's result reached the desk
    returned_at: datetime | None  # handed to the applicant
    stopped_at: datetime | None
    timing: Timing | None  # early / on time / late; None while in time and unfinished
    sets: int = 1

    @property
    def contact(self) -> str:
        return ", ".join(p for p in (self.applicant_address, self.applicant_phone) if p)


def check_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(
            f"Ngày cuối {end:%d/%m/%Y} trước ngày đầu {start:%d/%m/%Y}.",
            english="The period ends before it starts.",
        )
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise InvalidInput(
            f"Mỗi lần chỉ in hoặc xuất sổ cho tối đa {MAX_PERIOD_DAYS} ngày.",
            english=f"A period is at most {MAX_PERIOD_DAYS} days.",
        )


def period_text(start: date, end: date) -> str:
    """``Tháng 12 năm 2026`` for a whole month, else ``Từ ngày 01/12/2026 đến ngày 15/12/2026``."""
    whole_month = start.day == 1 and end.month == start.month and end.year == start.year
    if whole_month and (end + timedelta(days=1)).month != end.month:
        return f"Tháng {start.month} năm {start.year}"
    return f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


class RegisterQueries:
    """Read-only: pass ``Store.reads``."""

    def __init__(self, sessions: sessionmaker[Session], calendar: WorkCalendar) -> None:
        self._sessions, self._calendar = sessions, calendar

    def lines(self, start: date, end: date, today: date) -> list[RegisterLine]:
        """Every dossier received from ``start`` to ``end`` (inclusive), in register order."""
        check_period(start, end)
        since = datetime.combine(start, time.min, VIETNAM)
        until = datetime.combine(end, time.max, VIETNAM)
        with self._sessions.begin() as s:
            rows = s.execute(
                select(
                    Dossier,
                    Procedure.code,
                    ProcedureVersion.name,
                    ProcedureVersion.agency,
                    RegisterEntry.book,
                    RegisterEntry.number,
                    Officer.full_name,
                )
                .join(ProcedureVersion, Dossier.procedure_version_id == ProcedureVersion.id)
                .join(Procedure, ProcedureVersion.procedure_id == Procedure.id)
                .outerjoin(RegisterEntry, RegisterEntry.dossier_id == Dossier.id)
                .outerjoin(Officer, Officer.id == Dossier.officer_id)
                .where(
                    Dossier.received_at.is_not(None),
                    Dossier.received_at >= since,
                    Dossier.received_at <= until,
                )
                .order_by(Dossier.received_at, Dossier.code)
            ).all()
            ids = [r[0].id for r in rows]
            firsts: dict[tuple[str, str], datetime] = {}
            for chunk in _chunks(ids):
                for dossier_id, status, at in s.execute(
                    select(DossierEvent.dossier_id, DossierEvent.status, DossierEvent.at)
                    .where(DossierEvent.dossier_id.in_(chunk))
                    .order_by(DossierEvent.id)
                ):
                    firsts.setdefault((dossier_id, status), at)
            old_due: dict[str, date] = {}
            for chunk in _chunks(ids):
                old_due.update(
                    s.execute(
                        select(DossierLetter.dossier_id, DossierLetter.old_due_date).where(
                            DossierLetter.dossier_id.in_(chunk),
                            DossierLetter.kind == "apology",
                        )
                    ).all()
                )
            return [
                self._line(firsts, old_due, today, *row)
                for row in sorted(rows, key=_register_order)
            ]

    def _line(self, firsts, old_due, today, d, proc_code, name, agency, book, number, officer):
        a = applicant_from_json(d.applicant)
        result_at = firsts.get((d.id, RESULT_READY))
        returned_at = firsts.get((d.id, RETURNED))
        stopped_at = firsts.get((d.id, STOPPED))
        finished = result_at or returned_at
        return RegisterLine(
            dossier_id=d.id,
            book=book or "",
            number=number,
            dossier_code=d.code or "",
            procedure_code=proc_code,
            procedure_name=name,
            applicant_name=(a.org_name if a.kind == "organisation" and a.org_name else "")
            or a.full_name,
            applicant_address=a.address,
            applicant_phone=a.phone,
            lead_agency=agency,
            officer_name=officer or "",
            status=DossierStatus(d.status),
            received_at=d.received_at,
            due_date=d.due_date,
            original_due_date=old_due.get(d.id),
            result_at=result_at,
            returned_at=returned_at,
            stopped_at=stopped_at,
            timing=None
            if stopped_at
            else result_timing(d.due_date, finished.date() if finished else None, today),
        )


def _register_order(row) -> tuple:
    """Numbered lines by (year, number); a dossier without a number (accepted before the register
    existed) by its time of receipt, after them."""
    d, number = row[0], row[5]
    return (d.received_at.year, number is None, number or 0, d.received_at)


def _chunks(ids: list[str], size: int = 500):
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
