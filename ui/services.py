"""Builds the core services the pages use, from the open store and the config (composition root).

Called on the database worker (it reads the calendar files and the signing key from disk).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.blobs import BlobStore
from kiosk.calendar import WorkCalendar, office_calendar
from kiosk.catalog import CatalogService
from kiosk.code_service import CodeService
from kiosk.config import KioskConfig
from kiosk.db import Store
from kiosk.dossier_view import DossierQueries
from kiosk.drafts import DraftService
from kiosk.reception import ReceptionService
from kiosk.returns import ReturnService
from printing import data as print_data
from printing.dossier_documents import make_dossier_renderer
from printing.qr import QrSigner, load_or_create_signing_key
from ui.return_lookup import receipt_verifier


@dataclass(frozen=True)
class CounterServices:
    config: KioskConfig
    calendar: WorkCalendar
    catalog: CatalogService
    reception: ReceptionService
    dossiers: DossierQueries
    blobs: BlobStore
    signer: QrSigner
    returns: ReturnService
    drafts: DraftService


def agency_of(config: KioskConfig) -> print_data.Agency:
    place = config.agency_parent.title().removeprefix("Ubnd ").strip() if config.agency_parent else ""
    return print_data.Agency(name=config.agency_name, parent=config.agency_parent, code=config.agency_code,
                             place=place or config.province)


def build_counter_services(store: Store, config: KioskConfig) -> CounterServices:
    calendar = office_calendar()
    blobs = BlobStore(store.folder / "blobs")
    signer = QrSigner(load_or_create_signing_key())
    reception = ReceptionService(
        store.sessions, calendar=calendar, codes=CodeService(store.sessions), blobs=blobs,
        render=make_dossier_renderer(agency_of(config), signer), agency_code=config.agency_code,
        counter=config.counter, cutoff=config.cutoff, receipt_printer=config.receipt_printer)
    dossiers = DossierQueries(store.reads)
    returns = ReturnService(store.sessions, dossiers=dossiers, calendar=calendar,
                            verify=receipt_verifier(signer.public_key))
    return CounterServices(config, calendar, CatalogService(store.sessions, reads=store.reads), reception,
                           dossiers, blobs, signer, returns, DraftService(store.sessions))
