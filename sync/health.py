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
        return CentralStatus(False, why_unreachable(exc))
    if "json" not in answer.headers.get("Content-Type", ""):
        return CentralStatus(
            False, "mạng trả về trang web thay cho hệ thống trung tâm (cổng đăng nhập Wi-Fi?)"
        )
    if answer.status_code != 200:
        return CentralStatus(False, f"hệ thống trung tâm trả lời lỗi {answer.status_code}")
    return CentralStatus(True, "đã kết nối")


def why_unreachable(exc: requests.RequestException) -> str:
    """What an officer can act on, in Vietnamese (never an exception's class name)."""
    if isinstance(exc, requests.exceptions.SSLError):
        return "chứng chỉ bảo mật (TLS) của máy chủ không hợp lệ; hãy gọi kỹ thuật viên"
    if isinstance(exc, requests.Timeout):
        return "máy chủ không trả lời kịp; đường truyền chậm hoặc đang gián đoạn"
    if isinstance(exc, requests.ConnectionError):
        return "không kết nối được tới máy chủ (mất mạng hoặc máy chủ đang tắt)"
    return "không kết nối được tới máy chủ"
