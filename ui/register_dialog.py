"""The tracking register of a period: print it (PDF), print the control sheets, export CSV/XLSX.

The query, the PDF drawing and the file writes run in the background (``ui/tasks.py``); the
dialog stays responsive and says what it wrote, or why not, in Vietnamese.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from kiosk.exports import export
from kiosk.files import atomic_write
from kiosk.register import RegisterQueries, period_text
from kiosk.timeutil import vietnam_now
from ui.errors import message_for
from ui.reception.common import Banner
from ui.tasks import TaskManager

# what -> (file suffix, file filter)
OUTPUTS = {
    "register": (".pdf", "PDF (*.pdf)"),
    "control_sheets": (".pdf", "PDF (*.pdf)"),
    "csv": (".csv", "CSV (*.csv)"),
    "xlsx": (".xlsx", "Excel (*.xlsx)"),
}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class RegisterDialog(QDialog):
    sig_written = Signal(str)
    """A file was written; carries its path."""

    def __init__(
        self,
        parent,
        tasks: TaskManager,
        register: RegisterQueries,
        printer,
        today: date | None = None,
    ) -> None:
        """``printer``: a ``printing.register_documents.RegisterPrinter``."""
        super().__init__(parent)
        self.tasks, self.register, self.printer = tasks, register, printer
        self.setWindowTitle(self.tr("Dossier tracking register"))
        self.setMinimumWidth(520)
        today = today or date.today()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.start = QDateEdit(_qdate(today.replace(day=1)), objectName="registerFrom")
        self.end = QDateEdit(_qdate(today), objectName="registerTo")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        form.addRow(self.tr("From"), self.start)
        form.addRow(self.tr("To"), self.end)
        layout.addLayout(form)
        self.period = QLabel("", objectName="registerPeriod")
        layout.addWidget(self.period)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for what, text in (
            ("register", self.tr("Register (PDF)")),
            ("control_sheets", self.tr("Control sheets (PDF)")),
            ("csv", self.tr("Export CSV")),
            ("xlsx", self.tr("Export Excel (XLSX)")),
        ):
            button = QPushButton(text, objectName=f"register_{what}")
            button.clicked.connect(lambda _=False, w=what: self._ask_path(w))
            row.addWidget(button)
            self.buttons[what] = button
        layout.addLayout(row)
        self.banner = Banner()
        layout.addWidget(self.banner)
        close = QPushButton(self.tr("Close"), objectName="registerClose")
        close.clicked.connect(self.reject)
        layout.addWidget(close)
        self.start.dateChanged.connect(self._show_period)
        self.end.dateChanged.connect(self._show_period)
        self._show_period()

    def dates(self) -> tuple[date, date]:
        return _pydate(self.start.date()), _pydate(self.end.date())

    def _show_period(self) -> None:
        start, end = self.dates()
        self.period.setText(period_text(start, end) if start <= end else "")

    def _ask_path(self, what: str) -> None:
        suffix, filter_ = OUTPUTS[what]
        start, end = self.dates()
        name = f"so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}{suffix}"
        if what == "control_sheets":
            name = f"phieu-kiem-soat-{start:%Y%m%d}-{end:%Y%m%d}{suffix}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save as"), str(Path.home() / name), filter_
        )
        if path:
            self.write(what, Path(path))

    def write(self, what: str, path: Path) -> None:
        """Read the period's lines, draw or export them to ``path``, in the background."""
        start, end = self.dates()
        register, printer = self.register, self.printer

        def work() -> int:
            now = vietnam_now()
            lines = register.lines(start, end, now.date())
            if what in ("csv", "xlsx"):
                return export(lines, what, path, f"Sổ theo dõi hồ sơ - {period_text(start, end)}")
            if what == "register":
                pdf = printer.register(lines, start, end, now)
            else:
                pdf = printer.control_sheets(lines, now)
            atomic_write(path, pdf)
            return len(lines)

        for button in self.buttons.values():
            button.setEnabled(False)
        self.banner.clear()
        self.tasks.run(work, lambda n: self._written(path, n, what), self._failed, owner=self)

    def _enable(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)

    def _written(self, path: Path, count: int, what: str) -> None:
        self._enable()
        text = self.tr("Wrote %1 (%n dossier(s)).", "", count).replace("%1", str(path))
        self.banner.show_message(text, "ok")
        self.sig_written.emit(str(path))
        if what in ("register", "control_sheets"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _failed(self, exc: BaseException) -> None:
        self._enable()
        self.banner.show_message(message_for(exc))
