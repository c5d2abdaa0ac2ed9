"""The reference central server over real HTTP on 127.0.0.1: idempotent receive, conflicts,
health."""

import json
import socket
import sqlite3
from datetime import datetime

import pytest
import requests

from kiosk.canonical import canonical_sha256
from sync.central_server import CentralServer
from sync.health import check


@pytest.fixture
def server(tmp_path):
    srv = CentralServer(tmp_path, port=0).start()
    yield srv
    srv.stop()


def item(payload, revision=1, key="k-1"):
    return {
        "idempotency_key": key,
        "kind": "dossier.accepted",
        "entity_id": "d-1",
        "revision": revision,
        "payload": payload,
        "payload_sha256": canonical_sha256(payload),
    }


def test_receive_is_idempotent_and_detects_conflicts(server):
    url = f"{server.url}/api/v1/items"
    first = requests.post(url, json=item({"code": "X-1", "tên": "Nguyễn"}), timeout=5)
    assert first.status_code == 201 and first.json()["duplicate"] is False
    again = requests.post(
        url, json=item({"tên": "Nguyễn", "code": "X-1"}), timeout=5
    )  # same content, other key order
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["received_at"] == first.json()["received_at"]
    assert datetime.fromisoformat(first.json()["received_at"]).utcoffset() is not None
    other = requests.post(url, json=item({"code": "X-2"}, key="k-2"), timeout=5)
    assert other.status_code == 409
    assert server.store.count() == 1


def test_bad_bodies_are_refused(server):
    url = f"{server.url}/api/v1/items"
    bad = item({"code": "X-1"})
    bad["payload_sha256"] = "0" * 64
    assert requests.post(url, json=bad, timeout=5).status_code == 422
    assert requests.post(url, data=b"not json", timeout=5).status_code == 400
    assert requests.post(url, json={"kind": "x"}, timeout=5).status_code == 400
    surrogate = (
        '{"idempotency_key":"k","kind":"k","entity_id":"e","revision":1,'
        '"payload":{"a":"\\ud800"},"payload_sha256":"' + "0" * 64 + '"}'
    )
    assert requests.post(url, data=surrogate.encode(), timeout=5).status_code == 400
    assert server.store.count() == 0


def test_health_check(server, tmp_path):
    assert check(server.url).reachable
    status = check("http://127.0.0.1:9")  # nothing listens there
    assert not status.reachable and "không kết nối được" in status.detail
    assert "Error" not in status.detail  # an officer reads it: no exception class names


def test_captive_portal_is_not_taken_for_the_central_system(tmp_path):
    """A Wi-Fi login page answers 200 with HTML: that is not a connection."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Portal(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<html>Dang nhap Wi-Fi</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        status = check(f"http://127.0.0.1:{httpd.server_address[1]}")
        assert not status.reachable and "cổng đăng nhập" in status.detail
    finally:
        httpd.shutdown()


def raw(server, data: bytes) -> tuple[int, dict]:
    """Send bytes as they are over a real socket; return (status, JSON body) of the answer."""
    host, port = server.address[:2]
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)  # a short body ends here instead of waiting for the timeout
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body)


def post(body: bytes, length: bytes | None = None) -> bytes:
    length = str(len(body)).encode() if length is None else length
    return (
        b"POST /api/v1/items HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\n" + body
    )


GOOD = item({"code": "X-1"})


@pytest.mark.parametrize(
    "data, status, code",
    [
        (post(b"{}", b"abc"), 400, "bad_request"),
        (post(b"{}", "１２".encode()), 400, "bad_request"),
        (post(b"{}", b"-1"), 400, "bad_request"),
        (post(b"{}", b"9" * 30), 400, "bad_request"),
        (post(b"{}", b"99999999"), 413, "too_large"),
        (post(b"{}", b"0"), 400, "empty_body"),
        (b"POST /api/v1/items HTTP/1.1\r\nHost: x\r\n\r\n{}", 411, "length_required"),
        (
            b"POST /api/v1/items HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            400,
            "bad_request",
        ),
        (post(b"{}", b"50"), 408, "timeout"),
        (post(b"\xff\xfe{}"), 400, "not_utf8"),
        (post(b"[" * 100_000 + b"]" * 100_000), 400, "too_deep"),
        (post(b'{"a":' * 70 + b"1" + b"}" * 70), 400, "too_deep"),
        (post(b"1" * 5000), 400, "number_too_large"),
        (post(b"NaN"), 400, "not_json"),
        (post(json.dumps({**GOOD, "revision": 10**30}).encode()), 400, "malformed_item"),
        (post(json.dumps({**GOOD, "revision": 1e300}).encode()), 400, "malformed_item"),
        (post(json.dumps({**GOOD, "revision": True}).encode()), 400, "malformed_item"),
        (post(json.dumps({**GOOD, "kind": {"a": 1}}).encode()), 400, "malformed_item"),
        (post(json.dumps({**GOOD, "entity_id": "\ud800"}).encode()), 400, "bad_text"),
        (post(b"[]"), 400, "malformed_item"),
        (b"BREW /api/v1/items HTTP/1.1\r\nHost: x\r\n\r\n", 501, "not_implemented"),
        (b"BREW /api/v1/items HTTP/1.1\r\n\r\n", 400, "bad_request"),  # no Host
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 400, "bad_request"),
        (post(json.dumps(GOOD).encode()).replace(b"POST", b"PUT"), 405, "method_not_allowed"),
    ],
)
def test_bad_requests_get_a_vietnamese_4xx_and_store_nothing(server, data, status, code):
    """Framing that uvicorn's HTTP parser (h11) refuses before the app sees it (a Content-Length
    that is not one number, no Host, a request line over 16 KiB) is a JSON 400 ``bad_request``;
    the rest is the app's own refusal with its own code."""
    got, body = raw(server, data)
    assert (got, body["error"]) == (status, code)
    assert body["message"] and body["message"] != body["message_en"]
    assert server.store.count() == 0 and server.unhandled == 0


def test_a_good_item_over_a_raw_socket_is_stored(server):
    assert raw(server, post(json.dumps(GOOD).encode()))[0] == 201
    assert server.store.count() == 1


def test_a_silent_connection_is_closed(tmp_path):
    srv = CentralServer(tmp_path, port=0, idle_timeout=0.2).start()
    try:
        with socket.create_connection(srv.address[:2], timeout=10) as sock:
            assert sock.recv(100) == b""  # closed by the server, long before our 10 s
        with socket.create_connection(srv.address[:2], timeout=10) as sock:
            sock.sendall(post(b"{}", b"50"))  # announces 50 bytes, sends 2, then goes silent
            assert b" 408 " in sock.recv(1000).split(b"\r\n")[0]
        assert srv.unhandled == 0
    finally:
        srv.stop()


def test_a_locked_database_gives_503_and_stores_nothing(tmp_path):
    srv = CentralServer(tmp_path, port=0, busy_timeout=0.05).start()
    lock = sqlite3.connect(srv.store.path, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")
        answer = requests.post(f"{srv.url}/api/v1/items", json=GOOD, timeout=5)
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
        assert "gửi lại sau" in answer.json()["message"]
        lock.execute("ROLLBACK")
        assert srv.store.count() == 0
        assert requests.post(f"{srv.url}/api/v1/items", json=GOOD, timeout=5).status_code == 201
    finally:
        lock.close()
        srv.stop()
