"""The one mechanism for background work in the UI (DESIGN §5, modelled on Anki's TaskManager).

Three executors: ``db`` has a single worker, for everything that opens a Session on behalf of the
UI, so database work is serialised; ``io`` is a small pool for network, printing and scanning
(no database transaction there); ``processes`` is a pool of worker processes for CPU-heavy work
(image conversion, page building: :meth:`TaskManager.run_in_process`), started with ``spawn`` so
the children never import Qt; they return results that a ``db`` task then records. A task's
result or exception comes back to the GUI thread through one queued signal carrying a closure.

Rules for callers: never touch a widget inside ``fn``; disable the control that started the task
until a callback runs; callbacks of widgets that may have closed are skipped
(``shiboken6.isValid``).

Long work (scanning, sync, imports) uses :meth:`TaskManager.start` (modelled on Orange's TaskState):
``fn`` receives a :class:`TaskState` to report progress (``set_progress(0.4, "Trang 4/10")``) and to
ask ``is_cancelled()`` between steps; the UI cancels with ``task.cancel()``. The result of a
cancelled task is dropped: neither ``on_success`` nor ``on_failure`` runs, ``on_cancelled`` does.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, Signal, Slot

from ui.errors import message_for

log = logging.getLogger(__name__)
PROCESS_NICENESS = 5


class TaskCancelled(Exception):
    """Raised by :meth:`TaskState.check` inside a task whose cancel was asked for."""


class TaskState:
    """What a long task sees of itself: progress to report, a cancel request to honour.

    Thread-safe. Progress reaching the GUI thread is coalesced: however often the worker reports,
    at most one update waits in the event queue, and it carries the latest figures.
    """

    def __init__(
        self,
        manager: TaskManager | None = None,
        on_progress: Callable[[float | None, str], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        self._manager, self._on_progress, self._owner = manager, on_progress, owner
        self._cancelled = threading.Event()
        self._lock = threading.Lock()
        self._progress: tuple[float | None, str] = (None, "")
        self._pending = False
        self.future: Future | None = None

    # --- the worker's side ----------------------------------------------------------------------

    def set_progress(self, fraction: float | None = None, text: str | None = None) -> None:
        """Report ``fraction`` done (0..1, None: unknown) and/or a short text for the user."""
        with self._lock:
            old_fraction, old_text = self._progress
            if fraction is not None:
                fraction = min(1.0, max(0.0, float(fraction)))
            self._progress = (
                old_fraction if fraction is None else fraction,
                old_text if text is None else text,
            )
            if self._pending or self._on_progress is None or self._manager is None:
                return
            self._pending = True
        self._manager.sig_closure.emit(self._deliver_progress)

    def is_cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        """Raise :class:`TaskCancelled` if the task was cancelled (an exit between two steps)."""
        if self._cancelled.is_set():
            raise TaskCancelled

    @property
    def progress(self) -> tuple[float | None, str]:
        with self._lock:
            return self._progress

    # --- the GUI's side -------------------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the task to stop; a task not started yet never starts. Its result is dropped."""
        self._cancelled.set()
        if self.future is not None:
            self.future.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def done(self) -> bool:
        return self.future is not None and self.future.done()

    def _deliver_progress(self) -> None:
        with self._lock:
            self._pending = False
            fraction, text = self._progress
        if self.cancelled or (self._owner is not None and not shiboken6.isValid(self._owner)):
            return
        try:
            self._on_progress(fraction, text)
        except Exception as exc:  # a bug in a progress callback must not take the app down
            self._manager._report(exc)


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
        self._processes: ProcessPoolExecutor | None = None  # started on first use
        self._running = 0
        self._closed = False
        # What a task holds that may reference widgets (its function and arguments, callbacks,
        # owner), by task number. Workers get only the number, so the last reference to a widget
        # is always dropped here, on the GUI thread: a Qt object destroyed on a worker thread
        # ("Timers cannot be stopped from another thread") crashes the process later.
        self._tasks: dict[int, tuple] = {}
        self._numbers = itertools.count()
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
        without ``on_failure`` they are logged and announced by ``sig_background_error``
        (never modal).
        """
        return self._submit(
            self._db if uses_db else self._io, fn, (), on_success, on_failure, None, None, owner
        )

    def run_in_process(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> Future:
        """Run ``fn(*args)`` in a worker process (CPU-heavy work: images, PDF pages).

        ``fn`` and ``args`` must pickle (a module-level function of ``kiosk``/``printing``, plain
        data) and ``fn`` opens no database session: a follow-up ``run`` records its result. The
        callbacks behave as for :meth:`run`.
        """
        return self._submit(
            self._process_pool(), fn, args, on_success, on_failure, None, None, owner
        )

    def _process_pool(self) -> Executor:
        if self._processes is not None and getattr(self._processes, "_broken", False):
            self._processes.shutdown(wait=False)  # a child died (a crashing decoder): start anew
            self._processes = None
        if self._processes is None and not self._closed:
            # the children run at a lower priority: background image work yields the CPU to the
            # UI process (they never hold its interpreter lock, so this inverts no priority)
            self._processes = ProcessPoolExecutor(
                max_workers=max(1, min(2, os.cpu_count() or 1)),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=os.nice,
                initargs=(PROCESS_NICENESS,),
            )
        return self._processes or self._io

    def start(
        self,
        fn: Callable[[TaskState], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        on_progress: Callable[[float | None, str], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        uses_db: bool = True,
        owner: QObject | None = None,
    ) -> TaskState:
        """Run ``fn(state)`` like :meth:`run`, with progress and cancel; return the state.

        ``on_progress(fraction, text)`` runs on the GUI thread (fraction None: unknown). After
        ``state.cancel()`` the task's result or error is dropped and ``on_cancelled`` runs instead
        (once the worker has returned, or at once if it had not started).
        """
        state = TaskState(self, on_progress, owner)
        state.future = self._submit(
            self._db if uses_db else self._io,
            fn,
            (state,),
            on_success,
            on_failure,
            state,
            on_cancelled,
            owner,
        )
        return state

    def _submit(
        self, executor: Executor, fn, args, on_success, on_failure, state, on_cancelled, owner
    ) -> Future:
        if self._closed:  # a timer of a window being torn down: nothing may start any more
            future = Future()
            future.cancel()
            return future
        self._set_running(self._running + 1)
        number = next(self._numbers)
        self._tasks[number] = (fn, args, on_success, on_failure, owner, state, on_cancelled)
        if isinstance(executor, ProcessPoolExecutor):  # fn and args pickle: plain data, no widget
            future = executor.submit(fn, *args)
        else:
            future = executor.submit(self._call, number)
        future.add_done_callback(lambda f: self.sig_closure.emit(lambda: self._finish(f, number)))
        return future

    def _call(self, number: int) -> Any:
        """On a worker: run task ``number``; its references stay in ``_tasks`` (GUI side)."""
        fn, args = self._tasks[number][:2]
        return fn(*args)

    def _finish(self, future: Future, number: int) -> None:
        _fn, _args, on_success, on_failure, owner, state, on_cancelled = self._tasks.pop(number)
        self._set_running(self._running - 1)
        try:
            if owner is not None and not shiboken6.isValid(owner):
                return  # its widget is gone: nobody to tell
            if future.cancelled() or (state is not None and state.cancelled):
                if state is not None and on_cancelled is not None and not self._closed:
                    try:
                        on_cancelled()
                    except Exception as callback_exc:
                        self._report(callback_exc)
                return  # cancelled (by the user or at shutdown): the result is dropped
            exc = future.exception()
            if isinstance(exc, TaskCancelled):
                return
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

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Process events until no task is running (and callbacks have run); False on timeout.

        For tests and shutdown paths that must know the background work started so far is over,
        instead of sleeping a guessed time. Runs on the GUI thread (it spins the event loop).
        """
        deadline = time.monotonic() + timeout
        while self._running:
            if time.monotonic() > deadline:
                return False
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if self._running:
                time.sleep(0.002)
        QCoreApplication.processEvents()  # follow-ups queued by the last callbacks
        return self._running == 0

    @Slot(object)
    def _run_closure(self, closure: Callable[[], None]) -> None:
        closure()

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting work; with ``wait``, let running tasks finish (commits are never cut)."""
        self._closed = True
        self._io.shutdown(wait=wait, cancel_futures=True)
        if self._processes is not None:
            self._processes.shutdown(wait=wait, cancel_futures=True)
        self._db.shutdown(wait=wait)
