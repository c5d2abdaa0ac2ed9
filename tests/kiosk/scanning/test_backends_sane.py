"""SANE through scanimage, for real, against SANE's ``test`` backend (an A4 virtual scanner)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kiosk.scanning.backends.sane import SaneBackend
from kiosk.scanning.device import ScanError, ScanSettings
from tests.kiosk.scanning.scanner_fixtures import needs_scanimage

pytestmark = [pytest.mark.slow, needs_scanimage]


def _scan(device, settings, cancel_after=None):
    pages = []
    count = SaneBackend().scan(
        device,
        settings,
        pages.append,
        lambda: cancel_after is not None and len(pages) >= cancel_after,
    )
    assert count == len(pages)
    assert [p.index for p in pages] == list(range(count))
    return pages


def test_devices_and_options_come_from_the_driver(sane_test):
    backend = SaneBackend()
    assert "sane:test:0" in [d.id for d in backend.devices()]
    options = backend.options(sane_test)
    assert options["sources"] == ["flatbed", "feeder"]
    assert {"color", "gray", "lineart"} <= set(options["modes"])
    assert 300 in options["dpi"]


def test_flatbed_gives_one_a4_page_at_the_asked_resolution(sane_test):
    pages = _scan(sane_test, ScanSettings(mode="gray", dpi=300))
    assert len(pages) == 1
    image = Image.open(io.BytesIO(pages[0].data))
    assert image.mode == "L"
    assert image.width == 2480 and abs(image.height - 3508) <= 1  # A4 at 300 dpi (rounded)
    assert pages[0].dpi == 300 and pages[0].mime == "image/x-portable-anymap"


def test_colour_and_black_and_white(sane_test):
    colour = Image.open(io.BytesIO(_scan(sane_test, ScanSettings("color", 100))[0].data))
    lineart = Image.open(io.BytesIO(_scan(sane_test, ScanSettings("lineart", 100))[0].data))
    assert colour.mode == "RGB" and lineart.mode == "1"


def test_feeder_scans_until_empty(sane_test):
    pages = _scan(sane_test, ScanSettings(mode="gray", dpi=75, source="feeder"))
    assert len(pages) == 10  # the test backend's feeder holds 10 sheets


def test_feeder_stops_at_the_page_count(sane_test):
    assert len(_scan(sane_test, ScanSettings(dpi=75, source="feeder", pages=3))) == 3


def test_cancel_stops_the_batch_and_keeps_what_came(sane_test):
    pages = _scan(sane_test, ScanSettings(dpi=300, source="feeder"), cancel_after=2)
    assert 2 <= len(pages) < 10


def test_unknown_device_is_a_vietnamese_error(sane_test):
    with pytest.raises(ScanError, match="Không mở được máy quét khong-co: không có thiết bị"):
        _scan("sane:khong-co", ScanSettings())


def test_no_device_at_all(tmp_path, monkeypatch):
    (tmp_path / "dll.conf").write_text("")
    monkeypatch.setenv("SANE_CONFIG_DIR", str(tmp_path))
    assert SaneBackend().devices() == []
    with pytest.raises(ScanError, match="Không tìm thấy máy quét SANE"):
        _scan("sane:", ScanSettings())


def test_missing_scanimage_is_explained(sane_test):
    with pytest.raises(ScanError, match="cài gói sane-utils"):
        SaneBackend(scanimage="scanimage-khong-co").scan(
            sane_test, ScanSettings(), lambda page: None, lambda: False
        )
