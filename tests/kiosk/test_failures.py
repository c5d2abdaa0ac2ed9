"""Storage failures are named truthfully: what was NOT saved, why, and what to do."""

import errno
import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from kiosk.errors import InvalidInput, StoreError
from kiosk.failures import (
    DISK_ERROR,
    DISK_FULL,
    LOCKED,
    READ_ONLY,
    STORE,
    classify,
    storage_failure,
)


def wrapped(message):
    return OperationalError("COMMIT", {}, sqlite3.OperationalError(message))


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (wrapped("database or disk is full"), DISK_FULL),
        (OSError(errno.ENOSPC, "No space left on device"), DISK_FULL),
        (wrapped("database is locked"), LOCKED),
        (wrapped("attempt to write a readonly database"), READ_ONLY),
        (OSError(errno.EACCES, "Permission denied"), READ_ONLY),
        (wrapped("disk I/O error"), DISK_ERROR),
        (wrapped("unable to open database file"), STORE),
        (KeyError("a bug"), None),
        (ValueError("database or disk is full? no: a value error quoting it"), DISK_FULL),
    ],
)
def test_classify(exc, kind):
    assert classify(exc) == kind


def test_a_store_error_wrapping_enospc_is_a_full_disk():
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as exc:
            raise StoreError("không ghi được") from exc
    except StoreError as exc:
        assert classify(exc) == DISK_FULL


def test_message_says_what_was_not_saved_and_what_to_do():
    error = storage_failure(
        wrapped("database or disk is full"), "việc tiếp nhận hồ sơ", "accepting the dossier"
    )
    assert isinstance(error, StoreError)
    assert error.message.startswith("Đĩa của máy đã đầy: việc tiếp nhận hồ sơ CHƯA được lưu.")
    assert "giải phóng dung lượng đĩa" in error.message and "kỹ thuật viên" in error.message
    assert "accepting the dossier was NOT saved" in error.english
    locked = storage_failure(wrapped("database is locked"))
    assert "đang bận" in locked.message and "thử lại sau ít giây" in locked.message
    assert "đã được lưu" not in locked.message.replace("đã lưu trước đó", "")


def test_known_errors_pass_through_and_bugs_are_not_storage_failures():
    invalid = InvalidInput("Hãy ghi họ tên.")
    store_error = StoreError("Kho dữ liệu đã có lỗi.")
    assert storage_failure(invalid) is None and storage_failure(store_error) is store_error
    assert storage_failure(ZeroDivisionError()) is None


def test_a_real_locked_sqlite_store_is_named_locked(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    holder = sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    engine = create_engine(url, connect_args={"timeout": 0})
    try:
        with pytest.raises(OperationalError) as caught, engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
        assert classify(caught.value) == LOCKED
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        engine.dispose()
