"""The scan worker process: pages on disk as they arrive, a watchdog, cancel, and a kill."""

from __future__ import annotations

import io
import os
import signal
import time

import pytest
from PIL import Image

from kiosk.scanning.device import ScanError, ScanSettings, split_device_id
from kiosk.scanning.worker import ScanWorker, scan_to_folder
from tests.kiosk.scanning.scanner_fixtures import needs_scanimage, page_number

pytestmark = pytest.mark.slow  # every test starts a worker process


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@needs_scanimage
def test_sane_feeder_batch_lands_page_by_page(sane_test, tmp_path):
    seen = []

    def on_page(page):
        assert page.path.exists()  # on disk before anyone hears of it
        seen.append(page.path.name)

    out = tmp_path / "pages"
    outcome = scan_to_folder(
        sane_test, ScanSettings(mode="gray", dpi=150, source="feeder"), out, on_page
    )
    assert outcome.ok and not outcome.cancelled
    assert seen == [f"page-{n:04d}.pnm" for n in range(1, 11)]
    assert outcome.pages == [out / name for name in seen]
    assert Image.open(outcome.pages[-1]).width == 1240  # A4 at 150 dpi
    assert sorted(p.name for p in out.iterdir()) == seen  # no temp files left


def test_killing_the_worker_mid_batch_keeps_the_pages_received(escl_sim, tmp_path):
    escl_sim.state.feeder_pages = 8
    escl_sim.faults.page_delay = 0.3  # a slow feeder, so the kill lands mid-batch
    pids = []

    def on_page(page):
        if page.index == 1:
            os.kill(pids[0], signal.SIGKILL)  # the driver process dies after page 2

    feeder = ScanSettings(dpi=75, source="feeder")
    with ScanWorker() as worker:
        outcome = worker.scan(escl_sim.device_id, feeder, tmp_path, on_page, on_worker=pids.append)
        assert "dừng đột ngột" in outcome.error and "Đã giữ" in outcome.error
        assert 2 <= len(outcome.pages) < 8
        numbers = [page_number(Image.open(path), 75) for path in outcome.pages]
        assert numbers == list(range(1, len(numbers) + 1))  # whole pages, in order
        assert not _alive(pids[0])
        assert not list(tmp_path.glob(".page-*"))  # no half-written page left
        # the same worker object starts a new process for the next scan, which works
        escl_sim.faults.page_delay = 0
        again = worker.scan(escl_sim.device_id, feeder, tmp_path / "again", on_worker=pids.append)
        assert again.ok and len(again.pages) == 8 and pids[1] != pids[0]


def test_a_worker_is_kept_between_scans_and_restarted_after_a_hang(escl_sim, tmp_path):
    pids = []
    with ScanWorker() as worker:
        for n in range(2):
            outcome = worker.scan(
                escl_sim.device_id, ScanSettings(dpi=75), tmp_path / str(n), on_worker=pids.append
            )
            assert outcome.ok and len(outcome.pages) == 1
        assert pids[0] == pids[1]  # no new process for the second paper
        escl_sim.faults.hang_after = 0
        hung = worker.scan(
            escl_sim.device_id,
            ScanSettings(dpi=75),
            tmp_path / "h",
            page_timeout=0.5,
            first_page_timeout=0.5,
            on_worker=pids.append,
        )
        assert "không phản hồi" in hung.error and not _alive(pids[2])
        escl_sim.faults.hang_after = None
        fine = worker.scan(
            escl_sim.device_id, ScanSettings(dpi=75), tmp_path / "f", on_worker=pids.append
        )
        assert fine.ok and pids[3] != pids[2]
    assert not _alive(pids[3])  # closed with the context


def test_a_hung_driver_is_killed_by_the_watchdog(escl_sim, tmp_path):
    escl_sim.state.feeder_pages = 5
    escl_sim.faults.hang_after = 1  # answers one page, then never again
    pids = []
    outcome = scan_to_folder(
        escl_sim.device_id,
        ScanSettings(dpi=75, source="feeder"),
        tmp_path,
        page_timeout=1.0,
        on_worker=pids.append,
    )
    assert "không phản hồi" in outcome.error and "Đã giữ 1 trang" in outcome.error
    assert len(outcome.pages) == 1 and outcome.pages[0].exists()
    assert not _alive(pids[0])


def test_cancel_stops_after_the_current_page(escl_sim, tmp_path):
    escl_sim.state.feeder_pages = 10
    escl_sim.faults.page_delay = 0.2
    got = []
    outcome = scan_to_folder(
        escl_sim.device_id,
        ScanSettings(dpi=75, source="feeder"),
        tmp_path,
        got.append,
        cancelled=lambda: len(got) >= 2,
    )
    assert outcome.cancelled and outcome.error is None
    assert 2 <= len(outcome.pages) < 10
    assert any(m == "DELETE" for m, _ in escl_sim.state.requests)  # the job was cancelled


def test_driver_errors_come_back_as_vietnamese_messages(escl_sim, tmp_path):
    escl_sim.faults.conflict = True
    outcome = scan_to_folder(escl_sim.device_id, ScanSettings(), tmp_path)
    assert outcome.pages == [] and "xung đột thiết lập" in outcome.error
    outcome = scan_to_folder("file:/khong/co/tep.pdf", ScanSettings(), tmp_path)
    assert outcome.pages == [] and "Không đọc được tệp" in outcome.error


def test_pages_written_whole_are_jpeg_files(escl_sim, tmp_path):
    outcome = scan_to_folder(escl_sim.device_id, ScanSettings(mode="color", dpi=100), tmp_path)
    (path,) = outcome.pages
    assert path.name == "page-0001.jpg"
    assert Image.open(io.BytesIO(path.read_bytes())).mode == "RGB"


def test_settings_and_device_ids_are_checked():
    with pytest.raises(ScanError, match="Chế độ màu không hợp lệ"):
        ScanSettings(mode="sepia")
    with pytest.raises(ScanError, match="Nguồn giấy"):
        ScanSettings(source="tray")
    with pytest.raises(ScanError, match="Độ phân giải"):
        ScanSettings(dpi=5)
    with pytest.raises(ScanError, match="Không nhận ra thiết bị quét"):
        split_device_id("twain:Canon")
    assert split_device_id("escl:http://h/eSCL") == ("escl", "http://h/eSCL")


@needs_scanimage
def test_killing_a_sane_worker_takes_scanimage_down_and_keeps_pages(tmp_path, monkeypatch):
    from kiosk.scanning.backends.sane import write_test_config

    conf = write_test_config(tmp_path / "sane.d", delay_us=1000)  # about 0.3 s a page
    monkeypatch.setenv("SANE_CONFIG_DIR", str(conf))
    pids = []

    def on_page(page):
        if page.index == 1:
            os.kill(pids[0], signal.SIGKILL)  # only the Python worker, not its scanimage

    outcome = scan_to_folder(
        "sane:test:0",
        ScanSettings(dpi=300, source="feeder"),
        tmp_path / "pages",
        on_page,
        on_worker=pids.append,
    )
    assert "dừng đột ngột" in outcome.error
    assert 2 <= len(outcome.pages) < 10
    assert all(Image.open(path).size[0] == 2480 for path in outcome.pages)  # whole pages
    assert _group_gone(pids[0])  # nothing is left of the worker's process group (scanimage)


@needs_scanimage
def test_a_hung_sane_driver_is_killed_with_its_scanimage(tmp_path, monkeypatch):
    from kiosk.scanning.backends.sane import write_test_config

    conf = write_test_config(tmp_path / "sane.d", delay_us=200000)  # minutes for one page
    monkeypatch.setenv("SANE_CONFIG_DIR", str(conf))
    pids = []
    outcome = scan_to_folder(
        "sane:test:0",
        ScanSettings(dpi=300, source="feeder"),
        tmp_path / "pages",
        page_timeout=1.0,
        first_page_timeout=1.0,
        on_worker=pids.append,
    )
    assert "không phản hồi" in outcome.error and outcome.pages == []
    assert _group_gone(pids[0])  # scanimage, busy in the driver, was killed too


def _group_gone(pgid: int) -> bool:
    """True once no process (a killed scanimage waits to be reaped by init) is in the group."""
    for _ in range(100):
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_cancel_is_heard_while_pages_stream_in(tmp_path):
    from PIL import Image as PILImage

    frames = [PILImage.new("L", (600, 800), 200) for _ in range(200)]
    frames[0].save(
        tmp_path / "long.tif", save_all=True, append_images=frames[1:], compression="tiff_lzw"
    )
    got = []
    outcome = scan_to_folder(
        f"file:{tmp_path / 'long.tif'}",
        ScanSettings(dpi=100),
        tmp_path / "pages",
        got.append,
        cancelled=lambda: len(got) >= 1,  # pages come faster than the 50 ms poll
    )
    assert outcome.cancelled and 1 <= len(outcome.pages) < 200


def test_a_folder_that_cannot_be_written_stops_the_scan_with_a_message_and_keeps_the_worker(
    escl_sim, tmp_path
):
    escl_sim.state.feeder_pages = 6
    escl_sim.faults.page_delay = 0.2
    out, moved = tmp_path / "pages", tmp_path / "moved"

    def on_page(page):
        if page.index == 0:
            out.rename(moved)  # the folder is gone: the next page cannot be written

    feeder = ScanSettings(dpi=75, source="feeder")
    pids = []
    with ScanWorker() as worker:
        outcome = worker.scan(escl_sim.device_id, feeder, out, on_page, on_worker=pids.append)
        assert outcome.error.startswith("Không ghi được trang quét vào đĩa")
        assert (moved / "page-0001.jpg").is_file()  # the page written before stays whole
        assert 1 <= len(outcome.pages) < 6
        again = worker.scan(
            escl_sim.device_id, ScanSettings(dpi=75), tmp_path / "next", on_worker=pids.append
        )
        assert again.ok and len(again.pages) == 1
        assert pids[0] == pids[1]  # a disk error is not a driver fault: same worker
