"""The one canonical JSON gives the bytes the outbox, the audit and the catalog gave before."""

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kiosk.canonical import canonical_bytes, canonical_json, canonical_sha256
from kiosk.catalog_schema import content_sha256
from kiosk.dossier_types import DossierStatus
from kiosk.models import OutboxItem
from kiosk.outbox import enqueue
from tests.fuzzing import fuzz


def before(value) -> str:
    """The outbox's encoding before kiosk/canonical.py existed (kiosk/outbox.py, commit 3da8566)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | TEXT
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.dates()
    | st.datetimes()
    | st.sampled_from(list(DossierStatus))
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@fuzz()
@given(VALUES)
def test_same_bytes_as_before(value):
    assert canonical_json(value) == before(value)
    assert canonical_bytes(value) == before(value).encode("utf-8")
    assert canonical_sha256(value) == hashlib.sha256(before(value).encode("utf-8")).hexdigest()


def test_pinned_bytes():
    """A payload like the reception's, with the exact bytes and hash that are already stored."""
    payload = {
        "dossier": {
            "code": "000.31.27.H56-261207-9001",
            "status": DossierStatus.ACCEPTED,
            "applicant": {"full_name": "Nguyễn Văn An"},
            "received_at": datetime(2026, 12, 7, 9, 30),
            "due_date": date(2026, 12, 10),
            "fee": Decimal("50000"),
        },
        "document": "receipt",
    }
    expected = (
        '{"document":"receipt","dossier":{"applicant":{"full_name":"Nguyễn Văn An"},'
        '"code":"000.31.27.H56-261207-9001","due_date":"2026-12-10","fee":"50000",'
        '"received_at":"2026-12-07 09:30:00","status":"accepted"}}'
    )
    assert canonical_json(payload) == expected
    assert canonical_sha256(payload) == hashlib.sha256(expected.encode()).hexdigest()


def test_outbox_item_hash_is_the_canonical_hash(store):
    payload = {"b": [1, "á"], "a": date(2026, 1, 1)}
    with store.sessions.begin() as s:
        item = enqueue(s, "dossier.accepted", "d-1", 1, payload)
        item_id = item.id
    with store.reads.begin() as s:
        stored = s.get(OutboxItem, item_id)
        assert stored.payload == {"a": "2026-01-01", "b": [1, "á"]}
        assert stored.payload_sha256 == hashlib.sha256(before(payload).encode()).hexdigest()
        # the central server re-hashes the stored payload and gets the same digest
        assert canonical_sha256(stored.payload) == stored.payload_sha256


def test_catalog_fingerprint_ignores_effective_to_and_is_unchanged():
    version = {
        "version": 1,
        "name": "Đăng ký khai sinh",
        "effective_from": "2020-01-01",
        "effective_to": "2026-01-01",
        "checklist": [{"name": "Tờ khai"}],
    }
    body = {k: v for k, v in version.items() if k != "effective_to"}
    assert content_sha256(version) == hashlib.sha256(before(body).encode()).hexdigest()
    assert content_sha256({**version, "effective_to": None}) == content_sha256(version)
