"""Text layers of the store's sealed papers: made in the background, recorded, skipped with a
Vietnamese message when Tesseract is missing (real store, real process pool, real Tesseract)."""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest
from sqlalchemy import select

from kiosk.blobs import BlobStore
from kiosk.models import Blob, PaperTextLayer
from kiosk.scanning.ocr import TextLayers
from tests.factories import MONDAY
from tests.kiosk.scanning.page_helpers import draft_with_papers, page_png


@pytest.fixture
def sealed_paper(store, tmp_path, version_id):
    _reception, snap, pages = draft_with_papers(store, tmp_path, version_id)
    birth = next(i for i in snap.items if i.name == "Giấy chứng sinh")
    pages.add_page(snap.id, birth.id, page_png(1, (600, 840)))
    return pages.seal(snap.id, birth.id, None, MONDAY).pdf_sha256


def test_without_tesseract_a_sealed_paper_is_skipped_and_says_why(
    store, tmp_path, sealed_paper, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract anywhere
    layers = TextLayers(store.sessions, BlobStore(tmp_path / "blobs"))
    assert layers.pending() == [sealed_paper]
    with ThreadPoolExecutor(1) as pool:
        (future,) = layers.catch_up(pool)
        assert future.result().status == "skipped"
    status, message = layers.status(sealed_paper)
    assert status == "skipped"
    assert message.startswith("Chưa cài Tesseract nên chưa tạo lớp chữ tìm kiếm được")
    assert layers.pending() == []  # not asked again while Tesseract is still missing


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr (bootstrap.sh)")
def test_catch_up_in_a_process_pool_records_the_searchable_copy(store, tmp_path, sealed_paper):
    blobs = BlobStore(tmp_path / "blobs")
    layers = TextLayers(store.sessions, blobs)
    with ProcessPoolExecutor(1) as pool:
        futures = layers.catch_up(pool)
        assert len(futures) == 1
        futures[0].result(timeout=300)
    # the callback records in the pool's thread; the pool is shut down, so it has run
    with store.sessions() as s:
        row = s.get(PaperTextLayer, sealed_paper)
        assert row.status == "done" and row.pages == 1
        assert row.copy_sha256 and s.get(Blob, row.copy_sha256).media_type == "application/pdf"
        copy = blobs.read(row.copy_sha256)
    assert copy.startswith(b"%PDF") and sealed_paper.encode() in copy
    assert layers.pending() == []


def test_a_later_run_replaces_the_skipped_row(store, tmp_path, sealed_paper, monkeypatch):
    from kiosk.scanning.ocr import TextLayer, add_text_layer

    monkeypatch.setenv("PATH", str(tmp_path))
    blobs = BlobStore(tmp_path / "blobs")
    layers = TextLayers(store.sessions, blobs)
    layers.record(add_text_layer(blobs.read(sealed_paper)))
    assert layers.status(sealed_paper)[0] == "skipped"

    copy = b"%PDF-1.7 searchable copy"
    layers.record(TextLayer("done", "Đã tạo lớp chữ.", "Done.", sealed_paper, copy, "chữ", 1))
    with store.sessions() as s:
        rows = s.scalars(select(PaperTextLayer)).all()
        assert [(r.sealed_sha256, r.status, r.text) for r in rows] == [
            (sealed_paper, "done", "chữ")
        ]
        assert blobs.read(rows[0].copy_sha256) == copy
