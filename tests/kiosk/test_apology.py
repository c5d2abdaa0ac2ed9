"""Apology letters and notices of stopping (issue 14 §2), walked with a fake clock across due
dates, a day off, a swapped (worked) Saturday and a supplement pause."""

import threading
from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from kiosk import audit
from kiosk.blobs import BlobStore
from kiosk.calendar import DayOverride, WorkCalendar
from kiosk.code_service import CodeService
from kiosk.deadline_watch import DeadlineWatch
from kiosk.dossier_types import ItemCounts
from kiosk.errors import InvalidInput
from kiosk.letters import LetterService
from kiosk.models import Dossier, DossierLetter, OutboxItem, PrintedDocument, PrintJob
from kiosk.reception import ReceptionService
from printing.dossier_documents import letter_forms
from tests.factories import AGENCY, PERSON, complete_draft, fake_renderer

MON = datetime(2026, 12, 7, 9, 30)  # accepted Monday 7/12/2026, limit 3 working days
THU_OFF = date(2026, 12, 10)  # a day off by notice
SAT_WORKED = date(2026, 12, 12)  # a Saturday worked in exchange
CALENDAR = WorkCalendar(
    [DayOverride(THU_OFF, False, "Nghỉ bù"), DayOverride(SAT_WORKED, True, "Làm bù")]
)
REASON = "Cần xác minh nơi sinh với cơ sở y tế ngoài tỉnh."


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0))


@pytest.fixture
def office(store, tmp_path, version_id):
    blobs = BlobStore(tmp_path / "blobs")
    reception = ReceptionService(
        store.sessions,
        calendar=CALENDAR,
        codes=CodeService(store.sessions),
        blobs=blobs,
        render=fake_renderer,
        agency_code=AGENCY,
        counter=1,
    )
    letters = LetterService(
        store.sessions, calendar=CALENDAR, blobs=blobs, render=fake_renderer, forms_on=letter_forms
    )
    return reception, letters, version_id


def accepted(reception, version_id, when=MON):
    return reception.accept(complete_draft(reception, version_id, when).id, None, when).dossier


def test_the_due_date_skips_the_day_off_and_the_apology_is_due_the_working_day_before(
    store, office
):
    reception, letters, version_id = office
    snap = accepted(reception, version_id)
    assert snap.due_date == date(2026, 12, 11)  # Tue, Wed, (Thu off), Fri
    watch = DeadlineWatch(store.reads, CALENDAR)
    # Walk the clock: Tuesday nothing; Wednesday (the working day before Friday) the apology is due
    assert watch.board(date(2026, 12, 8)).apology_due == 0
    assert watch.board(date(2026, 12, 9)).apology_due == 1
    plan = letters.plan(snap.id, date(2026, 12, 9))
    assert plan.can_apologise and plan.latest_on_time == date(2026, 12, 9)
    assert plan.forms.set_id == "2025" and plan.extends


def test_apology_resets_the_date_once_onto_a_worked_saturday(store, office):
    reception, letters, version_id = office
    snap = accepted(reception, version_id)
    decision = letters.apologise(snap.id, None, REASON, 1, at(date(2026, 12, 9)))
    after = decision.dossier
    assert after.due_date == SAT_WORKED  # one working day after Friday: the worked Saturday
    letter = after.letter("apology")
    assert (letter.old_due_date, letter.new_due_date, letter.extension_days) == (
        date(2026, 12, 11),
        SAT_WORKED,
        1,
    )
    assert letter.on_time and letter.form_set == "2025" and letter.variant == "extension"
    assert letter.reason == REASON
    assert after.status == "accepted" and "12/12/2026" in after.events[-1].note
    with store.sessions() as s:
        assert s.get(Dossier, snap.id).due_date_reset
        assert s.scalar(select(OutboxItem.kind).where(OutboxItem.kind == "dossier.apology"))
        doc = s.scalars(select(PrintedDocument).where(PrintedDocument.kind == "apology")).one()
        assert (
            s.scalar(
                select(func.count()).select_from(PrintJob).where(PrintJob.document_id == doc.id)
            )
            == 1
        )
        actions = [e.action for e in s.scalars(select(audit.AuditEvent))]
        assert "dossier.apology" in actions
        assert audit.verify(s).ok


def test_the_apology_cannot_be_issued_twice_and_the_refusal_changes_nothing(store, office):
    reception, letters, version_id = office
    snap = accepted(reception, version_id)
    letters.apologise(snap.id, None, REASON, 2, at(date(2026, 12, 9)))
    with pytest.raises(InvalidInput, match="chỉ được hẹn lại một lần"):
        letters.apologise(snap.id, None, REASON, 5, at(date(2026, 12, 11)))
    assert not letters.plan(snap.id, date(2026, 12, 11)).can_apologise
    with store.sessions() as s:
        assert s.get(Dossier, snap.id).due_date == date(2026, 12, 14)  # Sat 12, Mon 14
        assert s.scalar(select(func.count()).select_from(DossierLetter)) == 1
        assert (
            s.scalar(
                select(func.count())
                .select_from(OutboxItem)
                .where(OutboxItem.kind == "dossier.apology")
            )
            == 1
        )


def test_two_machines_racing_issue_one_apology(open_db, store, office, tmp_path):
    reception, _letters, version_id = office
    snap = accepted(reception, version_id)
    stores = [open_db(), open_db()]
    services = [
        LetterService(
            st.sessions,
            calendar=CALENDAR,
            blobs=BlobStore(tmp_path / f"m{i}"),
            render=fake_renderer,
            forms_on=letter_forms,
        )
        for i, st in enumerate(stores)
    ]
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def issue(service):
        start.wait()
        try:
            outcomes.append(service.apologise(snap.id, None, REASON, 1, at(date(2026, 12, 9))))
        except InvalidInput as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=issue, args=(sv,)) for sv in services]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for st in stores:
        st.close()
    assert sorted(type(o).__name__ for o in outcomes) == ["Decision", "InvalidInput"]
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(DossierLetter)) == 1


def test_an_apology_after_the_working_day_before_is_recorded_as_late(store, office):
    reception, letters, version_id = office
    snap = accepted(reception, version_id)
    late = letters.apologise(snap.id, None, REASON, 3, at(date(2026, 12, 11), 16))
    letter = late.dossier.letter("apology")
    assert not letter.on_time
    assert "gửi muộn" in late.dossier.events[-1].note
    assert late.dossier.due_date == date(2026, 12, 15)  # Sat 12 (worked), Mon 14, Tue 15


@pytest.mark.parametrize(
    ("received", "set_id", "variant"),
    [
        (datetime(2025, 9, 12, 9), "2018", "new_date"),
        (datetime(2025, 9, 16, 9), "2025", "extension"),
    ],
)
def test_the_letter_takes_the_form_set_of_the_day_of_reception(office, received, set_id, variant):
    reception, letters, version_id = office
    snap = accepted(reception, version_id, received)
    issued = letters.apologise(snap.id, None, REASON, 2, datetime(2026, 1, 5, 9)).dossier
    letter = issued.letter("apology")
    assert (letter.form_set, letter.variant) == (set_id, variant)


def test_a_supplement_pause_stops_the_clock_and_a_new_due_date_runs_from_acceptance(store, office):
    reception, letters, version_id = office
    draft = reception.create_draft(version_id, None, MON)
    reception.save_applicant(draft.id, PERSON)
    missing = [i.id for i in draft.items if i.required]
    reception.request_supplement(draft.id, None, missing, "Thiếu giấy chứng sinh bản chính.")
    with pytest.raises(InvalidInput, match="đang giải quyết"):
        letters.apologise(draft.id, None, REASON, 1, at(date(2026, 12, 9)))
    # The applicant comes back on Friday 11/12; the limit restarts from zero that day.
    reception.resume(draft.id, None)
    counts = {i: ItemCounts(originals=1) for i in missing}
    reception.set_counts(draft.id, counts)
    friday = at(date(2026, 12, 11), 10)
    snap = reception.accept(draft.id, None, friday).dossier
    assert snap.due_date == date(2026, 12, 15)  # Sat 12 (worked), Mon 14, Tue 15
    plan = letters.plan(snap.id, date(2026, 12, 14))
    assert plan.can_apologise and plan.latest_on_time == date(2026, 12, 14)


def test_stop_notice_ends_processing_once(store, office):
    reception, letters, version_id = office
    snap = accepted(reception, version_id)
    stopped = letters.stop(
        snap.id,
        None,
        "Người nộp có đơn đề nghị dừng giải quyết hồ sơ.",
        "Thẩm định hồ sơ",
        "Không thu phí, lệ phí",
        at(date(2026, 12, 8)),
    ).dossier
    assert stopped.status == "stopped" and stopped.letter("stop_notice").form_set == "2025"
    assert stopped.last_reason.startswith("Người nộp có đơn")
    with pytest.raises(InvalidInput):
        letters.stop(snap.id, None, "Lần thứ hai dừng giải quyết.", "X bước", "Không thu", MON)
    with pytest.raises(InvalidInput, match="đang giải quyết"):
        letters.apologise(snap.id, None, REASON, 1, at(date(2026, 12, 9)))
    with store.sessions() as s:
        assert s.scalar(select(OutboxItem.kind).where(OutboxItem.kind == "dossier.stopped"))


@pytest.mark.parametrize(
    ("reason", "days", "message"),
    [
        ("ngắn", 2, "lý do"),
        (REASON, 0, "gia hạn"),
        (REASON, 61, "gia hạn"),
        (REASON, True, "gia hạn"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(
    store, office, reason, days, message
):
    reception, letters, version_id = office
    snap = accepted(reception, version_id)
    with pytest.raises(InvalidInput, match=message):
        letters.apologise(snap.id, None, reason, days, at(date(2026, 12, 9)))
    with store.sessions() as s:
        assert not s.get(Dossier, snap.id).due_date_reset
        assert s.scalar(select(func.count()).select_from(DossierLetter)) == 0


def test_the_plan_shows_how_to_reach_the_applicant(office):
    from dataclasses import replace

    reception, letters, version_id = office
    draft = reception.create_draft(version_id, None, MON)
    reception.save_applicant(draft.id, replace(PERSON, phone="0912345678", email="an@example.vn"))
    required = {i.id: ItemCounts(originals=1) for i in draft.items if i.required}
    reception.set_counts(draft.id, required)
    snap = reception.accept(draft.id, None, MON).dossier
    contact = letters.plan(snap.id, date(2026, 12, 9)).contact
    assert (contact.name, contact.phone, contact.email) == (
        "Nguyễn Văn An",
        "0912345678",
        "an@example.vn",
    )
    assert contact.address == PERSON.address and contact.reachable


def test_across_tet_the_package_calendar_decides_the_last_on_time_day(store, tmp_path, version_id):
    """Received Friday 13/02/2026 before Tết: 3 working days end on 25/02 (the holiday week is
    skipped); the apology is on time until Tuesday 24/02."""
    from tests.factories import make_reception

    calendar = WorkCalendar()
    reception = make_reception(store, tmp_path)
    letters = LetterService(
        store.sessions,
        calendar=calendar,
        blobs=BlobStore(tmp_path / "blobs"),
        render=fake_renderer,
        forms_on=letter_forms,
    )
    friday = datetime(2026, 2, 13, 10, 0)
    snap = accepted(reception, version_id, friday)
    assert snap.due_date == date(2026, 2, 25)
    assert letters.latest_on_time(snap.due_date) == date(2026, 2, 24)
    done = letters.apologise(snap.id, None, REASON, 1, datetime(2026, 2, 24, 9)).dossier
    assert done.letter("apology").on_time and done.due_date == date(2026, 2, 26)
