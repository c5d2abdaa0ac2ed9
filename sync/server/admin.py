"""The province operator's endpoints (``/api/v1/admin/...``): publish a catalog version or holiday
overrides, set a dossier's status, reserve code and register blocks, issue an enrolment code,
revoke a device. The CLI wrappers are ``kiosk central publish-catalog`` and its siblings
(app/commands/central.py, over sync/admin_client.py).

They are authenticated by an admin bearer token (``Authorization: Bearer …``), separate from the
devices' signatures: taken from ``KIOSK_CENTRAL_ADMIN_TOKEN``, or generated at the first start
into the server's data directory (``admin-token``, mode 0600). It is never in the repository and
never logged; it is compared in constant time. A request without it, or with another, is a 401 and
changes nothing. Every refusal is JSON with a Vietnamese ``message``; a refused catalog lists its
problems (kiosk/catalog_schema.py, the checks ``kiosk catalog import`` makes) and publishes nothing.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
import tempfile
import tomllib
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from kiosk.calendar import load_overrides
from kiosk.catalog_schema import nfc_tree, parse_document, schema_problems, semantic_problems
from kiosk.codes import validate_agency_code
from kiosk.dossier_types import DossierStatus
from kiosk.errors import InvalidInput
from sync.admin_client import TOKEN_ENV
from sync.server.errors import (
    CODES_EXHAUSTED,
    NO_DOSSIER,
    REGISTER_EXHAUSTED,
    Refused,
    bad,
    unauthorized,
)
from sync.server.parsing import YEARS, day_field, int_field, parse_object, text_field
from sync.server.store import StaleRevision

TOKEN_FILE = "admin-token"
MAX_LISTED = 200  # problems of a refused catalog listed in the answer (the count is exact)
ADMIN = "/api/v1/admin"
HOLIDAY_FILE = re.compile(r"[a-z0-9][a-z0-9-]{0,60}\.toml")
MAX_HOLIDAYS = 256 * 1024  # bytes of a holiday file
_DEVICE = re.compile(r"[0-9a-f\-]{36}")
_CODE = re.compile(r"[0-9A-Za-z.\-]{1,60}")
STATUSES = tuple(s.value for s in DossierStatus if s is not DossierStatus.DRAFT)


def load_admin_token(data_dir: Path) -> str:
    """The admin token: ``KIOSK_CENTRAL_ADMIN_TOKEN`` if set, else the data directory's
    ``admin-token`` file, created (mode 0600, 256 random bits) when missing."""
    from_env = os.environ.get(TOKEN_ENV, "").strip()
    if from_env:
        return from_env
    path = Path(data_dir) / TOKEN_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        os.chmod(path, 0o600)
        token = path.read_text("utf-8").strip()
        if token:
            return token
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
    token = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(token + "\n")
        f.flush()
        os.fsync(f.fileno())
    return token


def check_token(request: Request, expected: str | None) -> None:
    """Refused 401 unless the request carries the admin token (compared in constant time)."""
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    ok = (
        expected is not None
        and scheme.lower() == "bearer"
        and hmac.compare_digest(token.strip().encode(), expected.encode())
    )
    if not ok:
        raise unauthorized(
            "admin_token",
            "Thiếu hoặc sai khóa quản trị (Authorization: Bearer …); không thay đổi gì.",
            "Missing or wrong admin token (Authorization: Bearer …); nothing was changed.",
        )


def add_admin_routes(app: FastAPI, state, read_body, answer) -> None:
    """Register the admin endpoints on the server's app (``state``: its ServerState)."""
    store = state.store

    async def admin(request: Request, handle, *, has_body: bool = True) -> Response:
        check_token(request, state.admin_token)
        body = await read_body(request, state) if has_body else b""
        return await run_in_threadpool(handle, body)

    @app.post(f"{ADMIN}/catalog")
    async def publish_catalog(request: Request):
        return await admin(request, lambda body: _publish_catalog(store, body, answer))

    @app.post(f"{ADMIN}/holidays")
    async def publish_holidays(request: Request):
        def handle(body: bytes) -> Response:
            data = parse_object(body)
            name = text_field(data, "name", max_len=70, pattern=HOLIDAY_FILE)
            text = text_field(data, "text", max_len=MAX_HOLIDAYS)
            _check_holidays(name, text)
            seq = store.publish("holidays", {"name": name, "text": text})
            return answer(201, {"seq": seq, "name": name})

        return await admin(request, handle)

    @app.post(ADMIN + "/dossiers/{code}/status")
    async def set_status(request: Request, code: str):
        def handle(body: bytes) -> Response:
            data = parse_object(body)
            status = text_field(data, "status", max_len=30)
            if status not in STATUSES:
                raise bad(
                    "bad_status",
                    f"Trạng thái “{status}” không hợp lệ; chỉ được: {', '.join(STATUSES)}.",
                    f"Unknown status; one of: {', '.join(STATUSES)}.",
                )
            revision = None
            if data.get("revision") is not None:
                revision = int_field(data, "revision", 0, 2**63 - 1)
            dossier_id = store.dossier_id(code) if _CODE.fullmatch(code) else None
            if dossier_id is None:
                raise NO_DOSSIER
            try:
                change = store.set_status(dossier_id, status, revision)
            except KeyError:
                raise NO_DOSSIER from None
            except StaleRevision as exc:
                raise Refused(
                    HTTPStatus.CONFLICT,
                    "stale_revision",
                    f"Hệ thống trung tâm đã có phiên bản {exc.held} của hồ sơ, mới hơn phiên "
                    f"bản {revision}; hãy xem lại hồ sơ rồi đặt trạng thái.",
                    f"The central system holds revision {exc.held}, newer than {revision}.",
                ) from None
            return answer(200, change)

        return await admin(request, handle)

    def _owner(data: dict) -> tuple[str, str | None]:
        """(agency, device) of a block request: a device's (its block reaches it by the pull),
        or an agency's alone (the office database's: only the answer carries it)."""
        if "device_id" in data:
            device_id = text_field(data, "device_id", max_len=36, pattern=_DEVICE)
            device = store.device(device_id)
            if device is None:
                raise Refused(
                    HTTPStatus.NOT_FOUND,
                    "no_device",
                    "Không có thiết bị này (hoặc thiết bị đã bị thu hồi).",
                    "No such device (or it was revoked).",
                )
            return device.agency_code, device.id
        return _agency(data), None

    @app.post(f"{ADMIN}/code-blocks")
    async def reserve_codes(request: Request):
        def handle(body: bytes) -> Response:
            data = parse_object(body)
            day, size = day_field(data), int_field(data, "size", 1, 1000)
            agency, device = _owner(data)
            block = store.reserve_block(agency, day, size, device)
            if block is None:
                raise CODES_EXHAUSTED
            return answer(201, block)

        return await admin(request, handle)

    @app.post(f"{ADMIN}/register-blocks")
    async def reserve_register(request: Request):
        def handle(body: bytes) -> Response:
            data = parse_object(body)
            year, size = int_field(data, "year", *YEARS), int_field(data, "size", 1, 10000)
            agency, device = _owner(data)
            block = store.reserve_register_block(agency, year, size, device)
            if block is None:
                raise REGISTER_EXHAUSTED
            return answer(201, block)

        return await admin(request, handle)

    @app.post(f"{ADMIN}/enrolment-codes")
    async def enrolment_code(request: Request):
        def handle(body: bytes) -> Response:
            data = parse_object(body)
            agency = _agency(data)
            label = text_field(data, "label", max_len=100) if "label" in data else ""
            hours = int_field(data, "hours", 1, 168) if "hours" in data else 24
            issued = store.enrolment_code(agency, label[:100] or agency, timedelta(hours=hours))
            return answer(201, issued)

        return await admin(request, handle)

    @app.post(ADMIN + "/devices/{device_id}/revoke")
    async def revoke(request: Request, device_id: str):
        def handle(body: bytes) -> Response:
            revoked_at = store.revoke(device_id) if _DEVICE.fullmatch(device_id) else None
            if revoked_at is None:
                raise Refused(
                    HTTPStatus.NOT_FOUND,
                    "no_device",
                    "Không có thiết bị này.",
                    "No such device.",
                )
            return answer(200, {"device_id": device_id, "revoked_at": revoked_at})

        return await admin(request, handle, has_body=False)


def _agency(data: dict) -> str:
    agency = text_field(data, "agency_code", max_len=20)
    try:
        validate_agency_code(agency)
    except InvalidInput as exc:
        raise bad("bad_agency", exc.message, exc.english) from None
    if not agency.isascii():  # \d of a Python pattern takes other scripts' digits too
        raise bad(
            "bad_agency", "Mã cơ quan chỉ gồm chữ số 0-9, dấu chấm và chữ in hoa.", "ASCII only."
        )
    return agency


def _publish_catalog(store, body: bytes, answer) -> Response:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _catalog_refused(answer, [f"Tệp không phải văn bản UTF-8 (byte {exc.start})."])
    doc, problems = parse_document(text)
    if not problems:
        doc = nfc_tree(doc)
        problems = schema_problems(doc)
    if problems:
        return _catalog_refused(answer, problems)
    try:
        published = store.publish_catalog(doc, lambda stored: semantic_problems(doc, stored))
    except IntegrityError:
        raise Refused(
            HTTPStatus.CONFLICT,
            "catalog_race",
            "Một danh mục khác vừa được công bố cùng lúc; hãy gửi lại.",
            "Another catalog was published at the same time; send again.",
        ) from None
    if "problems" in published:
        return _catalog_refused(answer, published["problems"])
    return answer(201, published)


def _catalog_refused(answer, problems: list) -> Response:
    listed = [
        {"path": getattr(p, "path", ""), "message": getattr(p, "message", str(p))}
        for p in problems[:MAX_LISTED]
    ]
    return answer(
        422,
        {
            "error": "invalid_catalog",
            "message": f"Danh mục có {len(problems)} lỗi; không công bố gì.",
            "message_en": f"The catalog has {len(problems)} problem(s); nothing was published.",
            "problem_count": len(problems),
            "problems": listed,
        },
    )


def _check_holidays(name: str, text: str) -> None:
    """The file as the calendar will read it on every kiosk (kiosk.calendar.load_overrides)."""
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f" (dòng {where[1]}, cột {where[2]})" if where else ""
        raise bad(
            "bad_holidays",
            f"Tệp lịch nghỉ {name} không phải TOML hợp lệ{at}.",
            f"Holiday file {name} is not valid TOML: {exc}",
        ) from None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, "utf-8")
        try:
            load_overrides([path])
        except InvalidInput as exc:
            raise bad(
                "bad_holidays",
                exc.message.replace(str(path), name),
                exc.english.replace(str(path), name),
            ) from None
