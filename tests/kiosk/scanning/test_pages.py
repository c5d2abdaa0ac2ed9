"""The page store: pages as data bound to their draft and item, edited until sealed, sealing
refused by the service when the count or a second scan is missing, papers reused from file."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from kiosk.blobs import BlobStore
from kiosk.drafts import DraftService
from kiosk.errors import InvalidInput
from kiosk.models import Blob, DossierItem, ScanPage
from kiosk.scanning.pages import paper_kind
from kiosk.scanning.reuse import PaperReuse, count_reused
from tests.factories import MONDAY, PERSON, add_procedure, complete_draft
from tests.kiosk.scanning.page_helpers import draft_with_papers, page_png

_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.fixture
def flow(store, tmp_path, version_id):
    reception, snap, pages = draft_with_papers(store, tmp_path, version_id)
    birth = next(i for i in snap.items if i.name == "Giấy chứng sinh")
    form = next(i for i in snap.items if i.name.startswith("Tờ khai"))
    return reception, snap, pages, birth.id, form.id


def test_a_page_is_a_blob_on_disk_named_by_its_row(store, flow, tmp_path):
    _reception, snap, pages, birth, _form = flow
    page = pages.add_page(snap.id, birth, page_png(1))  # through the page pipeline
    path = BlobStore(tmp_path / "blobs").path(page.sha256)
    stored = path.read_bytes()
    assert page.sha256 == hashlib.sha256(stored).hexdigest()
    assert page.media_type == "image/jpeg" and stored.startswith(b"\xff\xd8")  # grey profile
    assert (page.dossier_id, page.item_id, page.position, page.state) == (
        snap.id,
        birth,
        1,
        "draft",
    )
    assert BlobStore(tmp_path / "blobs").path(page.thumbnail_sha256).is_file()
    with store.sessions() as s:
        assert s.get(Blob, page.sha256).size == len(stored)


def test_reorder_rotate_delete_rescan_and_split(flow):
    _reception, snap, pages, birth, form = flow
    a, b, c = (pages.add_page(snap.id, birth, page_png(n)) for n in (1, 2, 3))
    assert [p.id for p in pages.pages(snap.id, birth)] == [a.id, b.id, c.id]

    pages.reorder(snap.id, birth, [c.id, a.id, b.id])
    assert [p.id for p in pages.pages(snap.id, birth)] == [c.id, a.id, b.id]
    with pytest.raises(InvalidInput, match="Thứ tự trang"):
        pages.reorder(snap.id, birth, [c.id, a.id])

    assert pages.rotate(snap.id, a.id).rotation == 90
    assert pages.rotate(snap.id, a.id, 270).rotation == 0
    with pytest.raises(InvalidInput, match="góc vuông"):
        pages.rotate(snap.id, a.id, 45)

    pages.rotate(snap.id, b.id, 180)
    new_b = pages.add_page(snap.id, birth, page_png(4), replaces=b.id)  # rescan in place
    assert [p.id for p in pages.pages(snap.id, birth)] == [c.id, a.id, new_b.id]
    assert new_b.rotation == 180 and new_b.position == 3

    pages.delete(snap.id, c.id)
    assert [(p.id, p.position) for p in pages.pages(snap.id, birth)] == [(a.id, 1), (new_b.id, 2)]

    pages.split(snap.id, new_b.id, form)  # the feeder batch also held the form's page
    assert [p.id for p in pages.pages(snap.id, birth)] == [a.id]
    assert [(p.id, p.position) for p in pages.pages(snap.id, form)] == [(new_b.id, 1)]


def test_sealing_is_refused_until_the_count_and_the_second_scans_are_right(store, flow):
    _reception, snap, pages, birth, _form = flow
    with pytest.raises(InvalidInput, match="chưa có trang nào"):
        pages.seal(snap.id, birth, None, MONDAY)
    first = pages.add_page(snap.id, birth, page_png(1))
    second = pages.add_page(snap.id, birth, page_png(2))
    with pytest.raises(InvalidInput, match="Đã quét 2 trang, giấy tờ có 1 trang"):
        pages.seal(snap.id, birth, None, MONDAY)
    pages.set_expected_pages(snap.id, birth, 2)

    pages.mark_handwritten(snap.id, first.id)
    paper = pages.paper(snap.id, birth)
    assert [p.id for p in paper.missing_second_scans] == [first.id]
    with pytest.raises(InvalidInput, match="Trang 1 có ghi chú viết tay: cần quét lần hai"):
        pages.seal(snap.id, birth, None, MONDAY)

    clean = pages.add_page(snap.id, birth, page_png(3), second_scan_of=first.id)
    listed = pages.pages(snap.id, birth)
    assert [p.id for p in listed] == [first.id, clean.id, second.id]  # right after its page
    paper = pages.paper(snap.id, birth)
    assert paper.counted == 2 and not paper.problems and paper.ready

    sealed = pages.seal(snap.id, birth, None, MONDAY)
    assert sealed.sealed and sealed.pdf_sha256
    with store.sessions() as s:
        item = s.get(DossierItem, birth)
        assert (item.pdf_sha256, item.pages) == (sealed.pdf_sha256, 3)
        states = set(s.scalars(select(ScanPage.state).where(ScanPage.dossier_item_id == birth)))
        assert states == {"sealed"}
    pdf = pages.read(sealed.pdf_sha256)
    assert pdf.startswith(b"%PDF") and len(_PDF_PAGE.findall(pdf)) == 3

    for change in (
        lambda: pages.rotate(snap.id, first.id),
        lambda: pages.delete(snap.id, second.id),
        lambda: pages.add_page(snap.id, birth, page_png(9)),
        lambda: pages.seal(snap.id, birth, None, MONDAY),
    ):
        with pytest.raises(InvalidInput, match="niêm phong"):
            change()


def test_second_scan_only_for_a_page_marked_handwritten(flow):
    _reception, snap, pages, birth, _form = flow
    page = pages.add_page(snap.id, birth, page_png(1))
    with pytest.raises(InvalidInput, match="ghi chú viết tay"):
        pages.add_page(snap.id, birth, page_png(2), second_scan_of=page.id)
    assert len(pages.pages(snap.id, birth)) == 1


def test_a_corrupt_page_is_refused_and_stores_nothing(store, flow):
    _reception, snap, pages, birth, _form = flow
    with pytest.raises(InvalidInput, match="Không đọc được ảnh trang quét"):
        pages.add_page(snap.id, birth, b"\x89PNG\r\n\x1a\n not really")
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ScanPage)) == 0


def test_pages_of_a_decided_dossier_or_another_dossier_are_refused(flow, version_id):
    reception, snap, pages, birth, _form = flow
    other = complete_draft(reception, version_id)
    with pytest.raises(InvalidInput, match="không thuộc hồ sơ"):
        pages.add_page(other.id, birth, page_png(1))
    reception.accept(snap.id, None, MONDAY)
    with pytest.raises(InvalidInput, match="đã có quyết định"):
        pages.add_page(snap.id, birth, page_png(1))


def test_papers_only_shown_are_not_asked_for(store, tmp_path):
    version = add_procedure(
        store,
        code="1.000001",
        items=[("Giấy chứng sinh", 1, 0, 0, True, None), ("Căn cước", 1, 0, 0, True, None)],
    )
    from kiosk.models import ChecklistItem

    with store.sessions.begin() as s:
        shown = s.scalars(select(ChecklistItem).where(ChecklistItem.name == "Căn cước")).one()
        shown.kind = "present"
    _reception, snap, pages = draft_with_papers(store, tmp_path, version)
    papers = {p.name: p for p in pages.papers(snap.id)}
    assert papers["Giấy chứng sinh"].to_scan
    assert papers["Căn cước"].received.total == 1 and not papers["Căn cước"].to_scan


def test_discarding_the_draft_takes_its_pages(store, flow):
    _reception, snap, pages, birth, _form = flow
    pages.add_page(snap.id, birth, page_png(1))
    batch = pages.begin_batch(snap.id, birth, "test:0")
    pages.add_page(snap.id, birth, page_png(2), batch_id=batch)
    DraftService(store.sessions).discard(snap.id, None)
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(ScanPage)) == 0
    assert pages.recoverable() == []


def test_paper_kind_ignores_case_accents_and_notes():
    assert paper_kind("Giấy chứng sinh (bản chính)") == paper_kind("GIẤY CHỨNG SINH")
    assert paper_kind("Văn bản ủy quyền (nếu nộp thay)") == "van ban uy quyen"


def test_a_sealed_paper_on_file_is_offered_and_its_reuse_counted(store, flow, version_id):
    reception, snap, pages, birth, _form = flow
    pages.add_page(snap.id, birth, page_png(1))
    sealed = pages.seal(snap.id, birth, None, MONDAY)
    reuse = PaperReuse(store.sessions)
    later = complete_draft(reception, version_id)
    later_birth = next(i.id for i in later.items if i.name == "Giấy chứng sinh")
    assert reuse.offers(later.id, later_birth) == []  # the first dossier is still a draft

    reception.accept(snap.id, None, MONDAY)
    offers = reuse.offers(later.id, later_birth)
    assert [(o.item_id, o.pdf_sha256, o.pages) for o in offers] == [(birth, sealed.pdf_sha256, 1)]
    assert set(reuse.offers_by_item(later.id)) == {later_birth}

    # another applicant has no such paper on file
    stranger = reception.create_draft(version_id, None, MONDAY)
    reception.save_applicant(
        stranger.id, PERSON.__class__(**{**PERSON.__dict__, "id_number": "001099012345"})
    )
    stranger_birth = next(i.id for i in stranger.items if i.name == "Giấy chứng sinh")
    assert reuse.offers(stranger.id, stranger_birth) == []
    with pytest.raises(InvalidInput, match="không dùng lại được"):
        reuse.reuse(stranger.id, stranger_birth, birth, None)

    when = datetime(2026, 12, 8, 10, 0)
    reuse.reuse(later.id, later_birth, birth, None, when)
    with store.sessions() as s:
        item = s.get(DossierItem, later_birth)
        assert (item.pdf_sha256, item.pages) == (sealed.pdf_sha256, 1)
        assert count_reused(s, (date(2026, 12, 8), date(2026, 12, 8))) == 1
        assert count_reused(s, (date(2026, 12, 7), date(2026, 12, 7))) == 0
        assert count_reused(s, (datetime(2026, 12, 8, 9), datetime(2026, 12, 8, 11))) == 1
        assert count_reused(s, (date(2026, 12, 8), date(2026, 12, 8)), officer_id=99) == 0
    paper = pages.paper(later.id, later_birth)
    assert paper.sealed and paper.reused_from == birth
    assert reuse.offers_by_item(later.id) == {}


def test_acceptance_waits_for_the_scanned_pages_to_be_sealed(flow):
    reception, snap, pages, birth, _form = flow
    pages.add_page(snap.id, birth, page_png(1))
    with pytest.raises(InvalidInput, match="Còn 1 trang đã quét chưa niêm phong"):
        reception.accept(snap.id, None, MONDAY)
    pages.seal(snap.id, birth, None, MONDAY)
    assert reception.accept(snap.id, None, MONDAY).dossier.status == "accepted"


def test_a_paper_is_sealed_with_the_officers_key_and_validates(store, flow, tmp_path):
    from kiosk.officers import OfficerService
    from kiosk.scanning.pages import PageStore, officer_sealer
    from kiosk.scanning.seal import read_seal_record, verify_sealed
    from kiosk.signing.software import create_software_key

    _reception, snap, _pages, birth, _form = flow
    officer = OfficerService(store.sessions).create("canbo1", "Nguyễn Thị Lan", "officer", "123456")
    keys = tmp_path / "keys" / "seal"
    create_software_key(keys, "Nguyễn Thị Lan")
    pages = PageStore(store.sessions, BlobStore(tmp_path / "blobs"), seal=officer_sealer(keys))
    first = pages.add_page(snap.id, birth, page_png(1, (1654, 2339)))  # A4 at 200 dpi
    pages.rotate(snap.id, first.id, 90)
    sealed = pages.seal(snap.id, birth, officer.id, MONDAY)
    pdf = pages.read(sealed.pdf_sha256)
    report = verify_sealed(pdf, [keys / "ca.pem"])
    assert report.valid and report.signer_name == "Nguyễn Thị Lan", report
    record = read_seal_record(pdf)
    assert record["pages"][0]["sha256"] == first.sha256 and record["item"] == "Giấy chứng sinh"
