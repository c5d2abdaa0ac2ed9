"""Vietnamese is the default and always complete; the compiled file matches its source."""

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.paths import resource

TS = resource("i18n", "kiosk_vi.ts")


def test_vietnamese_translation_has_no_unfinished_entry():
    unfinished = [
        m.findtext("source")
        for m in ET.parse(TS).iter("message")
        if m.find("translation").get("type") == "unfinished"
        or not "".join(m.find("translation").itertext()).strip()
    ]
    assert unfinished == []


def test_every_tr_string_in_ui_is_in_the_ts_file(tmp_path):
    """Running lupdate on ui/ finds nothing new: no UI text escapes translation."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    assert lupdate, "pyside6-lupdate is installed with PySide6"
    copy = tmp_path / "check.ts"
    shutil.copy(TS, copy)
    files = sorted(str(p) for p in (Path(__file__).parents[2] / "ui").rglob("*.py"))
    out = subprocess.run(
        [lupdate, "-no-obsolete", "-locations", "none", *files, "-ts", str(copy)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "0 new" in out or "(0 new" in out, out


def test_compiled_translation_is_loaded(kiosk_app):
    from PySide6.QtWidgets import QApplication

    assert QApplication.translate("MainWindow", "Overview") == "Tổng quan"
