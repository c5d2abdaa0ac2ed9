"""The page pipeline on generated scans: crop, deskew, blank flags, profiles, thumbnails."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from kiosk.errors import InvalidInput
from kiosk.scanning.pipeline import ProcessedPage, process_page
from tests.kiosk.scanning.pages import encoded, page


def test_a_text_page_comes_out_as_a_grey_jpeg_with_its_hash_and_a_thumbnail():
    result = process_page(encoded(page(dpi=200)), profile="gray", dpi=200)
    assert isinstance(result, ProcessedPage)
    assert result.mime == "image/jpeg"
    assert result.sha256 == hashlib.sha256(result.data).hexdigest()
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.mode == "L"
        assert image.size == (result.width, result.height)
    with Image.open(io.BytesIO(result.thumbnail_png)) as thumb:
        assert thumb.format == "PNG" and thumb.width == 160
    assert not result.blank


def test_bytes_that_are_no_image_are_refused_in_vietnamese():
    with pytest.raises(InvalidInput, match="Không đọc được ảnh"):
        process_page(b"not an image at all")
