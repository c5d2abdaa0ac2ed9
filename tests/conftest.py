"""Shared fixtures. Qt runs offscreen; every test gets its own data and config folders.

The store's database comes from ``KIOSK_TEST_DATABASE_URL`` (a SQLAlchemy URL). Unset, every test
gets a fresh SQLite file. Set to a PostgreSQL server (``scripts/with-postgres.sh`` starts a
throwaway one), every test gets a fresh database copied from a template migrated once per run, and
only the storage tests (those that use ``db_url``, less those marked ``sqlite_only``) are collected:
the rest do not read it.
"""

import itertools
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from tests.softhsm import softhsm_token  # noqa: E402, F401 (a session-wide SoftHSM2 token)

TEST_DATABASE_ENV = "KIOSK_TEST_DATABASE_URL"


def _server_url():
    """The configured non-SQLite server as a SQLAlchemy URL, or None (SQLite files)."""
    raw = os.environ.get(TEST_DATABASE_ENV, "").strip()
    if not raw or raw.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    return make_url(raw)


def pytest_collection_modifyitems(config, items):
    """On a database server, run only the tests that use the store's database."""
    if _server_url() is None:
        return
    keep = [
        item
        for item in items
        if "db_url" in getattr(item, "fixturenames", ())
        and item.get_closest_marker("sqlite_only") is None
    ]
    dropped = [item for item in items if item not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """No test touches the real platform folders."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


class _ServerDatabases:
    """Fresh databases on one server: each a copy of a template migrated once."""

    def __init__(self, url):
        from sqlalchemy import create_engine

        self.url = url
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=_null_pool())
        self.prefix = f"kiosk_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self.numbers = itertools.count(1)
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}"')
        from kiosk.db import make_engine, migrate

        engine = make_engine(self.url_of(self.template))  # migrated, not sealed: each test's
        migrate(engine)  # open_store seals it with its own key
        engine.dispose()

    def _execute(self, sql):
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def url_of(self, name):
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self):
        name = f"{self.prefix}_{next(self.numbers)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}" STRATEGY FILE_COPY')
        return name

    def drop(self, name):
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self):
        self.drop(self.template)
        self.admin.dispose()


def _null_pool():
    from sqlalchemy.pool import NullPool

    return NullPool


@pytest.fixture(scope="session")
def _server_databases():
    url = _server_url()
    if url is None:
        yield None
        return
    databases = _ServerDatabases(url)
    yield databases
    databases.close()


@pytest.fixture
def db_url(tmp_path, _server_databases):
    """The URL of a fresh, empty-or-migrated store database for this test alone."""
    if _server_databases is None:
        from kiosk.db import sqlite_url

        yield sqlite_url(tmp_path / "store.sqlite3")
        return
    name = _server_databases.create()
    yield _server_databases.url_of(name)
    _server_databases.drop(name)


@pytest.fixture
def store_folder(tmp_path):
    """Where the test store keeps its files (blobs, keys): the folder of its SQLite file."""
    return tmp_path


@pytest.fixture
def open_db(db_url, store_folder):
    """Open (again) this test's store, as the app does at every start: ``open_db()``."""
    from kiosk.db import open_store

    def opener(**options):
        return open_store(db_url, folder=store_folder, **options)

    return opener


@pytest.fixture
def store(open_db):
    """A fresh, migrated store (SQLite in a file, since threads need a file; or PostgreSQL) whose
    files (blobs, keys) live in ``tmp_path``."""
    s = open_db()
    yield s
    s.close()


@pytest.fixture
def version_id(store):
    """A birth-registration procedure (3 checklist items) in force from 2020, in ``store``."""
    from tests.factories import add_procedure

    return add_procedure(store)
