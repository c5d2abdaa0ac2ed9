"""Sending 200 dossiers to the reference central server over loopback: the outbox engine (claim in
a transaction, send, record in another, per item) vs a plain ``requests`` post of the same bytes
on one keep-alive session, in the same run. Each round uses a fresh store and fresh servers; the
two paths alternate so both see the same machine load. The issue's goal: at least 0.8 of the
plain speed (a time ratio of at most 1.25). Pages (blobs) are not sent yet: dossier items only.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import requests
from sqlalchemy import select

from bench.run import figure
from kiosk import outbox
from kiosk.db import open_store, sqlite_url
from kiosk.models import OutboxItem
from sync.central_server import CentralServer
from sync.client import CentralClient, item_body
from sync.engine import OutboxEngine

DOSSIERS = 200
ROUNDS = 3


def _payload(i: int) -> dict:
    return {
        "code": f"000.00.00.H01-261207-{i:04d}",
        "procedure": "1.001193",
        "applicant": {
            "name": "Nguyễn Văn An",
            "id_number": f"0010{i:08d}",
            "address": "Số 12, ngõ 34, phường Trúc Bạch, quận Ba Đình, Hà Nội",
        },
        "received_at": "2026-12-07T09:30:00+07:00",
        "due_date": "2026-12-14",
        "checklist": [{"item": n, "present": True, "copies": 1} for n in range(8)],
        "fees": [{"name": "Lệ phí", "amount": 8000}],
        "revision": 1,
    }


def _round(folder: Path) -> tuple[float, float]:
    store = open_store(sqlite_url(folder / "store.sqlite3"))
    with store.sessions.begin() as s:
        for i in range(DOSSIERS):
            outbox.enqueue(s, "dossier.accepted", f"d-{i}", 1, _payload(i))
    with store.sessions.begin() as s:
        bodies = [
            item_body(
                r.idempotency_key, r.kind, r.entity_id, r.revision, r.payload, r.payload_sha256
            )
            for r in s.scalars(select(OutboxItem))
        ]
    plain_server = CentralServer(folder / "plain", port=0).start()
    engine_server = CentralServer(folder / "engine", port=0).start()
    try:
        http = requests.Session()
        started = time.perf_counter()
        for body in bodies:
            answer = http.post(
                f"{plain_server.url}/api/v1/items",
                data=body,
                timeout=30,
                headers={"Content-Type": "application/json"},
            )
            assert answer.status_code == 201
        plain = time.perf_counter() - started
        http.close()
        client = CentralClient(engine_server.url)
        engine = OutboxEngine(store.sessions, client)
        started = time.perf_counter()
        report = engine.run_once()
        sent = time.perf_counter() - started
        client.close()
        assert report.acknowledged == DOSSIERS and engine_server.store.count() == DOSSIERS
    finally:
        plain_server.stop()
        engine_server.stop()
        store.close()
    return sent, plain


def run() -> list[dict]:
    engine_times, plain_times = [], []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory() as tmp:
            sent, plain = _round(Path(tmp))
        engine_times.append(sent)
        plain_times.append(plain)
    sent, plain = statistics.median(engine_times), statistics.median(plain_times)
    return [
        figure(
            f"outbox engine: {DOSSIERS} dossiers over loopback (median of {ROUNDS})",
            sent,
            "s",
            f"plain requests post of the same bytes ({DOSSIERS})",
            plain,
            engine_rounds=engine_times,
            plain_rounds=plain_times,
            speed_vs_plain=plain / sent,
        )
    ]
