"""Time: stored as UTC, handled as aware datetimes, shown in Vietnam time (UTC+7, no DST).

The store keeps every timestamp in UTC (``kiosk.models.UtcDateTime``: PostgreSQL ``timestamptz``;
SQLite text in UTC) and gives them back aware, in Vietnam time, so ``.date()`` is the office's
calendar day and ``isoformat()`` carries the offset (``2026-12-07T09:30:00+07:00``) into outbox
payloads. A naive datetime handed to the store or a service is taken as Vietnam local time, as
before this change. No SQLAlchemy here: the UI imports this before the store is opened.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any


def _vietnam() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Ho_Chi_Minh")
    except Exception:  # no tz database on the machine: the offset has been +7 since 1975
        return timezone(timedelta(hours=7), "ICT")


VIETNAM = _vietnam()


def vietnam_now() -> datetime:
    """Now, aware, in Vietnam time."""
    return datetime.now(VIETNAM)


def aware(value: datetime) -> datetime:
    """``value`` with a time zone: a naive one is Vietnam local time."""
    return value.replace(tzinfo=VIETNAM) if value.tzinfo is None else value


def to_vietnam_time(value: datetime) -> datetime:
    """``value`` (aware, or naive Vietnam time) as aware Vietnam time, for showing and for dates."""
    return aware(value).astimezone(VIETNAM)


def to_utc(value: datetime) -> datetime:
    return aware(value).astimezone(UTC)


def iso_times(value: Any) -> Any:
    """``value`` (dicts, lists) with every datetime as ISO-8601 with its offset, for payloads."""
    if isinstance(value, datetime):
        return to_vietnam_time(value).isoformat()
    if isinstance(value, dict):
        return {k: iso_times(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [iso_times(v) for v in value]
    return value
