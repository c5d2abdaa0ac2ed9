"""No scanned page is left behind: a discarded draft takes its page files with it (a file another
dossier shares stays), a refused dossier loses its unsealed pages, and the start-up sweep removes
old page files nothing names, never what the crash-recovery offer needs (real store, real files).
"""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kiosk.blobs import BlobStore
from kiosk.drafts import DraftService
from kiosk.housekeeping import sweep_pages
from kiosk.models import Blob, PaperTextLayer, ScanPage, ScanPaper
from kiosk.scanning.ocr import TextLayer, TextLayers
from tests.factories import MONDAY, complete_draft
from tests.kiosk.scanning.page_helpers import draft_with_papers, page_png

DAY = 86_400


@pytest.fixture
def flow(store, tmp_path, version_id):
    reception, snap, pages = draft_with_papers(store, tmp_path, version_id)
    birth = next(i.id for i in snap.items if i.name == "Giấy chứng sinh")
    blobs = BlobStore(tmp_path / "blobs")
    return reception, snap, pages, birth, blobs


def files(blobs: BlobStore, *shas) -> list[bool]:
    return [blobs.path(sha).is_file() for sha in shas]


def rows(store, *shas) -> list[bool]:
    with store.sessions() as s:
        return [s.get(Blob, sha) is not None for sha in shas]


def age(path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_discarded_draft_takes_its_page_files_and_a_shared_one_stays(store, flow, version_id):
    reception, snap, pages, birth, blobs = flow
    own = pages.add_page(snap.id, birth, page_png(1))
    shared = pages.add_page(snap.id, birth, page_png(2))
    other = complete_draft(reception, version_id)  # the same paper scanned for another dossier
    other_birth = next(i.id for i in other.items if i.name == "Giấy chứng sinh")
    kept = pages.add_page(other.id, other_birth, page_png(2))
    assert kept.sha256 == shared.sha256  # content-addressed: one file for both
    assert files(blobs, own.sha256, own.thumbnail_sha256, shared.sha256) == [True] * 3

    DraftService(store.sessions, blobs).discard(snap.id, None)

    assert files(blobs, own.sha256, own.thumbnail_sha256) == [False, False]
    assert rows(store, own.sha256, own.thumbnail_sha256) == [False, False]
    assert files(blobs, shared.sha256, shared.thumbnail_sha256) == [True, True]
    assert blobs.read(kept.sha256) and rows(store, kept.sha256) == [True]
    with store.sessions() as s:
        assert s.scalars(select(ScanPage.dossier_id)).all() == [other.id]
    assert [r.dossier_id for r in pages.recoverable()] == [other.id]


def test_a_discarded_draft_takes_its_sealed_paper_and_text_layer(store, flow):
    _reception, snap, pages, birth, blobs = flow
    page = pages.add_page(snap.id, birth, page_png(3))
    sealed = pages.seal(snap.id, birth, None, MONDAY).pdf_sha256
    layers = TextLayers(store.sessions, blobs)
    layers.record(TextLayer("done", "Đã tạo.", "Done.", sealed, b"%PDF-1.7 copy", "chữ", 1))
    with store.sessions() as s:
        copy = s.get(PaperTextLayer, sealed).copy_sha256
    assert files(blobs, page.sha256, sealed, copy) == [True] * 3

    DraftService(store.sessions, blobs).discard(snap.id, None)

    assert files(blobs, page.sha256, page.thumbnail_sha256, sealed, copy) == [False] * 4
    with store.sessions() as s:
        for model in (Blob, PaperTextLayer, ScanPaper, ScanPage):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model


def test_changing_the_procedure_and_purging_old_drafts_take_the_pages_too(store, flow, version_id):
    reception, snap, pages, birth, blobs = flow
    page = pages.add_page(snap.id, birth, page_png(4))
    reception.create_draft(version_id, None, MONDAY, replacing=snap.id)
    assert files(blobs, page.sha256, page.thumbnail_sha256) == [False, False]

    old = complete_draft(reception, version_id)
    old_birth = next(i.id for i in old.items if i.name == "Giấy chứng sinh")
    abandoned = pages.add_page(old.id, old_birth, page_png(5))
    purged = DraftService(store.sessions, blobs).purge_abandoned(
        MONDAY + timedelta(days=400), retention_days=30
    )
    assert purged == 2 and files(blobs, abandoned.sha256) == [False]


def test_a_refused_dossier_loses_its_unsealed_pages_and_keeps_its_sealed_papers(store, flow):
    reception, snap, pages, birth, blobs = flow
    form = next(i.id for i in snap.items if i.name.startswith("Tờ khai"))
    sealed_page = pages.add_page(snap.id, birth, page_png(6))
    sealed = pages.seal(snap.id, birth, None, MONDAY).pdf_sha256
    loose = pages.add_page(snap.id, form, page_png(7))
    deleted = pages.add_page(snap.id, form, page_png(8))
    pages.delete(snap.id, deleted.id)

    reception.refuse(snap.id, None, "Hồ sơ không thuộc thẩm quyền giải quyết")

    assert files(blobs, loose.sha256, loose.thumbnail_sha256, deleted.sha256) == [False] * 3
    assert files(blobs, sealed_page.sha256, sealed) == [True, True]
    with store.sessions() as s:
        assert s.scalars(select(ScanPage.id)).all() == [sealed_page.id]
    assert blobs.read(sealed).startswith(b"%PDF")


def test_a_file_stored_again_meanwhile_is_not_removed(store, flow):
    _reception, snap, pages, birth, blobs = flow
    page = pages.add_page(snap.id, birth, page_png(9))
    with store.sessions.begin() as s:
        s.query(ScanPage).delete()
        dead = blobs.drop_unreferenced(s, {page.sha256})
    assert dead == {page.sha256}
    with store.sessions.begin() as s:  # the same content stored again before the files go
        blobs.add_row(s, page.sha256, 1, "image/jpeg")
    assert blobs.remove_files(store.sessions, dead) == 0
    assert files(blobs, page.sha256) == [True]


def test_the_start_up_sweep_keeps_what_the_recovery_offer_needs(store, flow, tmp_path):
    _reception, snap, pages, birth, blobs = flow
    kept = pages.add_page(snap.id, birth, page_png(10))  # a draft's page: offered back
    crashed = pages.add_page(snap.id, birth, page_png(11))
    young = pages.add_page(snap.id, birth, page_png(12))
    with store.sessions.begin() as s:  # what a crash between two commits leaves: nothing names
        s.query(ScanPage).filter(ScanPage.id.in_([crashed.id, young.id])).delete()
    for sha in (kept.sha256, kept.thumbnail_sha256, crashed.sha256, crashed.thumbnail_sha256):
        age(blobs.path(sha), 2 * DAY)
    open_spool = pages.new_spool()  # a scan the app was killed in: its pages wait there
    batch = pages.begin_batch(snap.id, birth, "sane:test:0", spool=open_spool)
    open_spool.mkdir(parents=True)
    (open_spool / "page-0001.png").write_bytes(page_png(13))
    stale_spool = pages.spool_root / "0123abcd"
    stale_spool.mkdir()
    (stale_spool / "page-0001.png").write_bytes(page_png(14))
    for folder in (open_spool, stale_spool):
        age(folder, 2 * DAY)

    swept = sweep_pages(store.sessions, blobs, pages.spool_root)

    assert (swept.page_blobs, swept.spools) == (2, 1)
    assert files(blobs, crashed.sha256, crashed.thumbnail_sha256) == [False, False]
    assert rows(store, crashed.sha256) == [False]
    assert files(blobs, kept.sha256, kept.thumbnail_sha256, young.sha256) == [True] * 3
    assert not stale_spool.exists() and open_spool.is_dir()
    (offer,) = pages.recoverable()  # the killed scan's page is taken in from its spool
    assert offer.dossier_id == snap.id and offer.pages == 2  # kept, and the spooled one
    with store.sessions() as s:
        assert s.scalar(select(func.count()).where(ScanPage.batch_id == batch)) == 1
    assert sweep_pages(store.sessions, blobs, pages.spool_root) == type(swept)()
