"""A decision's document is rendered and fsynced with no write transaction open (issue 9 §3)."""

import sqlite3

import pytest
from sqlalchemy import event, func, select

from kiosk.blobs import BlobStore
from kiosk.code_service import CodeService
from kiosk.models import Blob, Dossier, PrintedDocument
from tests.factories import AGENCY, MONDAY, complete_draft, fake_renderer, make_reception


class OpenTransactions:
    """Counts the store's open transactions through the engine's own events (any database)."""

    def __init__(self, engine):
        self.open = set()
        event.listen(engine, "begin", lambda conn: self.open.add(id(conn)))
        for name in ("commit", "rollback"):
            event.listen(engine, name, lambda conn: self.open.discard(id(conn)))


def can_take_write_lock(store) -> bool:
    """No transaction of the store is open, and (SQLite) another connection can BEGIN IMMEDIATE
    without waiting: it could not while a writer held the lock."""
    if store.transactions.open:
        return False
    if store.engine.dialect.name != "sqlite":
        return True
    conn = sqlite3.connect(store.engine.url.database, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    finally:
        conn.close()


class ProbedBlobStore(BlobStore):
    """The real blob store; records whether the write lock was free around each write (fsync)."""

    def __init__(self, root, store):
        super().__init__(root)
        self.store, self.free = store, []

    def write_file(self, data):
        self.free.append(can_take_write_lock(self.store))
        sha = super().write_file(data)
        self.free.append(can_take_write_lock(self.store))
        return sha


def files(root):
    return sorted(p.name for p in root.glob("??/*") if not p.name.startswith("."))


@pytest.mark.parametrize("decision", ["accept", "supplement", "refuse", "reprint"])
def test_render_and_fsync_happen_with_no_write_transaction_open(
    store, tmp_path, version_id, decision
):
    free_while_rendering = []

    def probing_renderer(kind, snap, is_copy):
        free_while_rendering.append(can_take_write_lock(store))
        return fake_renderer(kind, snap, is_copy)

    store.transactions = OpenTransactions(store.engine)
    reception = make_reception(store, tmp_path, render=probing_renderer)
    probed = ProbedBlobStore(tmp_path / "blobs", store)
    reception._blobs = reception._documents._blobs = probed  # the same store, with its probe
    snap = complete_draft(reception, version_id)
    if decision == "accept":
        result = reception.accept(snap.id, None, MONDAY)
    elif decision == "supplement":
        result = reception.request_supplement(
            snap.id, None, [snap.items[0].id, snap.items[1].id], "Thiếu giấy chứng sinh bản chính"
        )
    elif decision == "refuse":
        result = reception.refuse(snap.id, None, "Không thuộc thẩm quyền giải quyết của xã")
    else:
        reception.accept(snap.id, None, MONDAY)
        free_while_rendering.clear()
        probed.free.clear()
        result = reception.reprint(snap.id, "receipt", None)
    assert free_while_rendering == [True] and probed.free == [True, True]
    # the rule still holds: the file is on disk and the committed rows point to it
    assert probed.read(result.pdf_sha256).startswith(b"%PDF")
    with store.sessions.begin() as s:
        assert s.get(Blob, result.pdf_sha256) is not None
        docs = s.scalars(
            select(PrintedDocument.pdf_sha256).where(PrintedDocument.dossier_id == snap.id)
        ).all()
        assert result.pdf_sha256 in docs
    assert files(tmp_path / "blobs") == sorted(set(docs))  # no file without its row


def test_code_taken_by_another_writer_meanwhile_renders_again_and_leaves_no_orphan(
    store, tmp_path, version_id
):
    """Between the dry run and the commit another counter takes the next number: the receipt is
    rendered again with the number actually committed, and the first file is deleted."""
    rendered = []

    def racing_renderer(kind, snap, is_copy):
        rendered.append(snap.code)
        if len(rendered) == 1:  # another writer allocates while this one renders
            with store.sessions.begin() as s:
                CodeService(store.sessions).allocate_in(s, AGENCY, MONDAY.date(), 1)
        return fake_renderer(kind, snap, is_copy)

    reception = make_reception(store, tmp_path, render=racing_renderer)
    snap = complete_draft(reception, version_id)
    decision = reception.accept(snap.id, None, MONDAY)
    assert len(rendered) == 2 and rendered[0] != rendered[1] == decision.dossier.code
    assert (
        decision.dossier.code.encode()
        in (tmp_path / "blobs").joinpath(decision.pdf_sha256[:2], decision.pdf_sha256).read_bytes()
    )
    assert files(tmp_path / "blobs") == [decision.pdf_sha256]


def test_refused_decision_writes_no_file(store, tmp_path, version_id):
    from kiosk.errors import InvalidInput

    reception = make_reception(store, tmp_path)
    snap = reception.create_draft(version_id, None, MONDAY)  # no applicant, no papers
    with pytest.raises(InvalidInput):
        reception.accept(snap.id, None, MONDAY)
    assert files(tmp_path / "blobs") == []
    with store.sessions.begin() as s:
        coded = select(func.count()).select_from(Dossier).where(Dossier.code.is_not(None))
        assert s.scalar(coded) == 0
