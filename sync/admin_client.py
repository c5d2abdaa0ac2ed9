"""The province operator's side of the central server's admin endpoints (sync/server/admin.py), for
``kiosk central publish-catalog`` and its siblings: thin calls over HTTP (requests; TLS verified
when the URL is https), the admin token as a bearer token, and every refusal turned into an
``InvalidInput`` carrying the server's Vietnamese message (a refused catalog: its problem list).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

import requests

from kiosk.errors import InvalidInput
from sync.client import API, json_object
from sync.health import why_unreachable

TOKEN_ENV = "KIOSK_CENTRAL_ADMIN_TOKEN"
TIMEOUT = (5, 120)  # a whole national catalog is checked before the answer
LISTED = 20  # problems of a refused catalog printed; the rest are counted


def read_token(token_file: Path) -> str:
    """The admin token: ``KIOSK_CENTRAL_ADMIN_TOKEN``, else the server's ``admin-token`` file."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    try:
        token = token_file.read_text("utf-8").strip()
    except OSError:
        token = ""
    if not token:
        raise InvalidInput(
            f"Không đọc được khóa quản trị trong “{token_file}”: hãy đặt biến {TOKEN_ENV} hoặc "
            "chỉ ra tệp admin-token của máy chủ (--token-file).",
            english=f"No admin token: set {TOKEN_ENV} or give the server's admin-token file.",
        )
    return token


class AdminClient:
    def __init__(self, base_url: str, token: str, session: requests.Session | None = None):
        self.base_url, self._token = base_url.rstrip("/"), token
        self._http = session or requests.Session()

    def close(self) -> None:
        self._http.close()

    def _post(self, path: str, *, body: dict | None = None, raw: bytes | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self._token}"}
        if body is not None:
            raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if raw is not None:
            headers["Content-Type"] = "application/json"
        try:
            answer = self._http.post(
                f"{self.base_url}{API}/admin{path}", data=raw, headers=headers, timeout=TIMEOUT
            )
        except requests.RequestException as exc:
            raise InvalidInput(
                f"Máy chủ trung tâm: {why_unreachable(exc)}.", english="Cannot reach the server."
            ) from None
        data = json_object(answer)
        if data is None:
            raise InvalidInput(
                f"Máy chủ trả lời {answer.status_code} không phải JSON của hệ thống trung tâm "
                "(sai địa chỉ, hoặc cổng đăng nhập Wi-Fi?).",
                english=f"The answer ({answer.status_code}) is not the central server's JSON.",
            )
        if answer.status_code >= 400:
            message = str(data.get("message") or f"lỗi {answer.status_code}")
            problems = data.get("problems")
            if isinstance(problems, list) and problems:
                lines = [
                    f"  • {p.get('path')}: {p.get('message')}" if p.get("path") else f"  • {p}"
                    for p in problems[:LISTED]
                    if isinstance(p, dict)
                ]
                more = int(data.get("problem_count") or len(problems)) - len(lines)
                if more > 0:
                    lines.append(f"  … và {more} lỗi khác")
                message += "\n" + "\n".join(lines)
            raise InvalidInput(
                message, english=str(data.get("message_en") or f"HTTP {answer.status_code}")
            )
        return data

    def publish_catalog(self, document: bytes) -> dict:
        return self._post("/catalog", raw=document)

    def publish_holidays(self, name: str, text: str) -> dict:
        return self._post("/holidays", body={"name": name, "text": text})

    def set_status(self, code: str, status: str, revision: int | None = None) -> dict:
        body: dict = {"status": status}
        if revision is not None:
            body["revision"] = revision
        return self._post(f"/dossiers/{quote(code, safe='')}/status", body=body)

    def enrolment_code(self, agency: str, label: str = "", hours: int = 24) -> dict:
        body: dict = {"agency_code": agency, "hours": hours}
        if label:
            body["label"] = label
        return self._post("/enrolment-codes", body=body)

    def revoke(self, device_id: str) -> dict:
        return self._post(f"/devices/{quote(device_id, safe='')}/revoke")

    def reserve_codes(self, owner: dict, day: str, size: int) -> dict:
        return self._post("/code-blocks", body={**owner, "day": day, "size": size})

    def reserve_register(self, owner: dict, year: int, size: int) -> dict:
        return self._post("/register-blocks", body={**owner, "year": year, "size": size})
