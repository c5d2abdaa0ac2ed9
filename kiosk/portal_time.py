"""Time limits of the national portal's records, with their unit (issue #10).

The portal gives a limit per channel (``executionMethods``: ``processingTime`` +
``processingTimeUnit``) and per case (``cases[].processingDay``). Units: WORKING_DAY, DAY (calendar
days), HOUR, MONTH, YEAR, and OTHER, where the rule is in the channel's text. A text is read only
when it is clear; everything else stays text and the record is flagged for a person.

A limit here is a plain dict, as it goes into the catalog file:
``{"unit": "working_day", "value": 7, "working_days": 7, "text": "7 ngày làm việc"}``;
units: ``working_day``, ``day``, ``hour``, ``month``, ``year``, ``same_day`` (with ``cutoff``),
``variant`` (each case has its own), ``text`` (not understood; ``text`` holds the portal's words).
"""

from __future__ import annotations

import re
from typing import Any

from kiosk.text import fold

UNITS = {
    "WORKING_DAY": "working_day",
    "DAY": "day",
    "HOUR": "hour",
    "MONTH": "month",
    "YEAR": "year",
}
UNIT_TEXT = {
    "working_day": "ngày làm việc",
    "day": "ngày",
    "hour": "giờ",
    "month": "tháng",
    "year": "năm",
}
_SAME_DAY = re.compile(r"\btrong ngay\b")
_CUTOFF = re.compile(r"sau (\d{1,2}) ?(?:gio|h)\b")
_NEXT_DAY = re.compile(r"ngay lam viec tiep theo")
_ONE_NUMBER = re.compile(r"^\D*?(\d{1,3}) (ngay lam viec|ngay|gio|thang)\b\D*$")
_FOLDED_UNITS = {"ngay lam viec": "working_day", "ngay": "day", "gio": "hour", "thang": "month"}


def limit(value: int | float, unit: str) -> dict[str, Any]:
    """A limit of ``value`` in ``unit`` with its Vietnamese text ("15 ngày", "7 ngày làm việc")."""
    value = int(value) if float(value).is_integer() else value
    out: dict[str, Any] = {"unit": unit, "value": value, "text": f"{value} {UNIT_TEXT[unit]}"}
    if unit == "working_day":
        out["working_days"] = value
    return out


def same_day(cutoff: str | None, text: str | None = None) -> dict[str, Any]:
    words = "Trong ngày" + (
        f" (nhận sau {cutoff} thì trả trong ngày làm việc tiếp theo)" if cutoff else ""
    )
    out: dict[str, Any] = {"unit": "same_day", "value": 0, "working_days": 0, "text": words}
    if cutoff:
        out["cutoff"] = cutoff
    if text:
        out["note"] = text
    return out


def unclear(text: str) -> dict[str, Any]:
    return {"unit": "text", "value": None, "text": text.strip() or "Chưa rõ thời hạn"}


def parse_text(text: str) -> dict[str, Any] | None:
    """The limit a portal text states clearly, or None.

    >>> parse_text("Trong ngày; sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo")["cutoff"]
    '15:00'
    """
    folded = fold(text)
    if not folded:
        return None
    if _SAME_DAY.search(folded) and not re.search(r"\d+ ngay", folded.replace("15 gio", "")):
        cut = _CUTOFF.search(folded)
        if cut and _NEXT_DAY.search(folded) and 0 < int(cut.group(1)) < 24:
            return same_day(f"{int(cut.group(1)):02d}:00")
        if not cut and not re.search(r"\d", folded):
            return same_day(None)
        return None
    one = _ONE_NUMBER.match(folded)
    if one and len(folded) <= 80:
        return limit(int(one.group(1)), _FOLDED_UNITS[one.group(2)])
    return None


def read(qty: Any, unit: str | None, text: str = "") -> tuple[dict[str, Any] | None, str | None]:
    """One portal limit → (limit or None, problem or None).

    ``qty`` may be a number or, in messy records, a sentence; OTHER reads the text.
    """
    if isinstance(qty, str):
        parsed = parse_text(qty) or (parse_text(text) if text else None)
        return (parsed, None) if parsed else (None, "time_text")
    if unit in UNITS and isinstance(qty, (int, float)) and qty >= 0:
        if qty == 0 and unit == "WORKING_DAY":
            return same_day(None), None
        if qty > 0 and not float(qty).is_integer():
            return unclear(f"{qty} {UNIT_TEXT[UNITS[unit]]}"), "time_fraction"
        return (limit(qty, UNITS[unit]), None) if qty > 0 else (None, "time_zero")
    if unit == "OTHER":
        if text.strip():
            parsed = parse_text(text)
            return (parsed, None) if parsed else (None, "time_text")
        return None, "time_other_empty" if qty else None
    return None, "time_text"


def same(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return False
    return (a["unit"], a.get("value"), a.get("cutoff")) == (
        b["unit"],
        b.get("value"),
        b.get("cutoff"),
    )
