"""One scanner run for one paper of a draft, without the UI ever waiting on the scanner.

The scanner driver runs in a worker process of its own (``kiosk.scanning.worker``), which writes
each page into the batch's spool folder the moment it arrives; an ``io`` thread only waits on it.
Each page is then processed in the process pool and recorded by the database worker, in the order
the pages arrived, so the strip fills page by page while the feeder runs. Cancel stops the scanner
after the current page; pages already received are kept. If the app dies meanwhile, the pages in
the spool are taken in at the next start (``PageStore.recover_spools``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.scanning.pages import PageStore, process_file
from kiosk.scanning.worker import ScanWorker
from ui.tasks import TaskManager, TaskState


@dataclass(frozen=True)
class ScanRequest:
    dossier_id: str
    item_id: int
    device: str  # "sane:…", "escl:…", "folder:…", "file:PATH"
    feeder: bool = False
    officer_id: int | None = None
    mode: str = "gray"
    dpi: int = 300
    replaces: int | None = None  # a rescan of this page
    second_scan_of: int | None = None  # the second scan of this handwritten page


@dataclass(frozen=True)
class Arrived:
    index: int
    path: Path
    dpi: int


def run_scan(
    request: ScanRequest, folder: Path, on_page, cancelled, *, worker: ScanWorker | None = None
) -> tuple[str | None, bool]:
    """Scan into ``folder`` through the scanner worker process; return (error, cancelled).

    ``worker``: the app's kept worker (no process start per scan; a dead one is replaced)."""
    from kiosk.scanning.device import ScanSettings
    from kiosk.scanning.worker import scan_to_folder

    single = request.replaces is not None or request.second_scan_of is not None
    settings = ScanSettings(
        mode=request.mode,
        dpi=request.dpi,
        source="feeder" if request.feeder and not single else "flatbed",
        pages=1 if single else None,
    )

    def arrived(page) -> None:
        on_page(Arrived(page.index, page.path, page.dpi))

    outcome = scan_to_folder(request.device, settings, folder, arrived, cancelled, worker=worker)
    return outcome.error, outcome.cancelled


Scanner = Callable[[ScanRequest, Path, Callable[[Arrived], None], Callable[[], bool]], tuple]


class ScanJob(QObject):
    sig_page = Signal(object)
    """A page was recorded (kiosk.scanning.pages.PageInfo)."""

    sig_progress = Signal(int, str)
    """Pages recorded so far, and a line for the officer."""

    sig_finished = Signal(str, str)
    """How it ended ("done", "cancelled", "failed") and a message ('' when none)."""

    def __init__(
        self,
        tasks: TaskManager,
        pages: PageStore,
        request: ScanRequest,
        *,
        scanner: Scanner | None = None,
        worker: ScanWorker | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks, self.pages, self.request = tasks, pages, request
        self.scanner = scanner or partial(run_scan, worker=worker)
        self.batch_id: int | None = None
        self.state: TaskState | None = None
        self.recorded = 0
        self.errors: list[str] = []
        self._ready: dict[int, object] = {}  # arrival index → processed page, or None (failed)
        self._arrived = 0
        self._next = 0
        self._recording = False
        self._scan_over: tuple[str, str] | None = None
        self._finished = False

    # --- starting and stopping ------------------------------------------------------------------

    def start(self) -> None:
        r, spool = self.request, self.pages.new_spool()
        self.spool = spool
        self.tasks.run(
            lambda: self.pages.begin_batch(
                r.dossier_id, r.item_id, r.device, spool=spool, officer_id=r.officer_id
            ),
            self._begun,
            lambda exc: self._end("failed", _message(exc)),
            owner=self,
        )

    def cancel(self) -> None:
        if self.state is not None:
            self.state.cancel()

    def _begun(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.sig_progress.emit(0, self.tr("Scanning…"))
        self.state = self.tasks.start(
            self._scan,
            lambda result: self._scanned(*result),
            lambda exc: self._scanned(_message(exc), False),
            on_cancelled=lambda: self._scanned(None, True),
            uses_db=False,
            owner=self,
        )

    def _scan(self, state: TaskState):
        """On an io thread: wait on the scanner worker; hand each page to the GUI thread."""

        def on_page(page: Arrived) -> None:
            self.tasks.sig_closure.emit(partial(self._on_arrived, page))

        return self.scanner(self.request, self.spool, on_page, state.is_cancelled)

    # --- pages, in arrival order ----------------------------------------------------------------

    def _on_arrived(self, page: Arrived) -> None:
        self._arrived += 1
        self.sig_progress.emit(
            self.recorded,
            self.tr("Page %1 received, processing…").replace("%1", str(self._arrived)),
        )
        self.tasks.run_in_process(
            process_file,
            page.path,
            page.dpi,
            self.request.mode,
            on_success=partial(self._processed, page.index),
            on_failure=partial(self._not_processed, page.index),
            owner=self,
        )

    def _processed(self, index: int, processed) -> None:
        self._ready[index] = processed
        self._flush()

    def _not_processed(self, index: int, exc: BaseException) -> None:
        self.errors.append(
            self.tr("Page %1: %2").replace("%1", str(index + 1)).replace("%2", _message(exc))
        )
        self._ready[index] = None
        self._flush()

    def _flush(self) -> None:
        if self._recording:
            return
        while self._next in self._ready and self._ready[self._next] is None:
            del self._ready[self._next]
            self._next += 1
        if self._next not in self._ready:
            self._maybe_finish()
            return
        processed = self._ready.pop(self._next)
        first = self.recorded == 0
        r, batch = self.request, self.batch_id
        self._recording = True
        self.tasks.run(
            lambda: self.pages.add_page(
                r.dossier_id,
                r.item_id,
                processed,
                batch_id=batch,
                replaces=r.replaces if first else None,
                second_scan_of=r.second_scan_of if first else None,
            ),
            self._recorded,
            self._not_recorded,
            owner=self,
        )

    def _recorded(self, info) -> None:
        self._recording = False
        self._next += 1
        self.recorded += 1
        self.sig_page.emit(info)
        self.sig_progress.emit(
            self.recorded, self.tr("%1 page(s) scanned").replace("%1", str(self.recorded))
        )
        self._flush()

    def _not_recorded(self, exc: BaseException) -> None:
        self._recording = False
        self.errors.append(_message(exc))
        self._next += 1
        self._flush()

    # --- the end --------------------------------------------------------------------------------

    def _scanned(self, error: str | None, cancelled: bool) -> None:
        status = "failed" if error else "cancelled" if cancelled else "done"
        self._scan_over = (status, error or "")
        self._maybe_finish()

    def _maybe_finish(self) -> None:
        if self._scan_over is None or self._recording or self._ready or self._finished:
            return
        if self._next < self._arrived:  # pages still in the process pool
            return
        status, message = self._scan_over
        if self.errors:
            message = " ".join([message, *self.errors]).strip()
        if self.batch_id is None:
            self._end(status, message)
            return
        batch = self.batch_id
        self.tasks.run(
            lambda: self.pages.end_batch(batch, status),
            lambda _none: self._end(status, message),
            lambda exc: self._end(status, _message(exc)),
            owner=self,
        )

    def _end(self, status: str, message: str) -> None:
        if not self._finished:
            self._finished = True
            self.sig_finished.emit(status, message)


def _message(exc: BaseException) -> str:
    from ui.errors import message_for

    return message_for(exc)
