"""Start-up clean-up of what an interrupted run left on disk (DESIGN §4 rules 7 and 8).

A kill between writing a file and committing the row that points to it leaves a blob no row names;
a kill inside ``atomic_write`` leaves its temporary file (``.NAME.XXXXXXXX`` beside the target).
Either may hold personal data (a receipt PDF, a scanned ID card), so the next start removes them:
temporary files in ``blobs/`` and ``printed/``, and blob files without a row. Finished printouts in
``printed/`` are the ``pdf`` printer's output and stay.

Only files older than ``MIN_AGE`` go: another process (a second counter app, ``kiosk sync``) may be
between its write and its commit right now, and ``BlobStore.write_file`` touches a blob it reuses,
so a file in use is always young. Blobs are removed inside a transaction that blocks new blob rows
(SQLite's write lock; on PostgreSQL a lock on the ``blobs`` table), after checking again that no
row names them; ``BlobStore.add_row`` checks its file once its row is written, so a file removed
meanwhile fails that transaction instead of leaving a row without a file. Only counts are logged,
never file names.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.blobs import BlobStore, blob_references, lock_blob_rows

log = logging.getLogger(__name__)
MIN_AGE = timedelta(hours=1)
PAGE_MIN_AGE = timedelta(days=1)
_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Cleanup:
    """What the clean-up removed, left because it was young, or could not remove."""

    temp_files: int = 0
    orphan_blobs: int = 0
    kept_young: int = 0
    failed: int = 0


def is_temp_file(path: Path) -> bool:
    """Left by an interrupted write: ``atomic_write``'s ``.NAME.XXXX``, ``*.tmp`` or ``*.part``."""
    return path.name.startswith(".") or path.name.endswith((".tmp", ".part"))


def clean_up_at_start(
    sessions: sessionmaker[Session],
    blobs: Path,
    printed: Path,
    *,
    now: float | None = None,
    min_age: timedelta = MIN_AGE,
) -> Cleanup:
    """Remove old temporary files in ``blobs``/``printed`` and old blob files no row points to.

    ``now`` is a ``time.time()`` value (tests pass their own). Never raises for a file it cannot
    remove or a busy store: those are counted in ``failed`` and left for the next start.
    """
    cutoff = (time.time() if now is None else now) - min_age.total_seconds()
    counts = {"temp_files": 0, "orphan_blobs": 0, "kept_young": 0, "failed": 0}
    temps = [
        p for folder in (blobs, blobs / "*", printed) for p in _files(folder) if is_temp_file(p)
    ]
    for path in temps:
        _remove(path, cutoff, "temp_files", counts)
    if Path(blobs).is_dir():
        try:
            with sessions.begin() as s:  # the write lock: no row can appear while we delete
                lock_blob_rows(s)
                for path in BlobStore(blobs).orphans(s):
                    if _SHA256.fullmatch(path.name) and path.parent.name == path.name[:2]:
                        _remove(path, cutoff, "orphan_blobs", counts)
        except SQLAlchemyError as exc:
            counts["failed"] += 1
            log.warning("start-up clean-up: blobs left for the next start (%s)", type(exc).__name__)
    report = Cleanup(**counts)
    if report != Cleanup():
        log.info(
            "start-up clean-up: %d temporary files and %d orphan blobs removed, %d young "
            "files kept, %d failures",
            report.temp_files,
            report.orphan_blobs,
            report.kept_young,
            report.failed,
        )
    return report


@dataclass(frozen=True)
class PageSweep:
    """What the start-up sweep of scanned pages removed."""

    page_blobs: int = 0
    spools: int = 0


def sweep_pages(
    sessions: sessionmaker[Session],
    blobs: BlobStore,
    spool_root: Path,
    *,
    now: float | None = None,
    min_age: timedelta = PAGE_MIN_AGE,
) -> PageSweep:
    """Remove what a crash left of scanned pages: page images and thumbnails (``image/*`` blobs)
    that no row names any more, and scan spool folders no unfinished scan owns, when older than
    ``min_age``.

    Never what the crash-recovery offer needs: a page of a draft is named by its row, and the
    spool of a scan still open (``ScanBatch.status == "scanning"``) is where
    ``PageStore.recover_spools`` takes its pages from. Never raises (counts only, no names).
    """
    from kiosk.models import Blob, ScanBatch

    cutoff = (time.time() if now is None else now) - min_age.total_seconds()
    dead: set[str] = set()
    open_spools: set[Path] = set()
    try:
        with sessions.begin() as s:
            lock_blob_rows(s)
            unnamed = select(Blob.sha256).where(Blob.media_type.like("image/%"))
            for column in blob_references(owned=False):
                unnamed = unnamed.where(
                    Blob.sha256.not_in(select(column).where(column.is_not(None)))
                )
            old = [sha for sha in s.scalars(unnamed) if _older(blobs.path(sha), cutoff)]
            dead = blobs.drop_unreferenced(s, old)
            open_spools = {
                Path(spool).resolve()
                for spool in s.scalars(
                    select(ScanBatch.spool).where(
                        ScanBatch.status == "scanning", ScanBatch.spool.is_not(None)
                    )
                )
            }
    except SQLAlchemyError as exc:
        log.warning("start-up page sweep left for the next start (%s)", type(exc).__name__)
        return PageSweep()
    removed = blobs.remove_files(sessions, dead)
    spools = 0
    root = Path(spool_root)
    for folder in root.iterdir() if root.is_dir() else ():
        if folder.is_symlink() or not folder.is_dir() or folder.resolve() in open_spools:
            continue  # an unfinished scan's pages: the crash-recovery offer takes them in
        if _older(folder, cutoff):
            shutil.rmtree(folder, ignore_errors=True)
            spools += not folder.exists()
    report = PageSweep(removed, spools)
    if report != PageSweep():
        log.info("start-up page sweep: %d page files, %d scan folders removed", removed, spools)
    return report


def _older(path: Path, cutoff: float) -> bool:
    """Last changed before ``cutoff`` (a file gone already counts as old)."""
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _files(pattern: Path) -> list[Path]:
    """Regular files directly in the folder(s) ``pattern`` names (``*`` allowed as last part)."""
    folders = Path(pattern.parent).glob(pattern.name) if "*" in pattern.name else [pattern]
    found = []
    for folder in folders:
        if folder.is_dir() and not folder.is_symlink():
            found.extend(p for p in folder.iterdir() if p.is_file() and not p.is_symlink())
    return found


def _remove(path: Path, cutoff: float, kind: str, counts: dict[str, int]) -> None:
    try:
        if path.stat().st_mtime >= cutoff:
            counts["kept_young"] += 1
            return
        path.unlink()
        counts[kind] += 1
    except FileNotFoundError:
        pass  # removed meanwhile (another app starting at the same time)
    except OSError:
        counts["failed"] += 1
