"""The Qt printer path: an in-app preview of a stored PDF, and printing a copy on a chosen printer.

The preview renders with QtPdf. "Print a copy…" lets the officer pick a printer in Qt's print dialog
(the system's CUPS queues) and hands the job to the durable print queue as ``cups:<queue>``, so the
UI thread never waits on the printer and a failed print is retried or reported, never lost.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


class PdfPreviewDialog(QDialog):
    sig_print_copy = Signal(str)
    """The officer asked for a copy on this printer (a config printer spec, e.g. ``cups:Quay1``)."""

    def __init__(self, parent, pdf_path: Path, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 720)
        self.document = QPdfDocument(self)
        self.document.load(str(pdf_path))
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.pages = QLabel(self.tr("%n page(s)", "", self.document.pageCount()))
        row.addWidget(self.pages)
        row.addStretch(1)
        self.print_button = QPushButton(self.tr("Print a copy…"), objectName="primary")
        self.print_button.clicked.connect(self.choose_printer)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def choose_printer(self) -> None:
        self._printer = QPrinter()
        dialog = QPrintDialog(self._printer, self)
        dialog.accepted.connect(lambda: self.print_copy_on(self._printer.printerName()))
        dialog.open()

    def print_copy_on(self, queue_name: str) -> None:
        """Ask for a copy on the CUPS queue ``queue_name`` (empty: this counter's receipt printer)."""
        self.sig_print_copy.emit(f"cups:{queue_name}" if queue_name else "")
        self.accept()
