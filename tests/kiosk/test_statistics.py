"""Statistics against a hand-computed fixture: seventeen dossiers with known outcomes in November
2026, two officers, time-zone edges at midnight (Vietnam time, stored in UTC)."""

from datetime import UTC, date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import InvalidInput
from kiosk.models import DossierEvent
from kiosk.statistics import Indicators, StatisticsService, month_period, parse_day
from tests.fuzzing import fuzz
from tests.kiosk.statistics_fixture import NOV_END, NOV_START, TODAY, build_november, vn


@pytest.fixture
def fixture(store, version_id):
    return build_november(store, version_id)


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
        reused_papers=1,
        stopped=1,  # no. 16; a stopped dossier is neither finished nor late in progress
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
    assert (office.digitised, office.reused_papers) == (2, 1)
    assert (office.stopped, b.stopped, nobody.stopped) == (1, 0, 0)  # no. 17 is December's
    assert round(office.digitised_share, 2) == 22.22
    # the officers listed: the two with work, the idle one, the dossiers with no officer; never
    # the technician
    names = [row.name for row in stats.officers]
    assert names == ["Lê Văn Cường", "Nguyễn Thị An", "Trần Văn Bình", ""]


def test_satisfaction_is_not_available_without_ratings(store, fixture):
    stats = StatisticsService(store.reads).period(NOV_START, NOV_END, TODAY)
    assert stats.office.satisfaction is None
    assert all(row.indicators.satisfaction is None for row in stats.officers)


def add_ratings(store, fixture):
    """Five ratings for A (one gives 0 points on a criterion), two for B, one in December."""
    from kiosk.models import Rating

    answers = [{"time": 2, "attitude": 2}] * 4 + [{"time": 1, "attitude": 0}]
    with store.sessions.begin() as s:
        for n, given in enumerate(answers):
            day = date(2026, 11, 5 + n)
            s.add(Rating(officer_id=fixture["a"], answers=given, day=day, at=vn(5 + n, hour=0)))
        for day in (date(2026, 11, 20), date(2026, 11, 21)):
            s.add(Rating(officer_id=fixture["b"], answers={"time": 2}, day=day))
        s.add(Rating(officer_id=fixture["b"], answers={"time": 0}, day=date(2026, 12, 1)))


def test_satisfaction_by_decision_766(store, fixture):
    add_ratings(store, fixture)
    stats = StatisticsService(store.reads).period(NOV_START, NOV_END, TODAY)
    # A: late 3 of 6 handled (4 finished + 2 late in progress) = 50 %; 1 of 5 ratings unhappy
    a = stats.officer(fixture["a"]).satisfaction
    assert (a.rated, a.late_rate, a.dislike_rate, a.percent) == (5, 50.0, 20.0, 30.0)
    assert not a.full_marks
    # B: two ratings only (the December one is outside): not shown
    assert stats.officer(fixture["b"]).satisfaction is None
    # the office: late 5 of 9 handled; 1 of 7 ratings unhappy
    office = stats.office.satisfaction
    assert office.rated == 7
    assert round(office.late_rate, 2) == 55.56 and round(office.dislike_rate, 2) == 14.29
    assert round(office.percent, 2) == round(100 - 500 / 9 - 100 / 7, 2) == 30.16


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
    # no. 17's stop notice at 00:15 local on 01/12 (17:15 UTC on 30/11)
    assert stats.office.stopped == 1 and stats.officer(fixture["b"]).stopped == 1
    assert stats.officer(fixture["a"]).stopped == 0


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
