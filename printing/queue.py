"""A durable print queue over ``PrintJob``/``Blob``: a failed print is retried or reported,
never lost.

* :meth:`PrintQueue.enqueue` writes the document as a content-addressed blob
  (``<blob_root>/<sha[:2]>/<sha>``, ``AppPaths.blobs``, temp + fsync + rename) *before* the rows
  that point to it, then inserts ``Blob``, ``PrintedDocument`` and ``PrintJob`` in one transaction.
* :meth:`PrintQueue.drain_once` claims due jobs (short transaction), prints with no transaction
  open, then records the outcome (short transaction). Transient errors back off (10 s, 30 s,
  2 min, 10 min...); after ``max_attempts`` or a permanent error the job is ``failed`` with its
  reason and shows in :meth:`failed_jobs` until someone retries or dismisses it.
* :meth:`PrintQueue.recover` (call at start-up) puts jobs that were ``printing`` when the process
  died back to ``pending``: a possible duplicate print is better than a lost receipt.

Call ``drain_once`` from a background worker (``ui/tasks.py`` io pool, or ``kiosk`` CLI), never on
the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.blobs import BlobStore
from kiosk.errors import KioskError
from kiosk.machine import machine_id
from kiosk.models import Blob, PrintedDocument, PrintJob
from kiosk.print_jobs import enqueue_print
from kiosk.timeutil import aware, vietnam_now
from printing.backends import Printer, PrinterError, printer_from_spec

log = logging.getLogger(__name__)
BACKOFF_SECONDS = (10, 30, 120, 600, 1800)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class JobInfo:
    id: int
    kind: str
    printer: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime


@dataclass(frozen=True)
class ClaimedJob:
    """A job claimed for printing, with what sending it needs (read in the claiming worker)."""

    id: int
    printer: str
    attempts: int
    media_type: str
    sha256: str
    name: str


@dataclass(frozen=True)
class DrainReport:
    printed: int = 0
    retry_later: int = 0
    failed: int = 0


def blob_path(sha: str, root: Path) -> Path:
    """Where the store keeps a document (the same content-addressed layout as ``kiosk.blobs``)."""
    return BlobStore(root).path(sha)


class PrintQueue:
    """The print queue of one store. Thread-safe: every method opens its own short transaction."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        blob_root: Path,
        resolve: Callable[[str], Printer] = printer_from_spec,
        clock: Callable[[], datetime] = vietnam_now,
        max_attempts: int = MAX_ATTEMPTS,
        machine: str | None = None,
    ) -> None:
        self._sessions, self._resolve = sessions, resolve
        self._clock = lambda: aware(clock())  # a naive clock is Vietnam time; the store's are aware
        self._root = blob_root
        # jobs of other machines sharing the store are theirs: their files are on their disks
        self.machine = machine if machine is not None else machine_id(blob_root.parent)
        self.max_attempts = max_attempts

    # --- producing -------------------------------------------------------------------------------

    def enqueue(
        self,
        content: bytes,
        printer: str,
        *,
        kind: str,
        media_type: str = "application/pdf",
        dossier_id: str | None = None,
        form_set: str | None = None,
        is_copy: bool = False,
    ) -> int:
        """Store the document and queue one job for ``printer`` (a config spec); return its id."""
        sha = BlobStore(self._root).write_file(content)
        with self._sessions.begin() as s:
            return self.add_job(
                s,
                sha,
                len(content),
                printer,
                kind=kind,
                media_type=media_type,
                dossier_id=dossier_id,
                form_set=form_set,
                is_copy=is_copy,
            )

    def add_job(
        self,
        s: Session,
        sha: str,
        size: int,
        printer: str,
        *,
        kind: str,
        media_type: str = "application/pdf",
        dossier_id: str | None = None,
        form_set: str | None = None,
        is_copy: bool = False,
    ) -> int:
        """Insert the rows of a job inside the caller's transaction (blob already on disk)."""
        return enqueue_print(
            s,
            sha,
            size,
            printer=printer,
            machine=self.machine,
            kind=kind,
            media_type=media_type,
            dossier_id=dossier_id,
            form_set=form_set,
            is_copy=is_copy,
            now=self._clock(),
        ).job_id

    # --- consuming -------------------------------------------------------------------------------

    def recover(self) -> int:
        """At start-up: jobs left ``printing`` by a dead process go back to ``pending``, due now.

        The interrupted attempt still counts, so a job that kills the process every time ends as
        ``failed`` after ``max_attempts`` instead of looping.
        """
        with self._sessions.begin() as s:
            result = s.execute(
                update(PrintJob)
                .where(PrintJob.status == "printing", self._mine())
                .values(status="pending", updated_at=self._clock() - timedelta(days=1))
            )
            return result.rowcount or 0

    def drain_once(self, limit: int = 20) -> DrainReport:
        """Print every due job once (up to ``limit``); return what happened."""
        printed = retry = failed = 0
        for job_id in self._claim(limit):
            outcome = self._print_one(job_id)
            printed += outcome == "done"
            retry += outcome == "pending"
            failed += outcome == "failed"
        return DrainReport(printed, retry, failed)

    def _claim(self, limit: int) -> list[int]:
        now = self._clock()
        claimed = []
        with self._sessions.begin() as s:
            rows = s.execute(
                select(PrintJob.id, PrintJob.attempts, PrintJob.updated_at)
                .where(PrintJob.status == "pending", self._mine())
                .order_by(PrintJob.id)
            ).all()
            for job_id, attempts, updated in rows:
                if len(claimed) >= limit:
                    break
                if attempts and updated + timedelta(seconds=backoff(attempts)) > now:
                    continue
                won = s.execute(
                    update(PrintJob)
                    .where(PrintJob.id == job_id, PrintJob.status == "pending")
                    .values(status="printing", attempts=PrintJob.attempts + 1, updated_at=now)
                )
                if won.rowcount == 1:
                    claimed.append(job_id)
        return claimed

    def _mine(self):
        """Jobs of this machine (and those queued before machines were told apart)."""
        return or_(PrintJob.machine == self.machine, PrintJob.machine.is_(None))

    def claim(self, limit: int = 20) -> list[ClaimedJob]:
        """Claim the due jobs (one short transaction) and read what printing them needs.

        With :meth:`print_claimed` (no database) and :meth:`record` this is :meth:`drain_once` cut
        in three, so a UI can keep the database part on its database worker.
        """
        ids = self._claim(limit)
        if not ids:
            return []
        with self._sessions.begin() as s:
            return [self._claimed(s, job_id) for job_id in ids]

    @staticmethod
    def _claimed(s: Session, job_id: int) -> ClaimedJob:
        job = s.get(PrintJob, job_id)
        blob = s.get(Blob, job.pdf_sha256)
        doc = s.get(PrintedDocument, job.document_id) if job.document_id else None
        return ClaimedJob(
            job_id,
            job.printer,
            job.attempts,
            blob.media_type,
            job.pdf_sha256,
            f"{doc.kind if doc else 'job'}-{job_id}",
        )

    def print_claimed(self, job: ClaimedJob) -> tuple[str | None, bool]:
        """Send a claimed job to its printer, no transaction open: (error or None, transient)."""
        try:
            content = blob_path(job.sha256, self._root).read_bytes()
            printer = self._resolve(job.printer)
            if job.media_type == "application/pdf":
                printer.print_pdf(content, job.name)
            else:
                printer.print_image(content, job.name)
        except PrinterError as exc:
            return exc.message, exc.transient
        except KioskError as exc:
            return exc.message, False
        except OSError as exc:
            return f"Không đọc được tài liệu in đã lưu ({exc.strerror}).", False
        return None, True

    def record(self, job: ClaimedJob, error: str | None, transient: bool = True) -> str:
        """Record the outcome of printing ``job`` (short transaction); return its new status."""
        status = (
            "done"
            if error is None
            else ("pending" if transient and job.attempts < self.max_attempts else "failed")
        )
        with self._sessions.begin() as s:
            s.execute(
                update(PrintJob)
                .where(PrintJob.id == job.id)
                .values(status=status, last_error=error, updated_at=self._clock())
            )
        if error:
            log.warning("print job %s on %s: %s (%s)", job.id, job.printer, status, error)
        return status

    def _print_one(self, job_id: int) -> str:
        with self._sessions.begin() as s:
            job = self._claimed(s, job_id)
        return self.record(job, *self.print_claimed(job))

    # --- reporting -------------------------------------------------------------------------------

    def jobs(self, *, status: str | None = None) -> list[JobInfo]:
        """This machine's jobs (the others' are printed, retried and reported where they are)."""
        with self._sessions.begin() as s:
            query = (
                select(PrintJob, PrintedDocument.kind)
                .join(PrintedDocument, PrintJob.document_id == PrintedDocument.id, isouter=True)
                .where(self._mine())
                .order_by(PrintJob.id)
            )
            if status:
                query = query.where(PrintJob.status == status)
            return [
                JobInfo(
                    j.id, kind or "", j.printer, j.status, j.attempts, j.last_error, j.created_at
                )
                for j, kind in s.execute(query)
            ]

    def failed_jobs(self) -> list[JobInfo]:
        return self.jobs(status="failed")

    def retry(self, job_id: int) -> None:
        """Put a failed job back in the queue (an officer pressed "In lại")."""
        with self._sessions.begin() as s:
            s.execute(
                update(PrintJob)
                .where(PrintJob.id == job_id, PrintJob.status == "failed", self._mine())
                .values(status="pending", attempts=0, updated_at=self._clock())
            )

    def dismiss(self, job_id: int) -> None:
        """A failed job the officer decided not to print (it stays as ``cancelled``)."""
        with self._sessions.begin() as s:
            s.execute(
                update(PrintJob)
                .where(PrintJob.id == job_id, PrintJob.status == "failed", self._mine())
                .values(status="cancelled", updated_at=self._clock())
            )


def backoff(attempts: int) -> int:
    """Seconds to wait after ``attempts`` failed tries."""
    return BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1] if attempts else 0
