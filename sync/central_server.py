"""A reference central server for development, tests, pilots and ``kiosk demo`` (DESIGN §7).

It implements the receiving side of the contract with the rules the kiosk relies on: an outbox item
is identified by its idempotency key and by (entity, revision, SHA-256 of the canonical payload); an
identical resend gets the stored receipt back; different content under the same entity and revision
is a 409 conflict. It stores what it receives in its own SQLite file. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kiosk.canonical import canonical_json, canonical_sha256

log = logging.getLogger(__name__)
API = "/api/v1"
MAX_BODY = 20 * 1024 * 1024
SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
  idempotency_key TEXT PRIMARY KEY,
  kind TEXT NOT NULL, entity_id TEXT NOT NULL, revision INTEGER NOT NULL,
  payload_sha256 TEXT NOT NULL, payload TEXT NOT NULL, received_at TEXT NOT NULL,
  UNIQUE (entity_id, revision, kind)
);
"""


class CentralStore:
    """What the central server has received (thread-safe: one connection per call)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def receive(self, item: dict) -> tuple[int, dict]:
        """Store one outbox item; return (HTTP status, answer)."""
        try:
            key, kind = str(item["idempotency_key"]), str(item["kind"])
            entity, revision = str(item["entity_id"]), int(item["revision"])
            payload, claimed = item["payload"], str(item["payload_sha256"])
            text = canonical_json(payload)
            digest = canonical_sha256(payload)  # ValueError: a lone surrogate in the payload
        except (KeyError, TypeError, ValueError):
            return HTTPStatus.BAD_REQUEST, {"error": "malformed item"}
        if digest != claimed:
            return HTTPStatus.UNPROCESSABLE_ENTITY, {"error": "payload_sha256 does not match the payload"}
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT payload_sha256, received_at FROM items WHERE idempotency_key=? OR "
                             "(entity_id=? AND revision=? AND kind=?)", (key, entity, revision, kind)).fetchone()
            if row is not None:
                db.execute("COMMIT")
                if row[0] == digest:
                    return HTTPStatus.OK, {"status": "acknowledged", "received_at": row[1], "duplicate": True}
                return HTTPStatus.CONFLICT, {"error": "different content under the same revision"}
            now = datetime.now().isoformat(timespec="seconds")
            db.execute("INSERT INTO items VALUES (?,?,?,?,?,?,?)",
                       (key, kind, entity, revision, digest, text, now))
            db.execute("COMMIT")
        return HTTPStatus.CREATED, {"status": "acknowledged", "received_at": now, "duplicate": False}

    def count(self) -> int:
        with self._connect() as db:
            return db.execute("SELECT COUNT(*) FROM items").fetchone()[0]


def _handler(store: CentralStore):
    class Handler(BaseHTTPRequestHandler):
        server_version = "MotCuaCentral/0.1"

        def log_message(self, fmt, *args) -> None:  # no personal data in logs: paths and codes only
            log.debug("central %s", fmt % args)

        def _send(self, status: int, body: dict) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server API)
            if self.path == f"{API}/health":
                self._send(HTTPStatus.OK, {"status": "ok", "items": store.count(),
                                           "server_time": datetime.now().isoformat(timespec="seconds")})
            else:
                self._send(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            if self.path != f"{API}/items":
                self._send(HTTPStatus.NOT_FOUND, {"error": "not found"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            if not 0 < length <= MAX_BODY:
                self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length else HTTPStatus.LENGTH_REQUIRED,
                           {"error": "bad length"})
                return
            try:
                item = json.loads(self.rfile.read(length))
            except ValueError:
                self._send(HTTPStatus.BAD_REQUEST, {"error": "not JSON"})
                return
            self._send(*store.receive(item))

    return Handler


class CentralServer:
    """The reference server on 127.0.0.1, in a background thread (``start``) or the foreground."""

    def __init__(self, data_dir: Path, port: int = 8765) -> None:
        self.store = CentralStore(Path(data_dir) / "central.sqlite3")
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(self.store))
        self.httpd.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> CentralServer:
        threading.Thread(target=self.httpd.serve_forever, name="central-server", daemon=True).start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
