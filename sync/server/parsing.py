"""Reading request bodies: framing (Content-Length), JSON with limits, and outbox items.

Anything that is not a valid request is a ``Refused`` (4xx) with a Vietnamese message, and nothing
is stored: no surrogates, no NaN, no number of 4300 digits, no nesting deeper than ``MAX_DEPTH``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from http import HTTPStatus

from kiosk.canonical import canonical_sha256
from sync.server.errors import Refused, bad

MAX_BODY = 20 * 1024 * 1024
MAX_DEPTH = 64  # nesting of the JSON body; a dossier payload needs about 5
MAX_ID = 200  # characters of an idempotency key, kind or entity id
MAX_REVISION = 2**63 - 1  # what a BIGINT holds
SHA256 = re.compile(r"[0-9a-f]{64}")
_DIGITS = re.compile(r"[0-9]{1,12}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
YEARS = (2000, 2999)  # a register year a block may be reserved for


@dataclass(frozen=True)
class Item:
    idempotency_key: str
    kind: str
    entity_id: str
    revision: int
    payload: dict
    payload_sha256: str


def content_length(headers) -> int:
    """The body length a request announces; Refused for a missing, odd or oversized one."""
    if headers.get("transfer-encoding") is not None:
        raise Refused(
            HTTPStatus.LENGTH_REQUIRED,
            "length_required",
            "Không hỗ trợ Transfer-Encoding: hãy gửi kèm Content-Length.",
            "Transfer-Encoding is not supported: send a Content-Length.",
        )
    values = headers.getlist("content-length")
    if not values:
        raise Refused(
            HTTPStatus.LENGTH_REQUIRED,
            "length_required",
            "Thiếu Content-Length (độ dài nội dung).",
            "Content-Length is missing.",
        )
    if len(set(values)) != 1 or not _DIGITS.fullmatch(values[0].strip()):
        raise bad(
            "bad_length",
            "Content-Length không phải một số byte hợp lệ.",
            "Content-Length is not a valid number of bytes.",
        )
    length = int(values[0])
    if length == 0:
        raise bad("empty_body", "Nội dung gửi lên trống.", "The body is empty.")
    if length > MAX_BODY:
        raise Refused(
            HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            "too_large",
            f"Nội dung lớn quá {MAX_BODY // (1024 * 1024)} MB.",
            f"The body is larger than {MAX_BODY // (1024 * 1024)} MB.",
        )
    return length


def parse_json(body: bytes):
    """The JSON value of a body; Refused (400) for anything that is not sane JSON."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise bad(
            "not_utf8", "Nội dung gửi lên không phải văn bản UTF-8.", "The body is not UTF-8 text."
        ) from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError:
        raise bad(
            "not_json", "Nội dung gửi lên không phải JSON hợp lệ.", "The body is not valid JSON."
        ) from None
    except ValueError:  # an integer of more than 4300 digits
        raise bad(
            "number_too_large",
            "JSON có một số quá lớn.",
            "The JSON holds a number that is too large.",
        ) from None
    except RecursionError:
        raise _too_deep() from None
    _check_tree(data)
    return data


def parse_object(body: bytes) -> dict:
    data = parse_json(body)
    if not isinstance(data, dict):
        raise bad(
            "malformed",
            "Nội dung phải là một đối tượng JSON.",
            "The body must be a JSON object.",
        )
    return data


ITEM_FIELDS = ("idempotency_key", "kind", "entity_id", "revision", "payload", "payload_sha256")


def parse_item(body: bytes) -> Item:
    """The outbox item in a request body; Refused (400/422) for anything that is not a valid one."""
    data = parse_json(body)
    if not isinstance(data, dict):
        raise bad(
            "malformed_item",
            "Nội dung phải là một đối tượng JSON (một mục của hộp thư đi).",
            "The body must be a JSON object (one outbox item).",
        )
    item = Item(*(_field(data, name) for name in ITEM_FIELDS))
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
        raise bad("malformed_item", f"Thiếu trường “{name}”.", f"The field '{name}' is missing.")
    value = data[name]
    if name == "revision":
        ok = type(value) is int and 0 <= value <= MAX_REVISION
        vi, en = f"số nguyên từ 0 đến {MAX_REVISION}", f"an integer 0-{MAX_REVISION}"
    elif name == "payload":
        ok, vi, en = isinstance(value, dict), "một đối tượng JSON", "a JSON object"
    elif name == "payload_sha256":
        ok = isinstance(value, str) and bool(SHA256.fullmatch(value))
        vi, en = "64 chữ số hệ mười sáu viết thường", "64 lower-case hex digits"
    else:
        ok = isinstance(value, str) and 0 < len(value) <= MAX_ID
        vi, en = f"một chuỗi từ 1 đến {MAX_ID} ký tự", f"a string of 1-{MAX_ID} characters"
    if not ok:
        raise bad(
            "malformed_item", f"Trường “{name}” phải là {vi}.", f"The field '{name}' must be {en}."
        )
    return value


def text_field(data: dict, name: str, *, max_len: int = MAX_ID, pattern=None) -> str:
    """A required string field of a JSON object (``pattern``: a compiled regex it must match)."""
    value = data.get(name)
    if not isinstance(value, str) or not 0 < len(value) <= max_len:
        raise bad(
            "malformed",
            f"Trường “{name}” phải là một chuỗi từ 1 đến {max_len} ký tự.",
            f"The field '{name}' must be a string of 1-{max_len} characters.",
        )
    if pattern is not None and not pattern.fullmatch(value):
        raise bad(
            "malformed",
            f"Trường “{name}” không đúng định dạng.",
            f"The field '{name}' is not in the expected format.",
        )
    return value


def int_field(data: dict, name: str, low: int, high: int) -> int:
    value = data.get(name)
    if type(value) is not int or not low <= value <= high:
        raise bad(
            "malformed",
            f"Trường “{name}” phải là số nguyên từ {low} đến {high}.",
            f"The field '{name}' must be an integer {low}-{high}.",
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
                raise bad(
                    "bad_text",
                    "Có chuỗi chứa ký tự không hợp lệ (nửa cặp UTF-16).",
                    "A string holds an invalid character (a lone surrogate).",
                ) from None


def _no_constant(name: str):
    raise bad("not_json", f"JSON không cho phép {name}.", f"JSON does not allow {name}.")


def _too_deep() -> Refused:
    return bad(
        "too_deep",
        f"JSON lồng nhau quá sâu (tối đa {MAX_DEPTH} tầng).",
        f"The JSON nests too deeply (at most {MAX_DEPTH} levels).",
    )


def day_field(data: dict) -> date:
    """The required ``day`` field, a date YYYY-MM-DD."""
    day_text = text_field(data, "day", max_len=10, pattern=_DAY)
    try:
        return date.fromisoformat(day_text)
    except ValueError:
        raise bad(
            "bad_day", "“day” phải là ngày dạng YYYY-MM-DD.", "'day' must be YYYY-MM-DD."
        ) from None
