"""A text field for keyboard-wedge scanners: a multi-line QR arrives as lines separated by Enter.

A scanner types the QR text and presses Enter for each line break. The receipt QR in text form
starts with ``MC1`` and ends with its ``S=`` line (kiosk/receipt_qr.py), so the lines of such a
QR are collected until the signature arrives and submitted together. A one-line text (a typed
dossier code, or the QR in URL form) is submitted on its Enter. A paste with line breaks works as
well, with or without a final line break (blank lines are ignored). ``sig_started`` says a new read
has begun, so the page can clear what the previous read showed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

QR_FIRST_LINE = "MC1"
QR_LAST_PREFIX = "S="
FORGET_MS = 2000  # a scan interrupted half-way is dropped after this pause


class ScanLineEdit(QLineEdit):
    sig_submitted = Signal(str)
    """The whole text entered (lines joined with "\\n"), on Enter."""
    sig_started = Signal()
    """Text is being entered or pasted: a new read has begun (emitted on every edit)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._lines: list[str] = []
        self._forget = QTimer(self, singleShot=True, interval=FORGET_MS, timeout=self.forget)
        self.textEdited.connect(lambda text: text and self.sig_started.emit())

    @property
    def collecting(self) -> bool:
        """True while the lines of a multi-line QR are arriving."""
        return bool(self._lines)

    def forget(self) -> None:
        """Drop the lines of a scan interrupted half-way."""
        self._lines = []

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        line = self.text()
        lines = self._lines + [x for x in line.split("\n") if x.strip()]
        if not lines:
            self.sig_submitted.emit("")  # the page says what to scan
            return
        if lines[0].strip() == QR_FIRST_LINE and not lines[-1].startswith(QR_LAST_PREFIX):
            self._lines = lines  # more lines of the QR are coming
            self.clear()
            self._forget.start()
            return
        self._lines = []
        self._forget.stop()
        self.sig_submitted.emit("\n".join(lines).strip())
