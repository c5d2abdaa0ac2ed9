"""The case picker of the procedure step (issue #10), on real records of the national catalog:
2.000992 has three cases (1 working day / 15 hours / 1 working day); 1.003622 has one; 1.000080
has one, whose limit is the only one that can be computed."""

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlalchemy import select

from kiosk.catalog import CatalogService
from kiosk.models import Dossier
from kiosk.portal_import import convert, read_records
from tests.kiosk.catalog_helpers import write
from tests.kiosk.test_portal_import import DATA
from tests.ui.keys import type_text

MONDAY = datetime(2026, 12, 7, 9, 30)


@pytest.fixture(scope="module")
def real_catalog():
    wanted = {"2.000992", "1.003622", "1.000080"}
    return convert([r for r in read_records(DATA) if r["detail"]["code"] in wanted], "commune")[0]


@pytest.fixture
def page(qtbot, store, demo_config, tasks, services, session, tmp_path, real_catalog):
    from ui.reception.page import ReceptionPage, ReceptionServices
    from ui.services import narrow

    CatalogService(store.sessions).import_file(write(tmp_path, real_catalog))
    page = ReceptionPage(demo_config, tasks, narrow(ReceptionServices, services), session)
    page.clock = lambda: MONDAY
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    return page


def search(qtbot, page, query: str) -> None:
    step = page.steps[0]
    type_text(step.search, query)
    qtbot.keyClick(step.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.dossier is not None, timeout=5000)


def test_several_cases_are_listed_with_code_and_limit_and_one_must_be_picked(qtbot, page, store):
    step = page.steps[0]
    search(qtbot, page, "2.000992")
    qtbot.waitUntil(lambda: step.cases.count() == 3, timeout=5000)
    assert step.cases.isVisible() and page.stack.currentIndex() == 0
    texts = [step.cases.item(i).text().split("\n")[0] for i in range(3)]
    assert texts[1] == "2.000992.02 — 15 giờ"
    assert texts[0].startswith("2.000992.01 — 1 ngày làm việc")
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)  # nothing picked: stays, says so
    assert page.stack.currentIndex() == 0 and step.banner.isVisible()
    step.cases.setCurrentRow(1)
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=5000)
    assert page.dossier.variant["code"] == "2.000992.02"
    with store.sessions.begin() as s:
        assert s.scalars(select(Dossier.variant_code)).all() == ["2.000992.02"]


def test_a_single_case_procedure_goes_straight_on(qtbot, page):
    search(qtbot, page, "1.003622")
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=5000)
    assert page.steps[0].cases.count() == 0 and not page.steps[0].cases.isVisibleTo(page)


def test_a_single_case_is_offered_when_the_procedures_own_limit_is_only_text(qtbot, page):
    search(qtbot, page, "1.000080")
    qtbot.waitUntil(lambda: page.steps[0].cases.count() == 1, timeout=5000)
    assert page.steps[0].cases.item(0).text().startswith("1.000080.01 — 12 ngày làm việc")
    assert page.stack.currentIndex() == 0


def test_the_decision_step_shows_the_case_and_its_own_due_date(qtbot, page, services):
    from tests.factories import PERSON, ItemCounts

    page.clock = lambda: datetime(2026, 12, 11, 8, 0)  # Friday: + 15 hours is still Friday
    step = page.steps[0]
    search(qtbot, page, "2.000992")
    qtbot.waitUntil(lambda: step.cases.count() == 3, timeout=5000)
    step.cases.setCurrentRow(1)
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=5000)
    reception, snap = services.reception, page.dossier
    reception.save_applicant(snap.id, PERSON)
    wanted = {i.id: ItemCounts(originals=1) for i in snap.items if i.required}
    page.dossier = reception.set_counts(snap.id, wanted)
    page.go(len(page.steps) - 1)
    decision = page.steps[-1]

    def rows() -> dict:
        layout, found = decision.summary, {}
        for r in range(layout.rowCount()):
            name, value = layout.itemAtPosition(r, 0), layout.itemAtPosition(r, 1)
            if name and value:
                found[name.widget().text()] = value.widget().text()
        return found

    qtbot.waitUntil(lambda: len(rows()) == 5, timeout=5000)
    texts = list(rows().values())
    assert texts[3] == "2.000992.02 — 15 giờ"
    assert "11/12/2026" in texts[4]  # 15 hours, not 1 working day (Monday 14/12)


def test_the_dossier_detail_names_the_case_and_its_limit(qtbot, page, services, tasks, session):
    from kiosk.dossier_types import ItemCounts
    from tests.factories import PERSON
    from ui.dossier_detail import DossierDetailView

    friday = datetime(2026, 12, 11, 8, 0)
    page.clock = lambda: friday
    search(qtbot, page, "2.000992")
    reception, draft = services.reception, page.dossier
    reception.save_applicant(draft.id, PERSON)
    reception.set_counts(
        draft.id, {i.id: ItemCounts(originals=1) for i in draft.items if i.required}
    )
    reception.choose_variant(draft.id, "2.000992.02")
    snap = reception.accept(draft.id, None, friday).dossier
    detail = DossierDetailView(tasks, services, session)
    qtbot.addWidget(detail)
    detail.show_dossier(snap)
    texts = [lb.text() for lb in detail.widget().findChildren(QLabel)]
    assert any("2.000992.02 — 15 giờ" in t for t in texts), texts
