"""Proof that the eSCL simulator speaks real eSCL: Debian's sane-airscan scans from it.

sane-airscan (a SANE backend used on Linux desktops for network scanners) is pointed at the
simulator through a private SANE config (``SANE_CONFIG_DIR``): ``scanimage`` lists it, scans a
page from the platen, and our SANE backend runs a feeder batch through it.
"""

from __future__ import annotations

import glob
import io
import subprocess

import pytest
from PIL import Image

from kiosk.scanning.backends.sane import SaneBackend
from kiosk.scanning.device import ScanSettings
from tests.kiosk.scanning.scanner_fixtures import needs_scanimage, page_number

pytestmark = [
    pytest.mark.slow,
    needs_scanimage,
    pytest.mark.skipif(
        not glob.glob("/usr/lib/*/sane/libsane-airscan.so*"), reason="sane-airscan missing"
    ),
]


@pytest.fixture
def airscan(tmp_path, monkeypatch, escl_sim):
    conf = tmp_path / "sane.d"
    conf.mkdir()
    (conf / "dll.conf").write_text("airscan\n")
    (conf / "airscan.conf").write_text(
        f'[devices]\n"Sim" = {escl_sim.url}, eSCL\n\n[options]\ndiscovery = disable\n'
    )
    monkeypatch.setenv("SANE_CONFIG_DIR", str(conf))
    return escl_sim


def test_scanimage_lists_and_scans_the_simulator(airscan, tmp_path):
    listed = subprocess.run(["scanimage", "-L"], capture_output=True, text=True, timeout=60)
    assert "airscan:e0:Sim" in listed.stdout
    out = tmp_path / "page.png"
    subprocess.run(
        ["scanimage", "-d", "airscan:e0:Sim", "--mode", "Gray", "--resolution", "150"]
        + ["--format=png", "-o", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    image = Image.open(out)
    assert abs(image.height - 1754) <= 2  # A4 height at 150 dpi
    assert page_number(image, 150) == 1
    methods = [m for m, _ in airscan.state.requests]
    assert "POST" in methods and ("GET", "/eSCL/ScannerCapabilities") in airscan.state.requests
    assert any(path.endswith("/NextDocument") for _, path in airscan.state.requests)


def test_our_sane_backend_runs_a_feeder_batch_through_airscan(airscan):
    airscan.state.feeder_pages = 3
    pages = []
    count = SaneBackend().scan(
        "sane:airscan:e0:Sim",
        ScanSettings(mode="gray", dpi=100, source="feeder"),
        pages.append,
        lambda: False,
    )
    assert count == 3
    assert [page_number(Image.open(io.BytesIO(p.data)), 100) for p in pages] == [1, 2, 3]
