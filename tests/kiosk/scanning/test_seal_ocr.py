"""The searchable copy of a sealed paper, made with the real Tesseract (tesseract-ocr-vie)."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor

import pytest
from PIL import Image, ImageDraw, ImageFont

from kiosk.paths import resource
from kiosk.scanning.ocr import SEALED_SHA_KEY, add_text_layer, submit_text_layer
from kiosk.scanning.seal import PageImage, PaperMeta, read_seal_record, seal_paper

META = PaperMeta("000.00.17.H05-261207-0003", "1.001193", "Đăng ký khai sinh", "Giấy chứng sinh")
LINES = ["GIẤY CHỨNG SINH", "Họ và tên mẹ: Nguyễn Thị Hoa", "Nơi sinh: Bệnh viện Đa khoa tỉnh"]
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract-ocr is not installed (bootstrap.sh)"
)


def _sealed() -> bytes:
    img = Image.new("L", (1654, 1169), 255)  # A5 landscape at 200 dpi
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(resource("fonts", "NotoSans-Regular.ttf")), 44)
    for row, line in enumerate(LINES):
        draw.text((160, 200 + row * 110), line, fill=0, font=font)
    buf = io.BytesIO()
    img.convert("1").save(buf, "PNG")
    jpeg = io.BytesIO()
    img.save(jpeg, "JPEG", quality=85)
    g4 = io.BytesIO()  # the pipeline's black-and-white profile: embedded as a CCITT G4 stream
    img.convert("1").save(g4, "TIFF", compression="group4", strip_size=2**31 - 1)
    return seal_paper(
        [
            PageImage.of(buf.getvalue(), "image/png", 200),
            PageImage.of(jpeg.getvalue(), "image/jpeg", 200),
            PageImage.of(g4.getvalue(), "image/tiff", 200),
        ],
        META,
        None,
    )


@pytest.fixture(scope="module")
def sealed():
    return _sealed()


@pytest.mark.slow
@needs_tesseract
def test_searchable_copy_has_the_vietnamese_text_and_points_at_its_original(sealed, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    layer = add_text_layer(sealed)

    assert layer.status == "done", layer.message
    assert layer.message == "Đã tạo lớp chữ tìm kiếm được cho 3 trang."
    assert layer.pages == 3 and layer.pdf is not None
    texts = layer.text.split("\f")
    assert len(texts) == 3
    for text in texts:
        assert "Nguyễn Thị Hoa" in text and "CHỨNG SINH" in text
    path = tmp_path / "search.pdf"
    path.write_bytes(layer.pdf)
    extracted = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True
    ).stdout
    assert "Bệnh viện" in extracted
    info = PdfFileReader(io.BytesIO(layer.pdf)).trailer["/Info"]
    assert str(info[SEALED_SHA_KEY]) == hashlib.sha256(sealed).hexdigest()
    assert read_seal_record(layer.pdf) == read_seal_record(sealed)


def test_without_tesseract_it_is_skipped_and_says_so(sealed, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder with no tesseract in it
    layer = add_text_layer(sealed)
    assert layer.status == "skipped" and layer.pdf is None
    assert layer.message.startswith("Chưa cài Tesseract nên chưa tạo lớp chữ tìm kiếm được")
    assert "Bản đã ký số không bị ảnh hưởng." in layer.message
    assert layer.sealed_sha256 == hashlib.sha256(sealed).hexdigest()


@needs_tesseract
def test_missing_language_data_is_skipped(sealed):
    layer = add_text_layer(sealed, lang="khm")
    assert layer.status == "skipped"
    assert "chưa có dữ liệu ngôn ngữ “khm”" in layer.message


@needs_tesseract
def test_a_damaged_file_fails_without_raising():
    layer = add_text_layer(b"%PDF-1.7 not really")
    assert layer.status == "failed"
    assert layer.message.startswith("Không đọc được ảnh các trang")


@pytest.mark.slow
def test_runs_in_a_background_process_and_reports_back(sealed, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # quick: the worker finds no tesseract
    seen = []
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = submit_text_layer(pool, sealed, on_done=seen.append)
        layer = future.result(timeout=120)
    assert layer.status == "skipped"
    assert seen == [layer]
