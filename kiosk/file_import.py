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
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput(
                f"Tệp {path.name} quá lớn ({size // 2**20} MB; tối đa 50 MB).",
                english=f"{path.name} is too large.",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            f"Không đọc được tệp {path.name}: {exc.strerror}.", english=f"Cannot read {path.name}."
        ) from None
    if data.startswith(b"%PDF"):
        pages = len(_PAGE.findall(data))
        if pages == 0 or b"%%EOF" not in data[-2048:]:
            raise InvalidInput(
                f"Tệp PDF {path.name} bị hỏng hoặc không có trang nào.",
                english=f"The PDF {path.name} is damaged or empty.",
            )
        return data, pages
    return _image_to_pdf(data, path.name)


def _image_to_pdf(data: bytes, name: str) -> tuple[bytes, int]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput(
            f"Tệp {name} không phải ảnh hoặc PDF đọc được (có thể bị hỏng).",
            english=f"{name} is not a readable image or PDF.",
        ) from None
    out = io.BytesIO()
    dpi = image.info.get("dpi", (200, 200))
    frames[0].save(
        out, "PDF", save_all=True, append_images=frames[1:], resolution=float(dpi[0] or 200)
    )
    return out.getvalue(), len(frames)
