"""Demo data for ``kiosk demo``: a separate store in the data folder's ``demo`` sub-folder.

Everything of the demo (store, signing key, printouts, central server) lives in one
``AppPaths.for_demo()``: the demo never signs with the machine's key or writes beside its data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kiosk.db import Store, open_store
from kiosk.errors import InvalidInput
from kiosk.paths import AppPaths


def open_demo_store(paths: AppPaths) -> Store:
    """Open the demo store of ``paths`` (``AppPaths.for_demo()``), migrating it and loading the seed
    data on first use.

    A demo store made before the demo used the national catalog holds hand-written procedures
    under the same codes, which the import refuses: that store is set aside (kept, renamed) and
    the demo starts afresh, since nothing in a demo store is anyone's real work.
    """
    store = open_store(paths.store_url)
    try:
        seed(store)
    except InvalidInput:
        store.close()
        old = paths.store_file
        old.replace(old.with_name("kiosk-before-national-catalog.sqlite3"))
        for suffix in ("-wal", "-shm"):
            old.with_name(old.name + suffix).unlink(missing_ok=True)
        store = open_store(paths.store_url)
        seed(store)
    return store


def seed(store: Store) -> None:
    """Load what the demo needs; idempotent, so it runs at every demo start.

    Each area adds its own step here (the seed catalog, demo officers, a code block).
    """
    from kiosk.demo_counter import seed_officers, seed_queue

    seed_officers(store)
    seed_queue(store)
    seed_national_catalog(store)
    seed_code_blocks(store)


def seed_national_catalog(store: Store) -> None:
    """Import the commune-level catalog converted from the national database
    (``resources/catalog/national-commune.json``, 1,106 procedures with the counter's e-forms).

    The import is idempotent but reads the whole file; a marker beside the demo's SQLite file
    records the SHA-256 of the file last imported, so later starts skip it.
    """
    from kiosk.catalog import CatalogService
    from kiosk.paths import resource

    source = resource("catalog", "national-commune.json")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    database = store.engine.url.database  # the demo's SQLite file (None for another server)
    marker = Path(database).with_suffix(".catalog-sha256") if database else None
    if marker and marker.is_file() and marker.read_text().strip() == digest:
        return
    CatalogService(store.sessions).import_file(source)
    if marker:
        marker.write_text(digest + "\n", encoding="utf-8")


def seed_catalog(store: Store) -> None:
    """Import the small hand-made sample catalog that tests and sample printouts use (idempotent:
    a repeated import changes nothing). The demo uses the national catalog instead."""
    from kiosk.catalog import CatalogService
    from kiosk.paths import resource

    CatalogService(store.sessions).import_file(resource("catalog", "seed.json"))


def seed_code_blocks(store: Store, days: int = 14) -> None:
    """Reserve dossier numbers 1-500 for today and the next days, as the central system would, so
    the demo's codes come from a block; the counter's fallback range stays for the offline case."""
    from datetime import date, timedelta

    from kiosk import config as config_mod
    from kiosk.code_service import CodeService

    agency = config_mod.load(config_mod.demo_path()).agency_code
    codes = CodeService(store.sessions)
    for offset in range(days):
        day = date.today() + timedelta(days=offset)
        if not any(b.source == "office" for b in codes.blocks(agency, day)):
            codes.add_block(agency, day, 1, 500, source="office")
    seed_register_block(store, agency, date.today().year)


def seed_register_block(store: Store, agency: str, year: int) -> None:
    """Register numbers 1-5000 of the year, as the office database would reserve them."""
    from sqlalchemy import select

    from kiosk.models import RegisterBlock
    from kiosk.register import RegisterService

    with store.sessions() as s:
        found = s.scalar(
            select(RegisterBlock.id).where(
                RegisterBlock.agency_code == agency,
                RegisterBlock.year == year,
                RegisterBlock.source == "office",
            )
        )
    if found is None:
        RegisterService(store.sessions).add_block(agency, year, 1, 5000, source="office")
