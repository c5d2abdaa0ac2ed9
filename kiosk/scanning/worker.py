"""Run a scanner driver in a process of its own, behind a watchdog.

The worker process is started with ``spawn`` (safe from a Qt app with threads). It drives the
backend and writes every page into the given folder the moment it arrives, atomically (temp
file, fsync, rename, fsync of the folder), then tells the parent. The parent (a worker thread of
the UI, or the CLI) only waits on a pipe, so:

- a driver that hangs (no page within ``page_timeout`` seconds) is killed with its whole process
  group (``scanimage`` included) and the scan is reported as failed;
- a driver that crashes ends the worker, not the app;
- either way, every page already on disk is kept and returned;
- cancel asks the worker to stop after the current page, and kills it after ``cancel_grace``.

:class:`ScanWorker` keeps the process between scans (no start-up cost for the next paper) and
starts a new one when the last one died, hung or ignored a cancel: that is the "restart".
:func:`scan_to_folder` without a worker starts one for a single scan. Files already in the
folder before a scan are never taken as its pages; use a different ``prefix`` (or folder) per
scan so names do not collide.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.files import atomic_write
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


class _PageNotWritten(Exception):
    """A page arrived but could not be written into the folder."""


def _child(conn, cancel_event) -> None:
    """The worker process: take scan orders from ``conn``, write pages, report back."""
    if hasattr(os, "setsid"):
        os.setsid()  # its own process group: the watchdog kills scanimage along with us
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C goes to the parent, which cancels
    from kiosk.scanning.device import backend_for

    while True:
        try:
            order = conn.recv()
        except (EOFError, OSError):
            return  # the app is gone
        if order[0] != "scan":
            return
        _, device_id, settings, folder, prefix = order
        folder = Path(folder)

        def on_page(page: RawPage, folder=folder, prefix=prefix) -> None:
            name = page_name(prefix, page.index, page.mime)
            try:
                atomic_write(folder / name, page.data)
            except OSError as exc:
                raise _PageNotWritten from exc
            conn.send(("page", page.index, name, page.mime, page.dpi))

        try:
            count = backend_for(device_id).scan(device_id, settings, on_page, cancel_event.is_set)
            conn.send(("done", count))
        except ScanError as exc:
            conn.send(("error", exc.message))
        except _PageNotWritten as exc:  # disk full, folder gone: not the driver's fault
            log.warning("scan worker cannot write pages: %s", type(exc.__cause__).__name__)
            conn.send(
                (
                    "error",
                    "Không ghi được trang quét vào đĩa (đĩa đầy hoặc không có quyền ghi). "
                    "Các trang đã ghi được giữ lại.",
                )
            )
        except Exception as exc:  # a driver bug must reach the officer as a message
            log.exception("scan worker failed")
            conn.send(("error", f"Trình điều khiển máy quét gặp lỗi ({type(exc).__name__})."))


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


class ScanWorker:
    """A scan worker process kept between scans (no start-up cost per scan), one scan at a
    time. A worker that died, hung or ignored a cancel is killed and a new one is started
    for the next scan. Use it from one of the UI's worker threads, never the UI thread."""

    def __init__(self) -> None:
        self._ctx = multiprocessing.get_context("spawn")
        self._process = None
        self._conn = None
        self._cancel = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def warm(self) -> None:
        """Start the worker process now, when a scan is about to be asked for, so that the first
        scan does not wait for it either (a no-op while one is alive)."""
        with self._lock:
            self._ensure()

    def _ensure(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        self._discard()
        parent_conn, child_conn = self._ctx.Pipe()
        self._cancel = self._ctx.Event()
        process = self._ctx.Process(
            target=_child, args=(child_conn, self._cancel), daemon=True, name="kiosk-scan-worker"
        )
        process.start()
        child_conn.close()
        self._process, self._conn = process, parent_conn

    def _discard(self) -> None:
        """Kill the worker (and its scanimage) and forget it."""
        process, self._process = self._process, None
        if process is not None:
            _kill_group(process.pid)
            process.join(timeout=5)
            _kill_group(process.pid)  # leftovers of the group (a scanimage whose parent died)
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        with self._lock:
            if self._process is not None and self._process.is_alive():
                try:
                    self._conn.send(("quit",))
                except OSError:
                    pass
                self._process.join(timeout=2)
            self._discard()

    def __enter__(self) -> ScanWorker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def scan(
        self,
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
        """See :func:`scan_to_folder`."""
        limits = (page_timeout, first_page_timeout, cancel_grace)
        with self._lock:
            return self._scan(
                device_id, settings, Path(folder), on_page, cancelled, limits, prefix, on_worker
            )

    def _scan(
        self, device_id, settings, folder, on_page, cancelled, limits, prefix, on_worker
    ) -> ScanOutcome:
        page_timeout, first_page_timeout, cancel_grace = limits
        cancelled = cancelled or (lambda: False)
        folder.mkdir(parents=True, exist_ok=True)
        before = {path.name for path in folder.iterdir()}
        self._ensure()
        self._cancel.clear()
        conn, process = self._conn, self._process
        conn.send(("scan", device_id, settings, str(folder), prefix))
        if on_worker is not None:
            on_worker(process.pid)

        details: list[ScannedPage] = []
        error: str | None = None
        finished = False
        healthy = False  # the worker may be kept for the next scan
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
                if conn.poll(POLL_SECONDS):
                    try:
                        message = conn.recv()
                    except (EOFError, OSError):
                        break  # the worker died; its exit code says how below
                    last_event = time.monotonic()
                    kind = message[0]
                    if kind == "page":
                        _, index, name, mime, dpi = message
                        report(ScannedPage(index, folder / name, mime, dpi))
                        wait = page_timeout
                    elif kind == "done":
                        finished = healthy = True
                    elif kind == "error":
                        error, finished, healthy = message[1], True, True
                    if finished:
                        break
                elif not process.is_alive() and not conn.poll(0):
                    break
                now = time.monotonic()  # cancel is checked even while pages stream in
                if not was_cancelled and cancelled():
                    was_cancelled = True
                    self._cancel.set()
                    cancel_deadline = now + cancel_grace
                if cancel_deadline is not None and now > cancel_deadline:
                    log.warning("scan worker ignored cancel; killing it")
                    break
                if now - last_event > wait:
                    error = (
                        f"Máy quét không phản hồi sau {wait:.0f} giây nên đã bị dừng. "
                        f"Đã giữ {len(details)} trang đã nhận; kiểm tra máy quét rồi quét tiếp."
                    )
                    break
        finally:
            if not healthy:
                self._discard()  # hung, dead or deaf to cancel: the next scan gets a new one

        if not finished and error is None and not was_cancelled:
            error = (
                f"Trình điều khiển máy quét dừng đột ngột (mã thoát {process.exitcode}). "
                f"Đã giữ {len(details)} trang đã nhận; quét tiếp các trang còn lại."
            )
        _adopt_unreported(folder, prefix, before, details, report)
        for tmp in folder.glob(f".{prefix}*"):
            tmp.unlink(missing_ok=True)  # half-written by a killed worker: never a page
        details.sort(key=lambda page: page.index)
        return ScanOutcome(
            pages=[page.path for page in details],
            error=error,
            cancelled=was_cancelled and error is None,
            details=details,
        )


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
    worker: ScanWorker | None = None,
) -> ScanOutcome:
    """Scan ``device_id`` into ``folder`` through a watched worker process.

    ``on_page`` is called (in the caller's thread) for each page once it is safely on disk;
    ``cancelled`` is polled about 20 times a second. ``page_timeout`` is the longest wait for
    the next page (``first_page_timeout``, default twice as long, for the first: scanners warm
    up). ``on_worker`` receives the worker's process id (for tests and diagnostics). Pass a
    long-lived ``worker`` to skip the process start (about 0.5 s); without one, a worker is
    started for this scan and stopped after it.
    """
    options = dict(
        page_timeout=page_timeout,
        first_page_timeout=first_page_timeout,
        cancel_grace=cancel_grace,
        prefix=prefix,
        on_worker=on_worker,
    )
    if worker is not None:
        return worker.scan(device_id, settings, folder, on_page, cancelled, **options)
    with ScanWorker() as own:
        return own.scan(device_id, settings, folder, on_page, cancelled, **options)


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
