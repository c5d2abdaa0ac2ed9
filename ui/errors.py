"""How errors reach the user: the truth about what was saved, in Vietnamese first.

Known errors (``KioskError``) carry their own text. A storage failure that reached the UI unwrapped
(full disk, locked store, no permission, a disk error) is explained by ``kiosk.failures``: the last
action was NOT saved, and what to do. Anything else (a bug) says the last action may not have been
saved, never that everything was.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kiosk.errors import KioskError
from kiosk.failures import storage_failure

log = logging.getLogger(__name__)


def message_for(exc: BaseException) -> str:
    known = exc if isinstance(exc, KioskError) else storage_failure(exc)
    if known is not None:
        lang = (
            QApplication.instance().property("kiosk_language") if QApplication.instance() else "vi"
        )
        return known.english if lang == "en" else known.message
    return QApplication.translate(
        "errors",
        "Something went wrong: the last action may not have been saved. What was saved "
        "before it is kept. Check it, then try again; if it happens again, tell the technician "
        "and give them the details.",
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """A non-blocking message box for an action the user started."""
    if not isinstance(exc, KioskError):
        log.error("unexpected error", exc_info=exc)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QApplication.translate("errors", "Cannot do that"),
        message_for(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    if not isinstance(exc, KioskError):
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.open()
