"""The digitise step driven through its widgets on a real store: guided by the checklist, pages
arriving one by one, a feeder batch split between papers, handwritten pages and their second
scan, cancel, a paper on file reused, pages left by a crash offered back."""

from __future__ import annotations

from datetime import datetime

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.dossier_types import ItemCounts
from kiosk.models import ChecklistItem, DossierItem
from kiosk.scanning.reuse import count_reused
from tests.factories import PERSON, add_procedure
from tests.kiosk.scanning.page_helpers import page_png

MONDAY = datetime(2026, 12, 7, 9, 30)
ITEMS = [
    ("Tờ khai đăng ký khai sinh theo mẫu", 1, 0, 0, True, None),
    ("Giấy chứng sinh", 1, 0, 0, True, None),
    ("Căn cước công dân của người đi đăng ký", 1, 0, 0, True, None),
]


def tiff(path, pages: int, size=(170, 240)):
    """A multi-page TIFF, one distinct page per frame (what a feeder batch looks like)."""
    frames = []
    for n in range(pages):
        image = Image.new("L", size, "white")
        ImageDraw.Draw(image).rectangle((10, 10 + 9 * n, 150, 18 + 9 * n), fill="black")
        frames.append(image)
    frames[0].save(
        path, save_all=True, append_images=frames[1:], dpi=(200, 200), compression="tiff_deflate"
    )
    return str(path)


@pytest.fixture
def draft(store, services):
    version = add_procedure(store, items=ITEMS)
    with store.sessions.begin() as s:
        shown = s.scalars(select(ChecklistItem).where(ChecklistItem.name.like("Căn cước%"))).one()
        shown.kind = "present"  # "phải xuất trình": shown, handed back, never scanned
    reception = services.reception
    snap = reception.create_draft(version, None, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    return reception.set_counts(snap.id, {i.id: ItemCounts(originals=1) for i in snap.items})


def open_page(qtbot, demo_config, tasks, services, session):
    from ui.reception.page import ReceptionPage, ReceptionServices
    from ui.services import narrow

    page = ReceptionPage(demo_config, tasks, narrow(ReceptionServices, services), session)
    page.clock = lambda: MONDAY
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    return page


@pytest.fixture
def step(qtbot, draft, demo_config, tasks, services, session):
    page = open_page(qtbot, demo_config, tasks, services, session)
    page.resume(draft.id, step=4)
    digitise = page.steps[4]
    qtbot.waitUntil(lambda: digitise.current is not None, timeout=20000)
    return digitise


def ids(draft):
    return [i.id for i in draft.items]


def wait_scan(qtbot, step, pages: int):
    qtbot.waitUntil(lambda: step.job is None and step.strip.count() == pages, timeout=30000)
    assert step.page.tasks.wait_idle(10)  # the last refresh has shown the buttons


def test_guided_by_the_checklist_papers_only_shown_are_not_asked(step, draft):
    form, birth, card = ids(draft)
    assert step.current == form
    assert [step.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)] == [form, birth]
    assert step.list.count() == 2  # the ID card is only shown
    assert "Căn cước công dân" in step.shown_only.text()
    assert "Tờ khai đăng ký khai sinh theo mẫu" in step.guide.text()
    assert step.expected.value() == 1
    assert step.page.config.scanner == "sane:test:0"  # the demo's scanner: SANE's test device
    assert step.scan_one.isEnabled() and step.import_button.isEnabled()


def test_a_feeder_batch_split_between_papers_then_sealed(qtbot, step, draft, tmp_path, store):
    form, birth, _card = ids(draft)
    step.import_file(tiff(tmp_path / "batch.tif", 3))
    assert step.job is not None and step.cancel_button.isVisible()  # the UI did not wait
    wait_scan(qtbot, step, 3)
    assert not step.cancel_button.isVisible()
    assert "2" in step.problems.text() or "3" in step.problems.text()  # 3 scanned, 1 counted

    step.strip.setCurrentRow(1)  # pages 2 and 3 are the birth certificate
    assert step.move_to.currentData() == birth
    qtbot.mouseClick(step.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: step.strip.count() == 1, timeout=20000)
    assert step.seal_button.isEnabled()
    qtbot.mouseClick(step.seal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: step.current == birth, timeout=20000)  # on to the next paper
    assert step.strip.count() == 2 and not step.seal_button.isEnabled()  # 2 pages, 1 counted
    step.expected.setValue(2)
    step.expected.editingFinished.emit()
    qtbot.waitUntil(lambda: step.seal_button.isEnabled(), timeout=20000)

    done = []
    step.commit(lambda: done.append(True))  # leaving the step seals the complete paper
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    with store.sessions() as s:
        pages = {i.id: i.pages for i in s.scalars(select(DossierItem))}
        assert (pages[form], pages[birth]) == (1, 2)
    assert step.page.dossier.items[1].pdf_sha256


def test_handwritten_page_asks_for_its_second_scan(qtbot, step, draft, tmp_path):
    step.import_file(tiff(tmp_path / "one.tif", 1))
    wait_scan(qtbot, step, 1)
    step.strip.setCurrentRow(0)
    qtbot.mouseClick(step.handwritten, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(step.paper_state().missing_second_scans), timeout=20000)
    assert step.second_button.isVisibleTo(step) and not step.seal_button.isEnabled()
    assert "1" in step.guide.text()
    step._start(f"file:{tiff(tmp_path / 'clean.tif', 1)}", feeder=False, second=True)
    wait_scan(qtbot, step, 2)
    paper = step.paper_state()
    assert paper.pages[1].second_scan_of == paper.pages[0].id
    assert not paper.problems and step.seal_button.isEnabled()


def test_sealing_refused_by_the_service_is_shown(qtbot, step, tmp_path):
    step.import_file(tiff(tmp_path / "two.tif", 2))
    wait_scan(qtbot, step, 2)
    assert not step.seal_button.isEnabled()
    step.seal()  # even if the button were enabled, the page store refuses
    qtbot.waitUntil(lambda: step.banner.isVisible(), timeout=20000)
    assert "Đã quét 2 trang, giấy tờ có 1 trang" in step.banner.text()


def test_cancel_keeps_the_pages_received(qtbot, step, tmp_path):
    step.import_file(tiff(tmp_path / "long.tif", 40, (1240, 1754)))  # A4 at 150 dpi
    job, ended = step.job, []
    job.sig_finished.connect(lambda status, _message: ended.append(status))
    qtbot.waitUntil(lambda: job._arrived >= 1, timeout=30000)  # a page is in
    qtbot.mouseClick(step.cancel_button, Qt.MouseButton.LeftButton)
    assert "…" in step.status.text()  # "stopping after the current page"
    qtbot.waitUntil(lambda: step.job is None, timeout=60000)
    assert step.page.tasks.wait_idle(20)
    kept = step.paper_state().pages
    assert len(kept) == job.recorded == job._arrived >= 1  # every page received is kept
    # stopped (a cancel that comes after the scanner delivered the whole batch, as on a loaded
    # machine, still ends as cancelled, with every page kept), or finished with all 40
    assert ended == ["cancelled"] or (ended == ["done"] and len(kept) == 40)
    assert step.strip.count() == len(kept) and step.import_button.isEnabled()


def test_a_paper_on_file_is_offered_and_reused(
    qtbot, store, services, draft, demo_config, tasks, session
):
    birth = ids(draft)[1]
    services.pages.add_page(draft.id, birth, page_png(1))
    services.pages.seal(draft.id, birth, None, MONDAY)
    form = ids(draft)[0]
    services.pages.add_page(draft.id, form, page_png(2))
    services.pages.seal(draft.id, form, None, MONDAY)
    services.reception.save_eform(draft.id, {}, on=MONDAY.date())
    services.reception.accept(draft.id, None, MONDAY)
    version = draft.procedure_version_id
    later = services.reception.create_draft(version, None, MONDAY)
    services.reception.save_applicant(later.id, PERSON)
    later = services.reception.set_counts(
        later.id, {i.id: ItemCounts(originals=1) for i in later.items}
    )
    page = open_page(qtbot, demo_config, tasks, services, session)
    page.resume(later.id, step=4)
    step = page.steps[4]
    qtbot.waitUntil(lambda: step.current is not None, timeout=20000)
    later_birth = later.items[1].id
    step.list.setCurrentRow(1)
    assert step.current == later_birth and step.reuse_box.isVisibleTo(step)
    assert "Giấy chứng sinh" in step.reuse_text.text()
    qtbot.mouseClick(step.reuse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(p.sealed for p in step.papers if p.item_id == later_birth), timeout=5000
    )
    assert step.current == later.items[0].id  # on to the next paper (its copy on file too)
    with store.sessions() as s:
        assert count_reused(s, (datetime(2020, 1, 1), datetime(2020, 12, 31))) == 0
        assert count_reused(s, (datetime(2020, 1, 1), datetime(2100, 1, 1))) == 1
        assert s.get(DossierItem, later_birth).pdf_sha256 == s.get(DossierItem, birth).pdf_sha256


def test_pages_left_by_a_crash_are_offered_back(
    qtbot, draft, services, demo_config, tasks, session
):
    birth = ids(draft)[1]
    for n in (1, 2):
        services.pages.add_page(draft.id, birth, page_png(n))
    page = open_page(qtbot, demo_config, tasks, services, session)  # the next start
    bar = page.recovery
    qtbot.waitUntil(lambda: bar.isVisible(), timeout=20000)
    assert draft.id in bar.buttons
    qtbot.mouseClick(bar.buttons[draft.id], Qt.MouseButton.LeftButton)
    step = page.steps[4]
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 4, timeout=20000)
    qtbot.waitUntil(lambda: step.strip.count() == 2, timeout=20000)
    assert step.current == birth  # the paper whose pages were kept
    assert not bar.isVisible()


def test_a_page_from_the_sane_test_scanner(qtbot, step):
    """The demo's scanner (SANE's test backend through scanimage, in the worker process)."""
    qtbot.mouseClick(step.scan_one, Qt.MouseButton.LeftButton)
    assert step.job is not None and not step.scan_one.isEnabled()  # the UI did not wait
    wait_scan(qtbot, step, 1)
    page = step.paper_state().pages[0]
    assert page.dpi == 300 and page.width > 0 and page.batch_id is not None
    assert step.seal_button.isEnabled()


def test_scans_reuse_one_kept_worker_and_a_killed_one_is_replaced(qtbot, step, tmp_path):
    """No worker process start per scan (about 0.5 s each); a dead worker costs nothing more
    than a new start at the next scan."""
    import os
    import signal

    worker = step.page.services.scan_worker
    step.import_file(tiff(tmp_path / "a.tif", 1))
    wait_scan(qtbot, step, 1)
    first = worker.pid
    assert first is not None and os.getpgid(first) == first  # its own process group
    step.import_file(tiff(tmp_path / "b.tif", 1))
    wait_scan(qtbot, step, 2)
    assert worker.pid == first  # the same process served the second scan

    os.kill(first, signal.SIGKILL)
    qtbot.waitUntil(lambda: not worker._process.is_alive(), timeout=10000)
    step.import_file(tiff(tmp_path / "c.tif", 1))
    wait_scan(qtbot, step, 3)
    assert worker.pid not in (None, first)  # replaced, and the scan went through
    assert step.status.text() and not step.banner.isVisible()
