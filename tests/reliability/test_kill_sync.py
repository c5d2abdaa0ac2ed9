"""``kiosk sync`` killed with SIGKILL at random points and restarted: every outbox item reaches the
central server exactly once, with matching hashes. SYNC_KILL_RUNS (default 30) sets the kills."""

from __future__ import annotations

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
from kiosk.db import open_store
from kiosk.models import OutboxItem
from kiosk.paths import AppPaths
from kiosk.timeutil import vietnam_now
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


def _uploading(store) -> bool:
    with store.sessions.begin() as s:
        return bool(
            s.scalar(
                select(func.count()).where(  # claimed now, not left by a kill
                    OutboxItem.status == "uploading", OutboxItem.lease_until > vietnam_now()
                )
            )
        )


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
            if rng.random() < 0.3:
                server.faults.inject("drop_after_store")  # an answer lost after storing
            proc = _sync(server.url)
            if rng.random() < 0.25:  # during start-up (opening the store, first claim)
                time.sleep(rng.uniform(0.0, 2.0))
            else:  # while sending: once an item is being uploaded, a little later
                deadline = time.monotonic() + 60
                while not _uploading(store) and time.monotonic() < deadline:
                    time.sleep(0.02)
                time.sleep(rng.uniform(0.0, 0.4))
            killed_busy += _uploading(store)
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
                )
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
        assert killed_busy > 0, "no kill landed while an item was uploading: adjust the delays"
    finally:
        store.close()
        server.stop()
