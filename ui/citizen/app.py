"""Runs the citizen kiosk: a full-screen start card at once, the services built on the database
worker, then the kiosk window full screen. Only a technician's PIN closes it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from kiosk.config import KioskConfig
from ui.app import make_app
from ui.citizen.base import CitizenServices
from ui.citizen.window import CitizenWindow
from ui.errors import show_error
from ui.tasks import TaskManager

log = logging.getLogger(__name__)


def run_citizen(
    config: KioskConfig,
    build: Callable[[], tuple[CitizenServices, Callable[[], None]]],
    *,
    windowed: bool = False,
) -> int:
    """``build`` returns the kiosk's services and a function that closes what they opened."""
    app = make_app(language=config.language)
    tasks = TaskManager()
    card = QLabel(config.agency_name, alignment=Qt.AlignmentFlag.AlignCenter)
    card.setStyleSheet("font-size: 32px; background: #f3f6fa;")
    card.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    card.showMaximized() if windowed else card.showFullScreen()
    state: dict = {}

    def ready(built) -> None:
        services, state["close"] = built
        window = CitizenWindow(tasks, services)
        state["window"] = window
        window.sig_technician_exit.connect(lambda _officer: app.quit())
        window.resize(1080, 1920) if windowed else window.showFullScreen()
        if windowed:
            window.show()
        window.start()
        card.close()

    tasks.run(build, ready, lambda exc: show_error(card, exc))
    sys.excepthook = lambda *info: log.error("uncaught exception", exc_info=info)
    code = app.exec()
    tasks.shutdown()
    if "close" in state:
        state["close"]()
    return code
