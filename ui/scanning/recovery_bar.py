"""Scanned pages left in drafts (a crash, a kill, a power cut): offered back at start-up.

Pages are stored as they arrive, bound to their draft and checklist item, so nothing is lost; this
bar says so on the reception page and takes the officer back to the digitise step of that draft.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from kiosk.scanning.pages import Recoverable

SHOWN = 3


class RecoveryBar(QFrame):
    sig_resume = Signal(str)
    """The officer takes up this draft (its id) to finish scanning it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryBar")
        self.setStyleSheet(
            "#recoveryBar { background:#fffaeb; border:1px solid #b54708; border-radius:6px; }"
        )
        self.rows = QVBoxLayout(self)
        self.buttons: dict[str, QPushButton] = {}
        self.hide()

    def show_drafts(self, drafts: list[Recoverable]) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() or (item.layout() and _holder(item.layout()))
            if widget is not None:
                widget.deleteLater()
        self.buttons.clear()
        if not drafts:
            self.hide()
            return
        title = QLabel(
            self.tr(
                "Scanned pages of dossiers not finished were kept (the app was closed while "
                "scanning). Take them up again:"
            )
        )
        title.setWordWrap(True)
        title.setStyleSheet("font-weight:bold; color:#b54708;")
        self.rows.addWidget(title)
        for draft in drafts[:SHOWN]:
            row = QHBoxLayout()
            papers = "; ".join(f"{name}: {n}" for _id, name, n in draft.items)
            who = f" — {draft.applicant_name}" if draft.applicant_name else ""
            text = QLabel(
                f"{draft.procedure_name}{who} · "
                + self.tr("%n page(s)", "", draft.pages)
                + f" ({papers})"
            )
            text.setWordWrap(True)
            row.addWidget(text, 1)
            button = QPushButton(self.tr("Continue scanning"))
            button.clicked.connect(partial(self._resume, draft.dossier_id))
            self.buttons[draft.dossier_id] = button
            row.addWidget(button)
            self.rows.addLayout(row)
        if len(drafts) > SHOWN:
            self.rows.addWidget(
                QLabel(self.tr("…and %n more in “Dossiers” (drafts).", "", len(drafts) - SHOWN))
            )
        self.show()

    def _resume(self, dossier_id: str) -> None:
        self.hide()
        self.sig_resume.emit(dossier_id)


def _holder(layout):
    """Delete a row layout's widgets (rows are plain layouts)."""
    while layout.count():
        child = layout.takeAt(0).widget()
        if child is not None:
            child.deleteLater()
    return None
