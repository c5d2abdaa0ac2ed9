"""Cases of a procedure (issue #10): the officer picks one; its own time limit sets the due date.

Real converted records of the national catalog (tests/data/national-procedures-2026…): 2.000992
has three cases, 1 working day / 15 hours / 1 working day.
"""

from datetime import date, datetime

import pytest

from kiosk.calendar import WorkCalendar
from kiosk.catalog import CatalogService
from kiosk.errors import InvalidInput
from kiosk.portal_import import convert, read_records
from printing import data as d
from printing.dossier_documents import dossier_form_data
from tests.factories import complete_draft, make_reception
from tests.kiosk.catalog_helpers import write
from tests.kiosk.test_portal_import import DATA, ON

FRIDAY_MORNING = datetime(2026, 12, 11, 8, 0)  # + 15 hours is still Friday; + 1 working day Monday
KEEP = {"2.000992", "1.001521", "1.003622", "1.000080"}


@pytest.fixture(scope="module")
def small_catalog():
    records = [r for r in read_records(DATA) if r["detail"]["code"] in KEEP]
    doc, _review = convert(records, "commune")
    return doc


def import_real(store, tmp_path, doc) -> CatalogService:
    catalog = CatalogService(store.sessions)
    catalog.import_file(write(tmp_path, doc))
    return catalog


def test_the_15_hour_case_gives_its_own_due_date(store, tmp_path, small_catalog):
    catalog = import_real(store, tmp_path, small_catalog)
    version_id = catalog.get("2.000992", ON).version_id
    reception = make_reception(store, tmp_path)
    hours = complete_draft(reception, version_id, FRIDAY_MORNING)
    chosen = reception.choose_variant(hours.id, "2.000992.02")
    assert chosen.variant["code"] == "2.000992.02"
    assert chosen.variant["time_limit"]["unit"] == "hour"
    snap = reception.accept(hours.id, None, FRIDAY_MORNING).dossier
    assert snap.due_date == WorkCalendar().due(FRIDAY_MORNING, 15, "hour") == date(2026, 12, 11)
    assert snap.variant["code"] == "2.000992.02" and snap.time_limit_text == "15 giờ"
    receipt = dossier_form_data("receipt", snap, d.Agency(name="UBND xã"), FRIDAY_MORNING)
    assert receipt.time_limit_text == "15 giờ"  # the case's limit, not "Tùy trường hợp"
    day = complete_draft(reception, version_id, FRIDAY_MORNING)
    reception.choose_variant(day.id, "2.000992.01")
    working = reception.accept(day.id, None, FRIDAY_MORNING).dossier
    assert working.due_date == date(2026, 12, 14)
    assert working.time_limit_text == "1 ngày làm việc" and working.time_limit_days == 1


def test_a_code_that_is_not_a_case_is_refused_and_changes_nothing(store, tmp_path, small_catalog):
    catalog = import_real(store, tmp_path, small_catalog)
    version_id = catalog.get("2.000992", ON).version_id
    reception = make_reception(store, tmp_path)
    draft = complete_draft(reception, version_id, FRIDAY_MORNING)
    reception.choose_variant(draft.id, "2.000992.03")
    for wrong in ("2.000992.04", "1.000894.01", ""):
        with pytest.raises(InvalidInput, match="không phải một trường hợp của thủ tục này"):
            reception.choose_variant(draft.id, wrong)
    kept = reception.accept(draft.id, None, FRIDAY_MORNING).dossier
    assert kept.variant["code"] == "2.000992.03"


def test_cases_with_different_limits_must_be_chosen_before_accepting(
    store, tmp_path, small_catalog
):
    catalog = import_real(store, tmp_path, small_catalog)
    version_id = catalog.get("2.000992", ON).version_id
    reception = make_reception(store, tmp_path)
    draft = complete_draft(reception, version_id, FRIDAY_MORNING)
    with pytest.raises(InvalidInput, match="Hãy chọn trường hợp của thủ tục"):
        reception.accept(draft.id, None, FRIDAY_MORNING)
    again = reception.choose_variant(draft.id, None)
    assert again.code is None and again.due_date is None and again.variant is None


def test_cases_with_the_same_limit_need_no_choice(store, tmp_path, small_catalog):
    catalog = import_real(store, tmp_path, small_catalog)
    same = catalog.get("1.001521", ON)
    limits = {(x["time_limit"]["unit"], x["time_limit"]["value"]) for x in same.variants}
    assert len(same.variants) >= 2 and limits == {("working_day", same.time_limit_days)}
    reception = make_reception(store, tmp_path)
    draft = complete_draft(reception, same.version_id, FRIDAY_MORNING)
    snap = reception.accept(draft.id, None, FRIDAY_MORNING).dossier
    expected = WorkCalendar().due(FRIDAY_MORNING, same.time_limit_days, None)
    assert snap.variant is None and snap.due_date == expected


def test_a_single_case_gives_its_limit_when_the_procedures_own_is_only_text(
    store, tmp_path, small_catalog
):
    catalog = import_real(store, tmp_path, small_catalog)
    detail = catalog.get("1.000080", ON)  # sources disagree: 7 (no unit) vs 12 working days
    assert detail.unit == "text" and len(detail.variants) == 1 and detail.case_to_pick
    assert not catalog.get("1.003622", ON).case_to_pick  # one case, the procedure's own limit
    assert catalog.get("2.000992", ON).case_to_pick
    reception = make_reception(store, tmp_path)
    draft = complete_draft(reception, detail.version_id, FRIDAY_MORNING)
    with pytest.raises(InvalidInput, match="chọn trường hợp"):
        reception.accept(draft.id, None, FRIDAY_MORNING)
    reception.choose_variant(draft.id, "1.000080.01")
    snap = reception.accept(draft.id, None, FRIDAY_MORNING).dossier
    assert snap.due_date == WorkCalendar().due(FRIDAY_MORNING, 12, None)
    assert snap.time_limit_text == "12 ngày làm việc"
