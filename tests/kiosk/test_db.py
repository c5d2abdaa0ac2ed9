"""The store: migrations, SQLite settings, and errors when it cannot be opened."""

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from kiosk.db import open_store, schema_revision, sqlite_url
from kiosk.errors import StoreError
from kiosk.models import DossierItem


def test_migrations_create_schema_and_are_idempotent(open_db):
    first = open_db()
    rev = schema_revision(first.engine)
    first.close()
    again = open_db()
    assert rev is not None and schema_revision(again.engine) == rev
    tables = set(inspect(again.engine).get_table_names())
    again.close()
    assert {
        "procedures",
        "procedure_versions",
        "checklist_items",
        "dossiers",
        "dossier_items",
        "blobs",
        "outbox",
        "officers",
        "queue_tickets",
        "ratings",
        "audit_events",
        "code_blocks",
    } <= tables


def test_sqlite_pragmas(store):
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_foreign_keys_are_enforced(store):
    with pytest.raises(IntegrityError), store.sessions.begin() as s:
        s.add(DossierItem(dossier_id="no-such-dossier", position=1, name="x"))


def test_unwritable_location_gives_vietnamese_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="Không mở được kho dữ liệu"):
        open_store(sqlite_url(blocker / "sub" / "s.sqlite3"))


def test_reads_never_hold_the_write_lock(store):
    """An open read (a list on screen, a search) must not make a writer wait:
    reads begin DEFERRED."""
    import threading
    import time as clock

    from kiosk.models import Procedure

    with store.reads.begin() as reader:
        reader.execute(text("SELECT COUNT(*) FROM procedures")).scalar()
        done = []

        def write():
            with store.sessions.begin() as s:
                s.add(Procedure(code="9.999999"))
            done.append(clock.monotonic())

        started = clock.monotonic()
        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=5)
        assert done and done[0] - started < 1.0  # did not wait for the reader to finish
    with store.sessions.begin() as s:
        assert s.query(Procedure).filter_by(code="9.999999").count() == 1


def test_writers_begin_immediate_so_they_queue_instead_of_failing(store):
    with store.sessions.begin() as s:
        assert (
            s.connection().get_execution_options().get("sqlite_begin", "IMMEDIATE") == "IMMEDIATE"
        )
    with store.reads.begin() as s:
        assert s.connection().get_execution_options()["sqlite_begin"] == "DEFERRED"
