"""Composition of the citizen kiosk (issue 13): its services on top of the app's, built once.

The spool (rendered papers of the current visit, wiped with it) is a folder of the profile's data;
the central public lookup goes to the configured central system, the local store answering when it
cannot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.public_lookup import PublicLookup
from kiosk.ratings import RatingService
from kiosk.ticketing import TicketDesk
from printing.backends import printer_from_spec
from printing.citizen_papers import KioskPrinting, ticket_printer_from_spec
from sync.public_lookup import CentralPublicLookup
from ui.citizen.base import CitizenServices

if TYPE_CHECKING:
    from app.services import Services

SPOOL = "citizen-spool"


def build_citizen_services(services: Services) -> CitizenServices:
    from app.services import agency_of

    config, paths = services.config, services.paths
    store = services.store
    papers = KioskPrinting(
        agency=agency_of(config),
        signer=services.signer,
        account=config.collection_account,
        handout_printer=printer_from_spec(config.receipt_printer, pdf_folder=paths.printed),
        ticket_printer=ticket_printer_from_spec(config.ticket_printer, pdf_folder=paths.printed),
        spool=paths.data / SPOOL,
    )
    papers.wipe()  # whatever a crash left of a visit
    return CitizenServices(
        config=config,
        catalog=services.catalog,
        desk=TicketDesk(services.queue, services.calendar, config.office_hours),
        lookup=PublicLookup(
            store.reads,
            verify=services.verify_receipt,
            central=CentralPublicLookup(config.central_url),
        ),
        ratings=RatingService(store.sessions, verify=services.verify_receipt),
        officers=services.officers,
        papers=papers,
    )
