"""Honest failure messages for storage: say what was NOT saved, why, and what to do.

A write that fails (full disk, a locked store, no permission, a disk error) rolls its transaction
back: the action the officer just asked for was not saved, while the steps saved before it are
kept. ``storage_failure`` turns the low-level error (SQLite's "database or disk is full", an
``OSError`` ENOSPC, PostgreSQL's SQLSTATE 53100...) into a :class:`StoreError` that says so in
Vietnamese and English; the UI and the CLI show it instead of a generic "something went wrong".
"""

from __future__ import annotations

import errno

from kiosk.errors import KioskError, StoreError

DISK_FULL, LOCKED, READ_ONLY, DISK_ERROR, STORE = "disk_full", "locked", "read_only", "io", "store"

_ERRNO = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: READ_ONLY,
    errno.EPERM: READ_ONLY,
    errno.EIO: DISK_ERROR,
}
_SQLSTATE = {
    "53100": DISK_FULL,
    "53200": DISK_FULL,
    "55P03": LOCKED,
    "40001": LOCKED,
    "40P01": LOCKED,
    "25006": READ_ONLY,
    "42501": READ_ONLY,
}
_TEXT = (
    ("database or disk is full", DISK_FULL),
    ("no space left", DISK_FULL),
    ("database is locked", LOCKED),
    ("database table is locked", LOCKED),
    ("readonly database", READ_ONLY),
    ("read-only", READ_ONLY),
    ("disk i/o error", DISK_ERROR),
)

_WHY = {
    DISK_FULL: ("Đĩa của máy đã đầy", "The disk is full"),
    LOCKED: (
        "Kho dữ liệu đang bận (một chương trình khác đang ghi)",
        "The store is busy (another program is writing)",
    ),
    READ_ONLY: ("Không có quyền ghi vào kho dữ liệu", "The store cannot be written to"),
    DISK_ERROR: (
        "Lỗi đọc/ghi đĩa (đĩa có thể đầy hoặc hỏng)",
        "A disk read/write error (the disk may be full or failing)",
    ),
    STORE: ("Kho dữ liệu báo lỗi", "The store reported an error"),
}
_TODO = {
    DISK_FULL: (
        "Hãy giải phóng dung lượng đĩa (hoặc gọi kỹ thuật viên) rồi làm lại.",
        "Free disk space (or call the technician), then do it again.",
    ),
    LOCKED: (
        "Hãy thử lại sau ít giây; nếu vẫn không được, gọi kỹ thuật viên.",
        "Try again in a few seconds; if it persists, call the technician.",
    ),
    READ_ONLY: (
        "Hãy gọi kỹ thuật viên kiểm tra quyền của thư mục dữ liệu.",
        "Call the technician to check the data folder's permissions.",
    ),
    DISK_ERROR: ("Hãy gọi kỹ thuật viên kiểm tra ổ đĩa.", "Call the technician to check the disk."),
    STORE: (
        "Hãy thử lại; nếu lỗi lặp lại, gọi kỹ thuật viên.",
        "Try again; if it happens again, call the technician.",
    ),
}


def classify(exc: BaseException) -> str | None:
    """Which storage failure ``exc`` is (DISK_FULL, LOCKED, ...), or None if it is not one."""
    chain, todo = [], [exc]
    while todo:  # the error, the DB-API error SQLAlchemy wraps, and their causes
        e = todo.pop()
        if e is None or any(e is c for c in chain):
            continue
        chain.append(e)
        todo += [getattr(e, "orig", None), e.__cause__, e.__context__]
    for e in chain:
        if isinstance(e, OSError) and e.errno in _ERRNO:
            return _ERRNO[e.errno]
        state = getattr(e, "sqlstate", None) or getattr(e, "pgcode", None)
        if state in _SQLSTATE:
            return _SQLSTATE[state]
        text = str(e).lower()
        for needle, kind in _TEXT:
            if needle in text:
                return kind
    if any(
        type(e).__name__ in {"OperationalError", "DatabaseError", "InternalError"} for e in chain
    ):
        return STORE
    return None


def storage_failure(
    exc: BaseException, what_vi: str = "thao tác vừa rồi", what_en: str = "the last action"
) -> StoreError | None:
    """A StoreError saying that ``what`` was NOT saved, why and what to do; None if ``exc`` is not
    a storage failure (a KioskError already explains itself and is returned unchanged)."""
    if isinstance(exc, KioskError):
        return exc if isinstance(exc, StoreError) else None
    kind = classify(exc)
    if kind is None:
        return None
    why_vi, why_en = _WHY[kind]
    todo_vi, todo_en = _TODO[kind]
    error = StoreError(
        f"{why_vi}: {what_vi} CHƯA được lưu. Những gì đã lưu trước đó vẫn còn. {todo_vi}",
        english=f"{why_en}: {what_en} was NOT saved. What was saved before is kept. {todo_en}",
    )
    error.kind = kind
    return error
