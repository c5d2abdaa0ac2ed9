"""Fuzz: any page bytes seal or give a Vietnamese BadPage; any damaged sealed PDF gives a report.

FUZZ_EXAMPLES sets the example count (200 by default), as in the other fuzz tests.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk.scanning.seal import BadPage, PageImage, PaperMeta, seal_paper, verify_sealed
from tests.fuzzing import Tally, fuzz

META = PaperMeta("000.00.17.H05-261207-0002", "1.001193", "Đăng ký khai sinh", "Tờ khai")


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (120, 160), 200).save(buf, "PNG")
    return buf.getvalue()


PNG = _png()


def test_any_page_bytes_seal_or_are_refused_in_vietnamese():
    tally = Tally("seal page")

    @fuzz()
    @given(st.one_of(st.binary(max_size=400), st.binary(max_size=60).map(lambda b: PNG[:40] + b)))
    def run(data):
        result = tally.call(
            seal_paper, [PageImage.of(data, "image/png", 200)], META, None, allowed=(BadPage,)
        )
        if isinstance(result, BadPage):
            assert "Trang 1" in str(result)

    run()
    tally.check()


def test_any_damaged_sealed_pdf_gives_a_report():
    sealed = seal_paper([PageImage.of(PNG, "image/png", 200)], META, None)
    tally = Tally("verify sealed")

    @fuzz()
    @given(st.integers(0, len(sealed) - 1), st.integers(1, 255), st.booleans())
    def run(where, flip, cut):
        damaged = bytearray(sealed[:where] if cut else sealed)
        if not cut:
            damaged[where] ^= flip
        report = tally.call(verify_sealed, bytes(damaged), [])
        assert not report.ok  # unsigned, so never ok; and never an exception

    run()
    tally.check()


def test_a_signed_paper_with_any_byte_changed_never_passes(tmp_path):
    """Only the zero padding of the signature's /Contents is outside the signed byte range; a
    change anywhere else must fail verification."""
    from kiosk.signing.software import create_software_key, software_signer
    from tests.fuzzing import examples

    signer = software_signer(create_software_key(tmp_path, "Vũ Thị Lan"))
    sealed = seal_paper([PageImage.of(PNG, "image/png", 200)], META, signer)
    root = tmp_path / "ca.pem"
    assert verify_sealed(sealed, [root]).ok
    start = sealed.index(b"/Contents <") + len(b"/Contents <")
    end = sealed.index(b">", start)
    tally = Tally("verify signed")

    @settings(fuzz(), max_examples=max(10, examples() // 4))  # each case validates a signature
    @given(st.integers(0, len(sealed) - 1), st.sampled_from([0x01, 0x20, 0x80, 0xFF]))
    def run(where, flip):
        damaged = bytearray(sealed)
        damaged[where] ^= flip
        report = tally.call(verify_sealed, bytes(damaged), [root])
        if report.ok:
            assert start <= where < end, f"byte {where} changed and the paper still verified"

    run()
    tally.check()
