"""The letters and the receipt as printed (real renderer; text read back with pdftotext)."""

import shutil
import subprocess
from datetime import datetime

import pytest

from kiosk.blobs import BlobStore
from kiosk.code_service import CodeService
from kiosk.letters import LetterService
from kiosk.receipt_qr import QrSigner, load_or_create_signing_key
from kiosk.reception import ReceptionService
from kiosk.register import RegisterService
from printing import data as d
from printing.dossier_documents import letter_forms, make_dossier_renderer
from printing.layout import vn_date
from tests.factories import AGENCY, complete_draft
from tests.kiosk.test_apology import CALENDAR, REASON

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")

OFFICE = d.Agency(
    name="Trung tâm Phục vụ hành chính công phường Hạc Thành",
    parent="UBND PHƯỜNG HẠC THÀNH",
    code=AGENCY,
    place="Hạc Thành",
)


def text_of(pdf: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode("utf-8").split())


@pytest.fixture
def office(store, tmp_path, version_id):
    blobs = BlobStore(tmp_path / "blobs")
    signer = QrSigner(load_or_create_signing_key(tmp_path / "keys" / "qr.key"))
    render = make_dossier_renderer(OFFICE, signer)
    RegisterService(store.sessions).add_block(AGENCY, 2025, 1, 100, book="03/2025")
    reception = ReceptionService(
        store.sessions,
        calendar=CALENDAR,
        codes=CodeService(store.sessions),
        blobs=blobs,
        render=render,
        agency_code=AGENCY,
        counter=1,
    )
    letters = LetterService(
        store.sessions, calendar=CALENDAR, blobs=blobs, render=render, forms_on=letter_forms
    )
    return reception, letters, blobs, version_id


def accept(reception, version_id, when):
    return reception.accept(complete_draft(reception, version_id, when).id, None, when)


def test_the_receipt_prints_the_register_book_and_number(office):
    reception, _letters, blobs, version_id = office
    when = datetime(2025, 9, 16, 9)
    accept(reception, version_id, when)
    decision = accept(reception, version_id, when)
    text = text_of(blobs.read(decision.pdf_sha256))
    assert "Quyển số: 03/2025" in text and "Số thứ tự: 02" in text


def test_2018_apology_gives_a_new_date(office):
    reception, letters, blobs, version_id = office
    snap = accept(reception, version_id, datetime(2025, 9, 12, 9)).dossier  # 2018 set in force
    decision = letters.apologise(snap.id, None, REASON, 2, datetime(2025, 9, 16, 9))
    text = text_of(blobs.read(decision.pdf_sha256))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "hẹn lại thời gian trả kết quả vào" in text
    new = decision.dossier.due_date
    assert vn_date(new) in text and REASON in text and snap.code in text


def test_2025_apology_asks_for_an_extension(office):
    reception, letters, blobs, version_id = office
    snap = accept(reception, version_id, datetime(2025, 9, 16, 9)).dossier
    decision = letters.apologise(snap.id, None, REASON, 2, datetime(2025, 9, 18, 9))
    text = text_of(blobs.read(decision.pdf_sha256))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "đề nghị được gia hạn thời gian giải quyết hồ sơ đến" in text
    assert vn_date(decision.dossier.due_date) in text


def test_the_stop_notice_is_2025_form_05_even_for_a_2018_dossier(office):
    reception, letters, blobs, version_id = office
    snap = accept(reception, version_id, datetime(2025, 9, 12, 9)).dossier
    decision = letters.stop(
        snap.id,
        None,
        "Người nộp có đơn đề nghị dừng giải quyết hồ sơ.",
        "Thẩm định hồ sơ",
        "Không thu phí, lệ phí",
        datetime(2025, 9, 16, 10),
    )
    text = text_of(blobs.read(decision.pdf_sha256))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "Mẫu số 05" in text
    assert "Thẩm định hồ sơ" in text


def test_a_letter_reprints_as_a_copy_in_its_own_form_set(office):
    reception, letters, blobs, version_id = office
    snap = accept(reception, version_id, datetime(2025, 9, 12, 9)).dossier
    letters.apologise(snap.id, None, REASON, 2, datetime(2026, 1, 5, 9))
    copy = reception.reprint(snap.id, "apology", None)
    text = text_of(blobs.read(copy.pdf_sha256))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text and "BẢN SAO" in text
