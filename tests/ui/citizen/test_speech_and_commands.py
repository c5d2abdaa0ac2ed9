"""Read-aloud with espeak-ng (or a clean "no voice"), the scanner burst reader, the commands."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from ui.citizen.speech import Speaker


def test_no_voice_disables_the_button(qtbot, kiosk_app, tasks, kiosk_services):
    from ui.citizen.window import CitizenWindow

    w = CitizenWindow(tasks, kiosk_services, speaker=Speaker(exe=""))
    qtbot.addWidget(w)
    button = w.page("procedure").read_button
    assert not button.isEnabled() and button.text() == "Máy chưa có giọng đọc"
    assert Speaker(exe="").speak("xin chào") is None
    w._allow_close = True


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_espeak_reads_vietnamese_and_stops(tmp_path):
    speaker = Speaker()
    assert speaker.available
    # espeak-ng writes a WAV instead of playing when asked: proves the Vietnamese voice exists
    wav = tmp_path / "x.wav"
    done = subprocess.run(
        [speaker.exe, "-v", "vi", "-w", str(wav), "Đăng ký khai sinh"], capture_output=True
    )
    assert done.returncode == 0 and wav.stat().st_size > 1000
    speaker.stop()  # nothing running: no error
    assert not speaker.speaking()


def test_procedure_page_reads_its_own_text(window, qtbot):
    window.go("procedure", code="1.001193")
    page = window.page("procedure")
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10000)
    spoken = page.spoken_text()
    assert spoken.startswith("Đăng ký khai sinh")
    assert "Giấy tờ cần nộp" in spoken and "Thời hạn giải quyết" in spoken


def test_typing_on_a_real_keyboard_is_not_taken_for_a_scan(window, qtbot):
    window.go("lookup")
    box = window.page("lookup").code_box
    box.setFocus()
    qtbot.keyClicks(box, "abc")
    qtbot.wait(300)
    assert box.text() == "abc"
    assert window.current_name() == "lookup" and window.page("lookup").facts is None


def test_commands_are_registered():
    for args in (["citizen", "--help"], ["demo", "--help"]):
        out = subprocess.run(
            [sys.executable, "-m", "app", *args], capture_output=True, text=True, check=True
        ).stdout
        assert "citizen" in out or "ki-ốt" in out


def test_secret_taps_need_five_quick_taps(window, qtbot):
    for _ in range(4):
        qtbot.mouseClick(window.agency, Qt.MouseButton.LeftButton)
    assert window.current_name() == "attract"
    qtbot.mouseClick(window.agency, Qt.MouseButton.LeftButton)
    assert window.current_name() == "technician"
