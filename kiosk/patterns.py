"""Field patterns from the catalog, compiled with RE2: matching takes time linear in the input.

A catalog file comes from outside, so its patterns are untrusted: Python's ``re`` backtracks, and a
pattern such as ``^([0-9]+)+$`` takes seconds on a few dozen characters. RE2 (google-re2) has no
backtracking; it refuses what it cannot run in linear time (back-references, look-arounds), and
``max_mem`` bounds the memory of one compiled pattern. Patterns are compiled once and cached.
"""

from __future__ import annotations

from functools import lru_cache

import re2

from kiosk.errors import InvalidInput

MAX_PATTERN_CHARS = 500
_MAX_MEM = 2 << 20  # bytes for one compiled pattern; RE2's default is 8 MiB

# RE2's error texts (English) to Vietnamese, by prefix
_REASONS = (
    ("missing )", "thiếu dấu đóng ngoặc “)”"),
    ("unexpected )", "thừa dấu đóng ngoặc “)”"),
    ("missing ]", "thiếu dấu đóng ngoặc “]”"),
    (
        "invalid escape sequence",
        "chuỗi thoát “\\…” không hợp lệ hoặc là tham chiếu ngược (không hỗ trợ)",
    ),
    ("invalid repetition size", "số lần lặp {…} quá lớn hoặc sai (tối đa 1000)"),
    ("bad repetition operator", "toán tử lặp đặt sai chỗ"),
    ("missing argument to repetition operator", "toán tử lặp không có gì đứng trước"),
    ("invalid perl operator", "cú pháp (?…) không được hỗ trợ (nhìn trước/nhìn sau)"),
    ("invalid named capture group", "tên nhóm (?P<…>) không hợp lệ"),
    ("invalid character class range", "khoảng ký tự […] sai thứ tự"),
    ("invalid character class", "lớp ký tự […] không hợp lệ"),
    ("trailing \\", "kết thúc bằng dấu “\\”"),
    ("pattern too large", "mẫu quá lớn"),
    ("invalid UTF-8", "có ký tự không hợp lệ"),
)


class PatternError(InvalidInput):
    """A pattern that RE2 cannot compile; ``reason`` is the Vietnamese explanation."""

    def __init__(self, pattern: str, reason: str) -> None:
        super().__init__(
            f"Mẫu kiểm tra “{pattern[:80]}” không hợp lệ: {reason}.",
            english=f"Invalid pattern '{pattern[:80]}'.",
        )
        self.reason = reason


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # errors come back as exceptions; nothing on stderr
    options.max_mem = _MAX_MEM
    return options


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str):
    """The compiled pattern; raises PatternError with a Vietnamese reason."""
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternError(pattern, f"dài quá {MAX_PATTERN_CHARS} ký tự")
    try:
        pattern.encode("utf-8")
    except UnicodeEncodeError:
        raise PatternError(pattern, "có ký tự không hợp lệ (nửa cặp thay thế UTF-16)") from None
    try:
        return re2.compile(pattern, options=_options())
    except re2.error as exc:
        raw = exc.args[0] if exc.args else b""
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        reason = next((vi for en, vi in _REASONS if text.startswith(en)), "cú pháp không hợp lệ")
        raise PatternError(pattern, reason) from None


def fullmatch(pattern: str, value: str) -> bool:
    """Whether all of ``value`` matches ``pattern`` (compiled once, linear time)."""
    try:
        return compile_pattern(pattern).fullmatch(value) is not None
    except UnicodeEncodeError:  # a lone surrogate in the value matches nothing
        return False
