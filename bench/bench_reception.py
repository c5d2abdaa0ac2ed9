"""From pressing "accept" to the receipt PDF on disk (code, due date, PDF, blob, print job and
outbox in one transaction, on a real SQLite file) against rendering the same receipt PDF alone."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.run import figure, percentile

N = 60


def run() -> list[dict]:
    import os

    folder = Path(tempfile.mkdtemp())
    os.environ["KIOSK_DATA_DIR"] = str(folder / "data")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from kiosk.code_service import CodeService
    from kiosk.db import open_store, sqlite_url
    from kiosk.dossier_types import ItemCounts
    from kiosk.receipt_qr import QrSigner
    from printing.dossier_documents import make_dossier_renderer
    from tests.factories import PERSON, add_procedure, make_reception
    from tests.printing.test_dossier_documents import AGENCY

    store = open_store(sqlite_url(folder / "bench.sqlite3"))
    render = make_dossier_renderer(AGENCY, QrSigner(Ed25519PrivateKey.generate()))
    reception = make_reception(store, folder, render=render)
    vid = add_procedure(store)
    when = datetime(2026, 12, 7, 9, 30)
    CodeService(store.sessions).add_block(
        AGENCY.code, when.date(), 1, 1000
    )  # as the central system would
    accept_ms, alone_ms = [], []
    for i in range(N + 5):
        snap = reception.create_draft(vid, None, when)
        reception.save_applicant(snap.id, PERSON)
        reception.set_counts(
            snap.id, {it.id: ItemCounts(originals=1) for it in snap.items if it.required}
        )
        t0 = time.perf_counter()
        decision = reception.accept(snap.id, None, when)
        t1 = time.perf_counter()
        render("receipt", decision.dossier, False)  # the same PDF, alone
        t2 = time.perf_counter()
        if i >= 5:  # warm-up
            accept_ms.append((t1 - t0) * 1000)
            alone_ms.append((t2 - t1) * 1000)
    store.close()
    med, alone = statistics.median(accept_ms), statistics.median(alone_ms)
    return [
        figure(
            "accept_to_receipt_pdf_p50",
            med,
            "ms",
            "receipt PDF alone (p50)",
            alone,
            n=N,
            note="SQLite synchronous=FULL: the commit waits for the disk",
        ),
        figure(
            "accept_to_receipt_pdf_p95",
            percentile(accept_ms, 95),
            "ms",
            "receipt PDF alone (p95)",
            percentile(alone_ms, 95),
            n=N,
        ),
    ]
