"""Start-up clean-up of temp files and orphan blobs an interrupted run left (real files, store)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time

import pytest

from kiosk.blobs import BlobStore
from kiosk.db import open_store, sqlite_url
from kiosk.housekeeping import MIN_AGE, Cleanup, clean_up_at_start

OLD = time.time() - MIN_AGE.total_seconds() - 60


def make(path, data=b"x", *, old=True):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if old:
        os.utime(path, (OLD, OLD))
    return path


@pytest.fixture
def folders(tmp_path):
    return tmp_path / "blobs", tmp_path / "printed"


def test_old_temp_files_go_young_ones_and_printouts_stay(store, folders):
    blobs, printed = folders
    gone = [
        make(blobs / "ab" / ".abcd.k3j2h1"),
        make(printed / ".receipt_0007.pdf.x9y8z7"),
        make(printed / "ticket.tmp"),
        make(blobs / ".stray.q1w2e3"),
    ]
    kept = [
        make(printed / ".receipt_0008.pdf.a1b2c3", old=False),  # being written right now
        make(printed / "receipt_0007.pdf"),
    ]  # the pdf printer's output
    report = clean_up_at_start(store.sessions, blobs, printed)
    assert report == Cleanup(temp_files=4, kept_young=1)
    assert not any(p.exists() for p in gone) and all(p.exists() for p in kept)


def test_a_blob_whose_row_never_committed_is_removed_once_old(store, folders):
    blobs, printed = folders
    files = BlobStore(blobs)
    with pytest.raises(RuntimeError), store.sessions.begin() as s:  # killed before the commit
        sha = files.put(s, b"%PDF receipt of Nguyen Van A", "application/pdf")
        raise RuntimeError("killed")
    young = clean_up_at_start(store.sessions, blobs, printed)
    assert young == Cleanup(kept_young=1) and files.path(sha).exists()
    os.utime(files.path(sha), (OLD, OLD))
    assert clean_up_at_start(store.sessions, blobs, printed) == Cleanup(orphan_blobs=1)
    assert not files.path(sha).exists()


def test_blobs_with_a_row_and_unknown_files_stay(store, folders):
    blobs, printed = folders
    files = BlobStore(blobs)
    with store.sessions.begin() as s:
        sha = files.put(s, b"scan page 1", "image/png")
    os.utime(files.path(sha), (OLD, OLD))
    stranger = make(blobs / "ab" / "notes.txt")
    misplaced = make(blobs / "00" / hashlib.sha256(b"q").hexdigest())  # not under its own prefix
    assert clean_up_at_start(store.sessions, blobs, printed) == Cleanup()
    assert files.path(sha).exists() and stranger.exists() and misplaced.exists()


def test_a_reused_orphan_is_touched_and_survives(store, folders):
    blobs, printed = folders
    files = BlobStore(blobs)
    sha = files.write_file(b"same receipt again")
    os.utime(files.path(sha), (OLD, OLD))  # an old orphan...
    assert files.write_file(b"same receipt again") == sha  # ...that another process reuses now
    assert clean_up_at_start(store.sessions, blobs, printed) == Cleanup(kept_young=1)
    assert files.path(sha).exists()


def test_a_row_is_never_added_for_a_file_the_clean_up_removed(store, folders):
    from sqlalchemy import select

    from kiosk.errors import StoreError
    from kiosk.models import Blob

    blobs, _ = folders
    files = BlobStore(blobs)
    sha = files.write_file(b"written before the transaction")
    files.path(sha).unlink()  # removed by a clean-up meanwhile
    with pytest.raises(StoreError, match="Chưa lưu gì"), store.sessions.begin() as s:
        files.add_row(s, sha, 30, "application/pdf")
    with store.sessions.begin() as s:
        assert s.scalars(select(Blob.sha256)).all() == []


def test_missing_folders_are_nothing_to_do(store, tmp_path):
    assert (
        clean_up_at_start(store.sessions, tmp_path / "no-blobs", tmp_path / "no-printed")
        == Cleanup()
    )


def test_a_busy_store_leaves_orphans_for_the_next_start(tmp_path, folders, monkeypatch):
    blobs, printed = folders
    monkeypatch.setattr("kiosk.db.BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "busy.sqlite3"
    store = open_store(sqlite_url(path))
    orphan = make(blobs / "ab" / ("ab" + "0" * 62))
    lock = sqlite3.connect(path, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")  # another process is writing
        assert clean_up_at_start(store.sessions, blobs, printed) == Cleanup(failed=1)
        assert orphan.exists()
    finally:
        lock.close()
        store.close()
