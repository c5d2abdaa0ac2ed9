"""Where things live: platform folders for data and config, and the bundled resources."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "mot-cua-kiosk"


def data_dir() -> Path:
    """The folder for the local store and blobs (``KIOSK_DATA_DIR`` overrides it)."""
    override = os.environ.get("KIOSK_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The folder for ``kiosk.toml`` (``KIOSK_CONFIG_DIR`` overrides it)."""
    override = os.environ.get("KIOSK_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def resource(*parts: str) -> Path:
    """Path of a file or folder bundled in the ``resources`` package."""
    return Path(str(resources.files("resources").joinpath(*parts)))
