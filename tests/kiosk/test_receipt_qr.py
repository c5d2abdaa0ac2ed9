"""Signed QR payloads: verify offline, refuse forged, altered, unknown-key and foreign codes."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import InvalidInput
from kiosk.receipt_qr import (
    QrPayload,
    QrSigner,
    key_id,
    load_or_create_signing_key,
    load_public_key,
    public_key_pem,
    receipt_verifier,
    verify,
)

PAYLOAD = QrPayload(
    "000.31.27.H56-250815-0007",
    "1.001193",
    "038190012345",
    "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "HTTT giải quyết TTHC tỉnh Thanh Hóa",
    datetime(2025, 8, 15, 9, 30),
    date(2025, 8, 18),
)


@pytest.fixture
def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def signer(signing_key) -> QrSigner:
    return QrSigner(signing_key)


def test_qr_sign_and_verify_roundtrip(signer):
    text = signer.sign(PAYLOAD)
    assert text.startswith("MC1\nHS=000.31.27.H56-250815-0007\n")
    got = verify(text, [signer.public_key])
    assert got.dossier_code == PAYLOAD.dossier_code and got.appointment == date(2025, 8, 18)
    assert got.document_name == PAYLOAD.document_name and got.key_id == signer.key_id
    assert len(text.encode()) < 320  # version 13-ish at ECC M: decodes at 24 mm


@pytest.mark.parametrize(
    "change",
    [
        ("HN=20250818", "HN=20250828"),  # a later appointment date
        ("DD=038190012345", "DD=038190012346"),  # someone else's ID
        ("HS=000.31.27.H56-250815-0007", "HS=000.31.27.H56-250815-0008"),
    ],
)
def test_qr_tampered_payload_fails(signer, change):
    text = signer.sign(PAYLOAD).replace(*change)
    with pytest.raises(InvalidInput, match="giả mạo"):
        verify(text, [signer.public_key])


def test_qr_unknown_key_and_foreign_codes_fail(signer):
    other = Ed25519PrivateKey.generate().public_key()
    with pytest.raises(InvalidInput, match="không có trong danh sách tin cậy"):
        verify(signer.sign(PAYLOAD), [other])
    for foreign in [
        "",
        "CCCD|038190012345|...",
        "https://example.com/?a=1",
        "MC1\nXX=1\nK=a\nS=b",
        "MC1\nHS=a\nHS=b\nK=a\nS=b",
    ]:
        with pytest.raises(InvalidInput):
            verify(foreign, [signer.public_key])
    forged = signer.sign(PAYLOAD).rsplit("S=", 1)[0] + "S=" + "A" * 86
    with pytest.raises(InvalidInput, match="giả mạo"):
        verify(forged, [signer.public_key])


def test_qr_url_form_when_province_has_lookup_page(signing_key):
    signer = QrSigner(signing_key, lookup_url="https://dichvucong.thanhhoa.gov.vn/tra-cuu")
    text = signer.sign(PAYLOAD)
    assert text.startswith("https://dichvucong.thanhhoa.gov.vn/tra-cuu?v=MC1&hs=000.31.27.H56")
    assert verify(text, {signer.key_id: signer.public_key}).applicant_id == "038190012345"
    with pytest.raises(InvalidInput):
        verify(text.replace("hn=20250818", "hn=20250819"), [signer.public_key])


def test_signing_key_created_once_with_0600(tmp_path):
    path = tmp_path / "keys" / "qr.pem"
    key = load_or_create_signing_key(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = load_or_create_signing_key(path)
    assert key_id(again.public_key()) == key_id(key.public_key())
    assert key_id(load_public_key(public_key_pem(key))) == key_id(key.public_key())


def test_verifier_reads_the_trusted_keys_folder_at_each_scan(tmp_path):
    own = load_or_create_signing_key(tmp_path / "own.pem")
    other = QrSigner(load_or_create_signing_key(tmp_path / "other.pem"))
    trusted = tmp_path / "trusted"
    check = receipt_verifier(own.public_key(), trusted)
    text = other.sign(PAYLOAD)
    with pytest.raises(InvalidInput, match="không có trong danh sách tin cậy"):
        check(text)  # no folder yet
    trusted.mkdir()
    (trusted / "broken.pem").write_text("not a key")  # skipped, not fatal
    (trusted / "other.pem").write_bytes(public_key_pem(other.public_key))
    assert check(text).key_id == other.key_id


def test_damaged_key_file_is_a_clear_error(tmp_path):
    path = tmp_path / "qr.pem"
    path.write_text("not a key")
    with pytest.raises(InvalidInput, match="bị hỏng"):
        load_or_create_signing_key(path)


@pytest.mark.parametrize(
    "text",
    [
        "http://[::1?v=MC1&hs=1&k=a&s=b",  # an unclosed IPv6 host
        "MC1\nHS=\ud800\nK=a\nS=b",  # a lone surrogate
        "https://x/?v=MC1&hs=%00&k=a&s=b",  # a control character, URL-encoded
        "MC1\nHS=a\x07\nK=a\nS=b",
        "MC1\nHS=" + "9" * 5000,  # oversized
        None,
        b"MC1\nHS=a",  # not text at all
    ],
)
def test_odd_input_is_not_a_receipt_qr(signer, text):
    with pytest.raises(InvalidInput, match="không phải giấy tờ do Bộ phận Một cửa phát hành"):
        verify(text, [signer.public_key])


def test_a_truncated_receipt_is_refused_at_every_length(signer):
    text = signer.sign(PAYLOAD)
    for end in range(len(text) - 1):
        with pytest.raises(InvalidInput):
            verify(text[:end], [signer.public_key])
