"""The rules an e-form's answers must meet, from the procedure's form definition and the law.

One place for every screen (officer counter, citizen kiosk, sync) and for the reception service:

- each field's type (text, date ``dd/mm/yyyy``, whole number, choice, personal ID, phone, e-mail,
  tax code), its ``max_length``, ``min``/``max`` and catalog ``pattern`` (RE2, linear time);
- required fields, but only when the dossier is to be *accepted* (``complete=True``): a draft, and
  a dossier sent back for a supplement, may carry an incomplete form (issue 9 §6);
- no date after the day of reception;
- the rules of the law that are data in ``resources/forms/eform_rules.json``, each with its source:
  minimum ages (marriage: men from 20, women from 18, Law on Marriage and Family 2014 Art. 8) and
  the link between a personal ID and the birth date and gender of the same person (the 4th digit
  gives century and gender, digits 5-6 the year: regulations.md §6.2).

``check`` returns the cleaned answers and every problem keyed by field, so a form can show each
message next to its field; ``validate`` raises :class:`EformInvalid` instead.
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.catalog import Eform, EformField
from kiosk.errors import InvalidInput
from kiosk.identity import GENDERS, validate_personal_id
from kiosk.paths import resource
from kiosk.patterns import PatternError, fullmatch

DATE_FORMAT = "%d/%m/%Y"
TEXT_LIMIT = 1000  # characters of a text field without its own max_length
TEXTAREA_LIMIT = 5000
NUMBER_LIMIT = 10**15  # larger than any count or amount in đồng a form asks for

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
# Vietnamese numbers after the 2018 mobile and 2017 landline renumbering: mobile 0 + 3/5/7/8/9
# + 8 digits; landline 0 + a 2x area code + 8 digits (11 digits in all).
_MOBILE = re.compile(r"0[35789][0-9]{8}")
_LANDLINE = re.compile(r"02[0-9]{9}")
_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
# Tax codes (mã số thuế): 10 digits, or 13 = the 10 digits of the parent unit + a 3-digit unit
# number, written with a hyphen (NNNNNNNNNN-NNN) on documents; typed with or without it.
_TAX10 = re.compile(r"[0-9]{10}")
_TAX13 = re.compile(r"([0-9]{10})-?([0-9]{3})")


@dataclass(frozen=True)
class FieldError:
    """What is wrong with one field: ``message`` (Vietnamese) is shown next to it."""

    key: str
    label: str
    message: str
    english: str


class EformInvalid(InvalidInput):
    """The e-form's answers break its rules; ``errors`` holds one message per field."""

    def __init__(self, errors: Mapping[str, FieldError]) -> None:
        self.errors = dict(errors)
        lines_vi = "\n".join(f"  • “{e.label}”: {e.message}" for e in self.errors.values())
        lines_en = "\n".join(f"  • {e.label}: {e.english}" for e in self.errors.values())
        super().__init__(
            f"Tờ khai có {len(self.errors)} chỗ chưa đúng:\n{lines_vi}",
            english=f"The form has {len(self.errors)} problem(s):\n{lines_en}",
        )


class _Bad(InvalidInput):
    """One answer is wrong; the message is a clause, without the field's name."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(_sentence(vi), english=_sentence(en))


# --- rules of the law, as data -------------------------------------------------------------------


@dataclass(frozen=True)
class MinAge:
    form: str
    field: str
    years: int
    who: str
    source: str
    effective_from: date
    effective_to: date | None

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class PersonLink:
    """The personal ID in ``id`` belongs to the person born on ``birth_date`` (field keys)."""

    form: str
    id: str
    birth_date: str
    gender: str | None = None  # a fixed gender ("Nam"/"Nữ"), or
    gender_field: str | None = None  # the field that holds it


@functools.cache
def rules() -> tuple[tuple[MinAge, ...], tuple[PersonLink, ...]]:
    data = json.loads(resource("forms", "eform_rules.json").read_text(encoding="utf-8"))
    ages = tuple(
        MinAge(
            r["form"],
            r["field"],
            int(r["years"]),
            r["who"],
            r["source"],
            date.fromisoformat(r["effective_from"]),
            date.fromisoformat(r["effective_to"]) if r.get("effective_to") else None,
        )
        for r in data["min_ages"]
    )
    persons = tuple(
        PersonLink(p["form"], p["id"], p["birth_date"], p.get("gender"), p.get("gender_field"))
        for p in data["persons"]
    )
    return ages, persons


def _shown(value: Any, limit: int = 40) -> str:
    """``value`` as it can be quoted in a message: printable (a control character or a lone
    surrogate becomes "?") and at most ``limit`` characters."""
    text = "".join(
        ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else "?"
        for ch in str(value)[: limit + 1]
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


def age_on(born: date, on: date) -> int:
    """Full years of age on ``on`` (someone born on 29 February is a year older on 1 March)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# --- single values -------------------------------------------------------------------------------


def parse_date(value: Any) -> date:
    """A date typed as dd/mm/yyyy (d/m/yyyy too) or yyyy-mm-dd, or a date object."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _Bad("phải là ngày dạng ngày/tháng/năm.", "must be a date dd/mm/yyyy.")
    text = value.strip()
    for fmt in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if parsed.year < 1900:
            raise _Bad(
                f"năm {parsed.year} không hợp lệ (từ 1900 trở đi).",
                f"the year {parsed.year} is before 1900.",
            )
        return parsed
    raise _Bad(
        f"“{_shown(text)}” không phải ngày có thật dạng ngày/tháng/năm (ví dụ 07/12/1990).",
        f"'{_shown(text)}' is not a real date dd/mm/yyyy.",
    )


def normalise_phone(value: str) -> str:
    """A Vietnamese mobile or landline number as 0XXXXXXXXX(X); +84/84 becomes 0.

    Raises InvalidInput, as do ``normalise_email`` and ``normalise_tax_code``."""
    digits = _PHONE_SEPARATORS.sub("", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not (digits.isascii() and (_MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits))):
        raise _Bad(
            f"“{_shown(value)}” không phải số điện thoại Việt Nam: di động 10 chữ số (03, 05, 07, "
            "08, 09…), cố định 11 chữ số (02…), có thể bắt đầu bằng +84.",
            f"'{_shown(value)}' is not a Vietnamese phone number.",
        )
    return digits


def normalise_email(value: str) -> str:
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise _Bad(
            f"“{_shown(value)}” không phải địa chỉ thư điện tử (ví dụ ten@example.vn).",
            f"'{_shown(value)}' is not an e-mail address.",
        )
    return value


def normalise_tax_code(value: str) -> str:
    """10 digits, or 13 written NNNNNNNNNN-NNN (the hyphen is added when typed without it)."""
    text = value.replace(" ", "")
    if text.isascii() and _TAX10.fullmatch(text):
        return text
    m = _TAX13.fullmatch(text) if text.isascii() else None
    if m:
        return f"{m[1]}-{m[2]}"
    raise _Bad(
        f"mã số thuế “{_shown(value)}” phải có 10 chữ số, hoặc 13 chữ số dạng NNNNNNNNNN-NNN.",
        f"tax code '{_shown(value)}' must have 10 or 13 digits.",
    )


def check_value(value: Any, field: EformField) -> Any:
    """One answer checked and cleaned for its field's type; raises ``_Bad``."""
    kind = field.type
    if kind == "number":
        return _number(value, field)
    if kind == "date":
        return parse_date(value).strftime(DATE_FORMAT)
    if not isinstance(value, str):
        raise _Bad("phải là văn bản.", "must be text.")
    text = _text(value, multiline=kind == "textarea")
    limit = field.max_length or (TEXTAREA_LIMIT if kind == "textarea" else TEXT_LIMIT)
    if len(text) > limit:
        raise _Bad(f"dài quá {limit} ký tự.", f"longer than {limit} characters.")
    if kind == "choice" and text not in field.choices:
        raise _Bad(
            f"“{text}” không có trong danh sách chọn.", f"'{text}' is not one of the choices."
        )
    if kind == "id_number":
        try:
            return validate_personal_id(text)
        except InvalidInput as exc:
            raise _Bad(exc.message, exc.english) from None
    return {"phone": normalise_phone, "email": normalise_email, "tax_code": normalise_tax_code}.get(
        kind, str
    )(text)


def _text(value: str, multiline: bool) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad("có ký tự không hợp lệ.", "holds an invalid character.") from None
    text = unicodedata.normalize("NFC", value)
    if multiline:
        text = "\n".join(" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n"))
        text = text.strip()
    else:
        text = " ".join(text.split())
    if _CONTROL.search(text.replace("\n", "")):
        raise _Bad("có ký tự điều khiển không hợp lệ.", "holds a control character.")
    return text


def _number(value: Any, field: EformField) -> int:
    if isinstance(value, str):
        text = value.strip().replace(".", "").replace(" ", "")  # 1.500.000 as written in Vietnam
        if not (text.isascii() and re.fullmatch(r"-?[0-9]{1,16}", text)):
            raise _Bad(
                f"“{_shown(value)}” phải là số nguyên.",
                f"'{_shown(value)}' must be a whole number.",
            )
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad("phải là số.", "must be a number.")
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise _Bad("phải là số nguyên.", "must be a whole number.")
        value = int(value)
    if abs(value) > NUMBER_LIMIT:
        raise _Bad("số quá lớn.", "the number is too large.")
    if field.min is not None and value < field.min:
        raise _Bad(f"phải từ {field.min:g} trở lên.", f"must be at least {field.min:g}.")
    if field.max is not None and value > field.max:
        raise _Bad(f"không được quá {field.max:g}.", f"must be at most {field.max:g}.")
    return value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- a whole form --------------------------------------------------------------------------------


def check(
    form: Eform | None, answers: Mapping[str, Any], *, on: date, complete: bool
) -> tuple[dict[str, Any], dict[str, FieldError]]:
    """The cleaned answers and every problem, keyed by field.

    ``on`` is the day of reception (no date may be after it; ages are counted on it).
    ``complete`` also requires every required field (for acceptance; not for a draft or a
    supplement request).
    """
    errors: dict[str, FieldError] = {}
    clean: dict[str, Any] = {}
    fields = {f.key: f for f in form.fields} if form else {}
    for key in answers:
        if key not in fields:
            name = str(key).encode("utf-8", "replace").decode("utf-8")[:40]
            errors[str(key)] = FieldError(
                name,
                name,
                "Tờ khai của thủ tục này không có trường này.",
                "This form has no such field.",
            )
    parsed: dict[str, Any] = {}  # dates as date objects, for the rules across fields
    for key, f in fields.items():
        value = answers.get(key)
        if _empty(value):
            clean[key] = "" if f.type != "number" else None
            if complete and f.required:
                errors[key] = FieldError(key, f.label, "Bắt buộc phải điền.", "Required.")
            continue
        try:
            clean[key] = check_value(value, f)
            if f.type == "date":
                parsed[key] = day = parse_date(clean[key])
                if day > on:
                    raise _Bad(
                        f"ngày {day:%d/%m/%Y} ở sau ngày tiếp nhận ({on:%d/%m/%Y}); không "
                        "được ghi ngày trong tương lai.",
                        f"{day:%d/%m/%Y} is in the future.",
                    )
            if f.pattern and not _matches(f.pattern, clean[key]):
                raise _Bad(
                    f"“{clean[key]}” không đúng định dạng quy định cho trường này.",
                    f"'{clean[key]}' does not have the required format.",
                )
        except _Bad as bad:
            errors[key] = FieldError(key, f.label, bad.message, bad.english)
            clean.pop(key, None)
    if form is not None:
        _law_rules(form, fields, clean, parsed, errors, on)
    return clean, errors


def validate(
    form: Eform | None, answers: Mapping[str, Any], *, on: date, complete: bool
) -> dict[str, Any]:
    """The cleaned answers; raises :class:`EformInvalid` listing every problem."""
    clean, errors = check(form, answers, on=on, complete=complete)
    if errors:
        raise EformInvalid(errors)
    return clean


def _matches(pattern: str, value: Any) -> bool:
    try:
        return fullmatch(pattern, str(value))
    except PatternError:
        # a pattern stored before the catalog validation compiled them; the catalog import now
        # refuses such files, so an old store is the only source: check the type, not the pattern
        return True


def _law_rules(
    form: Eform,
    fields: dict[str, EformField],
    clean: dict[str, Any],
    parsed: dict[str, date],
    errors: dict[str, FieldError],
    on: date,
) -> None:
    ages, persons = rules()
    for rule in ages:
        born = parsed.get(rule.field)
        if rule.form != form.id or born is None or rule.field in errors or not rule.in_force(on):
            continue
        age = age_on(born, on)
        if age < rule.years:
            f = fields[rule.field]
            errors[rule.field] = FieldError(
                rule.field,
                f.label,
                f"{_sentence(rule.who)} phải từ đủ {rule.years} tuổi trở lên ({rule.source}); "
                f"người sinh ngày {born:%d/%m/%Y} mới {age} tuổi vào ngày {on:%d/%m/%Y}.",
                f"must be at least {rule.years} years old; born {born:%d/%m/%Y} is {age} on "
                f"{on:%d/%m/%Y}.",
            )
    for link in persons:
        if link.form != form.id or link.id not in fields or link.id in errors:
            continue
        if link.birth_date in errors:  # one message at a time for one person
            continue
        id_number, born = clean.get(link.id), parsed.get(link.birth_date)
        gender = link.gender or (clean.get(link.gender_field) if link.gender_field else None)
        if not id_number or born is None:
            continue
        try:
            validate_personal_id(id_number, born, gender if gender in GENDERS else None)
        except InvalidInput as exc:
            f = fields[link.id]
            errors[link.id] = FieldError(link.id, f.label, exc.message, exc.english)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def missing_required(form: Eform | None, answers: Mapping[str, Any]) -> list[EformField]:
    """The required fields not yet filled in (what stands between a draft and acceptance)."""
    return [f for f in (form.fields if form else ()) if f.required and _empty(answers.get(f.key))]


def incomplete_notice(missing: list[EformField]) -> tuple[str, str]:
    """What to tell the officer about required fields still empty (Vietnamese, English)."""
    names = ", ".join(f"“{f.label}”" for f in missing)
    return (
        f"Tờ khai còn thiếu: {names}. Chỉ tiếp nhận hồ sơ khi tờ khai đã điền đủ; để yêu cầu "
        "bổ sung hoặc từ chối thì có thể đi tiếp.",
        f"The form still lacks: {names}. A dossier is accepted only with a complete form; to "
        "request a supplement or refuse, you can go on.",
    )
