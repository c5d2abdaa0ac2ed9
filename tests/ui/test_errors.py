"""The message an officer sees never claims that something was saved when it was not."""

import errno
import sqlite3

from sqlalchemy.exc import OperationalError


def test_full_disk_says_nothing_was_saved_and_to_free_space(kiosk_app):
    from ui.errors import message_for

    for exc in (
        OperationalError("COMMIT", {}, sqlite3.OperationalError("database or disk is full")),
        OSError(errno.ENOSPC, "No space left on device"),
    ):
        text = message_for(exc)
        assert text.startswith("Đĩa của máy đã đầy: thao tác vừa rồi CHƯA được lưu.")
        assert "giải phóng dung lượng đĩa" in text


def test_locked_store_and_a_bug_are_told_apart(kiosk_app):
    from ui.errors import message_for

    locked = message_for(
        OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
    )
    assert "đang bận" in locked and "CHƯA được lưu" in locked
    bug = message_for(KeyError("a bug"))
    assert "có thể CHƯA được lưu" in bug and "kỹ thuật viên" in bug
    assert "Những gì đã làm đều đã được lưu" not in bug


def test_english_interface_gets_the_english_text(kiosk_app):
    from ui.errors import message_for

    kiosk_app.setProperty("kiosk_language", "en")
    try:
        text = message_for(OSError(errno.ENOSPC, "No space left on device"))
    finally:
        kiosk_app.setProperty("kiosk_language", "vi")
    assert text.startswith("The disk is full: the last action was NOT saved.")
