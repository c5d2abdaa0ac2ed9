"""``kiosk scan``: the technician's scanner test, run as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from PIL import Image

from kiosk.file_import import pdf_page_count
from kiosk.scanning.backends.sane import write_test_config
from kiosk.scanning.escl_simulator import EsclSimulator
from tests.kiosk.scanning.scanner_fixtures import page_number

pytestmark = pytest.mark.slow


def kiosk(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "app", "scan", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


@pytest.mark.skipif(shutil.which("scanimage") is None, reason="sane-utils missing")
def test_sane_feeder_to_pdf(tmp_path):
    conf = str(write_test_config(tmp_path / "sane.d"))
    listed = kiosk("--list", SANE_CONFIG_DIR=conf)
    assert listed.returncode == 0 and "sane:test:0" in listed.stdout
    out = tmp_path / "thu.pdf"
    result = kiosk(
        "--device",
        "sane:test",
        "--pages",
        "3",
        "--dpi",
        "150",
        "--out",
        str(out),
        SANE_CONFIG_DIR=conf,
    )
    assert result.returncode == 0, result.stderr
    assert "Đã ghi 3 trang" in result.stdout
    assert pdf_page_count(out.read_bytes(), out.name) == 3


def test_escl_pages_reach_the_pdf_in_order(tmp_path):
    out = tmp_path / "escl.pdf"
    with EsclSimulator(feeder_pages=3) as sim:
        result = kiosk(
            "--device", sim.device_id, "--source", "feeder", "--dpi", "75", "--out", str(out)
        )
    assert result.returncode == 0, result.stderr
    subprocess.run(["pdftoppm", "-r", "75", "-gray", str(out), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.pgm"))
    assert [page_number(Image.open(p), 75) for p in pages] == [1, 2, 3]


@pytest.mark.parametrize(
    "device, words",
    [
        ("twain:Canon", "Không nhận ra thiết bị quét"),
        ("sane:khong-co-may", "Không mở được máy quét"),
        ("escl:http://127.0.0.1:9/eSCL", "Không kết nối được máy quét mạng"),
        ("escl:máy-quét", "không hợp lệ"),
    ],
)
def test_bad_device_is_a_clear_message_and_no_pdf(tmp_path, device, words):
    out = tmp_path / "x.pdf"
    result = kiosk(
        "--device",
        device,
        "--out",
        str(out),
        SANE_CONFIG_DIR=str(write_test_config(tmp_path / "sane.d")),
    )
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_missing_arguments_are_explained(tmp_path):
    result = kiosk("--device", "sane:test")
    assert result.returncode == 2 and "--out" in result.stderr
    assert "Traceback" not in result.stderr


def counter_config(folder, scanner: str):
    """The demo's kiosk.toml with this counter's scanner, in a config folder of its own."""
    from kiosk.config import demo_path

    text = demo_path().read_text(encoding="utf-8")
    assert 'scanner = "sane:test:0"' in text
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kiosk.toml").write_text(
        text.replace('scanner = "sane:test:0"', f'scanner = "{scanner}"'), encoding="utf-8"
    )
    return str(folder)


def test_without_device_the_counters_scanner_is_used(tmp_path):
    out = tmp_path / "quay.pdf"
    with EsclSimulator(feeder_pages=2) as sim:
        config = counter_config(tmp_path / "config", sim.device_id)
        result = kiosk(
            "--source", "feeder", "--dpi", "75", "--out", str(out), KIOSK_CONFIG_DIR=config
        )
    assert result.returncode == 0, result.stderr
    assert "Đã ghi 2 trang" in result.stdout and sim.device_id in result.stderr
    assert pdf_page_count(out.read_bytes(), out.name) == 2


@pytest.mark.parametrize("scanner", ["none", "file", None])
def test_without_device_and_no_scanner_configured_says_how(tmp_path, scanner):
    config = counter_config(tmp_path / "config", scanner) if scanner else str(tmp_path / "empty")
    out = tmp_path / "x.pdf"
    result = kiosk("--out", str(out), KIOSK_CONFIG_DIR=config)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "máy quét" in result.stderr and "kiosk scan --list" in result.stderr
    assert "--device" in result.stderr and not out.exists()
