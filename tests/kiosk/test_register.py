"""Tracking-register numbers (issue 14 §3): per agency and year, never the same on two machines."""

import threading
from datetime import datetime

import pytest
from sqlalchemy import select

from kiosk.errors import CodeAllocationError, InvalidInput
from kiosk.models import Dossier, RegisterEntry
from kiosk.register import REGISTER_PLAN, RegisterService, default_book
from tests.factories import AGENCY, MONDAY, complete_draft, make_reception

PER_COUNTER = 12


def test_accept_gives_the_dossier_a_number_from_the_reserved_block(store, version_id, tmp_path):
    RegisterService(store.sessions).add_block(AGENCY, 2026, 1, 100, book="03/2026")
    reception = make_reception(store, tmp_path)
    first = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    second = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    assert (first.register_book, first.register_number) == ("03/2026", 1)
    assert (second.register_book, second.register_number) == ("03/2026", 2)


def test_without_a_block_a_counter_numbers_from_its_own_range(store, version_id, tmp_path):
    reception = make_reception(store, tmp_path, counter=3)
    snap = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    first, _last = REGISTER_PLAN.range_for(3)
    assert snap.register_number == first == 900_000 + 2 * 4_000 + 1
    assert snap.register_book == default_book(2026) == "01/2026"


def test_a_new_year_starts_a_new_register(store, version_id, tmp_path):
    register = RegisterService(store.sessions)
    register.add_block(AGENCY, 2026, 1, 10)
    register.add_block(AGENCY, 2027, 1, 10)
    reception = make_reception(store, tmp_path)
    dec = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    jan = datetime(2027, 1, 4, 9, 0)
    new = reception.accept(complete_draft(reception, version_id, jan).id, None, jan).dossier
    assert (dec.register_book, dec.register_number) == ("01/2026", 1)
    assert (new.register_book, new.register_number) == ("01/2027", 1)


def test_a_failed_accept_gives_its_number_back(store, version_id, tmp_path):
    RegisterService(store.sessions).add_block(AGENCY, 2026, 1, 10)
    reception = make_reception(store, tmp_path)
    incomplete = reception.create_draft(version_id, None, MONDAY)  # no applicant, no papers
    with pytest.raises(InvalidInput):
        reception.accept(incomplete.id, None, MONDAY)
    snap = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    assert snap.register_number == 1


@pytest.mark.parametrize(
    ("first", "last"), [(0, 5), (10, 5), (899_999, 900_001), (950_000, 950_010)]
)
def test_blocks_must_lie_below_the_fallback_area(store, first, last):
    with pytest.raises(InvalidInput, match="Khối số vào sổ"):
        RegisterService(store.sessions).add_block(AGENCY, 2026, first, last)


def test_overlapping_blocks_are_refused(store):
    register = RegisterService(store.sessions)
    register.add_block(AGENCY, 2026, 1, 50)
    with pytest.raises(InvalidInput, match="trùng"):
        register.add_block(AGENCY, 2026, 40, 60)
    register.add_block(AGENCY, 2027, 40, 60)  # another year's register is another book


def test_a_counter_outside_the_fallback_plan_is_refused(store, version_id, tmp_path):
    reception = make_reception(store, tmp_path, counter=REGISTER_PLAN.max_counters + 1)
    draft = complete_draft(reception, version_id)
    with pytest.raises(InvalidInput):
        reception.accept(draft.id, None, MONDAY)


def test_an_exhausted_fallback_range_is_a_clear_error(store, version_id, tmp_path):
    from kiosk.codes import FallbackPlan

    reception = make_reception(store, tmp_path)
    reception._register = RegisterService(store.sessions, FallbackPlan(base=100, size=2, top=110))
    for _ in range(2):
        reception.accept(complete_draft(reception, version_id).id, None, MONDAY)
    third = complete_draft(reception, version_id)
    with pytest.raises(CodeAllocationError, match="số vào sổ dự phòng"):
        reception.accept(third.id, None, MONDAY)
    with store.sessions() as s:
        assert s.get(Dossier, third.id).status == "draft"  # nothing half-done


def test_two_counters_sharing_one_store_never_collide(open_db, store, version_id, tmp_path):
    """Two machines (their own engines) on one store (SQLite file or PostgreSQL) accept at once:
    a shared office block of 10 is used up first, then each counter's own range."""
    RegisterService(store.sessions).add_block(AGENCY, 2026, 1, 10, source="office")
    counters = (1, 2)
    stores = {c: open_db() for c in counters}
    receptions = {c: make_reception(stores[c], tmp_path / f"m{c}", counter=c) for c in counters}
    drafts = {
        c: [complete_draft(receptions[c], version_id).id for _ in range(PER_COUNTER)]
        for c in counters
    }
    start = threading.Barrier(len(counters))
    numbers: dict[int, list[int]] = {c: [] for c in counters}
    errors: list[BaseException] = []

    def accept_all(counter: int) -> None:
        try:
            start.wait()
            for dossier_id in drafts[counter]:
                snap = receptions[counter].accept(dossier_id, None, MONDAY).dossier
                numbers[counter].append(snap.register_number)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=accept_all, args=(c,)) for c in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    for s in stores.values():
        s.close()
    assert errors == []
    every = numbers[1] + numbers[2]
    assert len(every) == 2 * PER_COUNTER == len(set(every))
    assert sorted(every)[:10] == list(range(1, 11))
    for c in counters:
        low, high = REGISTER_PLAN.range_for(c)
        assert all(n <= 10 or low <= n <= high for n in numbers[c])
    with store.sessions() as s:
        stored = s.scalars(select(RegisterEntry.number)).all()
    assert sorted(stored) == sorted(every)


def test_two_offline_machines_with_their_own_stores_never_collide(
    tmp_path, version_id, store, open_db
):
    """Two machines that never see each other (two stores) and one central block each."""
    from kiosk.db import open_store, sqlite_url

    other = open_store(sqlite_url(tmp_path / "other" / "store.sqlite3"), folder=tmp_path / "other")
    try:
        from tests.factories import add_procedure

        other_version = add_procedure(other)
        RegisterService(store.sessions).add_block(AGENCY, 2026, 1, 5)  # central gave 1-5 here
        RegisterService(other.sessions).add_block(AGENCY, 2026, 6, 10)  # and 6-10 there
        machines = [
            (make_reception(store, tmp_path / "a", counter=1), version_id),
            (make_reception(other, tmp_path / "b", counter=2), other_version),
        ]
        every = []
        for _ in range(8):  # past each block, into each counter's own range
            for reception, version in machines:
                snap = reception.accept(complete_draft(reception, version).id, None, MONDAY)
                every.append(snap.dossier.register_number)
    finally:
        other.close()
    assert len(every) == 16 == len(set(every))
    assert set(range(1, 11)) <= set(every)
