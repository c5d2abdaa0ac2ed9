"""The officer's key on a PKCS#11 token (the USB tokens Vietnamese CAs issue; SoftHSM2 in tests).

:func:`token_signer` opens a session with the PIN, finds the key and certificate by label and
yields a :class:`~kiosk.signing.Signer`; the session closes when the block ends, so the PIN is
held no longer than one signing. :func:`init_softhsm_token` provisions a SoftHSM2 token for tests
and the demo: a key generated on the token (it never leaves it) and a certificate from the local CA.

One process loads one PKCS#11 module once (python-pkcs11's rule); SoftHSM2 reads its
configuration (``SOFTHSM2_CONF``) when the module is first loaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kiosk.files import atomic_write, private_dir
from kiosk.signing import KeyMissing, Signer, SigningError, TokenMissing, WrongPin, common_name
from kiosk.signing.certs import LocalCA

SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
KEY_ID = b"\x01"


@dataclass(frozen=True)
class TokenConfig:
    """Where the officer's key is: the PKCS#11 module, the token's label, the key's label."""

    module: Path
    token_label: str
    key_label: str = "seal"


@contextmanager
def token_signer(config: TokenConfig, pin: str) -> Iterator[Signer]:
    """An open session on the token as a :class:`Signer`; closed when the block ends.

    Raises :class:`TokenMissing` (no module or no such token), :class:`WrongPin`,
    :class:`KeyMissing` (no key or certificate labelled ``config.key_label``).
    """
    import pkcs11
    from pkcs11 import Attribute, ObjectClass
    from pyhanko.sign.pkcs11 import PKCS11Signer

    if not Path(config.module).is_file():
        raise TokenMissing(
            f"Không tìm thấy thư viện PKCS#11 của token ({config.module}). "
            "Hãy cài trình điều khiển USB token.",
            english=f"PKCS#11 module not found: {config.module}.",
        )
    try:
        lib = pkcs11.lib(str(config.module))
        token = lib.get_token(token_label=config.token_label)
    except pkcs11.exceptions.NoSuchToken as exc:
        raise TokenMissing(
            f"Chưa cắm USB token “{config.token_label}”. Hãy cắm token rồi thử lại.",
            english=f"Token “{config.token_label}” is not plugged in.",
        ) from exc
    except pkcs11.exceptions.PKCS11Error as exc:
        raise TokenMissing(
            f"Không đọc được USB token ({type(exc).__name__}). Hãy rút ra, cắm lại rồi thử lại.",
            english=f"Cannot read the token ({type(exc).__name__}).",
        ) from exc
    try:
        session = token.open(user_pin=pin)
    except pkcs11.exceptions.PinIncorrect as exc:
        raise WrongPin(
            "Mã PIN của USB token không đúng. Lưu ý: nhập sai nhiều lần token sẽ bị khóa.",
            english="Wrong token PIN.",
        ) from exc
    except (pkcs11.exceptions.PinLocked, pkcs11.exceptions.PinExpired) as exc:
        raise WrongPin(
            "Mã PIN của USB token đã bị khóa hoặc hết hạn. Hãy liên hệ nơi cấp chứng thư số.",
            english="The token PIN is locked or expired.",
        ) from exc
    except (pkcs11.exceptions.PinLenRange, pkcs11.exceptions.ArgumentsBad) as exc:
        raise WrongPin(
            "Mã PIN của USB token không đúng độ dài.", english="Wrong token PIN length."
        ) from exc
    except pkcs11.exceptions.PKCS11Error as exc:
        raise TokenMissing(
            f"Không mở được USB token ({type(exc).__name__}).",
            english=f"Cannot open the token ({type(exc).__name__}).",
        ) from exc
    try:
        label = config.key_label
        keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}))
        certs = list(
            session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: label})
        )
        if not certs or not any(k.label == label for k in keys):
            raise KeyMissing(
                f"USB token “{config.token_label}” không có khóa ký và chứng thư số “{label}”.",
                english=f"The token holds no signing key and certificate “{label}”.",
            )
        backend = PKCS11Signer(session, cert_label=label, key_label=label)
        yield Signer(common_name(backend.signing_cert), backend)
    finally:
        session.close()


def find_softhsm_module() -> Path | None:
    """The SoftHSM2 PKCS#11 module of this machine, if installed."""
    for candidate in SOFTHSM_MODULES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def softhsm_conf(folder: Path) -> Path:
    """Write a SoftHSM2 configuration keeping its tokens in ``folder/tokens``; returns its path.

    Set ``SOFTHSM2_CONF`` to it before the module is first loaded in a process."""
    folder = private_dir(Path(folder))
    tokens = private_dir(folder / "tokens")
    conf = folder / "softhsm2.conf"
    atomic_write(
        conf,
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\n"
        "log.level = ERROR\n".encode(),
    )
    return conf


def init_softhsm_token(
    conf: Path, ca: LocalCA, officer_name: str, *, label: str, pin: str, so_pin: str
) -> TokenConfig:
    """Create a SoftHSM2 token ``label`` (per ``conf``, which must be this process's
    ``SOFTHSM2_CONF``), generate an RSA-2048 key on it and store the officer's certificate."""
    import pkcs11
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicNumbers
    from cryptography.hazmat.primitives.serialization import Encoding
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    module = find_softhsm_module()
    tool = shutil.which("softhsm2-util")
    if module is None or tool is None:
        raise TokenMissing(
            "Chưa cài SoftHSM2 (gói softhsm2).", english="SoftHSM2 is not installed."
        )
    if os.environ.get("SOFTHSM2_CONF") != str(conf):
        raise SigningError(
            f"Biến SOFTHSM2_CONF phải trỏ tới {conf} trước khi nạp SoftHSM2.",
            english=f"SOFTHSM2_CONF must point to {conf}.",
        )
    done = subprocess.run(
        [tool, "--init-token", "--free", "--label", label, "--so-pin", so_pin, "--pin", pin],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SigningError(
            f"Không tạo được token SoftHSM2: {done.stderr.strip() or done.stdout.strip()}",
            english="softhsm2-util --init-token failed.",
        )
    token = pkcs11.lib(str(module)).get_token(token_label=label)
    with token.open(rw=True, user_pin=pin) as session:
        pub, _priv = session.generate_keypair(
            KeyType.RSA,
            2048,
            label="seal",
            id=KEY_ID,
            store=True,
            private_template={Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False},
        )
        numbers = RSAPublicNumbers(
            int.from_bytes(pub[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(pub[Attribute.MODULUS], "big"),
        )
        cert = ca.issue(numbers.public_key(), officer_name)
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "seal",
                Attribute.ID: KEY_ID,
                Attribute.SUBJECT: cert.subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(Encoding.DER),
            }
        )
    return TokenConfig(module, label, "seal")
