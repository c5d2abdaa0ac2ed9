"""Builds the core services the pages use, from the open store and the config (composition root).

Called on the database worker (it reads the calendar files and the signing key from disk).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.blobs import BlobStore
from kiosk.calendar import WorkCalendar, office_calendar
from kiosk.catalog import CatalogService
from kiosk.code_service import CodeService
from kiosk.config import KioskConfig
from kiosk.db import Store
from kiosk.dossier_view import DossierQueries
from kiosk.drafts import DraftService
from kiosk.paths import AppPaths
from kiosk.reception import ReceptionService
from kiosk.returns import ReturnService
from printing import data as print_data
from printing.dossier_documents import make_dossier_renderer
from kiosk.receipt_qr import QrSigner, load_or_create_signing_key, receipt_verifier


@dataclass(frozen=True)
class CounterServices:
    config: KioskConfig
    calendar: WorkCalendar
    catalog: CatalogService
    reception: ReceptionService
    dossiers: DossierQueries
    blobs: BlobStore
    signer: QrSigner
    trusted_keys: Path
    returns: ReturnService
    drafts: DraftService


def agency_of(config: KioskConfig) -> print_data.Agency:
    place = config.agency_parent.title().removeprefix("Ubnd ").strip() if config.agency_parent else ""
    return print_data.Agency(name=config.agency_name, parent=config.agency_parent, code=config.agency_code,
                             place=place or config.province)


def build_counter_services(store: Store, config: KioskConfig) -> CounterServices:
    paths = AppPaths(store.folder)  # the profile (machine or demo) whose store this is
    calendar = office_calendar(paths.holidays)
    blobs = BlobStore(paths.blobs)
    signer = QrSigner(load_or_create_signing_key(paths.signing_key))
    reception = ReceptionService(
        store.sessions, calendar=calendar, codes=CodeService(store.sessions), blobs=blobs,
        render=make_dossier_renderer(agency_of(config), signer), agency_code=config.agency_code,
        counter=config.counter, cutoff=config.cutoff, receipt_printer=config.receipt_printer)
    dossiers = DossierQueries(store.reads)
    returns = ReturnService(store.sessions, dossiers=dossiers, calendar=calendar,
                            verify=receipt_verifier(signer.public_key, paths.trusted_keys))
    return CounterServices(config, calendar, CatalogService(store.sessions, reads=store.reads), reception,
                           dossiers, blobs, signer, paths.trusted_keys, returns,
                           DraftService(store.sessions))
