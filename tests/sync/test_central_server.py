"""The reference central server over real HTTP on 127.0.0.1: idempotent receive, conflicts, health."""

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
    return {"idempotency_key": key, "kind": "dossier.accepted", "entity_id": "d-1", "revision": revision,
            "payload": payload, "payload_sha256": canonical_sha256(payload)}


def test_receive_is_idempotent_and_detects_conflicts(server):
    url = f"{server.url}/api/v1/items"
    first = requests.post(url, json=item({"code": "X-1", "tên": "Nguyễn"}), timeout=5)
    assert first.status_code == 201 and first.json()["duplicate"] is False
    again = requests.post(url, json=item({"tên": "Nguyễn", "code": "X-1"}), timeout=5)  # same content, other key order
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["received_at"] == first.json()["received_at"]
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
    surrogate = ('{"idempotency_key":"k","kind":"k","entity_id":"e","revision":1,'
                 '"payload":{"a":"\\ud800"},"payload_sha256":"' + "0" * 64 + '"}')
    assert requests.post(url, data=surrogate.encode(), timeout=5).status_code == 400
    assert server.store.count() == 0


def test_health_check(server, tmp_path):
    assert check(server.url).reachable
    status = check("http://127.0.0.1:9")  # nothing listens there
    assert not status.reachable and "không kết nối được" in status.detail


def test_captive_portal_is_not_taken_for_the_central_system(tmp_path):
    """A Wi-Fi login page answers 200 with HTML: that is not a connection."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    import threading

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
