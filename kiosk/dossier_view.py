"""Reading dossiers: snapshots for one dossier, rows for the list, and the version-in-force
check.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.codes import DOSSIER_CODE_RE
from kiosk.dossier_types import (
    APPLICANT_FIELDS,
    REASONED_STATUSES,
    Applicant,
    DocumentInfo,
    DossierEventInfo,
    DossierItemState,
    DossierRow,
    DossierSnapshot,
    DossierStatus,
    ItemCounts,
    LetterInfo,
)
from kiosk.errors import InvalidInput
from kiosk.models import (
    CentralStatus,
    ChecklistItem,
    Dossier,
    DossierEvent,
    DossierItem,
    DossierLetter,
    Officer,
    PrintedDocument,
    Procedure,
    ProcedureVersion,
    RegisterEntry,
)
from kiosk.offering import ABOLISHED, is_offered
from kiosk.scanning.ocr import layer_states
from kiosk.text import fold


def version_in_force(s: Session, version_id: int, on: date) -> ProcedureVersion:
    """The version, if it is offered on ``on`` (kiosk.offering); else InvalidInput saying why."""
    version = s.get(ProcedureVersion, version_id)
    if version is None:
        raise InvalidInput("Không tìm thấy thủ tục hành chính.", english="Procedure not found.")
    if is_offered(version, on):
        return version
    if version.status == ABOLISHED:
        raise InvalidInput(
            f"Thủ tục “{version.name}” đã bị bãi bỏ; không được tiếp nhận.",
            english="This procedure has been abolished.",
        )
    if on < version.effective_from:
        raise InvalidInput(
            f"Thủ tục “{version.name}” (phiên bản này) chỉ có hiệu lực từ "
            f"{version.effective_from:%d/%m/%Y}.",
            english="This version is not yet in force.",
        )
    raise InvalidInput(
        f"Thủ tục “{version.name}” (phiên bản này) đã hết hiệu lực từ sau ngày "
        f"{version.effective_to:%d/%m/%Y}; không được tiếp nhận theo phiên bản này.",
        english="This version of the procedure has expired.",
    )


def applicant_to_json(a: Applicant) -> dict:
    data = {k: getattr(a, k) for k in APPLICANT_FIELDS}
    data["date_of_birth"] = a.date_of_birth.isoformat() if a.date_of_birth else None
    data["sources"] = dict(a.sources)
    return data


def applicant_from_json(data: dict) -> Applicant:
    data = dict(data or {})
    dob = data.pop("date_of_birth", None)
    return Applicant(**data, date_of_birth=date.fromisoformat(dob) if dob else None)


def load_snapshot(s: Session, dossier_id: str) -> DossierSnapshot:
    d = s.get(Dossier, dossier_id)
    if d is None:
        raise InvalidInput("Không tìm thấy hồ sơ.", english="Dossier not found.")
    v = s.get(ProcedureVersion, d.procedure_version_id)
    code = s.scalar(select(Procedure.code).where(Procedure.id == v.procedure_id))
    checklist = {
        c.id: c for c in s.scalars(select(ChecklistItem).where(ChecklistItem.version_id == v.id))
    }
    rows = s.scalars(
        select(DossierItem).where(DossierItem.dossier_id == d.id).order_by(DossierItem.position)
    ).all()
    layers = layer_states(s, [it.pdf_sha256 for it in rows if it.pdf_sha256])
    items = []
    for it in rows:
        c = checklist.get(it.checklist_item_id)
        items.append(
            DossierItemState(
                id=it.id,
                checklist_item_id=it.checklist_item_id,
                name=it.name,
                voluntary=it.voluntary,
                required=bool(c and c.required),
                condition=c.condition if c else None,
                wanted=ItemCounts(c.originals, c.certified_copies, c.photocopies)
                if c
                else ItemCounts(),
                received=ItemCounts(it.originals, it.certified_copies, it.photocopies),
                pages=it.pages,
                pdf_sha256=it.pdf_sha256,
                text_layer=layers[it.pdf_sha256][0] if it.pdf_sha256 in layers else None,
            )
        )
    names = dict(s.execute(select(Officer.id, Officer.full_name)).all())
    events = tuple(
        DossierEventInfo(e.at, DossierStatus(e.status), names.get(e.officer_id), e.note)
        for e in s.scalars(
            select(DossierEvent).where(DossierEvent.dossier_id == d.id).order_by(DossierEvent.id)
        )
    )
    docs = tuple(
        DocumentInfo(p.id, p.kind, p.pdf_sha256, p.is_copy, p.created_at)
        for p in s.scalars(
            select(PrintedDocument)
            .where(PrintedDocument.dossier_id == d.id)
            .order_by(PrintedDocument.id)
        )
    )
    entry = s.scalars(select(RegisterEntry).where(RegisterEntry.dossier_id == d.id)).first()
    letters = tuple(
        LetterInfo(
            x.kind,
            x.form_set,
            x.variant,
            x.reason,
            x.issued_at,
            x.old_due_date,
            x.new_due_date,
            x.extension_days,
            x.stage or "",
            x.fee_settlement or "",
            x.on_time,
            names.get(x.officer_id),
        )
        for x in s.scalars(
            select(DossierLetter).where(DossierLetter.dossier_id == d.id).order_by(DossierLetter.id)
        )
    )
    last_reason = next(
        (e.note for e in reversed(events) if e.note and e.status in REASONED_STATUSES), None
    )
    variant = find_variant(v.details, d.variant_code)
    days, unit, value = variant_limit(variant, v)
    return DossierSnapshot(
        id=d.id,
        code=d.code,
        status=DossierStatus(d.status),
        procedure_code=code,
        procedure_name=v.name,
        procedure_version_id=v.id,
        procedure_version=v.version,
        field=v.field,
        time_limit_days=days,
        cutoff=v.cutoff,
        fee=v.fee or {},
        result=v.result,
        applicant=applicant_from_json(d.applicant),
        items=tuple(items),
        eform=d.eform or {},
        received_at=d.received_at,
        due_date=d.due_date,
        supplement_requests=d.supplement_requests,
        officer_id=d.officer_id,
        officer_name=names.get(d.officer_id),
        counter=d.counter,
        ticket_id=d.ticket_id,
        revision=d.revision,
        created_at=d.created_at,
        events=events,
        documents=docs,
        last_reason=last_reason,
        supplement_items=tuple((d.rules or {}).get("supplement_items", ())),
        time_limit_unit=unit,
        time_limit_value=value,
        register_book=entry.book if entry else "",
        register_number=entry.number if entry else None,
        letters=letters,
        variant=variant,
    )


def variant_limit(
    variant: dict | None, v: ProcedureVersion
) -> tuple[int, str | None, float | None]:
    """(days, unit, value) of the limit that applies: the case's own, else the version's (also for
    a case whose limit is only text)."""
    own = (variant or {}).get("time_limit") or {}
    if own.get("unit") in (None, "text"):
        return v.time_limit_days, v.time_limit_unit, v.time_limit_value
    unit, value = own["unit"], own.get("value")
    days = int(value or 0) if unit in ("working_day", "same_day") else v.time_limit_days
    return days, unit, value


def find_variant(details: dict | None, code: str | None) -> dict | None:
    """The case ``code`` among a version's ``details["variants"]`` (None when not there)."""
    if not code:
        return None
    return next((x for x in (details or {}).get("variants") or () if x.get("code") == code), None)


class DossierQueries:
    """Read-only queries for the dossier list, detail and the results-return screen."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions  # read-only: pass Store.reads

    def get(self, dossier_id: str) -> DossierSnapshot:
        with self._sessions.begin() as s:
            return load_snapshot(s, dossier_id)

    def find_by_code(self, code: str) -> DossierSnapshot:
        code = code.strip()
        if not DOSSIER_CODE_RE.match(code):
            raise InvalidInput(
                f"“{code}” không phải mã hồ sơ.", english=f"'{code}' is not a dossier code."
            )
        with self._sessions.begin() as s:
            dossier_id = s.scalar(select(Dossier.id).where(Dossier.code == code))
            if dossier_id is None:
                raise InvalidInput(
                    f"Không có hồ sơ mã {code} tại đây.", english=f"No dossier {code} here."
                )
            return load_snapshot(s, dossier_id)

    def search(
        self,
        text: str = "",
        *,
        since: date | None = None,
        status: DossierStatus | None = None,
        limit: int = 200,
    ) -> list[DossierRow]:
        """Dossiers by code, applicant name (accents optional) or ID number, newest first."""
        q = (
            select(
                Dossier.id,
                Dossier.code,
                Dossier.status,
                Dossier.applicant,
                Dossier.applicant_id_number,
                Dossier.received_at,
                Dossier.due_date,
                Dossier.created_at,
                ProcedureVersion.name,
                CentralStatus.status.label("central_status"),
            )
            .join(ProcedureVersion)
            .outerjoin(CentralStatus, CentralStatus.dossier_id == Dossier.id)
            .order_by(Dossier.created_at.desc())
            .limit(limit)
        )
        text = text.strip()
        if text:
            folded = fold(text)
            q = q.where(
                or_(
                    Dossier.code.contains(text),
                    Dossier.applicant_id_number.startswith(text),
                    Dossier.applicant_name_folded.contains(folded),
                )
            )
        if since is not None:
            q = q.where(Dossier.created_at >= datetime.combine(since, time.min))
        if status is not None:
            q = q.where(Dossier.status == status)
        with self._sessions.begin() as s:
            return [
                DossierRow(
                    d.id,
                    d.code,
                    DossierStatus(d.status),
                    (d.applicant or {}).get("full_name")
                    or (d.applicant or {}).get("org_name")
                    or "",
                    d.applicant_id_number,
                    d.name,
                    d.received_at,
                    d.due_date,
                    d.created_at,
                    d.central_status,
                )
                for d in s.execute(q)
            ]
