"""Public dossier lookup at the kiosk: public facts only, the central lookup first with the local
store as fallback, forged or unknown codes refused clearly (issue 13 §4)."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from kiosk.errors import InvalidInput
from kiosk.public_lookup import LookupUnavailable, PublicLookup, facts_from_json
from kiosk.receipt_qr import QrPayload, QrSigner, receipt_verifier
from sync.public_lookup import CentralPublicLookup
from tests.factories import MONDAY, add_procedure, complete_draft, make_reception
from tests.fuzzing import fuzz

CENTRAL_ONLY = "000.31.27.H56-261207-0500"


class _Central(BaseHTTPRequestHandler):
    mode = "ok"  # ok | html | error | garbage

    def do_GET(self):  # noqa: N802 (http.server)
        code = self.path.rsplit("/", 1)[-1]
        if self.mode == "error":
            self._send(503, b"{}", "application/json")
        elif self.mode == "html":
            self._send(200, b"<html>Wi-Fi login</html>", "text/html")
        elif self.mode == "garbage":
            self._send(200, json.dumps({"code": code, "status": 7}).encode(), "application/json")
        elif code == CENTRAL_ONLY or code == self.server.known:
            body = {
                "code": code,
                "procedure_code": "1.001193",
                "procedure_name": "Đăng ký khai sinh",
                "status": "result_ready",
                "status_text": "Đã có kết quả",
                "appointment_date": "2026-12-09",
            }
            self._send(200, json.dumps(body).encode(), "application/json; charset=utf-8")
        else:
            self._send(404, b'{"error":"not_found"}', "application/json")

    def _send(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def central():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Central)
    server.known = ""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    _Central.mode = "ok"
    server.shutdown()
    server.server_close()


@pytest.fixture
def signer():
    return QrSigner(Ed25519PrivateKey.generate())


@pytest.fixture
def accepted(store, tmp_path):
    reception = make_reception(store, tmp_path)
    snap = complete_draft(reception, add_procedure(store))
    return reception.accept(snap.id, None, MONDAY).dossier


def _lookup(store, signer, central=None):
    client = CentralPublicLookup(f"http://127.0.0.1:{central.server_port}") if central else None
    return PublicLookup(
        store.sessions, verify=receipt_verifier(signer.public_key, None), central=client
    )


def _receipt(signer, code, applicant="038090123456"):
    return signer.sign(
        QrPayload(code, "1.001193", applicant, "Giấy tiếp nhận", "HTTT", datetime(2026, 12, 7, 9))
    )


def test_local_store_answers_with_public_facts_only(store, signer, accepted):
    facts = _lookup(store, signer).look_up(accepted.code)
    assert (facts.code, facts.procedure_code, facts.status) == (
        accepted.code,
        "1.001193",
        "accepted",
    )
    assert facts.status_text == "Đã tiếp nhận"
    assert facts.appointment_date == accepted.due_date
    assert facts.source == "local"
    shown = json.dumps(facts.__dict__, default=str, ensure_ascii=False)
    assert "038090123456" not in shown and "Nguyễn" not in shown


def test_central_answers_first(store, signer, accepted, central):
    central.known = accepted.code
    facts = _lookup(store, signer, central).look_up(accepted.code.lower())
    assert (facts.source, facts.status, facts.appointment_date) == (
        "central",
        "result_ready",
        date(2026, 12, 9),
    )
    assert _lookup(store, signer, central).look_up(CENTRAL_ONLY).source == "central"


@pytest.mark.parametrize("mode", ["error", "html", "garbage"])
def test_central_trouble_falls_back_to_the_store(store, signer, accepted, central, mode):
    _Central.mode = mode
    facts = _lookup(store, signer, central).look_up(accepted.code)
    assert (facts.source, facts.code) == ("local", accepted.code)


def test_central_404_still_asks_the_store(store, signer, accepted, central):
    assert _lookup(store, signer, central).look_up(accepted.code).source == "local"


def test_central_down_falls_back(store, signer, accepted, central):
    port = central.server_port
    central.shutdown()
    central.server_close()
    client = CentralPublicLookup(f"http://127.0.0.1:{port}")
    lookup = PublicLookup(
        store.sessions, verify=receipt_verifier(signer.public_key, None), central=client
    )
    assert lookup.look_up(accepted.code).source == "local"


def test_receipt_qr_verified_then_looked_up(store, signer, accepted):
    facts = _lookup(store, signer).look_up(_receipt(signer, accepted.code))
    assert facts.code == accepted.code and facts.from_qr


def test_forged_and_tampered_qr_are_refused(store, signer, accepted):
    lookup = _lookup(store, signer)
    genuine = _receipt(signer, accepted.code)
    tampered = genuine.replace("HN=", "HN=2027").replace(accepted.code, CENTRAL_ONLY)
    with pytest.raises(InvalidInput, match="giả mạo"):
        lookup.look_up(tampered)
    other = QrSigner(Ed25519PrivateKey.generate())
    with pytest.raises(InvalidInput, match="khóa không có trong danh sách tin cậy"):
        lookup.look_up(_receipt(other, accepted.code))
    with pytest.raises(InvalidInput, match="không đúng định dạng"):
        lookup.look_up("MC1\nHS=x")


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "Hãy quét"),
        ("hello", "không phải mã hồ sơ"),
        ("000.31.27.H56-261207-0999", "Không tìm thấy hồ sơ"),
    ],
)
def test_bad_or_unknown_codes_get_a_clear_message(store, signer, text, words):
    with pytest.raises(InvalidInput, match=words):
        _lookup(store, signer).look_up(text)


_FUZZ_SIGNER = QrSigner(Ed25519PrivateKey.generate())


@fuzz()
@given(st.one_of(st.text(max_size=300), st.text(max_size=300).map(lambda t: "MC1\n" + t)))
def test_typed_or_scanned_text_never_crashes(text):
    lookup = PublicLookup(None, verify=receipt_verifier(_FUZZ_SIGNER.public_key, None))
    try:
        lookup.code_of(text)
    except InvalidInput:
        pass


@fuzz()
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "code",
                "procedure_code",
                "procedure_name",
                "status",
                "status_text",
                "appointment_date",
                "x",
            ]
        ),
        st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.integers())),
    )
)
def test_hostile_central_answers_are_refused_cleanly(data):
    try:
        facts = facts_from_json(data)
    except LookupUnavailable:
        return
    assert facts.source == "central"


def test_against_the_reference_central_server(store, signer, accepted, tmp_path):
    """The real reference server (sync/server) over HTTP: after the central system has the
    dossier, its status wins over the store's; a code it lacks still comes from the store."""
    import requests

    from sync.central_server import CentralServer
    from sync.client import API
    from tests.sync.helpers import dossier_payload, item

    server = CentralServer(tmp_path / "central", port=0).start()
    try:
        lookup = PublicLookup(
            store.sessions,
            verify=receipt_verifier(signer.public_key, None),
            central=CentralPublicLookup(server.url),
        )
        assert lookup.look_up(accepted.code).source == "local"  # 404 there, found here
        body = item(dossier_payload(accepted.code, status="result_ready"))
        answer = requests.put(f"{server.url}{API}/dossiers/d-1", json=body, timeout=5)
        assert answer.status_code == 201
        facts = lookup.look_up(accepted.code)
        assert (facts.source, facts.status, facts.status_text) == (
            "central",
            "result_ready",
            "Đã có kết quả",
        )
        assert facts.appointment_date == date(2026, 12, 10)
    finally:
        server.stop()


def test_null_procedure_fields_are_allowed_by_the_contract():
    facts = facts_from_json(
        {
            "code": CENTRAL_ONLY,
            "procedure_code": None,
            "procedure_name": None,
            "status": "accepted",
            "status_text": "Đã tiếp nhận",
            "appointment_date": None,
        }
    )
    assert (facts.procedure_code, facts.procedure_name, facts.appointment_date) == ("", "", None)
