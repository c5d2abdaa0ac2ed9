"""Append-only, hash-chained audit trail (who did what, when; never personal data).

Each event's hash covers the previous hash and its own canonical content, so a changed or deleted
row breaks the chain from that point (``verify_chain``). Callers append inside the transaction of the
change they record, so the trail and the change commit or vanish together.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.canonical import canonical_sha256
from kiosk.models import AuditEvent, local_now

GENESIS = "0" * 64


def _digest(prev_hash: str, at: datetime, actor: str, action: str, entity: str | None, details: dict) -> str:
    return canonical_sha256([prev_hash, at.isoformat(), actor, action, entity, details])


def append(s: Session, actor: str, action: str, entity: str | None = None, details: dict | None = None) -> str:
    """Add an event in the caller's transaction; return its hash."""
    details = details or {}
    prev = s.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS
    at = local_now()
    digest = _digest(prev, at, actor, action, entity, details)
    s.add(AuditEvent(at=at, actor=actor, action=action, entity=entity, details=details,
                     prev_hash=prev, hash=digest))
    s.flush()
    return digest


def verify_chain(s: Session) -> int | None:
    """Return the id of the first event whose hash does not match, or None if the chain is intact."""
    prev = GENESIS
    for ev in s.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        if ev.prev_hash != prev or ev.hash != _digest(prev, ev.at, ev.actor, ev.action, ev.entity, ev.details):
            return ev.id
        prev = ev.hash
    return None
