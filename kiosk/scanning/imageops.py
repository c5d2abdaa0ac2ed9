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


def _too_large(size: tuple[int, int] | None = None) -> InvalidInput:
    pixels = f" ({size[0]}×{size[1]} điểm ảnh)" if size else ""
    return InvalidInput(
        f"Ảnh trang quét quá lớn{pixels}; hãy quét ở độ phân giải thấp hơn.",
        english="The scanned page is too large; scan at a lower resolution.",
    )


def decode(data: bytes, *, gray: bool = False) -> Image.Image:
    """The first frame of ``data`` as an "L" or "RGB" image; InvalidInput if unusable.

    ``gray``: the caller wants grey only; a colour JPEG is then decoded straight to grey.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)) or not data:
        raise _unreadable()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a scanner's odd EXIF or TIFF tags are its own
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(bytes(data)))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_large((width, height))
            if min(width, height) < MIN_SIDE:
                raise InvalidInput(
                    f"Ảnh trang quét quá nhỏ ({width}×{height} điểm ảnh).",
                    english=f"The scanned page is too small ({width}×{height} pixels).",
                )
            if gray and image.format == "JPEG" and image.mode in ("RGB", "YCbCr"):
                image.draft("L", None)
            image.load()
            image = ImageOps.exif_transpose(image)
            return _plain_mode(image)
    except InvalidInput:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
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
    if profile != "color" and image.mode != "L":
        image = image.convert("L")
    factor = max(1, round(dpi / ANALYSIS_DPI))
    small = image.reduce(factor) if factor > 1 else image
    pixels = _gray_pixels(small)
    paper, background = _levels(pixels)
    bordered = abs(background - paper) >= BORDER_CONTRAST
    box = _paper_box(pixels, paper, background) if bordered else None
    skew = _measure_skew(pixels, paper, box) + 0.0  # no -0.0
    deskewed = abs(skew) >= DESKEW_MIN_DEGREES
    fill = round(background if bordered else paper)
    frame = image.size
    if deskewed:  # the small copy is turned (smoothly) to find the paper again
        matrix, size = _rotation(small.size, -skew)
        small = small.transform(
            size, Image.Transform.AFFINE, matrix, Image.Resampling.BILINEAR, fillcolor=fill
        )
        pixels = _gray_pixels(small)
        box = _paper_box(pixels, paper, background) if bordered else None
        frame = _rotation(image.size, -skew)[1]
    small_box = box or (0, 0, pixels.shape[1], pixels.shape[0])
    crop_box = _scaled_box(box, factor, frame) if box else (0, 0, *frame)
    if deskewed:  # one pass over the full pixels: turn and crop together
        matrix = _rotation(image.size, -skew)[0]
        left, top = crop_box[:2]
        matrix[2] += matrix[0] * left + matrix[1] * top
        matrix[5] += matrix[3] * left + matrix[4] * top
        page = image.transform(
            (crop_box[2] - left, crop_box[3] - top),
            Image.Transform.AFFINE,
            matrix,
            Image.Resampling.NEAREST,
            fillcolor=fill,
        )
    else:
        page = image.crop(crop_box) if box else image
    if box:  # the box was found on the small copy: settle its edges to the full pixel
        page, crop_box = _trim(page, crop_box, paper, background, 2 * factor)
    left, top, right, bottom = small_box
    small_page = pixels[top:bottom, left:right]
    noise = _noise(page)
    data, mime = _encode(page, profile, dpi, small_page, paper, noise)
    thumb = small.crop(small_box) if box else small
    if profile != "bw":
        thumb = thumb.point(_whitening(paper, noise) * len(thumb.getbands()))
    return Result(
        data=data,
        mime=mime,
        width=page.width,
        height=page.height,
        blank=_is_blank(small_page, paper),
        skew_degrees=round(skew, 2) + 0.0,
        deskewed=deskewed,
        crop_box=crop_box,
        thumbnail_png=_thumbnail(thumb),
    )


def _gray_pixels(image: Image.Image) -> np.ndarray:
    return np.asarray(image if image.mode == "L" else image.convert("L"))


def _rotation(size: tuple[int, int], degrees: float) -> tuple[list[float], tuple[int, int]]:
    """Pillow's ``rotate(degrees, expand=True)``: (output-to-input affine matrix, output size)."""
    w, h = size
    angle = -math.radians(degrees)
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = w / 2, h / 2
    matrix = [cos, sin, cx - cos * cx - sin * cy, -sin, cos, cy + sin * cx - cos * cy]
    corners = [(0, 0), (w, 0), (w, h), (0, h)]
    xs = [matrix[0] * x + matrix[1] * y + matrix[2] for x, y in corners]
    ys = [matrix[3] * x + matrix[4] * y + matrix[5] for x, y in corners]
    nw = math.ceil(max(xs)) - math.floor(min(xs))
    nh = math.ceil(max(ys)) - math.floor(min(ys))
    dx, dy = -(nw - w) / 2, -(nh - h) / 2
    matrix[2], matrix[5] = (
        matrix[0] * dx + matrix[1] * dy + matrix[2],
        matrix[3] * dx + matrix[4] * dy + matrix[5],
    )
    return matrix, (nw, nh)


def _noise(page: Image.Image) -> float:
    """Sensor noise (grey levels, one sigma) of the paper, from a patch in the page's middle."""
    w, h = page.size
    side = min(256, w // 2, h // 2)
    patch = page.crop(
        (w // 2 - side // 2, h // 2 - side // 2, w // 2 + side // 2, h // 2 + side // 2)
    )
    values = _gray_pixels(patch).astype(np.float32)
    if values.size == 0:
        return 0.0
    level = np.median(values)
    return float(1.4826 * np.median(np.abs(values - level)))


def _whitening(paper: float, noise: float) -> list[int]:
    """Grey-level table that turns the paper (and its sensor noise) white and keeps the ink:
    what a scanner's background removal does. Text keeps its contrast; JPEG stops spending bytes
    on noise."""
    white = max(64.0, paper - max(4.0, 2.5 * noise))
    return [min(255, round(v * 255 / white)) for v in range(256)]


def _levels(pixels: np.ndarray) -> tuple[float, float]:
    """(paper, background) grey levels: the median of a thin outer frame is the background;
    the paper is the median of the middle, or, when the middle is bed too (a card on a dark
    bed), of everything clearly brighter than the bed."""
    h, w = pixels.shape
    edge = max(2, min(h, w) // 100)
    frame = np.concatenate(
        [
            pixels[:edge].ravel(),
            pixels[-edge:].ravel(),
            pixels[:, :edge].ravel(),
            pixels[:, -edge:].ravel(),
        ]
    )
    background = float(np.median(frame))
    middle = pixels[h // 4 : h - h // 4, w // 4 : w - w // 4]
    paper = float(np.median(middle)) if middle.size else float(np.median(pixels))
    if abs(paper - background) < BORDER_CONTRAST and background < 128:
        brighter = pixels[pixels > background + BORDER_CONTRAST]
        if brighter.size >= 0.02 * pixels.size:
            paper = float(np.median(brighter))
    return paper, background


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


def _trim(
    page: Image.Image,
    box: tuple[int, int, int, int],
    paper: float,
    background: float,
    limit: int,
) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """Cut off up to ``limit`` outer rows and columns of ``page`` that are mostly scanner bed."""
    w, h = page.size
    if min(w, h) <= 4 * limit:
        return page, box
    middle = (paper + background) / 2

    def bed_lines(strip: Image.Image, axis: int, reverse: bool) -> int:
        pixels = _gray_pixels(strip)
        on_paper = (pixels > middle if paper > background else pixels < middle).mean(axis=axis)
        if reverse:
            on_paper = on_paper[::-1]
        paper_lines = np.flatnonzero(on_paper >= 0.5)
        return int(paper_lines[0]) if paper_lines.size else 0

    cut_left = bed_lines(page.crop((0, 0, limit, h)), 0, False)
    cut_right = bed_lines(page.crop((w - limit, 0, w, h)), 0, True)
    cut_top = bed_lines(page.crop((0, 0, w, limit)), 1, False)
    cut_bottom = bed_lines(page.crop((0, h - limit, w, h)), 1, True)
    if not (cut_left or cut_right or cut_top or cut_bottom):
        return page, box
    inner = (cut_left, cut_top, w - cut_right, h - cut_bottom)
    left, top = box[:2]
    return page.crop(inner), (left + inner[0], top + inner[1], left + inner[2], top + inner[3])


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
    if ys.size > 40_000:
        pick = np.random.default_rng(0).choice(ys.size, 40_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float32)
    xs = xs.astype(np.float32) - region.shape[1] / 2
    span = region.shape[0] + region.shape[1]

    def sharpness(degrees: float) -> float:
        shifted = ys + xs * math.tan(math.radians(degrees))
        counts = np.bincount((shifted + span).astype(np.int32), minlength=1)
        return float(np.dot(counts, counts))

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.5)
    scores = np.array([sharpness(a) for a in coarse])
    best = int(scores.argmax())
    if scores[best] < 1.3 * float(np.median(scores)):
        return 0.0  # no lines of text to go by (a photo, a drawing)
    fine = np.arange(coarse[best] - 0.5, coarse[best] + 0.5 + 1e-9, 0.05)
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


def _threshold(small_page: np.ndarray, paper: float, noise: float) -> int:
    """Ink/paper cut for black-and-white: Otsu's level (on the small copy), kept between the
    ink and the paper's noise."""
    hist = np.bincount(small_page.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight))
    otsu = int(np.nan_to_num(between).argmax())
    return int(min(max(otsu, paper - 140), paper - max(INK_BELOW_PAPER / 2, 5 * noise)))


def _encode(
    page: Image.Image, profile: str, dpi: int, small_page: np.ndarray, paper: float, noise: float
) -> tuple[bytes, str]:
    out = io.BytesIO()
    if profile == "bw":
        cut = _threshold(small_page, paper, noise)
        bw = page.point([255 if v > cut else 0 for v in range(256)], "1")
        bw.save(out, "TIFF", compression="group4", dpi=(dpi, dpi), strip_size=2**31 - 1)
        return out.getvalue(), "image/tiff"
    page = page.point(_whitening(paper, noise) * len(page.getbands()))
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
    ``/DecodeParms << /K -1 /Columns width /Rows height /BlackIs1 true >>`` (as Pillow's
    PDF writer does), without decoding it.
    """
    with Image.open(io.BytesIO(tiff)) as image:
        tags = getattr(image, "tag_v2", {})
        offsets, counts = tags.get(273, ()), tags.get(279, ())
        if tags.get(259) != 4 or len(offsets) != 1 or len(counts) != 1:
            raise InvalidInput(
                "Trang đen trắng không ở dạng CCITT G4 một dải.",
                english="The black-and-white page is not a single-strip CCITT G4 TIFF.",
            )
        return tiff[offsets[0] : offsets[0] + counts[0]], image.width, image.height
