"""File import as a scan source: an image, a multi-page TIFF or a PDF becomes pages.

``file:/path/to/giay.pdf`` hands over one page per image frame or PDF page, in order. Image
files that are one frame pass through as they are (their own bytes and type); frames of a
multi-page TIFF are re-encoded as PNG (fast setting). PDF pages are rendered with Poppler's
``pdftoppm`` at the requested resolution and colour mode. Reading and checking the file is
:mod:`kiosk.file_import`'s, the same as the dossier's "import a file" button.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kiosk.errors import InvalidInput
from kiosk.scanning.device import (
    Cancelled,
    DeviceInfo,
    PageSink,
    RawPage,
    ScanError,
    ScanSettings,
    split_device_id,
)

FORMAT_MIME = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "TIFF": "image/tiff",
    "PPM": "image/x-portable-anymap",
}
PDFTOPPM_MODE = {"color": [], "gray": ["-gray"], "lineart": ["-mono"]}


def file_pages(path: Path, settings: ScanSettings) -> Iterator[tuple[bytes, str, int]]:
    """(data, mime, dpi) for each page of ``path``; ScanError if the file is unusable."""
    from kiosk.file_import import image_frames, pdf_page_count, read_checked

    path = Path(path)
    try:
        data = read_checked(path)
        if data.startswith(b"%PDF"):
            pdf_page_count(data, path.name)
            yield from _pdf_pages(path, settings)
            return
        image, frames = image_frames(data, path.name, mode=None)
    except InvalidInput as exc:
        raise ScanError(exc.message, english=exc.english) from None
    dpi = int(round(float((image.info.get("dpi") or (settings.dpi,))[0]))) or settings.dpi
    if len(frames) == 1 and image.format in FORMAT_MIME:
        yield data, FORMAT_MIME[image.format], dpi
        return
    for frame in frames:
        out = io.BytesIO()
        frame.save(out, "PNG", compress_level=1, dpi=(dpi, dpi))
        yield out.getvalue(), "image/png", dpi


def _pdf_pages(path: Path, settings: ScanSettings) -> Iterator[tuple[bytes, str, int]]:
    if shutil.which("pdftoppm") is None:
        raise ScanError(
            "Chưa cài Poppler (pdftoppm) nên không tách được trang PDF; cài gói poppler-utils.",
            english="Poppler (pdftoppm) is not installed.",
        )
    with tempfile.TemporaryDirectory(prefix="kiosk-pdf-") as tmp:
        done = subprocess.run(
            ["pdftoppm", "-r", str(settings.dpi), *PDFTOPPM_MODE[settings.mode], "-png"]
            + [str(path), f"{tmp}/p"],
            capture_output=True,
            timeout=600,
        )
        pages = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if done.returncode != 0 or not pages:
            raise ScanError(
                f"Không đọc được các trang của tệp PDF {path.name} (tệp có thể bị hỏng).",
                english=f"Cannot render the pages of {path.name}.",
            )
        for page in pages:
            yield page.read_bytes(), "image/png", settings.dpi


class FileBackend:
    def devices(self) -> list[DeviceInfo]:
        return []  # a file is named, not discovered

    def options(self, device_id: str) -> dict:
        return {"modes": ["color", "gray", "lineart"], "dpi": [150, 200, 300], "sources": []}

    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageSink,
        cancelled: Cancelled,
    ) -> int:
        _, address = split_device_id(device_id)
        if not address:
            raise ScanError("Chưa chọn tệp.", english="No file given.")
        count = 0
        for data, mime, dpi in file_pages(Path(address), settings):
            if cancelled() or (settings.pages is not None and count >= settings.pages):
                break
            on_page(RawPage(count, data, mime, dpi))
            count += 1
        return count
