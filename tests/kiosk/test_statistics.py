"""Statistics against a hand-computed fixture: fifteen dossiers with known outcomes in November
2026, two officers, time-zone edges at midnight (Vietnam time, stored in UTC)."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import InvalidInput
from kiosk.models import Dossier, DossierEvent, DossierItem, Officer
from kiosk.statistics import Indicators, StatisticsService, month_period, parse_day
from kiosk.timeutil import VIETNAM
from tests.fuzzing import fuzz

NOV_START, NOV_END = date(2026, 11, 1), date(2026, 11, 30)
TODAY = date(2026, 12, 3)


def vn(day: int, month: int = 11, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM)


def add_officer(s, username, name, role="officer"):
    officer = Officer(username=username, full_name=name, role=role, secret_hash="x")
    s.add(officer)
    s.flush()
    return officer.id


def dossier(s, version_id, officer, status, *, received=None, due=None, supplements=0, items=()):
    d = Dossier(
        procedure_version_id=version_id,
        applicant={"full_name": "Nguyễn Văn An"},
        status=status,
        received_at=received,
        due_date=due,
        officer_id=officer,
        supplement_requests=supplements,
    )
    s.add(d)
    s.flush()
    for pos, (kept, scanned) in enumerate(items, 1):
        s.add(
            DossierItem(
                dossier_id=d.id,
                position=pos,
                name=f"Giấy tờ {pos}",
                originals=1 if kept else 0,
                pdf_sha256=None,
            )
        )
        if scanned:
            from kiosk.models import Blob

            sha = f"{pos:02d}{d.id.replace('-', '')}".ljust(64, "0")[:64]
            s.add(Blob(sha256=sha, size=1, media_type="application/pdf"))
            s.flush()
            s.query(DossierItem).filter_by(dossier_id=d.id, position=pos).update(
                {"pdf_sha256": sha}
            )
    return d.id


def event(s, dossier_id, status, at, officer=None):
    s.add(DossierEvent(dossier_id=dossier_id, status=status, at=at, officer_id=officer))


@pytest.fixture
def fixture(store, version_id):
    with store.sessions.begin() as s:
        a = add_officer(s, "an.nguyen", "Nguyễn Thị An")
        b = add_officer(s, "binh.tran", "Trần Văn Bình")
        c = add_officer(s, "cuong.le", "Lê Văn Cường")  # nothing in November
        add_officer(s, "tech", "Kỹ thuật", role="technician")  # never listed
        v = version_id
        # 1. A: on time, both kept papers digitised
        d = dossier(s, v, a, "result_ready", received=vn(2), due=date(2026, 11, 5),
                    items=[(True, True), (True, True)])  # fmt: skip
        event(s, d, "result_ready", vn(5, hour=16))
        # 2. A: result three days late; one of two kept papers not digitised
        d = dossier(s, v, a, "returned", received=vn(3), due=date(2026, 11, 6),
                    items=[(True, True), (True, False)])  # fmt: skip
        event(s, d, "result_ready", vn(9))
        event(s, d, "returned", vn(10), a)
        # 3. A: handed over early (no "result ready" before): finished on time; no kept paper
        d = dossier(s, v, a, "returned", received=vn(10), due=date(2026, 11, 13),
                    items=[(False, False)])  # fmt: skip
        event(s, d, "returned", vn(12), a)
        # 4. A: still in progress, due 20/11: late at the end of the month
        dossier(s, v, a, "accepted", received=vn(16), due=date(2026, 11, 20))
        # 5. A: in progress, due 02/12: not late on 30/11
        dossier(s, v, a, "accepted", received=vn(25), due=date(2026, 12, 2))
        # 6. B: result ready on its due day, handed over the next day: counted once, on time
        d = dossier(s, v, b, "returned", received=vn(4), due=date(2026, 11, 9),
                    items=[(True, True)])  # fmt: skip
        event(s, d, "result_ready", vn(9, hour=10))
        event(s, d, "returned", vn(10), b)
        # 7. B: two supplement requests (Decision 766: late), result before its due date
        d = dossier(s, v, b, "result_ready", received=vn(5), due=date(2026, 11, 10),
                    supplements=2)  # fmt: skip
        event(s, d, "supplement_requested", vn(1), b)
        event(s, d, "supplement_requested", vn(3), b)
        event(s, d, "result_ready", vn(8))
        # 8. B: waits for a supplement
        d = dossier(s, v, b, "supplement_requested", supplements=1)
        event(s, d, "supplement_requested", vn(12), b)
        # 9. A: refused
        d = dossier(s, v, a, "refused")
        event(s, d, "refused", vn(14), a)
        # 10. B: refused at 23:30 on 30/11 (16:30 UTC): in November
        d = dossier(s, v, b, "refused")
        event(s, d, "refused", vn(30, hour=23, minute=30), b)
        # 11. B: refused at 00:30 on 01/12 (17:30 UTC on 30/11): in December
        d = dossier(s, v, b, "refused")
        event(s, d, "refused", vn(1, month=12, hour=0, minute=30), b)
        # 12. A: received in October, result on time in November
        d = dossier(s, v, a, "result_ready", received=vn(30, month=10), due=date(2026, 11, 4))
        event(s, d, "result_ready", vn(4))
        # 13. B: received 30/11 at 23:50 (16:50 UTC): in November; due 03/12
        dossier(s, v, b, "accepted", received=vn(30, hour=23, minute=50), due=date(2026, 12, 3))
        # 14. no officer: result at 06:00 on 20/11 (23:00 UTC on 19/11), due 19/11: late
        d = dossier(s, v, None, "result_ready", received=vn(18), due=date(2026, 11, 19))
        event(s, d, "result_ready", vn(20, hour=6))
        # 15. A: received in October, due 06/10, still in progress: late
        dossier(s, v, a, "accepted", received=vn(1, month=10), due=date(2026, 10, 6))
    return {"a": a, "b": b, "c": c}


def test_statistics_match_the_hand_computed_fixture(store, fixture):
    stats = StatisticsService(store.reads).period(NOV_START, NOV_END, TODAY)
    assert stats.as_of == NOV_END
    a, b, c = (stats.officer(fixture[k]) for k in "abc")
    assert a == Indicators(
        received=5,
        finished=4,
        on_time=3,
        late_finished=1,
        late_open=2,
        supplements=0,
        refusals=1,
        digitised=1,
    )
    assert (a.late, a.on_time_rate, a.digitised_share) == (3, 75.0, 20.0)
    assert b == Indicators(
        received=3,
        finished=2,
        on_time=1,
        late_finished=1,
        late_open=0,
        supplements=3,
        refusals=1,
        digitised=1,
    )
    assert c == Indicators()
    nobody = stats.officer(None)
    assert (nobody.received, nobody.finished, nobody.on_time, nobody.late) == (1, 1, 0, 1)
    office = stats.office
    assert (office.received, office.finished, office.on_time, office.late_finished) == (9, 7, 4, 3)
    assert (office.late_open, office.late, office.supplements, office.refusals) == (2, 5, 3, 2)
    assert (office.digitised, office.reused_papers) == (2, 0)
    assert round(office.digitised_share, 2) == 22.22
    # the officers listed: the two with work, the idle one, the dossiers with no officer; never
    # the technician
    names = [row.name for row in stats.officers]
    assert names == ["Lê Văn Cường", "Nguyễn Thị An", "Trần Văn Bình", ""]


def test_satisfaction_is_not_available_without_ratings(store, fixture):
    stats = StatisticsService(store.reads).period(NOV_START, NOV_END, TODAY)
    assert stats.office.satisfaction is None
    assert all(row.indicators.satisfaction is None for row in stats.officers)


def test_days_for_the_charts(store, fixture):
    stats = StatisticsService(store.reads).month("2026-11", TODAY)
    days = {d.day: d for d in stats.days}
    assert len(stats.days) == 30 and stats.days[0].day == NOV_START
    assert sum(d.received for d in stats.days) == 9
    assert sum(d.finished for d in stats.days) == 7
    assert sum(d.late_finished for d in stats.days) == 3
    assert (days[date(2026, 11, 9)].finished, days[date(2026, 11, 9)].late_finished) == (2, 1)
    assert days[date(2026, 11, 10)].finished == 0  # no. 6's hand-over is not a second finish
    assert (days[date(2026, 11, 20)].finished, days[date(2026, 11, 20)].late_finished) == (1, 1)
    assert days[date(2026, 11, 30)].received == 1  # 23:50 local, 16:50 UTC


def test_one_officer_alone(store, fixture):
    service = StatisticsService(store.reads)
    alone = service.period(NOV_START, NOV_END, TODAY, officer_id=fixture["a"])
    assert alone.office == service.period(NOV_START, NOV_END, TODAY).officer(fixture["a"])
    assert [row.officer_id for row in alone.officers] == [fixture["a"]]
    assert sum(d.received for d in alone.days) == 5


def test_the_current_period_is_judged_on_today(store, fixture):
    # on 18/11, dossier 4 (due 20/11) is not late yet; dossier 15 is
    stats = StatisticsService(store.reads).period(NOV_START, NOV_END, date(2026, 11, 18))
    assert stats.as_of == date(2026, 11, 18)
    assert stats.officer(fixture["a"]).late_open == 1


def test_december_sees_the_refusal_after_midnight(store, fixture):
    stats = StatisticsService(store.reads).month("12/2026", date(2026, 12, 31))
    assert stats.office.refusals == 1 and stats.officer(fixture["b"]).refusals == 1
    assert stats.office.received == 0


def test_periods_and_bad_input():
    assert month_period("2026-11") == (NOV_START, NOV_END)
    assert month_period("02/2028") == (date(2028, 2, 1), date(2028, 2, 29))
    assert month_period("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert parse_day("30/11/2026") == parse_day("2026-11-30") == NOV_END
    for bad in ("2026-13", "", "tháng 11", "2026-00", "11-2026"):
        with pytest.raises(InvalidInput, match="không phải một tháng"):
            month_period(bad)
    with pytest.raises(InvalidInput, match="không phải ngày"):
        parse_day("31/02/2026")


def test_a_period_that_ends_before_it_starts_is_refused(store):
    with pytest.raises(InvalidInput, match="trước ngày bắt đầu"):
        StatisticsService(store.reads).period(NOV_END, NOV_START, TODAY)


@given(st.text(max_size=30))
@fuzz()
def test_month_parser_fuzz(text):
    try:
        first, last = month_period(text)
    except InvalidInput as exc:
        assert exc.message and "Traceback" not in exc.message
    else:
        assert (
            first.day == 1
            and first <= last
            and (last.month, last.year)
            == (
                first.month,
                first.year,
            )
        )


def test_utc_is_what_the_store_keeps(store, fixture):
    # the midnight edges above depend on it: 23:30 local on 30/11 is 16:30 UTC
    with store.reads.begin() as s:
        at = s.query(DossierEvent.at).filter(DossierEvent.status == "refused").all()
    assert {a.astimezone(UTC).hour for (a,) in at} >= {16, 17}
