"""The reference central server's HTTP app (the contract is sync/openapi.yaml).

Why FastAPI on uvicorn: both are maintained and widely run in production; uvicorn is an ASGI
server with keep-alive, timeouts, graceful shutdown and worker processes behind a reverse proxy,
which is how a province would pilot it; FastAPI (on Starlette) gives routing, path parameters and
exception handling without hiding the raw request, which this server needs: it reads every body
itself (framing limits, an idle timeout, the exact bytes an RFC 9421 signature and a
Content-Digest cover) and runs the SQLAlchemy store in the thread pool, so a slow database never
blocks the event loop. FastAPI's own generated OpenAPI is switched off: the hand-written contract
is the one kiosks and adapters follow, and a test checks the server against it.

Every answer is JSON (or empty, for HEAD and 204); errors carry a Vietnamese ``message`` and an
English ``message_en``. A busy database is a 503 with Retry-After; a fault switch (``Faults``)
replaces the answer of the next write request for tests.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
from dataclasses import dataclass, field
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.server.admin import add_admin_routes
from sync.server.blobstore import BlobBackend
from sync.server.errors import (
    BUSY,
    CODES_EXHAUSTED,
    INTERNAL,
    NO_DOSSIER,
    NOT_FOUND,
    NOT_IMPLEMENTED,
    REGISTER_EXHAUSTED,
    TIMEOUT,
    Refused,
    bad,
    unauthorized,
)
from sync.server.parsing import (
    MAX_ID,
    SHA256,
    YEARS,
    content_length,
    day_field,
    int_field,
    parse_item,
    parse_object,
    text_field,
)
from sync.server.store import CentralStore
from sync.signatures import WINDOW, SignatureError, check_digest, load_public_key, verify

log = logging.getLogger(__name__)
API = "/api/v1"
KNOWN_METHODS = {
    *("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "QUERY")
}
CHUNK_SIZE = 1024 * 1024  # what the server advises per PATCH; any size up to MAX_BODY is taken
MAX_QUERY = 1000  # hashes in one "which of these do you have?"
MAX_BLOB = 2**40
_CODE = re.compile(r"[0-9A-Za-z.\-]{1,60}")
_UPLOAD_ID = re.compile(r"[0-9a-f\-]{36}")

FAULTS = ("drop", "drop_after_store", "500", "503", "slow", "portal", "401")
PORTAL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Wi-Fi login</title></head>"
    b"<body><form><input name='voucher'></form></body></html>"
)


class Faults:
    """Fault injection for tests: each write request (POST, PUT, PATCH; not enrolment) takes the
    next queued fault, if any.

    ``drop``: read half the body, then close the connection without answering; ``drop_after_store``:
    store, then close without answering (the answer is lost, as on a flaky link); ``500``; ``503``
    with ``Retry-After``; ``slow``: wait ``slow_seconds`` before handling; ``portal``: a 200 HTML
    page, as a Wi-Fi captive portal sends; ``401``: the device is refused.
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


@dataclass
class ServerState:
    store: CentralStore
    blobs: BlobBackend
    faults: Faults = field(default_factory=Faults)
    require_signatures: bool = True
    idle_timeout: float = 30.0
    admin_token: str | None = None  # the operator's bearer token (sync/server/admin.py)
    unhandled: int = 0  # exceptions that reached the top: each one is a bug (the fuzz test counts)
    upload_bytes: int = 0  # bytes of PATCH bodies received (resume tests measure it)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count_upload(self, n: int) -> None:
        with self.lock:
            self.upload_bytes += n


class _Dropped(Exception):
    """A fault that closes the connection without an answer."""


class _Gone(Exception):
    """The client went away in the middle of its request."""


def answer(status: int, body: dict | None = None, headers: dict | None = None) -> Response:
    headers = dict(headers or {})
    if status >= 400:
        headers["Connection"] = "close"
    if body is None:
        return Response(status_code=status, headers=headers)
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return Response(data, status, headers, media_type="application/json; charset=utf-8")


def refusal(exc: Refused) -> Response:
    return answer(exc.status, exc.body(), exc.headers)


async def read_body(request: Request, state: ServerState, limit: int | None = None) -> bytes:
    """The whole body, as announced by Content-Length; each wait bounded by the idle timeout."""
    length = content_length(request.headers)
    if limit is not None:
        length = min(length, limit)
    chunks, got = [], 0
    while got < length:
        try:
            message = await asyncio.wait_for(request.receive(), state.idle_timeout)
        except TimeoutError:
            raise TIMEOUT from None
        if message["type"] == "http.disconnect":
            raise _Gone
        chunk = message.get("body", b"")
        chunks.append(chunk)
        got += len(chunk)
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    if len(body) < length:
        raise TIMEOUT
    return body


def _transport(request: Request):
    return request.scope.get("extensions", {}).get("kiosk.transport")


def _drop(request: Request) -> None:
    transport = _transport(request)
    if transport is not None:
        transport.close()
    raise _Dropped


async def apply_fault(request: Request, state: ServerState) -> tuple[str | None, Response | None]:
    """The next fault for a write request: (fault, the answer that replaces the real one)."""
    fault = state.faults.next()
    if fault is None:
        return None, None
    if fault == "slow":
        await asyncio.sleep(state.faults.slow_seconds)
        return fault, None
    if fault == "drop_after_store":
        return fault, None
    length = content_length(request.headers)
    if fault == "drop":
        body = await read_body(request, state, limit=max(1, length // 2))
        if request.url.path.startswith(f"{API}/uploads/"):
            state.count_upload(len(body))
        _drop(request)
    await read_body(request, state)
    if fault == "500":
        return fault, refusal(INTERNAL)
    if fault == "401":
        return fault, answer(
            401,
            {
                "error": "unauthorized",
                "message": "Thiết bị chưa được cấp quyền gửi.",
                "message_en": "This device is not allowed to send.",
            },
        )
    if fault == "503":
        return fault, answer(503, BUSY.body(), {"Retry-After": str(state.faults.retry_after)})
    return fault, Response(PORTAL_PAGE, 200, media_type="text/html; charset=utf-8")


async def authenticate(request: Request, state: ServerState, body: bytes, required: bool):
    """The device that signed this request (its store row), None when unsigned and allowed;
    Refused 401 for a bad, stale or replayed signature, or a missing one where it is required."""
    headers = request.headers
    if "signature" not in headers and "signature-input" not in headers:
        if required:
            raise unauthorized(
                "unsigned",
                "Yêu cầu phải được ký bằng khóa của thiết bị đã đăng ký.",
                "The request must be signed with an enrolled device's key.",
            )
        try:
            check_digest(headers, body)
        except SignatureError as exc:
            raise bad(exc.code, exc.vi, exc.en) from None
        return None
    return await run_in_threadpool(_verify, request, state, body, state.store.device_key)


def _verify(request: Request, state: ServerState, body: bytes, key_for):
    try:
        signed = verify(
            request.method,
            request.scope["raw_path"].decode("latin-1"),
            request.scope["query_string"].decode("latin-1"),
            request.headers,
            body,
            key_for,
        )
    except SignatureError as exc:
        raise unauthorized(exc.code, exc.vi, exc.en) from None
    if not state.store.first_use_of_nonce(signed.key_id, signed.nonce, signed.created, WINDOW):
        raise unauthorized(
            "replayed",
            "Yêu cầu này đã được gửi trước đó (chữ ký dùng lại).",
            "This request was sent before (a replayed signature).",
        )
    return state.store.device(signed.key_id)


def create_app(state: ServerState) -> FastAPI:
    app = FastAPI(
        title="Một cửa — reference central server",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    store = state.store

    @app.middleware("http")
    async def guard(request: Request, call_next):
        """Methods HTTP does not define get 501 (defined ones a path does not take: 405); every
        exception becomes a JSON answer (or a dropped
        connection), never a traceback."""
        if request.method not in KNOWN_METHODS:
            return refusal(NOT_IMPLEMENTED)
        try:
            return await call_next(request)
        except Refused as exc:
            return refusal(exc)
        except (_Dropped, _Gone):
            return Response(status_code=499)  # nobody reads it: the connection is closed
        except OperationalError:
            return refusal(BUSY)
        except Exception:
            state.unhandled += 1
            log.exception("central: unexpected error on %s", request.url.path[:100])
            return refusal(INTERNAL)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 405:
            return answer(
                405,
                {
                    "error": "method_not_allowed",
                    "message": "Địa chỉ này không nhận phương thức HTTP đó.",
                    "message_en": "This path does not accept that HTTP method.",
                },
                dict(exc.headers or {}),
            )
        return refusal(NOT_FOUND)

    async def write(request: Request, handle, *, signed: bool | None = None) -> Response:
        """A write request: fault switch, body, signature, then ``handle(body, device)`` in the
        thread pool."""
        fault, replaced = await apply_fault(request, state)
        if replaced is not None:
            return replaced
        body = await read_body(request, state)
        required = state.require_signatures if signed is None else signed
        device = await authenticate(request, state, body, required)
        result = await run_in_threadpool(handle, body, device)
        if fault == "drop_after_store":
            _drop(request)
        return result

    # -- health and the outbox --------------------------------------------------------------------
    @app.get(f"{API}/health")
    async def health():
        items = await run_in_threadpool(store.count)
        return answer(200, {"status": "ok", "items": items, "server_time": _now()})

    def _receive(kind_ok, entity_id=None):
        def handle(body: bytes, device) -> Response:
            item = parse_item(body)
            if not kind_ok(item.kind):
                raise bad(
                    "wrong_kind",
                    f"Loại mục “{item.kind[:40]}” không gửi tới địa chỉ này.",
                    f"Items of kind '{item.kind[:40]}' do not go to this path.",
                )
            if entity_id is not None and item.entity_id != entity_id:
                raise bad(
                    "id_mismatch",
                    "Mã hồ sơ trong địa chỉ khác với mã trong nội dung.",
                    "The dossier id in the path differs from the one in the body.",
                )
            status, receipt = store.receive(item, device.id if device is not None else None)
            return answer(status, receipt)

        return handle

    @app.post(f"{API}/items")
    async def receive_item(request: Request):
        return await write(request, _receive(lambda kind: True))

    @app.put(API + "/dossiers/{dossier_id}")
    async def upsert_dossier(request: Request, dossier_id: str):
        if not 0 < len(dossier_id) <= MAX_ID:
            raise NOT_FOUND
        return await write(request, _receive(lambda kind: kind.startswith("dossier."), dossier_id))

    @app.post(f"{API}/ratings")
    async def receive_rating(request: Request):
        return await write(request, _receive(lambda kind: kind == "rating"))

    @app.get(API + "/public/dossiers/{code}")
    async def public_dossier(code: str):
        if not _CODE.fullmatch(code):
            raise NO_DOSSIER
        found = await run_in_threadpool(store.public_dossier, code)
        if found is None:
            raise NO_DOSSIER
        return answer(200, found)

    # -- devices ----------------------------------------------------------------------------------
    @app.post(f"{API}/devices")
    async def enrol(request: Request):
        body = await read_body(request, state)
        data = parse_object(body)
        code = text_field(data, "code", max_len=40)
        key_text = text_field(data, "public_key", max_len=64)
        label = data.get("label") if isinstance(data.get("label"), str) else None
        key = load_public_key(key_text)
        if key is None:
            raise bad(
                "bad_key",
                "public_key phải là khóa công khai Ed25519 (32 byte, base64).",
                "public_key must be an Ed25519 public key (32 bytes, base64).",
            )
        await run_in_threadpool(_verify, request, state, body, lambda _kid: key)
        device = await run_in_threadpool(store.enrol, code, key_text, label)
        if device is None:
            raise unauthorized(
                "bad_enrolment_code",
                "Mã đăng ký thiết bị sai, đã dùng hoặc đã hết hạn.",
                "The enrolment code is wrong, used or expired.",
            )
        return answer(201, device)

    # -- blobs ------------------------------------------------------------------------------------
    @app.post(f"{API}/blobs/missing")
    async def missing_blobs(request: Request):
        def handle(body: bytes, device) -> Response:
            data = parse_object(body)
            shas = data.get("sha256")
            if (
                not isinstance(shas, list)
                or len(shas) > MAX_QUERY
                or not all(isinstance(s, str) and SHA256.fullmatch(s) for s in shas)
            ):
                raise bad(
                    "malformed",
                    f"“sha256” phải là danh sách tối đa {MAX_QUERY} mã SHA-256 (hex thường).",
                    f"'sha256' must be a list of at most {MAX_QUERY} lower-case SHA-256 digests.",
                )
            have = store.have_blobs(shas)
            return answer(200, {"missing": [s for s in dict.fromkeys(shas) if s not in have]})

        return await write(request, handle)

    def _upload_answer(status: int, upload: dict, size: int) -> Response:
        headers = {"Upload-Offset": str(upload["offset"]), "Upload-Length": str(size)}
        if upload["upload_id"]:
            headers["Location"] = f"{API}/uploads/{upload['upload_id']}"
        body = {
            "upload_id": upload["upload_id"],
            "offset": upload["offset"],
            "size": size,
            "complete": upload["complete"],
            "chunk_size": CHUNK_SIZE,
        }
        return answer(status, body, headers)

    @app.post(f"{API}/uploads")
    async def start_upload(request: Request):
        def handle(body: bytes, device) -> Response:
            data = parse_object(body)
            sha = text_field(data, "sha256", max_len=64, pattern=SHA256)
            size = int_field(data, "size", 1, MAX_BLOB)
            upload = store.start_upload(sha, size)
            if upload.get("replaced"):
                state.blobs.discard(upload["replaced"])
            return _upload_answer(200 if upload["complete"] else 201, upload, size)

        return await write(request, handle)

    def _find_upload(upload_id: str):
        row = store.upload(upload_id) if _UPLOAD_ID.fullmatch(upload_id) else None
        if row is None:
            raise Refused(
                HTTPStatus.NOT_FOUND,
                "no_upload",
                "Không có lượt tải lên này (đã xong hoặc đã hủy): hãy bắt đầu lại.",
                "No such upload (finished or discarded): start again.",
            )
        return row

    @app.api_route(API + "/uploads/{upload_id}", methods=["HEAD", "PATCH"])
    async def upload(request: Request, upload_id: str):
        if request.method == "HEAD":
            return await upload_offset(request, upload_id)
        return await upload_chunk(request, upload_id)

    async def upload_offset(request: Request, upload_id: str):
        """How far an upload got (tus HEAD)."""
        await authenticate(request, state, b"", state.require_signatures)
        row = await run_in_threadpool(_find_upload, upload_id)
        return Response(
            status_code=200,
            headers={
                "Upload-Offset": str(row.offset),
                "Upload-Length": str(row.size),
                "Cache-Control": "no-store",
            },
        )

    async def upload_chunk(request: Request, upload_id: str):
        """Append one chunk at Upload-Offset (tus PATCH)."""
        if request.headers.get("content-type", "") != "application/offset+octet-stream":
            raise Refused(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "bad_content_type",
                "Phần tải lên phải có Content-Type: application/offset+octet-stream.",
                "A chunk must have Content-Type: application/offset+octet-stream.",
            )
        offset_text = request.headers.get("upload-offset", "")
        if not re.fullmatch(r"[0-9]{1,15}", offset_text):
            raise bad(
                "bad_offset",
                "Thiếu Upload-Offset hoặc không phải số byte.",
                "Upload-Offset is missing or not a number of bytes.",
            )

        def handle(body: bytes, device) -> Response:
            state.count_upload(len(body))
            row = _find_upload(upload_id)
            offset = int(offset_text)
            if offset != row.offset:
                raise Refused(
                    HTTPStatus.CONFLICT,
                    "offset_mismatch",
                    f"Vị trí tải lên không khớp: máy chủ đã có {row.offset} byte.",
                    f"Upload-Offset mismatch: the server has {row.offset} bytes.",
                    headers={"Upload-Offset": str(row.offset)},
                )
            if offset + len(body) > row.size:
                raise bad(
                    "too_long",
                    "Phần tải lên vượt quá kích thước đã báo của tệp.",
                    "The chunk goes past the announced size.",
                )
            state.blobs.append(upload_id, offset, body)  # fsynced before the offset moves
            new = offset + len(body)
            if not store.advance_upload(upload_id, offset, new):
                raise Refused(
                    HTTPStatus.CONFLICT,
                    "offset_mismatch",
                    "Một lượt tải khác vừa ghi vào tệp này; hãy hỏi lại vị trí.",
                    "Another request wrote to this upload; ask for the offset again.",
                )
            headers = {"Upload-Offset": str(new)}
            if new == row.size:
                if not state.blobs.complete(upload_id, row.sha256):
                    store.drop_upload(upload_id)
                    raise Refused(
                        HTTPStatus.UNPROCESSABLE_ENTITY,
                        "sha256_mismatch",
                        "Tệp nhận được không khớp SHA-256 đã báo; đã hủy, hãy tải lại.",
                        "The received file does not match its SHA-256; discarded, upload again.",
                    )
                store.finish_upload(upload_id, row.sha256, row.size)
                headers["Upload-Complete"] = "?1"
            return answer(204, None, headers)

        return await write(request, handle)

    # -- pulls and code blocks --------------------------------------------------------------------
    @app.get(f"{API}/pull")
    async def pull(request: Request):
        device = await authenticate(request, state, b"", True)
        params = request.query_params
        since, limit = _int_param(params.get("since", "0"), "since"), 100
        if "limit" in params:
            limit = max(1, min(500, _int_param(params["limit"], "limit")))
        changes, more = await run_in_threadpool(
            store.changes, since, limit, device.agency_code, device.id
        )
        cursor = changes[-1]["seq"] if changes else since
        return answer(200, {"changes": changes, "cursor": cursor, "more": more})

    @app.post(f"{API}/code-blocks")
    async def reserve_block(request: Request):
        def handle(body: bytes, device) -> Response:
            data = parse_object(body)
            day, size = day_field(data), int_field(data, "size", 1, 1000)
            block = store.reserve_block(device.agency_code, day, size, device.id)
            if block is None:
                raise CODES_EXHAUSTED
            return answer(201, block)

        return await write(request, handle, signed=True)

    @app.post(f"{API}/register-blocks")
    async def reserve_register_block(request: Request):
        def handle(body: bytes, device) -> Response:
            data = parse_object(body)
            year, size = int_field(data, "year", *YEARS), int_field(data, "size", 1, 10000)
            block = store.reserve_register_block(device.agency_code, year, size, device.id)
            if block is None:
                raise REGISTER_EXHAUSTED
            return answer(201, block)

        return await write(request, handle, signed=True)

    add_admin_routes(app, state, read_body, answer)
    return app


def _int_param(text: str, name: str) -> int:
    if not re.fullmatch(r"[0-9]{1,15}", text):
        raise bad(
            "bad_parameter",
            f"Tham số “{name}” phải là số nguyên không âm.",
            f"The parameter '{name}' must be a non-negative integer.",
        )
    return int(text)


def _now() -> str:
    from sync.server.store import utc_now

    return utc_now()
