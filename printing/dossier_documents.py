"""Documents for a dossier: turns a ``kiosk`` DossierSnapshot into the form data and renders it.

The reception service calls the function returned by :func:`make_dossier_renderer` inside its
decision transaction (``kiosk.reception.Renderer``):
``render(kind, snapshot, is_copy) -> PDF bytes``.
"""

from __future__ import annotations

from datetime import date, datetime, time

from kiosk.catalog_fees import Fee
from kiosk.dossier_types import DossierItemState, DossierSnapshot
from kiosk.errors import InvalidInput
from kiosk.letters import LetterForms
from kiosk.receipt_qr import QrSigner
from kiosk.timeutil import vietnam_now
from printing import data as d
from printing.formsets import in_force
from printing.render import render

KINDS = ("receipt", "supplement", "refusal", "apology", "stop_notice")
# Who signs letters (form 04, 2025 form 05): the head of the agency, by hand.
SIGNER_TITLE = "THỦ TRƯỞNG CƠ QUAN"


def _applicant(snap: DossierSnapshot) -> d.Applicant:
    a = snap.applicant
    name = a.org_name if a.kind == "organisation" and a.org_name else a.full_name
    if a.acting_for:
        name = f"{name} (nộp thay cho {a.acting_for})"
    return d.Applicant(
        name=name,
        id_number=a.id_number or a.tax_code,
        address=a.address,
        phone=a.phone,
        email=a.email,
    )


def _ref(snap: DossierSnapshot) -> d.DossierRef:
    return d.DossierRef(snap.code or "", snap.procedure_code, snap.procedure_name, _applicant(snap))


def _line(item: DossierItemState, note: str = "") -> d.DocumentLine:
    r = item.received
    return d.DocumentLine(
        item.name, r.originals, r.certified_copies, r.photocopies, item.voluntary, note
    )


def _wanted_line(item: DossierItemState) -> d.DocumentLine:
    w = item.wanted
    note = "chưa nộp" if item.received.total == 0 else "chưa đủ số lượng theo quy định"
    return d.DocumentLine(item.name, w.originals, w.certified_copies, w.photocopies, False, note)


def _fee_text(fee: dict) -> str:
    return Fee.from_json(fee).describe() if fee else ""


def dossier_form_data(kind: str, snap: DossierSnapshot, agency: d.Agency, now: datetime):
    """The printing dataclass for ``kind`` (receipt, supplement, refusal) of this dossier."""
    officer = snap.officer_name or ""
    if kind == "receipt":
        if snap.received_at is None or snap.due_date is None:
            raise InvalidInput(
                "Hồ sơ chưa được tiếp nhận nên chưa có giấy biên nhận.",
                english="The dossier has no receipt before it is accepted.",
            )
        due_at = datetime.combine(
            snap.due_date, time(16, 30) if snap.time_limit_days else time(17, 0)
        )
        received = tuple(_line(i) for i in snap.items if i.received.total or i.voluntary)
        return d.ReceiptData(
            agency=agency,
            dossier=_ref(snap),
            items=received,
            received_at=snap.received_at,
            due_at=due_at,
            time_limit_days=snap.time_limit_days,
            officer_name=officer,
            time_limit_text=snap.time_limit_text
            if snap.time_limit_unit not in (None, "working_day", "same_day")
            else "",
            fee=_fee_text(snap.fee),
            register_book=snap.register_book,
            register_number=register_number_text(snap.register_number),
            issued_at=now,
        )
    if kind == "supplement":
        ids = set(_requested_ids(snap))
        items = tuple(_wanted_line(i) for i in snap.items if i.id in ids)
        return d.SupplementData(
            agency=agency,
            dossier=_ref(snap),
            items=items,
            reason=snap.last_reason or "",
            officer_name=officer,
            issued_at=now,
            contact=supplement_contact(officer, agency),
        )
    if kind == "refusal":
        return d.RefusalData(
            agency=agency,
            dossier=_ref(snap),
            reasons=(snap.last_reason or "",),
            officer_name=officer,
            issued_at=now,
        )
    if kind in ("apology", "stop_notice"):
        return letter_data(kind, snap, agency)
    raise InvalidInput(
        f"Không có mẫu giấy tờ “{kind}” cho hồ sơ.", english=f"No dossier document '{kind}'."
    )


def _due_at(due: date, snap: DossierSnapshot) -> datetime:
    return datetime.combine(due, time(16, 30) if snap.time_limit_days else time(17, 0))


def letter_data(kind: str, snap: DossierSnapshot, agency: d.Agency):
    """The apology (form 04) or the notice of stopping of this dossier, as recorded."""
    letter = snap.letter(kind)
    if letter is None or snap.received_at is None:
        raise InvalidInput(
            "Hồ sơ này chưa có văn bản này.", english=f"This dossier has no {kind} letter."
        )
    if kind == "apology":
        return d.ApologyData(
            agency=agency,
            dossier=_ref(snap),
            received_at=snap.received_at,
            due_at=_due_at(letter.old_due_date, snap),
            new_due_at=_due_at(letter.new_due_date, snap),
            reason=letter.reason,
            signer_title=SIGNER_TITLE,
            signer_name="",
            issued_at=letter.issued_at,
        )
    return d.StopNoticeData(
        agency=agency,
        dossier=_ref(snap),
        received_at=snap.received_at,
        reason=letter.reason,
        stage=letter.stage,
        fee_settlement=letter.fee_settlement,
        signer_title=SIGNER_TITLE,
        signer_name="",
        issued_at=letter.issued_at,
    )


def letter_forms(day: date) -> LetterForms:
    """What the form set in force on ``day`` says about letters (``kiosk.letters.FormsOn``)."""
    chosen = in_force(day)
    return LetterForms(
        chosen.id, chosen.form("apology").variant or "new_date", "stop_notice" in chosen.keys
    )


def register_number_text(number: int | None) -> str:
    """The register's "Số thứ tự": two digits at least (numbering starts at 01), '' if none."""
    return f"{number:02d}" if number is not None else ""


def supplement_contact(officer: str, agency: d.Agency) -> str:
    """Whom the applicant asks while completing the dossier (form 02): the officer who gave the
    slip, else the office, with the office's phone when the config has one; "" if nobody is
    known."""
    who = officer.strip() or agency.name.strip()
    phone = agency.phone.strip()
    if who and phone:
        return f"{who}, điện thoại {phone}"
    return who or (f"số điện thoại {phone}" if phone else "")


def _requested_ids(snap: DossierSnapshot) -> list[int]:
    """Items named in the latest supplement request (all missing required ones if not recorded)."""
    return list(snap.supplement_items) or [i.id for i in snap.missing_required]


def make_dossier_renderer(agency: d.Agency, signer: QrSigner, clock=vietnam_now):
    """A ``kiosk.reception.Renderer`` for this agency that signs every QR with ``signer``."""

    def render_dossier(kind: str, snap: DossierSnapshot, is_copy: bool) -> bytes:
        data = dossier_form_data(kind, snap, agency, clock())
        letter = snap.letter(kind)  # letters keep the set they were issued in
        marking = d.COPY if is_copy else d.ORIGINAL
        form_set = letter.form_set if letter else None
        return render(kind, data, signer=signer, marking=marking, form_set=form_set).pdf

    return render_dossier
