"""Run a scanner driver in a process of its own, behind a watchdog.

:func:`scan_to_folder` starts a fresh worker process for each scan (``spawn``: safe from a Qt
app with threads). The worker drives the backend and writes every page into the given folder the
moment it arrives, atomically (temp file, fsync, rename, fsync of the folder), then tells the
parent. The parent (a worker thread of the UI, or the CLI) only waits on a pipe, so:

- a driver that hangs (no page within ``page_timeout`` seconds) is killed with its whole process
  group (``scanimage`` included) and the scan is reported as failed;
- a driver that crashes ends the worker, not the app;
- either way, every page already on disk is kept and returned;
- cancel asks the worker to stop after the current page, and kills it after ``cancel_grace``.

"Restarted" means exactly this: the next scan gets a new worker; nothing of the dead one is
reused. The folder should be empty or hold only pages of earlier scans with other ``prefix``es.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.scanning.device import RawPage, ScanError, ScanSettings, extension_for

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05


@dataclass(frozen=True)
class ScannedPage:
    index: int  # 0-based order of arrival in this scan
    path: Path  # the page file, complete and fsynced
    mime: str
    dpi: int


@dataclass
class ScanOutcome:
    pages: list[Path]  # every page on disk, in order, even when the scan failed
    error: str | None = None  # Vietnamese message, None when the scan ended normally
    cancelled: bool = False
    details: list[ScannedPage] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def page_name(prefix: str, index: int, mime: str) -> str:
    return f"{prefix}{index + 1:04d}{extension_for(mime)}"


def write_atomic(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` so that the name only ever shows a complete file."""
    target = folder / name
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return target


def _child(device_id, settings, folder, prefix, conn, cancel_event) -> None:
    """The worker process: drive the backend, write each page, report over ``conn``."""
    if hasattr(os, "setsid"):
        os.setsid()  # its own process group: the watchdog kills scanimage along with us
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C goes to the parent, which cancels
    from kiosk.scanning.device import backend_for

    folder = Path(folder)

    def on_page(page: RawPage) -> None:
        name = page_name(prefix, page.index, page.mime)
        write_atomic(folder, name, page.data)
        conn.send(("page", page.index, name, page.mime, page.dpi))

    try:
        count = backend_for(device_id).scan(device_id, settings, on_page, cancel_event.is_set)
        conn.send(("done", count))
    except ScanError as exc:
        conn.send(("error", exc.message))
    except Exception as exc:  # a driver bug must reach the officer as a message
        log.exception("scan worker failed")
        conn.send(("error", f"Trình điều khiển máy quét gặp lỗi ({type(exc).__name__})."))
    finally:
        conn.close()


def _kill_group(pid: int | None) -> None:
    if pid is None:
        return
    try:
        if hasattr(os, "killpg"):
            os.killpg(pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            os.kill(pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        pass


def scan_to_folder(
    device_id: str,
    settings: ScanSettings,
    folder: Path,
    on_page: Callable[[ScannedPage], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    page_timeout: float = 60.0,
    first_page_timeout: float | None = None,
    cancel_grace: float = 5.0,
    prefix: str = "page-",
    on_worker: Callable[[int], None] | None = None,
) -> ScanOutcome:
    """Scan ``device_id`` into ``folder`` through a watched worker process.

    ``on_page`` is called (in the caller's thread) for each page once it is safely on disk;
    ``cancelled`` is polled about 20 times a second. ``page_timeout`` is the longest wait for
    the next page (``first_page_timeout``, default twice as long, for the first: scanners warm
    up). ``on_worker`` receives the worker's process id (for tests and diagnostics).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    before = {path.name for path in folder.iterdir()}
    cancelled = cancelled or (lambda: False)
    ctx = multiprocessing.get_context("spawn")
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    cancel_event = ctx.Event()
    process = ctx.Process(
        target=_child,
        args=(device_id, settings, str(folder), prefix, child_conn, cancel_event),
        daemon=True,
        name="kiosk-scan-worker",
    )
    process.start()
    child_conn.close()
    if on_worker is not None:
        on_worker(process.pid)

    details: list[ScannedPage] = []
    error: str | None = None
    finished = False
    was_cancelled = False
    cancel_deadline: float | None = None
    wait = first_page_timeout if first_page_timeout is not None else 2 * page_timeout
    last_event = time.monotonic()

    def report(page: ScannedPage) -> None:
        details.append(page)
        if on_page is not None:
            on_page(page)

    try:
        while not finished:
            if parent_conn.poll(POLL_SECONDS):
                try:
                    message = parent_conn.recv()
                except (EOFError, OSError):
                    break  # the worker died; its exit code says how below
                last_event = time.monotonic()
                kind = message[0]
                if kind == "page":
                    _, index, name, mime, dpi = message
                    report(ScannedPage(index, folder / name, mime, dpi))
                    wait = page_timeout
                elif kind == "done":
                    finished = True
                elif kind == "error":
                    error, finished = message[1], True
                continue
            if not process.is_alive() and not parent_conn.poll(0):
                break
            now = time.monotonic()
            if not was_cancelled and cancelled():
                was_cancelled = True
                cancel_event.set()
                cancel_deadline = now + cancel_grace
            if cancel_deadline is not None and now > cancel_deadline:
                log.warning("scan worker ignored cancel; killing it")
                _kill_group(process.pid)
                break
            if now - last_event > wait:
                _kill_group(process.pid)
                error = (
                    f"Máy quét không phản hồi sau {wait:.0f} giây nên đã bị dừng. "
                    f"Đã giữ {len(details)} trang đã nhận; kiểm tra máy quét rồi quét tiếp."
                )
                break
    finally:
        process.join(timeout=cancel_grace)
        if process.is_alive():
            _kill_group(process.pid)
            process.join(timeout=5)
        _kill_group(process.pid)  # leftovers of the group (a scanimage whose parent died)
        parent_conn.close()

    if not finished and error is None and not was_cancelled:
        error = (
            f"Trình điều khiển máy quét dừng đột ngột (mã thoát {process.exitcode}). "
            f"Đã giữ {len(details)} trang đã nhận; quét tiếp các trang còn lại."
        )
    _adopt_unreported(folder, prefix, before, details, report)
    for tmp in folder.glob(f".{prefix}*.tmp"):
        tmp.unlink(missing_ok=True)  # half-written by a killed worker: never a page
    details.sort(key=lambda page: page.index)
    return ScanOutcome(
        pages=[page.path for page in details],
        error=error,
        cancelled=was_cancelled and error is None,
        details=details,
    )


def _adopt_unreported(folder, prefix, before, details, report) -> None:
    """A page the worker renamed into place just before it died is complete: keep it too."""
    from kiosk.scanning.device import EXTENSIONS

    known = before | {page.path.name for page in details}
    by_ext = {ext: mime for mime, ext in EXTENSIONS.items()}
    for path in sorted(folder.glob(f"{prefix}[0-9][0-9][0-9][0-9].*")):
        if path.name in known or path.suffix not in by_ext:
            continue
        index = int(path.stem[len(prefix) :]) - 1
        if any(page.index == index for page in details):
            continue
        dpi = details[-1].dpi if details else 0
        report(ScannedPage(index, path, by_ext[path.suffix], dpi))
