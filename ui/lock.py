"""Idle detection for the counter's lock screen (officer mode locks; it never wipes, DESIGN §13.16).

An event filter on the QApplication notes the time of every key, mouse, wheel and touch event; a
single-shot timer wakes up when the idle limit could have passed, and re-arms for the remainder if
there was input meanwhile, so a moving mouse costs a timestamp, not a timer restart.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.ShortcutOverride,
    }
)


class IdleWatcher(QObject):
    sig_idle = Signal()
    """Emitted once when no input arrived for ``timeout_ms`` while the watcher was running."""

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timeout_ms = timeout_ms
        self._last_input = time.monotonic()
        self._timer = QTimer(self, singleShot=True, timeout=self._on_timer_timeout)
        self.inputs = 0
        QApplication.instance().installEventFilter(self)

    def set_timeout_ms(self, ms: int) -> None:
        self._timeout_ms = ms
        if self._timer.isActive():
            self.start()

    def start(self) -> None:
        """Count idle time from now."""
        self._last_input = time.monotonic()
        self._timer.start(self._timeout_ms)

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in INPUT_EVENTS:
            self._last_input = time.monotonic()
            self.inputs += 1
        return False

    def _on_timer_timeout(self) -> None:
        idle_ms = (time.monotonic() - self._last_input) * 1000
        if idle_ms >= self._timeout_ms:
            self.sig_idle.emit()
        else:
            self._timer.start(max(1, int(self._timeout_ms - idle_ms)))
