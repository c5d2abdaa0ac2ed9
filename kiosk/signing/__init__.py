"""Personal digital signatures for scanned papers (Circular 01/2023 Art. 8): who signs, with what.

A :class:`Signer` is the officer's name plus a pyHanko signer. It comes from

- a PKCS#11 token (the USB tokens Vietnamese certificate authorities issue; SoftHSM2 in tests):
  :func:`kiosk.signing.token.token_signer`, a context manager that holds the token session open;
- a software key for the demo (PKCS#12 under the profile's keys folder, never in the repository):
  :func:`kiosk.signing.software.software_signer`.

Every failure a person can cause or fix (no token plugged in, wrong PIN, no key on the token, a
damaged key file) is a :class:`SigningError` with a Vietnamese message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer as HankoSigner


class SigningError(KioskError):
    """The paper cannot be signed (token, PIN, key or certificate problem); nothing was sealed."""


class TokenMissing(SigningError):
    """No PKCS#11 module, or no token with the expected label is plugged in."""


class WrongPin(SigningError):
    """The token refused the PIN (or has locked it)."""


class KeyMissing(SigningError):
    """The token or key file holds no usable signing key and certificate."""


@dataclass(frozen=True)
class Signer:
    """The officer who signs, as printed in the visible signature block, and the signing key."""

    name: str
    backend: HankoSigner


def common_name(cert: object) -> str:
    """The subject's common name of an asn1crypto certificate ('' when it has none)."""
    try:
        return str(cert.subject.native.get("common_name", ""))  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return ""
