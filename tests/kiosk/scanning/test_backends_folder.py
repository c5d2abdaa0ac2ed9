"""The watched folder and file import as scan sources."""

from __future__ import annotations

import io
import threading
import time

import pytest
from PIL import Image

from kiosk.scanning.backends.files import FileBackend
from kiosk.scanning.backends.folder import REJECTED, TAKEN, FolderBackend
from kiosk.scanning.device import ScanError, ScanSettings

ONE_FILE = ScanSettings(source="feeder", pages=1)


def _folder_scan(folder, settings=ONE_FILE, **options):
    backend = FolderBackend(settle_seconds=0.4, idle_seconds=0.5, poll_seconds=0.05, **options)
    pages = []
    count = backend.scan(f"folder:{folder}", settings, pages.append, lambda: False)
    assert count == len(pages) and [p.index for p in pages] == list(range(count))
    return pages


def _png(shade=200, size=(600, 800)) -> bytes:
    out = io.BytesIO()
    Image.new("L", size, shade).save(out, "PNG", dpi=(200, 200))
    return out.getvalue()


def test_a_file_written_slowly_is_taken_only_when_complete(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = _png()
    chunks = [data[i : i + len(data) // 6 + 1] for i in range(0, len(data), len(data) // 6 + 1)]
    assert len(chunks) >= 5

    def copier():  # a copier writing over SMB: a piece every 0.15 s, less than settle time
        with open(inbox / "scan0001.png", "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                handle.flush()
                time.sleep(0.15)

    writer = threading.Thread(target=copier)
    writer.start()
    try:
        (page,) = _folder_scan(inbox)
    finally:
        writer.join()
    assert page.data == data  # the whole file, never a prefix
    assert page.mime == "image/png" and page.dpi == 200
    assert not (inbox / "scan0001.png").exists()
    assert (inbox / TAKEN / "scan0001.png").read_bytes() == data  # kept, not deleted


def test_a_multipage_tiff_in_the_folder_gives_every_page_in_order(tmp_path):
    frames = [Image.new("L", (300, 400), v) for v in (250, 150, 50)]
    frames[0].save(tmp_path / "batch.tif", save_all=True, append_images=frames[1:])
    pages = _folder_scan(tmp_path, ScanSettings(source="feeder"))
    shades = [Image.open(io.BytesIO(p.data)).getpixel((5, 5)) for p in pages]
    assert shades == [250, 150, 50]


def test_an_unreadable_file_is_set_aside_and_reported(tmp_path):
    (tmp_path / "a.png").write_bytes(_png())
    (tmp_path / "b.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    pages = []
    with pytest.raises(ScanError, match="1 tệp trong thư mục quét không đọc được.*b.jpg"):
        FolderBackend(settle_seconds=0.2, idle_seconds=0.5, poll_seconds=0.05).scan(
            f"folder:{tmp_path}", ScanSettings(source="feeder"), pages.append, lambda: False
        )
    assert len(pages) == 1  # the good file still became a page
    assert (tmp_path / REJECTED / "b.jpg").exists()


def test_missing_folder_and_nothing_arriving(tmp_path):
    with pytest.raises(ScanError, match="Không thấy thư mục quét"):
        _folder_scan(tmp_path / "khong-co")
    with pytest.raises(ScanError, match="Chưa có tệp nào"):
        _folder_scan(tmp_path, first_file_seconds=0.3)


def test_file_import_passes_an_image_through_and_splits_a_tiff(tmp_path):
    (tmp_path / "a.png").write_bytes(_png(120))
    pages = []
    FileBackend().scan(f"file:{tmp_path / 'a.png'}", ScanSettings(), pages.append, lambda: False)
    assert [p.data for p in pages] == [_png(120)]
    frames = [Image.new("RGB", (100, 100), (v, 0, 0)) for v in (10, 20)]
    frames[0].save(tmp_path / "t.tiff", save_all=True, append_images=frames[1:])
    pages = []
    FileBackend().scan(f"file:{tmp_path / 't.tiff'}", ScanSettings(), pages.append, lambda: False)
    assert [Image.open(io.BytesIO(p.data)).getpixel((1, 1))[0] for p in pages] == [10, 20]


def test_file_import_renders_pdf_pages(tmp_path):
    frames = [Image.new("L", (850, 1100), v) for v in (255, 0)]
    frames[0].save(tmp_path / "two.pdf", save_all=True, append_images=frames[1:], resolution=100)
    pages = []
    count = FileBackend().scan(
        f"file:{tmp_path / 'two.pdf'}",
        ScanSettings(mode="gray", dpi=100),
        pages.append,
        lambda: False,
    )
    images = [Image.open(io.BytesIO(p.data)) for p in pages]
    assert count == 2 and [im.size for im in images] == [(850, 1100)] * 2
    assert [im.convert("L").getpixel((400, 500)) for im in images] == [255, 0]


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4 truncated", b"GIF89a broken"])
def test_file_import_refuses_a_bad_file_in_vietnamese(tmp_path, content):
    (tmp_path / "x").write_bytes(content)
    with pytest.raises(ScanError, match="hỏng|không phải ảnh"):
        FileBackend().scan(f"file:{tmp_path / 'x'}", ScanSettings(), lambda p: None, lambda: False)


def test_available_devices_lists_every_kind(sane_test, escl_sim, tmp_path):
    from kiosk.scanning.device import available_devices

    found = available_devices([escl_sim.url], [str(tmp_path), str(tmp_path / "khong-co")])
    kinds = {d.kind: d.id for d in found}
    assert kinds == {
        "sane": kinds["sane"],
        "escl": escl_sim.device_id,
        "folder": f"folder:{tmp_path}",
    }
    assert "sane:test:0" in [d.id for d in found]
