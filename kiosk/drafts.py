"""Drafts: dossiers still being received. How old they are, discarding one, purging abandoned ones.

A draft has no code, no document and nothing in the outbox, so discarding it removes its rows (the
dossier, its items and history); the audit log records the discard without personal data. Drafts
not touched for ``retention_days`` (config ``reception.draft_retention_days``) are purged at
start-up: they hold a citizen's data that no decision will ever need (DESIGN §4.8).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk import audit
from kiosk.dossier_types import DRAFT
from kiosk.errors import InvalidInput
from kiosk.models import Dossier, DossierEvent, DossierItem

DEFAULT_RETENTION_DAYS = 30


def age_days(created_at: datetime, now: datetime) -> int:
    """Whole days since ``created_at`` (0 on the day itself)."""
    return max(0, (now.date() - created_at.date()).days)


def delete_draft(s: Session, dossier: Dossier, actor: str, why: str) -> None:
    """Remove a draft's rows in the caller's transaction (refused for anything but a draft)."""
    if dossier.status != DRAFT:
        raise InvalidInput(
            "Chỉ xóa được hồ sơ đang tiếp nhận dở (chưa có quyết định).",
            english="Only a draft without a decision can be discarded.",
        )
    s.execute(delete(DossierItem).where(DossierItem.dossier_id == dossier.id))
    s.execute(delete(DossierEvent).where(DossierEvent.dossier_id == dossier.id))
    audit.append(s, actor, "dossier.draft_discarded", f"dossier:{dossier.id}", {"why": why})
    s.delete(dossier)
    s.flush()


class DraftService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def discard(self, dossier_id: str, officer_id: int | None) -> None:
        """The officer discards a draft (an abandoned one, or a mistake)."""
        with self._sessions.begin() as s:
            dossier = s.get(Dossier, dossier_id)
            if dossier is None:
                raise InvalidInput("Không tìm thấy hồ sơ.", english="Dossier not found.")
            delete_draft(s, dossier, f"officer:{officer_id}", "discarded")

    def purge_abandoned(self, now: datetime, retention_days: int = DEFAULT_RETENTION_DAYS) -> int:
        """Delete the drafts untouched for more than ``retention_days``; return how many."""
        cutoff = now - timedelta(days=retention_days)
        with self._sessions.begin() as s:
            old = s.scalars(
                select(Dossier).where(Dossier.status == DRAFT, Dossier.updated_at < cutoff)
            ).all()
            for dossier in old:
                delete_draft(s, dossier, "system", f"untouched for {retention_days} days")
            return len(old)
