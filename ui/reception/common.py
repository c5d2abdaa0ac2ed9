"""Small widgets shared by the reception steps."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.style import DANGER, OK, WARNING

_TONES = {
    "error": ("#fef3f2", DANGER),
    "warning": ("#fffaeb", WARNING),
    "ok": ("#ecfdf3", OK),
    "info": ("#eff8ff", "#175cd3"),
}


class Banner(QLabel):
    """An inline message (never a modal): error, warning, ok or info.

    Its place (two lines) is kept while it is hidden, so a message never moves the buttons.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMinimumHeight(2 * self.fontMetrics().lineSpacing() + 20)
        keep = self.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.setSizePolicy(keep)
        self.hide()

    def show_message(self, text: str, tone: str = "error") -> None:
        background, colour = _TONES[tone]
        self.setStyleSheet(
            f"background:{background}; color:{colour}; border:1px solid {colour};"
            "border-radius:6px; padding:8px 12px; font-weight:bold;"
        )
        self.setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")
        self.hide()


def step_title(text: str) -> QLabel:
    label = QLabel(text, objectName="pageTitle")
    return label
