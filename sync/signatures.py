"""HTTP Message Signatures (RFC 9421) with Ed25519, and Content-Digest (RFC 9530).

A device signs every request with its Ed25519 key. The signature covers the method, the path, the
query and the body's ``Content-Digest`` (SHA-256), with the parameters ``created`` (Unix time),
``keyid`` (the device id), ``alg="ed25519"`` and a random ``nonce``::

    Content-Digest: sha-256=:<base64 of SHA-256(body)>:
    Signature-Input: sig1=("@method" "@path" "@query" "content-digest");created=1765000000;\
keyid="<device id>";alg="ed25519";nonce="<random>"
    Signature: sig1=:<base64 of the Ed25519 signature of the signature base>:

The signature base is built as RFC 9421 §2.5 says: one line per covered component
(``"name": value``), then ``"@signature-params": <the inner list and its parameters>``, joined by
``\\n``. A verifier refuses a request whose digest does not match its body, whose ``created`` lies
outside the replay window, or whose nonce it has seen before (the caller keeps the nonces of the
window). Only this profile is accepted; that is what the contract (sync/openapi.yaml) names.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

COMPONENTS = ("@method", "@path", "@query", "content-digest")
LABEL = "sig1"
WINDOW = 300  # seconds a signed request stays valid either side of the server's clock
_INPUT = re.compile(
    r'\s*([a-z][a-z0-9_-]{0,30})=\(((?:"[^"\\]*"\s?)*)\)'
    r'((?:;[a-z][a-z0-9_-]{0,30}=(?:"[^"\\]{0,200}"|-?[0-9]{1,15}))*)\s*'
)
_PARAM = re.compile(r';([a-z][a-z0-9_-]*)=("([^"\\]*)"|(-?[0-9]+))')
_SIGNATURE = re.compile(r"\s*([a-z][a-z0-9_-]{0,30})=:([A-Za-z0-9+/=]{1,200}):\s*")
_DIGEST = re.compile(r"\s*sha-256=:([A-Za-z0-9+/=]{1,100}):\s*")


class SignatureError(Exception):
    """A request whose signature cannot be accepted; ``code`` and the message in two languages."""

    def __init__(self, code: str, vi: str, en: str) -> None:
        super().__init__(en)
        self.code, self.vi, self.en = code, vi, en


def content_digest(body: bytes) -> str:
    return f"sha-256=:{base64.b64encode(hashlib.sha256(body).digest()).decode()}:"


def _params(created: int, key_id: str, nonce: str) -> str:
    inner = " ".join(f'"{c}"' for c in COMPONENTS)
    return f'({inner});created={created};keyid="{key_id}";alg="ed25519";nonce="{nonce}"'


def signature_base(method: str, path: str, query: str, digest: str, params: str) -> bytes:
    """RFC 9421 §2.5: the covered components, then ``@signature-params``."""
    values = {
        "@method": method.upper(),
        "@path": path or "/",
        "@query": "?" + query,
        "content-digest": digest,
    }
    lines = [f'"{name}": {values[name]}' for name in COMPONENTS]
    lines.append(f'"@signature-params": {params}')
    return "\n".join(lines).encode("utf-8")


def public_key_text(key: Ed25519PublicKey) -> str:
    """The raw 32 bytes of a public key in base64 (what enrolment sends)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def load_public_key(text: str) -> Ed25519PublicKey | None:
    """A public key from its base64 raw bytes; None if it is not one."""
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw) if len(raw) == 32 else None
    except (binascii.Error, ValueError):
        return None


@dataclass(frozen=True)
class Signer:
    """Signs requests as one device (``key_id``: the device id the central system gave)."""

    key: Ed25519PrivateKey
    key_id: str
    clock: Callable[[], float] = time.time

    def headers(self, method: str, path: str, query: str, body: bytes) -> dict[str, str]:
        digest = content_digest(body)
        params = _params(int(self.clock()), self.key_id, secrets.token_urlsafe(16))
        signature = self.key.sign(signature_base(method, path, query, digest, params))
        return {
            "Content-Digest": digest,
            "Signature-Input": f"{LABEL}={params}",
            "Signature": f"{LABEL}=:{base64.b64encode(signature).decode()}:",
        }


@dataclass(frozen=True)
class Verified:
    key_id: str
    nonce: str
    created: int


def check_digest(headers: Mapping[str, str], body: bytes) -> None:
    """A Content-Digest, when sent, must match the body (RFC 9530); SignatureError if not."""
    value = headers.get("content-digest")
    if value is None:
        return
    match = _DIGEST.fullmatch(value)
    if match is None or match.group(1) != content_digest(body)[len("sha-256=:") : -1]:
        raise SignatureError(
            "bad_digest",
            "Content-Digest không khớp với nội dung gửi lên.",
            "Content-Digest does not match the body.",
        )


def verify(
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
    key_for: Callable[[str], Ed25519PublicKey | None],
    *,
    now: float | None = None,
    window: int = WINDOW,
) -> Verified:
    """Check a request's signature; return who signed it (SignatureError otherwise).

    ``headers`` must be case-insensitive (lower-case names are looked up). The caller checks the
    nonce against those it has seen in the window (replay)."""
    sig_input, sig = headers.get("signature-input"), headers.get("signature")
    if not sig_input or not sig:
        raise SignatureError(
            "unsigned",
            "Yêu cầu chưa được ký (thiếu Signature hoặc Signature-Input).",
            "The request is not signed (Signature or Signature-Input missing).",
        )
    match, sig_match = _INPUT.fullmatch(sig_input), _SIGNATURE.fullmatch(sig)
    if match is None or sig_match is None or match.group(1) != sig_match.group(1):
        raise _malformed()
    components = tuple(c.strip('"') for c in match.group(2).split())
    params = {
        m.group(1): (m.group(3) if m.group(3) is not None else int(m.group(4)))
        for m in _PARAM.finditer(match.group(3))
    }
    created, key_id, nonce = params.get("created"), params.get("keyid"), params.get("nonce")
    if (
        components != COMPONENTS
        or params.get("alg") != "ed25519"
        or not isinstance(created, int)
        or not isinstance(key_id, str)
        or not isinstance(nonce, str)
        or not 8 <= len(nonce) <= 100
    ):
        raise _malformed()
    now = time.time() if now is None else now
    if abs(now - created) > window:
        raise SignatureError(
            "stale_signature",
            "Chữ ký đã quá hạn hoặc đồng hồ của máy lệch quá 5 phút.",
            "The signature is outside the replay window (or the device clock is off).",
        )
    digest = headers.get("content-digest")
    if digest is None:
        raise _malformed()
    check_digest(headers, body)
    key = key_for(key_id)
    if key is None:
        raise SignatureError(
            "unknown_device",
            "Thiết bị chưa được đăng ký với hệ thống trung tâm (hoặc đã bị thu hồi).",
            "The device is not enrolled (or was revoked).",
        )
    try:
        raw = base64.b64decode(sig_match.group(2), validate=True)
        params_text = match.group(0).strip()[len(match.group(1)) + 1 :]
        base = signature_base(method, path, query, digest, params_text)
        key.verify(raw, base)
    except (binascii.Error, InvalidSignature, ValueError):
        raise SignatureError(
            "bad_signature",
            "Chữ ký của yêu cầu không hợp lệ.",
            "The request's signature is not valid.",
        ) from None
    return Verified(key_id, nonce, created)


def _malformed() -> SignatureError:
    return SignatureError(
        "malformed_signature",
        "Chữ ký không đúng dạng đã thỏa thuận (RFC 9421, Ed25519, có created, keyid, nonce).",
        "The signature is not in the agreed form (RFC 9421, Ed25519, created, keyid, nonce).",
    )
