"""This machine's identity in a store that several machines may share (PostgreSQL office mode).

Files (blobs) live on the disk of the machine that wrote them, so rows that need a file, such as
print jobs, carry the id of their machine and only that machine acts on them. The id is a random
UUID kept in the machine's data folder, created on first use.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

from kiosk.errors import StoreError

FILE_NAME = "machine-id"


def machine_id(data_folder: Path) -> str:
    """The id of the machine whose data folder is ``data_folder`` (created on first use)."""
    path = Path(data_folder) / FILE_NAME
    try:
        if not path.exists():
            _create(path)
        text = path.read_text(encoding="ascii").strip()
        uuid.UUID(text)
        return text
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"Không đọc hay tạo được mã máy ({path}). Kiểm tra quyền ghi thư mục dữ liệu, "
            "rồi chạy “kiosk doctor”.",
            english=f"Cannot read or create the machine id ({path}).",
        ) from exc


def _create(path: Path) -> None:
    """Write a new id durably; if another process created one meanwhile, keep theirs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(f"{uuid.uuid4()}\n")
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # fails if it exists: the first id written wins
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)
