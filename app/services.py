"""The services of one running app, built once at start-up from a profile's paths and its config.

``build_services`` runs on the database worker (it opens and migrates the store, reads the calendar
files and the signing key); the window then hands each page the few services it uses. Pages never
get the ``Store``, a session factory or the window, and ``ui`` never imports this module: it
receives the object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.blobs import BlobStore
from kiosk.calendar import WorkCalendar, office_calendar
from kiosk.catalog import CatalogService
from kiosk.code_service import CodeService
from kiosk.config import KioskConfig
from kiosk.db import Store, open_store
from kiosk.deadline_watch import DeadlineWatch
from kiosk.dossier_view import DossierQueries
from kiosk.drafts import DraftService
from kiosk.letters import LetterService
from kiosk.machine import machine_id
from kiosk.officers import OfficerService
from kiosk.paths import AppPaths
from kiosk.queueing import QueueService
from kiosk.receipt_qr import QrSigner, VerifiedPayload, load_or_create_signing_key, receipt_verifier
from kiosk.reception import ReceptionService
from kiosk.register import RegisterQueries
from kiosk.returns import ReturnService
from kiosk.scanning.ocr import TextLayers
from kiosk.scanning.pages import PageStore
from kiosk.scanning.reuse import PaperReuse
from kiosk.scanning.worker import ScanWorker
from kiosk.signing.counter import CounterSigning
from kiosk.statistics import StatisticsService
from kiosk.status import StatusService
from printing import data as print_data
from printing.backends import printer_resolver
from printing.dossier_documents import letter_forms, make_dossier_renderer
from printing.queue import PrintQueue
from printing.register_documents import RegisterPrinter
from sync.engine import OutboxSync
from sync.service import build_outbox_sync


@dataclass(frozen=True)
class Services:
    """Everything the screens use, typed. One instance per run."""

    config: KioskConfig
    paths: AppPaths
    calendar: WorkCalendar
    catalog: CatalogService
    reception: ReceptionService
    returns: ReturnService
    drafts: DraftService
    dossiers: DossierQueries
    officers: OfficerService
    queue: QueueService
    status: StatusService
    deadlines: DeadlineWatch
    print_queue: PrintQueue
    blobs: BlobStore
    pages: PageStore
    """Scanned pages of the drafts and their sealed papers (kiosk/scanning/pages.py)."""
    reuse: PaperReuse
    """Papers already on file for the same applicant (kiosk/scanning/reuse.py)."""
    signing: CounterSigning
    """Which key signs a sealed paper; the token PIN of the session (kiosk/signing/counter.py)."""
    signer: QrSigner
    verify_receipt: Callable[[str], VerifiedPayload]
    """Checks a scanned receipt QR against this profile's key and its ``keys/trusted/``."""
    central_url: str
    store: Store
    """Kept to close it at exit; pages never receive it."""
    sync: OutboxSync | None = None
    """Sends the outbox to the central system (sync/engine.py); the status bar triggers it."""
    letters: LetterService | None = None
    """Apology letters and notices of stopping (kiosk/letters.py)."""
    register: RegisterQueries | None = None
    """The tracking register's lines for a period (kiosk/register.py)."""
    register_printer: RegisterPrinter | None = None
    """Draws the register and the control sheets of a period (printing/register_documents.py)."""
    statistics: StatisticsService | None = None
    """The office's and each officer's indicators over a period (kiosk/statistics.py)."""
    text_layers: TextLayers | None = None
    """Searchable text of the sealed papers, made in the background (kiosk/scanning/ocr.py)."""
    scan_worker: ScanWorker | None = None
    """The scanner driver's process, kept between scans; a dead one is replaced on the next
    scan (kiosk/scanning/worker.py). Stopped with the app."""

    def close(self) -> None:
        if self.scan_worker is not None:
            self.scan_worker.close()
        if self.sync is not None:
            self.sync.close()
        self.store.close()


def agency_of(config: KioskConfig) -> print_data.Agency:
    parent = config.agency_parent
    place = parent.title().removeprefix("Ubnd ").strip() if parent else ""
    return print_data.Agency(
        name=config.agency_name,
        parent=config.agency_parent,
        code=config.agency_code,
        place=place or config.province,
    )


def open_profile_store(paths: AppPaths, *, demo: bool = False) -> Store:
    """The store of ``paths``: the demo's is seeded on every start (idempotent)."""
    if demo:
        from kiosk.demo import open_demo_store

        return open_demo_store(paths)
    return open_store(paths.store_url)


def build_services(
    paths: AppPaths, config: KioskConfig, *, demo: bool = False, store: Store | None = None
) -> Services:
    """Open the store of ``paths`` (unless given one) and build every service on it, once."""
    store = store if store is not None else open_profile_store(paths, demo=demo)
    calendar = office_calendar(paths.holidays)
    blobs = BlobStore(paths.blobs)
    signer = QrSigner(load_or_create_signing_key(paths.signing_key))
    machine = machine_id(paths.data)  # print jobs are claimed by the machine holding their files
    render = make_dossier_renderer(agency_of(config), signer)
    reception = ReceptionService(
        store.sessions,
        calendar=calendar,
        codes=CodeService(store.sessions),
        blobs=blobs,
        render=render,
        agency_code=config.agency_code,
        counter=config.counter,
        cutoff=config.cutoff,
        receipt_printer=config.receipt_printer,
        machine=machine,
    )
    dossiers = DossierQueries(store.reads)
    verify = receipt_verifier(signer.public_key, paths.trusted_keys)
    signing = CounterSigning(config.signing, paths.seal_keys)
    return Services(
        config=config,
        paths=paths,
        calendar=calendar,
        catalog=CatalogService(store.sessions, reads=store.reads),
        reception=reception,
        returns=ReturnService(store.sessions, dossiers=dossiers, calendar=calendar, verify=verify),
        drafts=DraftService(store.sessions, blobs),
        dossiers=dossiers,
        officers=OfficerService(store.sessions),
        queue=QueueService(store.sessions),
        status=StatusService(store.reads),
        deadlines=DeadlineWatch(store.reads, calendar),
        print_queue=PrintQueue(
            store.sessions,
            blob_root=paths.blobs,
            machine=machine,
            resolve=printer_resolver(paths.printed),
        ),
        blobs=blobs,
        pages=PageStore(
            store.sessions,
            blobs,
            seal=signing.sealer(),
            spool_root=paths.data / "scans",
        ),
        reuse=PaperReuse(store.sessions),
        signing=signing,
        signer=signer,
        verify_receipt=verify,
        central_url=config.central_url,
        store=store,
        sync=build_outbox_sync(
            store.sessions,
            store.reads,
            config.central_url,
            machine=machine,
            keys=paths.keys,
            blobs=paths.blobs,
            holidays=paths.holidays,
        ),
        letters=LetterService(
            store.sessions,
            calendar=calendar,
            blobs=blobs,
            render=render,
            forms_on=letter_forms,
            printer=config.receipt_printer,
            machine=machine,
        ),
        register=RegisterQueries(store.reads, calendar),
        register_printer=RegisterPrinter(agency_of(config), signer),
        statistics=StatisticsService(store.reads),
        text_layers=TextLayers(store.sessions, blobs),
        scan_worker=ScanWorker(),  # its process starts with the first scan
    )
