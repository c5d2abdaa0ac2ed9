"""A quick read of the store's state, for the overview screen and ``kiosk doctor``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.dossier_types import OPEN_STATUSES
from kiosk.models import Dossier, OutboxItem, ProcedureVersion
from kiosk.offering import offered_clause


@dataclass(frozen=True)
class StoreStatus:
    dossiers_today: int
    dossiers_open: int
    outbox_pending: int
    procedures: int
    dossiers_unsent: int = 0  # dossiers with at least one outbox item not yet acknowledged


class StatusService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions  # read-only: pass Store.reads

    def snapshot(self, today: date) -> StoreStatus:
        start = datetime.combine(today, time.min)
        with self._sessions.begin() as s:
            unsent = OutboxItem.status.not_in(("acknowledged", "confirmed"))
            return StoreStatus(
                dossiers_today=s.scalar(
                    select(func.count()).select_from(Dossier).where(Dossier.created_at >= start)
                )
                or 0,
                dossiers_open=s.scalar(
                    select(func.count())
                    .select_from(Dossier)
                    .where(Dossier.status.in_(sorted(OPEN_STATUSES)))
                )
                or 0,
                outbox_pending=s.scalar(select(func.count()).select_from(OutboxItem).where(unsent))
                or 0,
                procedures=s.scalar(
                    select(func.count(func.distinct(ProcedureVersion.procedure_id))).where(
                        offered_clause(today)
                    )
                )
                or 0,
                dossiers_unsent=self.dossiers_unsent(s),
            )

    def unsent(self) -> int:
        """How many dossiers wait for something to reach the central system (the status bar)."""
        with self._sessions.begin() as s:
            return self.dossiers_unsent(s)

    @staticmethod
    def dossiers_unsent(s: Session) -> int:
        return (
            s.scalar(
                select(func.count(func.distinct(OutboxItem.entity_id))).where(
                    OutboxItem.status.not_in(("acknowledged", "confirmed"))
                )
            )
            or 0
        )
