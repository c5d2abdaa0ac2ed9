"""Step 5: digitise each paper received into a PDF kept with the dossier.

For now a paper is digitised by importing an image or PDF file (a photo, a scan made elsewhere);
the scanner (issue "scanning") adds its own button in each row here.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.file_import import file_to_pdf
from ui.reception.common import Banner, step_title

FILE_FILTER = "PDF, ảnh (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)"


class DigitiseStep(QWidget):
    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.buttons: dict[int, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(step_title(self.tr("Digitise the papers")))
        note = QLabel(
            self.tr(
                "Each paper received is kept as a PDF with the dossier. "
                "Papers not digitised now can be added before the dossier is sent on."
            )
        )
        note.setObjectName("cardTitle")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.scroll = QScrollArea(widgetResizable=True)
        layout.addWidget(self.scroll, 1)
        self.banner = Banner()
        layout.addWidget(self.banner)

    def enter(self) -> None:
        self.banner.clear()
        body = QWidget()
        rows = QVBoxLayout(body)
        self.buttons.clear()
        received = [i for i in self.page.dossier.items if i.received.total or i.voluntary]
        if not received:
            rows.addWidget(QLabel(self.tr("No paper has been received yet.")))
        for item in received:
            row = QHBoxLayout()
            name = QLabel(item.name + (" — " + self.tr("voluntary") if item.voluntary else ""))
            name.setWordWrap(True)
            row.addWidget(name, 1)
            state = QLabel(
                self.tr("%n page(s) digitised", "", item.pages)
                if item.pdf_sha256
                else self.tr("not digitised")
            )
            state.setStyleSheet("color:#067647;" if item.pdf_sha256 else "color:#b54708;")
            row.addWidget(state)
            button = QPushButton(self.tr("Import file…"))
            button.setObjectName(f"import_{item.id}")
            button.clicked.connect(partial(self.import_file, item.id))
            self.buttons[item.id] = button
            row.addWidget(button)
            rows.addLayout(row)
        rows.addStretch(1)
        self.scroll.setWidget(body)

    def import_file(self, item_id: int, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Choose the digitised paper"), str(Path.home()), FILE_FILTER
            )
            if not path:
                return
        button = self.buttons.get(item_id)
        if button:
            button.setEnabled(False)

        def failed(exc) -> None:
            self.page.show_error(exc)
            if button:
                button.setEnabled(True)

        def converted(result) -> None:  # the database worker only records the converted file
            pdf, pages = result
            self.page.save(
                lambda reception, dossier_id: reception.attach_pdf(dossier_id, item_id, pdf, pages),
                self.enter,
                on_error=lambda: button and button.setEnabled(True),
            )

        # reading and converting (a multi-page TIFF takes a while) in a worker process
        self.page.tasks.run_in_process(
            file_to_pdf, Path(path), on_success=converted, on_failure=failed, owner=self
        )

    def commit(self, done) -> None:
        done()
