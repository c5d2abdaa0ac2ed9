"""Demo data for every document (``kiosk forms sample``, tests, the benchmark). Fictional people.

The dossier documents are not typed in by hand: :func:`sample_office` opens a throwaway store in
a temporary folder, loads the seed catalog and takes sample dossiers through the real
``ReceptionService`` (accept, supplement, refuse) on the real office calendar. Every date, time
limit and number printed on a sample is therefore the one the app would print.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

from kiosk.calendar import WorkCalendar, office_calendar
from kiosk.dossier_types import Applicant, DossierSnapshot, ItemCounts
from printing import data as d
from printing.dossier_documents import dossier_form_data

AGENCY = d.Agency(
    name="Trung tâm Phục vụ hành chính công phường Hạc Thành",
    parent="Ủy ban nhân dân phường Hạc Thành",
    code="000.31.27.H56",
    place="Hạc Thành",
    phone="0237 3852 000",
    issuing_system="HTTT giải quyết TTHC tỉnh Thanh Hóa",
)
PROCEDURE = "1.001193"  # Đăng ký khai sinh, in the seed catalog
OFFICER = "Lê Văn Phúc"
SIGNER = ("Giám đốc", "Trần Quang Minh")
START = date(2025, 12, 15)  # the samples are received on the first working day from here
BOOK = "03/2025"
PEOPLE = (
    (
        "Nguyễn Thị Hồng Nhung",
        "038190012345",
        "Số 12 đường Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa",
        "0912345678",
        "Nguyễn Minh Khang",
    ),
    (
        "Trần Văn Bình",
        "038085004321",
        "Số 5 phố Trường Thi, phường Hạc Thành, tỉnh Thanh Hóa",
        "0987654321",
        "Trần Gia Bảo",
    ),
    (
        "Lò Thị Mai",
        "038195006789",
        "Thôn Đông, phường Hạc Thành, tỉnh Thanh Hóa",
        "0356789012",
        "Lò Thị Ngọc Ánh",
    ),
)
REFUSED = (
    "Hà Văn Sơn",
    "038088002468",
    "Xóm Bãi, phường Hạc Thành, tỉnh Thanh Hóa",
    "0978123456",
    "Hà Minh Đức",
)  # his child was already registered elsewhere


@dataclass(frozen=True)
class SampleOffice:
    """Snapshots of the sample dossiers, as the reception service left them, and the calendar."""

    calendar: WorkCalendar
    accepted: tuple[DossierSnapshot, ...]  # accepted dossiers, in the order they were received
    supplement: DossierSnapshot
    refused: DossierSnapshot

    @property
    def main(self) -> DossierSnapshot:
        return self.accepted[0]


def _eform(person) -> dict:
    name, id_number, address, phone, child = person
    return {
        "applicant_name": name,
        "applicant_id": id_number,
        "applicant_phone": phone,
        "relationship": "Mẹ" if "Thị" in name else "Cha",
        "child_name": child,
        "child_sex": "Nữ" if "Thị" in child else "Nam",
        "child_dob": "2025-12-01",
        "birth_place": "Bệnh viện Đa khoa tỉnh Thanh Hóa",
        "hometown": "Tỉnh Thanh Hóa",
        "ethnicity": "Kinh",
        "nationality": "Việt Nam",
    }


@lru_cache(maxsize=1)
def sample_office() -> SampleOffice:
    """Run the sample dossiers through a throwaway store (once per process)."""
    from kiosk.blobs import BlobStore
    from kiosk.code_service import CodeService
    from kiosk.db import open_store
    from kiosk.demo import seed_catalog
    from kiosk.reception import ReceptionService

    calendar = office_calendar(None)
    day = START if calendar.is_working_day(START) else calendar.next_working_day(START)
    with tempfile.TemporaryDirectory(prefix="kiosk-samples-") as tmp:
        folder = Path(tmp)
        store = open_store(f"sqlite:///{folder / 'samples.sqlite3'}", folder=folder)
        try:
            seed_catalog(store)
            reception = ReceptionService(
                store.sessions,
                calendar=calendar,
                codes=CodeService(store.sessions),
                blobs=BlobStore(folder / "blobs"),
                render=lambda kind, snap, is_copy: b"%PDF-",
                agency_code=AGENCY.code,
                counter=1,
                machine="samples",
            )
            from kiosk.catalog import CatalogService

            version_id = CatalogService(store.sessions).get(PROCEDURE, day).version_id

            def draft(person, at: datetime, complete: bool) -> DossierSnapshot:
                name, id_number, address, phone, _ = person
                snap = reception.create_draft(version_id, None, at)
                reception.save_applicant(
                    snap.id,
                    Applicant(
                        full_name=name,
                        id_number=id_number,
                        address=address,
                        phone=phone,
                        sources={"full_name": "card"},
                    ),
                )
                reception.save_eform(snap.id, _eform(person), on=at.date())
                counts = {
                    i.id: ItemCounts(originals=1)
                    for i in snap.items
                    if i.required or (complete and "chứng sinh" in i.name)
                }
                if not complete:  # the birth certificate is there, the declaration is not
                    counts = {
                        i.id: ItemCounts(originals=1)
                        for i in snap.items
                        if "chứng sinh" in i.name and not i.required
                    }
                return reception.set_counts(snap.id, counts)

            accepted = []
            for n, person in enumerate(PEOPLE):
                at = datetime.combine(day, time(9, 30)) + timedelta(minutes=25 * n)
                snap = draft(person, at, complete=True)
                if n == 0:  # a paper the applicant brought of their own accord
                    reception.add_voluntary(
                        snap.id, "Bản chụp sổ tiêm chủng của trẻ", ItemCounts(photocopies=1)
                    )
                accepted.append(reception.accept(snap.id, None, at).dossier)
            at = datetime.combine(day, time(10, 45))
            snap = draft(PEOPLE[1], at, complete=False)
            supplement = reception.request_supplement(
                snap.id,
                None,
                [i.id for i in snap.missing_required],
                "Thành phần hồ sơ chưa đầy đủ theo Điều 16 Luật Hộ tịch 2014.",
            ).dossier
            snap = draft(REFUSED, at + timedelta(minutes=20), complete=True)
            refused = reception.refuse(
                snap.id,
                None,
                "Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân xã Đông Tiến ngày 02/12/2025 "
                "(khoản 1 Điều 13 Luật Hộ tịch 2014: mỗi người chỉ được đăng ký khai sinh "
                "một lần).",
            ).dossier
        finally:
            store.close()
    return SampleOffice(calendar, tuple(accepted), supplement, refused)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _form(kind: str, snap: DossierSnapshot, now: datetime):
    from dataclasses import replace

    return replace(dossier_form_data(kind, snap, AGENCY, now), officer_name=OFFICER)


def _ref(snap: DossierSnapshot) -> d.DossierRef:
    return dossier_form_data("refusal", snap, AGENCY, datetime.now()).dossier


def _due_at(snap: DossierSnapshot) -> datetime:
    return dossier_form_data("receipt", snap, AGENCY, snap.received_at).due_at


def register_number(snap: DossierSnapshot) -> str:
    """The sample register's row number of this accepted dossier (row 1 is the first received)."""
    codes = [s.code for s in sample_office().accepted]
    return f"{1200 + codes.index(snap.code) + 1:,}".replace(",", ".")


def receipt() -> d.ReceiptData:
    from dataclasses import replace

    snap = sample_office().main
    return replace(
        _form("receipt", snap, snap.received_at),
        register_book=BOOK,
        register_number=register_number(snap),
    )


def supplement() -> d.SupplementData:
    office = sample_office()
    return _form("supplement", office.supplement, _at(office.main.received_at.date(), 10, 45))


def refusal() -> d.RefusalData:
    office = sample_office()
    return _form("refusal", office.refused, _at(office.main.received_at.date(), 11, 5))


def apology() -> d.ApologyData:
    office = sample_office()
    snap, cal = office.main, office.calendar
    due = _due_at(snap)
    issued = (
        cal.add_working_days(snap.received_at.date(), 1)
        if due.date() > snap.received_at.date()
        else due.date()
    )
    new_due = cal.add_working_days(due.date(), 3)
    return d.ApologyData(
        agency=AGENCY,
        dossier=_ref(snap),
        received_at=snap.received_at,
        due_at=due,
        new_due_at=datetime.combine(new_due, due.time()),
        issued_at=_at(issued, 10, 15),
        reason="Cần xác minh thông tin nơi sinh với cơ sở y tế ngoài tỉnh.",
        signer_title=SIGNER[0],
        signer_name=SIGNER[1],
        number="Số: 15/TB-TTPVHCC",
    )


def stop_notice() -> d.StopNoticeData:
    office = sample_office()
    snap = office.accepted[1]
    received, due = snap.received_at, _due_at(snap)
    issued = _at(office.calendar.next_working_day(received.date()), 8)
    if issued > due:  # a same-day limit: the applicant asks to stop that afternoon
        issued = _at(received.date(), 14)
    day = issued.date()
    return d.StopNoticeData(
        agency=AGENCY,
        dossier=_ref(snap),
        received_at=received,
        issued_at=issued,
        reason=f"Theo đơn đề nghị dừng giải quyết hồ sơ của người nộp ngày {day:%d/%m/%Y}.",
        stage="Thẩm định hồ sơ tại công chức tư pháp - hộ tịch.",
        fee_settlement="Không thu phí, lệ phí đối với hồ sơ này.",
        signer_title=SIGNER[0],
        signer_name=SIGNER[1],
        number="Số: 03/TB-TTPVHCC",
    )


def control_sheet() -> d.ControlSheetData:
    office = sample_office()
    snap = office.main
    received, due = snap.received_at, _due_at(snap)
    step2 = _at(office.calendar.next_working_day(received.date()), 9)
    if step2 > due:  # a same-day limit: the second hand-over happens the same afternoon
        step2 = _at(received.date(), 14)
    return d.ControlSheetData(
        agency=AGENCY,
        dossier=_ref(snap),
        received_at=received,
        due_at=due,
        steps=(
            d.ControlStep(
                "Bộ phận Một cửa",
                received + timedelta(minutes=30),
                OFFICER,
                "Phạm Thu Hà",
                "Đúng hạn",
            ),
            d.ControlStep(
                "Công chức Tư pháp - Hộ tịch",
                step2,
                "Phạm Thu Hà",
                SIGNER[1],
                "Trước hạn" if step2.date() < due.date() else "Đúng hạn",
            ),
            d.ControlStep("Lãnh đạo UBND phường"),
            d.ControlStep("Bộ phận Một cửa (trả kết quả)"),
        ),
    )


def register() -> d.RegisterData:
    office = sample_office()
    rows = []
    for n, snap in enumerate(office.accepted, start=1):
        ref, due = _ref(snap), _due_at(snap)
        rows.append(
            d.RegisterRow(
                number=1200 + n,
                dossier_code=snap.code,
                procedure_name=snap.procedure_name,
                applicant_name=ref.applicant.name,
                applicant_contact=f"{ref.applicant.address}, {ref.applicant.phone}",
                lead_agency="UBND phường Hạc Thành",
                received_at=snap.received_at,
                due_at=due,
                sent_at=snap.received_at + timedelta(hours=1) if n % 2 else None,
                returned_at=due if n == 1 else None,
            )
        )
    last = office.main.received_at.date().replace(day=28)
    while not office.calendar.is_working_day(last):
        last -= timedelta(days=1)
    return d.RegisterData(
        agency=AGENCY,
        rows=tuple(rows),
        book=BOOK,
        period=f"Tháng {last.month} năm {last.year}",
        issued_at=_at(last, 17),
    )


def checklist() -> d.ChecklistHandoutData:
    return d.ChecklistHandoutData(
        agency=AGENCY,
        procedure_code="1.001193",
        procedure_name="Đăng ký khai sinh",
        entries=(
            d.ChecklistEntry("Tờ khai đăng ký khai sinh (theo mẫu)", originals=1),
            d.ChecklistEntry(
                "Giấy chứng sinh",
                originals=1,
                condition="Không có thì nộp văn bản của người làm chứng",
            ),
            d.ChecklistEntry(
                "Giấy tờ tùy thân của người đi đăng ký",
                originals=1,
                condition="Xuất trình, không nộp",
            ),
            d.ChecklistEntry(
                "Văn bản ủy quyền có chứng thực",
                certified=1,
                condition="Khi ủy quyền người khác đi đăng ký",
            ),
        ),
        time_limit="Trong ngày (nhận sau 15 giờ thì trả vào ngày làm việc tiếp theo)",
        fee="Miễn lệ phí khi đăng ký đúng hạn",
        result="Giấy khai sinh (bản chính)",
        legal_basis=("Luật Hộ tịch số 60/2014/QH13", "Nghị định số 123/2015/NĐ-CP"),
        printed_at=sample_office().main.received_at,
        version_note="Theo thủ tục đã công bố, có hiệu lực từ 15/9/2025",
    )


def queue_ticket() -> d.QueueTicketData:
    return d.QueueTicketData(
        agency_name=AGENCY.name,
        number="A015",
        service="Hộ tịch - Chứng thực",
        issued_at=sample_office().main.received_at,
        waiting_ahead=4,
        counter="Quầy số 2",
    )


SAMPLES = {
    "receipt": receipt,
    "supplement": supplement,
    "refusal": refusal,
    "apology": apology,
    "stop_notice": stop_notice,
    "control_sheet": control_sheet,
    "register": register,
    "checklist": checklist,
    "queue_ticket": queue_ticket,
}


def sample(form_key: str):
    """Demo input of ``form_key`` (KeyError if unknown)."""
    return SAMPLES[form_key]()
