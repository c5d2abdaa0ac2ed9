"""One composition: the window builds every page from the services made once at start-up; a page
holds only the services it uses, never the store, a session factory or the window, and learns who
is at the counter from the ``Session`` it is given."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from kiosk.db import Store
from tests.ui.counter_helpers import make_counter_window, sign_in

UI = Path(__file__).parents[2] / "ui"


def _held(obj) -> list:
    """What a page keeps: its attributes, and the fields of a services dataclass among them."""
    values = list(vars(obj).values())
    return values + [getattr(v, f.name) for v in values if is_dataclass(v) for f in fields(v)]


def test_pages_hold_services_only(qtbot, demo_config, tasks, store):
    from ui.main_window import MainWindow

    window = make_counter_window(qtbot, demo_config, tasks, store)
    pages = [window.pages.widget(i) for i in range(window.pages.count())]
    assert len(pages) == 8 and window.dossiers.detail not in pages  # supervisor's, sync
    for page in [*pages, window.dossiers.detail]:
        held = _held(page)
        assert not [v for v in held if isinstance(v, (Store, sessionmaker, MainWindow))], page
        assert page.session is window.current if hasattr(page, "session") else True


def test_page_services_are_narrow():
    """Each page's services object lists what the page uses, and none of them is the store."""
    from ui.dossiers_view import DossiersServices
    from ui.overview_view import OverviewServices
    from ui.reception.page import ReceptionServices
    from ui.return_view import ReturnServices

    for cls in (DossiersServices, OverviewServices, ReceptionServices, ReturnServices):
        names = {f.name for f in fields(cls)}
        assert names and not names & {"store", "sessions", "reads", "window", "paths"}, cls


def test_pages_get_the_officer_from_the_session(qtbot, demo_config, tasks, store):
    window = make_counter_window(qtbot, demo_config, tasks, store)
    seen = []
    window.current.sig_officer_changed.connect(seen.append)
    sign_in(qtbot, window)
    assert window.reception.officer_id() == window.current.officer_id == seen[0].id
    window.session.sign_out()
    assert window.reception.officer_id() is None and seen[-1] is None


def test_no_page_asks_the_window_or_builds_services():
    """Regression guard for the old wiring: ``getattr(self.window(), "current_officer")`` and pages
    building their own services from the store."""
    banned = re.compile(
        r"current_officer|build_counter_services|def set_store|\.sessions\b|"
        r"\.reads\b|from app\b|import app\b"
    )
    offenders = [
        f"{p.relative_to(UI.parent)}:{n}: {line.strip()}"
        for p in sorted(UI.rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if banned.search(line)
        and "TYPE_CHECKING" not in line
        and not line.lstrip().startswith(("from app.services import Services",))
    ]
    assert offenders == []


def test_signin_view_does_not_know_the_session():
    """The sign-in screen talks to the session through signals only (no two-way dependency)."""
    import inspect

    from ui.signin_view import SigninView

    assert list(inspect.signature(SigninView.__init__).parameters) == ["self", "config", "demo"]
    assert "ui.session" not in (UI / "signin_view.py").read_text(encoding="utf-8")
