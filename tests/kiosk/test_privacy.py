"""The store holds citizens' ID numbers and officers' PIN hashes: its files are 600 and its folders
700, from the first start, and a store made before that is fixed when it is next opened."""

import os
import stat
from pathlib import Path

import pytest

from kiosk import audit
from kiosk.blobs import BlobStore
from kiosk.db import open_store, sqlite_url
from kiosk.files import private_dir


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    old = os.umask(0o022)  # what a desktop session has: new files 644, folders 755
    yield
    os.umask(old)


def test_a_new_store_is_private_from_the_first_write(tmp_path):
    data = tmp_path / "new" / "data"
    store = open_store(sqlite_url(data / "kiosk.sqlite3"))
    with store.sessions.begin() as s:
        audit.append(s, "os:test", "queue.called")
    db = data / "kiosk.sqlite3"
    assert db.with_name("kiosk.sqlite3-wal").exists() and db.with_name("kiosk.sqlite3-shm").exists()
    assert {p.name: mode(p) for p in data.glob("kiosk.sqlite3*")} == {
        "kiosk.sqlite3": 0o600,
        "kiosk.sqlite3-wal": 0o600,
        "kiosk.sqlite3-shm": 0o600,
    }
    assert mode(data) == mode(data.parent) == 0o700  # every folder the store made
    assert mode(data / "keys") == 0o700 and mode(data / "keys" / "audit-hmac.key") == 0o600
    store.close()


def test_blobs_are_private(tmp_path):
    blobs = BlobStore(tmp_path / "data" / "blobs")
    sha = blobs.write_file(b"%PDF-1.4 receipt")
    assert mode(blobs.path(sha)) == 0o600
    assert mode(blobs.path(sha).parent) == mode(tmp_path / "data" / "blobs") == 0o700


def test_an_existing_loose_store_is_fixed_at_start_up(tmp_path):
    data = tmp_path / "data"
    open_store(sqlite_url(data / "kiosk.sqlite3")).close()
    loose = {data: 0o755, data / "kiosk.sqlite3": 0o644}
    for folder in ("blobs", "blobs/ab", "printed", "keys", "holidays"):
        (data / folder).mkdir(exist_ok=True)
        loose[data / folder] = 0o755
    for name in (
        "blobs/ab/ab12",
        "printed/receipt.pdf",
        "keys/qr-signing-key.pem",
        "holidays/2026.toml",
    ):
        (data / name).write_bytes(b"x")
        loose[data / name] = 0o644
    for path, m in loose.items():
        os.chmod(path, m)
    open_store(sqlite_url(data / "kiosk.sqlite3")).close()
    assert {str(p.relative_to(tmp_path)): mode(p) for p in loose} == {
        str(p.relative_to(tmp_path)): 0o700 if p.is_dir() else 0o600 for p in loose
    }


def test_shared_and_foreign_folders_are_left_alone(tmp_path):
    before = mode("/tmp")
    assert private_dir(Path("/tmp")) == Path("/tmp") and mode("/tmp") == before  # sticky, shared
    readonly = tmp_path / "ro"
    readonly.mkdir()
    os.chmod(readonly, 0o500)
    private_dir(readonly)
    assert mode(readonly) == 0o500  # permissions are only ever narrowed
    os.chmod(readonly, 0o700)
