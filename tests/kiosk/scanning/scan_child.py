"""A counter app that scans pages into a draft until it is killed (test_pages_recovery.py).

Like the scanner worker, it writes each page atomically into the batch's spool folder; it
records all but every third page in the store (as if the app died before recording those),
and prints one line per page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.blobs import BlobStore
from kiosk.db import open_store
from kiosk.files import atomic_write
from kiosk.scanning.pages import PageStore
from tests.kiosk.scanning.page_helpers import page_png


def main(url: str, folder: str, dossier_id: str, item_id: str) -> None:
    store = open_store(url, folder=Path(folder))
    pages = PageStore(store.sessions, BlobStore(Path(folder) / "blobs"))
    spool = Path(folder) / "scans" / "batch-1"
    spool.mkdir(parents=True)
    batch = pages.begin_batch(dossier_id, int(item_id), "test:0", spool=spool)
    for n in range(1, 10_000):
        data = page_png(n, (200 + n % 50, 280))
        atomic_write(spool / f"page-{n:05d}.png", data)
        if n % 3:
            pages.add_page(dossier_id, int(item_id), data, batch_id=batch)
            print(f"page {n}", flush=True)
        else:  # the app died before it recorded this one: only the scanner's file has it
            print(f"spooled {n}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
