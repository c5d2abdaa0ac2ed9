"""Print backends behind one protocol: a PDF file, CUPS (``lp``), ESC/POS thermal printers.

The Qt printer path with a preview dialog lives in ``ui/``. Every backend blocks while it prints:
call them from :mod:`printing.queue` workers, never on the UI thread.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.errors import KioskError
from kiosk.files import atomic_write, private_dir


class PrinterError(KioskError):
    """A print failed; ``transient`` errors are retried by the queue, the others are reported."""

    def __init__(self, message: str, *, english: str | None = None, transient: bool = True) -> None:
        super().__init__(message, english=english)
        self.transient = transient


@dataclass(frozen=True)
class PrinterStatus:
    """What a printer says about itself; None where the connection cannot tell."""

    online: bool | None = None
    paper: str | None = None  # "ok" | "low" | "out"
    detail: str = ""


class Printer(Protocol):
    """Anything that can put a document on paper (or on disk)."""

    name: str

    def print_pdf(self, pdf: bytes, job_name: str) -> str:
        """Print a PDF; return a job reference. Raises PrinterError."""
        ...

    def print_image(self, png: bytes, job_name: str) -> str:
        """Print a raster image (PNG); return a job reference. Raises PrinterError."""
        ...

    def status(self) -> PrinterStatus: ...


# --- PDF file -------------------------------------------------------------------------------------


class PdfFilePrinter:
    """Writes each job to a folder (atomic: temp file, fsync, rename). For demos and archiving."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.name = f"pdf:{self.folder}"

    def print_pdf(self, pdf: bytes, job_name: str) -> str:
        return str(self._write(pdf, job_name, ".pdf"))

    def print_image(self, png: bytes, job_name: str) -> str:
        return str(self._write(png, job_name, ".png"))

    def status(self) -> PrinterStatus:
        return PrinterStatus(online=True, detail=str(self.folder))

    def _write(self, content: bytes, job_name: str, suffix: str) -> Path:
        safe = re.sub(r"[^\w.-]+", "_", job_name, flags=re.ASCII).strip("_") or "job"
        target = self.folder / f"{safe}{suffix}"
        try:
            private_dir(self.folder)
            atomic_write(target, content)
        except OSError as exc:
            raise PrinterError(
                f"Không ghi được tệp {target.name} vào {self.folder} "
                f"({exc.strerror or exc}). Kiểm tra dung lượng đĩa và quyền ghi.",
                english=f"Cannot write {target}: {exc}",
                transient=False,
            ) from exc
        return target


# --- CUPS -----------------------------------------------------------------------------------------

_NOT_FOUND = ("does not exist", "not exist", "unknown printer", "no such")
_NOT_ACCEPTING = ("not accepting",)


class CupsPrinter:
    """Prints through CUPS with ``lp -d QUEUE`` (the document goes on stdin)."""

    def __init__(
        self,
        queue: str,
        *,
        media: str | None = "A5",
        timeout: float = 30.0,
        lp: str = "lp",
        server: str | None = None,
    ) -> None:
        self.queue, self.media, self.timeout, self.lp, self.server = (
            queue,
            media,
            timeout,
            lp,
            server,
        )
        self.name = f"cups:{queue}"

    def print_pdf(self, pdf: bytes, job_name: str) -> str:
        return self._lp(pdf, job_name, self.media)

    def print_image(self, png: bytes, job_name: str) -> str:
        return self._lp(png, job_name, None)

    def _lp(self, content: bytes, job_name: str, media: str | None) -> str:
        cmd = [self.lp, "-d", self.queue, "-t", job_name[:100]]
        if self.server:
            cmd[1:1] = ["-h", self.server]
        if media:
            cmd += ["-o", f"media={media}"]
        try:
            done = subprocess.run(
                cmd, input=content, capture_output=True, timeout=self.timeout, check=False
            )
        except FileNotFoundError:
            raise PrinterError(
                "Máy này chưa cài hệ thống in CUPS (không có lệnh lp). Báo kỹ thuật "
                "viên cài đặt máy in.",
                english="CUPS 'lp' is not installed.",
                transient=False,
            ) from None
        except subprocess.TimeoutExpired:
            raise PrinterError(
                f"Máy in {self.queue} không phản hồi sau {self.timeout:.0f} giây. Sẽ thử in lại.",
                english=f"lp timed out for {self.queue}.",
            ) from None
        out = done.stdout.decode("utf-8", "replace")
        err = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0:
            raise cups_error(self.queue, err)
        match = re.search(r"request id is (\S+)", out)
        return match.group(1) if match else out.strip()

    def status(self) -> PrinterStatus:
        try:
            done = subprocess.run(
                ["lpstat", "-p", self.queue], capture_output=True, text=True, timeout=5, check=False
            )
        except (FileNotFoundError, subprocess.TimeoutExpired):
            return PrinterStatus(detail="lpstat không chạy được")
        text = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            return PrinterStatus(online=False, detail=text)
        return PrinterStatus(online="disabled" not in text, detail=text)


def cups_error(queue: str, stderr: str) -> PrinterError:
    """Turn ``lp``'s stderr into a PrinterError with a Vietnamese message."""
    low = stderr.lower()
    if any(s in low for s in _NOT_FOUND):
        return PrinterError(
            f"Không tìm thấy máy in “{queue}” trong CUPS. Kiểm tra tên máy in "
            "trong cấu hình (mục [printing]).",
            english=f"No CUPS queue {queue}: {stderr}",
            transient=False,
        )
    if any(s in low for s in _NOT_ACCEPTING):
        return PrinterError(
            f"Máy in “{queue}” đang tạm dừng nhận lệnh in. Sẽ thử in lại.",
            english=f"{queue} is not accepting jobs: {stderr}",
        )
    if "scheduler" in low or "connect" in low or "bad file descriptor" in low:
        return PrinterError(
            "Dịch vụ in CUPS chưa chạy hoặc không kết nối được. Sẽ thử in lại.",
            english=f"CUPS scheduler unreachable: {stderr}",
        )
    return PrinterError(
        f"Máy in “{queue}” báo lỗi: {stderr[:200] or 'không rõ'}. Sẽ thử in lại.",
        english=f"lp failed: {stderr}",
    )


# --- ESC/POS thermal ----------------------------------------------------------------------------


class EscposPrinter:
    """An ESC/POS printer through python-escpos (Usb, Network, Serial, Dummy...).

    Text is never sent as text: images only (raster ``GS v 0``), then a cut.
    """

    def __init__(self, device, *, name: str = "escpos") -> None:
        self.device = device
        self.name = name

    def print_image(self, png: bytes, job_name: str) -> str:
        from PIL import Image

        try:
            image = Image.open(io.BytesIO(png))
            image.load()
        except Exception as exc:  # Pillow raises many types for a corrupt image
            raise PrinterError(
                "Ảnh phiếu in bị hỏng.", english=f"Bad image: {exc}", transient=False
            ) from exc
        return self.print_raster(image, job_name)

    def print_raster(self, image, job_name: str) -> str:
        try:
            self.device.image(image.convert("1"), impl="bitImageRaster", center=False)
            self.device.cut()
        except Exception as exc:  # USB/serial/network errors come in many types
            raise PrinterError(
                f"Máy in phiếu {self.name} lỗi khi in ({type(exc).__name__}). "
                "Kiểm tra giấy và cáp nối. Sẽ thử in lại.",
                english=f"ESC/POS print failed: {exc}",
            ) from exc
        flush = getattr(self.device, "flush", None)
        if callable(flush):
            flush()
        return job_name

    def print_pdf(self, pdf: bytes, job_name: str) -> str:
        image = rasterise_pdf(pdf)
        return self.print_raster(image, job_name)

    def status(self) -> PrinterStatus:
        """Paper and online status where the connection is two-way (USB, network); else None."""
        try:
            online = bool(self.device.is_online())
            paper = {2: "ok", 1: "low", 0: "out"}.get(self.device.paper_status())
            return PrinterStatus(online=online, paper=paper)
        except Exception as exc:  # noqa: BLE001 (Dummy/File/one-way links cannot read back)
            return PrinterStatus(detail=f"không đọc được trạng thái ({type(exc).__name__})")


def rasterise_pdf(pdf: bytes, width: int = 576):
    """First page of a PDF as an image ``width`` dots wide (needs poppler's pdftoppm)."""
    from PIL import Image

    exe = shutil.which("pdftoppm")
    if not exe:
        raise PrinterError(
            "Không chuyển được PDF sang ảnh cho máy in phiếu (thiếu pdftoppm).",
            english="pdftoppm is missing.",
            transient=False,
        )
    done = subprocess.run(
        [
            exe,
            "-png",
            "-mono",
            "-f",
            "1",
            "-l",
            "1",
            "-scale-to-x",
            str(width),
            "-scale-to-y",
            "-1",
            "-",
            "-",
        ],
        input=pdf,
        capture_output=True,
        timeout=30,
        check=False,
    )
    if done.returncode != 0:
        raise PrinterError(
            "Không chuyển được PDF sang ảnh cho máy in phiếu.",
            english=done.stderr.decode(errors="replace"),
            transient=False,
        )
    return Image.open(io.BytesIO(done.stdout))


# --- from the config string ----------------------------------------------------------------------


def printer_from_spec(spec: str, *, pdf_folder: Path | None = None) -> Printer:
    """Build a backend from the config syntax: ``pdf`` | ``pdf:FOLDER`` | ``cups:QUEUE`` |
    ``escpos:usb:VID:PID`` | ``escpos:net:HOST[:PORT]``. Opens no connection for ``pdf``/``cups``.
    A bare ``pdf`` writes into ``pdf_folder`` (``AppPaths.printed``).
    """
    kind, _, rest = spec.partition(":")
    if kind == "pdf":
        if not rest and pdf_folder is None:
            raise PrinterError(
                "Máy in “pdf” chưa có thư mục để ghi tệp.",
                english="No folder for the pdf printer.",
                transient=False,
            )
        return PdfFilePrinter(Path(rest) if rest else pdf_folder)
    if kind == "cups" and rest:
        return CupsPrinter(rest)
    if kind == "escpos":
        link, _, addr = rest.partition(":")
        try:
            if link == "usb":
                from escpos.printer import Usb

                vid, pid = (int(x, 16) for x in addr.split(":"))
                return EscposPrinter(Usb(vid, pid), name=spec)
            if link == "net":
                from escpos.printer import Network

                host, _, port = addr.partition(":")
                return EscposPrinter(Network(host, port=int(port or 9100)), name=spec)
        except Exception as exc:  # device lookup errors come from pyusb/socket
            raise PrinterError(
                f"Không kết nối được máy in phiếu {spec}.", english=str(exc)
            ) from exc
    raise PrinterError(
        f"Cấu hình máy in “{spec}” không hợp lệ.",
        english=f"Bad printer spec {spec}",
        transient=False,
    )


def printer_resolver(pdf_folder: Path) -> Callable[[str], Printer]:
    """``printer_from_spec`` with the profile's folder for a bare ``pdf`` (``AppPaths.printed``)."""
    return lambda spec: printer_from_spec(spec, pdf_folder=pdf_folder)
