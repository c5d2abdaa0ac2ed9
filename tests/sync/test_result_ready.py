"""A result ready at the central system reaches the return desk, round trip on 127.0.0.1: the
kiosk accepts a dossier and sends it, the processing side sets "result_ready" on the reference
server, the kiosk pulls: the dossier's outbox item is "confirmed" and the desk hands it over."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from kiosk.calendar import WorkCalendar
from kiosk.dossier_types import ACCEPTED, RETURNED
from kiosk.dossier_view import DossierQueries
from kiosk.errors import InvalidInput
from kiosk.models import OutboxItem
from kiosk.returns import ReturnService
from sync.central_server import CentralServer
from sync.engine import OutboxEngine
from sync.pulls import Puller
from tests.factories import AGENCY, MONDAY, complete_draft, make_reception
from tests.kiosk.test_returns import fake_verify
from tests.sync.helpers import enrolled_client

LATER = datetime(2026, 12, 8, 9, 0)


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path / "central", port=0, require_signatures=True).start()
    yield srv
    srv.stop()


def item_states(store, dossier_id) -> list[str]:
    with store.sessions.begin() as s:
        return s.scalars(
            select(OutboxItem.status)
            .where(OutboxItem.entity_id == dossier_id)
            .order_by(OutboxItem.id)
        ).all()


def test_result_ready_at_the_centre_is_ready_at_the_desk(server, store, tmp_path, version_id):
    reception = make_reception(store, tmp_path)
    snap = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    other = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    device, client = enrolled_client(server, store, tmp_path / "keys", agency=AGENCY)
    report = OutboxEngine(store.sessions, client).run_once()
    assert report.acknowledged == 2 and server.store.count() == 2
    assert item_states(store, snap.id) == ["acknowledged"]
    returns = ReturnService(
        store.sessions,
        dossiers=DossierQueries(store.sessions),
        calendar=WorkCalendar(),
        verify=fake_verify,
    )
    found = returns.look_up(snap.code, LATER.date())
    assert not found.ready_for_hand_over and found.needs_early_confirmation

    server.store.set_status(snap.id, "result_ready")
    puller = Puller(client, store.sessions, device)
    pulled = puller.run_once()
    assert pulled.stopped is None and pulled.confirmed == 2  # both: the centre has each of them
    assert item_states(store, snap.id) == item_states(store, other.id) == ["confirmed"]
    found = returns.look_up(snap.code, LATER.date())
    assert found.central_status == "result_ready" and found.dossier.status == ACCEPTED
    assert found.ready_for_hand_over and not found.needs_early_confirmation
    other_found = returns.look_up(other.code, LATER.date())  # only "accepted" at the centre
    assert other_found.central_status == ACCEPTED and other_found.needs_early_confirmation
    with pytest.raises(InvalidInput, match="trả sớm"):
        returns.hand_over(other.id, None, "Nguyễn Văn An", False, LATER)

    done = returns.hand_over(snap.id, None, "Nguyễn Văn An", False, LATER)  # no early reason
    assert done.status == RETURNED and "trả sớm" not in done.events[-1].note
    assert item_states(store, snap.id) == ["confirmed", "queued"]  # the hand-over, to be sent
    assert puller.run_once().confirmed == 0  # nothing pulled twice
    client.close()


def test_a_status_confirms_only_the_revisions_the_centre_held(server, store, tmp_path, version_id):
    """Revision 1 is sent; an edit makes revision 2, queued and not yet sent; the centre sets a
    status on the revision it holds (1): revision 1 is confirmed, revision 2 stays queued. Then
    revision 2 is sent and acknowledged, and the centre's next change confirms it."""
    from kiosk import outbox
    from kiosk.models import CentralStatus, Dossier

    reception = make_reception(store, tmp_path)
    snap = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    device, client = enrolled_client(server, store, tmp_path / "keys", agency=AGENCY)
    engine, puller = OutboxEngine(store.sessions, client), Puller(client, store.sessions, device)
    assert engine.run_once().acknowledged == 1
    with store.sessions.begin() as s:  # an edit after the upload: the next revision, queued
        dossier = s.get(Dossier, snap.id)
        first = s.scalars(select(OutboxItem).where(OutboxItem.entity_id == snap.id)).one()
        sent = first.revision
        dossier.revision += 1
        assert dossier.revision == sent + 1
        outbox.enqueue(s, first.kind, snap.id, sent + 1, {**first.payload, "edit": 2})

    change = server.store.set_status(snap.id, "result_ready")
    assert change["revision"] == sent
    pulled = puller.run_once()
    assert pulled.stopped is None and pulled.confirmed == 1
    assert item_states(store, snap.id) == ["confirmed", "queued"]
    with store.sessions.begin() as s:
        held = s.get(CentralStatus, snap.id)
        assert (held.status, held.revision) == ("result_ready", sent)

    assert engine.run_once().acknowledged == 1
    assert item_states(store, snap.id) == ["confirmed", "acknowledged"]
    pulled = puller.run_once()  # the centre announced revision 2 when it stored it
    assert pulled.confirmed == 1 and item_states(store, snap.id) == ["confirmed", "confirmed"]
    with store.sessions.begin() as s:
        assert s.get(CentralStatus, snap.id).revision == sent + 1
    client.close()


def test_a_status_decided_on_an_older_revision_is_refused(server, store, tmp_path, version_id):
    from sync.server.store import StaleRevision

    reception = make_reception(store, tmp_path)
    snap = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    _, client = enrolled_client(server, store, tmp_path / "keys", agency=AGENCY)
    assert OutboxEngine(store.sessions, client).run_once().acknowledged == 1
    with store.sessions.begin() as s:
        sent = s.scalars(select(OutboxItem.revision).where(OutboxItem.entity_id == snap.id)).one()
    with pytest.raises(StaleRevision):
        server.store.set_status(snap.id, "result_ready", revision=sent - 1)
    assert server.store.public_dossier(snap.code)["status"] == ACCEPTED  # nothing changed
    assert server.store.set_status(snap.id, "result_ready", revision=sent)["revision"] == sent
    client.close()
