"""The searchable text layers of sealed papers, made in the background (issue 11 §7).

After each sealing, and once at start-up, :meth:`TextLayerRunner.catch_up` asks the store which
sealed papers still have no text layer (``kiosk.scanning.ocr.TextLayers.pending``: the skipped ones
too, once Tesseract is installed) and makes them **one at a time**: the sealed file is read on the
database worker, Tesseract runs in the process pool, the result is recorded by the database worker,
then the next paper goes. One paper at a time leaves the other worker of the pool free for the
pages the officer is scanning meanwhile: the counter never waits on OCR.

When Tesseract (or its Vietnamese data) is missing each paper is recorded as skipped, and the
officer is told once per run, in the status bar, never in a dialog.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, Signal

from kiosk.scanning.ocr import TextLayer, TextLayers, add_text_layer
from ui.tasks import TaskManager

log = logging.getLogger(__name__)
BATCH = 50  # papers asked for at a time (TextLayers.pending's limit)


def text_layer_label(status: str | None) -> str:
    """A sealed paper's searchable text as the officer reads it (None: not made yet); the
    digitise step and the dossier detail both say it this way."""
    translate = QCoreApplication.translate
    if status == "done":
        return translate("DigitiseStep", "searchable text ready")
    if status == "skipped":
        return translate("DigitiseStep", "no searchable text: Tesseract is missing")
    if status == "failed":
        return translate("DigitiseStep", "searchable text could not be made")
    return translate("DigitiseStep", "searchable text being made…")


class TextLayerRunner(QObject):
    sig_missing = Signal(str)
    """Tesseract is missing: the text for the status bar (emitted once per run)."""

    sig_recorded = Signal(str, str)
    """A paper's text layer was recorded: the sealed PDF's SHA-256 and the status."""

    def __init__(
        self, tasks: TaskManager, layers: TextLayers, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks, self.layers = tasks, layers
        self._queue: list[str] = []
        self._busy = False  # a catch-up is going through its papers
        self._again = False  # asked again meanwhile (a paper sealed during the run)
        self._told = False
        self._current: str | None = None
        self._failed: set[str] = set()  # not readable or not recorded: left for the next start

    @property
    def busy(self) -> bool:
        return self._busy

    def catch_up(self) -> None:
        """Make the missing text layers in the background (returns at once)."""
        if self._busy:
            self._again = True
            return
        self._busy, self._again = True, False
        self.tasks.run(lambda: self.layers.pending(BATCH), self._found, self._not_done, owner=self)

    def _found(self, shas: list[str]) -> None:
        self._queue = [sha for sha in shas if sha not in self._failed]
        self._again = self._again or (len(shas) >= BATCH and bool(self._queue))  # more wait
        self._next()

    def _next(self) -> None:
        if not self._queue:
            self._busy = False
            if self._again:
                self.catch_up()
            return
        sha, layers = self._queue.pop(0), self.layers
        self._current = sha
        self.tasks.run(
            lambda: layers.sealed_pdf(sha), partial(self._read, sha), self._skip, owner=self
        )

    def _read(self, sha: str, data: bytes) -> None:
        self.tasks.run_in_process(
            partial(add_text_layer, lang=self.layers.lang),
            data,
            on_success=self._made,
            on_failure=self._skip,
            owner=self,
        )

    def _made(self, layer: TextLayer) -> None:
        layers = self.layers
        self.tasks.run(
            lambda: layers.record(layer),
            lambda _none: self._recorded(layer),
            self._skip,
            owner=self,
        )

    def _recorded(self, layer: TextLayer) -> None:
        if layer.status == "skipped" and not self._told:
            self._told = True
            self.sig_missing.emit(
                self.tr("Tesseract is missing: the digitised papers get no searchable text layer")
            )
        self.sig_recorded.emit(layer.sealed_sha256, layer.status)
        self._next()

    def _skip(self, exc: BaseException) -> None:
        """A paper that could not be read or recorded: left for the next catch-up."""
        log.warning("text layer not made (%s); retried at the next start", type(exc).__name__)
        if self._current is not None:
            self._failed.add(self._current)
        self._next()

    def _not_done(self, exc: BaseException) -> None:
        log.warning("text layers not looked up (%s)", type(exc).__name__)
        self._busy = False
