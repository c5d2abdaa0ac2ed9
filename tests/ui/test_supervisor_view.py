"""The supervisor's page: only a supervisor sees it; it shows every officer's due and late
dossiers, the month's indicators and two charts; a status change arriving as a status row shows
on the next read."""

import os
import subprocess
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from kiosk.models import DossierEvent, PrintedDocument, PrintJob
from kiosk.officers import OfficerService
from tests.kiosk.statistics_fixture import build_november
from tests.printing.test_monthly_report import line_with
from tests.ui.counter_helpers import make_counter_window, sign_in
from tests.ui.records_helpers import BINH, accepted, settle, update_dossier

THURSDAY = datetime(2026, 12, 10, 9, 0)


def visible_titles(window):
    return [
        window.nav.item(row).text()
        for row in range(window.nav.count())
        if not window.nav.item(row).isHidden()
    ]


def test_only_a_supervisor_sees_the_page(qtbot, tasks, demo_config, store):
    OfficerService(store.sessions).create("giamsat", "Phạm Thu Hà", "supervisor", "345678")
    window = make_counter_window(qtbot, demo_config, tasks, store)
    assert "Giám sát" not in visible_titles(window)  # nobody signed in
    sign_in(qtbot, window)  # an officer
    assert "Giám sát" not in visible_titles(window)
    assert not window.supervisor.allowed
    window.session.sign_out()
    sign_in(qtbot, window, "giamsat", "345678")
    assert "Giám sát" in visible_titles(window)
    window.show_page(window.supervisor)
    assert window.pages.currentWidget() is window.supervisor
    window.session.sign_out()  # leaving: the page is hidden and the window goes back home
    assert "Giám sát" not in visible_titles(window)
    assert window.pages.currentWidget() is not window.supervisor


def test_deadlines_indicators_and_charts(qtbot, tasks, demo_config, store, version_id):
    OfficerService(store.sessions).create("giamsat", "Phạm Thu Hà", "supervisor", "345678")
    window = make_counter_window(qtbot, demo_config, tasks, store)
    ids = build_november(store, version_id)
    services = window.services
    late = accepted(services, version_id)
    today = accepted(services, version_id, BINH)
    for dossier, due in ((late, date(2026, 12, 8)), (today, date(2026, 12, 10))):
        update_dossier(store, dossier.id, due_date=due)
    sign_in(qtbot, window, "giamsat", "345678")
    view = window.supervisor
    view.clock = lambda: THURSDAY
    window.show_page(view)
    view.month.setCurrentIndex(view.month.findData("2026-11"))
    settle(qtbot, tasks)
    qtbot.waitUntil(lambda: len(view.charts) == 2, timeout=30000)
    settle(qtbot, tasks)

    assert view.month.currentText() == "Tháng 11/2026"
    counts = {k: v.text() for k, v in view.deadline_counts.items()}
    # the fixture's dossiers 4, 5, 13 and 15 are in progress and late by 10/12, plus ours
    assert counts == {"today": "1", "tomorrow": "0", "late": "5", "apology": "6"}
    codes = [view.urgent.item(r, 0).text() for r in range(view.urgent.rowCount())]
    assert today.code in codes and late.code in codes
    # the hand-computed November figures (tests/kiosk/test_statistics.py)
    shown = {k: v.text() for k, v in view.indicators.items()}
    assert shown["received"] == "9"
    assert shown["on_time"] == "4/7 (57,1%)"
    assert shown["supplements"] == "3" and shown["refusals"] == "2"
    assert shown["stopped"] == "1"  # no. 16's stop notice (form 05)
    assert shown["digitised"] == "2 (22,2%)" and shown["reused"] == "1"
    assert shown["satisfaction"] == "Chưa đủ lượt đánh giá"
    table = view.per_officer
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 8)]
        for r in range(table.rowCount())
    }
    assert rows["Nguyễn Thị An"][:5] == ["5", "3", "3", "0", "1"]
    assert rows["Trần Văn Bình"][:5] == ["3", "1", "1", "3", "1"]
    assert rows["Nguyễn Thị An"][5] == "1" and rows["Trần Văn Bình"][5] == "0"  # stopped
    assert view.stats.start == date(2026, 11, 1)  # the charts drawn are November's
    for label in view.chart_labels.values():
        assert not label.pixmap().isNull() and label.pixmap().width() >= 300
    assert ids["a"]

    if os.environ.get("KIOSK_SHOT_DIR"):  # to look at it: KIOSK_SHOT_DIR=/tmp pytest …
        folder = os.environ["KIOSK_SHOT_DIR"]
        window.grab().save(os.path.join(folder, "supervisor.png"))
        view.findChild(QScrollArea).widget().grab().save(os.path.join(folder, "supervisor_all.png"))

    # the central system reports our late dossier's result: a status row; the next read shows it
    with store.sessions.begin() as s:
        s.add(DossierEvent(dossier_id=late.id, status="result_ready"))
    update_dossier(store, late.id, status="result_ready")
    view.refresh()
    settle(qtbot, tasks)
    assert view.deadline_counts["late"].text() == "4"
    codes = [view.urgent.item(r, 0).text() for r in range(view.urgent.rowCount())]
    assert late.code not in codes


def test_the_monthly_report_is_saved_and_printed_from_the_page(
    qtbot, tasks, demo_config, store, version_id, tmp_path
):
    OfficerService(store.sessions).create("giamsat", "Phạm Thu Hà", "supervisor", "345678")
    window = make_counter_window(qtbot, demo_config, tasks, store)
    build_november(store, version_id)
    sign_in(qtbot, window, "giamsat", "345678")
    view = window.supervisor
    view.clock = lambda: THURSDAY
    window.show_page(view)
    view.month.setCurrentIndex(view.month.findData("2026-11"))
    settle(qtbot, tasks)
    assert view.save_report_button.isVisible() and view.print_report_button.isVisible()

    qtbot.mouseClick(view.save_report_button, Qt.MouseButton.LeftButton)
    dialog = view.save_dialog
    assert dialog is not None and dialog.isVisible()
    assert os.path.basename(dialog.selectedFiles()[0]) == "bao-cao-thang-2026-11.pdf"
    target = tmp_path / "bao-cao-thang-2026-11.pdf"
    dialog.selectFile(str(target))
    dialog.accept()
    qtbot.waitUntil(lambda: target.exists(), timeout=30000)
    settle(qtbot, tasks)
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Tháng 11/2026 (từ ngày 01/11/2026 đến ngày 30/11/2026)" in text
    assert line_with(text, "Hồ sơ tiếp nhận")[-1] == "9"
    assert line_with(text, "trong đó: đúng hạn")[-2:] == ["4", "57,1%"]
    assert line_with(text, "Từ chối tiếp nhận")[-1] == "2"
    assert line_with(text, "Hồ sơ dừng giải quyết")[-1] == "1"
    banner = view.report_banner
    assert banner.isVisible() and str(target) in banner.text() and "11/2026" in banner.text()
    assert view.save_report_button.isEnabled()
    if os.environ.get("KIOSK_SHOT_DIR"):
        window.grab().save(os.path.join(os.environ["KIOSK_SHOT_DIR"], "supervisor_report.png"))

    # a folder that does not exist: an inline Vietnamese message, nothing written
    missing = tmp_path / "khong-co" / "bao-cao.pdf"
    view.save_report(missing)
    settle(qtbot, tasks)
    assert not missing.exists()
    assert "không tồn tại" in banner.text() and "Traceback" not in banner.text()

    # printing: the report goes to the counter's printer through the print queue
    with store.reads.begin() as s:
        before = s.query(PrintJob).count()
    qtbot.mouseClick(view.print_report_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks, timeout=30000)
    with store.reads.begin() as s:
        jobs = s.query(PrintJob).count()
        kinds = [k for (k,) in s.query(PrintedDocument.kind)]
    assert jobs == before + 1 and "monthly_report" in kinds
    assert "11/2026" in banner.text() and "không tồn tại" not in banner.text()
