"""Time-zone-aware timestamps: stored in UTC, read back aware in Vietnam time, ISO with offset."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import select, text

from kiosk.db import make_engine, open_store, sqlite_url
from kiosk.models import Blob, OutboxItem
from kiosk.timeutil import iso_times, to_vietnam_time
from tests.factories import MONDAY, complete_draft, make_reception

UTC = UTC
SEVEN = timedelta(hours=7)


def test_to_vietnam_time_takes_naive_as_local_and_converts_aware():
    local = to_vietnam_time(datetime(2026, 12, 7, 9, 30))
    assert local.utcoffset() == SEVEN and (local.hour, local.minute) == (9, 30)
    assert to_vietnam_time(datetime(2026, 12, 6, 20, 0, tzinfo=UTC)) == local.replace(
        hour=3, minute=0
    )
    assert to_vietnam_time(datetime(2026, 12, 6, 20, 0, tzinfo=UTC)).date().day == 7
    assert iso_times({"at": [datetime(2026, 12, 7, 2, 30, tzinfo=UTC)]}) == {
        "at": ["2026-12-07T09:30:00+07:00"]
    }


def test_store_keeps_utc_and_gives_back_aware_vietnam_time(store):
    with store.sessions.begin() as s:
        s.add(
            Blob(sha256="a" * 64, size=1, media_type="x", created_at=datetime(2026, 12, 7, 9, 30))
        )
        s.add(
            Blob(
                sha256="b" * 64,
                size=1,
                media_type="x",
                created_at=datetime(2026, 12, 6, 23, 0, tzinfo=UTC),
            )
        )
    with store.sessions() as s:
        naive_in, utc_in = (s.get(Blob, c * 64).created_at for c in "ab")
        assert naive_in == datetime(2026, 12, 7, 2, 30, tzinfo=UTC)  # the same instant
        assert naive_in.utcoffset() == SEVEN and naive_in.hour == 9  # shown in Vietnam time
        assert utc_in.utcoffset() == SEVEN and utc_in.date().day == 7 and utc_in.hour == 6
        stored = (
            s.execute(text("SELECT created_at FROM blobs WHERE size = 1 ORDER BY sha256"))
            .scalars()
            .all()
        )
    if store.engine.dialect.name == "sqlite":
        assert stored == ["2026-12-07 02:30:00.000000", "2026-12-06 23:00:00.000000"]
    else:
        assert stored[0] == datetime(2026, 12, 7, 2, 30, tzinfo=UTC)


def test_outbox_payload_times_carry_their_offset(store, tmp_path, version_id):
    reception = make_reception(store, tmp_path)
    reception.accept(complete_draft(reception, version_id).id, None, MONDAY)
    with store.sessions() as s:
        payload = s.scalars(
            select(OutboxItem.payload).where(OutboxItem.kind == "dossier.accepted")
        ).one()
    assert payload["dossier"]["received_at"] == "2026-12-07T09:30:00+07:00"


def test_migration_turns_old_naive_local_times_into_utc(tmp_path):
    """A store from before 0006 kept naive Vietnam time: after the upgrade, the same instants."""
    url = sqlite_url(tmp_path / "old.sqlite3")
    engine = make_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parents[2] / "kiosk" / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        conn.execute(
            text(
                "INSERT INTO blobs (sha256, size, media_type, created_at, sync_state) "
                "VALUES (:s, 1, 'x', '2026-12-07 09:30:00.123456', 'local')"
            ),
            {"s": "c" * 64},
        )
    engine.dispose()
    store = open_store(url)
    with store.sessions() as s:
        at = s.get(Blob, "c" * 64).created_at
    store.close()
    assert at == datetime(2026, 12, 7, 2, 30, 0, 123456, tzinfo=UTC) and at.hour == 9


def test_every_timestamp_column_keeps_its_time_zone(store):
    """On PostgreSQL every timestamp column the migrations made is ``timestamptz`` (a plain
    ``timestamp`` would drop the offset); SQLite keeps UTC text whatever the declared type."""
    if store.engine.dialect.name == "sqlite":
        pytest.skip("SQLite has no time-zone type")
    from sqlalchemy import DateTime, inspect

    inspector = inspect(store.engine)
    naive = [
        f"{table}.{c['name']}"
        for table in inspector.get_table_names()
        for c in inspector.get_columns(table)
        if isinstance(c["type"], DateTime) and not c["type"].timezone
    ]
    assert naive == []
