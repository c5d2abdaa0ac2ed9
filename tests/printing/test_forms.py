"""Every form renders, and what a reader sees (text, QR, barcode,
fonts) is exactly what was meant."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from printing import render, verify
from printing.data import COPY, ORIGINAL, SAMPLE
from printing.formsets import load_formsets
from printing.samples import SAMPLES, sample
from tests.printing.conftest import pdf_fonts, pdf_pages, pdf_text, zbar_codes

CASES = [(fs.id, key) for fs in load_formsets() for key in fs.keys]
DOSSIER_FORMS = {"receipt", "supplement", "refusal", "apology", "stop_notice", "control_sheet"}

# Texts each document must show (besides its title); values come from printing.samples.
EXPECTED = {
    "receipt": [
        "Nguyễn Thị Hồng Nhung",
        "038190012345",
        "Đăng ký khai sinh",
        "Giấy chứng sinh",
        "09 giờ 30 phút, ngày 15 tháng 12 năm 2025",
        "17 giờ 00 phút, ngày 15 tháng 12 năm 2025",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Lê Văn Phúc",
        "Liên 1",
        "Liên 2",
        "tự nguyện nộp thêm",
    ],
    "supplement": ["chưa nộp", "Tờ khai đăng ký khai sinh", "NGƯỜI HƯỚNG DẪN", "0237 3852 000"],
    "refusal": ["mỗi người chỉ được đăng ký khai sinh một lần", "NGƯỜI NỘP HỒ SƠ"],
    "apology": [
        "Kính gửi",
        "xin lỗi",
        "17 giờ 00 phút, ngày 18 tháng 12 năm 2025",
        "Trần Quang Minh",
        "Số: 15/TB-TTPVHCC",
    ],
    "stop_notice": ["Lý do dừng giải quyết", "Thẩm định hồ sơ", "Về phí, lệ phí"],
    "control_sheet": [
        "Kèm theo hồ sơ của: Nguyễn Thị Hồng Nhung",
        "Phạm Thu Hà",
        "Trước hạn",
        "Đúng hạn",
    ],
    "register": ["000.31.27.H56-251215-9003", "Lò Thị Mai", "Đăng ký khai sinh"],
    "checklist": [
        "Đăng ký khai sinh",
        "Giấy chứng sinh",
        "Xuất trình, không nộp",
        "Luật Hộ tịch số 60/2014/QH13",
    ],
    "queue_ticket": ["PHIẾU THỨ TỰ", "A015", "Hộ tịch - Chứng thực", "Quầy số 2"],
}
HEADING = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ỦY BAN NHÂN DÂN",
    "Hạc Thành, ngày",
]


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize(("set_id", "key"), CASES)
def test_form_renders_text_qr_barcode_and_embedded_fonts(set_id, key, signer, tmp_path):
    """pdftotext finds the texts, zbarimg decodes the signed QR and the Code128,
    fonts are embedded."""
    data = sample(key)
    doc = render(key, data, signer=signer, form_set=set_id)
    assert doc.pdf.startswith(b"%PDF") and doc.form_set == set_id
    text = _flat(pdf_text(doc.pdf))
    spec = next(fs for fs in load_formsets() if fs.id == set_id).form(key)
    for expected in [*EXPECTED[key], *(HEADING if key != "queue_ticket" else [])]:
        assert _flat(expected) in text, f"{expected!r} missing from {key} ({set_id})"
    if key != "queue_ticket":
        assert _flat(spec.title) in text
    if spec.label:
        assert f"{spec.label} - TT {doc.circular}" in text
    assert "MẪU" not in text and "BẢN SAO" not in text
    for font in pdf_fonts(doc.pdf, tmp_path):
        assert font["emb"] == "yes", font
    codes = zbar_codes(doc.pdf, tmp_path)
    if key == "queue_ticket":
        return
    if key in DOSSIER_FORMS and not data.dossier.dossier_code:
        # a supplement or refusal slip of a dossier never accepted: no code, so no QR, no barcode
        assert codes == [] and doc.qr_text == ""
        return
    qrs = [v for k, v in codes if k == "QR-Code"]
    assert qrs == [doc.qr_text]
    payload = verify(qrs[0], [signer.public_key])
    assert payload.document_name == spec.name
    if key in DOSSIER_FORMS:
        assert ("CODE-128", data.dossier.dossier_code) in codes
        assert payload.dossier_code == data.dossier.dossier_code
        assert payload.applicant_id == data.dossier.applicant.id_number
        assert payload.procedure_code == data.dossier.procedure_code


def test_receipt_qr_carries_appointment_and_two_copies(signer, tmp_path):
    """The receipt QR has the appointment date; both copies (liên) carry the same QR."""
    doc = render("receipt", sample("receipt"), signer=signer)
    payload = verify(doc.qr_text, [signer.public_key])
    assert payload.appointment.isoformat() == "2025-12-15"
    assert payload.issued_at.isoformat() == "2025-12-15T09:30:00"
    assert pdf_pages(doc.pdf) == 2
    assert [v for k, v in zbar_codes(doc.pdf, tmp_path, page=2) if k == "QR-Code"] == [doc.qr_text]


@pytest.mark.parametrize(("marking", "word"), [(SAMPLE, "MẪU"), (COPY, "BẢN SAO")])
def test_markings_are_visible(marking, word, signer, tmp_path):
    """Samples show MẪU and reprints BẢN SAO, as text and as visible red ink on every page."""
    doc = render("receipt", sample("receipt"), signer=signer, marking=marking)
    assert doc.is_copy == marking.copy
    assert word in pdf_text(doc.pdf)
    import subprocess

    from PIL import Image

    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-png",
            "-f",
            "2",
            "-l",
            "2",
            "-singlefile",
            "-",
            str(tmp_path / "p"),
        ],
        input=doc.pdf,
        check=True,
    )
    image = Image.open(tmp_path / "p.png").convert("RGB")
    red = _reddish(image)
    assert red > 200, "no red stamp on the second page"
    plain = render("receipt", sample("receipt"), signer=signer, marking=ORIGINAL)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-singlefile", "-", str(tmp_path / "o")],
        input=plain.pdf,
        check=True,
    )
    image = Image.open(tmp_path / "o.png").convert("RGB")
    assert _reddish(image) == 0


def _reddish(image) -> int:
    raw = image.tobytes()
    return sum(1 for i in range(0, len(raw), 3) if raw[i] > 150 and raw[i] - raw[i + 1] >= 25)


def test_text_is_nfc_even_from_decomposed_input(signer):
    """Names typed with combining marks come out precomposed (no colliding stacked accents)."""
    data = sample("refusal")
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    data = dataclasses.replace(
        data,
        dossier=dataclasses.replace(
            data.dossier, applicant=dataclasses.replace(data.dossier.applicant, name=nfd)
        ),
    )
    text = pdf_text(render("refusal", data, signer=signer).pdf)
    assert "Nguyễn Thị Hồng Nhung" in text


def test_form_set_is_chosen_by_date(signer):
    """A dossier received before 15/9/2025 (Circular 03/2025 in force) gets the 2018 forms; after,
    the 2025 forms."""
    from datetime import datetime

    old = dataclasses.replace(sample("apology"), issued_at=datetime(2024, 3, 1, 9, 0))
    assert render("apology", old, signer=signer).form_set == "2018"
    new = render("apology", sample("apology"), signer=signer)
    assert new.form_set == "2025"
    assert "ĐỀ NGHỊ GIA HẠN" in pdf_text(new.pdf)


def test_stop_notice_does_not_exist_in_2018(signer):
    from kiosk.errors import InvalidInput

    with pytest.raises(InvalidInput, match="không có mẫu"):
        render("stop_notice", sample("stop_notice"), signer=signer, form_set="2018")


def test_wrong_data_and_unknown_form_are_refused(signer):
    from kiosk.errors import InvalidInput

    with pytest.raises(InvalidInput):
        render("receipt", sample("refusal"), signer=signer)
    with pytest.raises(InvalidInput):
        render("nonsense", sample("refusal"), signer=signer)


def test_long_checklist_flows_onto_more_pages(signer, tmp_path):
    """A receipt with many items breaks pages instead of drawing off the paper."""
    from printing.data import DocumentLine

    data = dataclasses.replace(
        sample("receipt"),
        items=tuple(
            DocumentLine(f"Giấy tờ số {i} có tên khá dài để xuống dòng trong ô bảng", originals=1)
            for i in range(1, 31)
        ),
    )
    doc = render("receipt", data, signer=signer)
    assert pdf_pages(doc.pdf) >= 4
    text = pdf_text(doc.pdf)
    assert "Giấy tờ số 30" in text and text.count("Tên giấy tờ") >= 4


def test_every_sample_has_a_renderer():
    from printing.render import RENDERERS

    assert set(SAMPLES) == set(RENDERERS)
