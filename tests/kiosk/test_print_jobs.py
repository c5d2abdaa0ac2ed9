"""The one print-job producer: blob sync state, the job's machine; the machine id."""

import pytest

from kiosk.blobs import BlobStore
from kiosk.errors import StoreError
from kiosk.machine import machine_id
from kiosk.models import Blob, PrintedDocument, PrintJob
from kiosk.print_jobs import enqueue_print
from tests.factories import MONDAY, complete_draft, make_reception


def test_a_dossier_document_is_synced_anything_else_stays_local(store, tmp_path):
    blobs = BlobStore(tmp_path / "blobs")
    ticket = blobs.write_file(b"%PDF ticket")
    with store.sessions.begin() as s:
        queued = enqueue_print(s, ticket, 11, printer="pdf", machine="m-1", kind="ticket")
    with store.sessions() as s:
        assert s.get(Blob, ticket).sync_state == "local"
        job = s.get(PrintJob, queued.job_id)
        assert (job.machine, job.status, job.printer) == ("m-1", "pending", "pdf")
        assert s.get(PrintedDocument, queued.document_id).kind == "ticket"


def test_the_same_bytes_used_by_a_dossier_become_synced(store, tmp_path, version_id):
    reception = make_reception(store, tmp_path)
    dossier = complete_draft(reception, version_id).id
    sha = BlobStore(tmp_path / "blobs").write_file(b"%PDF same")
    with store.sessions.begin() as s:
        enqueue_print(s, sha, 9, printer="pdf", machine="m-1", kind="test-page")
        enqueue_print(s, sha, None, printer="pdf", machine="m-1", kind="scan", dossier_id=dossier)
    with store.sessions() as s:
        assert s.get(Blob, sha).sync_state == "queued"


def test_a_file_without_a_row_needs_its_size(store):
    with store.sessions.begin() as s, pytest.raises(ValueError, match="size"):
        enqueue_print(s, "ab" * 32, None, printer="pdf", machine="m-1", kind="ticket")


def test_reception_queues_its_documents_on_its_own_machine(store, tmp_path, version_id):
    """Accept and reprint go through the one producer: synced blob, job of the given machine."""
    reception = make_reception(store, tmp_path)
    reception_b = make_reception(store, tmp_path / "b")
    decision = reception.accept(complete_draft(reception, version_id).id, None, MONDAY)
    again = reception_b.reprint(decision.dossier.id, "receipt", None)
    with store.sessions() as s:
        first, copy = s.get(PrintJob, decision.print_job_id), s.get(PrintJob, again.print_job_id)
        assert first.machine == machine_id(tmp_path) and copy.machine == machine_id(tmp_path / "b")
        assert s.get(Blob, decision.pdf_sha256).sync_state == "queued"


def test_machine_id_is_stable_per_folder(tmp_path):
    first = machine_id(tmp_path / "one")
    assert machine_id(tmp_path / "one") == first != machine_id(tmp_path / "two")
    (tmp_path / "one" / "machine-id").write_text("not an id")
    with pytest.raises(StoreError, match="mã máy"):
        machine_id(tmp_path / "one")
