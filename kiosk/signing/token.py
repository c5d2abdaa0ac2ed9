"""The officer's key on a PKCS#11 token (the USB tokens Vietnamese CAs issue; SoftHSM2 in tests).

:func:`token_signer` opens a session with the PIN, finds the signing key and its certificate (by
label, or the key whose certificate is valid and allows signing) and yields a
:class:`~kiosk.signing.Signer`; the session closes when the block ends. Who keeps the PIN, and for
how long, is :mod:`kiosk.signing.counter`'s business. :func:`init_softhsm_token` provisions a
SoftHSM2 token for tests and the demo: a key generated on the token (it never leaves it) and a
certificate from the local CA.

One process loads one PKCS#11 module once (python-pkcs11's rule); SoftHSM2 reads its
configuration (``SOFTHSM2_CONF``) when the module is initialised. A token session cannot cross a
process boundary: signing happens in a thread of the app process, never in the worker pool.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.files import atomic_write, private_dir
from kiosk.signing import KeyMissing, Signer, SigningError, TokenMissing, WrongPin, common_name

if TYPE_CHECKING:
    from kiosk.signing.certs import LocalCA

SOFTHSM_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
KEY_ID = b"\x01"


@dataclass(frozen=True)
class TokenConfig:
    """Where the officer's key is: the PKCS#11 module (the token's driver), the token's label
    ('' for the one token plugged in) and the key's label ('' for the key that has a signing
    certificate next to it, as on the CAs' tokens, whose labels vary)."""

    module: Path
    token_label: str = ""
    key_label: str = ""

    @property
    def shown_label(self) -> str:
        return self.token_label or "USB token"


@contextmanager
def token_signer(config: TokenConfig, pin: str) -> Iterator[Signer]:
    """An open session on the token as a :class:`Signer`; closed when the block ends.

    Raises :class:`TokenMissing` (no module or no such token), :class:`WrongPin`,
    :class:`KeyMissing` (no key or certificate labelled ``config.key_label``).
    """
    import pkcs11
    from pyhanko.sign.pkcs11 import PKCS11Signer

    if not Path(config.module).is_file():
        raise TokenMissing(
            f"Không tìm thấy thư viện PKCS#11 của token ({config.module}). "
            "Hãy cài trình điều khiển USB token.",
            english=f"PKCS#11 module not found: {config.module}.",
        )
    token = _find_token(config)
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
            f"Không mở được USB token ({type(exc).__name__}). Hãy rút ra, cắm lại rồi thử lại.",
            english=f"Cannot open the token ({type(exc).__name__}).",
        ) from exc
    try:
        key_id, cert_id = _signing_key(session, config)
        backend = PKCS11Signer(session, key_id=key_id, cert_id=cert_id)
        yield Signer(common_name(backend.signing_cert), backend)
    finally:
        try:
            session.close()
        except pkcs11.exceptions.PKCS11Error:
            pass  # the token was pulled out while signing: the session is gone with it


def _find_token(config: TokenConfig):  # noqa: ANN202 (a pkcs11.Token)
    """The token named by ``config`` (or the only one plugged in). A token plugged in after the
    module was loaded is looked for again after re-initialising the module (no session is open:
    :class:`~kiosk.signing.counter.CounterSigning` serialises token access)."""
    import pkcs11

    label = config.token_label or None
    try:
        lib = pkcs11.lib(str(config.module))
    except pkcs11.exceptions.PKCS11Error as exc:
        raise TokenMissing(
            f"Không nạp được thư viện PKCS#11 {config.module} ({type(exc).__name__}).",
            english=f"Cannot load the PKCS#11 module ({type(exc).__name__}).",
        ) from exc
    for attempt in (1, 2):
        try:
            return lib.get_token(token_label=label)
        except pkcs11.exceptions.NoSuchToken as exc:
            if attempt == 1:
                try:
                    lib.reinitialize()
                    continue
                except pkcs11.exceptions.PKCS11Error:
                    pass
            raise TokenMissing(
                f"Chưa cắm USB token “{config.shown_label}”. Hãy cắm token rồi thử lại.",
                english=f"Token “{config.shown_label}” is not plugged in.",
            ) from exc
        except pkcs11.exceptions.MultipleTokensReturned as exc:
            raise TokenMissing(
                "Đang cắm nhiều USB token. Hãy rút các token khác, chỉ để lại token của "
                "anh/chị, rồi thử lại.",
                english="Several tokens are plugged in; leave only yours.",
            ) from exc
        except pkcs11.exceptions.PKCS11Error as exc:
            raise TokenMissing(
                f"Không đọc được USB token ({type(exc).__name__}). "
                "Hãy rút ra, cắm lại rồi thử lại.",
                english=f"Cannot read the token ({type(exc).__name__}).",
            ) from exc
    raise AssertionError("unreachable")


def _signing_key(session, config: TokenConfig) -> tuple[bytes, bytes]:  # noqa: ANN001
    """(key id, certificate id) of the signing key: the one labelled ``config.key_label``, or
    else a private key whose certificate (same CKA_ID) is valid now and allows signing (the
    latest to expire when there are several). :class:`KeyMissing` when there is none."""
    from cryptography import x509
    from pkcs11 import Attribute, ObjectClass

    label = config.key_label
    keys = {
        bytes(k[Attribute.ID]): k.label
        for k in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})
    }
    now = dt.datetime.now(dt.UTC)
    found: list[tuple[dt.datetime, bytes, bytes]] = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        cert_id = bytes(obj[Attribute.ID])
        if cert_id not in keys:
            continue
        if label:
            if label in (obj[Attribute.LABEL], keys[cert_id]):
                found.append((dt.datetime.max.replace(tzinfo=dt.UTC), cert_id, cert_id))
            continue
        try:
            cert = x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE]))
            usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
            signs = usage.digital_signature or usage.content_commitment
        except x509.ExtensionNotFound:
            signs = True
        except ValueError:
            continue
        if signs and cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            found.append((cert.not_valid_after_utc, cert_id, cert_id))
    if not found:
        named = f" “{label}”" if label else ""
        raise KeyMissing(
            f"USB token “{config.shown_label}” không có khóa ký và chứng thư số{named} còn hiệu "
            "lực. Hãy liên hệ nơi cấp chứng thư số.",
            english=f"The token holds no valid signing key and certificate{named}.",
        )
    _, key_id, cert_id = max(found)
    return key_id, cert_id


@dataclass(frozen=True)
class TokenInfo:
    """A token plugged in, as the technician's listing shows it."""

    label: str
    manufacturer: str
    model: str
    serial: str
    certificates: tuple[tuple[str, dt.datetime], ...]  # (holder, valid until), public objects


def list_tokens(module: Path) -> list[TokenInfo]:
    """The tokens the PKCS#11 ``module`` sees and the certificates readable without a PIN."""
    import pkcs11

    if not Path(module).is_file():
        raise TokenMissing(
            f"Không tìm thấy thư viện PKCS#11 của token ({module}).",
            english=f"PKCS#11 module not found: {module}.",
        )
    try:
        lib = pkcs11.lib(str(module))
        lib.reinitialize()  # see tokens plugged in since the module was loaded
        found = []
        for slot in lib.get_slots(token_present=True):
            try:
                found.append(_token_info(slot.get_token()))
            except pkcs11.exceptions.PKCS11Error:
                continue  # an empty slot (SoftHSM2's free one) or a card it cannot read
        return found
    except pkcs11.exceptions.PKCS11Error as exc:
        raise TokenMissing(
            f"Không đọc được USB token ({type(exc).__name__}).",
            english=f"Cannot read the tokens ({type(exc).__name__}).",
        ) from exc


def _token_info(token) -> TokenInfo:  # noqa: ANN001 (a pkcs11.Token)
    from cryptography import x509
    from pkcs11 import Attribute, ObjectClass

    certs = []
    with token.open() as session:
        for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
            try:
                cert = x509.load_der_x509_certificate(bytes(obj[Attribute.VALUE]))
            except ValueError:
                continue
            names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
            holder = str(names[0].value) if names else cert.subject.rfc4514_string()
            certs.append((holder, cert.not_valid_after_utc))
    serial = token.serial
    if isinstance(serial, bytes):
        serial = serial.decode("ascii", "replace")
    return TokenInfo(
        token.label, token.manufacturer_id, token.model, str(serial).strip(), tuple(certs)
    )


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
    token = _find_token(TokenConfig(module, label))  # re-initialises a module loaded before
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
