"""The page pipeline: one scanned image in, one page ready for the sealed PDF out.

``process_page`` is a pure, picklable module-level function meant for the process pool
(``ui/tasks.run_in_process``; bind the keyword options with ``functools.partial``). It decodes the
bytes a scanner or a file gave, applies the officer's rotation, crops to the paper, straightens a
page fed crooked (only above a small angle), flags a blank page (never drops it), encodes the page
for the chosen profile and makes a thumbnail. The image operations are in
``kiosk.scanning.imageops``; what they decide:

- crop: only a scanner bed *darker* than the paper is cut off (a light frame round a dark middle
  may be a white page with a picture on it, so it is kept whole);
- deskew: the skew is measured (projection profile, ±8°, on the small copy) and corrected from
  0.5° up, by one turn of the full pixels combined with the crop: nearest-neighbour for JPEG
  (fast, smooth enough at 200 dpi and more), bilinear for black-and-white (clean letter edges
  after the threshold, a smaller G4 page; only the pixels on a letter's edge are interpolated,
  the rest is settled by one nearest-neighbour pass, see ``imageops._turned_bw``);
- blank: no connected mark ≥ 1.2 mm darker than the paper by more than show-through and the
  sensor noise; dust specks do not count, one short word or a pencil stroke does.

Profiles (all at the scan resolution, at least 200 dpi):

- ``"color"``: RGB, JPEG quality 80 (``image/jpeg``); the paper's tint and noise are turned white
  (a scanner's background removal), the ink keeps its contrast;
- ``"gray"``: 8-bit grey, JPEG quality 80 (``image/jpeg``), paper whitened the same way;
- ``"bw"``: 1-bit, CCITT Group 4 in a single-strip TIFF (``image/tiff``, black-is-zero as Pillow
  writes it); the strip is a G4 stream the sealed PDF embeds as is (``/CCITTFaxDecode``, see
  ``kiosk.scanning.seal``).
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral

from kiosk.errors import InvalidInput

PROFILES = ("color", "gray", "bw")
MIN_DPI, MAX_DPI = 200, 1200


@dataclass(frozen=True)
class ProcessedPage:
    """One page after the pipeline, ready to go into the paper's PDF.

    ``crop_box`` is (left, top, right, bottom) in pixels of the image after the officer's
    rotation and the deskew, i.e. the part of that image kept in ``data``; ``width`` and
    ``height`` are the size of ``data`` in pixels. ``skew_degrees`` is the measured skew
    (positive: the content is turned counter-clockwise), whether or not it was corrected.
    """

    data: bytes
    mime: str
    width: int
    height: int
    dpi: int
    profile: str
    blank: bool
    skew_degrees: float
    deskewed: bool
    crop_box: tuple[int, int, int, int]
    sha256: str
    thumbnail_png: bytes


def process_page(
    data: bytes, *, profile: str = "gray", dpi: int = 300, rotation: int = 0
) -> ProcessedPage:
    """Run the pipeline on one page image; raise InvalidInput if it cannot be read."""
    from kiosk.scanning import imageops

    if profile not in PROFILES:
        raise InvalidInput(
            f"Chế độ quét không hợp lệ: {profile!r} (chọn màu, xám hoặc đen trắng).",
            english=f"Unknown scan profile {profile!r} (color, gray or bw).",
        )
    if isinstance(dpi, bool) or not isinstance(dpi, Integral) or not MIN_DPI <= dpi <= MAX_DPI:
        raise InvalidInput(
            f"Độ phân giải quét phải từ {MIN_DPI} đến {MAX_DPI} dpi.",
            english=f"The scan resolution must be {MIN_DPI} to {MAX_DPI} dpi.",
        )
    if isinstance(rotation, bool) or not isinstance(rotation, Integral) or rotation % 90:
        raise InvalidInput(
            "Góc xoay trang phải là bội số của 90°.",
            english="A page rotation must be a multiple of 90°.",
        )
    image = imageops.decode(data, gray=profile != "color")
    return imageops.run(image, profile=profile, dpi=int(dpi), rotation=int(rotation) % 360)
