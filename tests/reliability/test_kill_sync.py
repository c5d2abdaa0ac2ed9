"""``kiosk sync`` killed with SIGKILL at random points and restarted: every outbox item reaches the
central server exactly once, with matching hashes, and every page (blob) arrives whole, its SHA-256
checked by the server. SYNC_KILL_RUNS (default 30) sets the kills."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kiosk import outbox
from kiosk.blobs import BlobStore
from kiosk.db import open_store
from kiosk.models import Blob, OutboxItem
from kiosk.paths import AppPaths
from sync.central_server import CentralServer

RUNS = int(os.environ.get("SYNC_KILL_RUNS", "30"))
ROOT = Path(__file__).parents[2]


def _sync(url: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "sync",
            "--url",
            url,
            "--lease",
            "0.3",
            "--interval",
            "0.1",
            *extra,
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _progress(server) -> tuple[int, int]:
    """What the server has received: items stored, bytes of page chunks."""
    return server.store.count(), server.upload_bytes


def _work_left(store) -> bool:
    with store.sessions.begin() as s:
        items = s.scalar(select(func.count()).where(OutboxItem.status != "acknowledged"))
        pages = s.scalar(select(func.count()).where(Blob.sync_state != "acknowledged"))
        return bool(items or pages)


@pytest.mark.slow
def test_sync_killed_at_random_points_delivers_every_item_once(tmp_path):
    rng = random.Random(int(os.environ.get("SYNC_KILL_SEED", "12")))
    server = CentralServer(tmp_path / "central", port=0).start()
    server.faults.slow_seconds = 0.1
    server.faults.always = "slow"  # every answer takes a moment: kills land mid-request too
    paths = AppPaths.for_machine()
    store = open_store(paths.store_url)
    n = 0
    killed_busy = 0
    pages: list[str] = []
    blobs = BlobStore(paths.blobs)
    try:
        for _ in range(RUNS):
            with store.sessions.begin() as s:  # the counter keeps working between the kills
                for _ in range(8):
                    outbox.enqueue(
                        s,
                        "dossier.accepted",
                        f"d-{n}",
                        1,
                        {"code": f"000.00.00.H01-261207-{n:04d}", "tên": "Lê Thị B"},
                    )
                    n += 1
                pages.append(blobs.put(s, rng.randbytes(rng.randint(1, 3_000_000)), "image/png"))
            if rng.random() < 0.3:
                server.faults.inject("drop_after_store")  # an answer lost after storing
            proc = _sync(server.url)
            before = _progress(server)
            if rng.random() < 0.25:  # during start-up (opening the store, first claim)
                time.sleep(rng.uniform(0.0, 2.0))
            else:  # while sending: once the server has received something, a little later
                deadline = time.monotonic() + 60
                while _progress(server) == before and time.monotonic() < deadline:
                    time.sleep(0.02)
                time.sleep(rng.uniform(0.0, 0.4))
            killed_busy += _progress(server) != before and _work_left(store)  # mid-sync
            os.kill(proc.pid, signal.SIGKILL)
            _, err = proc.communicate(timeout=30)
            assert proc.returncode == -signal.SIGKILL, err
        time.sleep(0.4)  # the last leases run out
        server.faults.always = None
        for _ in range(5):
            proc = _sync(server.url, "--once", "--retry")  # back-offs grew with the kills
            proc.communicate(timeout=120)
            with store.sessions.begin() as s:
                left = s.scalar(
                    select(func.count()).where(OutboxItem.status.not_in(("acknowledged",)))
                ) + s.scalar(select(func.count()).where(Blob.sync_state != "acknowledged"))
            if not left:
                break
            time.sleep(0.4)
        with store.sessions.begin() as s:
            local = {r.idempotency_key: r.payload_sha256 for r in s.scalars(select(OutboxItem))}
            assert left == 0, [r.status for r in s.scalars(select(OutboxItem))]
        digests = server.store.digests()
        assert len(local) == n and server.store.count() == n  # none lost, none twice
        assert {k: sent for k, (sent, _) in digests.items()} == local
        assert all(sent == stored for sent, stored in digests.values())
        assert killed_busy > 0, "no kill landed in the middle of a sync: adjust the delays"
        assert server.store.have_blobs(pages) == set(pages)  # every page, checked on arrival
        for sha in pages:
            assert hashlib.sha256(server.state.blobs.read(sha)).hexdigest() == sha
    finally:
        store.close()
        server.stop()
