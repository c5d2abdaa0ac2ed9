"""Refusals of the reference central server: an HTTP status, a code, and the message in Vietnamese
and English (every answer is JSON; ``message`` is what an officer or technician reads)."""

from __future__ import annotations

from http import HTTPStatus


class Refused(Exception):
    """A refused request: HTTP status, error code, and the message in Vietnamese and English."""

    def __init__(
        self, status: int, code: str, vi: str, en: str, *, headers: dict | None = None
    ) -> None:
        super().__init__(en)
        self.status, self.code, self.vi, self.en = int(status), code, vi, en
        self.headers = headers or {}

    def body(self) -> dict:
        return {"error": self.code, "message": self.vi, "message_en": self.en}


def bad(code: str, vi: str, en: str) -> Refused:
    return Refused(HTTPStatus.BAD_REQUEST, code, vi, en)


def unauthorized(code: str, vi: str, en: str) -> Refused:
    return Refused(HTTPStatus.UNAUTHORIZED, code, vi, en)


NOT_FOUND = Refused(
    HTTPStatus.NOT_FOUND, "not_found", "Không có địa chỉ này trên máy chủ.", "No such path."
)
NO_DOSSIER = Refused(
    HTTPStatus.NOT_FOUND,
    "no_dossier",
    "Không tìm thấy hồ sơ có mã này.",
    "No dossier with this code.",
)
BUSY = Refused(
    HTTPStatus.SERVICE_UNAVAILABLE,
    "busy",
    "Máy chủ trung tâm tạm thời chưa lưu được (cơ sở dữ liệu đang bận); "
    "chưa lưu gì, hãy gửi lại sau.",
    "The central server cannot store right now (database busy); nothing was stored, retry later.",
    headers={"Retry-After": "5"},
)
TIMEOUT = Refused(
    HTTPStatus.REQUEST_TIMEOUT,
    "timeout",
    "Hết thời gian chờ: nội dung gửi lên ngắn hơn Content-Length đã báo.",
    "Timed out: the body is shorter than its Content-Length.",
)
INTERNAL = Refused(
    HTTPStatus.INTERNAL_SERVER_ERROR,
    "internal",
    "Lỗi bên trong máy chủ trung tâm; chưa lưu gì.",
    "Internal error in the central server; nothing was stored.",
)
CONFLICT = Refused(
    HTTPStatus.CONFLICT,
    "conflict",
    "Đã nhận nội dung khác cho cùng hồ sơ và cùng phiên bản (revision).",
    "Different content under the same revision.",
)
BAD_FRAMING = Refused(
    HTTPStatus.BAD_REQUEST,
    "bad_request",
    "Yêu cầu HTTP không hợp lệ (dòng đầu, tiêu đề hoặc Content-Length sai).",
    "Invalid HTTP request (request line, headers or Content-Length).",
)
NOT_IMPLEMENTED = Refused(
    HTTPStatus.NOT_IMPLEMENTED,
    "not_implemented",
    "Máy chủ không hỗ trợ phương thức HTTP này.",
    "This HTTP method is not supported.",
)
CODES_EXHAUSTED = Refused(
    HTTPStatus.CONFLICT,
    "exhausted",
    "Đã hết số thứ tự có thể cấp cho ngày này; dùng dải số dự phòng của quầy.",
    "No sequence numbers left for that day; use the counter's fallback range.",
)
REGISTER_EXHAUSTED = Refused(
    HTTPStatus.CONFLICT,
    "exhausted",
    "Đã hết số vào sổ có thể cấp cho năm này; dùng dải số dự phòng của quầy.",
    "No register numbers left for that year; use the counter's fallback range.",
)
