"""Writing files so that a crash or a power cut leaves the old file or the new one, never half."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def atomic_write(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target``: temporary file in the same folder, fsync, rename, fsync
    folder.

    Raises OSError (full disk, permissions); the temporary file is removed on any failure.
    """
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


# --- privacy: the store holds citizens' ID numbers and officers' PIN hashes ----------------------

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parent for this user only (700); tighten it if it exists."""
    path = Path(path)
    for folder in [*reversed(path.parents), path]:
        if not folder.exists():
            folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
    _tighten(path, PRIVATE_DIR)
    return path


def private_file(path: Path, *, create: bool = False) -> None:
    """Make ``path`` readable by this user only (600); with ``create``, make an empty one first."""
    path = Path(path)
    if create and not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    _tighten(path, PRIVATE_FILE)


def make_private(folder: Path, subfolders: tuple[str, ...]) -> None:
    """Start-up repair of a data folder made before files were private: ``folder`` and its
    ``subfolders`` become 700, every file and folder below those sub-folders 600 / 700."""
    folder = Path(folder)
    _tighten(folder, PRIVATE_DIR)
    for name in subfolders:
        top = folder / name
        if not top.is_dir() or top.is_symlink():
            continue
        _tighten(top, PRIVATE_DIR)
        for here, dirs, files in os.walk(top):
            for d in dirs:
                _tighten(Path(here) / d, PRIVATE_DIR)
            for f in files:
                _tighten(Path(here) / f, PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    """Drop the permission bits outside ``mode``; never widen, never touch what is not ours (a
    shared folder such as /tmp, with its sticky bit, or another user's file) or a symlink."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(st.st_mode) or (hasattr(os, "geteuid") and st.st_uid != os.geteuid()):
        return
    if st.st_mode & stat.S_ISVTX:
        return
    current = stat.S_IMODE(st.st_mode)
    if current & ~mode:
        os.chmod(path, current & mode)
