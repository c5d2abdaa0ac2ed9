"""``kiosk run`` and ``kiosk demo`` clean up what an interrupted run left on opening the store."""

import os
import time

from app.commands.app import tidy
from kiosk.db import open_store
from kiosk.housekeeping import MIN_AGE
from kiosk.paths import AppPaths


def test_tidy_removes_old_orphans_and_temp_files_of_the_profile(tmp_path):
    paths = AppPaths(tmp_path / "profile")
    store = open_store(paths.store_url)
    old = time.time() - MIN_AGE.total_seconds() - 60
    orphan = paths.blobs / "ab" / ("ab" + "1" * 62)
    temp = paths.printed / ".receipt.pdf.k2j3h4"
    for f in (orphan, temp):
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(b"personal data")
        os.utime(f, (old, old))
    try:
        assert tidy(store, paths) is store
        assert not orphan.exists() and not temp.exists()
    finally:
        store.close()
