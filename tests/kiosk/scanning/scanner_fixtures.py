"""Helpers for the scanning tests (the fixtures themselves are in conftest.py)."""

from __future__ import annotations

import shutil

import pytest

needs_scanimage = pytest.mark.skipif(
    shutil.which("scanimage") is None, reason="sane-utils (scanimage) is not installed"
)


def page_number(image, dpi: int) -> int:
    """The page number the eSCL simulator draws as 8 squares (filled = 1) at the bottom left."""
    gray = image.convert("L")
    unit = max(1, dpi // 30)
    margin = 20 * unit
    number = 0
    for bit in range(8):
        x = margin + bit * 8 * unit + 3 * unit
        y = gray.height - margin - 5 * unit
        if gray.getpixel((x, y)) < 128:
            number |= 1 << bit
    return number
