"""The one rule for "offered on this date" (DESIGN §4.2).

A procedure version is offered on ``day`` when ``effective_from <= day <= effective_to`` (both ends
inclusive; no ``effective_to`` means open-ended) and its status is not ``abolished``. An abolished
procedure therefore disappears the day its abolishing version starts, even offline.

The rule has three spellings that must agree (tests/kiosk/test_offering.py checks that they do):
``is_offered`` for objects in memory, ``offered_clause`` for SQLAlchemy queries on
``ProcedureVersion`` and ``offered_sql`` for the catalog's hand-written SQL.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sqlalchemy import ColumnElement, and_, or_

from kiosk.models import ProcedureVersion

ABOLISHED = "abolished"


class Dated(Protocol):
    """Anything with an effective range: ORM versions, catalog summaries and details."""

    @property
    def effective_from(self) -> date: ...

    @property
    def effective_to(self) -> date | None: ...


class Versioned(Dated, Protocol):
    @property
    def status(self) -> str: ...


def in_effect(effective_from: date, effective_to: date | None, day: date) -> bool:
    """``day`` lies in the range, both ends included; ``effective_to=None`` is open-ended."""
    return effective_from <= day and (effective_to is None or day <= effective_to)


def is_offered(version: Versioned, day: date) -> bool:
    """May ``version`` be offered (listed, received under) on ``day``?"""
    return version.status != ABOLISHED and in_effect(
        version.effective_from, version.effective_to, day
    )


def offered_clause(day: date) -> ColumnElement[bool]:
    """``is_offered`` as a WHERE clause on ``ProcedureVersion``."""
    v = ProcedureVersion
    return and_(
        v.effective_from <= day,
        or_(v.effective_to.is_(None), v.effective_to >= day),
        v.status != ABOLISHED,
    )


def offered_sql(alias: str = "v", param: str = "on") -> str:
    """``is_offered`` as SQL text over table alias ``alias`` with the day bound as ``:param``."""
    return (
        f"{alias}.effective_from <= :{param} AND ({alias}.effective_to IS NULL OR "
        f"{alias}.effective_to >= :{param}) AND {alias}.status != '{ABOLISHED}'"
    )
