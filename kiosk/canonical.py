"""The one canonical JSON: what is hashed, signed or compared byte for byte.

Sorted keys, no spaces, UTF-8 text (no ``\\u`` escapes for non-ASCII), and values JSON does not
know (dates, datetimes, decimals, enums that are not ``str``) written as ``str(value)``. Outbox
payload hashes, the audit chain, catalog content fingerprints and the central server's check all
use it: the same value gives the same bytes on every machine, today and after an upgrade, so these
bytes must never change (tests/kiosk/test_canonical.py pins them).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(value: Any) -> str:
    """``value`` as canonical JSON text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def canonical_bytes(value: Any) -> bytes:
    """``value`` as canonical JSON, UTF-8 encoded."""
    return canonical_json(value).encode("utf-8")


def canonical_sha256(value: Any) -> str:
    """Hex SHA-256 of the canonical bytes of ``value``."""
    return hashlib.sha256(canonical_bytes(value)).hexdigest()
