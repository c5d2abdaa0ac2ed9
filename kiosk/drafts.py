"""Drafts: dossiers still being received. How old they are, discarding one, purging abandoned ones.

A draft has no code, no document and nothing in the outbox, so discarding it removes its rows (the
dossier, its items and history, its scanned pages and sealed papers) and then the files of its
pages that no other dossier shares; the audit log records the discard without personal data. Drafts
not touched for ``retention_days`` (config ``reception.draft_retention_days``) are purged at
start-up: they hold a citizen's data that no decision will ever need (DESIGN §4.8).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk import audit
from kiosk.blobs import BlobStore
from kiosk.dossier_types import DRAFT
from kiosk.errors import InvalidInput
from kiosk.models import Dossier, DossierEvent, DossierItem
from kiosk.scanning.pages import forget_pages

DEFAULT_RETENTION_DAYS = 30


def age_days(created_at: datetime, now: datetime) -> int:
    """Whole days since ``created_at`` (0 on the day itself)."""
    return max(0, (now.date() - created_at.date()).days)


def delete_draft(
    s: Session, dossier: Dossier, actor: str, why: str, blobs: BlobStore | None = None
) -> set[str]:
    """Remove a draft's rows in the caller's transaction (refused for anything but a draft).

    With ``blobs``: its pages' and papers' blob rows too, when no other row names them; returns
    their SHA-256, whose files the caller removes after commit (``BlobStore.remove_files``).
    """
    if dossier.status != DRAFT:
        raise InvalidInput(
            "Chỉ xóa được hồ sơ đang tiếp nhận dở (chưa có quyết định).",
            english="Only a draft without a decision can be discarded.",
        )
    dead = forget_pages(s, blobs, dossier.id, sealed_too=True) if blobs is not None else set()
    s.execute(delete(DossierItem).where(DossierItem.dossier_id == dossier.id))
    s.execute(delete(DossierEvent).where(DossierEvent.dossier_id == dossier.id))
    audit.append(s, actor, "dossier.draft_discarded", f"dossier:{dossier.id}", {"why": why})
    s.delete(dossier)
    s.flush()
    return dead


class DraftService:
    def __init__(self, sessions: sessionmaker[Session], blobs: BlobStore | None = None) -> None:
        self._sessions, self._blobs = sessions, blobs

    def discard(self, dossier_id: str, officer_id: int | None) -> None:
        """The officer discards a draft (an abandoned one, or a mistake): its rows, then the
        files of its scanned pages that nothing else uses."""
        with self._sessions.begin() as s:
            dossier = s.get(Dossier, dossier_id)
            if dossier is None:
                raise InvalidInput("Không tìm thấy hồ sơ.", english="Dossier not found.")
            dead = delete_draft(s, dossier, f"officer:{officer_id}", "discarded", self._blobs)
        self._remove_files(dead)

    def purge_abandoned(self, now: datetime, retention_days: int = DEFAULT_RETENTION_DAYS) -> int:
        """Delete the drafts untouched for more than ``retention_days``; return how many."""
        cutoff = now - timedelta(days=retention_days)
        dead: set[str] = set()
        with self._sessions.begin() as s:
            old = s.scalars(
                select(Dossier).where(Dossier.status == DRAFT, Dossier.updated_at < cutoff)
            ).all()
            for dossier in old:
                why = f"untouched for {retention_days} days"
                dead |= delete_draft(s, dossier, "system", why, self._blobs)
        self._remove_files(dead)
        return len(old)

    def _remove_files(self, shas: set[str]) -> None:
        if self._blobs is not None and shas:
            self._blobs.remove_files(self._sessions, shas)
