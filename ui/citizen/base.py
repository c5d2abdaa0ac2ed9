"""What every citizen screen shares: the visit's context, bilingual bound texts, big buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from kiosk.errors import KioskError
from ui.citizen.style import Prefs
from ui.citizen.texts import text

if TYPE_CHECKING:
    from kiosk.catalog import CatalogService
    from kiosk.config import KioskConfig
    from kiosk.officers import OfficerService
    from kiosk.public_lookup import PublicLookup
    from kiosk.ratings import RatingService
    from kiosk.ticketing import TicketDesk
    from printing.citizen_papers import KioskPrinting
    from ui.tasks import TaskManager


@dataclass(frozen=True)
class CitizenServices:
    """What the kiosk's screens use, built once by the composition root (``app/citizen.py``)."""

    config: KioskConfig
    catalog: CatalogService
    desk: TicketDesk
    lookup: PublicLookup
    ratings: RatingService
    officers: OfficerService
    papers: KioskPrinting


@dataclass
class Visit:
    """Everything one citizen's visit holds in memory; replaced (never edited back) by the wipe."""

    procedure: Any = None
    facts: Any = None
    ticket: Any = None
    rating_target: Any = None
    answers: dict[str, int] = field(default_factory=dict)
    greeting: str = ""

    def is_empty(self) -> bool:
        return self == Visit()


@dataclass
class Context:
    prefs: Prefs
    tasks: TaskManager
    services: CitizenServices
    visit: Visit
    go: Callable[..., None]

    def t(self, key: str, *args: object) -> str:
        value = text(key, self.prefs.lang)
        return value.format(*args) if args else value

    def message(self, exc: BaseException) -> str:
        if isinstance(exc, KioskError):
            return exc.english if self.prefs.lang == "en" and exc.english else exc.message
        return self.t("error_generic")


class Page(QWidget):
    """A screen. Texts made with :meth:`label`/:meth:`button` follow a language switch."""

    name = ""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self._bound: list[tuple[Callable[[str], None], str, tuple]] = []

    def t(self, key: str, *args: object) -> str:
        return self.ctx.t(key, *args)

    def bind(self, setter: Callable[[str], None], key: str, *args: object) -> None:
        self._bound.append((setter, key, args))
        setter(self.t(key, *args))

    def label(self, key: str | None = None, *, name: str = "", wrap: bool = True) -> QLabel:
        widget = QLabel(objectName=name)
        widget.setWordWrap(wrap)
        widget.setTextFormat(Qt.TextFormat.PlainText)
        if key:
            self.bind(widget.setText, key)
        return widget

    def button(
        self, key: str | None, on_click: Callable[[], None], *, name: str = ""
    ) -> QPushButton:
        widget = QPushButton(objectName=name)
        widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        widget.setCursor(Qt.CursorShape.PointingHandCursor)
        if key:
            self.bind(widget.setText, key)
        widget.clicked.connect(lambda _checked=False: on_click())
        return widget

    def retranslate(self) -> None:
        for setter, key, args in self._bound:
            setter(self.t(key, *args))
        self.refresh()

    def refresh(self) -> None:
        """Redraw texts that depend on data (results, facts) in the current language."""

    def enter(self, **kwargs: Any) -> None:
        """The page is shown (with what the previous screen passes on)."""
