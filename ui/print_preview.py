"""The Qt printer path: an in-app preview of a stored PDF, and printing a copy on a chosen printer.

The preview renders with QtPdf. The file is read on the I/O pool and handed to QtPdf as bytes in a
QBuffer, so the UI thread never waits on the disk. "Print a copy…" lists the system's printers
(CUPS queues, found through QPrinterInfo on the I/O pool and kept for the session: constructing a
QPrinter on the UI thread asks CUPS and can hang) and hands the job to the durable print queue as
``cups:<queue>``, so the UI thread never waits on the printer and a failed print is retried or
reported, never lost.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout

from ui.errors import message_for

_printers: tuple[str, ...] | None = None
_printers_lock = threading.Lock()


def system_printers(refresh: bool = False) -> tuple[str, ...]:
    """The system's printer queues, default first (asks CUPS once: call it on a worker)."""
    global _printers
    with _printers_lock:
        if _printers is None or refresh:
            from PySide6.QtPrintSupport import QPrinterInfo

            names = list(QPrinterInfo.availablePrinterNames())
            default = QPrinterInfo.defaultPrinterName()
            if default in names:
                names.remove(default)
                names.insert(0, default)
            _printers = tuple(names)
        return _printers


class PdfPreviewDialog(QDialog):
    sig_print_copy = Signal(str)
    """The officer asked for a copy on this printer (a config printer spec, e.g. ``cups:Quay1``)."""

    sig_loaded = Signal()
    """The document is shown (or its failure to load is)."""

    def __init__(self, parent, pdf_path: Path, title: str, tasks) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.setWindowTitle(title)
        self.resize(760, 720)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.pages = QLabel(self.tr("Opening…"))
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
        path = Path(pdf_path)
        tasks.run(path.read_bytes, self._show_pdf, self._load_failed, uses_db=False, owner=self)

    def _show_pdf(self, data: bytes) -> None:
        self._buffer = QBuffer(self.document)  # a child: it outlives the document's destructor
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.pages.setText(self.tr("%n page(s)", "", self.document.pageCount()))
        self.sig_loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self.pages.setText(
            message_for(exc)
            if not isinstance(exc, OSError)
            else self.tr("The document cannot be read from the disk. Tell the technician.")
        )
        self.pages.setStyleSheet("color:#b42318;")
        self.sig_loaded.emit()

    def choose_printer(self) -> None:
        """List the printers on a worker, then let the officer pick one."""
        self.print_button.setEnabled(False)
        self.tasks.run(
            system_printers, self._pick_from, self._no_printers, uses_db=False, owner=self
        )

    def _pick_from(self, names: tuple[str, ...]) -> None:
        self.print_button.setEnabled(True)
        here = self.tr("This counter's receipt printer")
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Print a copy"))
        dialog.setLabelText(self.tr("Printer:"))
        dialog.setComboBoxItems([here, *names])
        dialog.setComboBoxEditable(False)
        dialog.textValueSelected.connect(
            lambda name: self.print_copy_on("" if name == here else name)
        )
        self.printer_dialog = dialog
        dialog.open()

    def _no_printers(self, exc: BaseException) -> None:
        self._pick_from(())

    def print_copy_on(self, queue_name: str) -> None:
        """Ask for a copy on the CUPS queue ``queue_name`` (empty: the counter's receipt
        printer)."""
        self.sig_print_copy.emit(f"cups:{queue_name}" if queue_name else "")
        self.accept()
