"""A software signing key (PKCS#12) for the demo: the officer's key in a file instead of a token.

The file lives under the profile's keys folder (``AppPaths.keys / "seal"``), readable by this user
only, next to the demo CA that issued its certificate. It is made on demand
(``kiosk signing demo-key``) and never committed.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12

from kiosk.files import atomic_write, private_dir
from kiosk.signing import KeyMissing, Signer, common_name
from kiosk.signing.certs import load_or_create_ca


def create_software_key(folder: Path, officer_name: str) -> Path:
    """Make (or replace) ``folder/<officer>.p12``: an RSA-2048 key and a certificate for
    ``officer_name`` issued by the demo CA in ``folder``. Returns the file's path."""
    officer_name = unicodedata.normalize("NFC", officer_name.strip())
    if not officer_name:
        raise KeyMissing(
            "Cần họ tên cán bộ để tạo khóa ký.", english="An officer name is needed for the key."
        )
    folder = private_dir(Path(folder))
    ca = load_or_create_ca(folder)
    # RSA, as on the CAs' tokens: an ECDSA signature would make pyHanko write PDF 2.0 (ISO 32002)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = ca.issue(key.public_key(), officer_name)
    data = pkcs12.serialize_key_and_certificates(
        officer_name.encode("utf-8"), key, cert, [ca.cert], NoEncryption()
    )
    target = folder / f"{_slug(officer_name)}.p12"
    atomic_write(target, data)
    return target


def key_file(folder: Path, officer_name: str) -> Path:
    """Where :func:`create_software_key` keeps ``officer_name``'s key in ``folder``."""
    return Path(folder) / f"{_slug(unicodedata.normalize('NFC', officer_name.strip()))}.p12"


def software_signer(p12_file: Path, passphrase: bytes | None = None) -> Signer:
    """The signer held in a PKCS#12 file; :class:`KeyMissing` when it is absent or unreadable."""
    from pyhanko.sign.signers import SimpleSigner

    try:
        data = Path(p12_file).read_bytes()
    except OSError as exc:
        raise KeyMissing(
            f"Không đọc được tệp khóa ký {Path(p12_file).name}. Hãy tạo lại khóa "
            "(kiosk signing demo-key) hoặc dùng USB token.",
            english=f"Cannot read the signing key file {Path(p12_file).name}.",
        ) from exc
    try:
        backend = SimpleSigner.load_pkcs12_data(data, (), passphrase=passphrase)
    except ValueError as exc:
        raise KeyMissing(
            f"Tệp khóa ký {Path(p12_file).name} bị hỏng hoặc sai mật khẩu.",
            english=f"The signing key file {Path(p12_file).name} is damaged or locked.",
        ) from exc
    return Signer(common_name(backend.signing_cert), backend)


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "officer"
