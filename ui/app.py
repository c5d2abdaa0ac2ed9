"""The Qt application: one of the two composition roots (the other is ``app/cli.py``).

Start-up order matters for the first-window time: Qt, fonts and translations first, the window is
shown, and only then is the store opened (migrations, seed data) on the database worker.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.config import KioskConfig
from kiosk.paths import resource
from ui.errors import show_error
from ui.main_window import MainWindow
from ui.tasks import TaskManager

if TYPE_CHECKING:
    from kiosk.db import Store

log = logging.getLogger(__name__)
UI_FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")


def load_fonts() -> str:
    """Register the bundled UI fonts; return their family (fails loudly if a file is missing).

    The serif form fonts are registered by the print preview when it first opens.
    """
    family = ""
    for name in UI_FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
        if font_id < 0:
            raise RuntimeError(f"cannot load font {name}")
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    return family


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Vietnamese is the default: source strings are English, ``kiosk_vi.qm`` translates them."""
    app.setProperty("kiosk_language", language)
    if language != "vi":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return None
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    translator = QTranslator(app)
    if not translator.load(str(resource("i18n", "kiosk_vi.qm"))):
        raise RuntimeError("cannot load the Vietnamese translation kiosk_vi.qm")
    app.installTranslator(translator)
    return translator


def make_app(argv: list[str] | None = None, language: str = "vi") -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Một cửa")
    app.setFont(QFont(load_fonts(), 11))
    install_translator(app, language)
    return app


def run(config: KioskConfig, open_store: Callable[[], "Store"], *, demo: bool = False) -> int:
    """Show the main window, then build its pages and open the store; return the exit code.

    Modules that pull in SQLAlchemy, holidays or reportlab are imported only after the first
    window is on screen (bench: startup_to_first_window).
    """
    app = make_app(language=config.language)
    tasks = TaskManager()
    window = MainWindow(config, tasks, demo=demo)
    window.resize(1366, 768)
    window.show()
    if os.environ.get("KIOSK_STARTUP_PROBE"):
        # bench/: report the time the first window is shown, then leave.
        QTimer.singleShot(0, lambda: (print(f"shown {time.time():.6f}", flush=True), app.quit()))
    else:
        QTimer.singleShot(0, window.install_pages)
        tasks.run(open_store, window.set_store, lambda exc: show_error(window, exc))
    sys.excepthook = lambda *info: log.error("uncaught exception", exc_info=info)
    code = app.exec()
    tasks.shutdown()
    return code
