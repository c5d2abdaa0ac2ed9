"""The durable print queue: printed, retried with backoff, reported when failing,
kept across restarts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from kiosk.models import Blob, PrintJob
from printing.backends import PrinterError
from printing.queue import PrintQueue, blob_path


class FakePrinter:
    def __init__(self, failures=()):
        self.failures = list(failures)
        self.printed: list[tuple[str, bytes]] = []
        self.name = "fake"

    def print_pdf(self, pdf, job_name):
        if self.failures:
            raise self.failures.pop(0)
        self.printed.append((job_name, pdf))
        return job_name

    print_image = print_pdf

    def status(self):
        return None


class Clock:
    def __init__(self):
        self.now = datetime(2025, 8, 15, 9, 0)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


def make_queue(store, printer, clock, tmp_path):
    return PrintQueue(
        store.sessions, resolve=lambda spec: printer, clock=clock, blob_root=tmp_path / "blobs"
    )


def test_queue_enqueue_and_print(store, clock, tmp_path):
    printer = FakePrinter()
    queue = make_queue(store, printer, clock, tmp_path)
    job = queue.enqueue(b"%PDF receipt", "cups:Quay1", kind="receipt", form_set="2025")
    with store.sessions() as s:
        sha = s.get(PrintJob, job).pdf_sha256
        assert s.get(Blob, sha).size == len(b"%PDF receipt")
    assert blob_path(sha, tmp_path / "blobs").read_bytes() == b"%PDF receipt"
    report = queue.drain_once()
    assert report.printed == 1 and printer.printed == [(f"receipt-{job}", b"%PDF receipt")]
    assert queue.jobs()[0].status == "done"
    assert queue.drain_once().printed == 0  # nothing printed twice


def test_queue_transient_failure_backs_off_then_prints(store, clock, tmp_path):
    printer = FakePrinter([PrinterError("Máy in hết giấy", transient=True)])
    queue = make_queue(store, printer, clock, tmp_path)
    queue.enqueue(b"%PDF a", "cups:Q", kind="receipt")
    assert queue.drain_once().retry_later == 1
    info = queue.jobs()[0]
    assert info.status == "pending" and info.attempts == 1 and "hết giấy" in info.last_error
    assert queue.drain_once().printed == 0  # still backing off
    clock.now += timedelta(seconds=11)
    assert queue.drain_once().printed == 1 and len(printer.printed) == 1


def test_queue_permanent_failure_is_reported_and_can_be_retried(store, clock, tmp_path):
    printer = FakePrinter([PrinterError("Không tìm thấy máy in", transient=False)])
    queue = make_queue(store, printer, clock, tmp_path)
    job = queue.enqueue(b"%PDF b", "cups:Missing", kind="supplement")
    assert queue.drain_once().failed == 1
    failed = queue.failed_jobs()
    assert [f.id for f in failed] == [job] and "Không tìm thấy" in failed[0].last_error
    queue.retry(job)
    assert queue.drain_once().printed == 1


def test_queue_gives_up_after_max_attempts(store, clock, tmp_path):
    printer = FakePrinter([PrinterError("lỗi", transient=True)] * 10)
    queue = make_queue(store, printer, clock, tmp_path)
    queue.max_attempts = 3
    queue.enqueue(b"%PDF c", "cups:Q", kind="receipt")
    for _ in range(3):
        queue.drain_once()
        clock.now += timedelta(hours=1)
    assert queue.jobs()[0].status == "failed" and queue.jobs()[0].attempts == 3


def test_queue_survives_a_restart_mid_print(tmp_path, clock, open_db):
    """A job claimed by a process that died is printed after the restart, not lost."""
    store = open_db()
    queue = make_queue(store, FakePrinter(), clock, tmp_path)
    job = queue.enqueue(b"%PDF d", "pdf", kind="receipt")
    assert queue._claim(10) == [job]  # claimed, then the process "dies"
    store.close()

    store = open_db()  # next start
    printer = FakePrinter()
    queue = make_queue(store, printer, clock, tmp_path)
    assert queue.drain_once().printed == 0  # still marked printing
    assert queue.recover() == 1
    assert queue.drain_once().printed == 1 and printer.printed[0][1] == b"%PDF d"
    with store.sessions() as s:
        assert s.scalars(select(PrintJob.status)).all() == ["done"]
    store.close()


def test_queue_prints_images_through_print_image(store, clock, tmp_path):
    seen = []

    class ImagePrinter(FakePrinter):
        def print_image(self, png, job_name):
            seen.append(png)
            return job_name

    queue = make_queue(store, ImagePrinter(), clock, tmp_path)
    queue.enqueue(
        b"\x89PNG ticket", "escpos:net:10.0.0.9", kind="queue_ticket", media_type="image/png"
    )
    assert queue.drain_once().printed == 1 and seen == [b"\x89PNG ticket"]


def test_queue_to_real_pdf_backend(store, tmp_path, signer):
    """End to end: render a receipt, enqueue it, drain to the PDF-file printer."""
    from printing import render
    from printing.backends import printer_resolver
    from printing.samples import sample

    doc = render("receipt", sample("receipt"), signer=signer)
    queue = PrintQueue(
        store.sessions, resolve=printer_resolver(tmp_path / "printed"), blob_root=tmp_path / "blobs"
    )
    queue.enqueue(doc.pdf, "pdf", kind=doc.form_key, form_set=doc.form_set)
    assert queue.drain_once().printed == 1
    assert [p.read_bytes() for p in (tmp_path / "printed").iterdir()] == [doc.pdf]


def test_two_machines_on_one_store_print_only_their_own_jobs(store, clock, tmp_path):
    """On a shared store each machine claims, recovers and lists only the jobs whose file it
    holds."""
    printer_a, printer_b = FakePrinter(), FakePrinter()
    a = PrintQueue(
        store.sessions,
        resolve=lambda spec: printer_a,
        clock=clock,
        blob_root=tmp_path / "a" / "blobs",
    )
    b = PrintQueue(
        store.sessions,
        resolve=lambda spec: printer_b,
        clock=clock,
        blob_root=tmp_path / "b" / "blobs",
    )
    assert a.machine != b.machine
    job_a = a.enqueue(b"%PDF from a", "pdf", kind="receipt")
    job_b = b.enqueue(b"%PDF from b", "pdf", kind="ticket")
    assert b._claim(10) == [job_b]  # a's job stays a's: b has no file for it
    assert [j.id for j in b.jobs()] == [job_b] and [j.id for j in a.jobs()] == [job_a]
    assert b.recover() == 1  # b's own claim only
    assert a.drain_once().printed == 1 and printer_a.printed == [
        (f"receipt-{job_a}", b"%PDF from a")
    ]
    assert b.drain_once().printed == 1 and printer_b.printed == [
        (f"ticket-{job_b}", b"%PDF from b")
    ]
    with store.sessions() as s:
        assert {s.get(PrintJob, job_a).machine, s.get(PrintJob, job_b).machine} == {
            a.machine,
            b.machine,
        }


def test_jobs_queued_before_machines_were_told_apart_are_still_printed(store, clock, tmp_path):
    printer = FakePrinter()
    queue = make_queue(store, printer, clock, tmp_path)
    job = queue.enqueue(b"%PDF old", "pdf", kind="receipt")
    with store.sessions.begin() as s:
        s.get(PrintJob, job).machine = None  # as migration 0005 leaves older jobs
    assert queue.drain_once().printed == 1
