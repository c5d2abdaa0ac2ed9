"""The chip-based citizen-ID card (CCCD) QR and the 12-digit personal identification number.

QR text (regulations.md §6.1): ``id|old id|full name|ddMMyyyy|Nam/Nữ|address|ddMMyyyy`` (7 fields),
or the 6-field form without the old ID. The Căn cước card issued from 1/7/2024 is reported to add
fields after these (such as the parents' names): they are accepted and ignored. A keyboard-wedge
scanner types the text into the focused field and usually ends with Enter, so surrounding whitespace
and a trailing newline are tolerated; anything else that is off (a field missing, a control
character, a digit other than 0-9, a date that does not exist, an ID that contradicts the birth date
or the gender) is refused with a Vietnamese message naming the problem. Any text gives either a
``CitizenCard`` or ``InvalidInput``, never another exception (tests/kiosk/test_identity.py fuzzes
it).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.errors import InvalidInput
from kiosk.paths import resource
from kiosk.text import nfc

# [0-9], not \d: \d also matches Arabic-Indic, fullwidth and other digits. Always fullmatch.
_ID12 = re.compile(r"[0-9]{12}")
_ID9 = re.compile(r"[0-9]{9}")
_DATE8 = re.compile(r"[0-9]{8}")
GENDERS = ("Nam", "Nữ")
# Control, format (zero-width, bidi overrides), surrogate, private-use and unassigned characters.
_FORBIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


@dataclass(frozen=True)
class CitizenCard:
    """What the card QR says about its holder."""

    id_number: str
    old_id_number: str | None
    full_name: str
    date_of_birth: date
    gender: str
    address: str
    issue_date: date | None


def _bad(vi: str, en: str) -> InvalidInput:
    return InvalidInput(f"Mã QR căn cước không hợp lệ: {vi}", english=f"Invalid ID-card QR: {en}")


@functools.cache
def province_codes() -> dict[str, str]:
    """Birth-registration province codes (data file, see its ``_status``)."""
    with open(resource("identity", "provinces.json"), encoding="utf-8") as f:
        return json.load(f)["codes"]


def _parse_date(text: str, what_vi: str, what_en: str) -> date:
    if not _DATE8.fullmatch(text):
        raise _bad(
            f"{what_vi} “{text}” phải có 8 chữ số ngày-tháng-năm (ddMMyyyy).",
            f"{what_en} '{text}' must be 8 digits ddMMyyyy.",
        )
    try:
        return datetime.strptime(text, "%d%m%Y").date()
    except ValueError:
        raise _bad(
            f"{what_vi} “{text}” không phải ngày có thật.",
            f"{what_en} '{text}' is not a real date.",
        ) from None


def _parse_gender(text: str) -> str:
    for g in GENDERS:
        if text.casefold() == g.casefold():
            return g
    raise _bad(f"giới tính “{text}” phải là Nam hoặc Nữ.", f"gender '{text}' must be Nam or Nữ.")


def century_gender_digit(date_of_birth: date, gender: str) -> int:
    """The 4th digit of the personal ID: even for men, odd for women, by century from 1900."""
    century = date_of_birth.year // 100 - 19
    if not 0 <= century <= 4:
        raise InvalidInput(
            f"Năm sinh {date_of_birth.year} nằm ngoài khoảng 1900–2399.",
            english=f"Birth year {date_of_birth.year} is outside 1900-2399.",
        )
    return century * 2 + (1 if gender == "Nữ" else 0)


def validate_personal_id(
    id_number: str, date_of_birth: date | None = None, gender: str | None = None
) -> str:
    """Check a 12-digit personal ID; with birth date and gender, check digits 4-6 against them.

    There is no check digit, so this catches typos in the structured part only.
    """
    id_number = id_number.strip() if isinstance(id_number, str) else ""
    if not _ID12.fullmatch(id_number):
        raise InvalidInput(
            f"Số định danh cá nhân “{id_number}” phải gồm đúng 12 chữ số (0–9).",
            english=f"Personal ID '{id_number}' must be exactly 12 digits.",
        )
    if id_number[:3] not in province_codes():
        raise InvalidInput(
            f"Số định danh “{id_number}”: mã tỉnh nơi đăng ký khai sinh {id_number[:3]} "
            "không có trong danh mục.",
            english=f"Personal ID '{id_number}': province code {id_number[:3]} is unknown.",
        )
    if date_of_birth is not None:
        if int(id_number[4:6]) != date_of_birth.year % 100:
            raise InvalidInput(
                f"Số định danh “{id_number}” không khớp năm sinh {date_of_birth.year} "
                f"(chữ số 5–6 phải là {date_of_birth.year % 100:02d}).",
                english=f"Personal ID '{id_number}' does not match "
                f"birth year {date_of_birth.year}.",
            )
        if gender is not None:
            expected = century_gender_digit(date_of_birth, gender)
            if int(id_number[3]) != expected:
                raise InvalidInput(
                    f"Số định danh “{id_number}” không khớp giới tính {gender} và thế kỷ sinh "
                    f"(chữ số thứ 4 phải là {expected}).",
                    english=f"Personal ID '{id_number}' does not match gender and birth century.",
                )
    return id_number


def _refuse_odd_characters(text: str) -> None:
    """Refuse control characters and digits other than ASCII 0-9 anywhere in the QR text."""
    for position, ch in enumerate(text, start=1):
        if unicodedata.category(ch) in _FORBIDDEN:
            raise _bad(
                f"có ký tự điều khiển hoặc ký tự ẩn (U+{ord(ch):04X}) ở vị trí {position}.",
                f"control or invisible character U+{ord(ch):04X} at position {position}.",
            )
        if ch.isdigit() and not "0" <= ch <= "9":
            raise _bad(
                f"có chữ số không phải 0–9 (U+{ord(ch):04X}, “{ch}”) ở vị trí {position}; "
                "mã QR trên thẻ chỉ dùng chữ số 0–9.",
                f"non-ASCII digit U+{ord(ch):04X} at position {position}.",
            )


def _seven_fields(parts: list[str]) -> list[str]:
    """The seven fields of the card, from the 6-field form, the 7-field form or a longer one.

    Fields after the seventh (the 2024 card's additions) are ignored. A text of 7 or more fields
    whose second field is not an old ID (empty or 9 digits) while its third is a date is the 6-field
    form with additions.
    """
    if len(parts) == 6:
        return [parts[0], "", *parts[1:]]
    if len(parts) >= 7 and parts[1] and not _ID9.fullmatch(parts[1]) and _DATE8.fullmatch(parts[2]):
        return [parts[0], "", *parts[1:6]]
    return parts[:7]


def parse_cccd_qr(text: str) -> CitizenCard:
    """Parse the QR text of a chip-based citizen-ID card; raise InvalidInput if it is malformed."""
    if not isinstance(text, str) or not text.strip():
        raise _bad("không có nội dung.", "it is empty.")
    text = text.strip()
    _refuse_odd_characters(text)
    parts = [p.strip() for p in text.split("|")]
    if len(parts) < 6:
        raise _bad(
            f"cần 6 hoặc 7 trường ngăn bởi “|” (thẻ mới có thể có thêm), nhận được {len(parts)}.",
            f"expected 6 or 7 '|'-separated fields (new cards may add more), got {len(parts)}.",
        )
    id_number, old_id, name, dob, gender, address, issued = _seven_fields(parts)
    if not _ID12.fullmatch(id_number):
        raise _bad(
            f"số căn cước “{id_number}” phải gồm 12 chữ số.", f"ID '{id_number}' must be 12 digits."
        )
    if old_id and not _ID9.fullmatch(old_id):
        raise _bad(
            f"số CMND cũ “{old_id}” phải gồm 9 chữ số hoặc để trống.",
            f"old ID '{old_id}' must be 9 digits or empty.",
        )
    full_name = nfc(name)
    if not full_name or any(ch.isdigit() for ch in full_name):
        raise _bad("họ và tên trống hoặc chứa chữ số.", "the name is empty or holds digits.")
    date_of_birth = _parse_date(dob, "ngày sinh", "birth date")
    gender = _parse_gender(nfc(gender))
    address = nfc(address)
    if not address:
        raise _bad("thiếu nơi thường trú.", "the address is missing.")
    issue_date = _parse_date(issued, "ngày cấp", "issue date") if issued else None
    if issue_date and issue_date < date_of_birth:
        raise _bad("ngày cấp trước ngày sinh.", "the issue date is before the birth date.")
    try:
        validate_personal_id(id_number, date_of_birth, gender)
    except InvalidInput as exc:
        raise _bad(exc.message, exc.english) from None
    return CitizenCard(
        id_number, old_id or None, full_name, date_of_birth, gender, address, issue_date
    )
