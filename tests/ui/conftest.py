import pytest

from kiosk import config


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(scope="session")
def kiosk_app(qapp):
    """The QApplication with the app's fonts and the Vietnamese translation installed."""
    from ui.app import make_app

    return make_app(language="vi")


@pytest.fixture
def demo_config():
    return config.load(config.demo_path())


_BUILT: list = []  # services built by a test: their scanner worker is stopped after it


def build_test_services(store, cfg):
    """The app's services on ``store`` (its folder is the profile: keys, blobs, printouts)."""
    from app.services import build_services
    from kiosk.paths import AppPaths

    services = build_services(AppPaths(store.folder), cfg, store=store)
    _BUILT.append(services)
    return services


@pytest.fixture(autouse=True)
def _stop_scan_workers():
    """A kept scanner worker lives as long as the app; a test's ends with the test."""
    yield
    while _BUILT:
        worker = _BUILT.pop().scan_worker
        if worker is not None:
            worker.close()


@pytest.fixture
def services(store, demo_config):
    return build_test_services(store, demo_config)


@pytest.fixture
def session(kiosk_app):
    """Nobody signed in yet; tests set ``session.set_officer(...)`` when it matters."""
    from ui.session import Session

    return Session()


@pytest.fixture
def tasks(kiosk_app):
    from ui.tasks import TaskManager

    manager = TaskManager()
    yield manager
    manager.shutdown()
