"""The process the kill test kills: accepts dossiers in a loop, printing "accepted" after each.

Usage: python -m tests.reliability.accept_worker STORE_URL FOLDER VERSION_ID (from the repo root).
Not a test module: it imports only the core and the shared test builders (tests/factories.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kiosk.db import open_store
from tests.factories import MONDAY, complete_draft, make_reception


def slow_renderer(kind, snap, is_copy):
    time.sleep(0.003)  # widen the window in which a kill lands between render and commit
    return ("%PDF-1.4 " + kind + " " + str(snap.code)).encode()


def main(url: str, folder: str, version_id: str) -> None:
    store = open_store(url)
    reception = make_reception(store, Path(folder), render=slow_renderer)
    while True:
        snap = complete_draft(reception, int(version_id), MONDAY)
        reception.accept(snap.id, None, MONDAY)
        print("accepted", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
