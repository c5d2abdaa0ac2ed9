"""Code128 of the dossier code, for keyboard-wedge barcode readers at the counter.

Drawn with reportlab's own Code128 (vector, about 1 ms) rather than python-barcode's SVG/PNG
writers: it needs no temporary image and stays sharp at any printer resolution.
"""

from __future__ import annotations

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

BAR_WIDTH = 0.25 * mm  # 3 dots at 300 dpi; narrower bars blur on office laser printers


def code128(value: str, *, height: float = 8 * mm, bar_width: float = BAR_WIDTH) -> Code128:
    """A Code128 flowable of ``value`` (ASCII), with its quiet zones."""
    return Code128(value, barWidth=bar_width, barHeight=height, humanReadable=False, quiet=True)


def draw_code128(
    canvas: Canvas,
    value: str,
    x_center: float,
    y: float,
    *,
    height: float = 8 * mm,
    max_width: float | None = None,
) -> float:
    """Draw ``value`` centred on ``x_center`` with its bottom at ``y``; return the drawn width.

    If the symbol is wider than ``max_width`` the bars are narrowed to fit (never below 0.19 mm).
    """
    bar = code128(value, height=height)
    if max_width and bar.width > max_width:
        bar = code128(
            value, height=height, bar_width=max(0.19 * mm, BAR_WIDTH * max_width / bar.width)
        )
    bar.drawOn(canvas, x_center - bar.width / 2, y)
    return bar.width
