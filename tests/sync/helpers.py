"""Helpers for the sync tests: outbox items and enrolled devices against the real server."""

from __future__ import annotations

from kiosk.canonical import canonical_sha256
from sync.client import CentralClient
from sync.device import enrol, signer_for

AGENCY = "000.00.17.H05"


def item(payload, *, kind="dossier.accepted", entity="d-1", revision=1, key="k-1") -> dict:
    return {
        "idempotency_key": key,
        "kind": kind,
        "entity_id": entity,
        "revision": revision,
        "payload": payload,
        "payload_sha256": canonical_sha256(payload),
    }


def dossier_payload(code="000.00.17.H05-261207-0001", status="accepted", **extra) -> dict:
    return {
        "dossier": {
            "id": "d-1",
            "code": code,
            "status": status,
            "procedure_code": "1.001193",
            "procedure_name": "Đăng ký khai sinh",
            "due_date": "2026-12-10",
            "applicant": {"full_name": {"value": "Nguyễn Văn A", "source": "card"}},
            **extra,
        },
        "document": "receipt",
    }


def enrolled_client(server, store, keys, *, agency=AGENCY, machine="m-1", **options):
    """Enrol a device (keys in ``keys``) with a fresh one-time code; its signing client."""
    code = server.store.issue_enrolment_code(agency, "Quầy 1")
    enrol(store.sessions, machine, keys, server.url, code, "Quầy 1")
    device, signer = signer_for(store.sessions, machine, keys)
    return device, CentralClient(server.url, signer=signer, **options)
