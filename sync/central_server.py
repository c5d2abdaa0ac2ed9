"""A reference central server for development, tests, pilots and ``kiosk demo`` (DESIGN §7).

It implements the receiving side of the contract with the rules the kiosk relies on: an outbox item
is identified by its idempotency key and by (entity, revision, SHA-256 of the canonical payload); an
identical resend gets the stored receipt back; different content under the same entity and revision
is a 409 conflict. It stores what it receives in its own SQLite file. It listens on 127.0.0.1 only.

Every answer is JSON. A bad request (framing, encoding, JSON, field types) gets a 4xx with a
Vietnamese ``message`` (``message_en`` in English) and stores nothing; a busy or full database
gets a 503 to retry later; a connection that sends nothing is closed after ``idle_timeout``.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import sqlite3
import sys
import threading
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kiosk.canonical import canonical_json, canonical_sha256

log = logging.getLogger(__name__)
API = "/api/v1"
MAX_BODY = 20 * 1024 * 1024
MAX_DEPTH = 64  # nesting of the JSON body; a dossier payload needs about 5
MAX_ID = 200  # characters of an idempotency key, kind or entity id
MAX_REVISION = 2**63 - 1  # what an SQLite INTEGER holds
IDLE_TIMEOUT = 30.0  # seconds a connection may stay silent
_SHA256 = re.compile(r"[0-9a-f]{64}")
_DIGITS = re.compile(r"[0-9]{1,12}")
SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
  idempotency_key TEXT PRIMARY KEY,
  kind TEXT NOT NULL, entity_id TEXT NOT NULL, revision INTEGER NOT NULL,
  payload_sha256 TEXT NOT NULL, payload TEXT NOT NULL, received_at TEXT NOT NULL,
  UNIQUE (entity_id, revision, kind)
);
"""


class Refused(Exception):
    """A refused request: HTTP status, error code, and the message in Vietnamese and English."""

    def __init__(self, status: int, code: str, vi: str, en: str) -> None:
        super().__init__(en)
        self.status, self.code, self.vi, self.en = status, code, vi, en

    def body(self) -> dict:
        return {"error": self.code, "message": self.vi, "message_en": self.en}


@dataclass(frozen=True)
class Item:
    idempotency_key: str
    kind: str
    entity_id: str
    revision: int
    payload: dict
    payload_sha256: str


def parse_item(body: bytes) -> Item:
    """The outbox item in a request body; Refused (400/422) for anything that is not a valid one."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad(
            "not_utf8", "Nội dung gửi lên không phải văn bản UTF-8.", "The body is not UTF-8 text."
        ) from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError:
        raise _bad(
            "not_json", "Nội dung gửi lên không phải JSON hợp lệ.", "The body is not valid JSON."
        ) from None
    except ValueError:  # an integer of more than 4300 digits
        raise _bad(
            "number_too_large",
            "JSON có một số quá lớn.",
            "The JSON holds a number that is too large.",
        ) from None
    except RecursionError:
        raise _too_deep() from None
    _check_tree(data)
    if not isinstance(data, dict):
        raise _bad(
            "malformed_item",
            "Nội dung phải là một đối tượng JSON (một mục của hộp thư đi).",
            "The body must be a JSON object (one outbox item).",
        )
    item = Item(
        *(
            _field(data, name)
            for name in (
                "idempotency_key",
                "kind",
                "entity_id",
                "revision",
                "payload",
                "payload_sha256",
            )
        )
    )
    if canonical_sha256(item.payload) != item.payload_sha256:
        raise Refused(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "sha256_mismatch",
            "payload_sha256 không khớp với nội dung (payload).",
            "payload_sha256 does not match the payload.",
        )
    return item


def _field(data: dict, name: str):
    if name not in data:
        raise _bad("malformed_item", f"Thiếu trường “{name}”.", f"The field '{name}' is missing.")
    value = data[name]
    if name == "revision":
        ok = type(value) is int and 0 <= value <= MAX_REVISION
        vi, en = f"số nguyên từ 0 đến {MAX_REVISION}", f"an integer 0-{MAX_REVISION}"
    elif name == "payload":
        ok, vi, en = isinstance(value, dict), "một đối tượng JSON", "a JSON object"
    elif name == "payload_sha256":
        ok = isinstance(value, str) and bool(_SHA256.fullmatch(value))
        vi, en = "64 chữ số hệ mười sáu viết thường", "64 lower-case hex digits"
    else:
        ok = isinstance(value, str) and 0 < len(value) <= MAX_ID
        vi, en = f"một chuỗi từ 1 đến {MAX_ID} ký tự", f"a string of 1-{MAX_ID} characters"
    if not ok:
        raise _bad(
            "malformed_item", f"Trường “{name}” phải là {vi}.", f"The field '{name}' must be {en}."
        )
    return value


def _check_tree(data) -> None:
    """Refuse nesting deeper than MAX_DEPTH and strings with lone surrogates (no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise _too_deep()
            if isinstance(value, dict):
                stack.extend((key, depth) for key in value)
            stack.extend(
                (child, depth + 1)
                for child in (value.values() if isinstance(value, dict) else value)
            )
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise _bad(
                    "bad_text",
                    "Có chuỗi chứa ký tự không hợp lệ (nửa cặp UTF-16).",
                    "A string holds an invalid character (a lone surrogate).",
                ) from None


def _no_constant(name: str):
    raise _bad("not_json", f"JSON không cho phép {name}.", f"JSON does not allow {name}.")


def _too_deep() -> Refused:
    return _bad(
        "too_deep",
        f"JSON lồng nhau quá sâu (tối đa {MAX_DEPTH} tầng).",
        f"The JSON nests too deeply (at most {MAX_DEPTH} levels).",
    )


def _bad(code: str, vi: str, en: str) -> Refused:
    return Refused(HTTPStatus.BAD_REQUEST, code, vi, en)


class CentralStore:
    """What the central server has received (thread-safe: one connection per call)."""

    def __init__(self, path: Path, busy_timeout: float = 15.0) -> None:
        self.path, self.busy_timeout = Path(path), busy_timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def receive(self, item: Item) -> tuple[int, dict]:
        """Store one outbox item; return (HTTP status, answer). sqlite3 errors propagate."""
        digest = item.payload_sha256
        with closing(self._connect()) as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute(
                "SELECT payload_sha256, received_at FROM items WHERE idempotency_key=? OR "
                "(entity_id=? AND revision=? AND kind=?)",
                (item.idempotency_key, item.entity_id, item.revision, item.kind),
            ).fetchone()
            if row is not None:
                db.execute("COMMIT")
                if row[0] == digest:
                    return HTTPStatus.OK, {
                        "status": "acknowledged",
                        "received_at": row[1],
                        "duplicate": True,
                    }
                return HTTPStatus.CONFLICT, Refused(
                    HTTPStatus.CONFLICT,
                    "conflict",
                    "Đã nhận nội dung khác cho cùng hồ sơ và cùng phiên bản (revision).",
                    "Different content under the same revision.",
                ).body()
            now = datetime.now(UTC).isoformat(timespec="seconds")
            db.execute(
                "INSERT INTO items VALUES (?,?,?,?,?,?,?)",
                (
                    item.idempotency_key,
                    item.kind,
                    item.entity_id,
                    item.revision,
                    digest,
                    canonical_json(item.payload),
                    now,
                ),
            )
            db.execute("COMMIT")
        return HTTPStatus.CREATED, {
            "status": "acknowledged",
            "received_at": now,
            "duplicate": False,
        }

    def count(self) -> int:
        with closing(self._connect()) as db:
            return db.execute("SELECT COUNT(*) FROM items").fetchone()[0]

    def digests(self) -> dict[str, tuple[str, str]]:
        """Each stored item's idempotency key → (SHA-256 it was sent with, SHA-256 of what is
        stored): the two match unless the store lost or altered something."""
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT idempotency_key, payload_sha256, payload FROM items"
            ).fetchall()
        return {key: (sent, canonical_sha256(json.loads(payload))) for key, sent, payload in rows}


def content_length(headers) -> int:
    """The body length a request announces; Refused for a missing, odd or oversized one."""
    if headers.get("Transfer-Encoding") is not None:
        raise Refused(
            HTTPStatus.LENGTH_REQUIRED,
            "length_required",
            "Không hỗ trợ Transfer-Encoding: hãy gửi kèm Content-Length.",
            "Transfer-Encoding is not supported: send a Content-Length.",
        )
    values = headers.get_all("Content-Length") or []
    if not values:
        raise Refused(
            HTTPStatus.LENGTH_REQUIRED,
            "length_required",
            "Thiếu Content-Length (độ dài nội dung).",
            "Content-Length is missing.",
        )
    if len(set(values)) != 1 or not _DIGITS.fullmatch(values[0].strip()):
        raise _bad(
            "bad_length",
            "Content-Length không phải một số byte hợp lệ.",
            "Content-Length is not a valid number of bytes.",
        )
    length = int(values[0])
    if length == 0:
        raise _bad("empty_body", "Nội dung gửi lên trống.", "The body is empty.")
    if length > MAX_BODY:
        raise Refused(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            "too_large",
            f"Nội dung lớn quá {MAX_BODY // (1024 * 1024)} MB.",
            f"The body is larger than {MAX_BODY // (1024 * 1024)} MB.",
        )
    return length


_NOT_FOUND = Refused(
    HTTPStatus.NOT_FOUND,
    "not_found",
    "Không có địa chỉ này trên máy chủ.",
    "No such path on this server.",
)
_BUSY = Refused(
    HTTPStatus.SERVICE_UNAVAILABLE,
    "busy",
    "Máy chủ trung tâm tạm thời chưa lưu được (cơ sở dữ liệu đang bận); "
    "chưa lưu gì, hãy gửi lại sau.",
    "The central server cannot store right now (database busy); nothing was stored, retry later.",
)
_TIMEOUT = Refused(
    HTTPStatus.REQUEST_TIMEOUT,
    "timeout",
    "Hết thời gian chờ: nội dung gửi lên ngắn hơn Content-Length đã báo.",
    "Timed out: the body is shorter than its Content-Length.",
)
_INTERNAL = Refused(
    HTTPStatus.INTERNAL_SERVER_ERROR,
    "internal",
    "Lỗi bên trong máy chủ trung tâm; chưa lưu gì.",
    "Internal error in the central server; nothing was stored.",
)


FAULTS = ("drop", "drop_after_store", "500", "503", "slow", "portal", "401")
PORTAL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Wi-Fi login</title></head>"
    b"<body><form><input name='voucher'></form></body></html>"
)


class Faults:
    """Fault injection for tests: each POST to /items takes the next queued fault, if any.

    ``drop``: read half the body, then close the connection without answering; ``drop_after_store``:
    store the item, then close without answering (the answer is lost, as on a flaky link);
    ``500``; ``503`` with ``Retry-After``; ``slow``: wait ``slow_seconds`` before handling;
    ``portal``: a 200 HTML page, as a Wi-Fi captive portal sends; ``401``: the device is refused.
    """

    def __init__(self) -> None:
        self._queue: list[str] = []
        self._lock = threading.Lock()
        self.slow_seconds = 0.5
        self.retry_after = 7
        self.always: str | None = None  # a fault for every request (until set back to None)

    def inject(self, *faults: str) -> None:
        for fault in faults:
            if fault not in FAULTS:
                raise ValueError(f"unknown fault {fault!r}: one of {FAULTS}")
        with self._lock:
            self._queue.extend(faults)

    def next(self) -> str | None:
        with self._lock:
            return self._queue.pop(0) if self._queue else self.always


class _Dropped(Exception):
    """A fault that closes the connection without an answer."""


def _handler(store: CentralStore, idle_timeout: float, faults: Faults | None = None):
    faults = faults or Faults()

    class Handler(BaseHTTPRequestHandler):
        server_version = "MotCuaCentral/0.1"
        timeout = idle_timeout  # a socket timeout on every read: a silent client is dropped

        def log_message(self, fmt, *args) -> None:  # no personal data in logs: paths and codes only
            log.debug("central %s", fmt % args)

        def _send(self, status: int, body: dict, retry_after: int | None = None) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            if retry_after is not None:
                self.send_header("Retry-After", str(retry_after))
            if status >= 400:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def send_error(self, code: int, message: str | None = None, explain=None) -> None:
            """http.server's own refusals (bad request line, headers, method) as JSON too."""
            status = HTTPStatus(code)
            self._send(
                code,
                Refused(
                    code,
                    status.phrase.lower().replace(" ", "_"),
                    f"Yêu cầu HTTP không hợp lệ ({code} {status.phrase}).",
                    message or status.phrase,
                ).body(),
            )

        def _answer(self, work) -> None:
            try:
                self._send(*work())
            except Refused as exc:
                self._send(exc.status, exc.body())
            except (TimeoutError, ConnectionError, _Dropped):
                raise  # the client went silent or away: nothing to answer; handle_error drops it
            except sqlite3.OperationalError:
                self._send(_BUSY.status, _BUSY.body(), retry_after=5)
            except Exception:
                self.server.unhandled += 1
                log.exception("central: unexpected error on %s", self.path[:100])
                self._send(_INTERNAL.status, _INTERNAL.body())

        def do_GET(self) -> None:
            def health():
                if self.path != f"{API}/health":
                    raise _NOT_FOUND
                return HTTPStatus.OK, {
                    "status": "ok",
                    "items": store.count(),
                    "server_time": datetime.now(UTC).isoformat(timespec="seconds"),
                }

            self._answer(health)

        def _fault(self, fault: str | None, length: int) -> bool:
            """Apply a fault that replaces the answer; True if the request is done."""
            if fault == "slow":
                time.sleep(faults.slow_seconds)
            elif fault == "drop":
                self.rfile.read(length // 2)
                raise _Dropped
            elif fault in ("500", "401"):
                self.rfile.read(length)
                self._send(
                    int(fault),
                    _INTERNAL.body()
                    if fault == "500"
                    else {
                        "error": "unauthorized",
                        "message": "Thiết bị chưa được cấp quyền gửi.",
                        "message_en": "This device is not allowed to send.",
                    },
                )
                return True
            elif fault == "503":
                self.rfile.read(length)
                self._send(_BUSY.status, _BUSY.body(), retry_after=faults.retry_after)
                return True
            elif fault == "portal":
                self.rfile.read(length)
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(PORTAL_PAGE)))
                self.end_headers()
                self.wfile.write(PORTAL_PAGE)
                return True
            return False

        def do_POST(self) -> None:
            fault = faults.next() if self.path == f"{API}/items" else None
            if fault is not None:
                try:
                    if self._fault(fault, content_length(self.headers)):
                        return
                except Refused as exc:
                    self._send(exc.status, exc.body())
                    return
                except _Dropped:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return

            def receive():
                if self.path != f"{API}/items":
                    raise _NOT_FOUND
                length = content_length(self.headers)
                try:
                    body = self.rfile.read(length)
                except TimeoutError:
                    raise _TIMEOUT from None
                if len(body) < length:
                    raise _TIMEOUT
                answer = store.receive(parse_item(body))
                if fault == "drop_after_store":
                    raise _Dropped
                return answer

            try:
                self._answer(receive)
            except _Dropped:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    unhandled = 0  # exceptions that reached the server: each one is a bug (the fuzz test counts)

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (TimeoutError, ConnectionError)):
            return  # a client that went silent or hung up
        self.unhandled += 1
        log.exception("central: unhandled error")


class CentralServer:
    """The reference server on 127.0.0.1, in a background thread (``start``) or the foreground."""

    def __init__(
        self,
        data_dir: Path,
        port: int = 8765,
        *,
        idle_timeout: float = IDLE_TIMEOUT,
        busy_timeout: float = 15.0,
    ) -> None:
        self.store = CentralStore(Path(data_dir) / "central.sqlite3", busy_timeout)
        self.faults = Faults()
        self.httpd = _Server(("127.0.0.1", port), _handler(self.store, idle_timeout, self.faults))

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def unhandled(self) -> int:
        return self.httpd.unhandled

    def start(self) -> CentralServer:
        threading.Thread(
            target=self.httpd.serve_forever, args=(0.1,), name="central-server", daemon=True
        ).start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
