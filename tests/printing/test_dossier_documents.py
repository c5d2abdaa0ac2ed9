"""Decisions at the counter print the real forms: receipt, supplement request, refusal."""

import subprocess
from datetime import date

import pytest

from kiosk.dossier_types import ItemCounts
from kiosk.receipt_qr import QrSigner, load_or_create_signing_key, verify
from printing import data as d
from printing.dossier_documents import make_dossier_renderer
from tests.factories import MONDAY, PERSON, add_procedure, make_reception

AGENCY = d.Agency(
    name="Trung tâm Phục vụ hành chính công phường Hạc Thành",
    parent="UBND PHƯỜNG HẠC THÀNH",
    code="000.31.27.H56",
    place="Hạc Thành",
    phone="0237 3852 000",
)


@pytest.fixture
def signer(tmp_path):
    return QrSigner(load_or_create_signing_key(tmp_path / "key.pem"))


@pytest.fixture
def reception(store, tmp_path, signer):
    return make_reception(store, tmp_path, render=make_dossier_renderer(AGENCY, signer))


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def qr_of(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    out = subprocess.run(
        ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        text=True,
    ).stdout
    return out.removesuffix("\n")


def test_accept_prints_receipt_with_code_due_date_and_signed_qr(store, reception, tmp_path, signer):
    vid = add_procedure(store)
    snap = reception.create_draft(vid, None, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    reception.set_counts(snap.id, {i.id: ItemCounts(originals=1) for i in snap.items if i.required})
    reception.add_voluntary(snap.id, "Bản sao sổ hộ khẩu cũ", ItemCounts(photocopies=1))
    decision = reception.accept(snap.id, None, MONDAY)
    pdf = (tmp_path / "blobs" / decision.pdf_sha256[:2] / decision.pdf_sha256).read_bytes()
    text = pdf_text(pdf, tmp_path)
    assert decision.dossier.code in text
    assert "Nguyễn Văn An" in text and "Giấy chứng sinh" in text
    assert "10/12/2026" in text or "10 tháng 12 năm 2026" in text
    assert "Bản sao sổ hộ khẩu cũ" in text
    payload = verify(qr_of(pdf, tmp_path), [signer.public_key])
    assert payload.dossier_code == decision.dossier.code
    assert payload.appointment == date(2026, 12, 10)
    assert payload.applicant_id == "038090123456"


def test_supplement_request_lists_only_missing_checklist_items(store, reception, tmp_path):
    vid = add_procedure(store)
    snap = reception.create_draft(vid, None, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    reception.set_counts(snap.id, {snap.items[0].id: ItemCounts(originals=1)})
    reception.add_voluntary(snap.id, "Giấy xác nhận cư trú", ItemCounts(photocopies=1))
    decision = reception.request_supplement(
        snap.id, None, [snap.items[1].id], "Thiếu giấy chứng sinh bản chính"
    )
    pdf = (tmp_path / "blobs" / decision.pdf_sha256[:2] / decision.pdf_sha256).read_bytes()
    text = pdf_text(pdf, tmp_path)
    assert "Giấy chứng sinh" in text and "Thiếu giấy chứng sinh bản chính" in text
    assert "Tờ khai đăng ký khai sinh" not in text  # received: not requested
    assert "Giấy xác nhận cư trú" not in text  # voluntary: never requested
    assert "Mã hồ sơ" not in text  # no code before acceptance: no empty code line


def test_refusal_states_the_reason(store, reception, tmp_path):
    vid = add_procedure(store)
    snap = reception.create_draft(vid, None, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    decision = reception.refuse(
        snap.id, None, "Yêu cầu không thuộc thẩm quyền giải quyết của phường"
    )
    text = pdf_text(
        (tmp_path / "blobs" / decision.pdf_sha256[:2] / decision.pdf_sha256).read_bytes(), tmp_path
    )
    assert "Yêu cầu không thuộc thẩm quyền giải quyết của phường" in " ".join(text.split())
