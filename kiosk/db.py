"""Engine, sessions and migrations of the local store.

SQLite (the default) runs with WAL, foreign keys and a busy timeout, and every transaction starts
with ``BEGIN IMMEDIATE``: writers queue on the busy timeout instead of failing half-way when two
processes (the counter app and ``kiosk sync``, or several allocators) write at once. The same code
runs on PostgreSQL for office mode. Alembic migrations are applied at start-up.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kiosk import audit
from kiosk.errors import StoreError
from kiosk.files import make_private, private_dir, private_file
from kiosk.paths import AppPaths

BUSY_TIMEOUT_MS = 15_000
PRIVATE_SUBFOLDERS = ("keys", "blobs", "printed", "holidays", "central")
"""Folders of a data profile made 700 (their files 600) whenever its store is opened."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def _setup_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (pysqlite's own is deferred)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")  # a power cut must not lose a committed dossier
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # Writers take the write lock up front (no failed lock upgrade half-way); readers bound to
        # Store.reads begin DEFERRED and, in WAL mode, never wait for a writer.
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with the store's settings (no migration)."""
    if url.startswith("sqlite:///"):
        _private_sqlite_file(Path(url.removeprefix("sqlite:///")))
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _setup_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _private_sqlite_file(path: Path) -> None:
    """The store file, its folder and SQLite's -wal/-shm files are this user's only (600/700):
    the file holds citizens' ID numbers and officers' PIN hashes. SQLite gives the -wal and -shm
    files the mode of the database file, so creating it 600 covers them; older ones are fixed."""
    if str(path) in ("", ":memory:"):
        return
    private_dir(path.parent)
    private_file(path, create=True)
    for suffix in ("-wal", "-shm", "-journal"):
        private_file(path.with_name(path.name + suffix))


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@dataclass
class Store:
    """An open, migrated store: the engine and the session factory services use."""

    engine: Engine
    sessions: sessionmaker[Session]
    folder: Path
    """Where this store keeps its files (blobs): beside the SQLite file, else the data folder."""
    reads: sessionmaker[Session]
    """For read-only work (lists, searches): on SQLite these transactions never take the write
    lock."""

    def close(self) -> None:
        self.engine.dispose()


def open_store(
    url: str,
    *,
    folder: Path | None = None,
    audit_key: bytes | None = None,
    run_migrations: bool = True,
) -> Store:
    """Open (creating and migrating if needed) the store at ``url``; raise StoreError if impossible.

    ``folder`` is where the store keeps its files (blobs); a SQLite store defaults to the folder of
    its file, any other database must be given one (``AppPaths.data``). ``audit_key`` seals the
    audit chain (kiosk/audit.py); by default it is ``<folder>/keys/audit-hmac.key``
    (``AppPaths.audit_key``, beside the QR signing key), made on first use.
    """
    if folder is None:
        if not url.startswith("sqlite:///"):
            raise ValueError("open_store: a non-SQLite store needs folder= (AppPaths.data)")
        folder = Path(url.removeprefix("sqlite:///")).parent
    try:
        paths = AppPaths(Path(folder))
        private_dir(paths.data)
        make_private(paths.data, PRIVATE_SUBFOLDERS)
        key = audit_key or audit.load_or_create_key(paths.audit_key)
        engine = make_engine(url)
        if run_migrations:
            migrate(engine)
            with sessionmaker(engine, info=audit.session_info(key)).begin() as s:
                audit.ensure_keyed(s)
    except (OSError, OperationalError) as exc:
        raise StoreError(
            f"Không mở được kho dữ liệu ({_describe(exc)}). Kiểm tra quyền ghi và dung lượng đĩa, "
            "rồi chạy “kiosk doctor”.",
            english=f"Cannot open the local store ({exc}). Check permissions and disk space.",
        ) from exc
    reader = engine.execution_options(sqlite_begin="DEFERRED")
    info = audit.session_info(key)
    return Store(
        engine,
        sessionmaker(engine, expire_on_commit=False, info=info),
        Path(folder),
        sessionmaker(reader, expire_on_commit=False, info=info),
    )


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the store is at, or None for an empty database."""
    if "alembic_version" not in inspect(engine).get_table_names():
        return None
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _describe(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc))
    if "disk" in text or "full" in text:
        return "đĩa đầy"
    if "readonly" in text or "permission" in text.lower():
        return "không có quyền ghi"
    if "locked" in text:
        return "kho đang bị khóa bởi tiến trình khác"
    return text.splitlines()[0][:200]
