"""Real scanners for the scanning tests: SANE's ``test`` backend and the eSCL simulator."""

from __future__ import annotations

import pytest

from kiosk.scanning.backends.sane import write_test_config
from kiosk.scanning.escl_simulator import EsclSimulator


@pytest.fixture
def sane_test(tmp_path, monkeypatch):
    """SANE configured with only its ``test`` backend (A4); the device id to scan from."""
    monkeypatch.setenv("SANE_CONFIG_DIR", str(write_test_config(tmp_path / "sane.d")))
    return "sane:test:0"


@pytest.fixture
def escl_sim():
    """An eSCL scanner on 127.0.0.1 with 3 sheets in its feeder (change ``state``/``faults``)."""
    with EsclSimulator(feeder_pages=3) as sim:
        yield sim
