"""SANE scanners through the ``scanimage`` command (Debian ``sane-utils``).

``scanimage --batch --batch-print`` writes each page to a file in a private temporary folder and
prints its name once it is complete, so a page reaches the caller as soon as the scanner has
delivered it. Pages come as PNM (15 ms for an A4 page at 300 dpi; PNG would cost 20 times more in
the driver process); the page pipeline compresses them.

The SANE configuration is the machine's (``/etc/sane.d``) unless ``SANE_CONFIG_DIR`` says
otherwise. :func:`write_test_config` makes a private one with SANE's ``test`` backend set to A4,
which the tests, the benchmark and the demo use in place of a real scanner.
"""

from __future__ import annotations

import os
import re
import selectors
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kiosk.scanning.device import (
    Cancelled,
    DeviceInfo,
    PageSink,
    RawPage,
    ScanError,
    ScanSettings,
    split_device_id,
)

PNM = "image/x-portable-anymap"
_OPTION = re.compile(r"^\s+(--?[\w-]+)\s*(?:\[=\(|\s)?(.*?)\s*\[(.*?)\]\s*$")
_FEEDER_WORDS = ("adf", "feeder", "automatic")
_MODE_WORDS = {
    "color": ("color", "colour", "rgb"),
    "gray": ("gray", "grey", "grayscale"),
    "lineart": ("lineart", "line art", "black & white", "binary", "monochrome"),
}
_STATUS_MESSAGES = {
    "out of documents": "Khay nạp giấy không có giấy.",
    "no docs": "Khay nạp giấy không có giấy.",
    "jammed": "Kẹt giấy trong máy quét. Gỡ giấy kẹt rồi quét tiếp.",
    "cover open": "Nắp máy quét đang mở.",
    "device busy": "Máy quét đang bận (có thể máy khác đang dùng).",
    "access to resource has been denied": "Không có quyền dùng máy quét.",
}


def write_test_config(folder: Path, picture: str = "Grid", delay_us: int = 0) -> Path:
    """A SANE config folder that enables only the ``test`` backend, with an A4 scan area and
    ``picture`` as its page ("Grid", "Solid black", "Solid white" or "Color pattern").
    ``delay_us`` (1000–200000) slows the driver down after every buffer: a slow scanner."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dll.conf").write_text("test\n", encoding="utf-8")
    changes = {
        "geometry_max": "300.0",
        "br_x": "210.0",
        "br_y": "297.0",
        "test-picture": f'"{picture}"',
    }
    if delay_us:
        changes.update({"read-delay": "true", "read-delay-duration": str(delay_us)})
    lines = []
    for line in Path("/etc/sane.d/test.conf").read_text(encoding="utf-8").splitlines():
        key = line.split()[0] if line.split() else ""
        value = changes.get(key)
        lines.append(f"{key} {value}" if value else line)
    (folder / "test.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def use_test_scanner(folder: Path) -> str:
    """Point this process (and the scan workers it starts) at SANE's test backend, for the
    demo: writes the config into ``folder`` and sets ``SANE_CONFIG_DIR``. Returns the device
    id, ``sane:test:0``."""
    os.environ["SANE_CONFIG_DIR"] = str(write_test_config(folder))
    return "sane:test:0"


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: scanimage gets SIGKILL when the worker that started it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass


class SaneBackend:
    def __init__(self, scanimage: str = "scanimage") -> None:
        self.scanimage = scanimage

    # ---- discovery ----------------------------------------------------------------------
    def _run(self, args: list[str], timeout: float = 30.0) -> subprocess.CompletedProcess:
        if shutil.which(self.scanimage) is None:
            raise ScanError(
                "Chưa cài SANE (lệnh scanimage): cài gói sane-utils để dùng máy quét.",
                english="SANE (scanimage) is not installed.",
            )
        try:
            return subprocess.run(
                [self.scanimage, *args], capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            raise ScanError(
                "Trình điều khiển SANE không trả lời.", english="The SANE driver did not answer."
            ) from None

    def devices(self) -> list[DeviceInfo]:
        try:
            done = self._run(["-f", "%d\t%v %m%n"])
        except ScanError:
            return []
        found = []
        for line in done.stdout.splitlines():
            name, _, label = line.partition("\t")
            if name:
                found.append(DeviceInfo(f"sane:{name}", label.strip() or name, "sane"))
        return found

    def _device_name(self, device_id: str) -> str:
        _, name = split_device_id(device_id)
        if name:
            return name
        found = self.devices()
        if not found:
            raise ScanError(
                "Không tìm thấy máy quét SANE nào. Kiểm tra cáp và nguồn của máy quét.",
                english="No SANE scanner found.",
            )
        return split_device_id(found[0].id)[1]

    def _raw_options(self, name: str) -> dict[str, list[str]]:
        done = self._run(["-d", name, "-A"])
        if done.returncode != 0:
            raise ScanError(
                f"Không mở được máy quét {name}: {_reason(done.stderr)}",
                english=f"Cannot open scanner {name}.",
            )
        return parse_options(done.stdout)

    def options(self, device_id: str) -> dict:
        raw = self._raw_options(self._device_name(device_id))
        modes = [m for m in ("color", "gray", "lineart") if _has_mode(raw, m)]
        sources = ["flatbed"]
        if _pick_source(raw, "feeder"):
            sources.append("feeder")
        if not any(v.lower() in ("flatbed", "normal") for v in raw.get("--source", ["flatbed"])):
            sources.remove("flatbed")
        return {"modes": modes, "dpi": _resolutions(raw), "sources": sources, "raw": raw}

    # ---- scanning -------------------------------------------------------------------------
    def scan(
        self,
        device_id: str,
        settings: ScanSettings,
        on_page: PageSink,
        cancelled: Cancelled,
    ) -> int:
        name = self._device_name(device_id)
        raw = self._raw_options(name)
        dpi = _dpi_for(raw, settings.dpi)
        args = ["-d", name, "--format=pnm", "--resolution", str(dpi)]
        args += _mode_args(raw, settings.mode)
        source = _pick_source(raw, settings.source)
        if settings.source == "feeder" and source is None:
            raise ScanError(
                f"Máy quét {name} không có khay nạp giấy; hãy quét trên mặt kính.",
                english="This scanner has no document feeder.",
            )
        if source is not None:
            args += ["--source", source]
        limit = settings.page_limit
        if limit is not None:
            args.append(f"--batch-count={limit}")
        with tempfile.TemporaryDirectory(prefix="kiosk-sane-") as tmp:
            args += [f"--batch={tmp}/p%04d.pnm", "--batch-print"]
            return self._batch(args, Path(tmp), settings, dpi, on_page, cancelled)

    def _batch(self, args, tmp: Path, settings, dpi, on_page, cancelled) -> int:
        with open(tmp / "stderr.txt", "w+", encoding="utf-8", errors="replace") as err:
            proc = subprocess.Popen(
                [self.scanimage, *args],
                stdout=subprocess.PIPE,
                stderr=err,
                stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
            count = 0
            stopped = False
            buffer = b""
            with selectors.DefaultSelector() as sel:
                sel.register(proc.stdout, selectors.EVENT_READ)
                while True:
                    if not stopped and cancelled():
                        proc.terminate()  # scanimage cancels the scan on SIGTERM
                        stopped = True
                    if not sel.select(timeout=0.05):
                        continue
                    chunk = os.read(proc.stdout.fileno(), 65536)
                    if not chunk:
                        break
                    buffer += chunk
                    *lines, buffer = buffer.split(b"\n")
                    for line in lines:
                        path = Path(line.decode("utf-8", "replace").strip())
                        if not line.strip() or stopped:
                            continue
                        data = path.read_bytes()
                        path.unlink(missing_ok=True)
                        on_page(RawPage(count, data, PNM, dpi))
                        count += 1
            proc.stdout.close()
            code = proc.wait()
            err.seek(0)
            stderr = err.read()
        if stopped or code == 0:
            return count
        feeder_empty = "out of documents" in stderr.lower() or "no docs" in stderr.lower()
        if feeder_empty and count > 0:
            return count  # the feeder ran out: the normal end of a batch
        raise ScanError(
            f"Máy quét báo lỗi sau {count} trang: {_reason(stderr)}"
            + (f" Đã giữ {count} trang đã quét." if count else ""),
            english=f"The scanner failed after {count} pages.",
        )


def _reason(stderr: str) -> str:
    low = stderr.lower()
    for needle, message in _STATUS_MESSAGES.items():
        if needle in low:
            return message
    if "invalid argument" in low and "open of device" in low:
        return "không có thiết bị này (kiểm tra tên máy quét: scanimage -L)."
    if "setting of option" in low:
        return "máy quét không nhận thiết lập này (chế độ màu, độ phân giải hoặc nguồn giấy)."
    lines = [line for line in stderr.splitlines() if line.strip()]
    return (lines[-1].removeprefix("scanimage: ") + ".") if lines else "lỗi không rõ."


def _pick_mode(raw: dict[str, list[str]], mode: str) -> str | None:
    for value in raw.get("--mode", []):
        if value.lower() in _MODE_WORDS[mode]:
            return value
    return None


def _has_mode(raw: dict[str, list[str]], mode: str) -> bool:
    try:
        _mode_args(raw, mode)
    except ScanError:
        return False
    return True


def _mode_args(raw: dict[str, list[str]], mode: str) -> list[str]:
    value = _pick_mode(raw, mode)
    if value is not None:
        return ["--mode", value]
    if mode == "lineart":  # e.g. SANE's test backend: grey at 1 bit per sample
        gray = _pick_mode(raw, "gray")
        if gray is not None and "1" in raw.get("--depth", []):
            return ["--mode", gray, "--depth", "1"]
    if mode == "gray" and "--mode" not in raw:
        return []
    raise ScanError(f"Máy quét không có chế độ {mode}.", english=f"The scanner has no {mode} mode.")


def _pick_source(raw: dict[str, list[str]], source: str) -> str | None:
    values = raw.get("--source", [])
    for value in values:
        feeder = any(word in value.lower() for word in _FEEDER_WORDS)
        if feeder == (source == "feeder") and "duplex" not in value.lower():
            return value
    return None


def parse_options(text: str) -> dict[str, list[str]]:
    """``scanimage -A`` output → {"--mode": ["Gray", "Color"], "--resolution": [...], ...}."""
    options: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = _OPTION.match(line)
        if match:
            options[match.group(1)] = [v for v in match.group(2).split("|") if v]
    return options


def _resolutions(raw: dict[str, list[str]]) -> list[int]:
    """The resolutions to offer; [] when the driver gives none we can read."""
    values = raw.get("--resolution", [])
    if len(values) == 1 and ".." in values[0]:  # a range: "1..1200dpi (in steps of 1)"
        bounds = [int(x) for x in re.findall(r"[0-9]{1,6}", values[0])[:2]]
        if len(bounds) == 2:
            return [d for d in (150, 200, 300, 400, 600) if bounds[0] <= d <= bounds[1]]
        return []
    found = {int(m.group()) for v in values if (m := re.match(r"[0-9]{1,6}", v.strip()))}
    return sorted(d for d in found if d > 0)


def _dpi_for(raw: dict[str, list[str]], wanted: int) -> int:
    """``wanted``, or the nearest resolution a driver with a fixed list offers."""
    values = raw.get("--resolution", [])
    offered = _resolutions(raw)
    if not offered or (len(values) == 1 and ".." in values[0]):
        return wanted
    return min(offered, key=lambda d: (abs(d - wanted), -d))
