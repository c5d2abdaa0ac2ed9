"""Life-event tiles of the citizen kiosk come from the national catalog's groups
(``serviceGroupsDetails`` kept in ``details.life_events``), only for procedures offered that day."""

from __future__ import annotations

import json
from datetime import date

from kiosk.catalog import CatalogService
from kiosk.paths import resource


def _import_with_events(store, tmp_path, wanted):
    doc = json.loads(resource("catalog", "national-commune.json").read_text("utf-8"))
    keep = []
    for p in doc["procedures"]:
        names = {e["name"] for v in p["versions"] for e in v.get("life_events") or ()}
        if names & wanted:
            keep.append(p)
    doc["procedures"] = keep
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    catalog = CatalogService(store.sessions)
    catalog.import_file(path)
    return catalog, keep


def test_tiles_and_their_procedures(store, tmp_path):
    catalog, kept = _import_with_events(store, tmp_path, {"Khai sinh", "Kết hôn", "Hải quan"})
    today = date(2026, 12, 7)
    tiles = {t.name: t.procedures for t in catalog.life_events(today)}
    assert tiles["Khai sinh"] >= 1 and tiles["Kết hôn"] >= 1
    assert "Hải quan" not in tiles  # a CORPORATE group: not a citizen's tile
    births = catalog.in_life_event("Khai sinh", today)
    assert len(births) == tiles["Khai sinh"]
    assert all(
        any(e["name"] == "Khai sinh" for e in (catalog.get(p.code, today).details["life_events"]))
        for p in births
    )
    assert catalog.in_life_event("Không có", today) == []


def test_seed_catalog_has_no_groups(store):
    catalog = CatalogService(store.sessions)
    catalog.import_file(resource("catalog", "seed.json"))
    assert catalog.life_events(date(2026, 12, 7)) == []
    assert catalog.fields(date(2026, 12, 7))  # the kiosk falls back to fields
