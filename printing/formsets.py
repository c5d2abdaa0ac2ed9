"""Which form set is in force on a date, and the titles and copy labels of its forms (as data).

The data is ``resources/forms/formsets.json``: Circular 01/2018/TT-VPCP (six forms) and Circular
03/2025/TT-VPCP (seven forms, with the notice of stopping). Extras (checklist handout, queue ticket)
belong to no circular and are the same in every set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from kiosk.errors import InvalidInput
from kiosk.offering import in_effect
from kiosk.paths import resource

PAGES = ("A5", "A4-landscape", "80mm")


@dataclass(frozen=True)
class FormSpec:
    """One form of a set: its key (``receipt``...), number, name, paper and copy labels."""

    key: str
    number: str
    name: str
    page: str
    copies: tuple[str, ...] = ()
    variant: str = ""

    @property
    def title(self) -> str:
        return self.name.upper()

    @property
    def label(self) -> str:
        return f"Mẫu số {self.number}" if self.number else ""


@dataclass(frozen=True)
class FormSet:
    """A set of forms with the dates it is in force (``effective_to`` inclusive, None = open)."""

    id: str
    circular: str
    effective_from: date
    effective_to: date | None
    status: str
    forms: tuple[FormSpec, ...]
    extras: tuple[FormSpec, ...] = ()

    def form(self, key: str) -> FormSpec:
        for spec in self.forms + self.extras:
            if spec.key == key:
                return spec
        raise InvalidInput(
            f"Bộ biểu mẫu theo Thông tư {self.circular} không có mẫu “{key}”.",
            english=f"Form set {self.id} has no form '{key}'.",
        )

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.forms + self.extras)

    def covers(self, day: date) -> bool:
        return in_effect(self.effective_from, self.effective_to, day)


def load_formsets(path: Path | None = None) -> tuple[FormSet, ...]:
    """Parse and validate a form-set file (default: the shipped one, cached)."""
    return _load(str(path or resource("forms", "formsets.json")))


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[FormSet, ...]:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        extras = tuple(_spec(f) for f in raw.get("extras", []))
        sets = tuple(
            FormSet(
                id=str(s["id"]),
                circular=str(s["circular"]),
                effective_from=date.fromisoformat(s["effective_from"]),
                effective_to=date.fromisoformat(s["effective_to"])
                if s.get("effective_to")
                else None,
                status=str(s.get("effective_from_status") or s.get("status", "")),
                forms=tuple(_spec(f) for f in s["forms"]),
                extras=extras,
            )
            for s in raw["sets"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            f"Tệp bộ biểu mẫu {Path(path).name} không hợp lệ: {exc}.",
            english=f"Form-set file is invalid: {exc}.",
        ) from None
    if not sets:
        raise InvalidInput("Tệp bộ biểu mẫu không có bộ nào.", english="No form set in the file.")
    return tuple(sorted(sets, key=lambda s: s.effective_from))


def _spec(raw: dict) -> FormSpec:
    if raw["page"] not in PAGES:
        raise ValueError(f"page {raw['page']!r} of {raw['key']!r}")
    return FormSpec(
        key=str(raw["key"]),
        number=str(raw.get("number", "")),
        name=str(raw["name"]),
        page=raw["page"],
        copies=tuple(raw.get("copies", ())),
        variant=str(raw.get("variant", "")),
    )


def in_force(day: date, sets: tuple[FormSet, ...] | None = None) -> FormSet:
    """The form set in force on ``day`` (the newest that covers it)."""
    for form_set in reversed(sets or load_formsets()):
        if form_set.covers(day):
            return form_set
    raise InvalidInput(
        f"Không có bộ biểu mẫu nào có hiệu lực ngày {day:%d/%m/%Y}.",
        english=f"No form set is in force on {day:%Y-%m-%d}.",
    )


def get_set(set_id: str, sets: tuple[FormSet, ...] | None = None) -> FormSet:
    """A set by id (``2018``, ``2025``) or by circular number (``03/2025/TT-VPCP``)."""
    for form_set in sets or load_formsets():
        if set_id in (form_set.id, form_set.circular):
            return form_set
    raise InvalidInput(
        f"Không có bộ biểu mẫu “{set_id}” (có: 2018, 2025).",
        english=f"Unknown form set '{set_id}'.",
    )
