"""Sending 200 dossiers with 5 scanned pages each to the reference central server over loopback:
the sync pass (outbox engine: claim in a transaction, send, record in another; then the blob
uploader: "which do you have?", open each upload, send it, mark it) vs plain ``requests`` calls
sending the same bytes to the same endpoints on one keep-alive session (PUT each dossier; open each
page's upload and PATCH it whole), in the same run. Each round uses a fresh store and fresh
servers; the two paths alternate so both see the same machine load. The issue's goal: at least 0.8
of the plain speed (a time ratio of at most 1.25).
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import requests
from sqlalchemy import select

from bench.run import figure
from kiosk import outbox
from kiosk.blobs import BlobStore
from kiosk.db import open_store, sqlite_url
from kiosk.models import OutboxItem
from kiosk.paths import AppPaths
from sync.central_server import CentralServer
from sync.client import CentralClient, item_body
from sync.engine import OutboxEngine
from sync.uploads import BlobUploader

DOSSIERS = 200
PAGES = 5
PAGE_BYTES = 40_000  # a compressed scanned page
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
    blobs = BlobStore(AppPaths(store.folder).blobs)
    pages: list[bytes] = []
    with store.sessions.begin() as s:
        for i in range(DOSSIERS):
            outbox.enqueue(s, "dossier.accepted", f"d-{i}", 1, _payload(i))
            for _ in range(PAGES):
                pages.append(os.urandom(PAGE_BYTES))
                blobs.put(s, pages[-1], "image/jpeg")
    with store.sessions.begin() as s:
        bodies = [
            (
                r.entity_id,
                item_body(
                    r.idempotency_key, r.kind, r.entity_id, r.revision, r.payload, r.payload_sha256
                ),
            )
            for r in s.scalars(select(OutboxItem))
        ]
    plain_server = CentralServer(folder / "plain", port=0).start()
    engine_server = CentralServer(folder / "engine", port=0).start()
    try:
        http = requests.Session()
        started = time.perf_counter()
        json_type = {"Content-Type": "application/json"}
        for entity, body in bodies:
            url = f"{plain_server.url}/api/v1/dossiers/{entity}"
            assert http.put(url, data=body, timeout=30, headers=json_type).status_code == 201
        for page in pages:
            sha = hashlib.sha256(page).hexdigest()
            opened = http.post(
                f"{plain_server.url}/api/v1/uploads",
                data=json.dumps({"sha256": sha, "size": len(page)}),
                timeout=30,
                headers=json_type,
            ).json()
            answer = http.patch(
                f"{plain_server.url}/api/v1/uploads/{opened['upload_id']}",
                data=page,
                timeout=30,
                headers={
                    "Content-Type": "application/offset+octet-stream",
                    "Upload-Offset": "0",
                },
            )
            assert answer.status_code == 204
        plain = time.perf_counter() - started
        http.close()
        client = CentralClient(engine_server.url)
        engine = OutboxEngine(store.sessions, client)
        uploader = BlobUploader(client, store.sessions, AppPaths(store.folder).blobs)
        started = time.perf_counter()
        report = engine.run_once()
        uploaded = 0
        while True:
            done = uploader.run_once()
            uploaded += done.uploaded
            if not done.checked:
                break
        sent = time.perf_counter() - started
        client.close()
        assert report.acknowledged == DOSSIERS and engine_server.store.count() == DOSSIERS
        assert uploaded == DOSSIERS * PAGES
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
            f"sync pass: {DOSSIERS} dossiers with {PAGES} pages of {PAGE_BYTES // 1000} kB "
            f"over loopback (median of {ROUNDS})",
            sent,
            "s",
            f"plain requests calls sending the same bytes ({DOSSIERS} dossiers, "
            f"{DOSSIERS * PAGES} pages)",
            plain,
            engine_rounds=engine_times,
            plain_rounds=plain_times,
            speed_vs_plain=plain / sent,
        )
    ]
