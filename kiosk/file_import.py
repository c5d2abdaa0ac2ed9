"""Turning a file the officer picks (image or PDF) into the PDF kept for a dossier item.

Until the scanner step lands, digitisation at the counter can import a photo or a PDF made
elsewhere. Images become one PDF page per frame (multi-page TIFFs included); a corrupt file is
refused.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from kiosk.errors import InvalidInput

MAX_BYTES = 50 * 1024 * 1024
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def file_to_pdf(path: Path) -> tuple[bytes, int]:
    """Read ``path`` and return (PDF bytes, number of pages); raise InvalidInput if unusable."""
    path = Path(path)
    data = read_checked(path)
    if data.startswith(b"%PDF"):
        return data, pdf_page_count(data, path.name)
    return _image_to_pdf(data, path.name)


def read_checked(path: Path) -> bytes:
    """The bytes of ``path``; InvalidInput if it is too large or unreadable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput(
                f"Tệp {path.name} quá lớn ({size // 2**20} MB; tối đa 50 MB).",
                english=f"{path.name} is too large.",
            )
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"Không đọc được tệp {path.name}: {exc.strerror}.", english=f"Cannot read {path.name}."
        ) from None


def pdf_page_count(data: bytes, name: str) -> int:
    """Pages of a PDF; InvalidInput if it is damaged or has none."""
    pages = len(_PAGE.findall(data))
    if pages == 0 or b"%%EOF" not in data[-2048:]:
        raise InvalidInput(
            f"Tệp PDF {name} bị hỏng hoặc không có trang nào.",
            english=f"The PDF {name} is damaged or empty.",
        )
    return pages


def image_frames(data: bytes, name: str, mode: str | None = "RGB"):
    """(image, frames): every frame of an image file (multi-page TIFFs too), converted to
    ``mode`` unless it is None; InvalidInput if the file is not a readable image."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        frames = [
            frame.convert(mode) if mode else frame.copy() for frame in ImageSequence.Iterator(image)
        ]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput(
            f"Tệp {name} không phải ảnh hoặc PDF đọc được (có thể bị hỏng).",
            english=f"{name} is not a readable image or PDF.",
        ) from None
    return image, frames


def _image_to_pdf(data: bytes, name: str) -> tuple[bytes, int]:
    image, frames = image_frames(data, name)
    out = io.BytesIO()
    dpi = image.info.get("dpi", (200, 200))
    frames[0].save(
        out, "PDF", save_all=True, append_images=frames[1:], resolution=float(dpi[0] or 200)
    )
    return out.getvalue(), len(frames)
