"""The time limit's unit travels with the dossier (issue #10): due date and printed text."""

from datetime import date

from kiosk.models import ProcedureVersion
from printing import data as d
from printing.dossier_documents import dossier_form_data
from tests.factories import MONDAY, add_procedure, complete_draft, make_reception


def _in_unit(store, version_id, value, unit):
    with store.sessions.begin() as s:
        v = s.get(ProcedureVersion, version_id)
        v.time_limit_unit, v.time_limit_value, v.time_limit_days = unit, value, int(value)


def test_calendar_days_give_a_calendar_due_date_and_say_ngay(store, tmp_path):
    version_id = add_procedure(store, code="1.003622", name="Thông báo tổ chức lễ hội", days=15)
    _in_unit(store, version_id, 15, "day")
    reception = make_reception(store, tmp_path)
    decision = reception.accept(complete_draft(reception, version_id).id, None, MONDAY)
    snap = decision.dossier
    assert snap.due_date == date(2026, 12, 22)  # Monday 7/12 + 15 calendar days
    assert snap.time_limit_unit == "day" and snap.time_limit_text == "15 ngày"
    receipt = dossier_form_data("receipt", snap, d.Agency(name="UBND xã"), MONDAY)
    assert receipt.time_limit_text == "15 ngày"


def test_working_days_still_say_ngay_lam_viec(store, tmp_path):
    version_id = add_procedure(store, days=15)
    reception = make_reception(store, tmp_path)
    snap = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    assert snap.time_limit_text == "15 ngày làm việc"
    assert snap.due_date == date(2026, 12, 28)
