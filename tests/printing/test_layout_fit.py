"""What a reader sees stays where it belongs: a very long name wraps inside its signature block,
the line above a table keeps clear of it, and the supplement slip says whom to ask (or nothing)
and, for a dossier with no code yet, no QR (rather than one with an empty HS=). Proved on the
rendered PDF with poppler and zbar."""

from __future__ import annotations

import dataclasses
import html
import re
import subprocess

import pytest
from PIL import Image

from printing import render
from printing.data import Agency
from printing.dossier_documents import supplement_contact
from printing.samples import sample
from tests.printing.conftest import _need, pdf_text, zbar_codes

LONG_NAME = (
    "Công ty trách nhiệm hữu hạn một thành viên thương mại dịch vụ xuất nhập khẩu "
    "nông lâm thủy sản và phát triển hạ tầng kỹ thuật khu công nghiệp Nghi Sơn chi "
    "nhánh tỉnh Thanh Hóa văn phòng đại diện tại phường Hạc Thành do ông Nguyễn Văn "
    "Anh làm đại diện theo pháp luật ủy quyền cho bà Trần Thị Bích Ngọc và bà An"
)
assert len(LONG_NAME) == 309
NUM = r'"([\d.]+)"'
WORD = re.compile(rf"<word xMin={NUM} yMin={NUM} xMax={NUM} yMax={NUM}>(.*?)</word>")


def words(pdf: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Every word of every page with its box (points, y down), as pdftotext -bbox reads it."""
    out = subprocess.run(
        [_need("pdftotext"), "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [
        [
            (float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in WORD.findall(page)
        ]
        for page in out.split("<page ")[1:]
    ]


def overlaps(page, slack=0.3):
    found = []
    for i, (ax0, ay0, ax1, ay1, at) in enumerate(page):
        for bx0, by0, bx1, by1, bt in page[i + 1 :]:
            if min(ax1, bx1) - max(ax0, bx0) > slack and min(ay1, by1) - max(ay0, by0) > slack:
                found.append((at, bt))
    return found


def receipt_for(name: str):
    data = sample("receipt")
    dossier = dataclasses.replace(
        data.dossier, applicant=dataclasses.replace(data.dossier.applicant, name=name)
    )
    return dataclasses.replace(data, dossier=dossier)


@pytest.mark.parametrize("name", [LONG_NAME, "X" * 309], ids=["words", "one-word"])
def test_a_309_character_name_stays_inside_its_signature_block(name, signer):
    pdf = render("receipt", receipt_for(name), signer=signer).pdf
    pages = words(pdf)
    page_width = 419.5  # A5
    for page in pages:
        assert overlaps(page) == []  # no word drawn over another (the officer's name included)
        assert all(x0 >= 0 and x1 <= page_width for x0, _, x1, _, _ in page)
    mid = page_width / 2
    signed = [p for p in pages if any(w[4] == "NGƯỜI" for w in p)]
    assert signed
    for page in signed:  # between the "(Ký và ghi rõ họ tên)" hints and the note below
        hint = max(w[3] for w in page if w[4] == "tên)")
        note = min([w[1] for w in page if w[4] == "Ghi"] or [1e9])
        block = [w for w in page if hint < w[1] < note]
        officer = [w for w in block if w[0] > mid]
        assert [w[4] for w in officer] == ["Lê", "Văn", "Phúc"]  # whole, alone in its half
        assert len({round(w[1]) for w in officer}) == 1  # on one line
        applicant = [w for w in block if w not in officer]
        assert applicant and all(w[2] <= mid + 1 for w in applicant)
    flat = " ".join(pdf_text(pdf).split())
    if " " in name:
        assert "Bích Ngọc và bà An" in flat and "Lê Văn Phúc" in flat


def test_the_line_before_a_table_keeps_clear_of_it(signer, tmp_path):
    """At 300 dpi at least 0.5 mm of white lies between the ink of "1. Thành phần hồ sơ nộp gồm:"
    (its descenders) and the top rule of the table."""
    pdf = render("receipt", sample("receipt"), signer=signer).pdf
    line = next(w for w in words(pdf)[0] if w[4] == "gồm:")
    first = min((w for w in words(pdf)[0] if abs(w[1] - line[1]) < 0.5), key=lambda w: w[0])
    subprocess.run(
        [
            _need("pdftoppm"),
            "-r",
            "300",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "-",
            str(tmp_path / "p"),
        ],
        input=pdf,
        check=True,
    )
    img = Image.open(tmp_path / "p.png").convert("L")
    scale = 300 / 72
    x0, x1 = int(first[0] * scale), int(line[2] * scale)  # "1. Thành phần hồ sơ nộp gồm:"
    row = lambda y: [img.getpixel((x, y)) for x in range(x0, x1)]  # noqa: E731
    y = int(line[1] * scale)
    while min(row(y)) > 128 or sum(p < 128 for p in row(y)) < 0.9 * (x1 - x0):
        y += 1  # down to the table's top rule (a dark row across the whole span)
    rule = y
    y -= 1
    while min(row(y)) > 200:
        y -= 1  # up through white to the lowest ink of the line
    assert (rule - y - 1) / 300 * 25.4 >= 0.5  # it was 0: the descenders cut the rule


def test_supplement_says_whom_to_ask_and_has_no_qr_without_a_code(signer, tmp_path):
    data = sample("supplement")
    data = dataclasses.replace(
        data,
        dossier=dataclasses.replace(data.dossier, dossier_code=""),
        contact="Lê Văn Phúc, điện thoại 0237 3852 000",
    )
    doc = render("supplement", data, signer=signer)
    flat = " ".join(pdf_text(doc.pdf).split())
    assert "liên hệ với Lê Văn Phúc, điện thoại 0237 3852 000 để được hướng dẫn" in flat
    assert "..." not in flat and "…" not in flat
    assert doc.qr_text == "" and zbar_codes(doc.pdf, tmp_path) == []  # no QR, no empty HS=

    unknown = render("supplement", dataclasses.replace(data, contact=""), signer=signer)
    flat = " ".join(pdf_text(unknown.pdf).split())
    assert "liên hệ" not in flat and "Hồ sơ chỉ phải bổ sung một lần" in flat


def test_supplement_with_a_code_keeps_its_signed_qr(signer, tmp_path):
    dossier = sample("receipt").dossier  # an accepted dossier's code and applicant
    doc = render(
        "supplement", dataclasses.replace(sample("supplement"), dossier=dossier), signer=signer
    )
    [qr] = [text for kind, text in zbar_codes(doc.pdf, tmp_path) if kind == "QR-Code"]
    assert f"HS={dossier.dossier_code}" in qr


def test_supplement_contact_comes_from_the_office():
    office = Agency(
        name="Trung tâm Phục vụ hành chính công phường Hạc Thành", phone="0237 3852 000"
    )
    assert supplement_contact("Lê Văn Phúc", office) == "Lê Văn Phúc, điện thoại 0237 3852 000"
    assert supplement_contact("", office) == f"{office.name}, điện thoại 0237 3852 000"
    assert supplement_contact("Lê Văn Phúc", Agency(name="X")) == "Lê Văn Phúc"
    assert supplement_contact(" ", Agency(name="")) == ""
