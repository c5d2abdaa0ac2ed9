"""What every scanner backend offers: devices, their options, and a scan that hands over pages.

A device is named by one string, ``<kind>:<address>``, so a technician can type it and the
configuration can store it:

- ``sane:test:0`` (SANE through ``scanimage``; ``sane:`` alone takes the first SANE device),
- ``escl:http://192.168.1.20/eSCL`` (a network scanner speaking eSCL / AirScan),
- ``folder:/srv/scan-inbox`` (a scan-to-folder device drops files there),
- ``file:/home/officer/giay-khai-sinh.pdf`` (import a file: images, PDFs, multi-page TIFFs).

A backend never blocks the caller's thread for long by design, but a driver can still hang:
callers run :meth:`ScanBackend.scan` in the worker process of :mod:`kiosk.scanning.worker`,
which kills a hung driver and keeps the pages already received.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.errors import KioskError

KINDS = ("sane", "escl", "folder", "file")
MODES = ("color", "gray", "lineart")
SOURCES = ("flatbed", "feeder")
MODE_NAMES = {"color": "màu", "gray": "xám", "lineart": "đen trắng"}
SOURCE_NAMES = {"flatbed": "mặt kính", "feeder": "khay nạp giấy"}


class ScanError(KioskError):
    """A scanner could not be found, refused the settings, jammed, hung or crashed."""


@dataclass(frozen=True)
class DeviceInfo:
    id: str  # "<kind>:<address>", what ``scan`` takes
    name: str  # make and model, for people
    kind: str  # "sane" | "escl" | "folder" | "file"


@dataclass(frozen=True)
class ScanSettings:
    mode: str = "gray"  # "color" | "gray" | "lineart"
    dpi: int = 300
    source: str = "flatbed"  # or "feeder"
    pages: int | None = None  # None: until the feeder is empty (one page on the flatbed)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ScanError(
                f"Chế độ màu không hợp lệ: {self.mode!r} (chọn color, gray hoặc lineart).",
                english=f"Invalid colour mode {self.mode!r}.",
            )
        if self.source not in SOURCES:
            raise ScanError(
                f"Nguồn giấy không hợp lệ: {self.source!r} (chọn flatbed hoặc feeder).",
                english=f"Invalid paper source {self.source!r}.",
            )
        if not 50 <= self.dpi <= 1200:
            raise ScanError(
                f"Độ phân giải {self.dpi} dpi nằm ngoài khoảng 50–1200 dpi.",
                english=f"Resolution {self.dpi} dpi is out of range.",
            )
        if self.pages is not None and not 1 <= self.pages <= 1000:
            raise ScanError(
                f"Số trang {self.pages} không hợp lệ (1–1000).",
                english=f"Invalid page count {self.pages}.",
            )

    @property
    def page_limit(self) -> int | None:
        """How many pages to take at most: the flatbed gives one page per scan."""
        if self.source == "flatbed":
            return 1 if self.pages is None else min(self.pages, 1)
        return self.pages


@dataclass(frozen=True)
class RawPage:
    index: int  # 0-based, in the order the device delivered it
    data: bytes  # an encoded image (PNG, TIFF, JPEG, PNM) or a one-page PDF
    mime: str  # "image/png", "image/tiff", "image/jpeg", "image/x-portable-anymap", ...
    dpi: int


PageSink = Callable[[RawPage], None]
Cancelled = Callable[[], bool]


class ScanBackend(Protocol):
    def devices(self) -> list[DeviceInfo]:
        """The devices this backend can reach now (may be empty; never raises for 'none')."""
        ...

    def options(self, device_id: str) -> dict:
        """What the device can do: {"modes": [...], "dpi": [...], "sources": [...], ...}."""
        ...

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageSink,
        cancelled: Cancelled,
    ) -> int:
        """Scan, calling ``on_page`` for each page as it arrives; return the page count.

        Stops early (without error) when ``cancelled()`` turns true; raises :class:`ScanError`
        with a Vietnamese message when the device fails. Pages already handed to ``on_page``
        stay valid whatever happens afterwards.
        """
        ...


def split_device_id(device_id: str) -> tuple[str, str]:
    """``"sane:test:0"`` → ``("sane", "test:0")``; raise ScanError for an unknown kind."""
    kind, _, address = (device_id or "").strip().partition(":")
    if kind not in KINDS:
        raise ScanError(
            f"Không nhận ra thiết bị quét {device_id!r}. Dùng dạng sane:TÊN, "
            "escl:http://ĐỊA-CHỈ/eSCL, folder:THƯ-MỤC hoặc file:TỆP.",
            english=f"Unknown scanner device {device_id!r}.",
        )
    return kind, address


def backend_for(device_id: str) -> ScanBackend:
    """The backend that serves ``device_id`` (imported lazily: each pulls its own libraries)."""
    kind, _ = split_device_id(device_id)
    if kind == "sane":
        from kiosk.scanning.backends.sane import SaneBackend

        return SaneBackend()
    if kind == "escl":
        from kiosk.scanning.backends.escl import EsclBackend

        return EsclBackend()
    if kind == "folder":
        from kiosk.scanning.backends.folder import FolderBackend

        return FolderBackend()
    from kiosk.scanning.backends.files import FileBackend

    return FileBackend()


EXTENSIONS = {
    "image/png": ".png",
    "image/tiff": ".tif",
    "image/jpeg": ".jpg",
    "image/x-portable-anymap": ".pnm",
    "image/x-portable-graymap": ".pgm",
    "image/x-portable-pixmap": ".ppm",
    "image/x-portable-bitmap": ".pbm",
    "application/pdf": ".pdf",
}


def extension_for(mime: str) -> str:
    return EXTENSIONS.get(mime, ".bin")


def available_devices(
    escl_urls: list[str] | tuple[str, ...] = (),
    folders: list[str] | tuple[str, ...] = (),
    *,
    discover_seconds: float | None = 2.0,
) -> list[DeviceInfo]:
    """Every scanner reachable now: SANE's (``scanimage -L``, which includes sane-airscan's
    network scanners when it is installed), the configured eSCL roots that answer, the eSCL
    scanners that announce themselves on the local network by mDNS (listened to for
    ``discover_seconds``, alongside the SANE listing; None: not at all), and the configured
    scan folders that exist. Slow (it asks drivers and the network): call it from a worker
    thread, never the UI thread."""
    import threading

    from kiosk.scanning.backends.escl import EsclBackend
    from kiosk.scanning.backends.folder import FolderBackend
    from kiosk.scanning.backends.sane import SaneBackend
    from kiosk.scanning.discovery import discover_escl

    discovered: list[DeviceInfo] = []
    listener = None
    if discover_seconds is not None:
        listener = threading.Thread(
            target=lambda: discovered.extend(discover_escl(discover_seconds)),
            name="escl-discovery",
            daemon=True,
        )
        listener.start()
    found = SaneBackend().devices() + EsclBackend(list(escl_urls)).devices()
    if listener is not None:
        listener.join()
    known = {device.id.rstrip("/") for device in found}
    found += [device for device in discovered if device.id.rstrip("/") not in known]
    return found + FolderBackend(list(folders)).devices()
