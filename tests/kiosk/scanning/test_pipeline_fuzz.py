"""Fuzzing the page pipeline: any bytes give a processed page or a Vietnamese InvalidInput.

Inputs: arbitrary bytes, and small real scans in the formats scanners and files bring (PNM, PNG,
JPEG, TIFF incl. G4, BMP, GIF, WebP) truncated, with bytes flipped, inserted or spliced. A page that
comes out must be whole: its data decodes to its stated size and its hash matches.
"""

from __future__ import annotations

import hashlib
import io

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from kiosk.errors import InvalidInput
from kiosk.scanning.pipeline import ProcessedPage, process_page
from tests.fuzzing import Tally, fuzz
from tests.kiosk.scanning.generated_scans import encoded, page

SMALL = page(dpi=200, lines=3).crop((150, 150, 330, 390))  # 180 × 240: text on paper
SAMPLES = [
    encoded(SMALL, "PPM"),
    encoded(SMALL, "PNG"),
    encoded(SMALL, "JPEG", quality=80),
    encoded(SMALL.convert("L"), "TIFF", compression="tiff_lzw"),
    encoded(SMALL.convert("1"), "TIFF", compression="group4"),
    encoded(SMALL, "BMP"),
    encoded(SMALL.convert("P"), "GIF"),
    encoded(SMALL, "WEBP", quality=60),
]


@st.composite
def mutated(draw) -> bytes:
    base = draw(st.sampled_from(SAMPLES))
    at = draw(st.integers(0, len(base)))
    kind = draw(st.sampled_from(["truncate", "flip", "insert", "splice", "header"]))
    if kind == "truncate":
        return base[:at]
    if kind == "insert":
        return base[:at] + draw(st.binary(min_size=1, max_size=40)) + base[at:]
    if kind == "splice":
        other = draw(st.sampled_from(SAMPLES))
        return base[:at] + other[draw(st.integers(0, len(other))) :]
    data = bytearray(base)
    span = min(len(data), 64) if kind == "header" else len(data)  # the header holds the sizes
    for _ in range(draw(st.integers(1, 8))):
        i = draw(st.integers(0, max(0, span - 1)))
        if data:
            data[i] = draw(st.integers(0, 255))
    return bytes(data)


def test_any_bytes_give_a_page_or_a_vietnamese_refusal():
    tally = Tally("page pipeline")

    @fuzz()
    @given(
        st.one_of(st.binary(max_size=600), mutated()),
        st.sampled_from(["gray", "bw", "color"]),
        st.sampled_from([0, 90, 180, 270]),
    )
    def case(data, profile, rotation):
        result = tally.call(
            lambda: process_page(data, profile=profile, dpi=200, rotation=rotation),
            allowed=(InvalidInput,),
        )
        if isinstance(result, InvalidInput):
            if not result.message or result.message == result.english:
                tally.crash("a refusal without a Vietnamese message")
        elif isinstance(result, ProcessedPage):
            if hashlib.sha256(result.data).hexdigest() != result.sha256:
                tally.crash("a page whose hash is not its data's")
            with Image.open(io.BytesIO(result.data)) as image:
                if image.size != (result.width, result.height):
                    tally.crash("a page whose data is not its stated size")

    case()
    tally.check()


def test_every_unmutated_sample_is_processed():
    for data in SAMPLES:
        assert process_page(data, dpi=200).width == 180
