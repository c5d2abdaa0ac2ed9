"""An on-screen keyboard for the kiosk: letters, digits, the Vietnamese letters with their own
keys (ă â đ ê ô ơ ư), space and delete. Tone marks are optional: the catalog search folds accents
and understands telex, so "khai sinh" and "kết hôn" find the same as typed with marks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

ROWS = (
    "1234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm.-",
    "ăâđêôơư",
)


class OnScreenKeyboard(QWidget):
    """Types into ``target`` (a QLineEdit); the keys never take the focus."""

    def __init__(self, target: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.shift = False
        self.keys: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for row in ROWS:
            line = QHBoxLayout()
            line.setSpacing(6)
            for ch in row:
                key = self._key(ch, lambda _=False, c=ch: self.type(c))
                self.keys[ch] = key
                line.addWidget(key)
            layout.addLayout(line)
        bottom = QGridLayout()
        self.shift_key = self._key("⇧", self.toggle_shift)
        self.space_key = self._key("␣", lambda: self.type(" "))
        self.delete_key = self._key("⌫", self.backspace)
        self.clear_key = self._key("✕", self.target.clear)
        bottom.addWidget(self.shift_key, 0, 0)
        bottom.addWidget(self.space_key, 0, 1, 1, 4)
        bottom.addWidget(self.delete_key, 0, 5)
        bottom.addWidget(self.clear_key, 0, 6)
        layout.addLayout(bottom)

    def _key(self, label: str, on_click) -> QPushButton:
        key = QPushButton(label, objectName="key")
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        key.setAutoRepeat(label == "⌫")
        key.clicked.connect(on_click)
        return key

    def type(self, ch: str) -> None:
        self.target.insert(ch.upper() if self.shift else ch)
        if self.shift:
            self.toggle_shift()

    def backspace(self) -> None:
        self.target.backspace()

    def toggle_shift(self) -> None:
        self.shift = not self.shift
        for ch, key in self.keys.items():
            key.setText(ch.upper() if self.shift else ch)
