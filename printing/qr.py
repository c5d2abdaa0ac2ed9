"""Moved: receipt-QR signing and verification are a rule of the core, ``kiosk.receipt_qr``.

``printing`` only draws the QR; this re-export keeps old imports working.
"""

from kiosk.receipt_qr import (  # noqa: F401
    FIELDS,
    MAGIC,
    QrPayload,
    QrSigner,
    VerifiedPayload,
    canonical,
    key_id,
    load_or_create_signing_key,
    load_public_key,
    public_key_pem,
    receipt_verifier,
    trusted_public_keys,
    verify,
)
