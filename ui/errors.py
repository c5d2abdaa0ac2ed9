"""How errors reach the user: known errors get their Vietnamese text, others a generic one."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kiosk.errors import KioskError

log = logging.getLogger(__name__)


def message_for(exc: BaseException) -> str:
    if isinstance(exc, KioskError):
        lang = QApplication.instance().property("kiosk_language") if QApplication.instance() else "vi"
        return exc.english if lang == "en" else exc.message
    return QApplication.translate(
        "errors", "Something went wrong. The work done so far is saved. "
        "If it happens again, tell the technician and give them the details.")


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """A non-blocking message box for an action the user started."""
    if not isinstance(exc, KioskError):
        log.error("unexpected error", exc_info=exc)
    box = QMessageBox(QMessageBox.Icon.Warning, QApplication.translate("errors", "Cannot do that"),
                      message_for(exc), QMessageBox.StandardButton.Ok, parent)
    if not isinstance(exc, KioskError):
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.open()
