"""Generated scanned pages for the pipeline tests and benchmark: A4 paper with lines of text,
turned by a small angle, laid on a darker scanner bed, with sensor noise."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from printing.fonts import SERIF, font_path

A4_MM = (210, 297)
PAPER = (242, 240, 232)  # off-white
BED = (45, 45, 50)  # the scanner lid/bed around the paper
LINE = "Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập, Tự do, Hạnh phúc. Giấy khai sinh số 0123"


def page(
    *,
    dpi: int = 200,
    lines: int = 40,
    angle: float = 0.0,
    border_mm: float = 0.0,
    noise: float = 6.0,
    text: str = LINE,
    color: bool = False,
    seed: int = 0,
) -> Image.Image:
    """An RGB scan of an A4 page: ``lines`` lines of text (0: blank paper), content turned
    ``angle`` degrees counter-clockwise, ``border_mm`` of scanner bed around it."""
    w, h = (round(mm / 25.4 * dpi) for mm in A4_MM)
    paper = Image.new("RGB", (w, h), PAPER)
    draw = ImageDraw.Draw(paper)
    font = ImageFont.truetype(font_path(SERIF), size=round(11 / 72 * dpi))
    margin, step = round(25 / 25.4 * dpi), round(11 / 72 * dpi * 1.6)
    for i in range(lines):
        y = margin + i * step
        if y > h - margin:
            break
        draw.text((margin, y), text, fill=(20, 20, 25), font=font)
    if color:
        r = round(12 / 25.4 * dpi)
        draw.ellipse(
            (w - 3 * margin, margin, w - 3 * margin + 2 * r, margin + 2 * r), (200, 30, 30)
        )
    b = round(border_mm / 25.4 * dpi)
    scan = Image.new("RGB", (w + 2 * b, h + 2 * b), BED)
    if angle:
        mask = Image.new("L", (w, h), 255).rotate(angle, Image.Resampling.BILINEAR, expand=True)
        paper = paper.rotate(angle, Image.Resampling.BILINEAR, expand=True, fillcolor=BED)
        if not b:  # a borderless scan: the scanner frame is straight, the content turned
            paper = paper.crop(
                (
                    (paper.width - w) // 2,
                    (paper.height - h) // 2,
                    (paper.width - w) // 2 + w,
                    (paper.height - h) // 2 + h,
                )
            )
            mask = None
            paper = _refill(paper, PAPER)
        offset = (b - (paper.width - w) // 2, b - (paper.height - h) // 2)
        scan.paste(paper, offset, mask)
    else:
        scan.paste(paper, (b, b))
    if noise:
        pixels = np.asarray(scan, dtype=np.int16)
        rng = np.random.default_rng(seed)
        pixels = pixels + rng.normal(0, noise, pixels.shape[:2])[..., None].astype(np.int16)
        scan = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    return scan


def _refill(image: Image.Image, fill: tuple[int, int, int]) -> Image.Image:
    """Corners the rotation left as bed colour become paper (the paper filled the frame)."""
    pixels = np.asarray(image).copy()
    bed = np.all(pixels == np.array(BED, dtype=np.uint8), axis=-1)
    pixels[bed] = fill
    return Image.fromarray(pixels, "RGB")


def encoded(image: Image.Image, fmt: str = "PPM", **params) -> bytes:
    """The image as a file's bytes; PNM by default, as SANE delivers pages (and quick)."""
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()
