"""Qt's own dialogs and buttons speak Vietnamese (resources/i18n/qtbase_vi.ts, compiled to .qm)."""

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
)

from kiosk.paths import resource

TS = resource("i18n", "qtbase_vi.ts")


def test_dialog_button_box_cancel_is_huy(kiosk_app, qtbot):
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    assert box.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"


def test_message_box_buttons(kiosk_app, qtbot):
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Hỏi",
        "Xóa?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    qtbot.addWidget(box)
    texts = {
        box.button(b).text().replace("&", "")
        for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)
    }
    assert texts == {"Có", "Không"}


def test_qt_file_dialog_is_vietnamese(kiosk_app, qtbot, tmp_path):
    dialog = QFileDialog(None, "Chọn tệp quét", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own widgets, as offscreen
    qtbot.addWidget(dialog)
    buttons = {b.text().replace("&", "") for b in dialog.findChildren(QPushButton)}
    assert {"Hủy", "Mở"} <= buttons
    labels = {label.text().replace("&", "") for label in dialog.findChildren(QLabel)}
    assert {"Tìm trong:", "Loại tệp:", "Tên tệp:"} <= labels
    assert QApplication.translate("QAbstractFileIconProvider", "Folder") == "Thư mục"


def test_every_entry_is_translated_and_the_qm_is_compiled_from_the_ts(tmp_path):
    unfinished = [
        m.findtext("source")
        for m in ET.parse(TS).iter("message")
        if m.find("translation").get("type") == "unfinished"
        or not "".join(m.find("translation").itertext()).strip()
    ]
    assert unfinished == []
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease, "pyside6-lrelease is installed with PySide6"
    out = tmp_path / "qtbase_vi.qm"
    subprocess.run([lrelease, str(TS), "-qm", str(out)], capture_output=True, check=True)
    assert out.read_bytes() == resource("i18n", "qtbase_vi.qm").read_bytes()
