import pytest
from PIL import Image

from kiosk.errors import InvalidInput
from kiosk.file_import import file_to_pdf


def test_image_becomes_one_page_pdf(tmp_path):
    path = tmp_path / "giay.jpg"
    Image.new("RGB", (800, 1100), "white").save(path)
    pdf, pages = file_to_pdf(path)
    assert pdf.startswith(b"%PDF") and pages == 1


def test_multipage_tiff_keeps_every_page(tmp_path):
    path = tmp_path / "scan.tiff"
    frames = [Image.new("L", (400, 500), v) for v in (255, 200, 150)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    pdf, pages = file_to_pdf(path)
    assert pages == 3
    out = tmp_path / "o.pdf"
    out.write_bytes(pdf)
    assert file_to_pdf(out)[1] == 3  # the PDF we made reads back with the same page count


@pytest.mark.parametrize(
    "content", [b"not an image", b"\x89PNG\r\n\x1a\nbroken", b"%PDF-1.4 truncated"]
)
def test_corrupt_files_are_refused_in_vietnamese(tmp_path, content):
    path = tmp_path / "x.bin"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match="hỏng|không phải ảnh"):
        file_to_pdf(path)
