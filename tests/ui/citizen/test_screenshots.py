"""Every screen in both orientations (1080×1920 portrait, 1920×1080 landscape), grabbed offscreen.

The images go to ``KIOSK_SHOTS`` when it is set (to look at them), else to the test's folder. The
test checks what can be checked without eyes: each screen fills the window, nothing is cut off on
the right (every visible button lies inside the window), and the screen is the one asked for.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from tests.ui.citizen.helpers import to_home

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


@pytest.mark.parametrize("orientation", list(SIZES))
def test_every_screen_in_both_orientations(window, qtbot, tmp_path, orientation):
    folder = Path(os.environ.get("KIOSK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    window.resize(*SIZES[orientation])
    to_home(window, qtbot)

    def shot(name: str) -> None:
        qtbot.wait(120)
        image = window.grab()
        assert (image.width(), image.height()) == SIZES[orientation]
        assert image.save(str(folder / f"citizen-{orientation}-{name}.png"))
        for b in window.findChildren(QPushButton):
            if b.isVisible() and b.window() is window:
                right = b.mapTo(window, b.rect().topRight()).x()
                assert right <= window.width(), (name, b.text())

    window.go("attract")
    shot("attract")
    window.go("home")
    shot("home")
    window.go("find")
    find = window.page("find")
    qtbot.waitUntil(lambda: bool(find.buttons), timeout=10000)
    shot("find-tiles")
    find.keyboard_button.click()
    find.search_box.setText("ket hon")
    qtbot.waitUntil(lambda: find.heading.text() == "Kết quả", timeout=10000)
    shot("find-search-keyboard")
    window.go("procedure", code="2.000635")
    qtbot.waitUntil(lambda: window.page("procedure").detail is not None, timeout=10000)
    shot("procedure")
    window.go("ticket")
    window.page("ticket").area_buttons["A"].click()
    qtbot.waitUntil(lambda: window.page("ticket").issued is not None, timeout=10000)
    shot("ticket")
    window.go("lookup")
    window.page("lookup").code_box.setText("000.31.27.H56-261207-0999")
    window.page("lookup").go_button.click()
    qtbot.waitUntil(lambda: window.page("lookup").message.isVisible(), timeout=10000)
    shot("lookup-unknown")
    window.go("rate")
    shot("rate")
    window.go("technician")
    shot("technician")
    window.go("home")
    window.toggle_language()
    window.toggle_large()
    shot("home-english-large")
    window.toggle_contrast()
    shot("home-contrast")
    window.idle.fire()
    shot("countdown")
    window.idle.resume()
    assert len(list(folder.glob(f"citizen-{orientation}-*.png"))) == 12
