"""Writing to the outbox: what must reach the central system, in the transaction of the change.

Identity of an item (DESIGN §7): entity id + revision + SHA-256 of the canonical payload. The sync
engine (``sync/``) drains the queue; this module only enqueues and reads.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy.orm import Session

from kiosk.models import OutboxItem


def canonical_json(payload: dict[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 text, dates as ISO strings."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def enqueue(s: Session, kind: str, entity_id: str, revision: int, payload: dict[str, Any]) -> OutboxItem:
    """Add an outbox item in the caller's transaction."""
    text = canonical_json(payload)
    item = OutboxItem(kind=kind, entity_id=entity_id, revision=revision, payload=json.loads(text),
                      payload_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    s.add(item)
    s.flush()
    return item
