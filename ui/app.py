"""The Qt application: fonts, translations, the window and its start-up order.

Start-up order matters for the first-window time: Qt, fonts and translations first, the window is
shown, and only then are the services built (store opened and migrated, seed data, calendar, keys)
on the database worker, by the function the composition root (``app/``) passes in.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from kiosk.config import KioskConfig
from kiosk.paths import resource
from ui.errors import show_error
from ui.main_window import MainWindow
from ui.tasks import TaskManager

if TYPE_CHECKING:
    from app.services import Services

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
    install_qt_translations(app)
    translator = QTranslator(app)
    if not translator.load(str(resource("i18n", "kiosk_vi.qm"))):
        raise RuntimeError("cannot load the Vietnamese translation kiosk_vi.qm")
    app.installTranslator(translator)
    return translator


def install_qt_translations(app: QApplication) -> None:
    """Qt's own dialogs in Vietnamese ("Hủy", the file and print dialogs, context menus).

    Qt ships no qtbase_vi.qm (neither PySide6 nor Debian's qt6-translations-l10n), so the project
    carries its own, ``resources/i18n/qtbase_vi.qm``. Should a later Qt bring one in its
    translations folder, it is installed first: ours, installed after it, is asked first, and Qt's
    fills in the texts ours lacks.
    """
    qt = QTranslator(app)
    if qt.load("qtbase_vi", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
    own = QTranslator(app)
    if not own.load(str(resource("i18n", "qtbase_vi.qm"))):
        raise RuntimeError("cannot load the Vietnamese translation of Qt's dialogs qtbase_vi.qm")
    app.installTranslator(own)


def make_app(argv: list[str] | None = None, language: str = "vi") -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Một cửa")
    app.setFont(QFont(load_fonts(), 11))
    install_translator(app, language)
    return app


def run(config: KioskConfig, build_services: Callable[[], Services], *, demo: bool = False) -> int:
    """Show the main window, then build the services and the pages; return the exit code.

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
        tasks.run(build_services, window.install_pages, lambda exc: show_error(window, exc))
    sys.excepthook = lambda *info: log.error("uncaught exception", exc_info=info)
    code = app.exec()
    tasks.shutdown()
    if window.services is not None:
        window.services.close()
    return code
