"""Drafts (Qt-free): changing the procedure keeps the applicant and leaves no orphan; an abandoned
draft can be discarded; drafts untouched for N days are purged; decided dossiers are never
touched."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from kiosk.dossier_types import DRAFT
from kiosk.drafts import DraftService, age_days
from kiosk.errors import InvalidInput
from kiosk.models import AuditEvent, Dossier, DossierEvent, DossierItem
from tests.factories import MONDAY, add_procedure, make_reception
from tests.kiosk.test_reception import PERSON, complete_draft


@pytest.fixture
def reception(store, tmp_path):
    return make_reception(store, tmp_path)


@pytest.fixture
def drafts(store):
    return DraftService(store.sessions)


def count(store, model) -> int:
    with store.sessions.begin() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_changing_the_procedure_keeps_the_applicant_and_leaves_no_orphan(
    store, reception, version_id
):
    other = add_procedure(
        store,
        "1.000894",
        "Đăng ký kết hôn",
        items=[("Tờ khai đăng ký kết hôn", 1, 0, 0, True, None)],
    )
    first = reception.create_draft(version_id, None, MONDAY)
    reception.save_applicant(first.id, PERSON)
    second = reception.create_draft(other, None, MONDAY, replacing=first.id)
    assert second.procedure_name == "Đăng ký kết hôn" and second.status == DRAFT
    assert second.applicant == PERSON and [i.name for i in second.items] == [
        "Tờ khai đăng ký kết hôn"
    ]
    with store.sessions.begin() as s:
        assert s.scalars(select(Dossier.id)).all() == [second.id]
        assert s.scalar(select(func.count()).select_from(DossierItem)) == 1
        assert s.scalar(select(func.count()).where(DossierEvent.dossier_id == first.id)) == 0
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "dossier.draft_discarded")
        ).one()
        assert event.entity == f"dossier:{first.id}" and event.details == {
            "why": "procedure changed"
        }
    assert reception.create_draft(other, None, MONDAY).applicant.full_name == ""  # a new visit


def test_a_decided_dossier_is_never_replaced_or_discarded(store, reception, drafts, version_id):
    accepted = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    with pytest.raises(InvalidInput):
        reception.create_draft(version_id, None, MONDAY, replacing=accepted.id)
    with pytest.raises(InvalidInput, match="Chỉ xóa được hồ sơ đang tiếp nhận dở"):
        drafts.discard(accepted.id, None)
    assert count(store, Dossier) == 1


def test_discard_a_draft(store, reception, drafts, version_id):
    snap = reception.create_draft(version_id, None, MONDAY)
    drafts.discard(snap.id, None)
    assert count(store, Dossier) == 0 and count(store, DossierItem) == 0
    with pytest.raises(InvalidInput, match="Không tìm thấy hồ sơ"):
        drafts.discard(snap.id, None)


def test_purge_drafts_untouched_for_n_days(store, reception, drafts, version_id):
    now = datetime(2027, 1, 20, 8, 0)
    old, recent = (reception.create_draft(version_id, None, MONDAY) for _ in range(2))
    decided = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    with store.sessions.begin() as s:
        for dossier_id, when in (
            (old.id, now - timedelta(days=31)),
            (recent.id, now - timedelta(days=29)),
            (decided.id, now - timedelta(days=90)),
        ):
            s.get(Dossier, dossier_id).updated_at = when
    assert drafts.purge_abandoned(now, 30) == 1
    with store.sessions.begin() as s:
        assert set(s.scalars(select(Dossier.id))) == {recent.id, decided.id}
    assert drafts.purge_abandoned(now, 30) == 0


def test_age_in_days():
    assert age_days(datetime(2026, 12, 7, 23, 59), datetime(2026, 12, 8, 0, 1)) == 1
    assert age_days(MONDAY, MONDAY) == 0
