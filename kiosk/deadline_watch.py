"""The deadline watch (issue 14 §1): dossiers due today, due on the next working day, late, and
those whose apology must go out now.

The flags are those of ``kiosk.deadlines`` (one rule for every screen): only a dossier whose
clock runs (``CLOCK_RUNS``: accepted, not yet at the desk) is watched. A supplement request stops
the clock: the dossier leaves the watch while it waits (``supplement_requested``), and when it is
accepted again ``ReceptionService.accept`` computes its due date anew from that day (the limit
restarts from zero, Decree 61/2018 Art. 19 cl. 4).

Apology (Art. 19 cl. 9): no later than one working day before the due date the applicant gets a
written apology with a new date, and the date can be reset once only (``due_date_reset``). So a
dossier is *apology due* from the working day before its due date, while its date has not been
reset; from its due date on, the apology is late.

Portable SQL (SQLite and PostgreSQL): plain comparisons on the indexed ``due_date``/``status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.calendar import WorkCalendar
from kiosk.deadlines import CLOCK_RUNS, DeadlineDay, LateDays
from kiosk.models import Dossier, Procedure, ProcedureVersion

TODAY, TOMORROW, LATE = "today", "tomorrow", "late"


@dataclass(frozen=True)
class WatchedDossier:
    id: str
    code: str | None
    applicant: str
    procedure_code: str
    procedure: str
    due_date: date
    late_days: int  # working days after the due date, up to and including today
    group: str  # TODAY, TOMORROW or LATE
    apology_due: bool  # the apology must go out now (the date was never reset)
    apology_late: bool  # ... and the working day before the due date has passed


@dataclass(frozen=True)
class DeadlineBoard:
    today: date
    next_working_day: date
    due_today: int
    due_tomorrow: int
    late: int
    apology_due: int
    dossiers: tuple[WatchedDossier, ...]  # the most urgent first: late (most late first), today…

    def group(self, name: str) -> list[WatchedDossier]:
        return [d for d in self.dossiers if d.group == name]

    @property
    def apologies(self) -> list[WatchedDossier]:
        return [d for d in self.dossiers if d.apology_due]


def _applicant_name(applicant: dict | None) -> str:
    applicant = applicant or {}
    return applicant.get("full_name") or applicant.get("org_name") or ""


class DeadlineWatch:
    """Read-only: pass ``Store.reads``."""

    def __init__(self, sessions: sessionmaker[Session], calendar: WorkCalendar) -> None:
        self._sessions, self._calendar = sessions, calendar

    def board(self, today: date, limit: int = 50) -> DeadlineBoard:
        """The counts on ``today`` and at most ``limit`` dossiers, the most urgent first."""
        day = DeadlineDay.on(self._calendar, today)
        watched = (
            Dossier.status.in_(sorted(CLOCK_RUNS)),
            Dossier.due_date.is_not(None),
            Dossier.due_date <= day.next_working_day,
        )
        group = case(
            (Dossier.due_date < today, LATE), (Dossier.due_date == today, TODAY), else_=TOMORROW
        )
        with self._sessions.begin() as s:
            counts = dict(
                s.execute(select(group, func.count()).where(*watched).group_by(group)).all()
            )
            apologies = (
                s.scalar(
                    select(func.count())
                    .select_from(Dossier)
                    .where(*watched, Dossier.due_date_reset.is_(False))
                )
                or 0
            )
            rows = s.execute(
                select(
                    Dossier.id,
                    Dossier.code,
                    Dossier.applicant,
                    Procedure.code,
                    ProcedureVersion.name,
                    Dossier.due_date,
                    Dossier.due_date_reset,
                )
                .join(ProcedureVersion, Dossier.procedure_version_id == ProcedureVersion.id)
                .join(Procedure, ProcedureVersion.procedure_id == Procedure.id)
                .where(*watched)
                .order_by(Dossier.due_date, Dossier.code)
                .limit(limit)
            ).all()
        late_days = LateDays(today, self._calendar)
        dossiers = tuple(self._watched(day, late_days, *row) for row in rows)
        return DeadlineBoard(
            today,
            day.next_working_day,
            counts.get(TODAY, 0),
            counts.get(TOMORROW, 0),
            counts.get(LATE, 0),
            apologies,
            dossiers,
        )

    def _watched(
        self,
        day: DeadlineDay,
        late_days: LateDays,
        dossier_id: str,
        code: str | None,
        applicant: dict | None,
        procedure_code: str,
        procedure: str,
        due: date,
        reset: bool,
    ) -> WatchedDossier:
        group = LATE if due < day.today else TODAY if due == day.today else TOMORROW
        return WatchedDossier(
            dossier_id,
            code,
            _applicant_name(applicant),
            procedure_code,
            procedure,
            due,
            late_days(due),
            group,
            apology_due=not reset,
            apology_late=not reset and group != TOMORROW,
        )
