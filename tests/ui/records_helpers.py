"""Real dossiers for the dossier-list and results-return page tests (real renderer and signer)."""

from __future__ import annotations

from datetime import date, datetime

from kiosk.dossier_types import Applicant, ItemCounts
from kiosk.models import Dossier
from tests.factories import PERSON

BINH = Applicant(
    full_name="Trần Thị Bình",
    id_number="001192012345",
    date_of_birth=date(1992, 5, 5),
    gender="Nữ",
    address="Số 5 phố Hàng Bông, Hà Nội",
    phone="0912345678",
)


def draft(services, version_id, applicant=PERSON, voluntary: str | None = None):
    reception = services.reception
    snap = reception.create_draft(version_id, None, datetime.now())
    reception.save_applicant(snap.id, applicant)
    snap = reception.set_counts(
        snap.id, {i.id: ItemCounts(originals=1) for i in snap.items if i.required}
    )
    if voluntary:
        snap = reception.add_voluntary(snap.id, voluntary, ItemCounts(photocopies=1))
    return snap


def accepted(services, version_id, applicant=PERSON, voluntary: str | None = None):
    snap = draft(services, version_id, applicant, voluntary)
    return services.reception.accept(snap.id, None, datetime.now()).dossier


def refused(services, version_id, applicant=PERSON):
    snap = draft(services, version_id, applicant)
    return services.reception.refuse(
        snap.id, None, "Thủ tục không thuộc thẩm quyền của UBND phường"
    ).dossier


def supplement_requested(services, version_id, applicant=PERSON):
    reception = services.reception
    snap = reception.create_draft(version_id, None, datetime.now())
    reception.save_applicant(snap.id, applicant)
    missing = [i.id for i in snap.items if i.required]
    return reception.request_supplement(
        snap.id, None, missing, "Thiếu tờ khai và giấy chứng sinh"
    ).dossier


def update_dossier(store, dossier_id: str, **values) -> None:
    """Change stored columns directly (due dates relative to today, older creation times)."""
    with store.sessions.begin() as s:
        d = s.get(Dossier, dossier_id)
        for key, value in values.items():
            setattr(d, key, value)


def settle(qtbot, tasks, timeout=15000) -> None:
    """Wait until every background task and the callbacks it started have run."""
    qtbot.waitUntil(lambda: tasks.running == 0, timeout=timeout)


def show_page(qtbot, tasks, page):
    """Show a records page at the size it gets in the window, its first queries done."""
    qtbot.addWidget(page)
    page.resize(1146, 700)
    page.show()
    settle(qtbot, tasks)
    return page
