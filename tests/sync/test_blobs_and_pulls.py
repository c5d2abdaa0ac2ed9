"""Blobs and pulls against the real reference server on 127.0.0.1: "which do you have?", a
resumable upload that sends at most one chunk again (bytes counted on the server), catalog,
holidays, code blocks that two kiosks of one agency never share, and status changes."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from kiosk.blobs import BlobStore
from kiosk.code_service import CodeService
from kiosk.db import open_store, sqlite_url
from kiosk.models import Blob, BlobUpload, CentralStatus, Procedure, RegisterBlock
from kiosk.paths import AppPaths
from sync.central_server import CentralServer
from sync.client import API
from sync.pulls import Puller
from sync.uploads import BlobUploader
from tests.sync.helpers import AGENCY, dossier_payload, enrolled_client, item

CHUNK = 64 * 1024
DAY = date(2026, 12, 7)


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path / "central", port=0, require_signatures=True).start()
    yield srv
    srv.stop()


def blob_root(store) -> Path:
    return AppPaths(store.folder).blobs


def add_blobs(store, *sizes) -> list[str]:
    blobs = BlobStore(blob_root(store))
    with store.sessions.begin() as s:
        return [blobs.put(s, os.urandom(n), "image/png") for n in sizes]


def states(store) -> dict[str, str]:
    with store.sessions.begin() as s:
        return {b.sha256: b.sync_state for b in s.scalars(select(Blob))}


def test_blobs_the_server_has_are_not_sent_again(server, store, tmp_path):
    _, client = enrolled_client(server, store, tmp_path / "keys")
    shas = add_blobs(store, 1000, 200_000, 5)
    uploader = BlobUploader(client, store.sessions, blob_root(store), chunk_size=CHUNK)
    report = uploader.run_once()
    assert report.uploaded == 3 and report.already_there == 0
    assert set(states(store).values()) == {"acknowledged"}
    for sha in shas:  # what the server holds is what the kiosk has, byte for byte
        data = server.state.blobs.read(sha)
        assert hashlib.sha256(data).hexdigest() == sha
    sent = server.upload_bytes
    assert sent == 201_005
    with store.sessions.begin() as s:  # the kiosk lost its state: it asks, and sends nothing
        for b in s.scalars(select(Blob)):
            b.sync_state = "queued"
    report = uploader.run_once()
    assert report.already_there == 3 and report.uploaded == 0 and server.upload_bytes == sent
    client.close()


def test_a_cut_upload_resumes_and_sends_at_most_one_chunk_again(server, store, tmp_path):
    _, client = enrolled_client(server, store, tmp_path / "keys")
    size = 10 * CHUNK + 123
    [sha] = add_blobs(store, size)
    uploader = BlobUploader(client, store.sessions, blob_root(store), chunk_size=CHUNK)
    # write requests: "which do you have?", the upload's opening, chunks 1-3, then chunk 4
    # is cut half-way
    server.faults.inject("slow", "slow", "slow", "slow", "slow", "drop")
    server.faults.slow_seconds = 0.0
    report = uploader.run_once()
    assert report.stopped == "offline" and states(store)[sha] == "queued"
    with store.sessions.begin() as s:
        progress = s.get(BlobUpload, sha)
        assert progress.offset == 3 * CHUNK and "không kết nối được" in progress.last_error
    report = uploader.run_once()
    assert report.uploaded == 1 and states(store)[sha] == "acknowledged"
    assert hashlib.sha256(server.state.blobs.read(sha)).hexdigest() == sha
    again = server.upload_bytes - size
    assert 0 < again <= CHUNK  # the half chunk that was cut, and nothing else
    client.close()


def test_a_file_that_does_not_match_its_hash_is_refused(server, store, tmp_path):
    _, client = enrolled_client(server, store, tmp_path / "keys")
    [sha] = add_blobs(store, 3000)
    BlobStore(blob_root(store)).path(sha).write_bytes(b"x" * 3000)  # damaged on this disk
    uploader = BlobUploader(client, store.sessions, blob_root(store), chunk_size=CHUNK)
    report = uploader.run_once()
    assert report.failed == 1 and states(store)[sha] == "failed"
    assert server.store.have_blobs([sha]) == set()
    client.close()


def test_pulls_apply_catalog_holidays_and_statuses(server, store, tmp_path):
    device, client = enrolled_client(server, store, tmp_path / "keys")
    seed = json.loads(Path("resources/catalog/seed.json").read_text("utf-8"))
    seed["procedures"] = seed["procedures"][:2]
    server.store.publish("catalog", {"version": 1, "document": seed})
    server.store.publish("catalog", {"version": 2, "document": {"format": "nonsense"}})
    text = '[[day]]\ndate = 2026-12-31\nworking = false\nreason = "Nghỉ bù"\n'
    server.store.publish("holidays", {"name": "2026-extra.toml", "text": text})
    server.store.publish("holidays", {"name": "../../etc/passwd", "text": text})
    other = "000.00.18.H05-261207-0001"
    requests.put(  # a dossier of this agency (unsigned: refused), then signed
        f"{server.url}{API}/dossiers/d-1", json=item(dossier_payload()), timeout=5
    )
    assert (
        client.send_item(
            "dossier.accepted", "d-1", json.dumps(item(dossier_payload())).encode()
        ).kind
        == "ok"
    )
    server.store.set_status("d-1", "result_ready")
    client.send_item(
        "dossier.accepted",
        "d-9",
        json.dumps(item(dossier_payload(other), entity="d-9", key="k-9")).encode(),
    )  # another agency's dossier: not this device's business
    holidays = tmp_path / "holidays"
    puller = Puller(client, store.sessions, device, holidays_dir=holidays, page=2)
    report = puller.run_once()
    assert report.stopped is None and report.catalog == 1 and report.holidays == 1
    assert report.skipped == 2  # the nonsense catalog and the file name outside the folder
    assert (holidays / "2026-extra.toml").read_text("utf-8") == text
    assert not (tmp_path / "etc").exists()
    with store.sessions.begin() as s:
        codes = set(s.scalars(select(Procedure.code)))
        assert codes == {p["code"] for p in seed["procedures"]}
        statuses = {c.dossier_id: c.status for c in s.scalars(select(CentralStatus))}
    assert statuses == {"d-1": "result_ready"}
    assert puller.run_once().applied == 0  # the cursor moved: nothing twice
    assert puller.cursor() == server.store.last_seq() - 1  # d-9's change was not for us
    client.close()


def test_pulls_need_an_enrolled_device(server):
    answer = requests.get(f"{server.url}{API}/pull?since=0", timeout=5)
    assert answer.status_code == 401 and answer.json()["message"]


def test_two_kiosks_of_one_agency_never_collide(server, tmp_path):
    """Both reserve blocks while online, then go offline for the day and allocate every number
    they hold, plus their fallback ranges: no code is given twice."""
    kiosks = []
    for n in (1, 2):
        store = open_store(sqlite_url(tmp_path / f"k{n}" / "store.sqlite3"))
        device, client = enrolled_client(server, store, tmp_path / f"keys{n}", machine=f"m-{n}")
        kiosks.append((store, device, client, CodeService(store.sessions)))
    for _ in range(3):  # interleaved reservations, as two counters opening in the morning
        for store, device, client, _ in kiosks:
            assert Puller(client, store.sessions, device).reserve(DAY, size=20)
    for store, device, client, _ in kiosks:  # a lost answer comes back through the pull
        Puller(client, store.sessions, device).run_once()
        client.close()
    allocated = []
    for counter, (store, _, _, codes) in enumerate(kiosks, start=1):
        held = [b for b in codes.blocks(AGENCY, DAY) if b.source == "central"]
        assert sum(b.last - b.first + 1 for b in held) == 60
        for _ in range(60 + 5):  # every reserved number, then five from the fallback range
            allocated.append(codes.allocate(AGENCY, DAY, counter))
        store.close()
    assert len(allocated) == len(set(allocated)) == 130


def test_two_kiosks_of_one_agency_never_share_a_register_number(server, tmp_path):
    """Register blocks (issue 14: per agency and year) come from the central system: both kiosks
    reserve while online (one answer lost: the pull brings it), then go offline and accept every
    dossier they can number, plus three from their counters' fallback ranges: no number twice."""
    from kiosk.register import REGISTER_PLAN
    from tests.factories import AGENCY as MINE
    from tests.factories import MONDAY, add_procedure, complete_draft, make_reception

    kiosks = []
    for n in (1, 2):
        store = open_store(sqlite_url(tmp_path / f"k{n}" / "store.sqlite3"))
        keys = tmp_path / f"keys{n}"
        device, client = enrolled_client(server, store, keys, machine=f"m-{n}", agency=MINE)
        kiosks.append((store, Puller(client, store.sessions, device), client))
    for _ in range(2):
        for _, puller, _ in kiosks:
            assert puller.reserve_register(MONDAY.year, size=5)
    server.faults.inject("drop_after_store")  # the server reserves, the answer is lost
    assert not kiosks[0][1].reserve_register(MONDAY.year, size=5)
    pulled = [puller.run_once().register_blocks for _, puller, _ in kiosks]
    assert pulled == [1, 0]  # the lost one; the blocks already held are not added twice
    for _, puller, client in kiosks:
        assert puller.top_up_register(MONDAY.year, size=5)  # below the low water: one more
        client.close()
    numbers = []
    for counter, (store, _, _) in enumerate(kiosks, start=1):
        with store.sessions.begin() as s:
            held = s.scalars(select(RegisterBlock).where(RegisterBlock.source == "central")).all()
        reserved = sum(b.last - b.first + 1 for b in held)
        assert reserved == (20 if counter == 1 else 15)
        version_id = add_procedure(store)
        reception = make_reception(store, tmp_path / f"m{counter}", counter=counter)
        for _ in range(reserved + 3):
            snap = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
            numbers.append((snap.register_book, snap.register_number))
        store.close()
    assert len(numbers) == len(set(numbers)) == 20 + 15 + 6
    fallback = [n for _, n in numbers if n > REGISTER_PLAN.base]
    assert sorted(fallback) == [*range(900_001, 900_004), *range(904_001, 904_004)]
    assert {book for book, _ in numbers} == {f"01/{MONDAY.year}"}
    assert max(n for _, n in numbers if n <= REGISTER_PLAN.base) == 35  # from 1, no gap
