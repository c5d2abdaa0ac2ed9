"""The image operations behind the page pipeline (Pillow + numpy, no Qt, no I/O).

Everything is measured on a small copy of the page (about 100 dpi); only the final transform
(one crop, or one rotate + crop) and the encode touch the full-resolution pixels.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageOps

from kiosk.errors import InvalidInput
from kiosk.scanning.pipeline import ProcessedPage

ANALYSIS_DPI = 100  # the small copy every measurement is made on
THUMB_WIDTH = 160
JPEG_QUALITY = 80
DESKEW_MIN_DEGREES = 0.5  # below this a page is left as it is (0.2° is noise, 2° is crooked)
MAX_SKEW_DEGREES = 8.0  # the search range; a page fed worse than this is rescanned
BORDER_CONTRAST = 40  # grey levels between a (dark) scanner bed and the paper
INK_BELOW_PAPER = 45  # a pixel this much darker than the paper is ink (pencil included)
MARK_BELOW_PAPER = 30  # the blank test's mark: pencil counts, bleed-through does not
MARK_MIN_MM = 1.2  # a letter is a mark, a speck of dust is not
BLANK_MARGIN = 0.06  # edges ignored by the blank test (shadows, punch holes)
WHITENING_MIN_PAPER = 160  # paper darker than this is not whitened
MAX_PIXELS = 80_000_000  # A3 at 600 dpi is 70 Mpx
MIN_SIDE = 100


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
            ImageOps.exif_transpose(image, in_place=True)
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


def run(image: Image.Image, *, profile: str, dpi: int, rotation: int) -> ProcessedPage:
    """The whole pipeline on a decoded page (see kiosk.scanning.pipeline)."""
    if rotation:
        image = image.transpose(_TRANSPOSE[rotation])
    if profile != "color" and image.mode != "L":
        image = image.convert("L")
    factor = max(1, round(dpi / ANALYSIS_DPI))
    small = image.reduce(factor) if factor > 1 else image
    pixels = _gray_pixels(small)
    paper, background = _levels(pixels)
    # only a bed darker than the paper is cut off: a light frame round a darker middle may be a
    # white page with a dark picture on it, and cutting that would lose part of the paper
    bordered = paper - background >= BORDER_CONTRAST
    box = _paper_box(pixels, paper, background) if bordered else None
    skew = _measure_skew(pixels, paper, box) + 0.0  # no -0.0
    deskewed = abs(skew) >= DESKEW_MIN_DEGREES
    level = round(background if bordered else paper)  # what the turned corners are filled with
    fill = level if image.mode == "L" else (level,) * 3
    frame = image.size
    if deskewed:  # the small copy is turned (smoothly, in grey) to find the paper again
        matrix, size = _rotation(small.size, -skew)
        grey = small if small.mode == "L" else Image.fromarray(pixels)
        turned = grey.transform(
            size, Image.Transform.AFFINE, matrix, Image.Resampling.BILINEAR, fillcolor=level
        )
        # the colour thumbnail's copy is turned sharply (a third of the time, alike at 160 px)
        small = turned if small.mode == "L" else small.transform(
            size, Image.Transform.AFFINE, matrix, Image.Resampling.NEAREST, fillcolor=fill
        )  # fmt: skip
        pixels = np.asarray(turned)
        box = _paper_box(pixels, paper, background) if bordered else None
        frame = _rotation(image.size, -skew)[1]
    small_box = box or (0, 0, pixels.shape[1], pixels.shape[0])
    crop_box = _scaled_box(box, factor, frame) if box else (0, 0, *frame)
    full_matrix = _rotation(image.size, -skew)[0] if deskewed else None
    # nearest-neighbour is fast and fine under JPEG; a black-and-white page is thresholded after
    # a bilinear turn, which keeps its letters' edges clean (G4 then spends 12-16% fewer bytes)
    resample = Image.Resampling.BILINEAR if profile == "bw" else Image.Resampling.NEAREST

    def shifted(region: tuple[int, int, int, int]) -> tuple[float, ...]:
        """The turn's output-to-input matrix for an output that starts at ``region``."""
        a, b, c, d, e, f = full_matrix
        return (a, b, c + a * region[0] + b * region[1], d, e, f + d * region[0] + e * region[1])

    def render(region: tuple[int, int, int, int]) -> Image.Image:
        """The full-size pixels of ``region`` (a box in the turned frame): one pass."""
        if full_matrix is None:
            return image.crop(region)
        size = (region[2] - region[0], region[3] - region[1])
        return image.transform(
            size, Image.Transform.AFFINE, shifted(region), resample, fillcolor=fill
        )

    if box:  # the box was found on the small copy: settle its edges to the full pixel
        crop_box = _settle(render, crop_box, paper, background, 2 * factor)
    left, top, right, bottom = crop_box
    width, height = right - left, bottom - top

    def part(region: tuple[int, int, int, int]) -> Image.Image:
        """The pixels of ``region``, a box of the kept page."""
        x0, y0, x1, y1 = region
        return render((x0 + left, y0 + top, x1 + left, y1 + top))

    noise = _noise(part, (width, height), paper)
    left, top, right, bottom = small_box
    small_page = pixels[top:bottom, left:right]
    if profile == "bw":
        cut = _threshold(small_page, paper, noise)
        if full_matrix is None:
            page = image.crop(crop_box) if box else image
            bw = page.point([255 if v > cut else 0 for v in range(256)], "1")
        else:  # the bits of a bilinear turn then the threshold, in about half the time
            bw = _turned_bw(np.asarray(image), shifted(crop_box), (width, height), cut, level)
        data, mime = _g4(bw, dpi), "image/tiff"
    else:
        page = render(crop_box) if box or deskewed else image
        data, mime = _jpeg(page, dpi, paper, noise), "image/jpeg"
    thumb = small.crop(small_box) if box else small
    thumb = thumb.point(_whitening(paper, noise) * len(thumb.getbands()))
    return ProcessedPage(
        data=data,
        mime=mime,
        width=width,
        height=height,
        dpi=dpi,
        profile=profile,
        blank=_is_blank(small_page, paper, dpi / factor),
        skew_degrees=round(skew, 2) + 0.0,
        deskewed=deskewed,
        crop_box=crop_box,
        sha256=hashlib.sha256(data).hexdigest(),
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


def _noise(
    part: Callable[[tuple[int, int, int, int]], Image.Image], size: tuple[int, int], paper: float
) -> float:
    """Sensor noise (grey levels, one sigma) of the paper: the spread of the pixels near the
    paper's level in five patches of the full-size page (``part`` gives a box of it)."""
    w, h = size
    side = min(128, w // 4, h // 4)
    patches = [
        _gray_pixels(part((x - side // 2, y - side // 2, x + side // 2, y + side // 2)))
        for x, y in ((w // 2, h // 2), (w // 4, h // 4), (3 * w // 4, h // 4),
                     (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4))
    ]  # fmt: skip
    return _spread_near(np.concatenate([p.ravel() for p in patches]), paper)


def _spread_near(values: np.ndarray, paper: float) -> float:
    """The noise (one sigma, robust) of the ``values`` near the paper's level; ink, pictures and
    bed are left out, however much of the page they cover. 0 with too few to judge."""
    values = values.ravel().astype(np.float32)
    near = values[np.abs(values - paper) < 25]
    if near.size < 100:
        return 0.0
    return min(10.0, float(1.4826 * np.median(np.abs(near - np.median(near)))))


def _whitening(paper: float, noise: float) -> list[int]:
    """Grey-level table that turns the paper (and its sensor noise) white and keeps the ink:
    what a scanner's background removal does. Text keeps its contrast; JPEG stops spending bytes
    on noise. A page with no light paper to speak of (a dark photo) is left as it is."""
    if paper < WHITENING_MIN_PAPER:
        return list(range(256))
    white = paper - max(4.0, 2.5 * noise)
    return [min(255, round(v * 255 / white)) for v in range(256)]


def _levels(pixels: np.ndarray) -> tuple[float, float]:
    """(paper, background) grey levels. The background is the median of a thin outer frame.
    The paper is the 90th percentile, bright enough whether text, a dark picture or a strip of
    bed covers the rest; when even that is bed (a card on a dark bed), the median of everything
    clearly brighter than the bed."""
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
    counts = np.cumsum(np.bincount(pixels.ravel(), minlength=256))
    paper = float(np.searchsorted(counts, 0.9 * counts[-1]))  # the 90th percentile
    if paper - background < BORDER_CONTRAST and background < 128:
        brighter = pixels[pixels > background + BORDER_CONTRAST]
        if brighter.size >= 0.02 * pixels.size:
            paper = float(np.median(brighter))
    return paper, background


def _paper_box(
    pixels: np.ndarray, paper: float, background: float
) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the paper on the scanner bed, or None if not found."""
    middle = (paper + background) / 2
    on_paper = pixels > middle
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


def _settle(
    render: Callable[[tuple[int, int, int, int]], Image.Image],
    box: tuple[int, int, int, int],
    paper: float,
    background: float,
    limit: int,
) -> tuple[int, int, int, int]:
    """``box`` less up to ``limit`` outer rows and columns that are mostly scanner bed, judged
    on full-size strips along its four edges."""
    left, top, right, bottom = box
    if min(right - left, bottom - top) <= 4 * limit:
        return box
    middle = (paper + background) / 2

    def bed_lines(strip: tuple[int, int, int, int], axis: int, reverse: bool) -> int:
        pixels = _gray_pixels(render(strip))
        on_paper = (pixels > middle).mean(axis=axis)
        paper_lines = np.flatnonzero((on_paper[::-1] if reverse else on_paper) >= 0.5)
        return int(paper_lines[0]) if paper_lines.size else 0

    return (
        left + bed_lines((left, top, left + limit, bottom), 0, False),
        top + bed_lines((left, top, right, top + limit), 1, False),
        right - bed_lines((right - limit, top, right, bottom), 0, True),
        bottom - bed_lines((left, bottom - limit, right, bottom), 1, True),
    )


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


def _is_blank(pixels: np.ndarray, paper: float, dpi: float) -> bool:
    """No mark on the page, its edges aside. A mark is a connected patch darker than the paper
    by more than faint bleed-through and the sensor noise, at least MARK_MIN_MM across: a letter,
    a pencil stroke; not a speck of dust."""
    h, w = pixels.shape
    my, mx = int(h * BLANK_MARGIN), int(w * BLANK_MARGIN)
    inner = pixels[my : h - my, mx : w - mx]
    if inner.size == 0:
        return True
    noise = _spread_near(inner[::4, ::4], paper)
    ys, xs = np.nonzero(inner < paper - max(MARK_BELOW_PAPER, 6 * noise))
    if ys.size > 5000:  # some square centimetres of ink: written, no need to look closer
        return False
    return _largest_patch(ys, xs) < MARK_MIN_MM / 25.4 * dpi


def _largest_patch(ys: np.ndarray, xs: np.ndarray) -> int:
    """The largest extent (width or height, in pixels) of the 8-connected patches of points."""
    todo = set(zip(ys.tolist(), xs.tolist(), strict=True))
    largest = 0
    while todo:
        stack = [todo.pop()]
        top = bottom = stack[0][0]
        left = right = stack[0][1]
        while stack:
            y, x = stack.pop()
            top, bottom, left, right = min(top, y), max(bottom, y), min(left, x), max(right, x)
            for near in (
                (y - 1, x - 1), (y - 1, x), (y - 1, x + 1), (y, x - 1),
                (y, x + 1), (y + 1, x - 1), (y + 1, x), (y + 1, x + 1),
            ):  # fmt: skip
                if near in todo:
                    todo.remove(near)
                    stack.append(near)
        largest = max(largest, bottom - top + 1, right - left + 1)
    return largest


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


def _turned_bw(
    pixels: np.ndarray, matrix: tuple[float, ...], size: tuple[int, int], cut: int, fill: int
) -> Image.Image:
    """The 1-bit page ``Image.transform(size, AFFINE, matrix, BILINEAR, fillcolor=fill)``
    thresholded at ``cut`` (white above) would give, without interpolating every pixel: where
    the four source pixels round a point are all ink or all paper, the answer is theirs; one
    nearest-neighbour pass of that verdict settles most of the page, and only the points on a
    letter's edge are interpolated (with numpy, as Pillow does: edge pixels repeated, the
    value truncated)."""
    w = pixels.shape[1]
    padded = np.pad(pixels, 1, mode="edge")  # block anchors run from -1 to the last pixel
    paper = padded > cut
    across_all, across_some = paper[:, :-1] & paper[:, 1:], paper[:, :-1] | paper[:, 1:]
    all_paper, some_paper = across_all[:-1] & across_all[1:], across_some[:-1] | across_some[1:]
    verdict = some_paper.view(np.uint8)  # 0 ink, 1 undecided, 2 paper
    verdict += all_paper.view(np.uint8)
    a, b, c, d, e, f = matrix
    # the anchor (top-left of the four) of a point at x is floor(x - 0.5), +1 for the padding
    decided = Image.fromarray(verdict).transform(
        size,
        Image.Transform.AFFINE,
        (a, b, c + 0.5, d, e, f + 0.5),
        Image.Resampling.NEAREST,
        fillcolor=2 if fill > cut else 0,
    )
    out = np.asarray(decided)
    white = out == 2
    undecided = np.flatnonzero(out == 1)
    if undecided.size:
        ys, xs = np.divmod(undecided, size[0])
        cx, cy = xs + 0.5, ys + 0.5
        x, y = a * cx + b * cy + c - 0.5, d * cx + e * cy + f - 0.5
        x0, y0 = np.floor(x), np.floor(y)
        dx, dy = x - x0, y - y0
        flat, stride = padded.ravel(), w + 2
        at = (y0.astype(np.int64) + 1) * stride + x0.astype(np.int64) + 1
        at = np.clip(at, 0, flat.size - stride - 2)
        top_left, top_right = flat[at].astype(np.float64), flat[at + 1]
        low_left, low_right = flat[at + stride].astype(np.float64), flat[at + stride + 1]
        upper = top_left + (top_right - top_left) * dx
        lower = low_left + (low_right - low_left) * dx
        white.ravel()[undecided] = np.floor(upper + (lower - upper) * dy) > cut
    return Image.fromarray(white)


def _g4(bw: Image.Image, dpi: int) -> bytes:
    out = io.BytesIO()
    bw.save(out, "TIFF", compression="group4", dpi=(dpi, dpi), strip_size=2**31 - 1)
    return out.getvalue()


def _jpeg(page: Image.Image, dpi: int, paper: float, noise: float) -> bytes:
    out = io.BytesIO()
    page = page.point(_whitening(paper, noise) * len(page.getbands()))
    page.save(out, "JPEG", quality=JPEG_QUALITY, dpi=(dpi, dpi))
    return out.getvalue()


def _thumbnail(small: Image.Image) -> bytes:
    width = min(THUMB_WIDTH, small.width)
    height = max(1, round(small.height * width / small.width))
    thumb = small.resize((width, height), Image.Resampling.BOX)
    out = io.BytesIO()
    thumb.save(out, "PNG")
    return out.getvalue()
