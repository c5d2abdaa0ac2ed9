"""Dossier statuses: one enum, stored as its text; the overview counts the statuses that exist."""

from datetime import date

from sqlalchemy import select

from kiosk.dossier_types import OPEN_STATUSES, STATUS_LABELS, DossierStatus
from kiosk.dossier_view import DossierQueries
from kiosk.models import Dossier, DossierEvent
from kiosk.status import StatusService
from tests.factories import MONDAY, make_reception


def test_stored_values_are_unchanged():
    """The store holds these texts already: renaming one would orphan existing rows."""
    stored = {"draft", "supplement_requested", "refused", "accepted", "returned"}
    assert stored <= {s.value for s in DossierStatus}
    assert DossierStatus.ACCEPTED == "accepted"
    assert DossierStatus("returned") is DossierStatus.RETURNED
    assert set(STATUS_LABELS) == set(DossierStatus)
    assert DossierStatus.RETURNED.label == "Đã trả kết quả"


def test_open_statuses_are_real_statuses():
    """No made-up status such as "in_progress": every open status is a member of the enum."""
    assert {DossierStatus.ACCEPTED, DossierStatus.SUPPLEMENT_REQUESTED} <= OPEN_STATUSES
    assert not OPEN_STATUSES & {DossierStatus.DRAFT, DossierStatus.REFUSED, DossierStatus.RETURNED}
    assert all(isinstance(s, DossierStatus) for s in OPEN_STATUSES)


def test_overview_counts_open_dossiers_of_every_open_status(store, version_id, tmp_path):
    """One dossier in each status: only those in an open status are counted."""
    reception = make_reception(store, tmp_path)
    ids = {status: reception.create_draft(version_id, None, MONDAY).id for status in DossierStatus}
    with store.sessions.begin() as s:
        for status, dossier_id in ids.items():
            s.get(Dossier, dossier_id).status = status
    snap = StatusService(store.reads).snapshot(MONDAY.date())
    assert snap.dossiers_open == len(OPEN_STATUSES) >= 2
    assert snap.procedures == 1


def test_snapshots_and_rows_carry_the_enum(store, version_id, tmp_path):
    """What is read back is a DossierStatus, stored as plain text."""
    reception = make_reception(store, tmp_path)
    draft = reception.create_draft(version_id, None, MONDAY)
    assert draft.status is DossierStatus.DRAFT
    assert draft.events[0].status is DossierStatus.DRAFT
    queries = DossierQueries(store.reads)
    rows = queries.search(status=DossierStatus.DRAFT, since=date(2026, 1, 1))
    assert [r.status for r in rows] == [DossierStatus.DRAFT]
    with store.reads.begin() as s:
        raw = s.execute(
            select(Dossier.status, DossierEvent.status).join(
                DossierEvent, DossierEvent.dossier_id == Dossier.id
            )
        ).one()
    assert tuple(raw) == ("draft", "draft") and type(raw[0]) is str
