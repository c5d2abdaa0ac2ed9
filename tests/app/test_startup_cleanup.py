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


def test_start_up_purges_drafts_untouched_for_the_configured_days(store, version_id):
    """``reception.draft_retention_days`` (30 here) decides; a recent draft stays."""
    from dataclasses import replace
    from datetime import datetime, timedelta

    from app.commands.app import purge_drafts
    from kiosk import config
    from kiosk.models import Dossier
    from tests.ui.conftest import build_test_services

    services = build_test_services(store, config.load(config.demo_path()))
    old, recent = (
        services.reception.create_draft(version_id, None, datetime.now()) for _ in range(2)
    )
    with store.sessions.begin() as s:
        s.get(Dossier, old.id).updated_at = datetime.now() - timedelta(days=31)
    assert purge_drafts(services) == 1
    assert [r.id for r in services.dossiers.search("")] == [recent.id]
    week = replace(services, config=replace(services.config, draft_retention_days=7))
    with store.sessions.begin() as s:
        s.get(Dossier, recent.id).updated_at = datetime.now() - timedelta(days=8)
    assert purge_drafts(week) == 1


def test_tidy_sweeps_old_page_files_nothing_names(tmp_path):
    """A page image whose row a crash left alone (its page row gone) goes after a day; the spool
    folder of a scan nobody owns goes too."""
    from kiosk.blobs import BlobStore
    from kiosk.housekeeping import PAGE_MIN_AGE
    from kiosk.models import Blob

    paths = AppPaths(tmp_path / "profile")
    store = open_store(paths.store_url)
    blobs = BlobStore(paths.blobs)
    sha = blobs.write_file(b"page image")
    with store.sessions.begin() as s:
        blobs.add_row(s, sha, 10, "image/jpeg")
    spool = paths.data / "scans" / "0f1e2d3c"
    spool.mkdir(parents=True)
    old = time.time() - PAGE_MIN_AGE.total_seconds() - 60
    for path in (blobs.path(sha), spool):
        os.utime(path, (old, old))
    try:
        tidy(store, paths)
        assert not blobs.path(sha).exists() and not spool.exists()
        with store.sessions() as s:
            assert s.get(Blob, sha) is None
    finally:
        store.close()
