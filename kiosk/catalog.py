"""The procedure catalog: what a counter may offer on a given day, and nothing else (issue #3).

``CatalogService`` is the one way in, for the CLI, the officer's picker and the citizen kiosk. Every
query takes a date: a version is offered only from ``effective_from`` to ``effective_to`` (both
inclusive) and never when its status is ``abolished`` (the one rule, in ``kiosk.offering``); the
store closes a version's range when a later one starts, so this holds offline too. Results are
frozen dataclasses, never ORM objects.

Threading: each public method opens and closes its own transaction; call it from a worker thread
(``ui/tasks.py``), never from the GUI thread.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session, sessionmaker

from kiosk.catalog_fees import Fee, describe_time_limit
from kiosk.catalog_import import ImportReport, import_file, load_file
from kiosk.catalog_schema import LEVELS, Problem
from kiosk.catalog_search import SearchIndex
from kiosk.catalog_search import entry as search_entry
from kiosk.models import Procedure, ProcedureVersion
from kiosk.offering import offered_clause, offered_sql
from kiosk.public_text import public_text
from kiosk.text import fold

__all__ = [
    "LEVELS",
    "CatalogService",
    "ChecklistEntry",
    "Eform",
    "EformField",
    "Fee",
    "FieldSummary",
    "ImportReport",
    "Problem",
    "ProcedureDetail",
    "ProcedureSummary",
    "VersionInfo",
    "describe_time_limit",
]

_CODE_QUERY = re.compile(r"^\d\.\d{0,6}$")
_TOKEN = re.compile(r"\w+")
_LEVEL_ALIASES = {
    "commune": "commune",
    "xa": "commune",
    "cap xa": "commune",
    "phuong": "commune",
    "province": "province",
    "tinh": "province",
    "cap tinh": "province",
    "district": "district",
    "huyen": "district",
    "cap huyen": "district",
}


@dataclass(frozen=True)
class ProcedureSummary:
    version_id: int
    code: str
    name: str
    field: str
    level: str
    time_limit_days: int
    cutoff: str | None
    fee: Fee
    status: str
    effective_from: date
    effective_to: date | None
    time_limit_unit: str | None = None  # None = working days
    time_limit_value: float | None = None

    def time_limit_text(self) -> str:
        """Vietnamese text of the time limit, e.g. "3 ngày làm việc", "15 ngày", "15 giờ"."""
        return describe_time_limit(
            self.time_limit_days, self.cutoff, None, self.time_limit_unit, self.time_limit_value
        )

    @property
    def unit(self) -> str:
        return time_limit_unit(self.time_limit_unit, self.time_limit_days)


@dataclass(frozen=True)
class ChecklistEntry:
    id: int
    position: int
    name: str
    originals: int
    certified_copies: int
    photocopies: int
    required: bool
    condition: str | None
    eform_ref: str | None
    kind: str = "submit"  # submit (kept) | present (shown, handed back) | conditional
    copies: int = 0
    templates: tuple[str, ...] = ()

    @property
    def kept(self) -> bool:
        """False for a paper only shown at the counter ("giấy tờ phải xuất trình")."""
        return self.kind != "present"

    @property
    def copies_text(self) -> str:
        parts = [
            f"{n} {label}"
            for n, label in (
                (self.originals, "bản chính"),
                (self.certified_copies, "bản sao có chứng thực"),
                (self.photocopies, "bản chụp"),
                (self.copies, "bản sao"),
            )
            if n
        ]
        text = ", ".join(parts)
        return f"{text} (xuất trình, không nộp)" if self.kind == "present" else text


@dataclass(frozen=True)
class EformField:
    key: str
    label: str
    type: str
    required: bool
    help: str = ""
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    max_length: int | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Eform:
    id: str
    title: str
    fields: tuple[EformField, ...]


@dataclass(frozen=True)
class VersionInfo:
    version_id: int
    version: int
    status: str
    effective_from: date
    effective_to: date | None


@dataclass(frozen=True)
class ProcedureDetail:
    version_id: int
    version: int
    code: str
    name: str
    field: str
    level: str
    agency: str
    time_limit_days: int
    cutoff: str | None
    time_limit_note: str | None
    fee: Fee
    legal_basis: tuple[str, ...]
    result: str
    checklist: tuple[ChecklistEntry, ...]
    eform: Eform | None
    effective_from: date
    effective_to: date | None
    status: str
    source_decision: str
    source_date: date | None
    notes: str | None
    history: tuple[VersionInfo, ...] = ()
    time_limit_unit: str | None = None  # None = working days
    time_limit_value: float | None = None
    details: dict[str, Any] = field(default_factory=dict)  # variants, channel fees, groups…
    source_publisher: str = ""

    def time_limit_text(self) -> str:
        """Vietnamese text of the time limit with its note (cut-off, extensions)."""
        return describe_time_limit(
            self.time_limit_days,
            self.cutoff,
            self.time_limit_note,
            self.time_limit_unit,
            self.time_limit_value,
        )

    @property
    def unit(self) -> str:
        return time_limit_unit(self.time_limit_unit, self.time_limit_days)

    @property
    def time_limit(self) -> dict[str, Any]:
        """``{value, unit, text}``: the limit in its own unit (working_day, day, hour…)."""
        unit = self.unit
        value: float | None = self.time_limit_value
        if unit in ("working_day", "same_day"):
            value = self.time_limit_days
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return {"value": value, "unit": unit, "text": self.time_limit_text()}

    @property
    def variants(self) -> tuple[dict[str, Any], ...]:
        """Cases the officer picks after the procedure, each with its own time limit."""
        return tuple(self.details.get("variants") or ())

    @property
    def case_to_pick(self) -> bool:
        """The officer picks a case after the procedure: there are several, or the procedure's
        own limit cannot be computed (variant, text) but a case's can."""
        if len(self.variants) >= 2:
            return True
        cases = [(v.get("time_limit") or {}).get("unit") for v in self.variants]
        return self.unit in ("variant", "text") and any(u not in (None, "text") for u in cases)

    @property
    def level_text(self) -> str:
        return LEVELS.get(self.level, self.level)


@dataclass(frozen=True)
class FieldSummary:
    name: str
    procedures: int


_SUMMARY_COLUMNS = (
    "v.id, p.code, v.name, v.field, v.level, v.time_limit_days, v.cutoff, v.fee, "
    "v.status, v.effective_from, v.effective_to, v.time_limit_unit, "
    "v.time_limit_value"
)
_OFFERED = offered_sql("v", "on")
# Portable (SQLite and PostgreSQL) ranking terms over the folded name, with :qprefix / :qany
_STARTS = "(v.name_folded LIKE :qprefix ESCAPE '\\')"
_CONTAINS = "(v.name_folded LIKE :qany ESCAPE '\\')"


def _like_escape(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern with ``ESCAPE '\\'``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class CatalogService:
    """Search, read and import the catalog. ``fts=None`` uses FTS5 when the store has it."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        fts: bool | None = None,
        reads: sessionmaker[Session] | None = None,
    ) -> None:
        self._sessions = sessions
        self._reads = (
            reads or sessions
        )  # searches and pages: Store.reads, which never lock writers out
        self._fts = fts
        self._search_index: tuple[tuple, tuple[SearchIndex, dict]] | None = None

    # --- queries ----------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        on: date,
        field: str | None = None,
        level: str | None = None,
        limit: int = 20,
    ) -> list[ProcedureSummary]:
        """Procedures offered on ``on`` for ``query`` as citizens and officers ask (issue #10).

        An exact code (or its beginning) lists that code first; an empty query lists everything
        offered (by field, name); words go through :mod:`kiosk.catalog_search` (everyday terms,
        no accents, telex, base procedure before its special variants).
        """
        folded = fold(query)
        if _CODE_QUERY.match(folded) or not _TOKEN.findall(folded):
            return self.search_scan(query, on, field, level, limit)
        with self._reads.begin() as s:
            index, summaries = self._index(s, on)
            if field:
                field = self._resolve_field(s, field)
            if level:
                level = self.resolve_level(level)
        ids = index.search(query, max(1, int(limit)), field, level)
        return [summaries[i] for i in ids]

    def _index(self, s: Session, on: date) -> tuple[SearchIndex, dict[int, ProcedureSummary]]:
        """The day's search index and the summaries it lists, rebuilt when the catalog or the day
        changed (one small query per search tells), so a search reads nothing else."""
        stamp = s.execute(text("SELECT count(*), max(id) FROM procedure_versions")).one()
        key = (on, tuple(stamp))
        if self._search_index is None or self._search_index[0] != key:
            rows = s.execute(
                text(
                    f"SELECT {_SUMMARY_COLUMNS}, v.name_folded FROM procedure_versions v "
                    f"JOIN procedures p ON p.id = v.procedure_id WHERE {_OFFERED}"
                ),
                {"on": on.isoformat()},
            ).all()
            usage = dict(
                s.execute(
                    text(
                        "SELECT procedure_version_id, count(*) FROM dossiers "
                        "GROUP BY procedure_version_id"
                    )
                ).all()
            )
            entries = (search_entry(r[0], r[1], r[-1], r[3], r[4]) for r in rows)
            summaries = {r[0]: _summary(r[:-1]) for r in rows}
            self._search_index = (key, (SearchIndex(entries, usage), summaries))
        return self._search_index[1]

    def search_scan(
        self,
        query: str,
        on: date,
        field: str | None = None,
        level: str | None = None,
        limit: int = 20,
    ) -> list[ProcedureSummary]:
        """The plain SQL search (FTS5 on SQLite, else LIKE on the folded names): codes and
        empty queries, and the baseline of the benchmark.

        Ranked: exact name, then names starting with the query, then the phrase anywhere, then by
        FTS relevance and shorter names. An empty query lists everything offered (by field, name).
        """
        folded = fold(query)
        tokens = _TOKEN.findall(folded)
        # LIKE patterns (escaped) instead of instr(), which PostgreSQL does not have
        params: dict[str, Any] = {
            "on": on.isoformat(),
            "limit": max(1, int(limit)),
            "q": folded,
            "qprefix": _like_escape(folded) + "%",
            "qany": "%" + _like_escape(folded) + "%",
        }
        where = [_OFFERED]
        if level:
            params["level"] = self.resolve_level(level)
            where.append("v.level = :level")
        if field:
            params["field"] = field
            where.append("v.field = :field")
        with self._reads.begin() as s:
            if field:
                params["field"] = self._resolve_field(s, field)
            if _CODE_QUERY.match(folded):
                params["code"] = folded + "%"
                sql = (
                    f"SELECT {_SUMMARY_COLUMNS} FROM procedure_versions v JOIN procedures p "
                    f"ON p.id = v.procedure_id WHERE p.code LIKE :code AND {' AND '.join(where)} "
                    "ORDER BY p.code LIMIT :limit"
                )
            elif not tokens:
                sql = (
                    f"SELECT {_SUMMARY_COLUMNS} FROM procedure_versions v JOIN procedures p "
                    f"ON p.id = v.procedure_id WHERE {' AND '.join(where)} "
                    "ORDER BY v.field, v.name_folded LIMIT :limit"
                )
            elif self._use_fts(s):
                params["match"] = " ".join(f'"{t}"*' for t in tokens)
                sql = (
                    f"SELECT {_SUMMARY_COLUMNS} FROM procedure_search f "
                    "JOIN procedure_versions v ON v.id = f.rowid "
                    "JOIN procedures p ON p.id = v.procedure_id "
                    f"WHERE procedure_search MATCH :match AND {' AND '.join(where)} "
                    f"ORDER BY (v.name_folded = :q) DESC, {_STARTS} DESC, {_CONTAINS} DESC, "
                    f"CASE WHEN {_CONTAINS} THEN length(v.name_folded) END, "
                    "bm25(procedure_search), length(v.name_folded) LIMIT :limit"
                )
            else:
                for k, token in enumerate(tokens):
                    params[f"t{k}"] = f"%{_like_escape(token)}%"
                    where.append(f"v.name_folded LIKE :t{k} ESCAPE '\\'")
                sql = (
                    f"SELECT {_SUMMARY_COLUMNS} FROM procedure_versions v JOIN procedures p "
                    f"ON p.id = v.procedure_id WHERE {' AND '.join(where)} "
                    f"ORDER BY (v.name_folded = :q) DESC, {_STARTS} DESC, {_CONTAINS} DESC, "
                    "length(v.name_folded) LIMIT :limit"
                )
            rows = s.execute(text(sql), params).all()
        return [_summary(row) for row in rows]

    def get(self, code: str, on: date) -> ProcedureDetail | None:
        """The version of ``code`` offered on ``on``, or None (unknown, not yet, expired,
        abolished)."""
        with self._reads.begin() as s:
            version = s.scalar(
                select(ProcedureVersion)
                .join(ProcedureVersion.procedure)
                .where(Procedure.code == code.strip(), offered_clause(on))
            )
            return _detail(version) if version is not None else None

    def get_version(self, version_id: int) -> ProcedureDetail:
        """Any version by id, expired or not: a dossier is always shown under its own version."""
        with self._reads.begin() as s:
            version = s.get(ProcedureVersion, version_id)
            if version is None:
                raise LookupError(f"procedure version {version_id} does not exist")
            return _detail(version)

    def fields(self, on: date) -> list[FieldSummary]:
        """Fields (lĩnh vực) with the number of procedures offered on ``on``."""
        with self._reads.begin() as s:
            rows = s.execute(
                text(
                    f"SELECT v.field, count(*) FROM procedure_versions v WHERE {_OFFERED} "
                    "GROUP BY v.field ORDER BY v.field"
                ),
                {"on": on.isoformat()},
            ).all()
        return sorted((FieldSummary(name, n) for name, n in rows), key=lambda f: fold(f.name))

    def life_events(self, on: date, kind: str = "CITIZEN") -> list[FieldSummary]:
        """The national catalog's life-event groups (the portal's ``serviceGroupsDetails``, kept
        in ``details.life_events``) of ``kind`` with the number of procedures offered on ``on``,
        most used first (the citizen kiosk's tiles)."""
        counts: dict[str, int] = {}
        for _id, events in self._life_event_rows(on):
            for name in {e["name"] for e in events if e.get("type", kind) == kind}:
                counts[name] = counts.get(name, 0) + 1
        return sorted(
            (FieldSummary(n, c) for n, c in counts.items()), key=lambda f: (-f.procedures, f.name)
        )

    def in_life_event(self, name: str, on: date, limit: int = 60) -> list[ProcedureSummary]:
        """Procedures offered on ``on`` in the life-event group ``name``, by name."""
        ids = [i for i, events in self._life_event_rows(on) if name in {e["name"] for e in events}]
        if not ids:
            return []
        with self._reads.begin() as s:
            rows = s.execute(
                text(
                    f"SELECT {_SUMMARY_COLUMNS} FROM procedure_versions v JOIN procedures p "
                    "ON p.id = v.procedure_id WHERE v.id IN :ids"
                ).bindparams(bindparam("ids", expanding=True)),
                {"ids": ids},
            ).all()
        return sorted((_summary(r) for r in rows), key=lambda x: fold(x.name))[:limit]

    def _life_event_rows(self, on: date) -> list[tuple[int, list[dict[str, Any]]]]:
        with self._reads.begin() as s:
            rows = s.execute(
                select(ProcedureVersion.id, ProcedureVersion.details).where(offered_clause(on))
            ).all()
        out = []
        for version_id, details in rows:
            events = (_json(details) or {}).get("life_events") or []
            events = [e for e in events if isinstance(e, dict) and isinstance(e.get("name"), str)]
            if events:
                out.append((version_id, events))
        return out

    def is_empty(self) -> bool:
        """True when the store holds no procedure at all (a machine not yet provisioned)."""
        with self._reads.begin() as s:
            return s.scalar(select(ProcedureVersion.id).limit(1)) is None

    def resolve_level(self, level: str) -> str:
        """``"xa"``, ``"cấp tỉnh"``, ``"district"``… to the stored level; KeyError if unknown."""
        return _LEVEL_ALIASES[fold(level)]

    # --- import -----------------------------------------------------------------------------------

    def validate_file(self, path: Path) -> list[Problem]:
        """Every problem of the file, also against what the store holds; writes nothing."""
        with self._sessions.begin() as s:
            _doc, problems = load_file(s, Path(path))
            s.rollback()
        return problems

    def import_file(self, path: Path) -> ImportReport:
        """Validate and import in one transaction: all or nothing. Raises InvalidInput."""
        with self._sessions.begin() as s:
            return import_file(s, Path(path))

    # --- helpers ----------------------------------------------------------------------------------

    def _use_fts(self, s: Session) -> bool:
        if self._fts is None:
            # Inspect through the session's own connection: a second connection would wait on
            # the write lock that this transaction (BEGIN IMMEDIATE) already holds.
            self._fts = (
                s.get_bind().dialect.name == "sqlite"
                and s.execute(
                    text(
                        "SELECT 1 FROM sqlite_master "
                        "WHERE type = 'table' AND name = 'procedure_search'"
                    )
                ).first()
                is not None
            )
        return self._fts

    @staticmethod
    def _resolve_field(s: Session, field: str) -> str:
        wanted = fold(field)
        for (name,) in s.execute(text("SELECT DISTINCT field FROM procedure_versions")):
            if fold(name) == wanted:
                return name
        return field


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _as_date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def time_limit_unit(unit: str | None, days: int) -> str:
    """The stored unit, spelled out: ``working_day`` (0 days = ``same_day``), ``day``, ``hour``…"""
    if unit:
        return unit
    return "same_day" if days == 0 else "working_day"


def _summary(row) -> ProcedureSummary:
    vid, code, name, fld, level, days, cutoff, fee, status, start, end, unit, value = row
    return ProcedureSummary(
        vid,
        code,
        name,
        fld,
        level,
        days,
        cutoff,
        Fee.from_json(_json(fee)),
        status,
        _as_date(start),
        _as_date(end),
        unit,
        value,
    )


def eform_from_json(data: dict[str, Any] | None) -> Eform | None:
    if not data:
        return None
    fields = tuple(
        EformField(
            key=f["key"],
            label=f["label"],
            type=f["type"],
            required=f["required"],
            help=f.get("help", ""),
            pattern=f.get("pattern"),
            min=f.get("min"),
            max=f.get("max"),
            max_length=f.get("max_length"),
            choices=tuple(f.get("choices", ())),
        )
        for f in data["fields"]
    )
    return Eform(data["id"], data["title"], fields)


def _detail(v: ProcedureVersion) -> ProcedureDetail:
    """The version as shown to officers and citizens: the maintainers' notes (VERIFIED…,
    RECALLED…, "(số hiệu chưa đối chiếu)") stay in the store and are left out here."""
    history = tuple(
        VersionInfo(h.id, h.version, h.status, h.effective_from, h.effective_to)
        for h in sorted(v.procedure.versions, key=lambda h: h.version)
    )
    source = v.source or {}
    return ProcedureDetail(
        version_id=v.id,
        version=v.version,
        code=v.procedure.code,
        name=v.name,
        field=v.field,
        level=v.level,
        agency=v.agency,
        time_limit_days=v.time_limit_days,
        cutoff=v.cutoff,
        time_limit_note=public_text(v.time_limit_note) or None,
        fee=Fee.from_json(v.fee),
        legal_basis=tuple(public_text(b) for b in v.legal_basis or ()),
        result=v.result,
        checklist=tuple(
            ChecklistEntry(
                i.id,
                i.position,
                public_text(i.name),
                i.originals,
                i.certified_copies,
                i.photocopies,
                i.required,
                public_text(i.condition) or None,
                i.eform_ref,
                i.kind or "submit",
                i.copies or 0,
                tuple(i.templates or ()),
            )
            for i in v.items
        ),
        eform=eform_from_json(v.eform),
        effective_from=v.effective_from,
        effective_to=v.effective_to,
        status=v.status,
        source_decision=public_text(source.get("decision", "")),
        source_date=_as_date(source.get("date")),
        notes=public_text(v.notes) or None,
        history=history,
        time_limit_unit=v.time_limit_unit,
        time_limit_value=v.time_limit_value,
        details=dict(v.details or {}),
        source_publisher=source.get("publisher", ""),
    )
