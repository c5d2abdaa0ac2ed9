"""The demo runs on the national catalog (issue #10): real records, the counter's e-forms
attached by code, the citizen kiosk's life-event tiles; an older demo store is set aside."""

from datetime import date

import pytest

from kiosk.catalog import CatalogService
from kiosk.db import open_store
from kiosk.demo import open_demo_store, seed_catalog
from kiosk.paths import AppPaths

pytestmark = pytest.mark.slow
ON = date(2026, 12, 7)


def test_the_demo_offers_the_national_records_with_the_counters_eforms(tmp_path):
    paths = AppPaths.for_demo(tmp_path)
    store = open_demo_store(paths)
    try:
        catalog = CatalogService(store.sessions)
        birth = catalog.get("1.001193", ON)
        assert birth is not None and birth.name == "Thủ tục đăng ký khai sinh"
        assert birth.eform is not None and birth.eform.fields  # from resources/forms/eforms.json
        assert catalog.get("2.000992", ON).variants  # the portal's cases, kept
        assert catalog.search("giay doc than", ON)[0].code == "1.004873"
        assert catalog.life_events(ON)  # the kiosk's tiles come from the portal's groups
    finally:
        store.close()
    marker = paths.store_file.with_suffix(".catalog-sha256")
    assert len(marker.read_text().strip()) == 64  # the next start skips the import


def test_a_demo_store_from_the_hand_written_seed_is_set_aside(tmp_path):
    paths = AppPaths.for_demo(tmp_path)
    paths.data.mkdir(parents=True)
    old = open_store(paths.store_url)
    seed_catalog(old)  # what demos before the national catalog held, under the same codes
    old.close()
    store = open_demo_store(paths)
    try:
        name = CatalogService(store.sessions).get("1.001193", ON).name
        assert name == "Thủ tục đăng ký khai sinh"
    finally:
        store.close()
    assert (paths.data / "kiosk-before-national-catalog.sqlite3").is_file()
