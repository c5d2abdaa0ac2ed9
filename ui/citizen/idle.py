"""The idle countdown: no touch for ``idle_seconds`` shows a countdown; at zero the visit is wiped
(``on_wipe``). Any touch, click or key resets the timer; "Continue" closes the countdown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class IdleWatch(QObject):
    def __init__(
        self,
        idle_seconds: int,
        countdown_seconds: int,
        *,
        on_countdown: Callable[[int], None],
        on_wipe: Callable[[], None],
        is_idle_screen: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.countdown_seconds = countdown_seconds
        self.left = 0
        self._on_countdown, self._on_wipe, self._is_idle_screen = (
            on_countdown,
            on_wipe,
            is_idle_screen,
        )
        self.idle = QTimer(self, singleShot=True, interval=idle_seconds * 1000)
        self.idle.timeout.connect(self.fire)
        self.tick = QTimer(self, interval=1000, timeout=self._tick)

    def start(self) -> None:
        QApplication.instance().installEventFilter(self)
        self.idle.start()

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.idle.stop()
        self.tick.stop()

    @property
    def counting(self) -> bool:
        return self.tick.isActive()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in ACTIVITY and not self.counting:
            self.idle.start()
        return False

    def fire(self) -> None:
        """Idle time is up: start the countdown (nothing to do on the attract screen)."""
        if self._is_idle_screen():
            self.idle.start()
            return
        self.left = self.countdown_seconds
        self._on_countdown(self.left)
        self.tick.start()

    def resume(self) -> None:
        """The citizen is still there."""
        self.tick.stop()
        self.idle.start()

    def _tick(self) -> None:
        self.left -= 1
        if self.left > 0:
            self._on_countdown(self.left)
            return
        self.tick.stop()
        self._on_wipe()
        self.idle.start()
