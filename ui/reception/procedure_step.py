"""Step 1: pick the procedure — search as you type, accents optional; only versions in force
today."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.reception.common import Banner, step_title


class ProcedureStep(QWidget):
    sig_chosen = Signal(int)
    """The version id of the procedure the officer picked."""
    sig_case = Signal(str)
    """The code of the case (variant) the officer picked, when the procedure has several."""

    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        layout = QVBoxLayout(self)
        layout.addWidget(step_title(self.tr("Which procedure?")))
        self.search = QLineEdit(
            placeholderText=self.tr(
                "Type the name or code of the procedure, with or without accents "
                "(e.g. khai sinh, 1.001193)"
            )
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(40)
        layout.addWidget(self.search)
        self.results = QListWidget()
        self.results.setAlternatingRowColors(True)
        self.results.setWordWrap(True)
        # long national names wrap to the width instead of growing a sideways scroll bar
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.results.setStyleSheet(
            "QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px; }"
        )
        layout.addWidget(self.results, 1)
        self.hint = QLabel(
            self.tr(
                "Enter or double-click picks the highlighted procedure. "
                "Expired and abolished procedures are never listed."
            )
        )
        self.hint.setObjectName("cardTitle")
        layout.addWidget(self.hint)
        # cases of the chosen procedure (issue #10): often named as the procedure, so each shows
        # its code and its own time limit; the officer picks one before going on
        self.cases_title = QLabel(
            self.tr("Case — each has its own time limit; pick the case of this dossier:")
        )
        self.cases_title.setObjectName("cardTitle")
        self.cases = QListWidget(objectName="procedureCases")
        self.cases.setWordWrap(True)
        self.cases.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cases.setStyleSheet(
            "QListWidget { font-size: 12pt; } QListWidget::item { padding: 6px; }"
        )
        self.cases.itemActivated.connect(self.choose_case)
        layout.addWidget(self.cases_title)
        layout.addWidget(self.cases, 1)
        self.hide_cases()
        self.banner = Banner()
        layout.addWidget(self.banner)
        self._shown_query: str | None = None  # the query whose results are on screen
        self._pick_when_shown = False
        self._timer = QTimer(self, singleShot=True, interval=150, timeout=self._run_search)
        self.search.textChanged.connect(lambda _: (self.hide_cases(), self._timer.start()))
        self.search.returnPressed.connect(self.choose_current)
        self.results.itemActivated.connect(lambda _: self.choose_current())
        self.search.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        # Up/Down in the search box move through the results, so the hands stay on the keyboard.
        if (
            obj is self.search
            and event.type() == event.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
            return True
        return False

    def reset(self, query: str = "") -> None:
        """A new dossier: forget the last search (its results may be from another day).

        ``query``: the service the citizen chose on the ticket, searched at once.
        """
        self.results.clear()
        self.banner.clear()
        self.hide_cases()
        self._shown_query, self._pick_when_shown = None, False
        self.search.setText(query)
        self._timer.stop()  # setText armed it; enter() runs this search at once

    def enter(self) -> None:
        if self.isVisible():  # never pull the keyboard to a page the officer is not looking at
            self.search.setFocus()
            self.search.selectAll()
        if self.results.count() == 0:
            self._run_search()

    def _run_search(self) -> None:
        services = self.page.services
        if services is None:
            return
        query, today = self.search.text(), self.page.clock().date()
        self.page.tasks.run(
            lambda: services.catalog.search(query, today, limit=30),
            lambda found: self._show(query, found),
            self.page.show_error,
            owner=self,
        )

    def _show(self, query: str, found) -> None:
        if query != self.search.text():
            return  # an older search finished after a newer one was typed
        self._shown_query = query
        self.results.clear()
        for summary in found:
            limit = summary.time_limit_text()
            item = QListWidgetItem(f"{summary.name}\n{summary.code} · {summary.field} · {limit}")
            item.setData(Qt.ItemDataRole.UserRole, summary.version_id)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
            self.banner.clear()
            if self._pick_when_shown:
                self.choose_current()
        elif not query.strip():
            self.banner.show_message(
                self.tr(
                    "The procedure catalog of this machine is empty. A technician "
                    "loads it with: kiosk catalog import FILE"
                ),
                "warning",
            )
        else:
            self.banner.show_message(
                self.tr("No procedure in force matches “%1”.").replace("%1", query), "warning"
            )

    def choose_current(self) -> None:
        if self._shown_query != self.search.text():
            # Enter pressed before the results of what was typed are shown: pick when they are
            self._pick_when_shown = True
            self._timer.stop()
            self._run_search()
            return
        self._pick_when_shown = False
        item = self.results.currentItem()
        if item is not None:
            self.sig_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    # --- cases of the chosen procedure ----------------------------------------------------------

    def show_cases(self, procedure, chosen: str | None = None) -> None:
        """List ``procedure``'s cases ("CODE — time limit"), ``chosen`` highlighted."""
        self.cases.clear()
        for variant in procedure.variants:
            limit = (variant.get("time_limit") or {}).get("text") or ""
            text = f"{variant['code']} — {limit}"
            if variant.get("name") and variant["name"] != procedure.name:
                text += f"\n{variant['name']}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, variant["code"])
            self.cases.addItem(item)
            if variant["code"] == chosen:  # none is highlighted until the officer picks
                self.cases.setCurrentItem(item)
        self.cases_title.show()
        self.cases.show()
        self.cases.setFocus()

    def hide_cases(self) -> None:
        self.cases.clear()
        self.cases_title.hide()
        self.cases.hide()

    def picking_case(self) -> bool:
        return self.cases.count() > 0

    def choose_case(self, item: QListWidgetItem | None = None) -> None:
        """The case activated (Enter, double-click) or selected; none yet: say to pick one."""
        item = item or next(iter(self.cases.selectedItems()), None)
        if item is None:
            self.banner.show_message(self.tr("Pick the case of the procedure first."), "warning")
            return
        self.banner.clear()
        self.sig_case.emit(item.data(Qt.ItemDataRole.UserRole))
