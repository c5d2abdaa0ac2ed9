"""Shared fixtures. Qt runs offscreen; every test gets its own data and config folders."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """No test touches the real platform folders."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture
def store(tmp_path):
    """A fresh, migrated SQLite store in a file (threads need a file, not :memory:)."""
    from kiosk.db import open_store, sqlite_url

    s = open_store(sqlite_url(tmp_path / "store.sqlite3"))
    yield s
    s.close()


@pytest.fixture
def version_id(store):
    """A birth-registration procedure (3 checklist items) in force from 2020, in ``store``."""
    from tests.factories import add_procedure

    return add_procedure(store)
