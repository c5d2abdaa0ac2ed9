"""Taps counted from the home screen, as a stranger would make them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


class Taps:
    def __init__(self, qtbot) -> None:
        self.qtbot, self.count = qtbot, 0

    def tap(self, widget: QWidget) -> None:
        assert widget.isVisible() and widget.isEnabled(), widget
        self.count += 1
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def to_home(window, qtbot) -> Taps:
    qtbot.mouseClick(window.page("attract"), Qt.MouseButton.LeftButton)
    assert window.current_name() == "home"
    return Taps(qtbot)


def wedge(qtbot, window, text: str) -> None:
    """Type ``text`` as a keyboard-wedge scanner does: fast key events, lines ended by Enter."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget() or window
    for ch in text + "\n":
        if ch == "\n":
            key, typed = Qt.Key.Key_Return, "\r"
        else:
            key, typed = Qt.Key.Key_unknown, ch
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, typed)
            )
    qtbot.wait(250)  # the scanner's burst ends when the keys stop
