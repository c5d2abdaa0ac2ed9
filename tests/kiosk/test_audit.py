from sqlalchemy import update

from kiosk.audit import append, verify_chain
from kiosk.models import AuditEvent


def test_chain_verifies_and_detects_tampering(store):
    with store.sessions.begin() as s:
        append(s, "officer:1", "dossier.accept", "dossier:abc", {"code": "X-1"})
        append(s, "officer:1", "dossier.refuse", "dossier:def", {})
        append(s, "system", "sync.ok")
    with store.sessions.begin() as s:
        assert verify_chain(s) is None
        second = s.scalars(AuditEvent.__table__.select().order_by(AuditEvent.id)).all()[1]
        s.execute(update(AuditEvent).where(AuditEvent.id == second).values(action="dossier.accept"))
    with store.sessions.begin() as s:
        assert verify_chain(s) == second


def test_rolled_back_event_leaves_no_trace(store):
    try:
        with store.sessions.begin() as s:
            append(s, "officer:1", "dossier.accept", "dossier:x")
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    with store.sessions.begin() as s:
        assert s.query(AuditEvent).count() == 0
