"""Backends: PDF file, a real print through CUPS + cups-pdf,
ESC/POS bytes through the Dummy printer."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest

from printing.backends import (
    CupsPrinter,
    EscposPrinter,
    PdfFilePrinter,
    PrinterError,
    cups_error,
    printer_from_spec,
)
from printing.samples import sample
from printing.thermal import WIDTH_DOTS, ticket_image


def test_pdf_file_printer_writes_atomically(tmp_path):
    printer = PdfFilePrinter(tmp_path / "out")
    path = Path(printer.print_pdf(b"%PDF-1.4 test", "receipt 12/ab"))
    assert path.read_bytes() == b"%PDF-1.4 test" and path.name == "receipt_12_ab.pdf"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # printouts carry personal data
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_printer_from_spec(tmp_path):
    assert printer_from_spec("pdf", pdf_folder=tmp_path).folder == tmp_path
    with pytest.raises(PrinterError):  # a bare "pdf" needs the profile's folder
        printer_from_spec("pdf")
    assert printer_from_spec("cups:Quay1").queue == "Quay1"
    with pytest.raises(PrinterError) as err:
        printer_from_spec("laser")
    assert not err.value.transient


def test_cups_errors_become_vietnamese_messages():
    missing = cups_error("X", "lp: The printer or class does not exist.")
    assert "Không tìm thấy máy in" in missing.message and not missing.transient
    down = cups_error("X", "lp: Unable to connect to server: Connection refused")
    assert "CUPS" in down.message and down.transient


def test_cups_without_lp_is_reported_not_retried(tmp_path):
    with pytest.raises(PrinterError) as err:
        CupsPrinter("PDF", lp=str(tmp_path / "no-lp")).print_pdf(b"%PDF", "x")
    assert "chưa cài" in err.value.message and not err.value.transient


def test_escpos_ticket_is_raster_then_cut():
    """The ticket goes out as GS v 0 raster of 576 dots (72 bytes a row) followed by a cut."""
    from escpos.printer import Dummy

    image = ticket_image(sample("queue_ticket"))
    assert image.mode == "1" and image.width == WIDTH_DOTS
    buf = io.BytesIO()
    image.save(buf, "PNG")
    device = Dummy()
    EscposPrinter(device).print_image(buf.getvalue(), "ticket")
    out = device.output
    assert out.startswith(b"\x1dv0\x00")  # GS v 0, normal density
    width_bytes = out[4] + 256 * out[5]
    height = out[6] + 256 * out[7]
    assert width_bytes == WIDTH_DOTS // 8 and height == image.height
    raster = out[8 : 8 + width_bytes * height]
    assert any(raster) and len(raster) == width_bytes * height
    assert out.endswith(b"\x1dV\x00")  # GS V 0: full cut
    assert b"PHI" not in out  # no text sent as text


def test_escpos_status_is_unknown_on_one_way_links():
    from escpos.printer import Dummy

    status = EscposPrinter(Dummy()).status()
    assert status.online is None and status.paper is None


def test_escpos_device_error_is_transient():
    class Broken:
        def image(self, *a, **k):
            raise OSError("usb gone")

    with pytest.raises(PrinterError) as err:
        EscposPrinter(Broken()).print_raster(ticket_image(sample("queue_ticket")), "t")
    assert err.value.transient


# --- a real print through CUPS --------------------------------------------------------------------


def _scheduler_running() -> bool:
    done = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, check=False)
    return "is running" in done.stdout and "not" not in done.stdout


@pytest.fixture(scope="module")
def cups_pdf_queue():
    """A CUPS queue "PDF" on cups-pdf; starts cupsd (and stops it) if this test started it."""
    if not shutil.which("cupsd") or not shutil.which("lp"):
        pytest.skip("CUPS is not installed (apt-get install cups printer-driver-cups-pdf)")
    ppd = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
    if not ppd.exists():
        pytest.skip("cups-pdf is not installed (apt-get install printer-driver-cups-pdf)")
    started = None
    if not _scheduler_running():
        if os.geteuid() != 0:
            pytest.skip("cupsd is not running and only root can start it")
        started = subprocess.Popen(
            ["cupsd", "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(50):
            if _scheduler_running():
                break
            time.sleep(0.1)
    subprocess.run(
        ["lpadmin", "-p", "PDF", "-E", "-v", "cups-pdf:/", "-P", str(ppd)],
        check=True,
        capture_output=True,
    )
    yield "PDF"
    if started is not None:
        started.terminate()
        started.wait(timeout=10)


def _cups_pdf_out_dirs() -> list[Path]:
    dirs = [Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS"), Path("/root/PDF")]
    conf = Path("/etc/cups/cups-pdf.conf")
    if conf.exists():
        for line in conf.read_text(errors="replace").splitlines():
            if line.startswith("Out "):
                dirs.append(Path(line.split(None, 1)[1].replace("${HOME}", str(Path.home()))))
    return dirs


@pytest.mark.slow
def test_cups_real_print_lands_as_pdf(cups_pdf_queue, signer, tmp_path):
    """A receipt printed with lp through cups-pdf comes out as a PDF with our text in it."""
    from printing import render
    from tests.printing.conftest import pdf_text, zbar_codes

    doc = render("receipt", sample("receipt"), signer=signer)
    before = {p for d in _cups_pdf_out_dirs() if d.is_dir() for p in d.glob("*.pdf")}
    job = CupsPrinter(cups_pdf_queue, timeout=30).print_pdf(doc.pdf, "kiosk-test-receipt")
    assert job.startswith("PDF-")
    deadline = time.time() + 30
    new = set()
    while time.time() < deadline and not new:
        time.sleep(0.3)
        new = {p for d in _cups_pdf_out_dirs() if d.is_dir() for p in d.glob("*.pdf")} - before
    assert new, "cups-pdf wrote no file within 30 s"
    out = max(new, key=lambda p: p.stat().st_mtime)
    time.sleep(0.5)  # cups-pdf may still be finishing the file
    printed = out.read_bytes()
    out.unlink()
    # cups-pdf re-distils through Ghostscript, which drops the Unicode map of Vietnamese glyphs;
    # ASCII text survives, and the QR and barcode on the printed page prove the content.
    assert f"TT {doc.circular}" in pdf_text(printed)
    codes = zbar_codes(printed, tmp_path)
    assert ("QR-Code", doc.qr_text) in codes
    assert ("CODE-128", sample("receipt").dossier.dossier_code) in codes


@pytest.mark.slow
def test_cups_unknown_queue_is_a_permanent_error(cups_pdf_queue):
    with pytest.raises(PrinterError) as err:
        CupsPrinter("NoSuchQueue42").print_pdf(b"%PDF-1.4", "x")
    assert not err.value.transient and "Không tìm thấy" in err.value.message
