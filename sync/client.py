"""Sending one outbox item to the central system over HTTPS (TLS verified), and classifying the
answer.

The answer is one of four kinds (sync/engine.py acts on them):

- ``ok``: the central system stored the item (201) or already had it (200 with its stored receipt);
- ``conflict``: 409, different content under the same revision;
- ``auth``: 401/403, this device is not (or no longer) allowed to send;
- ``fatal``: any other 4xx (except 408, 409, 429): sending the same bytes again cannot succeed;
- ``transient``: network errors, 5xx, 408, 429, and a page that is not the central system's JSON
  (a Wi-Fi login portal answering 200 with HTML): worth sending again later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

import requests

from kiosk.canonical import canonical_json
from sync.health import why_unreachable
from sync.signatures import Signer

API = "/api/v1"
TIMEOUT = (5, 30)  # connect, read (seconds)
MAX_RETRY_AFTER = 6 * 3600.0


@dataclass(frozen=True)
class Outcome:
    kind: str  # ok | conflict | auth | fatal | transient
    detail: str  # Vietnamese, no personal data: status codes and error codes only
    http_status: int | None = None
    retry_after: float | None = None  # seconds, from a Retry-After header
    receipt: dict[str, Any] | None = None
    network: bool = False  # no HTTP answer at all (refused, reset, timed out)


def item_body(
    key: str, kind: str, entity_id: str, revision: int, payload: dict, payload_sha256: str
) -> bytes:
    """The request body of one item: canonical JSON, so a resend is byte-for-byte the same."""
    return canonical_json(
        {
            "idempotency_key": key,
            "kind": kind,
            "entity_id": entity_id,
            "revision": revision,
            "payload": payload,
            "payload_sha256": payload_sha256,
        }
    ).encode("utf-8")


class SignedAuth(requests.auth.AuthBase):
    """Signs each request as it goes out (RFC 9421, sync/signatures.py): the exact method, path,
    query and body bytes that reach the server."""

    def __init__(self, signer: Signer) -> None:
        self.signer = signer

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        url = urlsplit(request.url)
        request.headers.update(self.signer.headers(request.method, url.path, url.query, body))
        return request


def item_path(kind: str, entity_id: str) -> tuple[str, str]:
    """Where an outbox item goes (method, path): a dossier's to its upsert, a rating to the
    ratings, anything else to the generic item endpoint."""
    if kind.startswith("dossier."):
        return "PUT", f"{API}/dossiers/{quote(entity_id, safe='')}"
    if kind == "rating":
        return "POST", f"{API}/ratings"
    return "POST", f"{API}/items"


class CentralClient:
    """The central system at ``base_url``; one ``requests.Session`` (keep-alive, TLS verified).
    With a ``signer`` (an enrolled device), every request is signed."""

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = TIMEOUT,
        signer: Signer | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = session or requests.Session()
        self.http.verify = True
        self.timeout = timeout
        self.signer = signer
        if signer is not None:
            self.http.auth = SignedAuth(signer)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        """One request to the central system (raises requests' exceptions)."""
        kwargs.setdefault("timeout", self.timeout)
        return self.http.request(method, f"{self.base_url}{path}", **kwargs)

    def send(self, body: bytes, method: str = "POST", path: str = f"{API}/items") -> Outcome:
        try:
            answer = self.request(
                method, path, data=body, headers={"Content-Type": "application/json"}
            )
        except requests.exceptions.SSLError:
            return Outcome("transient", "chứng chỉ TLS của máy chủ không hợp lệ", network=True)
        except requests.RequestException as exc:
            return Outcome("transient", why_unreachable(exc), network=True)
        return classify(answer)

    def send_item(self, kind: str, entity_id: str, body: bytes) -> Outcome:
        """Send one outbox item to where its kind goes (``item_path``)."""
        method, path = item_path(kind, entity_id)
        return self.send(body, method, path)

    def close(self) -> None:
        self.http.close()


def classify(answer: requests.Response) -> Outcome:
    status = answer.status_code
    retry_after = _retry_after(answer.headers.get("Retry-After"))
    data = json_object(answer)
    if data is None:  # HTML or garbage: a captive portal or a proxy, not the central system
        return Outcome(
            "transient",
            f"mạng trả về trang không phải của hệ thống trung tâm "
            f"(HTTP {status}; cổng đăng nhập Wi-Fi?)",
            status,
            retry_after,
        )
    code = str(data.get("error", ""))[:40]
    if status in (200, 201) and data.get("status") == "acknowledged":
        return Outcome("ok", "đã nhận", status, receipt=data)
    if status == 409:
        return Outcome(
            "conflict", "hệ thống trung tâm đã có nội dung khác cho cùng phiên bản", status
        )
    if status in (401, 403):
        return Outcome("auth", f"hệ thống trung tâm từ chối thiết bị này (HTTP {status})", status)
    if 400 <= status < 500 and status not in (408, 429):
        return Outcome(
            "fatal", f"hệ thống trung tâm từ chối mục này (HTTP {status} {code})", status
        )
    if status >= 400:
        return Outcome(
            "transient",
            f"hệ thống trung tâm tạm thời chưa nhận (HTTP {status} {code})",
            status,
            retry_after,
        )
    return Outcome("transient", f"câu trả lời không rõ (HTTP {status})", status, retry_after)


def json_object(answer: requests.Response) -> dict | None:
    """The JSON object a central answer carries (None: not JSON, not UTF-8, or not an object,
    e.g. a captive portal's HTML page)."""
    if "json" not in answer.headers.get("Content-Type", ""):
        return None
    try:
        data = json.loads(answer.content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None if absent or odd."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²" and "٣" are digits to str.isdigit too
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, min((when - datetime.now(UTC)).total_seconds(), MAX_RETRY_AFTER))
