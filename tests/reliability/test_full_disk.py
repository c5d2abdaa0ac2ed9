"""A full disk for real (a small tmpfs): every decision is either saved whole, or refused with a
message saying it was NOT saved and to free disk space; no file is left without its row."""

import errno
import os
import sqlite3
import subprocess

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from kiosk.db import open_store, sqlite_url
from kiosk.errors import StoreError
from kiosk.models import Blob, Dossier, PrintedDocument
from tests.factories import MONDAY, add_procedure, complete_draft, fake_renderer, make_reception

DISK_BYTES = 16 * 2**20


@pytest.fixture
def small_disk(tmp_path):
    """A 16 MiB tmpfs mounted for this test (root only; skipped where mounting is not allowed)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES},mode=700", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def padded_renderer(kind, snap, is_copy):
    """FAKE renderer (core test) with the size of a real receipt, ~48 KB."""
    return fake_renderer(kind, snap, is_copy) + b"\n%" + b"x" * 48_000


def fill(path, keep_free: int) -> None:
    """Fill the disk holding ``path`` until only ``keep_free`` bytes (about) are left."""
    with open(path, "ab") as fh:
        chunk = b"\0" * 65536
        while True:
            stat = os.statvfs(path)
            free = stat.f_bavail * stat.f_frsize - keep_free
            if free <= 0:
                break
            try:
                fh.write(chunk[: min(len(chunk), free)])
                fh.flush()
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                break


def blob_files(root):
    return (
        {p.name for p in root.glob("??/*") if not p.name.startswith(".")}
        if root.exists()
        else set()
    )


def test_full_disk_saves_whole_decisions_or_says_what_was_not_saved(small_disk):
    store = open_store(sqlite_url(small_disk / "store.sqlite3"))
    vid = add_procedure(store)
    reception = make_reception(store, small_disk, render=padded_renderer)
    drafts = [complete_draft(reception, vid).id for _ in range(40)]
    # a store in use is checkpointed now and then; this brand-new one has everything in its WAL
    conn = sqlite3.connect(small_disk / "store.sqlite3", isolation_level=None)
    assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
    conn.close()
    filler = small_disk / "filler"
    fill(filler, keep_free=0)
    outcomes, at_commit = [], 0
    for dossier_id in drafts:  # free a little more room before each attempt
        size = filler.stat().st_size
        os.truncate(filler, max(0, size - 24_000))
        try:
            decision = reception.accept(dossier_id, None, MONDAY)
        except StoreError as exc:
            outcomes.append("refused")
            at_commit += isinstance(exc.__cause__, OperationalError)  # after its file was written
            assert "CHƯA được lưu" in exc.message and "giải phóng dung lượng" in exc.message, exc
            assert "tiếp nhận hồ sơ" in exc.message and "NOT saved" in exc.english
        else:
            outcomes.append("accepted")
            assert reception._blobs.read(decision.pdf_sha256).startswith(b"%PDF")
        with store.reads() as s:  # reads work on a full disk
            dossier = s.get(Dossier, dossier_id)
            referenced = set(s.scalars(select(Blob.sha256)))
            documents = s.scalars(
                select(PrintedDocument).where(PrintedDocument.dossier_id == dossier_id)
            ).all()
        if outcomes[-1] == "refused":
            assert dossier.status == "draft" and dossier.code is None and documents == []
        else:
            assert dossier.status == "accepted" and len(documents) == 1
        orphans = blob_files(small_disk / "blobs") - referenced
        assert orphans == set(), f"attempt {len(outcomes)} left a file without its row"
    assert "refused" in outcomes and "accepted" in outcomes, outcomes
    assert at_commit, "no attempt failed at the commit, after its file was on disk"
    store.close()
