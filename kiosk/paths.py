"""Where things live: the folders of one data profile, platform folders, bundled resources.

Only the composition root (``app/``) resolves an :class:`AppPaths` (``for_machine()`` or
``for_demo()``) and hands it, or the one path a module needs, down. No other module calls
:func:`data_dir`: a module that reached for the data folder by itself would write the demo's keys
and printouts into the machine's folder (tests/app/test_paths.py checks it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "mot-cua-kiosk"


def data_dir() -> Path:
    """The folder for the local store and blobs (``KIOSK_DATA_DIR`` overrides it)."""
    override = os.environ.get("KIOSK_DATA_DIR")
    return (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )


def config_dir() -> Path:
    """The folder for ``kiosk.toml`` (``KIOSK_CONFIG_DIR`` overrides it)."""
    override = os.environ.get("KIOSK_CONFIG_DIR")
    return (
        Path(override)
        if override
        else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    )


def resource(*parts: str) -> Path:
    """Path of a file or folder bundled in the ``resources`` package."""
    return Path(str(resources.files("resources").joinpath(*parts)))


@dataclass(frozen=True)
class AppPaths:
    """Every folder and file of one data profile (this machine's, or the demo's)."""

    data: Path

    @classmethod
    def for_machine(cls) -> AppPaths:
        """The platform data folder (``KIOSK_DATA_DIR`` overrides it)."""
        return cls(data_dir())

    @classmethod
    def for_demo(cls, base: Path | None = None) -> AppPaths:
        """The demo's own folder, ``demo/`` in the data folder: its store, keys and printouts."""
        return cls((base if base is not None else data_dir()) / "demo")

    @property
    def store_file(self) -> Path:
        return self.data / "kiosk.sqlite3"

    @property
    def store_url(self) -> str:
        """SQLAlchemy URL of the local SQLite store."""
        return f"sqlite:///{self.store_file.resolve()}"

    @property
    def keys(self) -> Path:
        return self.data / "keys"

    @property
    def signing_key(self) -> Path:
        """This machine's (or the demo's) Ed25519 key for receipt QRs; created on first use."""
        return self.keys / "qr-signing-key.pem"

    @property
    def audit_key(self) -> Path:
        """The HMAC key that seals the audit chain of this profile's store (kiosk/audit.py)."""
        return self.keys / "audit-hmac.key"

    @property
    def seal_keys(self) -> Path:
        """Sealed-paper signing: the demo CA (``ca.pem``, the trust root), software keys
        (``*.p12``) and a SoftHSM2 token store (``softhsm/``); see kiosk/signing."""
        return self.keys / "seal"

    @property
    def trusted_keys(self) -> Path:
        """Public keys (``*.pem``) of the agency's other counters and kiosks."""
        return self.keys / "trusted"

    @property
    def blobs(self) -> Path:
        return self.data / "blobs"

    @property
    def printed(self) -> Path:
        """Where the ``pdf`` printer writes its jobs."""
        return self.data / "printed"

    @property
    def holidays(self) -> Path:
        """Calendar override files sent by the central system."""
        return self.data / "holidays"

    @property
    def central(self) -> Path:
        """The reference central server's data (``kiosk central serve``, the demo)."""
        return self.data / "central"
