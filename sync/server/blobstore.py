"""Where the central server keeps blob bytes: a seam with a disk implementation.

The operations map one to one onto S3-compatible storage, so a province can swap ``DiskBlobs`` for
an S3 implementation without touching the app:

========================  ==================================================
``DiskBlobs``             S3
========================  ==================================================
``append(upload, data)``  ``UploadPart`` (parts of at least 5 MiB but the
                          last: an S3 backend buffers smaller chunks)
``part_size(upload)``     ``ListParts`` (sum of the part sizes)
``complete(upload, sha)`` ``CompleteMultipartUpload`` to key ``sha256``,
                          after checking the SHA-256 of what was received
``discard(upload)``       ``AbortMultipartUpload``
``exists(sha)``           ``HeadObject``
``read(sha)``             ``GetObject``
========================  ==================================================

Writes are durable before they are acknowledged: a chunk is fsynced before the offset moves, and a
completed blob is renamed into place (atomic) after its hash is checked.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Protocol


class BlobBackend(Protocol):
    def append(self, upload_id: str, offset: int, data: bytes) -> None: ...
    def part_size(self, upload_id: str) -> int: ...
    def complete(self, upload_id: str, sha256: str) -> bool: ...
    def discard(self, upload_id: str) -> None: ...
    def exists(self, sha256: str) -> bool: ...
    def read(self, sha256: str) -> bytes: ...


class DiskBlobs:
    """Blobs as files named by their SHA-256 under ``root``; uploads in progress under
    ``root/uploads``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.partial = self.root / "uploads"
        self.partial.mkdir(parents=True, exist_ok=True)

    def _part(self, upload_id: str) -> Path:
        return self.partial / upload_id

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def append(self, upload_id: str, offset: int, data: bytes) -> None:
        """Write ``data`` at ``offset`` (a repeated chunk overwrites itself), durably."""
        fd = os.open(self._part(upload_id), os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.ftruncate(fd, offset)  # anything after the acknowledged offset is dropped
            os.pwrite(fd, data, offset)
            os.fsync(fd)
        finally:
            os.close(fd)

    def part_size(self, upload_id: str) -> int:
        try:
            return self._part(upload_id).stat().st_size
        except FileNotFoundError:
            return 0

    def complete(self, upload_id: str, sha256: str) -> bool:
        """Move a finished upload into place if its SHA-256 is ``sha256``; False (and the upload
        discarded) if not."""
        part = self._part(upload_id)
        digest = hashlib.sha256()
        with part.open("rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        if digest.hexdigest() != sha256:
            part.unlink(missing_ok=True)
            return False
        target = self.path(sha256)
        target.parent.mkdir(exist_ok=True)
        os.replace(part, target)
        return True

    def discard(self, upload_id: str) -> None:
        self._part(upload_id).unlink(missing_ok=True)

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()
