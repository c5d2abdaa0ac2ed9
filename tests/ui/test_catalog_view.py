"""The catalog browser: fields with counts, search results for today, and the procedure page."""

import pytest


@pytest.fixture
def view(qtbot, tasks, store, services):
    from kiosk.demo import seed_catalog
    from ui.catalog_view import CatalogView

    seed_catalog(store)
    widget = CatalogView(tasks, services.catalog)
    qtbot.addWidget(widget)
    widget.resize(1146, 650)
    widget.show()
    qtbot.waitUntil(
        lambda: widget.field_list.count() > 1 and widget.current is not None, timeout=10000
    )
    return widget


def test_catalog_view_lists_fields_and_opens_first_procedure(view):
    fields = [view.field_list.item(i).text() for i in range(view.field_list.count())]
    assert fields[0].startswith("Tất cả lĩnh vực (") and "Hộ tịch (20)" in fields
    assert view.results.count() >= 40
    assert view.search_box.placeholderText().startswith("Tìm theo tên")


def test_catalog_view_search_without_accents_shows_marriage_page(qtbot, view):
    view.search_box.setText("dang ky ket hon")
    qtbot.waitUntil(
        lambda: view.current is not None and view.current.code == "1.000894", timeout=10000
    )
    assert view.results.item(0).text().startswith("Đăng ký kết hôn\n1.000894")
    html = view.page.toHtml()
    for words in (
        "Thời hạn",
        "Phí, lệ phí",
        "Thành phần hồ sơ",
        "Căn cứ pháp lý",
        "Giấy chứng nhận kết hôn",
        "Tờ khai đăng ký kết hôn",
        "bắt buộc",
        "chỉ khi",
    ):
        assert words in html, words


def test_catalog_view_field_filter_and_no_match(qtbot, view):
    row = next(
        i
        for i in range(view.field_list.count())
        if view.field_list.item(i).text().startswith("Chứng thực")
    )
    view.field_list.setCurrentRow(row)
    qtbot.waitUntil(lambda: view.results.count() == 7, timeout=10000)
    view.search_box.setText("ket hon")
    qtbot.waitUntil(lambda: view.results.count() == 0, timeout=10000)
    assert "Không có thủ tục" in view.status.text()


def test_catalog_view_amended_procedure_shows_its_versions(qtbot, view):
    view.search_box.setText("1.001193")
    qtbot.waitUntil(
        lambda: view.current is not None and view.current.code == "1.001193", timeout=10000
    )
    assert view.current.version == 2
    html = view.page.toHtml()
    assert "01/01/2016–30/06/2025" in html
    assert "RECALLED" not in html and "Ghi chú" not in html  # its only note is a maintainer's


def test_catalog_view_shows_a_real_portal_record_in_its_unit_and_cites_the_portal(
    qtbot, tasks, store, services, tmp_path
):
    """Issue #10: 1.003622 of the national catalog is 15 calendar days ("15 ngày")."""
    import json

    from kiosk.catalog import CatalogService
    from kiosk.paths import resource
    from ui.catalog_view import CatalogView

    doc = json.loads(resource("catalog", "national-commune.json").read_text("utf-8"))
    doc["procedures"] = [p for p in doc["procedures"] if p["code"] in ("1.003622", "1.004222")]
    path = tmp_path / "two.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    CatalogService(store.sessions).import_file(path)
    widget = CatalogView(tasks, services.catalog)
    qtbot.addWidget(widget)
    widget.show()
    widget.search_box.setText("le hoi")
    qtbot.waitUntil(
        lambda: widget.current is not None and widget.current.code == "1.003622", timeout=10000
    )
    assert "15 ngày" in widget.results.item(0).text()
    assert "làm việc" not in widget.results.item(0).text()
    html = widget.page.toHtml()
    assert "Cổng Dịch vụ công quốc gia" in html and "15 ngày" in html
