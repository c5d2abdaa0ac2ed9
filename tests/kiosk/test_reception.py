"""Reception rules: only the published checklist, expired procedures, supplements,
atomic decisions."""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from kiosk.dossier_types import ACCEPTED, REFUSED, SUPPLEMENT_REQUESTED, Applicant, ItemCounts
from kiosk.dossier_view import DossierQueries
from kiosk.errors import InvalidInput
from kiosk.models import Officer, OutboxItem, PrintJob
from tests.factories import (
    AGENCY,
    MONDAY,
    PERSON,
    add_procedure,
    complete_draft,
    make_reception,
)


@pytest.fixture
def reception(store, tmp_path):
    return make_reception(store, tmp_path)


@pytest.fixture
def version_id(store):
    return add_procedure(store)


def test_draft_items_are_exactly_the_checklist(reception, version_id):
    snap = reception.create_draft(version_id, None, MONDAY)
    assert [i.name for i in snap.items] == [
        "Tờ khai đăng ký khai sinh theo mẫu",
        "Giấy chứng sinh",
        "Văn bản ủy quyền (nếu nộp thay)",
    ]
    assert [i.required for i in snap.items] == [True, True, False]
    assert snap.items[2].condition == "Khi người khác nộp thay cha, mẹ"
    assert not snap.complete and len(snap.missing_required) == 2


def test_accept_gives_code_due_date_receipt_print_job_and_outbox(store, reception, version_id):
    snap = complete_draft(reception, version_id)
    decision = reception.accept(snap.id, None, MONDAY)
    d = decision.dossier
    assert d.status == ACCEPTED and d.code == f"{AGENCY}-261207-9001"
    assert d.due_date == date(2026, 12, 10)  # 3 working days after Monday 7 Dec
    assert decision.document_kind == "receipt" and decision.print_job_id is not None
    with store.sessions.begin() as s:
        kinds = s.scalars(select(OutboxItem.kind).where(OutboxItem.entity_id == d.id)).all()
        assert kinds == ["dossier.accepted"]
        assert s.get(PrintJob, decision.print_job_id).status == "pending"
    assert [e.status for e in d.events] == ["draft", "accepted"]


def test_incomplete_dossier_cannot_be_accepted(store, reception, version_id):
    snap = reception.create_draft(version_id, None, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    with pytest.raises(InvalidInput, match="chưa đủ thành phần.*Giấy chứng sinh"):
        reception.accept(snap.id, None, MONDAY)
    with store.sessions.begin() as s:
        assert s.scalar(select(func.count()).select_from(OutboxItem)) == 0


def test_voluntary_paper_is_never_required(reception, version_id):
    snap = complete_draft(reception, version_id)
    snap = reception.add_voluntary(snap.id, "Bản sao sổ hộ khẩu cũ", ItemCounts(photocopies=1))
    extra = snap.items[-1]
    assert extra.voluntary and not extra.required and extra.checklist_item_id is None
    assert snap.complete  # a voluntary paper changes nothing about completeness
    with pytest.raises(InvalidInput, match="thành phần hồ sơ đã công bố"):
        reception.request_supplement(snap.id, None, [extra.id], "Thiếu bản sao sổ hộ khẩu")


def test_checklist_item_cannot_be_removed(reception, version_id):
    snap = reception.create_draft(version_id, None, MONDAY)
    with pytest.raises(InvalidInput, match="Chỉ xóa được giấy tờ nộp thêm"):
        reception.remove_voluntary(snap.id, snap.items[0].id)


def test_supplement_must_list_all_missing_items_at_once(reception, version_id):
    snap = reception.create_draft(version_id, None, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    with pytest.raises(InvalidInput, match="một lần tất cả.*Giấy chứng sinh"):
        reception.request_supplement(
            snap.id, None, [snap.items[0].id], "Thiếu giấy tờ theo quy định"
        )
    decision = reception.request_supplement(
        snap.id, None, [snap.items[0].id, snap.items[1].id], "Thiếu tờ khai và giấy chứng sinh"
    )
    assert decision.dossier.status == SUPPLEMENT_REQUESTED and decision.dossier.code is None
    assert decision.document_kind == "supplement"


def test_second_supplement_needs_a_supervisor(store, reception, version_id):
    with store.sessions.begin() as s:
        s.add_all(
            [
                Officer(id=1, username="cb", full_name="Cán bộ", role="officer", secret_hash="x"),
                Officer(
                    id=2,
                    username="gs",
                    full_name="Trần Giám Sát",
                    role="supervisor",
                    secret_hash="x",
                ),
            ]
        )
    snap = reception.create_draft(version_id, 1, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    ids = [i.id for i in snap.missing_required]
    reception.request_supplement(snap.id, 1, ids, "Thiếu giấy tờ lần một")
    reception.resume(snap.id, 1)
    with pytest.raises(InvalidInput, match="lãnh đạo"):
        reception.request_supplement(snap.id, 1, ids, "Thiếu giấy tờ lần hai")
    with pytest.raises(InvalidInput, match="lãnh đạo"):
        reception.request_supplement(snap.id, 1, ids, "Thiếu giấy tờ lần hai", supervisor_id=1)
    d = reception.request_supplement(
        snap.id, 1, ids, "Thiếu giấy tờ lần hai", supervisor_id=2
    ).dossier
    assert d.supplement_requests == 2
    assert "phê duyệt: Trần Giám Sát" in d.events[-1].note


def test_refuse_needs_reason_and_keeps_it(reception, version_id):
    snap = reception.create_draft(version_id, None, MONDAY)
    with pytest.raises(InvalidInput, match="lý do từ chối"):
        reception.refuse(snap.id, None, "  ")
    d = reception.refuse(snap.id, None, "Thủ tục không thuộc thẩm quyền của xã").dossier
    assert d.status == REFUSED and d.last_reason == "Thủ tục không thuộc thẩm quyền của xã"
    with pytest.raises(InvalidInput, match="không sửa được"):
        reception.save_applicant(snap.id, PERSON)


def test_expired_or_abolished_procedure_cannot_be_picked(store, reception):
    expired = add_procedure(store, "1.000001", "Thủ tục hết hạn", effective_to=date(2026, 12, 6))
    abolished = add_procedure(
        store, "1.000002", "Thủ tục bãi bỏ", status="abolished", effective_to=date(2026, 12, 6)
    )
    future = add_procedure(store, "1.000003", "Thủ tục mới", effective_from=date(2026, 12, 8))
    with pytest.raises(InvalidInput, match="hết hiệu lực"):
        reception.create_draft(expired, None, MONDAY)
    with pytest.raises(InvalidInput, match="bãi bỏ"):
        reception.create_draft(abolished, None, MONDAY)
    with pytest.raises(InvalidInput, match="chỉ có hiệu lực từ 08/12/2026"):
        reception.create_draft(future, None, MONDAY)
    # the last day of the range is still fine
    assert reception.create_draft(expired, None, datetime(2026, 12, 6, 9)).status == "draft"


def test_version_expiring_between_draft_and_accept_is_refused(store, reception):
    v1 = add_procedure(store, effective_to=date(2026, 12, 7))
    snap = complete_draft(reception, v1, MONDAY)
    with pytest.raises(InvalidInput, match="hết hiệu lực"):
        reception.accept(snap.id, None, datetime(2026, 12, 8, 8, 0))


def test_dossier_keeps_its_version_when_the_procedure_changes(store, reception):
    v1 = add_procedure(store, effective_to=date(2026, 12, 7), days=5)
    v2 = add_procedure(
        store,
        version=2,
        effective_from=date(2026, 12, 8),
        days=3,
        items=[("Tờ khai đăng ký khai sinh (mẫu mới)", 1, 0, 0, True, None)],
    )
    first = reception.accept(complete_draft(reception, v1, MONDAY).id, None, MONDAY).dossier
    tuesday = datetime(2026, 12, 8, 9)
    second = reception.accept(complete_draft(reception, v2, tuesday).id, None, tuesday).dossier
    assert (first.procedure_version, second.procedure_version) == (1, 2)
    assert len(first.items) == 3 and [i.name for i in second.items] == [
        "Tờ khai đăng ký khai sinh (mẫu mới)"
    ]
    assert first.due_date == date(2026, 12, 14) and second.due_date == date(2026, 12, 11)
    assert (
        DossierQueries(store.sessions).get(first.id).items[0].name
        == "Tờ khai đăng ký khai sinh theo mẫu"
    )


@pytest.mark.parametrize(
    "change, words",
    [
        ({"id_number": "03809012345"}, "12 chữ số"),
        ({"gender": "Nữ"}, "giới tính"),
        ({"full_name": ""}, "họ và tên"),
        ({"phone": "09x"}, "điện thoại"),
    ],
)
def test_bad_applicant_blocks_accept(reception, version_id, change, words):
    from dataclasses import replace

    snap = complete_draft(reception, version_id)
    reception.save_applicant(snap.id, replace(PERSON, **change))
    with pytest.raises(InvalidInput, match=words):
        reception.accept(snap.id, None, MONDAY)


def test_organisation_applicant(reception, version_id):
    snap = complete_draft(reception, version_id)
    org = Applicant(
        kind="organisation",
        org_name="Công ty TNHH Hạc Thành",
        tax_code="2801234567",
        full_name="Lê Thị Hoa",
    )
    reception.save_applicant(snap.id, org)
    assert (
        reception.accept(snap.id, None, MONDAY).dossier.applicant.org_name
        == "Công ty TNHH Hạc Thành"
    )


def test_search(store, reception, version_id):
    d = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    q = DossierQueries(store.sessions)
    assert [r.id for r in q.search("nguyen van an")] == [d.id]
    assert [r.id for r in q.search("038090123456")] == [d.id]
    assert [r.id for r in q.search(d.code)] == [d.id]
    assert q.search("Trần") == []
    assert q.find_by_code(d.code).id == d.id


def test_attach_pdf_stores_blob_before_row(reception, version_id, tmp_path):
    snap = reception.create_draft(version_id, None, MONDAY)
    snap = reception.attach_pdf(snap.id, snap.items[0].id, b"%PDF-1.4 scanned", pages=2)
    sha = snap.items[0].pdf_sha256
    assert snap.items[0].pages == 2
    assert (tmp_path / "blobs" / sha[:2] / sha).read_bytes() == b"%PDF-1.4 scanned"
    with pytest.raises(InvalidInput, match="PDF"):
        reception.attach_pdf(snap.id, snap.items[0].id, b"GIF89a", pages=1)


def test_reprint_is_marked_copy_and_needs_an_existing_document(reception, version_id):
    d = reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier
    with pytest.raises(InvalidInput, match="chưa có giấy tờ loại này"):
        reception.reprint(d.id, "refusal", None)
    again = reception.reprint(d.id, "receipt", None)
    assert [(doc.kind, doc.is_copy) for doc in again.dossier.documents] == [
        ("receipt", False),
        ("receipt", True),
    ]
    assert again.print_job_id is not None
