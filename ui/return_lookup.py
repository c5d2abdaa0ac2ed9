"""The signature check the return desk's core (kiosk/returns.py) is given, with its trusted keys.

A scanned receipt QR is verified offline before anything is looked up: against this machine's
public key and every trusted key in ``<data folder>/keys/trusted/*.pem`` (the public keys of the
other counters and kiosks of the agency, one PEM file each, copied there by the technician or the
central system). A forged or altered QR raises ``InvalidInput`` and nothing is read or written.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.errors import InvalidInput
from kiosk.paths import data_dir
from printing.qr import VerifiedPayload, load_public_key, verify

log = logging.getLogger(__name__)


def trusted_keys_dir() -> Path:
    return data_dir() / "keys" / "trusted"


def trusted_public_keys(own_key, folder: Path | None = None) -> list:
    """This machine's public key plus the readable PEM files of ``folder`` (bad files are logged,
    skipped)."""
    keys = [own_key]
    folder = folder or trusted_keys_dir()
    for path in sorted(folder.glob("*.pem")) if folder.is_dir() else ():
        try:
            keys.append(load_public_key(path.read_bytes()))
        except (OSError, InvalidInput) as exc:
            log.warning("skipping trusted key %s: %s", path.name, exc)
    return keys


def receipt_verifier(own_key):
    """verify(text) for kiosk.returns.ReturnService: the keys are read at each scan, so a key the
    technician adds works without a restart."""

    def check(text: str) -> VerifiedPayload:
        return verify(text, trusted_public_keys(own_key))

    return check
