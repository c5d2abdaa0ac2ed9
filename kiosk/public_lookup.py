"""A citizen looks up a dossier at the kiosk: only its public facts, never personal data.

Rules, whatever the screen does:

- the input is a receipt QR (verified offline with ``kiosk.receipt_qr``: a forged or altered one is
  refused before anything is read) or a typed dossier code (checked for its shape);
- the answer carries only the public facts: code, procedure code and name, status, appointment
  date; never the applicant, the papers or the officer;
- the central system's answer is asked first (it knows what happened after the counter); when it
  cannot answer (no network, an error, an answer that is not what the contract says), the local
  store answers, and the result says which one did. A code neither knows is "not found".

The central system is reached through a callable the composition root injects
(``sync.public_lookup.CentralPublicLookup``): ``kiosk`` does not import ``sync``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.codes import DOSSIER_CODE_RE
from kiosk.dossier_types import DRAFT, STATUS_LABELS, DossierStatus
from kiosk.errors import InvalidInput, KioskError
from kiosk.models import Dossier, Procedure, ProcedureVersion
from kiosk.receipt_qr import MAGIC

PUBLIC_FIELDS = ("code", "procedure_code", "procedure_name", "status", "status_text")


class LookupUnavailable(KioskError):
    """The central system could not answer (network, server error, a malformed answer)."""


@dataclass(frozen=True)
class PublicFacts:
    code: str
    procedure_code: str
    procedure_name: str
    status: str
    status_text: str
    appointment_date: date | None
    source: str = "local"  # central | local
    from_qr: bool = False


CentralFetch = Callable[[str], "PublicFacts | None"]
"""``fetch(code)``: the central system's facts, None for its 404, LookupUnavailable otherwise."""


def is_qr_text(text: str) -> bool:
    head = text.strip()
    return head.startswith(MAGIC) or head.lower().startswith(("http://", "https://"))


def status_text(status: str) -> str:
    try:
        return STATUS_LABELS[DossierStatus(status)]
    except ValueError:
        return status


def facts_from_json(data: object) -> PublicFacts:
    """The central system's answer, checked against the contract (``PublicDossier`` in
    sync/openapi.yaml: the procedure's code and name may be null); LookupUnavailable if not."""
    malformed = LookupUnavailable(
        "Hệ thống trung tâm trả lời không đúng định dạng.", english="Malformed answer."
    )
    if not isinstance(data, dict):
        raise malformed
    texts = {k: data.get(k) for k in PUBLIC_FIELDS}
    for key in ("procedure_code", "procedure_name"):
        texts[key] = "" if texts[key] is None else texts[key]
    if not all(isinstance(v, str) and len(v) <= 500 for v in texts.values()):
        raise malformed
    code = texts["code"].strip()
    if not DOSSIER_CODE_RE.match(code) or not texts["status"]:
        raise malformed
    raw = data.get("appointment_date")
    try:
        appointment = date.fromisoformat(raw) if raw else None
    except (TypeError, ValueError):
        raise LookupUnavailable(
            "Hệ thống trung tâm trả lời ngày hẹn sai.", english="Bad appointment date."
        ) from None
    return PublicFacts(
        code,
        texts["procedure_code"],
        texts["procedure_name"],
        texts["status"],
        texts["status_text"] or status_text(texts["status"]),
        appointment,
        source="central",
    )


class PublicLookup:
    """Public facts of a dossier, from the central system first and the local store second."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        verify: Callable[[str], object],
        central: CentralFetch | None = None,
    ) -> None:
        self._sessions, self._verify, self._central = sessions, verify, central

    def code_of(self, text: str) -> tuple[str, bool]:
        """The dossier code of a scanned QR (verified) or a typed code; (code, from_qr)."""
        text = (text or "").strip()
        if not text:
            raise InvalidInput(
                "Hãy quét mã QR trên giấy tiếp nhận hoặc nhập mã hồ sơ.",
                english="Scan the receipt QR or type the dossier code.",
            )
        if is_qr_text(text):
            payload = self._verify(text)  # InvalidInput for a forged or altered QR
            code = getattr(payload, "dossier_code", "")
            if not code:
                raise InvalidInput(
                    "Giấy này không phải giấy tiếp nhận hồ sơ nên không có mã hồ sơ để tra cứu.",
                    english="This paper is not a receipt: it carries no dossier code.",
                )
            return code, True
        code = "".join(text.split()).upper()
        if not DOSSIER_CODE_RE.match(code):
            raise InvalidInput(
                f"“{text[:40]}” không phải mã hồ sơ. Mã hồ sơ có dạng "
                "000.31.27.H56-250815-0001 (in trên giấy tiếp nhận).",
                english="Not a dossier code (like 000.31.27.H56-250815-0001).",
            )
        return code, False

    def look_up(self, text: str) -> PublicFacts:
        """Public facts of the dossier of ``text``; InvalidInput (Vietnamese) if none."""
        code, from_qr = self.code_of(text)
        facts = None
        if self._central is not None:
            try:
                facts = self._central(code)
            except LookupUnavailable:
                facts = None
            else:
                if facts is None:  # the central system does not know it; the store may
                    facts = self.local(code)
                elif facts.code != code:
                    facts = None
        if facts is None:
            facts = self.local(code)
        if facts is None:
            raise InvalidInput(
                f"Không tìm thấy hồ sơ mã {code}. Hãy kiểm tra lại mã trên giấy tiếp nhận.",
                english=f"No dossier {code}.",
            )
        return PublicFacts(**{**facts.__dict__, "from_qr": from_qr})

    def local(self, code: str) -> PublicFacts | None:
        with self._sessions.begin() as s:
            row = s.execute(
                select(
                    Dossier.code,
                    Procedure.code,
                    ProcedureVersion.name,
                    Dossier.status,
                    Dossier.due_date,
                )
                .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id)
                .join(Procedure, Procedure.id == ProcedureVersion.procedure_id)
                .where(Dossier.code == code, Dossier.status != DRAFT)
            ).first()
        if row is None:
            return None
        return PublicFacts(row[0], row[1], row[2], row[3], status_text(row[3]), row[4])
