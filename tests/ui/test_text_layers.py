"""The searchable text layer in the running app: sealing a paper in the reception flow leads to its
text layer, made in the process pool while the counter goes on; without Tesseract the status bar
says so once and the paper's row says skipped; once Tesseract is there the skipped ones are made
at the next start (real window, real store, real Tesseract with its Vietnamese data)."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.dossier_types import ItemCounts
from kiosk.models import PaperTextLayer
from kiosk.scanning.ocr import add_text_layer
from tests.factories import PERSON, add_procedure
from tests.ui.counter_helpers import make_counter_window, sign_in
from tests.ui.test_digitise import tiff

MONDAY = datetime(2026, 12, 7, 9, 30)
ITEMS = [
    ("Giấy chứng sinh", 1, 0, 0, True, None),
    ("Tờ khai đăng ký khai sinh theo mẫu", 1, 0, 0, True, None),
]
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract-ocr-vie (bootstrap.sh)"
)


@pytest.fixture
def draft(store, services):
    version = add_procedure(store, items=ITEMS)
    reception = services.reception
    snap = reception.create_draft(version, None, MONDAY)
    reception.save_applicant(snap.id, PERSON)
    return reception.set_counts(snap.id, {i.id: ItemCounts(originals=1) for i in snap.items})


def layers_of(store) -> dict[str, str]:
    with store.sessions() as s:
        return {r.sealed_sha256: r.status for r in s.scalars(select(PaperTextLayer))}


def digitise(qtbot, window, draft):
    window.reception.resume(draft.id, step=4)
    window.show_page(window.reception)
    step = window.reception.steps[4]
    qtbot.waitUntil(lambda: step.current == draft.items[0].id, timeout=20000)
    return step


def scan_and_seal(qtbot, step, path) -> None:
    """Import one small page for the current paper and press "seal"; back once it is sealed."""
    sealing = step.current
    step.import_file(tiff(path, 1))
    qtbot.waitUntil(lambda: step.job is None and step.seal_button.isEnabled(), timeout=30000)
    qtbot.mouseClick(step.seal_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: step.current not in (sealing, None), timeout=30000)


def row_text(step, item_id) -> str:
    for n in range(step.list.count()):
        if step.list.item(n).data(Qt.ItemDataRole.UserRole) == item_id:
            return step.list.item(n).text()
    return ""


@pytest.mark.slow
@needs_tesseract
def test_sealing_in_the_reception_flow_makes_the_text_layer(
    qtbot, demo_config, tasks, store, draft, tmp_path
):
    window = make_counter_window(qtbot, demo_config, tasks, store)
    sign_in(qtbot, window)
    step = digitise(qtbot, window, draft)
    birth = draft.items[0].id
    scan_and_seal(qtbot, step, tmp_path / "birth.tif")
    # the step went on to the next paper at once; the text layer follows in the background
    assert step.current == draft.items[1].id and step.import_button.isEnabled()
    qtbot.waitUntil(lambda: list(layers_of(store).values()) == ["done"], timeout=120000)
    (sealed,) = layers_of(store)
    assert sealed == next(p.pdf_sha256 for p in step.papers if p.item_id == birth)
    ready = step.tr("searchable text ready")
    qtbot.waitUntil(lambda: ready in row_text(step, birth), timeout=20000)
    with store.sessions() as s:
        row = s.get(PaperTextLayer, sealed)
        assert row.pages == 1 and row.copy_sha256


@pytest.mark.slow
def test_without_tesseract_the_status_bar_says_so_once_and_nothing_waits(
    qtbot, demo_config, tasks, store, draft, tmp_path, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))  # no tesseract (nor anything else)
    window = make_counter_window(qtbot, demo_config, tasks, store)
    sign_in(qtbot, window)
    told = []
    window.text_layers.sig_missing.connect(told.append)
    step = digitise(qtbot, window, draft)
    birth, form = (i.id for i in draft.items)
    scan_and_seal(qtbot, step, tmp_path / "birth.tif")
    assert step.current == form  # the counter went on; nothing waited on the text layer
    missing = window.text_layers.tr(
        "Tesseract is missing: the digitised papers get no searchable text layer"
    )
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == missing, timeout=30000)
    assert "Tesseract" in missing
    skipped = step.tr("no searchable text: Tesseract is missing")
    qtbot.waitUntil(lambda: skipped in row_text(step, birth), timeout=20000)

    scan_and_seal(qtbot, step, tmp_path / "form.tif")  # a second paper: skipped, not told again
    qtbot.waitUntil(lambda: sorted(layers_of(store).values()) == ["skipped"] * 2, timeout=30000)
    assert tasks.wait_idle(20)
    assert told == [missing]
    assert window.text_layers.busy is False


@pytest.mark.slow
@needs_tesseract
def test_skipped_papers_are_made_at_the_next_start_once_tesseract_is_there(
    qtbot, demo_config, tasks, store, services, draft, tmp_path, monkeypatch
):
    birth = draft.items[0].id
    services.pages.add_page(draft.id, birth, tiff_bytes(tmp_path))
    sealed = services.pages.seal(draft.id, birth, None, MONDAY).pdf_sha256
    layers = services.text_layers
    with monkeypatch.context() as no_tesseract:
        no_tesseract.setenv("PATH", str(tmp_path / "bin"))
        layers.record(add_text_layer(layers.sealed_pdf(sealed)))
    assert layers_of(store) == {sealed: "skipped"}

    make_counter_window(qtbot, demo_config, tasks, store)  # the next start, Tesseract installed
    qtbot.waitUntil(lambda: layers_of(store) == {sealed: "done"}, timeout=120000)


def tiff_bytes(tmp_path) -> bytes:
    return open(tiff(tmp_path / "page.tif", 1), "rb").read()
