"""Reads what a keyboard-wedge scanner types at the kiosk: a receipt QR or a citizen-ID card QR.

A wedge types a whole code as a burst of fast keys. A receipt QR has several lines, which the
scanner sends as Enter keys, so a burst ends when the keys stop (``gap_ms``), not at an Enter.
Bursts that look like a receipt (``MC1`` text, or a URL) or a card QR (six or more "|"-separated
fields) are announced; the focused field gets back the text it had before the burst. A person on
the on-screen keyboard never produces key events, so nothing else is caught.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLineEdit

from kiosk.public_lookup import is_qr_text
from ui.wedge import CARD_QR


class ScanCatcher(QObject):
    sig_receipt = Signal(str)
    sig_card = Signal(str)

    def __init__(self, parent: QObject | None = None, gap_ms: int = 150) -> None:
        super().__init__(parent)
        self._buffer: list[str] = []
        self._target: QLineEdit | None = None
        self._before = ""
        self._last = 0.0
        self.gap = gap_ms / 1000
        self._timer = QTimer(self, singleShot=True, interval=gap_ms, timeout=self._finish)

    def start(self) -> None:
        QApplication.instance().installEventFilter(self)

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.clear()

    def clear(self) -> None:
        self._timer.stop()
        self._buffer.clear()
        self._target, self._before = None, ""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress:
            return False
        focus = QApplication.focusWidget()
        if focus is not None and obj is not focus:
            return False  # the same key propagating to the parents: count it once
        now = time.monotonic()
        if not self._buffer or now - self._last > self.gap:
            self._buffer.clear()
            self._target = focus if isinstance(focus, QLineEdit) else None
            self._before = self._target.text() if self._target is not None else ""
        self._last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._buffer.append("\n")
        elif event.text():
            self._buffer.append(event.text())
        self._timer.start()
        return self._target is None  # nowhere to type: swallow, the burst is read whole

    def _finish(self) -> None:
        text = "".join(self._buffer).strip()
        target, before = self._target, self._before
        self.clear()
        if not text:
            return
        kind = "card" if CARD_QR.match(text) and "\n" not in text else None
        if is_qr_text(text):
            kind = "receipt"
        if kind is None:
            return
        if target is not None:
            target.setText(before)
        (self.sig_receipt if kind == "receipt" else self.sig_card).emit(text)
