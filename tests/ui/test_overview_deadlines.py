"""The officer's home screen: "Hạn xử lý" counts and the most urgent dossiers, late first; a click
opens the dossier under "Hồ sơ"."""

import os
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from kiosk.models import Rating
from tests.ui.counter_helpers import make_counter_window, sign_in
from tests.ui.records_helpers import BINH, accepted, settle, update_dossier

THURSDAY = datetime(2026, 12, 10, 9, 0)


def test_deadline_section_counts_lists_and_opens(
    qtbot, tasks, demo_config, store, version_id, tmp_path
):
    window = make_counter_window(qtbot, demo_config, tasks, store)
    sign_in(qtbot, window)
    services = window.services
    late = accepted(services, version_id)
    today = accepted(services, version_id, BINH)
    tomorrow = accepted(services, version_id)
    later = accepted(services, version_id)
    for dossier, due in (
        (late, date(2026, 12, 8)),
        (today, date(2026, 12, 10)),
        (tomorrow, date(2026, 12, 11)),
        (later, date(2026, 12, 15)),
    ):
        update_dossier(store, dossier.id, due_date=due)
    view = window.overview
    window.show_page(view)
    view.clock = lambda: THURSDAY
    view.refresh()
    settle(qtbot, tasks)

    counts = {k: v.text() for k, v in view.deadline_counts.items()}
    assert counts == {"today": "1", "tomorrow": "1", "late": "1"}
    table = view.urgent
    assert [table.horizontalHeaderItem(c).text() for c in range(5)] == [
        "Mã hồ sơ",
        "Người nộp",
        "Thủ tục",
        "Hẹn trả",
        "Tình trạng hạn",
    ]
    rows = [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())]
    assert [r[0] for r in rows] == [late.code, today.code, tomorrow.code]  # late first
    assert rows[0][1:] == [
        "Nguyễn Văn An",
        "Đăng ký khai sinh",
        "08/12/2026",
        "Quá hạn 2 ngày làm việc",
    ]
    assert rows[1][1] == "Trần Thị Bình" and rows[1][4] == "Đến hạn hôm nay"
    assert view.apology_label.text().startswith("3 hồ sơ cần gửi văn bản xin lỗi")
    assert not view.urgent_empty.isVisible()

    if os.environ.get("KIOSK_SHOT_DIR"):  # to look at it: KIOSK_SHOT_DIR=/tmp pytest …
        window.grab().save(os.path.join(os.environ["KIOSK_SHOT_DIR"], "overview_deadlines.png"))

    table.cellClicked.emit(0, 0)
    settle(qtbot, tasks)
    assert window.pages.currentWidget() is window.dossiers
    qtbot.waitUntil(
        lambda: (
            window.dossiers.detail.snapshot is not None
            and window.dossiers.detail.snapshot.id == late.id
        ),
        timeout=10000,
    )
    assert window.dossiers.search.text() == late.code


def test_nothing_due_says_so(qtbot, tasks, demo_config, store, version_id):
    window = make_counter_window(qtbot, demo_config, tasks, store)
    sign_in(qtbot, window)
    window.show_page(window.overview)
    settle(qtbot, tasks)
    view = window.overview
    assert {v.text() for v in view.deadline_counts.values()} == {"0"}
    assert view.urgent.rowCount() == 0 and not view.urgent.isVisible()
    assert view.urgent_empty.isVisible() and view.apology_label.text() == ""


def test_an_officer_sees_their_own_rating_averages_from_five_ratings(
    qtbot, tasks, demo_config, store
):
    window = make_counter_window(qtbot, demo_config, tasks, store)
    view = window.overview
    view.clock = lambda: THURSDAY
    assert not view.ratings_label.isVisible()  # nobody signed in: no card
    sign_in(qtbot, window)
    window.show_page(view)
    officer = window.session.officer
    answers = [{"time": 2, "contacts": 2}] * 3 + [{"time": 1, "contacts": 0}]
    with store.sessions.begin() as s:
        for n, given in enumerate(answers):  # four in the last 30 days
            s.add(Rating(officer_id=officer.id, answers=given, day=date(2026, 12, 1 + n)))
        # older than 30 days: never counted
        s.add(Rating(officer_id=officer.id, answers={"time": 0}, day=date(2026, 11, 1)))
    view.refresh()
    settle(qtbot, tasks)
    not_enough = QCoreApplication.translate("OverviewView", "Not enough ratings to show yet")
    assert view.ratings_label.isVisible() and view.ratings_label.text() == not_enough
    assert "/2" not in view.ratings_label.text()

    with store.sessions.begin() as s:
        s.add(Rating(officer_id=officer.id, answers={"time": 2}, day=date(2026, 12, 10)))
    view.refresh()
    settle(qtbot, tasks)
    text = view.ratings_label.text()
    assert text != not_enough
    assert "5" in text.split("<table")[0]  # over five ratings
    # time: (2+2+2+1+2)/5 = 1.8; contacts: (2+2+2+0)/4 = 1.5
    assert "<b>1,8</b>/2" in text and "<b>1,5</b>/2" in text
    if os.environ.get("KIOSK_SHOT_DIR"):
        window.grab().save(os.path.join(os.environ["KIOSK_SHOT_DIR"], "overview_ratings.png"))

    window.session.sign_out()  # another person at the counter sees nothing of it
    assert not view.ratings_label.isVisible()
