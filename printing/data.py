"""Frozen inputs of every document. Printing never sees ORM models or Sessions.

Callers (services in ``kiosk/`` through ``ui/ops``, the CLI) fill these from their own DTOs. Texts
may arrive in any Unicode form; the renderers normalise them to NFC before drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Agency:
    """The issuing one-stop unit and what its QR needs.

    ``lookup_url`` is the province's public lookup page (e.g.
    ``https://dichvucong.thanhhoa.gov.vn/tra-cuu``); when set, QR payloads are URLs a phone opens.
    """

    name: str  # "Trung tâm Phục vụ hành chính công phường Hạc Thành"
    parent: str = ""  # "UBND PHƯỜNG HẠC THÀNH"
    code: str = ""  # QCVN 102 agency code, e.g. "000.31.27.H56"
    place: str = ""  # place in the date line: "Hạc Thành, ngày ..."
    phone: str = ""
    issuing_system: str = "Hệ thống thông tin giải quyết TTHC"
    lookup_url: str = ""


@dataclass(frozen=True)
class Applicant:
    """The person or organisation the dossier belongs to."""

    name: str
    id_number: str = ""  # 12-digit personal ID, or tax code of an organisation
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class DocumentLine:
    """One dossier component with counts per kind of copy (bản chính / bản sao / bản chụp)."""

    name: str
    originals: int = 0
    certified: int = 0
    photocopies: int = 0
    voluntary: bool = False  # supplied by the applicant beyond the published checklist
    note: str = ""  # e.g. what is wrong with it (supplement request)


@dataclass(frozen=True)
class DossierRef:
    """What every dossier form repeats: code, procedure, applicant."""

    dossier_code: str
    procedure_code: str
    procedure_name: str
    applicant: Applicant


@dataclass(frozen=True)
class ReceiptData:
    """Form 01: receipt and appointment slip."""

    agency: Agency
    dossier: DossierRef
    items: tuple[DocumentLine, ...]
    received_at: datetime
    due_at: datetime
    time_limit_days: int  # 0 = same day
    officer_name: str
    sets: int = 1
    time_limit_text: str = ""  # "15 ngày", "15 giờ": a limit in another unit
    return_place: str = "Tại Bộ phận Một cửa hoặc qua dịch vụ bưu chính công ích"
    fee: str = ""  # "50.000 đồng (đã nộp)", or "" when none
    register_book: str = ""
    register_number: str = ""
    issued_at: datetime | None = None  # time of issue in the QR (default: received_at)


@dataclass(frozen=True)
class SupplementData:
    """Form 02: request to supplement or complete the dossier (all missing items at once)."""

    agency: Agency
    dossier: DossierRef
    items: tuple[DocumentLine, ...]  # what to add or fix, ``note`` = what is wrong
    reason: str
    officer_name: str
    issued_at: datetime
    contact: str = ""  # "Nguyễn Thị B, điện thoại 0237 3852 000"
    stage: str = "Tiếp nhận hồ sơ"


@dataclass(frozen=True)
class RefusalData:
    """Form 03: refusal to accept the dossier, with its legal reasons."""

    agency: Agency
    dossier: DossierRef
    reasons: tuple[str, ...]
    officer_name: str
    issued_at: datetime


@dataclass(frozen=True)
class ApologyData:
    """Form 04: apology and new appointment (2018) or request to extend the time (2025)."""

    agency: Agency
    dossier: DossierRef
    received_at: datetime
    due_at: datetime  # the original appointment
    new_due_at: datetime
    reason: str
    signer_title: str  # "CHỦ TỊCH", "GIÁM ĐỐC"
    signer_name: str
    issued_at: datetime
    number: str = ""  # document number "Số: .../TB-..."


@dataclass(frozen=True)
class StopNoticeData:
    """Form 05 of Circular 03/2025: notice that processing of the dossier is stopped."""

    agency: Agency
    dossier: DossierRef
    received_at: datetime
    reason: str  # e.g. "Theo đề nghị dừng giải quyết của người nộp"
    stage: str  # the step reached when processing stopped
    fee_settlement: str  # what happens to fees already paid
    signer_title: str
    signer_name: str
    issued_at: datetime
    number: str = ""


@dataclass(frozen=True)
class ControlStep:
    """One hand-over on the processing control sheet."""

    unit: str
    handed_over_at: datetime | None = None
    giver: str = ""
    receiver: str = ""
    result: str = ""  # "Trước hạn" | "Đúng hạn" | "Quá hạn"
    note: str = ""


@dataclass(frozen=True)
class ControlSheetData:
    """Processing control sheet (form 05 of 2018, form 06 of 2025)."""

    agency: Agency
    dossier: DossierRef
    received_at: datetime
    due_at: datetime
    steps: tuple[ControlStep, ...]
    issued_at: datetime | None = None


@dataclass(frozen=True)
class RegisterRow:
    """One dossier line of the tracking register."""

    number: int
    dossier_code: str
    procedure_name: str
    applicant_name: str
    applicant_contact: str
    lead_agency: str
    received_at: datetime
    due_at: datetime
    sets: int = 1
    sent_at: datetime | None = None
    result_at: datetime | None = None
    returned_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class RegisterData:
    """The dossier tracking register (form 06 of 2018, form 07 of 2025), on A4 landscape."""

    agency: Agency
    rows: tuple[RegisterRow, ...]
    period: str  # "Tháng 8 năm 2025"
    issued_at: datetime
    book: str = ""


@dataclass(frozen=True)
class ChecklistEntry:
    """One item of a procedure's published checklist (the handout says what to bring)."""

    name: str
    originals: int = 0
    certified: int = 0
    photocopies: int = 0
    condition: str = ""  # "" = always required; else when it is required


@dataclass(frozen=True)
class ChecklistHandoutData:
    """What to bring for one procedure, printed at the kiosk."""

    agency: Agency
    procedure_code: str
    procedure_name: str
    entries: tuple[ChecklistEntry, ...]
    time_limit: str  # "03 ngày làm việc"
    fee: str
    result: str
    legal_basis: tuple[str, ...] = ()
    printed_at: datetime | None = None
    version_note: str = ""  # "Theo Quyết định số ... ngày ..."
    payment_qr: str = ""  # a VietQR payload for the fee (kiosk.vietqr), when the office has one
    payment_text: str = ""  # what the QR pays: account, amount, note


@dataclass(frozen=True)
class QueueTicketData:
    """A queue ticket for an 80 mm thermal printer."""

    agency_name: str
    number: str  # "A015"
    service: str
    issued_at: datetime
    waiting_ahead: int = 0
    counter: str = ""
    footer: str = "Vui lòng chờ đến lượt theo số trên màn hình."


@dataclass(frozen=True)
class Marking:
    """How a print is marked: an original, a reprint (BẢN SAO) or a sample (MẪU)."""

    copy: bool = False
    sample: bool = False


ORIGINAL = Marking()
COPY = Marking(copy=True)
SAMPLE = Marking(sample=True)

Document = (
    ReceiptData
    | SupplementData
    | RefusalData
    | ApologyData
    | StopNoticeData
    | ControlSheetData
    | RegisterData
    | ChecklistHandoutData
    | QueueTicketData
)
