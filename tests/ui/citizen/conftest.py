"""A citizen kiosk on a real store: the seed catalog plus national procedures with life-event
groups, a ticket desk whose clock is a Monday morning, the PDF printers in the test folder."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, time

import pytest

from kiosk.timeutil import VIETNAM

MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=VIETNAM)
CARD = "038090123456|173456789|Nguyễn Văn An|01011990|Nam|Thôn 3, xã Quảng Phú|15082021"
EVENTS = {"Khai sinh", "Kết hôn", "Tạm trú", "Khai tử"}


def import_catalog(store, tmp_path):
    from kiosk.catalog import CatalogService
    from kiosk.paths import resource

    catalog = CatalogService(store.sessions)
    catalog.import_file(resource("catalog", "seed.json"))
    doc = json.loads(resource("catalog", "national-commune.json").read_text("utf-8"))
    seed_codes = {
        p["code"]
        for p in json.loads(resource("catalog", "seed.json").read_text("utf-8"))["procedures"]
    }
    doc["procedures"] = [
        p
        for p in doc["procedures"]
        if p["code"] not in seed_codes
        and {e["name"] for v in p["versions"] for e in v.get("life_events") or ()} & EVENTS
    ]
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    catalog.import_file(path)


@pytest.fixture
def kiosk_config(demo_config):
    from kiosk.vietqr import CollectionAccount

    return dataclasses.replace(
        demo_config,
        mode="citizen",
        collection_account=CollectionAccount("970415", "113000001", "UBND PHUONG HAC THANH"),
        central_url="http://127.0.0.1:9",
    )


@pytest.fixture
def app_services(store, kiosk_config, tmp_path):
    from tests.ui.conftest import build_test_services

    import_catalog(store, tmp_path)
    services = build_test_services(store, kiosk_config)
    yield services
    if services.sync is not None:
        services.sync.close()


def citizen_services(app_services, *, clock=lambda: MONDAY_9, ticket_printer=None):
    from app.citizen import build_citizen_services
    from kiosk.ticketing import TicketDesk

    built = build_citizen_services(app_services)
    from kiosk.queueing import QueueService

    desk = TicketDesk(
        QueueService(app_services.store.sessions, clock=clock),
        app_services.calendar,
        ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0))),
        clock=clock,
    )
    papers = built.papers
    if ticket_printer is not None:
        papers.ticket_printer = ticket_printer
    return dataclasses.replace(built, desk=desk)


@pytest.fixture
def kiosk_services(app_services):
    return citizen_services(app_services)


@pytest.fixture
def window(qtbot, kiosk_app, tasks, kiosk_services):
    from ui.citizen.window import CitizenWindow

    w = CitizenWindow(tasks, kiosk_services, countdown_seconds=2)
    qtbot.addWidget(w)
    w.resize(1080, 1920)
    w.show()
    w.start()
    yield w
    w.idle.stop()
    w.scan.stop()
    w._allow_close = True
