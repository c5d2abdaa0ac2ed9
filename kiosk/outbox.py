"""Writing to the outbox: what must reach the central system, in the transaction of the change.

Identity of an item (DESIGN §7): entity id + revision + SHA-256 of the canonical payload. The sync
engine (``sync/``) drains the queue; this module only enqueues and reads.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from kiosk.canonical import canonical_json, canonical_sha256
from kiosk.models import OutboxItem
from kiosk.timeutil import iso_times


def enqueue(
    s: Session, kind: str, entity_id: str, revision: int, payload: dict[str, Any]
) -> OutboxItem:
    """Add an outbox item in the caller's transaction (times as ISO-8601 with their offset)."""
    payload = iso_times(payload)
    text = canonical_json(payload)  # the stored payload is exactly what was hashed
    item = OutboxItem(
        kind=kind,
        entity_id=entity_id,
        revision=revision,
        payload=json.loads(text),
        payload_sha256=canonical_sha256(payload),
    )
    s.add(item)
    s.flush()
    return item
