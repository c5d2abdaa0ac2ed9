"""Queue tickets as a 1-bit raster for 80 mm ESC/POS printers (576 dots at 203 dpi).

Vietnamese is drawn on the host with Pillow and Noto Sans and sent as an image: printer code pages
garble stacked diacritics (escpos-php#254), an image prints the same on every model.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from printing.data import QueueTicketData
from printing.fonts import SANS, SANS_BOLD, font_path, nfc

WIDTH_DOTS = 576  # 72 mm printable on 80 mm paper at 203 dpi
MARGIN = 8


@lru_cache(maxsize=32)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_path(name), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in nfc(text).split():
        trial = f"{line} {word}".strip()
        if line and draw.textlength(trial, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + ([line] if line else [])


def ticket_image(data: QueueTicketData, *, width: int = WIDTH_DOTS) -> Image.Image:
    """The ticket as a mode "1" image ``width`` dots wide (black = 0)."""
    blocks = [
        (data.agency_name.upper(), SANS_BOLD, 24),
        ("PHIẾU THỨ TỰ", SANS_BOLD, 34),
        (data.number, SANS_BOLD, 140),
        (data.service, SANS_BOLD, 30),
        (f"Mời đến: {data.counter}" if data.counter else "", SANS, 26),
        (f"Số người đang chờ trước bạn: {data.waiting_ahead}", SANS, 26),
        (f"Lấy số lúc {data.issued_at:%H:%M} ngày {data.issued_at:%d/%m/%Y}", SANS, 22),
        (data.footer, SANS, 22),
    ]
    scratch = ImageDraw.Draw(Image.new("1", (1, 1)))
    laid: list[tuple[str, ImageFont.FreeTypeFont, int]] = []
    height = MARGIN
    for text, name, size in blocks:
        if not text:
            continue
        font = _font(name, size)
        for line in _wrap(scratch, text, font, width - 2 * MARGIN):
            ascent, descent = font.getmetrics()
            laid.append((line, font, height))
            height += ascent + descent + 6
        height += 10
    image = Image.new("1", (width, height + 40), 1)
    draw = ImageDraw.Draw(image)
    for line, font, y in laid:
        x = (width - draw.textlength(line, font=font)) / 2
        draw.text((x, y), line, font=font, fill=0)
    return image
