"""Detects a citizen-ID card QR typed by a keyboard-wedge scanner into whatever has focus.

A wedge scanner sends the whole QR text as fast keystrokes (a few ms apart) ending with Enter. The
detector watches key presses application-wide while it is enabled: a burst of fast keys ending in
Enter that looks like a CCCD QR (at least six "|"-separated fields: the card's own, or one that will
be refused with its reason) is taken away from the focused field (its text is restored to what it
was before the burst) and announced by ``sig_scanned``.
A person typing is far slower than ``max_gap_ms`` and never types "|" five times, so typing is
left alone.
"""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit

CARD_QR = re.compile(r"(?:[^|]*\|){5,}[^|]*$")


class WedgeDetector(QObject):
    sig_scanned = Signal(str)
    """The full QR text of a card read by a wedge scanner."""

    def __init__(self, parent: QObject | None = None, max_gap_ms: float = 60) -> None:
        super().__init__(parent)
        self.max_gap = max_gap_ms / 1000
        self._buffer = ""
        self._last = 0.0
        self._target = None
        self._before: str | None = None
        self._enabled = False

    def set_enabled(self, enabled: bool) -> None:
        app = QApplication.instance()
        if enabled and not self._enabled:
            app.installEventFilter(self)
        elif not enabled and self._enabled:
            app.removeEventFilter(self)
        self._enabled = enabled
        self._buffer = ""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # A key ignored by the focused widget propagates to its parents: count it once only.
        if event.type() != QEvent.Type.KeyPress or obj is not QApplication.focusWidget():
            return False
        now = time.monotonic()
        if now - self._last > self.max_gap:
            self._buffer, self._target = "", obj
            self._before = _text_of(obj)
        self._last = now
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text, self._buffer = self._buffer.strip(), ""
            if CARD_QR.match(text):
                _restore(self._target, self._before)
                self.sig_scanned.emit(text)
                return True
            return False
        if event.text():
            self._buffer += event.text()
        return False


def _text_of(widget) -> str | None:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    return None


def _restore(widget, before: str | None) -> None:
    """Put the focused field back as it was before the scanner typed into it."""
    if before is None:
        return
    if isinstance(widget, QLineEdit):
        widget.setText(before)
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        widget.setPlainText(before)
