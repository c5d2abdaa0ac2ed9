"""The one producer of print jobs: a printed-document row and its job, in the caller's transaction.

Every document that is printed (a decision's receipt, a reprint, a queue ticket, a test page) goes
through :func:`enqueue_print`, so the rules live once:

* the file is already on disk (``BlobStore.write_file``) before this row points to it;
* its ``Blob`` row says whether the file goes to the central system: a dossier's document does
  (``sync_state`` "queued"), anything else stays on the machine ("local");
* the job belongs to the machine that holds the file (``kiosk.machine``): on a store shared by
  several machines, only that machine claims it (``printing.queue``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from kiosk.models import Blob, PrintedDocument, PrintJob

PDF = "application/pdf"
SYNCED, LOCAL = "queued", "local"


@dataclass(frozen=True)
class QueuedPrint:
    document_id: int
    job_id: int
    created_at: datetime


def enqueue_print(
    s: Session,
    sha256: str,
    size: int | None,
    *,
    printer: str,
    machine: str,
    kind: str,
    media_type: str = PDF,
    dossier_id: str | None = None,
    form_set: str | None = None,
    is_copy: bool = False,
    now: datetime | None = None,
) -> QueuedPrint:
    """Add the document ``sha256`` (on disk already) and a pending job for ``printer``.

    ``size`` (bytes) is needed only when the file has no ``Blob`` row yet.
    """
    blob = s.get(Blob, sha256)
    if blob is None:
        if size is None:
            raise ValueError(f"blob {sha256[:12]}… has no row: its size is needed")
        blob = Blob(
            sha256=sha256,
            size=size,
            media_type=media_type,
            sync_state=SYNCED if dossier_id else LOCAL,
        )
        s.add(blob)
    elif dossier_id and blob.sync_state == LOCAL:
        blob.sync_state = SYNCED  # the same bytes now belong to a dossier too
    doc = PrintedDocument(
        dossier_id=dossier_id, kind=kind, form_set=form_set, pdf_sha256=sha256, is_copy=is_copy
    )
    s.add(doc)
    s.flush()
    job = PrintJob(
        document_id=doc.id, pdf_sha256=sha256, printer=printer, status="pending", machine=machine
    )
    if now is not None:
        job.created_at = job.updated_at = now
    s.add(job)
    s.flush()
    return QueuedPrint(doc.id, job.id, doc.created_at)
