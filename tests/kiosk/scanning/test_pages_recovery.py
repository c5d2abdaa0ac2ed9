"""The counter app killed (SIGKILL) while pages arrive: on the next start every page the scanner
had delivered is offered back, bound to its draft and checklist item, none twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.blobs import BlobStore
from kiosk.db import open_store
from kiosk.models import ScanBatch
from kiosk.scanning.pages import PageStore, process_page, spooled_pages
from tests.kiosk.scanning.page_helpers import draft_with_papers


@pytest.mark.sqlite_only
@pytest.mark.parametrize("pages_before_kill", [2, 5])
def test_pages_come_back_after_a_kill(store, tmp_path, version_id, db_url, pages_before_kill):
    _reception, snap, _pages = draft_with_papers(store, tmp_path, version_id)
    birth = next(i.id for i in snap.items if i.name == "Giấy chứng sinh")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.kiosk.scanning.scan_child",
            db_url,
            str(tmp_path),
            snap.id,
            str(birth),
        ],
        cwd=Path(__file__).parents[3],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    while sum(line.startswith("page") for line in lines) < pages_before_kill or not any(
        line.startswith("spooled") for line in lines
    ):
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        lines.append(line)
    os.kill(proc.pid, signal.SIGKILL)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err

    spool = tmp_path / "scans" / "batch-1"
    delivered = [
        p.read_bytes() for p in spooled_pages(spool)
    ]  # complete files only (atomic writes)
    assert len(delivered) > pages_before_kill  # the scanner was ahead of the store

    store.close()
    reopened = open_store(db_url)
    blobs = BlobStore(tmp_path / "blobs")
    pages = PageStore(reopened.sessions, blobs)
    offered = pages.recoverable()
    assert [(r.dossier_id, r.items[0][:2]) for r in offered] == [
        (snap.id, (birth, "Giấy chứng sinh"))
    ]
    assert offered[0].pages == len(delivered)
    assert offered[0].applicant_name == "Nguyễn Văn An"
    stored = pages.pages(snap.id, birth)
    # each page once (the pipeline is deterministic: a page recorded is recognised in the spool)
    assert sorted(p.sha256 for p in stored) == sorted(process_page(d).sha256 for d in delivered)
    assert [p.position for p in stored] == list(range(1, len(delivered) + 1))
    for page in stored:
        assert blobs.read(page.sha256)  # the file is there and matches its name
    with reopened.sessions() as s:
        assert s.scalars(select(ScanBatch.status)).all() == ["interrupted"]
    assert not spool.exists()  # taken in: the spool is cleared
    assert pages.recoverable()[0].pages == len(delivered)  # a second start adds nothing
    reopened.close()
