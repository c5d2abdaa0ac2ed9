"""Signed QR payloads for issued papers (Circular 01/2023 Art. 26) and their offline verification.

A rule of the core (no drawing here: ``printing`` draws the QR, ``ui``, ``sync`` and the citizen
kiosk verify with the same code). Key files are given as paths (``AppPaths.signing_key``,
``AppPaths.trusted_keys``); this module never looks for the data folder itself.

The payload carries the fields the circular requires (dossier code, procedure code, applicant ID,
document name, issuing system, time of issue; the appointment date on receipts) and an Ed25519
signature, so a kiosk refuses a forged or altered receipt without a network.

Two encodings of the same fields, both readable by any QR reader:

* text (no provincial lookup page)::

      MC1
      HS=000.31.27.H56-250815-0001
      TT=1.001193
      DD=001234567890
      GT=Giấy tiếp nhận hồ sơ và hẹn trả kết quả
      HT=HTTT TTHC tỉnh Thanh Hóa
      XB=202508150930
      HN=20250822
      K=3f9a0c1e
      S=<base64url signature>

* URL (``Agency.lookup_url`` set): ``<lookup_url>?v=MC1&hs=...&...&k=...&s=...``, which a phone
  opens.

The signature covers the canonical form: the text encoding without its ``S=`` line, UTF-8, NFC.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.errors import InvalidInput

log = logging.getLogger(__name__)
MAGIC = "MC1"
FIELDS = ("HS", "TT", "DD", "GT", "HT", "XB", "HN")  # fixed order of the canonical form
_MAX_FIELD = 200
_MAX_TEXT = 4000  # a version-40 QR holds at most 4296 characters
_FORGED = (
    "Chữ ký trên mã QR không hợp lệ: giấy tờ có thể đã bị sửa hoặc giả mạo. "
    "Đề nghị đối chiếu với hồ sơ gốc."
)


@dataclass(frozen=True)
class QrPayload:
    """The fields of one paper's QR, before signing."""

    dossier_code: str
    procedure_code: str
    applicant_id: str
    document_name: str
    issuing_system: str
    issued_at: datetime
    appointment: date | None = None

    def fields(self) -> dict[str, str]:
        values = {
            "HS": self.dossier_code,
            "TT": self.procedure_code,
            "DD": self.applicant_id,
            "GT": self.document_name,
            "HT": self.issuing_system,
            "XB": self.issued_at.strftime("%Y%m%d%H%M"),
            "HN": self.appointment.strftime("%Y%m%d") if self.appointment else "",
        }
        return {k: _clean(v) for k, v in values.items()}


@dataclass(frozen=True)
class VerifiedPayload(QrPayload):
    """A payload whose signature checked out, and the id of the key that signed it."""

    key_id: str = ""


def key_id(public_key: Ed25519PublicKey) -> str:
    """Short id of a public key: first 8 hex digits of SHA-256 of its raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:8]


def canonical(fields: Mapping[str, str], kid: str) -> bytes:
    """The signed bytes: magic, the fields in fixed order, the key id; one per line."""
    lines = [MAGIC] + [f"{k}={fields.get(k, '')}" for k in FIELDS] + [f"K={kid}"]
    return "\n".join(lines).encode("utf-8")


class QrSigner:
    """Builds signed payload texts with one private key (thread-safe, no I/O)."""

    def __init__(self, private_key: Ed25519PrivateKey, *, lookup_url: str = "") -> None:
        self._key = private_key
        self.public_key = private_key.public_key()
        self.key_id = key_id(self.public_key)
        self.lookup_url = lookup_url

    def sign(self, payload: QrPayload, *, lookup_url: str | None = None) -> str:
        """Return the QR text for ``payload``: a URL when a lookup page is known, else text."""
        fields = payload.fields()
        signature = _b64(self._key.sign(canonical(fields, self.key_id)))
        url = self.lookup_url if lookup_url is None else lookup_url
        if url:
            query = {"v": MAGIC} | {k.lower(): v for k, v in fields.items()}
            query |= {"k": self.key_id, "s": signature}
            return f"{url}{'&' if '?' in url else '?'}{urlencode(query)}"
        body = canonical(fields, self.key_id).decode("utf-8")
        return f"{body}\nS={signature}"


def verify(
    payload_text: str, public_keys: Iterable[Ed25519PublicKey] | Mapping[str, Ed25519PublicKey]
) -> VerifiedPayload:
    """Check a scanned QR text against trusted public keys, offline.

    Raises:
        InvalidInput: with a Vietnamese message if the text is not one of our payloads, is signed by
            an unknown key, or was altered after signing.
    """
    fields, kid, signature = _parse(payload_text)
    keys = (
        dict(public_keys)
        if isinstance(public_keys, Mapping)
        else {key_id(k): k for k in public_keys}
    )
    key = keys.get(kid)
    if key is None:
        raise InvalidInput(
            "Mã QR được ký bằng khóa không có trong danh sách tin cậy của máy này. "
            "Đề nghị đối chiếu với hồ sơ gốc hoặc cập nhật khóa từ hệ thống trung tâm.",
            english="The QR is signed by a key this machine does not trust.",
        )
    try:
        key.verify(signature, canonical(fields, kid))
    except InvalidSignature:
        raise InvalidInput(
            _FORGED, english="The QR signature is invalid: altered or forged."
        ) from None
    try:
        issued = datetime.strptime(fields["XB"], "%Y%m%d%H%M")
        due = datetime.strptime(fields["HN"], "%Y%m%d").date() if fields["HN"] else None
    except ValueError:
        raise InvalidInput("Mã QR có thời điểm không hợp lệ.", english="Bad time in QR.") from None
    return VerifiedPayload(
        fields["HS"],
        fields["TT"],
        fields["DD"],
        fields["GT"],
        fields["HT"],
        issued,
        due,
        key_id=kid,
    )


def _parse(text: str) -> tuple[dict[str, str], str, bytes]:
    """The fields, key id and signature of a QR text; InvalidInput for anything else.

    Only text that can be one of ours gets past: a string of at most _MAX_TEXT characters with no
    control characters but line breaks and no lone surrogates (checked again after URL decoding),
    a URL that splits, known keys once each, short values.
    """
    not_ours = InvalidInput(
        "Mã QR này không phải giấy tờ do Bộ phận Một cửa phát hành (không đúng định dạng).",
        english="This QR is not a one-stop document (unknown format).",
    )
    if not isinstance(text, str) or len(text) > _MAX_TEXT or not _readable(text):
        raise not_ours
    text = unicodedata.normalize("NFC", text.strip())
    if text.lower().startswith(("http://", "https://")):
        try:
            query = urlsplit(text).query
        except ValueError:  # e.g. an unclosed IPv6 host: http://[::1?v=MC1
            raise not_ours from None
        pairs = parse_qsl(query, keep_blank_values=True)
        if not all(_readable(k + v) for k, v in pairs):  # %00, %0A... decoded
            raise not_ours
        items = [(k.upper(), v) for k, v in pairs]
        if ("V", MAGIC) not in items:
            raise not_ours
        items = [(k, v) for k, v in items if k != "V"]
    else:
        lines = text.replace("\r\n", "\n").split("\n")
        if lines[0] != MAGIC:
            raise not_ours
        items = []
        for line in lines[1:]:
            key, sep, value = line.partition("=")
            if not sep:
                raise not_ours
            items.append((key, value))
    data: dict[str, str] = {}
    for key, value in items:
        if key in data or key not in (*FIELDS, "K", "S") or len(value) > _MAX_FIELD:
            raise not_ours
        data[key] = value
    if "K" not in data or "S" not in data or "HS" not in data:
        raise not_ours
    try:
        signature = base64.urlsafe_b64decode(data["S"] + "=" * (-len(data["S"]) % 4))
    except (ValueError, TypeError):
        raise InvalidInput(_FORGED, english="The QR signature is malformed.") from None
    if len(signature) != 64:
        raise InvalidInput(_FORGED, english="The QR signature is malformed.")
    fields = {k: unicodedata.normalize("NFC", data.get(k, "")) for k in FIELDS}
    return fields, data["K"], signature


def _readable(text: str) -> bool:
    """No lone surrogate, no control character other than a line break."""
    return not any(unicodedata.category(c) in ("Cs", "Cc") and c not in "\r\n" for c in text)


def _clean(value: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", value or "").split())
    return text[:_MAX_FIELD]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


# --- keys -----------------------------------------------------------------------------------------


def load_or_create_signing_key(path: Path) -> Ed25519PrivateKey:
    """Load the machine's QR signing key, creating it (PEM, mode 0600) on first use.

    The key lives in the data folder, never in the repository. Creation is atomic (temp file,
    fsync, link without overwrite), so two processes starting at once end up with one key.

    Raises:
        InvalidInput: the file exists but is not an Ed25519 private key.
    """
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")
        try:
            os.chmod(tmp, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, path)  # fails if another process won the race: keep theirs
            except FileExistsError:
                pass
        finally:
            os.unlink(tmp)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(
            f"Tệp khóa ký mã QR {path.name} bị hỏng. Liên hệ kỹ thuật viên.",
            english=f"The QR signing key file is damaged ({exc}).",
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(
            f"Tệp khóa ký mã QR {path.name} không phải khóa Ed25519.",
            english="The QR signing key is not an Ed25519 key.",
        )
    return key


def public_key_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The PEM of the public half, to publish to verifying kiosks."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """Parse a trusted public key (PEM); raise InvalidInput if it is not Ed25519."""
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError:
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput(
            "Khóa công khai không hợp lệ (cần khóa Ed25519 dạng PEM).",
            english="Not an Ed25519 public key in PEM form.",
        )
    return key


def trusted_public_keys(own_key: Ed25519PublicKey, folder: Path | None) -> list[Ed25519PublicKey]:
    """``own_key`` plus the readable PEM files of ``folder`` (``AppPaths.trusted_keys``: the public
    keys of the agency's other counters and kiosks); bad files are logged and skipped."""
    keys = [own_key]
    for path in sorted(folder.glob("*.pem")) if folder is not None and folder.is_dir() else ():
        try:
            keys.append(load_public_key(path.read_bytes()))
        except (OSError, InvalidInput) as exc:
            log.warning("skipping trusted key %s: %s", path.name, exc)
    return keys


def receipt_verifier(own_key: Ed25519PublicKey, trusted_dir: Path | None):
    """``verify(text)`` against ``own_key`` and the keys of ``trusted_dir``, read at each call, so a
    key the technician adds works without a restart."""

    def check(text: str) -> VerifiedPayload:
        return verify(text, trusted_public_keys(own_key, trusted_dir))

    return check
