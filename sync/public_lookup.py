"""The central system's public dossier lookup, for the citizen kiosk.

``GET {central}/api/v1/public/dossiers/{code}`` answers 404 or 200 with ``{"code",
"procedure_code", "procedure_name", "status", "status_text", "appointment_date"}``.
TLS is verified and both timeouts are short (a citizen is waiting at the screen); anything but
those two answers (no network, 5xx, a Wi-Fi login page, JSON that breaks the contract) raises
``LookupUnavailable`` so the kiosk answers from its local store.
"""

from __future__ import annotations

from urllib.parse import quote

import requests

from kiosk.public_lookup import LookupUnavailable, PublicFacts, facts_from_json
from sync.client import API

TIMEOUT = (2.0, 4.0)  # connect, read (seconds)
MAX_BYTES = 16 * 1024


class CentralPublicLookup:
    """``fetch(code)`` against the central system at ``base_url``."""

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = session or requests.Session()
        self.http.verify = True
        self.timeout = timeout

    def __call__(self, code: str) -> PublicFacts | None:
        return self.fetch(code)

    def fetch(self, code: str) -> PublicFacts | None:
        url = f"{self.base_url}{API}/public/dossiers/{quote(code, safe='')}"
        try:
            answer = self.http.get(
                url, timeout=self.timeout, headers={"Accept": "application/json"}
            )
        except requests.exceptions.RequestException as exc:
            raise LookupUnavailable(
                "Không kết nối được hệ thống trung tâm.", english=type(exc).__name__
            ) from None
        if answer.status_code == 404:
            return None
        if answer.status_code != 200:
            raise LookupUnavailable(
                f"Hệ thống trung tâm trả lời mã {answer.status_code}.",
                english=f"HTTP {answer.status_code}",
            )
        kind = answer.headers.get("Content-Type", "")
        if "json" not in kind or len(answer.content) > MAX_BYTES:
            raise LookupUnavailable(
                "Câu trả lời không phải của hệ thống trung tâm (có thể là trang đăng nhập Wi-Fi).",
                english="Not the central system's JSON.",
            )
        try:
            data = answer.json()
        except ValueError:
            raise LookupUnavailable(
                "Hệ thống trung tâm trả lời không đúng định dạng.", english="Bad JSON."
            ) from None
        return facts_from_json(data)

    def close(self) -> None:
        self.http.close()
