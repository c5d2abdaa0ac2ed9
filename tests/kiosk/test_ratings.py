"""Ratings at the citizen kiosk: criteria as data, one per dossier or ticket, anonymous to the
officer, stored with their outbox item (issue 13 §5)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from kiosk.errors import InvalidInput
from kiosk.models import OutboxItem, Rating
from kiosk.officers import OfficerService
from kiosk.queueing import QueueService
from kiosk.ratings import MIN_SHOWN, RatingService, load_criteria
from tests.factories import MONDAY, add_procedure, complete_draft, make_reception


@pytest.fixture
def officer(store):
    return OfficerService(store.sessions).create("lan", "Trần Thị Lan", "officer", "mat-khau-dai-1")


@pytest.fixture
def accepted(store, tmp_path, officer):
    reception = make_reception(store, tmp_path)
    snap = complete_draft(reception, add_procedure(store))
    return reception.accept(snap.id, officer.id, MONDAY).dossier


def _service(store):
    return RatingService(store.sessions, clock=lambda: MONDAY)


def test_criteria_are_the_per_dossier_indicators_collected_by_devices():
    criteria = load_criteria()
    assert [c.indicator for c in criteria.criteria] == [1, 3, 4, 7]
    for c in criteria.criteria:
        assert sorted(x.points for x in c.choices) == [0, 1, 2]
        assert c.question_vi and c.question_en


def test_rating_a_dossier_is_stored_with_its_officer_and_enqueued(store, accepted, officer):
    ratings = _service(store)
    target = ratings.find_target(accepted.code, MONDAY.date())
    assert (target.kind, target.label, target.officer_id) == ("dossier", accepted.code, officer.id)
    assert target.procedure_name == "Đăng ký khai sinh"
    ratings.submit(target, {"time": 2, "attitude": 1})
    with store.sessions.begin() as s:
        rating = s.scalars(select(Rating)).one()
        assert (rating.officer_id, rating.score, rating.day) == (officer.id, 3, MONDAY.date())
        assert (rating.at.hour, rating.at.minute) == (0, 0)  # no time of day kept
        item = s.scalars(select(OutboxItem).where(OutboxItem.kind == "rating")).one()
        assert item.entity_id == rating.id
        assert item.payload["dossier_code"] == accepted.code
        assert item.payload["officer"] == "lan"
        assert item.payload["answers"] == {"time": 2, "attitude": 1}
        # no personal data of the applicant in what is sent
        assert "038090123456" not in json.dumps(item.payload)


def test_second_rating_of_the_same_dossier_is_refused(store, accepted):
    ratings = _service(store)
    target = ratings.find_target(accepted.code, MONDAY.date())
    ratings.submit(target, {"time": 1})
    with pytest.raises(InvalidInput, match="đã được đánh giá"):
        ratings.submit(target, {"time": 0})
    with store.sessions.begin() as s:
        assert s.scalar(select(func.count()).select_from(Rating)) == 1


def test_bad_answers_change_nothing(store, accepted):
    ratings = _service(store)
    target = ratings.find_target(accepted.code, MONDAY.date())
    for answers in ({}, {"time": 3}, {"nonsense": 1}, {"time": "2"}):
        with pytest.raises(InvalidInput):
            ratings.submit(target, answers)
    with store.sessions.begin() as s:
        assert s.scalar(select(func.count()).select_from(Rating)) == 0
        assert (
            s.scalar(
                select(func.count()).select_from(OutboxItem).where(OutboxItem.kind == "rating")
            )
            == 0
        )


def test_ticket_rating_needs_a_served_ticket_of_the_day(store, officer):
    queue = QueueService(store.sessions)
    day = MONDAY.date()
    first = queue.issue(day, "A")
    ratings = _service(store)
    with pytest.raises(InvalidInput, match="chưa được phục vụ"):
        ratings.find_target("A001", day)
    queue.call(first.id, 2, officer.id)
    target = ratings.find_target("a 1", day)
    assert (target.kind, target.label, target.officer_id) == ("ticket", "A001", officer.id)
    with pytest.raises(InvalidInput, match="không có số thứ tự"):
        ratings.find_target("A001", date(2026, 12, 8))


def test_unknown_or_garbage_targets_get_a_clear_message(store):
    ratings = _service(store)
    for text, words in (
        ("", "Hãy nhập"),
        ("000.31.27.H56-261207-0999", "Không tìm thấy"),
        ("xin chào", "không phải mã hồ sơ"),
    ):
        with pytest.raises(InvalidInput, match=words):
            ratings.find_target(text, MONDAY.date())


def test_officer_sees_averages_only_from_enough_ratings(store, officer):
    queue = QueueService(store.sessions)
    day = MONDAY.date()
    ratings = _service(store)
    for n in range(MIN_SHOWN):
        t = queue.issue(day, "A")
        queue.call(t.id, 1, officer.id)
        if n == MIN_SHOWN - 1:
            with pytest.raises(InvalidInput, match="bí mật"):
                ratings.officer_summary(officer.id)
        ratings.submit(ratings.find_target(t.label, day), {"attitude": 2 if n % 2 else 1})
    summary = ratings.officer_summary(officer.id)
    assert summary.count == MIN_SHOWN
    assert summary.averages == {"attitude": 1.4}


def test_a_rating_reaches_the_reference_central_server(store, accepted, tmp_path):
    """The outbox item of kind "rating" is carried by the sync engine over HTTP."""
    from sync.central_server import CentralServer
    from sync.client import CentralClient
    from sync.engine import OutboxEngine

    ratings = _service(store)
    ratings.submit(ratings.find_target(accepted.code, MONDAY.date()), {"contacts": 2})
    server = CentralServer(tmp_path / "central", port=0).start()
    try:
        OutboxEngine(store.sessions, CentralClient(server.url)).run_once()
        assert server.store.count_ratings() == 1
        with store.sessions.begin() as s:
            item = s.scalars(select(OutboxItem).where(OutboxItem.kind == "rating")).one()
            assert item.status == "acknowledged"
    finally:
        server.stop()
