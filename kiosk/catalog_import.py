"""Importing a catalog file: validate everything, then write it in one transaction, or write
nothing.

Rules (issue #3): a version already in the store is never changed in place. A re-import of the same
file changes nothing. The only thing that may change on a stored version is the closing of an open
end: a later version (amended or abolished) closes the previous one the day before it starts, and a
file may give an end date to a version that had none. Dossiers point at version ids, which never
change, so they keep the version they were received under.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kiosk.catalog_schema import (
    Problem,
    StoredVersion,
    content_sha256,
    nfc_tree,
    read_document,
    schema_problems,
    semantic_problems,
)
from kiosk.errors import InvalidInput
from kiosk.models import ChecklistItem, Procedure, ProcedureVersion
from kiosk.text import fold, nfc

MAX_LISTED_PROBLEMS = 20


@dataclass(frozen=True)
class ImportReport:
    """What an import did (all zeros but ``versions_unchanged`` for a repeated import)."""

    procedures_added: int
    versions_added: int
    versions_unchanged: int
    versions_closed: int

    @property
    def changed(self) -> bool:
        return bool(self.procedures_added or self.versions_added or self.versions_closed)


def stored_versions(session: Session, codes: list[str]) -> dict[str, list[StoredVersion]]:
    rows = session.execute(
        select(
            Procedure.code,
            ProcedureVersion.version,
            ProcedureVersion.status,
            ProcedureVersion.effective_from,
            ProcedureVersion.effective_to,
            ProcedureVersion.content_sha256,
        )
        .join(ProcedureVersion.procedure)
        .where(Procedure.code.in_(codes))
    )
    out: dict[str, list[StoredVersion]] = {}
    for code, *rest in rows:
        out.setdefault(code, []).append(StoredVersion(*rest))
    return out


def check_document(session: Session, doc: Any) -> list[Problem]:
    """All problems of a parsed document, including its disagreements with the store."""
    problems = schema_problems(doc)
    if problems:
        return problems
    codes = [p["code"] for p in doc["procedures"]]
    stored = {}
    for k in range(0, len(codes), 500):  # keep under SQLite's bound-parameter limit
        stored.update(stored_versions(session, codes[k : k + 500]))
    return semantic_problems(doc, stored)


def load_file(session: Session, path: Path) -> tuple[Any, list[Problem]]:
    doc, problems = read_document(path)
    if problems:
        return None, problems
    doc = nfc_tree(doc)
    return doc, check_document(session, doc)


def refuse(problems: list[Problem], path: Path) -> InvalidInput:
    listed = "\n".join(f"  • {p}" for p in problems[:MAX_LISTED_PROBLEMS])
    more = len(problems) - MAX_LISTED_PROBLEMS
    if more > 0:
        listed += f"\n  … và {more} lỗi khác"
    return InvalidInput(
        f"Tệp danh mục “{path.name}” có {len(problems)} lỗi; "
        f"không có gì được ghi vào kho:\n{listed}",
        english=f"Catalog file {path.name} has {len(problems)} problem(s); nothing was imported.",
    )


def import_file(session: Session, path: Path) -> ImportReport:
    """Validate ``path`` and write it with ``session`` (the caller owns the transaction).

    Raises InvalidInput listing every problem; the caller's rollback then leaves the store
    unchanged.
    """
    doc, problems = load_file(session, path)
    if problems:
        raise refuse(problems, path)
    return write_document(session, doc)


def write_document(session: Session, doc: dict[str, Any]) -> ImportReport:
    counts = {"procedures": 0, "added": 0, "unchanged": 0, "closed": 0}
    # the procedures already stored, with their versions, in two queries (not two per procedure)
    stored = {
        p.code: p
        for p in session.scalars(
            select(Procedure)
            .where(Procedure.code.in_([proc["code"] for proc in doc["procedures"]]))
            .options(selectinload(Procedure.versions))
        )
    }
    for proc in doc["procedures"]:
        procedure = stored.get(proc["code"])
        if procedure is None:
            procedure = Procedure(code=proc["code"])
            session.add(procedure)
            counts["procedures"] += 1
        existing = {v.version: v for v in procedure.versions}
        for ver in sorted(proc["versions"], key=lambda v: v["version"]):
            old = existing.get(ver["version"])
            end = _date(ver.get("effective_to"))
            if old is None:
                previous = existing.get(ver["version"] - 1)
                existing[ver["version"]] = row = _new_version(procedure, ver, previous)
                session.add(row)
                counts["added"] += 1
            elif old.effective_to is None and end is not None:
                old.effective_to = end
                counts["closed"] += 1
            else:
                counts["unchanged"] += 1
        counts["closed"] += _close_superseded(existing)
    session.flush()
    return ImportReport(
        counts["procedures"], counts["added"], counts["unchanged"], counts["closed"]
    )


def _close_superseded(versions: dict[int, ProcedureVersion]) -> int:
    """An open-ended version ends the day before the next version starts."""
    closed = 0
    ordered = [versions[n] for n in sorted(versions)]
    for cur, nxt in pairwise(ordered):
        if cur.effective_to is None:
            cur.effective_to = nxt.effective_from - timedelta(days=1)
            closed += 1
    return closed


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _new_version(
    procedure: Procedure, ver: dict[str, Any], previous: ProcedureVersion | None
) -> ProcedureVersion:
    inherited = _inherit(previous) if ver["status"] == "abolished" and previous is not None else {}
    time_limit = ver.get("time_limit")
    name = nfc(ver.get("name") or inherited.get("name", ""))
    row = ProcedureVersion(
        procedure=procedure,
        version=ver["version"],
        name=name,
        name_folded=fold(name),
        field=nfc(ver.get("field") or inherited.get("field", "")),
        level=ver.get("level") or inherited.get("level", ""),
        agency=ver.get("agency") or inherited.get("agency", ""),
        time_limit_days=_days(time_limit) if time_limit else inherited.get("time_limit_days", 0),
        time_limit_unit=_unit(time_limit) if time_limit else inherited.get("time_limit_unit"),
        time_limit_value=time_limit.get("value")
        if time_limit
        else inherited.get("time_limit_value"),
        details=_details(ver) or inherited.get("details"),
        cutoff=time_limit.get("cutoff") if time_limit else inherited.get("cutoff"),
        time_limit_note=_note(time_limit) if time_limit else inherited.get("time_limit_note"),
        fee=ver.get("fee") or inherited.get("fee", {"rule": "free"}),
        legal_basis=ver.get("legal_basis") or inherited.get("legal_basis", []),
        result=ver.get("result") or inherited.get("result", ""),
        eform=ver.get("eform") if "eform" in ver else inherited.get("eform"),
        effective_from=date.fromisoformat(ver["effective_from"]),
        effective_to=_date(ver.get("effective_to")),
        status=ver["status"],
        source=ver["source"],
        notes=ver.get("notes"),
        content_sha256=content_sha256(ver),
    )
    for position, item in enumerate(ver.get("checklist", [])):
        row.items.append(
            ChecklistItem(
                position=position,
                name=nfc(item["name"]),
                originals=item.get("originals", 0),
                certified_copies=item.get("certified_copies", 0),
                photocopies=item.get("photocopies", 0),
                required=item["required"],
                condition=item.get("condition") or None,
                eform_ref=item.get("eform"),
                kind=item.get("kind"),
                copies=item.get("copies", 0),
                templates=item.get("templates"),
            )
        )
    return row


DETAIL_KEYS = ("variants", "subjects", "life_events", "paper_notes", "portal", "review", "decision")


def _details(ver: dict[str, Any]) -> dict[str, Any] | None:
    """What the portal catalog adds (variants, groups…); fees per channel stay in ``fee``."""
    details = {k: ver[k] for k in DETAIL_KEYS if k in ver}
    return details or None


def _note(time_limit: dict[str, Any]) -> str | None:
    """A limit not understood keeps the portal's words as its note."""
    if time_limit.get("unit") == "text":
        return time_limit.get("text") or time_limit.get("note")
    return time_limit.get("note")


def _unit(time_limit: dict[str, Any]) -> str | None:
    unit = time_limit.get("unit")
    return None if unit in (None, "working_day") else unit


def _days(time_limit: dict[str, Any]) -> int:
    """The stored whole number: working days (0 = same day); for another unit its value."""
    if "working_days" in time_limit:
        return int(time_limit["working_days"])
    value = time_limit.get("value")
    return int(value) if isinstance(value, (int, float)) else 0


def _inherit(previous: ProcedureVersion) -> dict[str, Any]:
    return {
        "name": previous.name,
        "field": previous.field,
        "level": previous.level,
        "agency": previous.agency,
        "time_limit_days": previous.time_limit_days,
        "cutoff": previous.cutoff,
        "time_limit_note": previous.time_limit_note,
        "time_limit_unit": previous.time_limit_unit,
        "time_limit_value": previous.time_limit_value,
        "details": previous.details,
        "fee": previous.fee,
        "legal_basis": previous.legal_basis,
        "result": previous.result,
        "eform": previous.eform,
    }
