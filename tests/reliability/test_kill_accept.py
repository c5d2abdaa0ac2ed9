"""Killing the process in the middle of accepting leaves either a complete dossier or none."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.blobs import BlobStore
from kiosk.db import open_store, sqlite_url
from kiosk.models import Dossier, DossierEvent, OutboxItem, PrintedDocument, PrintJob


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.013, 0.05, 0.21])
def test_kill_during_accept_leaves_whole_dossiers_only(tmp_path, delay):
    from tests.factories import add_procedure

    url = sqlite_url(tmp_path / "store.sqlite3")
    store = open_store(url)
    vid = add_procedure(store)
    store.close()
    root = Path(__file__).parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.accept_worker", url, str(tmp_path), str(vid)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = proc.stdout.readline()  # the worker is up and has accepted one dossier
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=30)
    out = first + out
    assert proc.returncode == -signal.SIGKILL, err

    store = open_store(url)  # recovery is just opening the store again (WAL replay)
    blobs = BlobStore(tmp_path / "blobs")
    with store.sessions.begin() as s:
        dossiers = s.scalars(select(Dossier)).all()
        accepted = [d for d in dossiers if d.status == "accepted"]
        assert accepted, "the worker never got to accept: raise the delay"
        assert len(accepted) >= out.count("accepted")  # everything reported as done is there
        for d in dossiers:
            events = s.scalars(
                select(DossierEvent.status)
                .where(DossierEvent.dossier_id == d.id)
                .order_by(DossierEvent.id)
            ).all()
            outbox = s.scalars(select(OutboxItem).where(OutboxItem.entity_id == d.id)).all()
            docs = s.scalars(
                select(PrintedDocument).where(PrintedDocument.dossier_id == d.id)
            ).all()
            if d.status == "accepted":
                assert d.code and d.due_date and d.received_at
                assert events == ["draft", "accepted"]
                assert [o.kind for o in outbox] == ["dossier.accepted"]
                assert len(docs) == 1 and blobs.read(docs[0].pdf_sha256).startswith(b"%PDF")
                assert s.scalar(select(PrintJob.id).where(PrintJob.document_id == docs[0].id))
            else:
                assert d.status == "draft" and d.code is None and d.due_date is None
                assert events == ["draft"] and outbox == [] and docs == []
        codes = [d.code for d in accepted]
        assert len(codes) == len(set(codes))
    store.close()
