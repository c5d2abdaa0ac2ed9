"""One "offered on this date" rule, at its boundaries, in all three spellings and all its users."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from kiosk.catalog import CatalogService
from kiosk.dossier_view import version_in_force
from kiosk.errors import InvalidInput
from kiosk.models import ProcedureVersion
from kiosk.offering import in_effect, is_offered, offered_clause, offered_sql
from kiosk.status import StatusService
from tests.factories import add_procedure

FIRST, LAST = date(2026, 1, 1), date(2026, 6, 30)
DAY = timedelta(days=1)


@dataclass(frozen=True)
class V:
    effective_from: date
    effective_to: date | None
    status: str = "published"


@pytest.mark.parametrize(
    "day, offered", [(FIRST - DAY, False), (FIRST, True), (LAST, True), (LAST + DAY, False)]
)
def test_first_and_last_day_are_included(day, offered):
    assert is_offered(V(FIRST, LAST), day) is offered
    assert is_offered(V(FIRST, LAST, "amended"), day) is offered


def test_no_end_date_is_open_ended():
    v = V(FIRST, None)
    assert not is_offered(v, FIRST - DAY)
    assert is_offered(v, FIRST) and is_offered(v, date(2199, 12, 31))


def test_abolished_is_never_offered():
    """An abolishing version hides the procedure from its first day on, with or without an end."""
    for day in (FIRST, LAST, LAST + DAY):
        assert not is_offered(V(FIRST, None, "abolished"), day)
        assert not is_offered(V(FIRST, LAST, "abolished"), day)


def test_in_effect_single_day_range():
    assert in_effect(FIRST, FIRST, FIRST)
    assert not in_effect(FIRST, FIRST, FIRST + DAY)


CASES = [
    ("1.000001", FIRST, LAST, "published"),
    ("1.000002", FIRST, None, "amended"),
    ("1.000003", FIRST, None, "abolished"),
    ("1.000004", LAST, LAST, "published"),
    ("1.000005", LAST + DAY, None, "published"),
]
DAYS = [FIRST - DAY, FIRST, FIRST + DAY, LAST - DAY, LAST, LAST + DAY]


@pytest.fixture
def versions(store):
    return {
        code: add_procedure(
            store, code, f"Thủ tục {code}", effective_from=start, effective_to=end, status=status
        )
        for code, start, end, status in CASES
    }


@pytest.mark.parametrize("day", DAYS)
def test_sql_spellings_agree_with_python(store, versions, day):
    """The SQLAlchemy clause and the catalog's SQL text select exactly what is_offered accepts."""
    with store.reads.begin() as s:
        expected = {v.id for v in s.scalars(select(ProcedureVersion)) if is_offered(v, day)}
        by_clause = set(s.scalars(select(ProcedureVersion.id).where(offered_clause(day))))
        by_text = set(
            s.scalars(
                text(f"SELECT v.id FROM procedure_versions v WHERE {offered_sql('v', 'on')}"),
                {"on": day.isoformat()},
            )
        )
    assert by_clause == by_text == expected


@pytest.mark.parametrize("day", DAYS)
def test_every_user_applies_the_same_rule(store, versions, day):
    """Catalog search/get/fields, the overview count and reception's version check all agree."""
    with store.reads.begin() as s:
        offered = {
            c for c, vid in versions.items() if is_offered(s.get(ProcedureVersion, vid), day)
        }
    catalog = CatalogService(store.sessions)
    assert {p.code for p in catalog.search("", day, limit=50)} == offered
    assert {c for c in versions if catalog.get(c, day) is not None} == offered
    assert sum(f.procedures for f in catalog.fields(day)) == len(offered)
    assert StatusService(store.reads).snapshot(day).procedures == len(offered)
    accepted = set()
    with store.reads.begin() as s:
        for code, vid in versions.items():
            try:
                version_in_force(s, vid, day)
                accepted.add(code)
            except InvalidInput:
                pass
    assert accepted == offered


def test_reception_says_why_a_version_is_not_offered(store, versions):
    with store.reads.begin() as s:
        with pytest.raises(InvalidInput, match="hết hiệu lực từ sau ngày 30/06/2026"):
            version_in_force(s, versions["1.000001"], LAST + DAY)
        with pytest.raises(InvalidInput, match="bãi bỏ"):
            version_in_force(s, versions["1.000003"], LAST)
        with pytest.raises(InvalidInput, match="chỉ có hiệu lực từ 01/07/2026"):
            version_in_force(s, versions["1.000005"], LAST)


def test_form_sets_use_the_same_range_rule():
    from printing.formsets import load_formsets

    for fs in load_formsets():
        assert fs.covers(fs.effective_from)
        assert not fs.covers(fs.effective_from - DAY)
        if fs.effective_to is not None:
            assert fs.covers(fs.effective_to) and not fs.covers(fs.effective_to + DAY)


def test_reception_on_first_and_last_day(store, tmp_path, versions):
    from tests.factories import make_reception

    reception = make_reception(store, tmp_path)
    assert reception.create_draft(versions["1.000001"], None, datetime(2026, 1, 1, 8)).id
    assert reception.create_draft(versions["1.000001"], None, datetime(2026, 6, 30, 16)).id
    with pytest.raises(InvalidInput):
        reception.create_draft(versions["1.000001"], None, datetime(2026, 7, 1, 8))
