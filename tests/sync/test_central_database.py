"""The central server's store on the test database (SQLite, or PostgreSQL 15 in the storage run:
``scripts/with-postgres.sh``): 50 enrolled devices sync at once, each dossier sent twice by two
racing senders, and every one is stored exactly once with its hash; code blocks reserved by racing
devices of one agency never overlap. The throughput is printed (not asserted)."""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
import requests

from kiosk.canonical import canonical_sha256
from kiosk.db import open_store, sqlite_url
from sync.central_server import CentralServer
from sync.client import API
from tests.sync.helpers import AGENCY, dossier_payload, enrolled_client, item

DEVICES = int(os.environ.get("SYNC_DEVICES", "50"))
PER_DEVICE = int(os.environ.get("SYNC_ITEMS_PER_DEVICE", "10"))


@pytest.fixture
def server(tmp_path, db_url):
    srv = CentralServer(tmp_path / "central", port=0, database_url=db_url, require_signatures=True)
    yield srv.start()
    srv.stop()


def test_many_devices_at_once_store_each_dossier_once(server, tmp_path):
    kiosk = open_store(sqlite_url(tmp_path / "kiosk" / "store.sqlite3"))
    clients = [
        enrolled_client(server, kiosk, tmp_path / f"keys{n}", machine=f"m-{n}")[1]
        for n in range(DEVICES)
    ]
    kiosk.close()
    bodies = {}
    for n in range(DEVICES):
        for i in range(PER_DEVICE):
            entity = f"d-{n}-{i}"
            code = f"{AGENCY}-261207-{n * PER_DEVICE + i + 1:04d}"
            body = item(dossier_payload(code), entity=entity, key=f"k-{entity}")
            bodies[entity] = json.dumps(body).encode()

    def device(n: int) -> list[str]:
        client = clients[n]
        return [
            client.send_item("dossier.accepted", f"d-{n}-{i}", bodies[f"d-{n}-{i}"]).kind
            for i in range(PER_DEVICE)
        ]

    started = time.perf_counter()
    with ThreadPoolExecutor(DEVICES * 2) as pool:  # each device twice: a resend racing itself
        outcomes = [o for got in pool.map(device, [*range(DEVICES), *range(DEVICES)]) for o in got]
    elapsed = time.perf_counter() - started
    for client in clients:
        client.close()
    assert outcomes.count("ok") == 2 * DEVICES * PER_DEVICE, set(outcomes)
    assert server.store.count() == DEVICES * PER_DEVICE
    digests = server.store.digests()
    assert all(sent == stored for sent, stored in digests.values())
    assert {k.removeprefix("k-") for k in digests} == set(bodies)
    for entity, body in list(bodies.items())[:3]:
        assert digests[f"k-{entity}"][0] == canonical_sha256(json.loads(body)["payload"])
    assert server.unhandled == 0
    print(
        f"\n{DEVICES} devices, {2 * DEVICES * PER_DEVICE} signed requests "
        f"({DEVICES * PER_DEVICE} dossiers, each sent twice) in {elapsed:.2f} s: "
        f"{2 * DEVICES * PER_DEVICE / elapsed:.0f} requests/s on {server.store.engine.dialect.name}"
    )


def test_racing_block_reservations_never_overlap(server, tmp_path):
    kiosk = open_store(sqlite_url(tmp_path / "kiosk" / "store.sqlite3"))
    clients = [
        enrolled_client(server, kiosk, tmp_path / f"keys{n}", machine=f"m-{n}")[1]
        for n in range(10)
    ]
    kiosk.close()

    def reserve(n: int) -> dict:
        answer = clients[n % 10].request(
            "POST", f"{API}/code-blocks", json={"day": date(2026, 12, 7).isoformat(), "size": 7}
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    with ThreadPoolExecutor(20) as pool:
        blocks = list(pool.map(reserve, range(40)))
    numbers = [n for b in blocks for n in range(b["first"], b["last"] + 1)]
    assert len(numbers) == len(set(numbers)) == 40 * 7
    for client in clients:
        client.close()


def test_racing_register_reservations_never_overlap(server, tmp_path):
    """Tracking-register blocks (per agency and year) reserved by 10 devices racing: every number
    once, from 1 without a gap; the other agency's register and next year's start at 1 too."""
    kiosk = open_store(sqlite_url(tmp_path / "kiosk" / "store.sqlite3"))
    clients = [
        enrolled_client(server, kiosk, tmp_path / f"keys{n}", machine=f"m-{n}")[1]
        for n in range(10)
    ]
    kiosk.close()

    def reserve(n: int) -> dict:
        answer = clients[n % 10].request(
            "POST", f"{API}/register-blocks", json={"year": 2026, "size": 9}
        )
        assert answer.status_code == 201, answer.text
        return answer.json()

    with ThreadPoolExecutor(20) as pool:
        blocks = list(pool.map(reserve, range(40)))
    numbers = sorted(n for b in blocks for n in range(b["first"], b["last"] + 1))
    assert numbers == list(range(1, 40 * 9 + 1))
    assert {(b["agency_code"], b["book"]) for b in blocks} == {(AGENCY, "01/2026")}
    for client in clients:
        client.close()
    store = server.store
    assert store.reserve_register_block("000.00.18.H05", 2026, 5, None)["first"] == 1
    assert store.reserve_register_block(AGENCY, 2027, 5, None)["first"] == 1


def test_register_blocks_stop_below_the_fallback_range(server):
    store = server.store
    assert store.reserve_register_block(AGENCY, 2026, 899_990, None)["last"] == 899_990
    last = store.reserve_register_block(AGENCY, 2026, 50, None)
    assert (last["first"], last["last"]) == (899_991, 900_000)  # cut at the fallback base
    assert store.reserve_register_block(AGENCY, 2026, 1, None) is None
    assert store.reserve_register_block(AGENCY, 2026, 1, None) is None  # and stays used up


def test_the_operator_publishes_and_sets_a_status_on_this_database(server, tmp_path):
    """The admin endpoints on the test database (PostgreSQL in the storage run): a catalog and a
    status set on the revision held reach the device; a stale revision changes nothing."""
    from pathlib import Path

    from sync.pulls import Puller

    kiosk = open_store(sqlite_url(tmp_path / "kiosk" / "store.sqlite3"))
    device, client = enrolled_client(server, kiosk, tmp_path / "keys")
    body = item(dossier_payload(), revision=3)
    assert client.send_item("dossier.accepted", "d-1", json.dumps(body).encode()).kind == "ok"
    admin = {"Authorization": f"Bearer {server.admin_token}"}
    seed = json.loads(Path("resources/catalog/seed.json").read_text("utf-8"))
    seed["procedures"] = seed["procedures"][:2]
    url = f"{server.url}{API}/admin"
    answer = requests.post(f"{url}/catalog", json=seed, headers=admin, timeout=60)
    assert answer.status_code == 201 and answer.json()["versions_added"] >= 2
    code = dossier_payload()["dossier"]["code"]
    status = f"{url}/dossiers/{code}/status"
    stale = requests.post(status, json={"status": "result_ready", "revision": 2}, headers=admin)
    assert stale.status_code == 409 and "phiên bản 3" in stale.json()["message"]
    done = requests.post(status, json={"status": "result_ready", "revision": 3}, headers=admin)
    assert done.status_code == 200 and done.json()["revision"] == 3
    report = Puller(client, kiosk.sessions, device).run_once()
    assert report.catalog == 1 and report.statuses == 2 and report.stopped is None
    assert server.store.public_dossier(code)["status"] == "result_ready"
    client.close()
    kiosk.close()
