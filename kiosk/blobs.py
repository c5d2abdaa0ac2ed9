"""Content-addressed files (scans, PDFs): written atomically before any row points to them.

Layout: ``<root>/<sha[:2]>/<sha>``. A write goes to a temporary file in the same folder, is
fsynced, renamed into place and the folder fsynced, so a power cut leaves either the whole file or
none. A file whose row never committed (a crash in between) is an orphan that ``orphans()`` lists
for clean-up.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Column, delete, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.errors import StoreError
from kiosk.failures import storage_failure
from kiosk.files import atomic_write, private_dir
from kiosk.models import Blob


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def write_file(self, data: bytes) -> str:
        """Write ``data`` durably (no database row); return its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        try:
            if target.exists() and target.stat().st_size == len(data):
                os.utime(target)  # reused: young again, so the start-up clean-up leaves it
                return sha
            private_dir(target.parent)
            atomic_write(target, data)
        except OSError as exc:
            raise storage_failure(
                exc, "việc vừa làm (cùng tệp của nó)", "the last action (and its file)"
            ) or StoreError(
                f"Không ghi được tệp vào đĩa ({exc.strerror}): việc vừa làm CHƯA được lưu. "
                "Hãy gọi kỹ thuật viên.",
                english=f"Cannot write the file to disk ({exc.strerror}): the last action was NOT "
                "saved. Call the technician.",
            ) from exc
        return sha

    def put(self, s: Session, data: bytes, media_type: str) -> str:
        """Write the file, then add its row in the caller's transaction; return the SHA-256.

        Prefer :meth:`write_file` before the transaction and :meth:`add_row` inside it: the fsync
        then happens with no write lock held.
        """
        sha = self.write_file(data)
        self.add_row(s, sha, len(data), media_type)
        return sha

    def add_row(self, s: Session, sha256: str, size: int, media_type: str) -> None:
        """Add the row of a file already written by :meth:`write_file` (if it has none yet).

        The file is checked again once the row is written (so the transaction holds the lock the
        start-up clean-up, kiosk/housekeeping.py, deletes row-less files under): a file it removed
        just before is refused here, and the transaction rolls back, rather than pointed to.
        """
        if s.get(Blob, sha256) is None:
            s.add(Blob(sha256=sha256, size=size, media_type=media_type))
            s.flush()
            if not self.path(sha256).is_file():
                raise StoreError(
                    "Tệp của hồ sơ không còn trên đĩa (vừa bị dọn khi khởi động). Chưa lưu gì; "
                    "hãy thử lại.",
                    english="The file was removed from disk before its row was saved (start-up "
                    "clean-up). Nothing was saved; try again.",
                )

    def discard_unreferenced(self, s: Session, sha256: str) -> bool:
        """Delete the file written for a transaction that failed, unless a row references it.

        Returns whether it was deleted. Call with a fresh session (the failed one rolled back).
        """
        if s.get(Blob, sha256) is not None:
            return False
        try:
            self.path(sha256).unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def read(self, sha256: str) -> bytes:
        data = self.path(sha256).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StoreError(
                f"Tệp {sha256[:12]}… bị hỏng trên đĩa (không khớp mã băm).",
                english=f"File {sha256[:12]} is corrupt on disk (hash mismatch).",
            )
        return data

    def drop_unreferenced(self, s: Session, shas: Iterable[str | None]) -> set[str]:
        """Delete the rows of those blobs no other row references any more (in the caller's
        transaction, after it deleted its own rows); return their SHA-256, whose files the caller
        removes once it has committed (:meth:`remove_files`).

        A row whose reference cascades on delete (a sealed PDF's text layer) belongs to its blob:
        it goes with it, and the blobs it named in turn are dropped when nothing else names them.
        """
        dead: set[str] = set()
        candidates = {sha for sha in shas if sha}
        while candidates:
            gone = candidates - dead - referenced_blobs(s, candidates)
            if not gone:
                break
            candidates = set()
            for column in blob_references(owned=True):
                owned = column.table
                others = [c for c in blob_references() if c.table is owned and c is not column]
                for row in s.execute(select(*others).where(column.in_(gone))) if others else ():
                    candidates.update(v for v in row if v)
                s.execute(delete(owned).where(column.in_(gone)))
            s.execute(delete(Blob).where(Blob.sha256.in_(gone)))
            s.flush()
            dead |= gone
        return dead

    def remove_files(self, sessions: sessionmaker[Session], shas: Iterable[str]) -> int:
        """Remove the files of blobs whose rows were dropped (:meth:`drop_unreferenced`) once that
        transaction committed. Under the lock that keeps new blob rows out, a file that got a
        row again meanwhile (the same content stored anew) stays. Returns the files removed;
        never raises: what stays is an orphan the start-up clean-up removes."""
        shas = set(shas)
        if not shas:
            return 0
        removed = 0
        try:
            with sessions.begin() as s:
                lock_blob_rows(s)
                alive = set(s.scalars(select(Blob.sha256).where(Blob.sha256.in_(shas))))
                for sha in sorted(shas - alive):
                    try:
                        self.path(sha).unlink()
                        removed += 1
                    except OSError:
                        pass  # gone already, or not ours to remove: an orphan for later
        except SQLAlchemyError:
            pass  # left as row-less files: kiosk/housekeeping.py removes them at a later start
        return removed

    def orphans(self, s: Session) -> list[Path]:
        """Files on disk with no row (left by a crash between the write and the commit)."""
        known = set(s.scalars(select(Blob.sha256)))
        return [
            p for p in self.root.glob("??/*") if not p.name.startswith(".") and p.name not in known
        ]


def lock_blob_rows(s: Session) -> None:
    """Keep new blob rows out until the transaction ends (SQLite: ``BEGIN IMMEDIATE`` already
    holds the write lock; PostgreSQL: a lock on the ``blobs`` table)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("LOCK TABLE blobs IN SHARE ROW EXCLUSIVE MODE"))


def blob_references(*, owned: bool | None = None) -> list[Column]:
    """Every column of the store that references ``blobs.sha256``; ``owned=True``: only those
    whose row is deleted with the blob (ON DELETE CASCADE), ``False``: the others."""
    found = []
    for table in Blob.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column is not Blob.__table__.c.sha256 or table is Blob.__table__:
                continue
            cascades = (fk.ondelete or "").upper() == "CASCADE"
            if owned is None or owned == cascades:
                found.append(fk.parent)
    return found


def referenced_blobs(s: Session, shas: Iterable[str]) -> set[str]:
    """Those of ``shas`` that a row of the store still names (a row that goes with its blob,
    ON DELETE CASCADE, does not count)."""
    shas = set(shas)
    named: set[str] = set()
    for column in blob_references(owned=False):
        if shas - named:
            named.update(s.scalars(select(column).where(column.in_(shas - named)).distinct()))
    return named
