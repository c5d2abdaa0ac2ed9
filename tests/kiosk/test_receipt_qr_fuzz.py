"""Fuzzing the receipt-QR reader: any text gives a verified payload or a Vietnamese InvalidInput.

Inputs: arbitrary text (lone surrogates and control characters included), odd URLs, and real signed
receipts (text and URL forms) truncated, extended, spliced or with a field replaced. A mutated
receipt that still verifies must carry exactly the signed fields: nothing forged gets through.
"""

from __future__ import annotations

from datetime import date, datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import InvalidInput
from kiosk.receipt_qr import FIELDS, QrPayload, QrSigner, VerifiedPayload, verify
from tests.fuzzing import Tally, fuzz

PAYLOAD = QrPayload(
    "000.31.27.H56-250815-0007",
    "1.001193",
    "038190012345",
    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "HTTT giải quyết TTHC tỉnh Thanh Hóa",
    datetime(2025, 8, 15, 9, 30),
    date(2025, 8, 18),
)
KEY = Ed25519PrivateKey.generate()
TEXT = QrSigner(KEY).sign(PAYLOAD)
URL = QrSigner(KEY, lookup_url="https://dichvucong.thanhhoa.gov.vn/tra-cuu").sign(PAYLOAD)
PUBLIC = [KEY.public_key()]
ODD_URLS = [
    "http://[::1?v=MC1&hs=1&k=a&s=b",
    "https://[v1.x]/?v=MC1",
    "http://[]/?v=MC1",
    "https://",
    "HTTPS://X/?V=MC1&HS=%ED%A0%80&K=1&S=2",
    "https://x/?v=MC1&hs=%00&k=%ff&s=%",
    "http://x:99999/",
    "https://x/?v=MC1&v=MC1&hs=a",
    "https://x/#v=MC1&hs=a&k=b&s=c",
    "http://a/?" + "x=1&" * 900,
]


@st.composite
def mutated(draw) -> str:
    base = draw(st.sampled_from([TEXT, URL]))
    kind = draw(st.sampled_from(["truncate", "insert", "replace", "field", "repeat"]))
    at = draw(st.integers(0, len(base)))
    if kind == "truncate":
        return base[:at]
    if kind == "insert":
        return base[:at] + draw(st.text(max_size=10)) + base[at:]
    if kind == "replace":
        return base[:at] + draw(st.text(max_size=10)) + base[at + draw(st.integers(1, 10)) :]
    if kind == "repeat":
        return base + draw(st.sampled_from(["\n", "&"])) + base
    name = draw(st.sampled_from([*FIELDS, "K", "S"]))
    value = draw(st.one_of(st.text(max_size=30), st.just("9" * 5000), st.just("\ud800")))
    sep = "\n" if base is TEXT else "&"
    key = name if base is TEXT else name.lower()
    parts = [p if not p.startswith(key + "=") else f"{key}={value}" for p in base.split(sep)]
    return sep.join(parts)


def test_any_text_gives_a_payload_or_a_vietnamese_refusal():
    tally = Tally("receipt QR")
    signed = PAYLOAD.fields()

    @fuzz()
    @given(
        st.one_of(
            st.text(max_size=400),
            st.sampled_from(ODD_URLS),
            mutated(),
            st.text(max_size=200).map(lambda t: "MC1\n" + t),
            st.text(max_size=200).map(lambda t: "https://x/?v=MC1&" + t),
        )
    )
    def case(text):
        result = tally.call(verify, text, PUBLIC, allowed=(InvalidInput,))
        if isinstance(result, InvalidInput):
            if not result.message or result.message == result.english:
                tally.crash("a refusal without a Vietnamese message")
        elif isinstance(result, VerifiedPayload):
            got = QrPayload(
                result.dossier_code,
                result.procedure_code,
                result.applicant_id,
                result.document_name,
                result.issuing_system,
                result.issued_at,
                result.appointment,
            ).fields()
            if got != signed:
                tally.crash("an altered receipt verified")

    case()
    tally.check()


def test_the_unmutated_receipts_verify():
    assert verify(TEXT, PUBLIC).dossier_code == verify(URL, PUBLIC).dossier_code
