"""The page pipeline on generated scans: crop, deskew, blank flags, profiles, thumbnails."""

from __future__ import annotations

import functools
import hashlib
import io
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
from PIL import Image, ImageDraw

from kiosk.errors import InvalidInput
from kiosk.scanning.pipeline import ProcessedPage, process_page
from tests.kiosk.scanning.generated_scans import A4_MM, encoded, page

DPI = 200
A4 = tuple(round(mm / 25.4 * DPI) for mm in A4_MM)  # (1654, 2339)
FACTOR = 2  # the analysis copy is 100 dpi: boxes are found to 2 px at 200 dpi


def run(image: Image.Image, **options) -> ProcessedPage:
    options.setdefault("dpi", DPI)
    return process_page(encoded(image), **options)


def decoded(result: ProcessedPage) -> Image.Image:
    image = Image.open(io.BytesIO(result.data))
    image.load()
    return image


def test_a_text_page_comes_out_as_a_grey_jpeg_with_its_hash_and_a_thumbnail():
    result = run(page(dpi=DPI))
    assert result.mime == "image/jpeg" and result.profile == "gray" and result.dpi == DPI
    assert result.sha256 == hashlib.sha256(result.data).hexdigest()
    image = decoded(result)
    assert image.mode == "L" and image.size == (result.width, result.height) == A4
    assert image.info["dpi"] == (DPI, DPI)
    with Image.open(io.BytesIO(result.thumbnail_png)) as thumb:
        assert thumb.format == "PNG" and thumb.width == 160
        assert abs(thumb.height - 160 * A4[1] / A4[0]) <= 1
    assert not result.blank and not result.deskewed
    assert result.crop_box == (0, 0, *A4)  # no scanner bed around it: nothing cut


def test_the_result_pickles_for_the_process_pool():
    result = run(page(dpi=DPI, lines=3))
    assert pickle.loads(pickle.dumps(result)) == result


def test_it_runs_in_a_spawned_process_pool_with_its_options_bound():
    data = encoded(page(dpi=DPI, lines=3, border_mm=8))
    job = functools.partial(process_page, profile="bw", dpi=DPI)
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        remote = pool.submit(job, data).result(timeout=120)
    assert remote == job(data)


# --- crop to the paper -------------------------------------------------------------------------


@pytest.mark.parametrize("border_mm", [6, 15])
def test_the_scanner_bed_around_the_paper_is_cropped_off(border_mm):
    b = round(border_mm / 25.4 * DPI)
    result = run(page(dpi=DPI, border_mm=border_mm))
    left, top, right, bottom = result.crop_box
    assert abs(left - b) <= FACTOR and abs(top - b) <= FACTOR
    assert abs(right - (b + A4[0])) <= FACTOR and abs(bottom - (b + A4[1])) <= FACTOR
    assert (result.width, result.height) == (right - left, bottom - top)
    edges = np.asarray(decoded(result))
    # no strip of the dark bed is left on any side (the paper is off-white)
    for strip in (edges[:, :2], edges[:, -2:], edges[:2], edges[-2:]):
        assert strip.mean() > 200


def test_a_white_page_with_a_dark_picture_in_the_middle_is_kept_whole():
    scan = page(dpi=DPI, lines=3)
    ImageDraw.Draw(scan).rectangle((250, 500, 1400, 1900), fill=(50, 45, 40))  # a dark photo
    result = run(scan)
    assert result.crop_box == (0, 0, *A4) and (result.width, result.height) == A4
    assert not result.blank
    photo = np.asarray(decoded(result))[600:1800, 350:1300]
    assert 45 <= photo.mean() <= 70  # the picture keeps its tone (the paper round it whitened)


def test_a_page_that_is_all_picture_is_not_whitened_away():
    scan = page(dpi=DPI, lines=0).convert("L")
    pixels = (np.asarray(scan).astype(np.float32) * 0.5).astype(np.uint8)  # a dark photo page
    result = run(Image.fromarray(pixels, "L"))
    out = np.asarray(decoded(result)).astype(np.float32)
    assert abs(out.mean() - pixels.mean()) < 3  # no level stretched towards white
    assert np.percentile(out, 99) < 160


def test_grey_paper_on_a_white_lid_is_kept_with_the_lid_around_it():
    scan = page(dpi=DPI, border_mm=10).convert("L")
    pixels = np.asarray(scan).copy()
    bed = pixels < 120
    pixels[bed] = 252  # a white lid; the paper (about 240) is darker
    pixels[~bed] = (pixels[~bed] * 0.8).astype(np.uint8)  # grey recycled paper, about 190
    result = run(Image.fromarray(pixels, "L"))
    assert result.crop_box == (0, 0, *scan.size)  # a light frame is never taken for a bed


def test_a_small_paper_on_a_large_bed_is_found():
    bed = Image.new("RGB", (A4[0], A4[1]), (40, 40, 45))
    card = page(dpi=DPI, lines=4).crop((0, 0, 700, 450))  # an ID-card-sized cut of paper
    bed.paste(card, (300, 500))
    result = run(bed)
    box = result.crop_box
    assert all(abs(a - e) <= FACTOR for a, e in zip(box, (300, 500, 1000, 950), strict=True))


# --- deskew ------------------------------------------------------------------------------------


def test_a_page_turned_by_0_2_degrees_is_measured_and_left_alone():
    result = run(page(dpi=DPI, angle=0.2))
    assert abs(result.skew_degrees - 0.2) <= 0.15
    assert not result.deskewed
    assert (result.width, result.height) == A4


@pytest.mark.parametrize("angle", [2.0, -2.0, 4.5])
def test_a_page_turned_by_a_few_degrees_is_straightened(angle):
    result = run(page(dpi=DPI, angle=angle))
    assert abs(result.skew_degrees - angle) <= 0.15
    assert result.deskewed
    again = process_page(result.data, dpi=DPI)  # measure the output: the lines are level now
    assert abs(again.skew_degrees) <= 0.15 and not again.deskewed


def test_the_corners_a_turn_uncovers_are_paper_coloured_in_colour_too():
    result = run(page(dpi=DPI, angle=2, lines=10), profile="color")
    assert result.deskewed
    image = decoded(result)
    for corner in ((2, 2), (image.width - 3, 2), (2, image.height - 3)):
        r, g, b = image.getpixel(corner)
        assert min(r, g, b) > 200 and max(r, g, b) - min(r, g, b) < 20  # white, not tinted
    with Image.open(io.BytesIO(result.thumbnail_png)) as thumb:
        r, g, b = thumb.convert("RGB").getpixel((0, 0))
        assert min(r, g, b) > 200 and max(r, g, b) - min(r, g, b) < 20


def test_a_crooked_page_on_the_bed_is_straightened_then_cropped_to_the_paper():
    result = run(page(dpi=DPI, angle=-2, border_mm=10))
    assert abs(result.skew_degrees + 2) <= 0.15 and result.deskewed
    # once straight, the paper is an upright A4 rectangle again
    assert abs(result.width - A4[0]) <= 3 * FACTOR and abs(result.height - A4[1]) <= 3 * FACTOR
    edges = np.asarray(decoded(result))
    for strip in (edges[:, :3], edges[:, -3:], edges[:3], edges[-3:]):
        assert strip.mean() > 200


def test_a_page_without_lines_of_text_is_not_turned():
    photo = Image.new("L", A4, 235)
    ImageDraw.Draw(photo).ellipse((300, 400, 1300, 1400), fill=60)  # a round stamp, no lines
    result = run(photo)
    assert not result.deskewed


# --- blank pages -------------------------------------------------------------------------------


def test_an_empty_off_white_page_with_scanner_noise_is_flagged_blank():
    assert run(page(dpi=DPI, lines=0, noise=8)).blank


def test_an_empty_page_on_the_bed_is_flagged_blank_and_still_kept():
    result = run(page(dpi=DPI, lines=0, border_mm=8))
    assert result.blank
    assert result.data and decoded(result).size == (result.width, result.height)


@pytest.mark.parametrize("dpi", [200, 300])
def test_dust_specks_do_not_make_a_page_written(dpi):
    scan = page(dpi=dpi, lines=0, seed=3)
    pixels = np.asarray(scan).copy()
    rng = np.random.default_rng(1)
    side = dpi // 100  # 0.25 mm specks, sixty of them
    for y, x in zip(rng.integers(dpi, pixels.shape[0] - dpi, 60), rng.integers(dpi, 1400, 60)):
        pixels[y : y + side, x : x + side] = 30
    assert process_page(encoded(Image.fromarray(pixels, "RGB")), dpi=dpi).blank


def _stroke(dpi: int, grey: int) -> Image.Image:
    scan = page(dpi=dpi, lines=0)
    ImageDraw.Draw(scan).line(
        [(2 * dpi, 3 * dpi), (3 * dpi, 3 * dpi - dpi // 10), (4 * dpi, 3 * dpi)],
        fill=(grey,) * 3,
        width=max(1, dpi // 150),
    )
    return scan


@pytest.mark.parametrize("dpi", [200, 300, 600])
def test_a_thin_pencil_stroke_is_not_blank(dpi):
    assert not process_page(encoded(_stroke(dpi, 150)), dpi=dpi).blank


def test_faint_show_through_from_the_back_is_still_blank():
    assert run(_stroke(DPI, 208)).blank


@pytest.mark.parametrize("text", ["Trang 2", "x"])
def test_a_little_text_on_off_white_paper_is_not_blank(text):
    assert not run(page(dpi=DPI, lines=1, text=text)).blank


def test_a_short_handwritten_note_in_blue_is_not_blank():
    scan = page(dpi=DPI, lines=0)
    draw = ImageDraw.Draw(scan)
    draw.line([(600, 1200), (700, 1180), (760, 1230), (900, 1170)], fill=(40, 60, 170), width=4)
    assert not run(scan).blank


def test_a_page_mostly_covered_in_dark_squares_is_not_blank():
    # like SANE's test scanner "Grid": most of the page is not paper, so the sensor noise is
    # judged near the paper's level only (the spread of the whole page would hide every mark)
    tone = (np.arange(A4[1])[:, None] // 80 + np.arange(A4[0])[None, :] // 80) % 3
    squares = np.choose(tone, [0, 128, 255]).astype(np.uint8)
    assert not run(Image.fromarray(squares, "L")).blank


# --- profiles and sizes ------------------------------------------------------------------------


@pytest.mark.parametrize("angle,border_mm", [(0, 0), (2, 8), (-3, 10)])
def test_black_and_white_is_a_one_bit_g4_tiff_under_80_kb_for_an_a4_text_page_at_300_dpi(
    angle, border_mm
):
    # 40 lines of 11 pt Vietnamese (about 3,500 characters): a dense page, straight or crooked
    scan = page(dpi=300, angle=angle, border_mm=border_mm)
    result = process_page(encoded(scan), profile="bw", dpi=300)
    assert result.mime == "image/tiff"
    image = decoded(result)
    assert image.mode == "1" and image.info["compression"] == "group4"
    assert image.info["dpi"] == (300, 300)
    assert len(result.data) <= 80 * 1024
    ink = 1 - np.asarray(image, dtype=np.float32).mean()
    assert 0.01 < ink < 0.2  # the text is there, the paper is white (no noise turned black)


@pytest.mark.parametrize("angle,border_mm", [(2, 8), (-3.5, 0)])
def test_black_and_white_of_a_crooked_page_has_the_bits_of_a_bilinear_turn_and_threshold(
    angle, border_mm
):
    # the fast turn interpolates only letter edges; its bits are Pillow's but for the half pixel
    # along the scan's own edge (where Pillow gives the fill)
    from kiosk.scanning.imageops import _rotation, _turned_bw

    scan = page(dpi=DPI, angle=angle, border_mm=border_mm, lines=20).convert("L")
    matrix, size = _rotation(scan.size, -angle)
    cut, fill = 150, 45
    turned = scan.transform(
        size, Image.Transform.AFFINE, matrix, Image.Resampling.BILINEAR, fillcolor=fill
    )
    pillow = turned.point([255 if v > cut else 0 for v in range(256)], "1")
    ours = _turned_bw(np.asarray(scan), tuple(matrix), size, cut, fill)
    assert ours.mode == "1" and ours.size == size
    expected, got = np.asarray(pillow), np.asarray(ours)
    assert 0.01 < 1 - expected.mean() < 0.5  # there is text (and bed) to get wrong
    ys, xs = np.nonzero(expected != got)
    a, b, c, d, e, f = matrix
    x, y = a * (xs + 0.5) + b * (ys + 0.5) + c, d * (xs + 0.5) + e * (ys + 0.5) + f
    from_edge = np.minimum.reduce(
        [np.abs(x), np.abs(y), np.abs(x - scan.width), np.abs(y - scan.height)]
    )
    assert from_edge.size == 0 or from_edge.max() <= 0.51


def test_black_and_white_of_an_empty_page_has_no_noise_left():
    result = process_page(encoded(page(dpi=300, lines=0, noise=8)), profile="bw", dpi=300)
    assert np.asarray(decoded(result)).mean() > 0.9999
    assert len(result.data) < 8 * 1024


def test_colour_keeps_a_red_stamp_red_and_grey_makes_it_grey():
    scan = page(dpi=DPI, lines=2, color=True)
    stamp = (A4[0] - 3 * 197 + 94, 197 + 94)  # the red disc generated_scans.page draws
    colour = decoded(run(scan, profile="color"))
    assert colour.mode == "RGB"
    r, g, b = colour.getpixel(stamp)
    assert r > 150 and g < 90 and b < 90
    grey = decoded(run(scan, profile="gray"))
    assert grey.mode == "L" and 60 < grey.getpixel(stamp) < 140


def test_grey_turns_the_off_white_paper_white_and_keeps_the_ink_dark():
    image = np.asarray(decoded(run(page(dpi=DPI))))
    assert np.median(image) >= 250
    assert image.min() < 60


def test_the_officers_rotation_is_clockwise():
    scan = page(dpi=DPI, lines=0, noise=0)
    ImageDraw.Draw(scan).rectangle((100, 100, 300, 300), fill=(0, 0, 0))  # a mark top-left
    result = run(scan, rotation=90)
    assert (result.width, result.height) == (A4[1], A4[0])
    image = decoded(result)
    assert image.getpixel((A4[1] - 200, 200)) < 50  # now top-right
    assert image.getpixel((200, 200)) > 200
    assert (run(scan, rotation=-270).width, run(scan, rotation=450).width) == (A4[1], A4[1])


# --- what it reads, and what it refuses ---------------------------------------------------------


@pytest.mark.parametrize(
    "mode,fmt", [("RGBA", "PNG"), ("P", "GIF"), ("1", "TIFF"), ("I;16", "TIFF"), ("CMYK", "JPEG")]
)
def test_other_image_modes_are_read(mode, fmt):
    scan = page(dpi=DPI, lines=5, noise=0).convert("L")
    if mode == "I;16":
        source = Image.fromarray(np.asarray(scan).astype(np.uint16) * 257)
    else:
        source = scan.convert(mode)
    result = process_page(encoded(source, fmt), dpi=DPI)
    assert (result.width, result.height) == A4 and not result.blank


def test_only_the_first_frame_of_a_multi_page_tiff_is_the_page():
    first, second = page(dpi=DPI, lines=5), page(dpi=DPI, lines=0)
    out = io.BytesIO()
    first.save(out, "TIFF", save_all=True, append_images=[second])
    assert not process_page(out.getvalue(), dpi=DPI).blank


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "Không đọc được ảnh"),
        (b"%PDF-1.4 not an image", "Không đọc được ảnh"),
        (encoded(page(dpi=DPI))[:5000], "Không đọc được ảnh"),  # cut short in transfer
        (encoded(Image.new("L", (40, 60), 240)), "quá nhỏ"),
    ],
)
def test_unreadable_bytes_are_refused_in_vietnamese(data, message):
    with pytest.raises(InvalidInput, match=message) as caught:
        process_page(data)
    assert caught.value.english and caught.value.english != caught.value.message


def test_an_image_claiming_a_huge_size_is_refused_before_it_is_decoded():
    header = encoded(Image.new("L", (200, 200), 240), "PNG")
    # a PNG whose header says 60 000 × 60 000 (3.6 Gpx): refused from the header alone
    import struct
    import zlib

    ihdr = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    forged = (
        header[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    ) + header[33:]
    with pytest.raises(InvalidInput, match="quá lớn"):
        process_page(forged)


@pytest.mark.parametrize(
    "options,message",
    [
        ({"profile": "sepia"}, "Chế độ quét"),
        ({"dpi": 150}, "Độ phân giải"),
        ({"dpi": 5000}, "Độ phân giải"),
        ({"rotation": 45}, "Góc xoay"),
    ],
)
def test_bad_options_are_refused_in_vietnamese(options, message):
    with pytest.raises(InvalidInput, match=message):
        process_page(encoded(page(dpi=DPI, lines=1)), **options)


# --- the black-and-white page goes into the sealed PDF without being decoded -------------------


def test_black_and_white_is_one_g4_strip_as_the_seal_embeds_it_byte_for_byte():
    result = run(page(dpi=DPI, lines=6, border_mm=5, angle=2), profile="bw")
    with Image.open(io.BytesIO(result.data)) as image:
        tags = image.tag_v2
        assert tags[259] == 4  # CCITT Group 4
        assert len(tags[273]) == 1 and len(tags[279]) == 1  # one strip: one G4 stream
        assert tags[262] == 1 and tags.get(266, 1) == 1  # black is zero, first bit highest
        start, size = tags[273][0], tags[279][0]
    assert start + size <= len(result.data) and size < len(result.data)
