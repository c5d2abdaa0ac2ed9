"""The reference central server's contract over real HTTP on 127.0.0.1: dossier upsert by UUID and
revision, the public lookup, ratings, device enrolment and signed requests (RFC 9421)."""

from __future__ import annotations

import json

import pytest
import requests

from sync.central_server import CentralServer
from sync.client import API, CentralClient
from sync.device import EnrolmentError, enrol
from sync.public_lookup import CentralPublicLookup
from sync.signatures import Signer
from tests.sync.helpers import AGENCY, dossier_payload, enrolled_client, item


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path / "central", port=0).start()
    yield srv
    srv.stop()


@pytest.fixture
def strict(tmp_path):
    srv = CentralServer(tmp_path / "strict", port=0, require_signatures=True).start()
    yield srv
    srv.stop()


def put(server, body, dossier="d-1", **kw):
    return requests.put(f"{server.url}{API}/dossiers/{dossier}", json=body, timeout=5, **kw)


def test_dossier_upsert_by_uuid_and_revision(server):
    first = put(server, item(dossier_payload()))
    assert first.status_code == 201 and first.json()["duplicate"] is False
    again = put(server, item(dossier_payload(), key="other-key"))  # same content, other key
    assert again.status_code == 200 and again.json() == {**first.json(), "duplicate": True}
    changed = put(server, item(dossier_payload(status="refused"), key="k-2"))
    assert changed.status_code == 409 and changed.json()["error"] == "conflict"
    assert "cùng phiên bản" in changed.json()["message"]
    other_kind = item(dossier_payload(status="refused"), kind="dossier.refused", key="k-3")
    assert put(server, other_kind).status_code == 409  # one revision, one content, any kind
    assert put(server, item(dossier_payload(), entity="d-2"), dossier="d-1").status_code == 400
    assert put(server, item({"a": 1}, kind="rating")).status_code == 400
    assert server.store.count() == 1


def test_public_lookup_shows_nothing_personal(server):
    code = "000.00.17.H05-261207-0001"
    assert requests.get(f"{server.url}{API}/public/dossiers/{code}", timeout=5).status_code == 404
    put(server, item(dossier_payload(code)))
    answer = requests.get(f"{server.url}{API}/public/dossiers/{code}", timeout=5)
    assert answer.status_code == 200
    assert answer.json() == {
        "code": code,
        "procedure_code": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
        "status": "accepted",
        "status_text": "Đã tiếp nhận",
        "appointment_date": "2026-12-10",
    }
    assert "Nguyễn" not in answer.text
    put(server, item(dossier_payload(code, status="returned"), revision=3, key="k-3"))
    put(server, item(dossier_payload(code, status="result_ready"), revision=2, key="k-2"))
    view = requests.get(f"{server.url}{API}/public/dossiers/{code}", timeout=5).json()
    assert view["status"] == "returned"  # an older revision arriving late changes nothing
    server.store.set_status("d-1", "result_ready")
    view = requests.get(f"{server.url}{API}/public/dossiers/{code}", timeout=5).json()
    assert view["status_text"] == "Đã có kết quả"
    bad = requests.get(f"{server.url}{API}/public/dossiers/%3Cscript%3E", timeout=5)
    assert bad.status_code == 404 and bad.json()["message"]
    lookup = CentralPublicLookup(server.url)  # the citizen kiosk's own client
    facts = lookup.fetch(code)
    assert (facts.status, str(facts.appointment_date)) == ("result_ready", "2026-12-10")
    assert lookup.fetch("000.00.17.H05-261207-0999") is None
    lookup.close()


def test_ratings_are_idempotent(server):
    body = item(
        {"dossier_code": "000.00.17.H05-261207-0001", "score": 3},
        kind="rating",
        entity="r-1",
    )
    url = f"{server.url}{API}/ratings"
    assert requests.post(url, json=body, timeout=5).status_code == 201
    assert requests.post(url, json=body, timeout=5).json()["duplicate"] is True
    changed = item({"score": 1}, kind="rating", entity="r-1", key="k-9")
    assert requests.post(url, json=changed, timeout=5).status_code == 409
    wrong = item({"score": 1}, kind="dossier.accepted", entity="r-2", key="k-8")
    assert requests.post(url, json=wrong, timeout=5).status_code == 400
    assert server.store.count_ratings() == 1


def test_enrolment_and_signed_requests(strict, store, tmp_path):
    unsigned = put(strict, item(dossier_payload()))
    assert unsigned.status_code == 401 and unsigned.json()["error"] == "unsigned"
    device, client = enrolled_client(strict, store, tmp_path / "keys")
    assert device.agency_code == AGENCY
    outcome = client.send_item(
        "dossier.accepted", "d-1", json.dumps(item(dossier_payload())).encode()
    )
    assert outcome.kind == "ok" and strict.store.count() == 1
    # the same signed request again (a replay): refused, even though the content is identical
    body = json.dumps(item(dossier_payload(), key="k-2")).encode()
    request = requests.Request(
        "PUT",
        f"{strict.url}{API}/dossiers/d-1",
        data=body,
        headers={"Content-Type": "application/json"},
    ).prepare()
    client.http.auth(request)
    first = requests.Session().send(request, timeout=5)
    assert first.status_code == 200
    replay = requests.Session().send(request, timeout=5)
    assert replay.status_code == 401 and replay.json()["error"] == "replayed"
    # a body changed after signing: the digest no longer matches
    tampered = request.copy()
    tampered.body = body.replace(b"k-2", b"k-3")
    tampered.headers["Content-Length"] = str(len(tampered.body))
    assert requests.Session().send(tampered, timeout=5).json()["error"] == "bad_digest"
    client.close()


def test_bad_stale_and_unknown_signatures_are_refused(strict, store, tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    device, good = enrolled_client(strict, store, tmp_path / "keys")
    body = json.dumps(item(dossier_payload())).encode()
    cases = {
        "bad_signature": Signer(Ed25519PrivateKey.generate(), device.device_id),
        "unknown_device": Signer(Ed25519PrivateKey.generate(), "no-such-device"),
        "stale_signature": Signer(good.signer.key, device.device_id, clock=lambda: 1e9),
    }
    for code, signer in cases.items():
        client = CentralClient(strict.url, signer=signer)
        outcome = client.send_item("dossier.accepted", "d-1", body)
        assert outcome.kind == "auth", code  # the engine stops its pass and waits
        answer = client.request("PUT", f"{API}/dossiers/d-1", data=body)
        assert answer.status_code == 401 and answer.json()["error"] == code
        assert answer.json()["message"] != answer.json()["message_en"]
        client.close()
    strict.store.revoke(device.device_id)
    assert good.send_item("dossier.accepted", "d-1", body).kind == "auth"
    assert strict.store.count() == 0
    good.close()


def test_an_enrolment_code_works_once(server, store, tmp_path):
    code = server.store.issue_enrolment_code(AGENCY, "Quầy 2")
    enrol(store.sessions, "m-1", tmp_path / "keys", server.url, code)
    with pytest.raises(EnrolmentError, match="đã dùng"):
        enrol(store.sessions, "m-2", tmp_path / "keys2", server.url, code)
    with pytest.raises(EnrolmentError, match="Không kết nối được"):
        enrol(store.sessions, "m-3", tmp_path / "keys3", "http://127.0.0.1:9", "X")
