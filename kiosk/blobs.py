"""Content-addressed files (scans, PDFs): written atomically before any row points to them.

Layout: ``<root>/<sha[:2]>/<sha>``. A write goes to a temporary file in the same folder, is
fsynced, renamed into place and the folder fsynced, so a power cut leaves either the whole file or
none. A file whose row never committed (a crash in between) is an orphan that ``orphans()`` lists
for clean-up.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

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

    def orphans(self, s: Session) -> list[Path]:
        """Files on disk with no row (left by a crash between the write and the commit)."""
        known = set(s.scalars(select(Blob.sha256)))
        return [
            p for p in self.root.glob("??/*") if not p.name.startswith(".") and p.name not in known
        ]
