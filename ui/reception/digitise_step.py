"""Step 5: digitise every paper kept in the dossier, guided by the checklist.

The step says what to scan now ("Bây giờ quét: Giấy chứng sinh (1 bản chính) — 1 trang"); papers
only shown at the counter are not asked for (Circular 03/2025 Art. 5). Pages arrive one by one
from the scanner (ui/scanning/scan_job.py) into a strip where the officer reorders (drag), rotates,
deletes or rescans them, moves the rest of a feeder batch to the next paper, and marks a page "có
ghi chú viết tay", which then asks for its second scan (Circular 01/2023 Art. 8). A paper already
on file for this applicant is offered instead of a rescan. Each paper is sealed into one signed PDF
when it is complete; the page store refuses to seal a paper whose pages do not match.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.dossier_types import ItemCounts
from kiosk.scanning.pages import PaperState
from kiosk.signing import SigningError
from ui import ops
from ui.errors import message_for
from ui.reception.common import Banner, step_title
from ui.scanning.page_strip import PageStrip
from ui.scanning.scan_job import ScanJob, ScanRequest
from ui.scanning.text_layers import text_layer_label
from ui.style import OK, PRIMARY, WARNING

FILE_FILTER = "PDF, ảnh (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)"
ITEM_ID = Qt.ItemDataRole.UserRole


class DigitiseStep(QWidget):
    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.papers: list[PaperState] = []
        self.offers: dict[int, list] = {}
        self.thumbs: dict[str, bytes] = {}
        self.text_layers: dict[str, tuple[str, str] | None] = {}  # sealed PDF → (status, message)
        self.current: int | None = None  # the item being scanned
        self.job: ScanJob | None = None
        self.pin_dialog = None  # the token's PIN, asked at the first sealing of a session
        layout = QVBoxLayout(self)
        layout.addWidget(step_title(self.tr("Digitise the papers")))
        self.guide = QLabel(objectName="scanGuide")
        self.guide.setWordWrap(True)
        self.guide.setStyleSheet(f"font-size:14pt; font-weight:bold; color:{PRIMARY};")
        layout.addWidget(self.guide)

        body = QHBoxLayout()
        layout.addLayout(body, 1)
        left = QVBoxLayout()
        self.list = QListWidget(objectName="paperList")
        self.list.setMinimumWidth(240)
        self.list.setMaximumWidth(320)
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._paper_chosen)
        left.addWidget(self.list, 1)
        self.shown_only = QLabel(objectName="shownOnly")
        self.shown_only.setWordWrap(True)
        self.shown_only.setStyleSheet("color:#475467;")
        left.addWidget(self.shown_only)
        body.addLayout(left)

        right = QVBoxLayout()
        body.addLayout(right, 1)
        self.reuse_box = QFrame(objectName="reuseBox")
        self.reuse_box.setStyleSheet(
            "#reuseBox { background:#eff8ff; border:1px solid #175cd3; border-radius:6px; }"
        )
        reuse_row = QHBoxLayout(self.reuse_box)
        self.reuse_text = QLabel()
        self.reuse_text.setWordWrap(True)
        reuse_row.addWidget(self.reuse_text, 1)
        self.reuse_button = QPushButton(self.tr("Use the copy on file"), objectName="reuse")
        self.reuse_button.clicked.connect(self.reuse)
        reuse_row.addWidget(self.reuse_button)
        right.addWidget(self.reuse_box)
        self.reuse_box.hide()

        controls = QHBoxLayout()
        self.scan_one = QPushButton(self.tr("Scan a page (F5)"), objectName="scanOne")
        self.scan_feeder = QPushButton(self.tr("Scan the feeder (F6)"), objectName="scanFeeder")
        self.import_button = QPushButton(self.tr("Import file…"), objectName="importFile")
        self.scan_one.clicked.connect(lambda: self.scan(feeder=False))
        self.scan_feeder.clicked.connect(lambda: self.scan(feeder=True))
        self.import_button.clicked.connect(lambda: self.import_file())
        QShortcut(QKeySequence("F5"), self, activated=lambda: self.scan(feeder=False))
        QShortcut(QKeySequence("F6"), self, activated=lambda: self.scan(feeder=True))
        for button in (self.scan_one, self.scan_feeder, self.import_button):
            controls.addWidget(button)
        controls.addStretch(1)
        controls.addWidget(QLabel(self.tr("Pages of this paper:")))
        self.expected = QSpinBox(minimum=1, maximum=999, objectName="expectedPages")
        self.expected.editingFinished.connect(self._expected_changed)
        controls.addWidget(self.expected)
        right.addLayout(controls)

        self.strip = PageStrip()
        self.strip.sig_reordered.connect(self._reordered)
        self.strip.currentItemChanged.connect(lambda *_: self._page_buttons())
        right.addWidget(self.strip, 1)

        actions = QHBoxLayout()
        self.rotate_button = QPushButton("⟳ " + self.tr("Rotate"), objectName="rotate")
        self.delete_button = QPushButton(self.tr("Delete"), objectName="deletePage")
        self.rescan_button = QPushButton(self.tr("Rescan page"), objectName="rescan")
        self.handwritten = QCheckBox(self.tr("Handwritten notes"), objectName="handwritten")
        self.second_button = QPushButton(self.tr("Second scan"), objectName="second")
        self.second_button.setToolTip(self.tr("Scan the page again, without the handwritten notes"))
        self.move_to = QComboBox(objectName="moveTo")
        self.move_to.setMinimumWidth(220)
        self.move_to.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.move_button = QPushButton(self.tr("Move from this page to"), objectName="move")
        self.rotate_button.clicked.connect(self.rotate)
        self.delete_button.clicked.connect(self.delete)
        self.rescan_button.clicked.connect(lambda: self.scan(feeder=False, rescan=True))
        self.handwritten.clicked.connect(self.mark_handwritten)
        self.second_button.clicked.connect(lambda: self.scan(feeder=False, second=True))
        self.move_button.clicked.connect(self.move_rest)
        for w in (self.rotate_button, self.delete_button, self.rescan_button, self.handwritten):
            actions.addWidget(w)
        actions.addWidget(self.second_button)
        actions.addStretch(1)
        right.addLayout(actions)
        split = QHBoxLayout()  # a feeder batch holding several papers: the rest to another one
        split.addWidget(self.move_button)
        split.addWidget(self.move_to)
        split.addStretch(1)
        right.addLayout(split)

        self.problems = QLabel(objectName="problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color:{WARNING};")
        right.addWidget(self.problems)

        bottom = QHBoxLayout()
        self.progress = QProgressBar(objectName="scanProgress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = QLabel(objectName="scanStatus")
        self.cancel_button = QPushButton(self.tr("Cancel scan"), objectName="cancelScan")
        self.cancel_button.clicked.connect(self.cancel_scan)
        self.cancel_button.hide()
        self.seal_button = QPushButton(self.tr("Seal this paper"), objectName="seal")
        self.seal_button.clicked.connect(self.seal)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.seal_button)
        right.addLayout(bottom)
        self.banner = Banner()
        layout.addWidget(self.banner)

    # --- loading --------------------------------------------------------------------------------

    def enter(self) -> None:
        self.banner.clear()
        self.refresh()
        worker = self.page.services.scan_worker
        if worker is not None:  # the scanner's process is ready before the first scan
            self.page.tasks.run(worker.warm, uses_db=False, owner=self)

    def refresh(self, then=None) -> None:
        """Read the papers, their pages' thumbnails and the offers on file (db worker)."""
        store, reuse = self.page.services.pages, self.page.services.reuse
        layers = self.page.services.text_layers
        dossier_id, known = self.page.dossier.id, set(self.thumbs)

        def load():
            papers = store.papers(dossier_id)
            thumbs = {
                p.thumbnail_sha256: store.read(p.thumbnail_sha256)
                for paper in papers
                for p in paper.pages
                if p.thumbnail_sha256 and p.thumbnail_sha256 not in known
            }
            sealed = [p.pdf_sha256 for p in papers if p.sealed and p.pdf_sha256]
            found = layers.statuses(sealed) if layers is not None and sealed else {}
            texts = {sha: found.get(sha) for sha in sealed} if layers is not None else {}
            return papers, thumbs, reuse.offers_by_item(dossier_id), texts

        def loaded(result) -> None:
            papers, thumbs, offers, self.text_layers = result
            self.thumbs.update(thumbs)
            self.show_papers(papers, offers)
            if then is not None:
                then()

        self.page.tasks.run(load, loaded, self.page.show_error, owner=self)

    def show_papers(self, papers: list[PaperState], offers: dict[int, list]) -> None:
        self.papers, self.offers = papers, offers
        to_scan = [p for p in papers if p.to_scan]
        shown = [p.name for p in papers if p.kind == "present" and p.received.total]
        self.shown_only.setText(
            self.tr("Only shown, not scanned: %1").replace("%1", "; ".join(shown)) if shown else ""
        )
        if self.current not in {p.item_id for p in to_scan}:
            todo = [p for p in to_scan if not p.sealed]  # pages already there first (a crash)
            todo.sort(key=lambda p: not p.pages)
            self.current = (todo or to_scan or [None])[0]
            self.current = self.current.item_id if self.current else None
        self.list.blockSignals(True)
        self.list.clear()
        for paper in to_scan:
            item = QListWidgetItem(f"{paper.name}\n{self._state_text(paper)}")
            text_layer = self._text_layer_text(paper)
            if text_layer:
                item.setText(f"{item.text()}\n{text_layer}")
                layer = self.text_layers.get(paper.pdf_sha256)
                item.setToolTip(layer[1] if layer else "")
            item.setData(ITEM_ID, paper.item_id)
            item.setForeground(
                QColor(OK if paper.sealed else WARNING if paper.problems else "#101828")
            )
            self.list.addItem(item)
            if paper.item_id == self.current:
                self.list.setCurrentItem(item)
        if not to_scan:
            self.list.addItem(QListWidgetItem(self.tr("No paper to digitise has been received.")))
        self.list.blockSignals(False)
        self._show_current()

    def _state_text(self, paper: PaperState) -> str:
        if paper.sealed and paper.reused_from is not None:
            return "✓ " + self.tr("copy on file used")
        if paper.sealed:
            return "✓ " + self.tr("sealed, %n page(s)", "", len(paper.pages) or 1)
        return (
            self.tr("%1 of %2 page(s) scanned")
            .replace("%1", str(paper.counted))
            .replace("%2", str(paper.expected_pages))
        )

    def _text_layer_text(self, paper: PaperState) -> str:
        """The sealed paper's searchable text: being made, ready, skipped or failed."""
        if not paper.sealed or paper.pdf_sha256 not in self.text_layers:
            return ""
        layer = self.text_layers[paper.pdf_sha256]
        return text_layer_label(layer[0] if layer else None)

    def paper_state(self) -> PaperState | None:
        return next((p for p in self.papers if p.item_id == self.current), None)

    def _show_current(self) -> None:
        paper = self.paper_state()
        scanning = self.job is not None
        if paper is None:
            self.guide.setText(self.tr("No paper to digitise has been received."))
            self.strip.show_pages((), {})
        else:
            self.guide.setText(self._guide_text(paper))
            self.strip.show_pages(paper.pages, self.thumbs)
            self.expected.blockSignals(True)
            self.expected.setValue(paper.expected_pages)
            self.expected.blockSignals(False)
        editable = paper is not None and not paper.sealed and not scanning
        has_scanner = self.page.config.scanner not in ("none", "file")
        self.scan_one.setEnabled(editable and has_scanner)
        self.scan_feeder.setEnabled(editable and has_scanner)
        if not has_scanner:
            self.scan_one.setToolTip(self.tr("No scanner is set up on this machine."))
        self.import_button.setEnabled(editable)
        self.expected.setEnabled(editable)
        shown = paper is not None and paper.pages and not scanning  # not while pages arrive
        self.problems.setText(" ".join(paper.problems) if shown else "")
        self.seal_button.setEnabled(editable and paper.ready)
        self.move_to.clear()
        for other in self.papers:
            if other.to_scan and not other.sealed and paper and other.item_id != paper.item_id:
                self.move_to.addItem(other.name, other.item_id)
        offers = self.offers.get(self.current or -1, []) if editable and not paper.pages else []
        if offers:
            offer = offers[0]
            self.reuse_text.setText(
                self.tr(
                    "This applicant's %1 is already on file, sealed on %2 (dossier %3, %4 "
                    "page(s)). Use it instead of scanning again?"
                )
                .replace("%1", paper.name)
                .replace("%2", offer.sealed_at.strftime("%d/%m/%Y"))
                .replace("%3", offer.dossier_code or "—")
                .replace("%4", str(offer.pages))
            )
        self.reuse_box.setVisible(bool(offers))
        self._page_buttons()

    def _guide_text(self, paper: PaperState) -> str:
        if paper.sealed:
            todo = [p for p in self.papers if p.to_scan and not p.sealed]
            return self.tr("“%1” is sealed.").replace("%1", paper.name) + (
                " " + self.tr("Next: %1").replace("%1", todo[0].name) if todo else ""
            )
        missing = paper.missing_second_scans
        if missing:
            return self.tr("Now scan page %1 again, without the handwritten notes").replace(
                "%1", str(missing[0].position)
            )
        return (
            self.tr("Now scan: %1 (%2)")
            .replace("%1", paper.name)
            .replace("%2", self.counts_text(paper.received))
            + " — "
            + self.tr("%n page(s)", "", paper.expected_pages)
        )

    def counts_text(self, counts: ItemCounts) -> str:
        parts = [
            text
            for n, text in (
                (counts.originals, self.tr("%n original(s)", "", counts.originals)),
                (
                    counts.certified_copies,
                    self.tr("%n certified copy(ies)", "", counts.certified_copies),
                ),
                (counts.photocopies, self.tr("%n photocopy(ies)", "", counts.photocopies)),
            )
            if n
        ]
        return ", ".join(parts)

    def _page_buttons(self) -> None:
        paper = self.paper_state()
        page_id = self.strip.current_page_id()
        page = next((p for p in paper.pages if p.id == page_id), None) if paper else None
        editable = page is not None and not paper.sealed and self.job is None
        for button in (self.rotate_button, self.delete_button, self.rescan_button):
            button.setEnabled(editable)
        self.rescan_button.setEnabled(editable and self.page.config.scanner not in ("none", "file"))
        self.handwritten.setEnabled(editable and page.second_scan_of is None)
        self.handwritten.setChecked(bool(page and page.handwritten))
        needs_second = bool(paper and page and page in paper.missing_second_scans)
        self.second_button.setVisible(needs_second)
        self.second_button.setEnabled(
            editable and needs_second and self.page.config.scanner not in ("none", "file")
        )
        self.move_button.setEnabled(editable and self.move_to.count() > 0)
        self.move_to.setEnabled(editable and self.move_to.count() > 0)

    def _paper_chosen(self, item, _previous=None) -> None:
        if item is not None and item.data(ITEM_ID) is not None and self.job is None:
            self.current = item.data(ITEM_ID)
            self._show_current()

    # --- scanning -------------------------------------------------------------------------------

    def scan(self, *, feeder: bool, rescan: bool = False, second: bool = False) -> None:
        device = self.page.config.scanner
        if device in ("none", "file"):
            self.banner.show_message(
                self.tr("No scanner is set up on this machine: import a file instead."), "warning"
            )
            return
        self._start(device, feeder=feeder, rescan=rescan, second=second)

    def import_file(self, path: str | None = None) -> None:
        """Pages from a file (a photo, a PDF or a multi-page TIFF made elsewhere)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Choose the digitised paper"), str(Path.home()), FILE_FILTER
            )
            if not path:
                return
        self._start(f"file:{path}", feeder=True)

    def _start(self, device: str, *, feeder: bool, rescan=False, second=False) -> None:
        paper = self.paper_state()
        if self.job is not None or paper is None or paper.sealed:
            return
        page_id = self.strip.current_page_id()
        request = ScanRequest(
            self.page.dossier.id,
            paper.item_id,
            device,
            feeder=feeder,
            officer_id=self.page.officer_id(),
            replaces=page_id if rescan else None,
            second_scan_of=(paper.missing_second_scans[0].id if second else None),
        )
        self.banner.clear()
        self.job = ScanJob(
            self.page.tasks,
            self.page.services.pages,
            request,
            worker=self.page.services.scan_worker,  # kept between scans
            parent=self,
        )
        self.job.sig_page.connect(self._page_arrived)
        self.job.sig_progress.connect(self._progress)
        self.job.sig_finished.connect(self._scan_finished)
        expected = paper.expected_pages if feeder else 1
        self.progress.setRange(0, max(expected, 1))
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%v of %m page(s)"))
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.status.setText(self.tr("Starting the scanner…"))
        self._show_current()
        self.job.start()

    def _page_arrived(self, info) -> None:
        self.refresh()  # the strip shows the page as soon as it is stored

    def _progress(self, recorded: int, text: str) -> None:
        if recorded > self.progress.maximum():
            self.progress.setMaximum(recorded)
        self.progress.setValue(recorded)
        self.status.setText(text)

    def cancel_scan(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Stopping after the current page…"))

    def _scan_finished(self, status: str, message: str) -> None:
        job, self.job = self.job, None
        recorded = job.recorded if job is not None else 0
        self.cancel_button.hide()
        self.progress.hide()
        done = self.tr("%n page(s) received.", "", recorded)
        if status == "cancelled":
            self.status.setText(self.tr("Scan cancelled.") + " " + done)
        elif status == "failed":
            self.status.setText(done)
        else:
            self.status.setText(done)
        if message:
            self.banner.show_message(message, "error" if status == "failed" else "warning")
        if job is not None:
            job.deleteLater()
        self.refresh()

    # --- editing (each a small op, the page store refuses what is not allowed) -----------------

    def _run(self, op) -> None:
        op.success(lambda _r: self.refresh()).failure(self._failed).run_in_background()

    def _failed(self, exc: BaseException) -> None:
        self.page.show_error(exc)
        self.refresh()

    def _args(self):
        return self, self.page.tasks, self.page.services.pages, self.page.dossier.id

    def rotate(self) -> None:
        page_id = self.strip.current_page_id()
        if page_id is not None:
            self._run(ops.rotate_page(*self._args(), page_id=page_id))

    def delete(self) -> None:
        page_id = self.strip.current_page_id()
        if page_id is not None:
            self._run(ops.delete_page(*self._args(), page_id=page_id))

    def mark_handwritten(self) -> None:
        page_id = self.strip.current_page_id()
        if page_id is not None:
            on = self.handwritten.isChecked()
            self._run(ops.mark_handwritten(*self._args(), page_id=page_id, on=on))

    def move_rest(self) -> None:
        page_id, to_item = self.strip.current_page_id(), self.move_to.currentData()
        if page_id is not None and to_item is not None:
            self._run(ops.split_pages(*self._args(), page_id=page_id, to_item_id=to_item))

    def _reordered(self, page_ids: list) -> None:
        if self.current is not None:
            self._run(ops.reorder_pages(*self._args(), item_id=self.current, page_ids=page_ids))

    def _expected_changed(self) -> None:
        paper = self.paper_state()
        if paper is not None and not paper.sealed and self.expected.value() != paper.expected_pages:
            self._run(
                ops.set_expected_pages(
                    *self._args(), item_id=paper.item_id, count=self.expected.value()
                )
            )

    def seal(self) -> None:
        paper = self.paper_state()
        if paper is None:
            return
        self.seal_button.setEnabled(False)
        self._with_key(lambda: self._seal(paper.item_id))

    def _seal(self, item_id: int) -> None:
        self.status.setText(self.tr("Sealing and signing…"))
        ops.seal_paper(*self._args(), item_id=item_id, officer_id=self.page.officer_id()).success(
            lambda _r: self._sealed()
        ).failure(
            lambda exc: self._key_failed(exc, lambda: self._seal(item_id))
        ).run_in_background()

    # --- the signing key (kiosk/signing/counter.py decides which; the token's PIN is asked here)

    def _with_key(self, then, problem: str = "") -> None:
        """Run ``then`` once the officer's key can sign: the token's PIN asked first when this
        session has not given it (or the last try failed: ``problem`` says why)."""
        signing, officer = self.page.services.signing, self.page.officer_id()
        if not problem and not signing.needs_pin(officer):
            then()
            return
        from ui.scanning.pin_dialog import TokenPinDialog

        self.pin_dialog = TokenPinDialog(self, self.page.tasks, signing, officer, problem=problem)
        self.pin_dialog.accepted.connect(then)
        self.pin_dialog.rejected.connect(self._not_signed)
        self.pin_dialog.open()

    def _key_failed(self, exc: BaseException, retry) -> None:
        """Sealing refused: a token problem (wrong PIN, unplugged, no key) asks again with its
        message in the dialog; nothing was sealed and the pages stay."""
        if isinstance(exc, SigningError) and self.page.services.signing.uses_token:
            self.refresh()
            self._with_key(retry, problem=message_for(exc))
            return
        self._failed(exc)

    def _not_signed(self) -> None:
        self.status.setText(self.tr("Not sealed: the paper needs your digital signature."))
        self.refresh()

    def _sealed(self, sealed: bool = True) -> None:
        if sealed:
            self.page.sig_sealed.emit()  # its searchable text is made in the background
        self.status.setText(self.tr("Sealed."))
        self.current = None  # on to the next paper to scan
        self.refresh()

    def reuse(self) -> None:
        paper = self.paper_state()
        offers = self.offers.get(self.current or -1, [])
        if paper is None or not offers:
            return
        ops.reuse_paper(
            self,
            self.page.tasks,
            self.page.services.reuse,
            self.page.dossier.id,
            item_id=paper.item_id,
            source_item_id=offers[0].item_id,
            officer_id=self.page.officer_id(),
        ).success(lambda _r: self._sealed(False)).failure(self._failed).run_in_background()

    # --- leaving the step -----------------------------------------------------------------------

    def commit(self, done) -> None:
        """Seal the papers whose pages are complete, then go on (papers not scanned yet can be
        added before the dossier is sent on; pages that do not match stop here)."""
        if self.job is not None:
            self.banner.show_message(self.tr("Wait for the scan to finish, or cancel it."))
            return
        store, dossiers = self.page.services.pages, self.page.services.dossiers
        dossier_id, officer = self.page.dossier.id, self.page.officer_id()

        def work():
            sealed = 0
            for paper in store.papers(dossier_id):
                if paper.to_scan and paper.pages and not paper.sealed:
                    store.seal(dossier_id, paper.item_id, officer)
                    sealed += 1
            return dossiers.get(dossier_id), sealed

        def sealed(result) -> None:
            self.page.dossier, count = result
            if count:
                self.page.sig_sealed.emit()
            done()

        def run() -> None:
            self.page.tasks.run(work, sealed, lambda exc: self._key_failed(exc, run), owner=self)

        self._with_key(run)
