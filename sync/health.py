"""Is the central system reachable? A short, TLS-verified health check (never blocks the UI: run it
on the I/O pool)."""

from __future__ import annotations

from dataclasses import dataclass

import requests

TIMEOUT = (3, 5)


@dataclass(frozen=True)
class CentralStatus:
    reachable: bool
    detail: str


def check(base_url: str, session: requests.Session | None = None) -> CentralStatus:
    """GET /api/v1/health; a captive portal (HTML where JSON was expected) counts as unreachable."""
    http = session or requests
    try:
        answer = http.get(f"{base_url}/api/v1/health", timeout=TIMEOUT)
    except requests.RequestException as exc:
        return CentralStatus(False, f"không kết nối được ({type(exc).__name__})")
    if "json" not in answer.headers.get("Content-Type", ""):
        return CentralStatus(False, "mạng trả về trang web thay cho hệ thống trung tâm (cổng đăng nhập Wi-Fi?)")
    if answer.status_code != 200:
        return CentralStatus(False, f"hệ thống trung tâm trả lời lỗi {answer.status_code}")
    return CentralStatus(True, "đã kết nối")
