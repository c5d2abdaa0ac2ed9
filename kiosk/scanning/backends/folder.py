"""A watched folder for scan-to-folder devices (many office copiers only scan to a share).

``folder:/srv/scan-inbox``: each new file in the folder becomes pages (see
:mod:`kiosk.scanning.backends.files`: images, multi-page TIFFs, PDFs). A file is taken only once
it has stopped growing, i.e. its size and modification time stayed the same for
``settle_seconds``: a copier writing over SMB writes a file in pieces. A taken file is moved to
``.kiosk-taken/`` inside the folder (kept, never deleted, so nothing is lost if the app dies right
after); a file that stays unreadable is moved to ``.kiosk-rejected/``.

The scan ends when ``settings.pages`` pages were taken, or (with no page count) when no new file
arrived for ``idle_seconds`` after the last one, or on cancel. Files are taken oldest first.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from kiosk.scanning.backends.files import file_pages
from kiosk.scanning.device import (
    Cancelled,
    DeviceInfo,
    PageSink,
    RawPage,
    ScanError,
    ScanSettings,
    split_device_id,
)

log = logging.getLogger(__name__)

TAKEN = ".kiosk-taken"
REJECTED = ".kiosk-rejected"


class FolderBackend:
    def __init__(
        self,
        folders: list[str] | None = None,
        *,
        settle_seconds: float = 1.0,
        idle_seconds: float = 10.0,
        first_file_seconds: float = 90.0,
        poll_seconds: float = 0.2,
    ) -> None:
        self.folders = list(folders or [])
        self.settle_seconds = settle_seconds
        self.idle_seconds = idle_seconds
        self.first_file_seconds = first_file_seconds
        self.poll_seconds = poll_seconds

    def devices(self) -> list[DeviceInfo]:
        return [
            DeviceInfo(f"folder:{path}", f"Thư mục quét {path}", "folder")
            for path in self.folders
            if Path(path).is_dir()
        ]

    def options(self, device_id: str) -> dict:
        self._folder(device_id)
        return {"modes": ["color", "gray", "lineart"], "dpi": [], "sources": ["folder"]}

    def _folder(self, device_id: str) -> Path:
        _, address = split_device_id(device_id)
        folder = Path(address)
        if not address or not folder.is_dir():
            raise ScanError(
                f"Không thấy thư mục quét {address!r}. Kiểm tra đường dẫn và quyền truy cập.",
                english=f"Scan folder {address!r} not found.",
            )
        return folder

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageSink,
        cancelled: Cancelled,
    ) -> int:
        folder = self._folder(device_id)
        (folder / TAKEN).mkdir(exist_ok=True)
        seen: dict[str, tuple[int, int, float]] = {}  # name -> (size, mtime_ns, stable since)
        count = 0
        self.rejected: list[str] = []
        started = last_taken = time.monotonic()
        while not cancelled():
            if settings.pages is not None and count >= settings.pages:
                break
            now = time.monotonic()
            for path in self._candidates(folder):
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    continue
                key = (stat.st_size, stat.st_mtime_ns)
                before = seen.get(path.name)
                if before is None or before[:2] != key:
                    seen[path.name] = (*key, now)  # new, or still growing
                    continue
                if stat.st_size == 0 or now - before[2] < self.settle_seconds:
                    continue
                count = self._take(path, folder, settings, on_page, count)
                seen.pop(path.name, None)
                last_taken = time.monotonic()
                if settings.pages is not None and count >= settings.pages:
                    break
            if count and settings.pages is None and now - last_taken > self.idle_seconds:
                break
            if not count and now - started > self.first_file_seconds:
                raise ScanError(
                    f"Chưa có tệp nào trong thư mục quét {folder} sau "
                    f"{self.first_file_seconds:.0f} giây. Kiểm tra máy quét đã gửi vào đúng "
                    "thư mục.",
                    english="No file arrived in the scan folder.",
                )
            time.sleep(self.poll_seconds)
        if self.rejected:
            raise ScanError(
                f"{len(self.rejected)} tệp trong thư mục quét không đọc được (hỏng hoặc không "
                f"phải ảnh/PDF): {', '.join(self.rejected)}. Đã chuyển vào {REJECTED}; đã giữ "
                f"{count} trang đọc được.",
                english=f"{len(self.rejected)} files in the scan folder were unreadable.",
            )
        return count

    def _candidates(self, folder: Path) -> list[Path]:
        files = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.name.endswith((".tmp", ".part", "~")):
                    continue
                if entry.is_file():
                    files.append((entry.stat().st_mtime_ns, entry.name))
        return [folder / name for _, name in sorted(files)]

    def _take(self, path: Path, folder: Path, settings, on_page, count: int) -> int:
        try:
            pages = list(file_pages(path, settings))
        except ScanError as exc:
            (folder / REJECTED).mkdir(exist_ok=True)
            os.replace(path, _free_name(folder / REJECTED, path.name))
            log.warning("scan folder: a file was rejected (%s)", exc.english)
            self.rejected.append(path.name)
            return count
        for data, mime, dpi in pages:
            on_page(RawPage(count, data, mime, dpi))
            count += 1
        os.replace(path, _free_name(folder / TAKEN, path.name))
        return count


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    n = 1
    while target.exists():
        target = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
        n += 1
    return target
