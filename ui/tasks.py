"""The one mechanism for background work in the UI (DESIGN §5, modelled on Anki's TaskManager).

Two executors: ``db`` has a single worker, for everything that opens a Session on behalf of the UI,
so database work is serialised; ``io`` is a small pool for network, printing and scanning. A task's
result or exception comes back to the GUI thread through one queued signal carrying a closure.

Rules for callers: never touch a widget inside ``fn``; disable the control that started the task
until a callback runs; callbacks of widgets that may have closed are skipped (``shiboken6.isValid``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

from ui.errors import message_for

log = logging.getLogger(__name__)


class TaskManager(QObject):
    sig_closure = Signal(object)
    """Internal: a zero-argument callable to run on the GUI thread."""

    sig_task_finished = Signal()
    """Emitted on the GUI thread after each task's callback has run (tests wait on it)."""

    sig_background_error = Signal(str)
    """A task without ``on_failure`` failed; carries the text to show in the status bar."""

    sig_busy_changed = Signal(int)
    """Number of tasks still running; the window shows a busy indicator while it is above 0."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._io = ThreadPoolExecutor(max_workers=4, thread_name_prefix="io")
        self._running = 0
        self._closed = False
        self.sig_closure.connect(self._run_closure, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        uses_db: bool = True,
        owner: QObject | None = None,
    ) -> Future:
        """Run ``fn`` in the background and call back on the GUI thread.

        ``owner``: a widget whose deletion cancels the callbacks. Exceptions are never swallowed:
        without ``on_failure`` they are logged and announced by ``sig_background_error`` (never modal).
        """
        if self._closed:  # a timer of a window being torn down: nothing may start any more
            future = Future()
            future.cancel()
            return future
        self._set_running(self._running + 1)
        future = (self._db if uses_db else self._io).submit(fn)
        future.add_done_callback(
            lambda f: self.sig_closure.emit(lambda: self._finish(f, on_success, on_failure, owner)))
        return future

    def _finish(self, future: Future, on_success, on_failure, owner) -> None:
        self._set_running(self._running - 1)
        try:
            if future.cancelled() or (owner is not None and not shiboken6.isValid(owner)):
                return  # cancelled at shutdown, or its widget is gone: nobody to tell
            exc = future.exception()
            try:
                if exc is None:
                    if on_success is not None:
                        on_success(future.result())
                elif on_failure is not None:
                    on_failure(exc)
                else:
                    self._report(exc)
            except Exception as callback_exc:  # a bug in a callback must not take the app down
                self._report(callback_exc)
        finally:
            self.sig_task_finished.emit()

    def _report(self, exc: BaseException) -> None:
        log.error("background task failed", exc_info=exc)
        self.sig_background_error.emit(message_for(exc))

    def _set_running(self, n: int) -> None:
        self._running = n
        self.sig_busy_changed.emit(n)

    @property
    def running(self) -> int:
        return self._running

    @Slot(object)
    def _run_closure(self, closure: Callable[[], None]) -> None:
        closure()

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting work; with ``wait``, let running tasks finish (commits are never cut)."""
        self._closed = True
        self._io.shutdown(wait=wait, cancel_futures=True)
        self._db.shutdown(wait=wait)
