"""The status bar's line, from a real store and the real reference server on 127.0.0.1: what waits
(dossiers, and the bytes a cut resumable upload has still to send), the oldest one's age, the last
success; in Vietnamese number formatting. The clock is fixed and injected."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from kiosk import outbox
from kiosk.blobs import BlobStore
from kiosk.models import Blob, BlobUpload
from kiosk.paths import AppPaths
from kiosk.timeutil import VIETNAM
from sync.central_server import CentralServer
from sync.engine import OutboxEngine, summary
from sync.indicator import age_text, clock_text, describe, number_text, size_text
from sync.uploads import BlobUploader
from tests.sync.helpers import enrolled_client

CHUNK = 64 * 1024
T0 = datetime(2026, 12, 7, 7, 14, tzinfo=VIETNAM)
OFFLINE = "không kết nối được tới máy chủ (mất mạng hoặc máy chủ đang tắt)"


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path / "central", port=0, require_signatures=True).start()
    yield srv
    srv.stop()


def add_items(store, n: int, at: datetime) -> None:
    with store.sessions.begin() as s:
        for i in range(n):
            item = outbox.enqueue(
                s, "dossier.accepted", f"d-{at:%H%M}-{i}", 1, {"code": f"X-{i}", "n": i}
            )
            item.created_at = item.next_attempt_at = at + timedelta(minutes=i)


def add_blob(store, size: int, at: datetime) -> str:
    blobs = BlobStore(AppPaths(store.folder).blobs)
    with store.sessions.begin() as s:
        sha = blobs.put(s, os.urandom(size), "image/png")
        s.get(Blob, sha).created_at = at
    return sha


def test_bytes_left_count_what_a_cut_upload_has_still_to_send(server, store, tmp_path):
    _, client = enrolled_client(server, store, tmp_path / "keys")
    add_items(store, 5, T0)
    big = add_blob(store, 40 * CHUNK + 123, T0)
    add_blob(store, 800_000, T0 + timedelta(minutes=1))
    uploader = BlobUploader(client, store.sessions, AppPaths(store.folder).blobs, chunk_size=CHUNK)
    # "which do you have?", the big one's opening, three chunks, and the fourth is cut
    server.faults.inject("slow", "slow", "slow", "slow", "slow", "drop")
    server.faults.slow_seconds = 0.0
    assert uploader.run_once().stopped == "offline"
    with store.sessions.begin() as s:
        assert s.get(BlobUpload, big).offset == 3 * CHUNK

    waiting = summary(store.sessions)
    assert waiting.pending_dossiers == 5 and waiting.blobs_left == 2
    assert waiting.bytes_left == 40 * CHUNK + 123 - 3 * CHUNK + 800_000 == 3_224_955
    assert waiting.oldest_pending == T0 and waiting.last_success is None
    shown = describe(waiting, False, OFFLINE, T0 + timedelta(hours=2, minutes=5))
    assert shown.text == "Đang ngoại tuyến — 5 hồ sơ chờ gửi (3,2 MB), cũ nhất 2 giờ trước"
    assert shown.tone == "offline"
    assert f"Hệ thống trung tâm: {OFFLINE}." in shown.tooltip
    assert (
        "2 tệp (bản quét, giấy tờ đã in) chưa gửi xong: còn 3,2 MB (3.224.955 byte)."
        in shown.tooltip
    )
    assert "Chờ lâu nhất: từ 07:14 07/12/2026 (2 giờ trước)." in shown.tooltip
    assert "Chưa gửi được lần nào" in shown.tooltip

    sent_at = T0 + timedelta(hours=2)  # 09:14: the link is back
    engine = OutboxEngine(store.sessions, client, clock=lambda: sent_at)
    assert engine.run_once().acknowledged == 5
    assert uploader.run_once().uploaded == 2
    done = summary(store.sessions)
    assert done.all_sent and done.bytes_left == 0 and done.last_success == sent_at
    assert describe(done, True, "đã kết nối", sent_at).text == "Đã đồng bộ · 09:14"
    assert server.store.count() == 5

    add_items(store, 1, sent_at + timedelta(minutes=20))  # a new decision, and the link drops
    later = sent_at + timedelta(minutes=20, seconds=30)
    shown = describe(summary(store.sessions), False, OFFLINE, later)
    assert shown.text == (
        "Đang ngoại tuyến — 1 hồ sơ chờ gửi, cũ nhất chưa đầy 1 phút trước"
        " · gửi được lần cuối 09:14"
    )
    client.close()


def test_refused_items_and_files_are_said_to_need_a_person(store):
    add_items(store, 2, T0)
    sha = add_blob(store, 5_000, T0)
    with store.sessions.begin() as s:
        s.get(Blob, sha).sync_state = "failed"  # the server refused it (damaged on this disk)
    waiting = summary(store.sessions)
    assert waiting.failed_blobs == 1 and waiting.bytes_left == 0 and not waiting.all_sent
    shown = describe(waiting, True, "đã kết nối", T0 + timedelta(days=3))
    assert shown.text == "Đã kết nối · 2 hồ sơ chờ gửi, cũ nhất 3 ngày trước · 1 mục cần xử lý"
    assert shown.tone == "attention" and "xem trang Đồng bộ" in shown.tooltip


def test_nothing_waits_offline_and_not_yet_checked():
    empty = summary_of()
    assert describe(empty, False, OFFLINE, T0).text == "Đang ngoại tuyến — không có gì chờ gửi"
    assert describe(empty, True, "đã kết nối", T0).text == "Đã đồng bộ"
    assert describe(None, None, "", T0).text == "Hệ thống trung tâm: đang kiểm tra…"
    sent_unconfirmed = summary_of(blobs_left=2, oldest_pending=T0)  # all bytes sent, not marked
    assert describe(sent_unconfirmed, True, "đã kết nối", T0).text == (
        "Đã kết nối · 2 tệp chờ xác nhận, cũ nhất chưa đầy 1 phút trước"
    )


def summary_of(**values):
    from sync.engine import SyncSummary

    oldest = values.pop("oldest_pending", None)
    return SyncSummary(0, 0, oldest, None, 0, **values)


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 byte"),
        (850, "850 byte"),
        (12_345, "12 kB"),
        (999_999, "1.000 kB"),
        (3_224_955, "3,2 MB"),
        (3_000_000, "3 MB"),
        (123_456_789, "123 MB"),
        (1_500_000_000, "1,5 GB"),
    ],
)
def test_sizes_are_written_the_vietnamese_way(size, text):
    assert size_text(size) == text


def test_numbers_ages_and_clock_times():
    assert number_text(1_234_567) == "1.234.567" and number_text(3.25, 2) == "3,25"
    assert age_text(T0, T0 + timedelta(seconds=59)) == "chưa đầy 1 phút trước"
    assert age_text(T0, T0 + timedelta(minutes=59)) == "59 phút trước"
    assert age_text(T0, T0 + timedelta(hours=23, minutes=59)) == "23 giờ trước"
    assert age_text(T0, T0 - timedelta(minutes=5)) == "chưa đầy 1 phút trước"  # a clock set back
    assert clock_text(T0, T0 + timedelta(hours=1)) == "07:14"
    assert clock_text(T0, T0 + timedelta(days=1)) == "07:14 07/12"
    assert clock_text(T0, T0 + timedelta(days=40)) == "07:14 07/12/2026"
    assert clock_text(T0.astimezone(UTC), T0) == "07:14"  # the store's UTC, shown in Vietnam
