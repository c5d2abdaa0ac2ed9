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


@pytest.fixture
def tasks(kiosk_app):
    from ui.tasks import TaskManager

    manager = TaskManager()
    yield manager
    manager.shutdown()
