"""One sealed, signed PDF per paper: content, metadata, the visible block, tampering, bad input.

Every signature made here is validated with pyHanko's validator (verify_sealed).
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime

import pytest
from PIL import Image, ImageDraw

from kiosk.errors import InvalidInput
from kiosk.scanning.seal import (
    BadPage,
    PageImage,
    PaperMeta,
    SealError,
    paper_sealer,
    read_seal_record,
    seal_paper,
    verify_sealed,
)
from kiosk.signing.software import create_software_key, software_signer
from kiosk.timeutil import VIETNAM, vietnam_now

OFFICER = "Lê Văn Đức"
META = PaperMeta(
    "000.00.17.H05-261207-0001",
    "1.001193",
    "Đăng ký khai sinh",
    "Giấy chứng sinh",
    scanned_at=datetime(2026, 12, 7, 9, 30, tzinfo=VIETNAM),
)
A4_200 = (1654, 2339)  # A4 at 200 dpi


def encoded(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def text_page(mode: str = "L", marker: int = 0) -> Image.Image:
    img = Image.new("L", A4_200, 245)
    draw = ImageDraw.Draw(img)
    for row in range(20):
        draw.rectangle(
            (150, 300 + row * 90, 150 + 60 * ((row + marker) % 20 + 1), 330 + row * 90), 0
        )
    return img.convert(mode)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys") / "seal"
    return software_signer(create_software_key(folder, OFFICER)), folder / "ca.pem"


@pytest.fixture(scope="module")
def three_pages():
    return [
        PageImage.of(encoded(text_page("1", 0), "PNG"), "image/png", 200),
        PageImage.of(encoded(text_page("L", 1), "JPEG", quality=70), "image/jpeg", 200),
        PageImage.of(encoded(text_page("RGB", 2), "PNG"), "image/png", 300),
    ]


@pytest.fixture(scope="module")
def sealed(keys, three_pages):
    signer, _ = keys
    return seal_paper(three_pages, META, signer)


def test_the_sealed_paper_validates_with_signer_and_time(keys, sealed):
    _, root = keys
    before = vietnam_now()
    report = verify_sealed(sealed, [root])
    assert report.ok, report.problems
    assert report.signed and report.intact and report.valid and report.trusted
    assert report.whole_file and report.pages_match
    assert report.signer_name == OFFICER
    assert report.signing_time is not None
    assert report.signing_time.utcoffset().total_seconds() == 7 * 3600
    assert abs((before - report.signing_time).total_seconds()) < 600


def test_metadata_names_the_paper_and_every_page_hash(sealed, three_pages):
    record = read_seal_record(sealed)
    assert record["dossier_code"] == META.dossier_code
    assert record["procedure_code"] == "1.001193"
    assert record["procedure_name"] == "Đăng ký khai sinh"
    assert record["item"] == "Giấy chứng sinh"
    assert record["scanned_at"] == "2026-12-07T09:30:00+07:00"
    assert record["page_count"] == 3
    assert [p["sha256"] for p in record["pages"]] == [p.sha256 for p in three_pages]
    assert [p["dpi"] for p in record["pages"]] == [200, 200, 300]
    # a scanned JPEG goes in byte for byte
    assert record["pages"][1]["image_sha256"] == three_pages[1].sha256


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils")
def test_pdf_version_sizes_fonts_and_info(tmp_path, sealed):
    path = tmp_path / "paper.pdf"
    path.write_bytes(sealed)
    info = subprocess.run(["pdfinfo", "-l", "3", str(path)], capture_output=True, text=True).stdout
    info = re.sub(r"[ \t]+", " ", info)
    assert "PDF version: 1.7" in info
    assert "Title: Giấy chứng sinh — hồ sơ 000.00.17.H05-261207-0001" in info
    assert "1.001193 Đăng ký khai sinh; 3 trang; 200/300 dpi" in info
    assert "Metadata Stream: yes" in info
    assert "Page 1 size: 595.44 x 914.04 pts" in info  # A4 and the block's blank inch above
    assert "Page 2 size: 595.44 x 842.04 pts (A4)" in info  # pixels / dpi
    assert "Page 3 size: 396.96 x 561.36 pts" in info  # the same pixels at 300 dpi
    xmp = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
    assert "Giấy chứng sinh — hồ sơ 000.00.17.H05-261207-0001</rdf:li>" in xmp  # dc:title
    assert "pdf:keywords" not in xmp  # pyHanko's spelling is not the PDF schema's
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes yes " in row for row in rows), fonts  # embedded subsets only
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    kinds = [line.split()[5:9] for line in images.stdout.splitlines()[2:]]
    assert kinds == [
        ["gray", "1", "1", "image"],  # black and white stays 1 bit per pixel
        ["gray", "1", "8", "jpeg"],
        ["rgb", "3", "8", "image"],
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
def test_visible_block_top_left_of_page_one(tmp_path, sealed):
    path = tmp_path / "paper.pdf"
    path.write_bytes(sealed)
    # the top-left quarter of page 1 (points at 72 dpi)
    corner = subprocess.run(
        [
            "pdftotext",
            "-f",
            "1",
            "-l",
            "1",
            "-x",
            "0",
            "-y",
            "0",
            "-W",
            "300",
            "-H",
            "100",
            str(path),
            "-",
        ],
        capture_output=True,
        text=True,
    ).stdout
    assert f"Người số hóa: {OFFICER}" in corner
    assert "Thời gian ký:" in corner and "(UTC+0700)" in corner
    page2 = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(path), "-"], capture_output=True, text=True
    ).stdout
    assert "Người số hóa" not in page2


def test_any_changed_byte_in_a_page_fails(keys, sealed):
    _, root = keys
    record = read_seal_record(sealed)
    assert record
    tampered = bytearray(sealed)
    tampered[len(sealed) // 2] ^= 0x01
    report = verify_sealed(bytes(tampered), [root])
    assert not report.ok
    assert not report.intact


def test_a_revision_added_after_signing_fails(keys, sealed):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    _, root = keys
    from pyhanko.pdf_utils.generic import pdf_name

    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    writer.root[pdf_name("/PageMode")] = pdf_name("/FullScreen")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    assert len(out.getvalue()) > len(sealed)
    report = verify_sealed(out.getvalue(), [root])
    assert report.intact and not report.whole_file
    assert not report.ok
    assert "Tệp có nội dung được thêm vào sau khi ký." in report.problems


def test_unsigned_paper_is_complete_but_reported_unsigned(three_pages):
    pdf = seal_paper(three_pages, META, None)
    report = verify_sealed(pdf, [])
    assert report.pages_match and not report.signed and not report.ok
    assert report.problems == ["Tệp không có chữ ký số."]


def test_page_order_is_kept(three_pages):
    reordered = [three_pages[2], three_pages[0], three_pages[1]]
    record = read_seal_record(seal_paper(reordered, META, None))
    assert [p["sha256"] for p in record["pages"]] == [p.sha256 for p in reordered]


@dataclass(frozen=True)
class ProcessedPageLike:
    """What the pipeline hands over (kiosk.scanning.pipeline.ProcessedPage's attributes)."""

    data: bytes
    mime: str
    width: int
    height: int
    dpi: int
    sha256: str


def test_accepts_pipeline_pages_and_flattens_transparency():
    rgba = Image.new("RGBA", (800, 1100), (255, 0, 0, 0))
    data = encoded(rgba, "PNG")
    page = ProcessedPageLike(data, "image/png", 800, 1100, 200, hashlib.sha256(data).hexdigest())
    pdf = seal_paper([page], META, None)
    assert b"/SMask" not in pdf  # PDF/A: no transparency
    assert verify_sealed(pdf, []).pages_match


def test_no_pages():
    with pytest.raises(SealError, match="Chưa có trang nào"):
        seal_paper([], META, None)


def test_corrupt_image_is_a_bad_page():
    junk = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50
    with pytest.raises(BadPage, match="Trang 1 không đọc được") as caught:
        seal_paper([PageImage.of(junk, "image/png", 200)], META, None)
    assert isinstance(caught.value, InvalidInput)


def test_truncated_jpeg_is_a_bad_page(three_pages):
    cut = three_pages[1].data[: len(three_pages[1].data) // 2]
    with pytest.raises(BadPage, match="Trang 2 không đọc được"):
        seal_paper([three_pages[0], PageImage.of(cut, "image/jpeg", 200)], META, None)


def test_checksum_mismatch_and_bad_resolution(three_pages):
    changed = PageImage(three_pages[0].data, "image/png", 200, "0" * 64)
    with pytest.raises(BadPage, match="không khớp mã kiểm tra SHA-256"):
        seal_paper([changed], META, None)
    with pytest.raises(BadPage, match="độ phân giải không hợp lệ"):
        seal_paper([PageImage.of(three_pages[0].data, "image/png", 0)], META, None)


def test_missing_dossier_code():
    meta = PaperMeta("  ", "1.001193", "Đăng ký khai sinh", "Giấy chứng sinh")
    with pytest.raises(SealError, match="Thiếu mã hồ sơ"):
        seal_paper([PageImage.of(encoded(text_page(), "PNG"), "image/png", 200)], meta, None)


def test_not_a_pdf_is_reported_not_raised():
    report = verify_sealed(b"%PDF-1.7 nothing", [])
    assert not report.ok and report.problems == ["Tệp không phải PDF hợp lệ hoặc đã bị hỏng."]


# --- what the reader sees is what was scanned ------------------------------------------------


def _marked(size=(600, 840)) -> Image.Image:
    """A page with a black block near its top-left corner only."""
    img = Image.new("L", size, 255)
    ImageDraw.Draw(img).rectangle((40, 40, 200, 160), 0)
    return img


def _render(pdf: bytes, tmp_path, dpi: int):
    import numpy as np

    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", str(path), str(tmp_path / "r")], check=True
    )
    return [np.asarray(Image.open(p)) for p in sorted(tmp_path.glob("r-*.pgm"))]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")
def test_every_kind_of_page_renders_as_scanned(tmp_path):
    import numpy as np

    img = _marked()
    bw = img.convert("1")
    sources = [
        (encoded(bw, "TIFF", compression="group4", strip_size=2**31 - 1), "image/tiff"),
        (encoded(bw, "PNG"), "image/png"),
        (encoded(img, "JPEG", quality=90), "image/jpeg"),
        (encoded(img.convert("RGB"), "PNG"), "image/png"),
    ]
    pages = [PageImage.of(data, mime, 200) for data, mime in sources]
    pdf = seal_paper(pages, META, None)
    path = tmp_path / "kinds.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    encodings = [line.split()[8] for line in listing.stdout.splitlines()[2:]]
    assert encodings == ["ccitt", "image", "jpeg", "image"]  # G4 and JPEG kept as scanned
    record = read_seal_record(pdf)
    assert record["pages"][0]["image_sha256"] != pages[0].sha256  # the strip, not the TIFF
    for rendered in _render(pdf, tmp_path, 200):
        assert rendered.shape == (840, 600)
        assert np.abs(rendered.astype(int) - np.asarray(img).astype(int)).mean() < 2


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")
def test_a_turned_page_is_sealed_upright(tmp_path):
    @dataclass(frozen=True)
    class Turned:
        data: bytes
        mime: str
        dpi: int
        sha256: str
        rotation: int

    img = _marked()
    jpeg = encoded(img, "JPEG", quality=90)
    tiff = encoded(img.convert("1"), "TIFF", compression="group4", strip_size=2**31 - 1)
    pages = [
        Turned(jpeg, "image/jpeg", 200, hashlib.sha256(jpeg).hexdigest(), 90),
        Turned(tiff, "image/tiff", 200, hashlib.sha256(tiff).hexdigest(), 270),
    ]
    pdf = seal_paper(pages, META, None)
    right, left = _render(pdf, tmp_path, 200)
    assert right.shape == left.shape == (600, 840)  # landscape now
    # turned clockwise, the block near the top-left is now near the top-right; the other way,
    # near the bottom-left
    assert right[45:195, -155:-45].mean() < 10 and right[45:195, 45:155].mean() > 245
    assert left[-195:-45, 45:155].mean() < 10 and left[45:195, 45:155].mean() > 245
    assert [p["rotation"] for p in read_seal_record(pdf)["pages"]] == [90, 270]
    assert verify_sealed(pdf, []).pages_match


def _to_the_top_edge(size=(1654, 2339)) -> Image.Image:
    """An A4 page at 200 dpi printed to its top and left edges: bars of text with white gaps."""
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    for row in range(0, size[1], 40):
        draw.rectangle((0, row, size[0] - (row * 3) % 700, row + 17), 0)
    return img


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")
def test_the_signature_block_never_hides_the_scan(keys, tmp_path):
    import numpy as np

    signer, root = keys
    img = _to_the_top_edge()
    page = PageImage.of(encoded(img, "PNG"), "image/png", 200)
    pdf = seal_paper([page, page], META, signer)
    assert verify_sealed(pdf, [root]).ok  # still a valid signature over the whole file

    first, second = _render(pdf, tmp_path, 200)
    strip = 200  # BLOCK_STRIP, 1 inch, at 200 dpi
    assert first.shape == (2339 + strip, 1654) and second.shape == (2339, 1654)
    scan = np.asarray(img).astype(int)
    # the scan is below the strip as it was (poppler may shift a bar's edge by a row when it
    # scales an image: a mean difference of a few levels), and its top-left corner, where the
    # block sat before (mean difference 8.5 there), is untouched
    assert np.abs(first[strip:].astype(int) - scan).mean() < 8
    assert np.abs(first[strip : strip + 300, :800].astype(int) - scan[:300, :800]).mean() < 2
    # the block is on the blank strip: its border and text are there, nothing else is
    block = first[:strip, :800]
    assert (block < 128).sum() > 2000 and first[:strip, 800:].min() == 255
    assert np.abs(second.astype(int) - scan).mean() < 8  # no block, no strip past page 1

    record, unsigned = read_seal_record(pdf), read_seal_record(seal_paper([page], META, None))
    assert record["block_strip_pt"] == 72.0 and "block_strip_pt" not in unsigned
    assert record["pages"][0] == unsigned["pages"][0]  # the page's hashes, size, dpi: as scanned


def test_a_rotation_that_is_not_a_right_angle_is_refused(three_pages):
    @dataclass(frozen=True)
    class Askew:
        data: bytes
        mime: str
        dpi: int
        sha256: str
        rotation: int = 45

    page = three_pages[0]
    with pytest.raises(BadPage, match="góc xoay không hợp lệ"):
        seal_paper([Askew(page.data, page.mime, 200, page.sha256)], META, None)


def test_sealer_for_the_page_store_reads_its_seal_meta(keys, three_pages):
    @dataclass(frozen=True)
    class StoreMeta:  # kiosk.scanning.pages.SealMeta's fields
        dossier_id: str
        dossier_code: str | None
        procedure_code: str
        procedure_name: str
        item_name: str
        officer_name: str
        sealed_at: datetime
        page_sha256: tuple[str, ...]
        dpi: int

    signer, root = keys
    meta = StoreMeta(
        "5b0c6a1e-0000-4000-8000-000000000001",
        None,  # a draft has no dossier code yet
        "1.001193",
        "Đăng ký khai sinh",
        "Giấy chứng sinh (bản chính)",
        OFFICER,
        datetime(2026, 12, 7, 10, 0, tzinfo=VIETNAM),
        tuple(p.sha256 for p in three_pages[:1]),
        200,
    )
    pdf = paper_sealer(signer)(three_pages[:1], meta)
    report = verify_sealed(pdf, [root])
    assert report.ok, report.problems
    assert report.meta["dossier_code"] == report.meta["dossier_id"] == meta.dossier_id
    assert report.meta["item"] == "Giấy chứng sinh (bản chính)"


def test_the_second_scan_of_a_handwritten_page_is_recorded(three_pages):
    @dataclass(frozen=True)
    class StorePage:  # kiosk.scanning.pages.SealPage
        data: bytes
        mime: str
        rotation: int
        sha256: str
        dpi: int
        second_scan: bool

    page = three_pages[0]
    pages = [
        StorePage(page.data, page.mime, 0, page.sha256, 200, False),
        StorePage(page.data, page.mime, 0, page.sha256, 200, True),
    ]
    record = read_seal_record(seal_paper(pages, META, None))
    assert [p["second_scan"] for p in record["pages"]] == [False, True]
