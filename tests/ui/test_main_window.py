"""The app shell in Vietnamese, with the overview filled in from the calendar and the store."""

from datetime import date


def make_window(qtbot, demo_config, tasks):
    from ui.main_window import MainWindow

    window = MainWindow(demo_config, tasks, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.install_pages()
    window.show()
    qtbot.waitExposed(window)
    return window


def test_main_window_is_vietnamese(qtbot, demo_config, tasks):
    window = make_window(qtbot, demo_config, tasks)
    assert window.windowTitle().startswith("Bộ phận Một cửa — Trung tâm Phục vụ")
    assert window.nav.item(0).text() == "Tổng quan"
    assert window.store_label.text() == "Đang mở kho dữ liệu…"


def test_overview_shows_store_counts_and_due_dates(qtbot, demo_config, tasks, store):
    window = make_window(qtbot, demo_config, tasks)
    window.set_store(store)
    qtbot.waitUntil(lambda: "ngày làm việc" in window.overview.due_label.text(), timeout=10000)
    qtbot.waitUntil(lambda: all(v.text() != "…" for v in window.overview.values), timeout=10000)
    assert window.store_label.text() == "Kho dữ liệu sẵn sàng"
    assert [v.text() for v in window.overview.values[:3]] == ["0", "0", "0"]
    assert "thủ tục trong ngày" in window.overview.due_label.text()
    assert f"{date.today():%d/%m/%Y}" in window.overview.day_label.text()


def test_window_fits_1366x768(qtbot, demo_config, tasks, store):
    window = make_window(qtbot, demo_config, tasks)
    window.set_store(store)
    qtbot.waitUntil(lambda: "ngày làm việc" in window.overview.due_label.text(), timeout=10000)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768
