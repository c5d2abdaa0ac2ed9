"""The image operations behind the page pipeline (Pillow + numpy, no Qt, no I/O).

Everything is measured on a small copy of the page (about 100 dpi); only the final transform
(one crop, or one rotate + crop) and the encode touch the full-resolution pixels.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from kiosk.errors import InvalidInput

ANALYSIS_DPI = 100  # the small copy every measurement is made on
THUMB_WIDTH = 160
JPEG_QUALITY = 80
DESKEW_MIN_DEGREES = 0.5  # below this a page is left as it is (0.2° is noise, 2° is crooked)
MAX_SKEW_DEGREES = 8.0  # the search range; a page fed worse than this is rescanned
BORDER_CONTRAST = 40  # grey levels between the scanner bed and the paper
INK_BELOW_PAPER = 45  # a pixel this much darker than the paper is ink (pencil included)
BLANK_INK_FRACTION = 2e-5  # inked share of the page below which it is blank (dust, noise)
BLANK_MARGIN = 0.06  # edges ignored by the blank test (shadows, punch holes)
MAX_PIXELS = 80_000_000  # A3 at 600 dpi is 70 Mpx
MIN_SIDE = 100


@dataclass(frozen=True)
class Result:
    data: bytes
    mime: str
    width: int
    height: int
    blank: bool
    skew_degrees: float
    deskewed: bool
    crop_box: tuple[int, int, int, int]
    thumbnail_png: bytes


def _unreadable() -> InvalidInput:
    return InvalidInput(
        "Không đọc được ảnh trang quét (tệp hỏng hoặc không phải định dạng ảnh).",
        english="The scanned page is not a readable image (damaged or not an image format).",
    )


def decode(data: bytes) -> Image.Image:
    """The first frame of ``data`` as an "L" or "RGB" image; InvalidInput if unusable."""
    if not isinstance(data, (bytes, bytearray, memoryview)) or not data:
        raise _unreadable()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(bytes(data)))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise InvalidInput(
                    f"Ảnh trang quét quá lớn ({width}×{height} điểm ảnh).",
                    english=f"The scanned page is too large ({width}×{height} pixels).",
                )
            if min(width, height) < MIN_SIDE:
                raise InvalidInput(
                    f"Ảnh trang quét quá nhỏ ({width}×{height} điểm ảnh).",
                    english=f"The scanned page is too small ({width}×{height} pixels).",
                )
            image.load()
            image = ImageOps.exif_transpose(image)
            return _plain_mode(image)
    except InvalidInput:
        raise
    except Exception:  # noqa: BLE001 (any decoder failure on untrusted bytes is "unreadable")
        raise _unreadable() from None


def _plain_mode(image: Image.Image) -> Image.Image:
    mode = image.mode
    if mode in ("L", "RGB"):
        return image
    if mode == "1":
        return image.convert("L")
    if mode.startswith("I") or mode == "F":
        values = np.asarray(image, dtype=np.float32)
        top = float(values.max()) if values.size else 0.0
        scale = 255.0 / top if top > 255 else 1.0
        return Image.fromarray(np.clip(values * scale, 0, 255).astype(np.uint8), "L")
    if mode in ("LA", "La", "PA", "RGBA", "RGBa") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        flat.alpha_composite(rgba)
        return flat.convert("L" if mode in ("LA", "La") else "RGB")
    if mode == "P":
        return image.convert("RGB")
    return image.convert("RGB")


_TRANSPOSE = {  # the officer's rotation is clockwise
    90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_90,
}


def run(image: Image.Image, *, profile: str, dpi: int, rotation: int) -> Result:
    """The whole pipeline on a decoded page (see kiosk.scanning.pipeline)."""
    if rotation:
        image = image.transpose(_TRANSPOSE[rotation])
    if profile == "gray" and image.mode != "L":
        image = image.convert("L")
    factor = max(1, round(dpi / ANALYSIS_DPI))
    small = image.reduce(factor) if factor > 1 else image.copy()
    small_gray = small if small.mode == "L" else small.convert("L")
    pixels = np.asarray(small_gray)
    paper, background = _levels(pixels)
    bordered = abs(background - paper) >= BORDER_CONTRAST
    box = _paper_box(pixels, paper, background) if bordered else None
    skew = _measure_skew(pixels, paper, box)
    deskewed = abs(skew) >= DESKEW_MIN_DEGREES
    fill = int(round(background if bordered else paper))
    if deskewed:
        small_gray = small_gray.rotate(
            -skew, Image.Resampling.BILINEAR, expand=True, fillcolor=fill
        )
        if small.mode != "L":
            small = small.rotate(
                -skew, Image.Resampling.BILINEAR, expand=True, fillcolor=(fill,) * 3
            )
        else:
            small = small_gray
        pixels = np.asarray(small_gray)
        box = _paper_box(pixels, paper, background) if bordered else None
        image = image.rotate(
            -skew,
            Image.Resampling.BILINEAR,
            expand=True,
            fillcolor=fill if image.mode == "L" else (fill,) * 3,
        )
    small_box = box or (0, 0, pixels.shape[1], pixels.shape[0])
    crop_box = _scaled_box(small_box, factor, image.size) if box else (0, 0, *image.size)
    page = image.crop(crop_box) if box else image
    left, top, right, bottom = small_box
    small_page = pixels[top:bottom, left:right]
    blank = _is_blank(small_page, paper)
    data, mime = _encode(page, profile, dpi, small_page, paper)
    thumb_source = small.crop(small_box) if box else small
    return Result(
        data=data,
        mime=mime,
        width=page.width,
        height=page.height,
        blank=blank,
        skew_degrees=round(skew, 2),
        deskewed=deskewed,
        crop_box=crop_box,
        thumbnail_png=_thumbnail(thumb_source),
    )


def _levels(pixels: np.ndarray) -> tuple[float, float]:
    """(paper, background) grey levels: the median of the middle and of a thin outer frame."""
    h, w = pixels.shape
    middle = pixels[h // 4 : h - h // 4, w // 4 : w - w // 4]
    paper = float(np.median(middle)) if middle.size else float(np.median(pixels))
    edge = max(2, min(h, w) // 100)
    frame = np.concatenate(
        [
            pixels[:edge].ravel(),
            pixels[-edge:].ravel(),
            pixels[:, :edge].ravel(),
            pixels[:, -edge:].ravel(),
        ]
    )
    return paper, float(np.median(frame))


def _paper_box(
    pixels: np.ndarray, paper: float, background: float
) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the paper on the scanner bed, or None if not found."""
    middle = (paper + background) / 2
    on_paper = pixels > middle if paper > background else pixels < middle
    rows, cols = on_paper.mean(axis=1), on_paper.mean(axis=0)
    if rows.max() <= 0 or cols.max() <= 0:
        return None
    ys = np.flatnonzero(rows >= rows.max() / 2)
    xs = np.flatnonzero(cols >= cols.max() / 2)
    box = (int(xs[0]), int(ys[0]), int(xs[-1]) + 1, int(ys[-1]) + 1)
    h, w = pixels.shape
    if (box[2] - box[0]) * (box[3] - box[1]) < 0.05 * w * h:
        return None
    return box


def _scaled_box(
    box: tuple[int, int, int, int], factor: int, size: tuple[int, int]
) -> tuple[int, int, int, int]:
    width, height = size
    left, top, right, bottom = (v * factor for v in box)
    return (min(left, width - 1), min(top, height - 1), min(right, width), min(bottom, height))


def _ink(pixels: np.ndarray, paper: float) -> np.ndarray:
    return pixels < paper - INK_BELOW_PAPER


def _measure_skew(pixels: np.ndarray, paper: float, box: tuple[int, int, int, int] | None) -> float:
    """Skew in degrees (positive: content turned counter-clockwise), by projection profile."""
    h, w = pixels.shape
    left, top, right, bottom = box or (0, 0, w, h)
    mx, my = (right - left) // 30, (bottom - top) // 30  # keep clear of the paper's edges
    region = pixels[top + my : bottom - my, left + mx : right - mx]
    ys, xs = np.nonzero(_ink(region, paper))
    if ys.size < 200:
        return 0.0
    if ys.size > 60_000:
        pick = np.random.default_rng(0).choice(ys.size, 60_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float32)
    xs = xs.astype(np.float32) - region.shape[1] / 2
    span = region.shape[0] + region.shape[1]

    def sharpness(degrees: float) -> float:
        shifted = ys + xs * math.tan(math.radians(degrees))
        counts = np.bincount((shifted + span).astype(np.int32), minlength=1)
        return float(np.dot(counts, counts))

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.25)
    scores = np.array([sharpness(a) for a in coarse])
    best = int(scores.argmax())
    if scores[best] < 1.3 * float(np.median(scores)):
        return 0.0  # no lines of text to go by (a photo, a drawing)
    fine = np.arange(coarse[best] - 0.25, coarse[best] + 0.25 + 1e-9, 0.025)
    fine_scores = [sharpness(a) for a in fine]
    return float(fine[int(np.argmax(fine_scores))])


def _is_blank(pixels: np.ndarray, paper: float) -> bool:
    h, w = pixels.shape
    my, mx = int(h * BLANK_MARGIN), int(w * BLANK_MARGIN)
    inner = pixels[my : h - my, mx : w - mx]
    if inner.size == 0:
        return True
    ink = _ink(inner, paper)
    # an ink pixel counts only with an inked neighbour: lone specks are dust or noise
    neighbours = np.zeros(ink.shape, dtype=np.uint8)
    neighbours[1:] += ink[:-1]
    neighbours[:-1] += ink[1:]
    neighbours[:, 1:] += ink[:, :-1]
    neighbours[:, :-1] += ink[:, 1:]
    marks = int(np.count_nonzero(ink & (neighbours >= 2)))
    return marks < BLANK_INK_FRACTION * inner.size


def _threshold(small_page: np.ndarray, paper: float) -> int:
    """Ink/paper cut for black-and-white: Otsu's level, kept between ink and paper."""
    hist = np.bincount(small_page.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight))
    between = np.nan_to_num(between)
    otsu = int(between.argmax())
    return int(min(max(otsu, paper - 140), paper - INK_BELOW_PAPER / 2))


def _encode(
    page: Image.Image, profile: str, dpi: int, small_page: np.ndarray, paper: float
) -> tuple[bytes, str]:
    out = io.BytesIO()
    if profile == "bw":
        gray = page if page.mode == "L" else page.convert("L")
        cut = _threshold(small_page, paper)
        lut = [255 if v > cut else 0 for v in range(256)]
        bw = gray.point(lut, "1")
        bw.save(out, "TIFF", compression="group4", dpi=(dpi, dpi), strip_size=2**31 - 1)
        return out.getvalue(), "image/tiff"
    if profile == "color" and page.mode != "RGB":
        page = page.convert("RGB")
    page.save(out, "JPEG", quality=JPEG_QUALITY, dpi=(dpi, dpi))
    return out.getvalue(), "image/jpeg"


def _thumbnail(small: Image.Image) -> bytes:
    width = min(THUMB_WIDTH, small.width)
    height = max(1, round(small.height * width / small.width))
    thumb = small.resize((width, height), Image.Resampling.BOX)
    out = io.BytesIO()
    thumb.save(out, "PNG")
    return out.getvalue()


def ccitt_g4_stream(tiff: bytes) -> tuple[bytes, int, int]:
    """(raw CCITT G4 stream, width, height) of a single-strip G4 TIFF made by this module.

    A PDF embeds the stream as an image XObject with ``/Filter /CCITTFaxDecode`` and
    ``/DecodeParms << /K -1 /Columns width /Rows height /BlackIs1 false >>``, without decoding.
    """
    with Image.open(io.BytesIO(tiff)) as image:
        tags = image.tag_v2
        offsets, counts = tags[273], tags[279]
        if tags.get(259) != 4 or len(offsets) != 1:
            raise InvalidInput(
                "Trang đen trắng không ở dạng CCITT G4 một dải.",
                english="The black-and-white page is not a single-strip CCITT G4 TIFF.",
            )
        start = offsets[0]
        return tiff[start : start + counts[0]], image.width, image.height
