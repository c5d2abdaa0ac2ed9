"""The supervisor's page: every officer's dossiers due today, due on the next working day and late
(``kiosk.deadline_watch``), and the month's indicators with two charts (``kiosk.statistics``,
drawn by ``printing.charts`` on a worker and shown as images), readable at a glance.

Shown to supervisors only (the window hides it from anyone else). The lists are read again every
``REFRESH_MS`` while the page is shown, when it is shown, and on ``refresh()`` (status changes
pulled from the central system arrive as status rows: a new read shows them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.deadline_watch import LATE, TODAY, TOMORROW, DeadlineBoard, DeadlineWatch
from kiosk.deadlines import DueState
from kiosk.errors import InvalidInput
from kiosk.failures import storage_failure
from kiosk.files import atomic_write
from kiosk.officers import OfficerInfo
from kiosk.statistics import PeriodStatistics, StatisticsService
from kiosk.timeutil import vietnam_now
from ui.dossier_table import COLOURS
from ui.errors import message_for
from ui.reception.common import Banner
from ui.style import DANGER, OK
from ui.tasks import TaskManager

if TYPE_CHECKING:
    from printing.documents.monthly_report import MonthlyReportPrinter
    from printing.queue import PrintQueue

REFRESH_MS = 60_000
CHART_HEIGHT = 230  # pixels
URGENT_LIMIT = 50
MONTHS = 12  # months offered in the period list, this one first
INDICATOR_COLUMNS = 5


@dataclass(frozen=True)
class SupervisorServices:
    deadlines: DeadlineWatch
    statistics: StatisticsService
    monthly_report: MonthlyReportPrinter | None = None  # no report buttons without it
    print_queue: PrintQueue | None = None


def report_file_name(month: str) -> str:
    """The name offered when saving the report of ``month`` (``YYYY-MM``)."""
    return f"bao-cao-thang-{month}.pdf"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _months_back(today: date, count: int) -> list[str]:
    year, month, out = today.year, today.month, []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


class SupervisorView(QWidget):
    sig_open_dossier = Signal(str, str)  # dossier id, code: clicked in the deadline list

    def __init__(self, tasks: TaskManager, services: SupervisorServices) -> None:
        super().__init__()
        self.tasks, self.services = tasks, services
        self.clock = vietnam_now  # tests move it on
        self.officer: OfficerInfo | None = None
        self.board: DeadlineBoard | None = None
        self.stats: PeriodStatistics | None = None
        self.charts: dict[str, bytes] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(14)

        top = QHBoxLayout()
        top.addWidget(
            QLabel(self.tr("Supervision: deadlines and indicators"), objectName="pageTitle")
        )
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Month")))
        self.month = QComboBox(objectName="statsMonth")
        self.month.currentIndexChanged.connect(lambda _i: self.refresh_statistics())
        top.addWidget(self.month)
        self.save_report_button = QPushButton(
            self.tr("Save the monthly report (PDF)…"), objectName="monthlyReportSave"
        )
        self.save_report_button.clicked.connect(self.ask_report_path)
        self.print_report_button = QPushButton(
            self.tr("Print the monthly report"), objectName="monthlyReportPrint"
        )
        self.print_report_button.clicked.connect(self.print_report)
        for button in (self.save_report_button, self.print_report_button):
            top.addWidget(button)  # in the page before anything is hidden: never a window
        if services.monthly_report is None:
            self.save_report_button.hide()
        if services.monthly_report is None or services.print_queue is None:
            self.print_report_button.hide()
        layout.addLayout(top)
        self.report_banner = Banner()
        self.report_banner.setObjectName("monthlyReportMessage")
        keep = self.report_banner.sizePolicy()
        keep.setRetainSizeWhenHidden(False)  # no empty space on the page while nothing is said
        self.report_banner.setSizePolicy(keep)
        self.report_banner.setMinimumHeight(0)
        layout.addWidget(self.report_banner)
        self.save_dialog: QFileDialog | None = None

        cards = QGridLayout()
        cards.setSpacing(12)
        self.deadline_counts: dict[str, QLabel] = {}
        for col, (key, title) in enumerate(
            (
                (TODAY, self.tr("Due today")),
                (TOMORROW, self.tr("Due on the next working day")),
                (LATE, self.tr("Late")),
                ("apology", self.tr("Apology letter due")),
            )
        ):
            frame, value = self._card(title)
            cards.addWidget(frame, 0, col)
            self.deadline_counts[key] = value
        self.deadline_counts[LATE].setStyleSheet(f"color: {DANGER};")
        self.deadline_counts["apology"].setStyleSheet(f"color: {DANGER};")
        layout.addLayout(cards)
        self.indicators: dict[str, QLabel] = {}
        indicator_cards = QGridLayout()
        indicator_cards.setSpacing(12)
        for n, (key, title) in enumerate(
            (
                ("received", self.tr("Received")),
                ("on_time", self.tr("Results on time")),
                ("late", self.tr("Late (results and in progress)")),
                ("supplements", self.tr("Supplement requests")),
                ("refusals", self.tr("Refusals")),
                ("stopped", self.tr("Stopped (form 05 notice)")),
                ("digitised", self.tr("Digitised dossiers")),
                ("reused", self.tr("Re-used papers")),
                ("satisfaction", self.tr("Satisfaction (Decision 766)")),
            )
        ):
            frame, value = self._card(title)
            value.setStyleSheet("font-size: 15pt;")
            indicator_cards.addWidget(frame, n // INDICATOR_COLUMNS, n % INDICATOR_COLUMNS)
            self.indicators[key] = value

        left = QVBoxLayout()
        left.addWidget(
            QLabel(
                self.tr("Dossiers of every officer, the most urgent first"), objectName="cardTitle"
            )
        )
        self.urgent = self._table(
            "urgentAll",
            [
                self.tr("Dossier code"),
                self.tr("Applicant"),
                self.tr("Procedure"),
                self.tr("Due"),
                self.tr("Deadline"),
            ],
            stretch=(1, 2),
        )
        self.urgent.cellActivated.connect(self._open_row)
        self.urgent.cellClicked.connect(self._open_row)
        left.addWidget(self.urgent)
        self.urgent_empty = QLabel(
            self.tr("No dossier is due today or on the next working day, and none is late.")
        )
        left.addWidget(self.urgent_empty)
        layout.addLayout(left, 1)
        layout.addLayout(indicator_cards)
        right = QVBoxLayout()  # the month's figures per officer, full width under the month's cards
        right.addWidget(QLabel(self.tr("By officer"), objectName="cardTitle"))
        self.per_officer = self._table(
            "perOfficer",
            [
                self.tr("Officer"),
                self.tr("Received"),
                self.tr("On time"),
                self.tr("Late"),
                self.tr("Supplements"),
                self.tr("Refused"),
                self.tr("Stopped"),
                self.tr("Digitised"),
            ],
            stretch=(0,),
        )
        right.addWidget(self.per_officer)
        layout.addLayout(right)
        charts = QHBoxLayout()
        self.chart_labels: dict[str, QLabel] = {}
        for key in ("daily", "officers"):
            label = QLabel(self.tr("Drawing the chart…"), objectName=f"chart_{key}")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setFixedHeight(CHART_HEIGHT + 4)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setStyleSheet("background: white; border: 1px solid #d0d5dd;")
            charts.addWidget(label, 1)
            self.chart_labels[key] = label
        layout.addLayout(charts)
        layout.addStretch(1)

        self.timer = QTimer(self, interval=REFRESH_MS, timeout=self._on_timer)
        self.timer.start()

    # --- building -----------------------------------------------------------------------------

    @staticmethod
    def _card(title: str) -> tuple[QFrame, QLabel]:
        frame = QFrame(objectName="card")
        box = QVBoxLayout(frame)
        box.setContentsMargins(12, 6, 12, 6)
        box.setSpacing(2)
        box.addWidget(QLabel(title, objectName="cardTitle"))
        value = QLabel("…", objectName="cardValue")
        box.addWidget(value)
        return frame, value

    @staticmethod
    def _table(name: str, headers: list[str], stretch: tuple[int, ...]) -> QTableWidget:
        table = QTableWidget(0, len(headers), objectName=name)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setMinimumHeight(220)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in stretch:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        return table

    # --- who sees it --------------------------------------------------------------------------

    def set_officer(self, officer: OfficerInfo | None) -> None:
        """The signed-in officer: only a supervisor's page reads anything."""
        self.officer = officer
        if self.allowed and self.isVisible():
            self.refresh()

    @property
    def allowed(self) -> bool:
        return self.officer is not None and self.officer.is_supervisor

    # --- reading ------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def _on_timer(self) -> None:
        if self.isVisible():
            self.refresh()

    def refresh_if_shown(self) -> None:
        """Statuses changed (pulled from the central system): read again now if on screen (a
        hidden page reads on its next show)."""
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the deadlines and the month's statistics again (database worker)."""
        if not self.allowed:
            return
        self._fill_months()
        self.refresh_deadlines()
        self.refresh_statistics()

    def _fill_months(self) -> None:
        months = _months_back(self.clock().date(), MONTHS)
        if [self.month.itemData(i) for i in range(self.month.count())] == months:
            return
        chosen = self.month.currentData()
        self.month.blockSignals(True)
        self.month.clear()
        for text in months:
            year, month = text.split("-")
            self.month.addItem(
                self.tr("Month %1/%2").replace("%1", month).replace("%2", year), text
            )
        self.month.setCurrentIndex(max(0, months.index(chosen) if chosen in months else 0))
        self.month.blockSignals(False)

    def refresh_deadlines(self) -> None:
        watch, today = self.services.deadlines, self.clock().date()
        self.tasks.run(lambda: watch.board(today, URGENT_LIMIT), self._show_board, owner=self)

    def refresh_statistics(self) -> None:
        if not self.allowed or self.month.currentData() is None:
            return
        service, month, today = self.services.statistics, self.month.currentData(), self.clock()
        self.tasks.run(lambda: service.month(month, today.date()), self._show_stats, owner=self)

    # --- showing ------------------------------------------------------------------------------

    def _show_board(self, board: DeadlineBoard) -> None:
        self.board = board
        for key, value in (
            (TODAY, board.due_today),
            (TOMORROW, board.due_tomorrow),
            (LATE, board.late),
            ("apology", board.apology_due),
        ):
            self.deadline_counts[key].setText(str(value))
        self.urgent.setRowCount(len(board.dossiers))
        for row, d in enumerate(board.dossiers):
            flag = DueState.OVERDUE if d.group == LATE else DueState.DUE_SOON
            if d.group == LATE:
                state = self.tr("Late by %n working day(s)", "", d.late_days)
            else:
                state = self.tr("Due today") if d.group == TODAY else self.tr("Due tomorrow")
            texts = (d.code or "", d.applicant, d.procedure, f"{d.due_date:%d/%m/%Y}", state)
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 4:
                    item.setForeground(QBrush(QColor(COLOURS[flag][0])))
                    item.setBackground(QBrush(QColor(COLOURS[flag][1])))
                self.urgent.setItem(row, col, item)
        self.urgent.setVisible(bool(board.dossiers))
        self.urgent_empty.setVisible(not board.dossiers)

    def _show_stats(self, stats: PeriodStatistics) -> None:
        self.stats = stats
        o = stats.office
        satisfaction = o.satisfaction
        values = {
            "received": str(o.received),
            "on_time": f"{o.on_time}/{o.finished} ({_percent(o.on_time_rate)})",
            "late": str(o.late),
            "supplements": str(o.supplements),
            "refusals": str(o.refusals),
            "stopped": str(o.stopped),
            "digitised": f"{o.digitised} ({_percent(o.digitised_share)})",
            "reused": str(o.reused_papers),
            "satisfaction": _percent(satisfaction.percent)
            if satisfaction
            else self.tr("Not enough ratings"),
        }
        for key, text in values.items():
            self.indicators[key].setText(text)
        self.indicators["late"].setStyleSheet(f"color: {DANGER if o.late else OK};")
        if satisfaction is None:
            self.indicators["satisfaction"].setStyleSheet("font-size: 12pt;")
        else:
            colour = OK if satisfaction.full_marks else DANGER
            self.indicators["satisfaction"].setStyleSheet(f"color: {colour};")
        rows = stats.officers
        self.per_officer.setRowCount(len(rows))
        for r, row in enumerate(rows):
            i = row.indicators
            texts = (
                row.name or self.tr("(no officer recorded)"),
                str(i.received),
                str(i.on_time),
                str(i.late),
                str(i.supplements),
                str(i.refusals),
                str(i.stopped),
                _percent(i.digitised_share),
            )
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if c == 3 and i.late:
                    item.setForeground(QBrush(QColor(DANGER)))
                self.per_officer.setItem(r, c, item)
        self._draw_charts(stats)

    def _draw_charts(self, stats: PeriodStatistics) -> None:
        """Render both charts on a worker, at the size the labels have now."""
        from printing.charts import daily_chart, officers_chart

        width = max(320, self.chart_labels["daily"].width())
        dpi = 100

        def draw() -> dict[str, bytes]:
            size = {"width_in": width / dpi, "height_in": CHART_HEIGHT / dpi, "dpi": dpi}
            return {"daily": daily_chart(stats, **size), "officers": officers_chart(stats, **size)}

        def show(charts: dict[str, bytes]) -> None:
            if stats is self.stats:  # not a chart of a month chosen before (workers race)
                self._show_charts(charts)

        self.tasks.run(draw, show, uses_db=False, owner=self)

    def _show_charts(self, charts: dict[str, bytes]) -> None:
        self.charts = charts
        for key, png in charts.items():
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            self.chart_labels[key].setPixmap(pixmap)

    # --- the monthly report -------------------------------------------------------------------

    def _month_text(self, month: str) -> str:
        year, mm = month.split("-")
        return f"{mm}/{year}"

    def ask_report_path(self) -> None:
        """Offer a file name for the chosen month's report; writing starts once one is chosen."""
        month = self.month.currentData()
        if month is None or self.services.monthly_report is None:
            return
        dialog = QFileDialog(
            self, self.tr("Save the monthly report"), str(Path.home() / report_file_name(month))
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilter("PDF (*.pdf)")
        dialog.setDefaultSuffix("pdf")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.fileSelected.connect(lambda path: self.save_report(Path(path), month))
        self.save_dialog = dialog
        dialog.open()

    def _report_work(self, month: str):
        """The month's statistics read again and drawn as PDF: a function for a worker."""
        service, printer, today = (
            self.services.statistics,
            self.services.monthly_report,
            self.clock(),
        )

        def render() -> bytes:
            stats = service.month(month, today.date())
            return printer.render(stats, today.date())

        return render

    def save_report(self, path: Path, month: str | None = None) -> None:
        """Read the month, draw its report and write it to ``path``, on the database worker."""
        month = month or self.month.currentData()
        if month is None or self.services.monthly_report is None:
            return
        render = self._report_work(month)

        def work() -> int:
            if not path.parent.is_dir():
                raise InvalidInput(
                    f"Thư mục {path.parent} không tồn tại: hãy chọn thư mục khác.",
                    english=f"The folder {path.parent} does not exist.",
                )
            pdf = render()
            try:
                atomic_write(path, pdf)
            except OSError as exc:
                known = storage_failure(exc, "báo cáo tháng", "the monthly report")
                raise known or InvalidInput(
                    f"Không ghi được tệp {path.name} ({exc.strerror or exc}): chưa lưu báo cáo.",
                    english=f"Could not write {path.name}: the report was not saved.",
                ) from None
            return len(pdf)

        def done(_size: int) -> None:
            text = self.tr("Wrote the report of month %1 to %2.")
            self._report_done(text.replace("%1", self._month_text(month)).replace("%2", str(path)))

        self._report_busy()
        self.tasks.run(work, done, self._report_failed, owner=self)

    def print_report(self) -> None:
        """Draw the chosen month's report and queue it for the counter's A4 printer."""
        month, printer = self.month.currentData(), self.services.monthly_report
        queue = self.services.print_queue
        if month is None or printer is None or queue is None:
            return
        if not printer.printer:
            self.report_banner.show_message(
                self.tr("No printer is set for this counter: save the report as a PDF instead.")
            )
            return
        render = self._report_work(month)

        def work() -> int:
            return queue.enqueue(render(), printer.printer, kind="monthly_report")

        def done(_job: int) -> None:
            text = self.tr("The report of month %1 was sent to the printer.")
            self._report_done(text.replace("%1", self._month_text(month)))

        self._report_busy()
        self.tasks.run(work, done, self._report_failed, owner=self)

    def _report_busy(self) -> None:
        for button in (self.save_report_button, self.print_report_button):
            button.setEnabled(False)
        self.report_banner.show_message(self.tr("Preparing the monthly report…"), "info")

    def _report_done(self, text: str) -> None:
        for button in (self.save_report_button, self.print_report_button):
            button.setEnabled(True)
        self.report_banner.show_message(text, "ok")

    def _report_failed(self, exc: BaseException) -> None:
        for button in (self.save_report_button, self.print_report_button):
            button.setEnabled(True)
        self.report_banner.show_message(message_for(exc))

    def _open_row(self, row: int, _col: int = 0) -> None:
        if self.board is not None and 0 <= row < len(self.board.dossiers):
            d = self.board.dossiers[row]
            self.sig_open_dossier.emit(d.id, d.code or "")
