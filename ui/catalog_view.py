"""The catalog browser: fields, the procedures in force today, and one procedure's page (issue #3).

Everything it shows comes from ``CatalogService`` on the database worker; the GUI thread only
renders frozen dataclasses. A search result that arrives after a newer query was typed is dropped.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog import LEVELS, CatalogService, FieldSummary, ProcedureDetail, ProcedureSummary
from ui.tasks import TaskManager

ALL_FIELDS = None
SEARCH_DELAY_MS = 200
RESULT_LIMIT = 300


def _d(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


class CatalogView(QWidget):
    def __init__(self, tasks: TaskManager, catalog: CatalogService) -> None:
        super().__init__()
        self.tasks, self.service = tasks, catalog
        self._request = 0
        self._field: str | None = ALL_FIELDS
        self.current: ProcedureDetail | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Procedures"), objectName="pageTitle"))
        self.search_box = QLineEdit(objectName="catalogSearch")
        self.search_box.setPlaceholderText(
            self.tr("Search by name or code, with or without accents")
        )
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setEnabled(False)
        top.addWidget(self.search_box, 1)
        layout.addLayout(top)

        body = QHBoxLayout()
        body.setSpacing(12)
        self.field_list = QListWidget(objectName="catalogFields")
        self.field_list.setFixedWidth(210)
        self.results = QListWidget(objectName="catalogResults")
        self.results.setFixedWidth(340)
        self.results.setWordWrap(True)
        self.results.setSpacing(3)
        self.page = QTextBrowser(objectName="catalogPage")
        self.page.setOpenExternalLinks(False)
        self.status = QLabel(self.tr("Loading the catalog…"), objectName="cardTitle")
        middle = QVBoxLayout()
        middle.addWidget(self.results, 1)
        middle.addWidget(self.status)
        body.addWidget(self.field_list)
        body.addLayout(middle)
        body.addWidget(self.page, 1)
        layout.addLayout(body, 1)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS, timeout=self.refresh)
        self.search_box.textChanged.connect(lambda _text: self._timer.start())
        self.field_list.currentItemChanged.connect(self._on_field_list_changed)
        self.results.currentItemChanged.connect(self._on_results_changed)
        self.page.setHtml(self._placeholder())
        self.search_box.setEnabled(True)
        service = self.service
        self.tasks.run(lambda: service.fields(date.today()), self._show_fields, owner=self)
        self.refresh()

    def refresh(self) -> None:
        """Run the current query (text and field) for today, in the background."""
        if self.service is None:
            return
        self._request += 1
        request, service = self._request, self.service
        query, field = self.search_box.text(), self._field
        self.tasks.run(
            lambda: service.search(query, date.today(), field=field, limit=RESULT_LIMIT),
            lambda rows: self._show_results(request, rows),
            owner=self,
        )

    def open_procedure(self, code: str) -> None:
        service = self.service
        self.tasks.run(lambda: service.get(code, date.today()), self._show_detail, owner=self)

    def _on_field_list_changed(self, item: QListWidgetItem | None, _previous) -> None:
        self._field = item.data(Qt.ItemDataRole.UserRole) if item is not None else ALL_FIELDS
        self.refresh()

    def _on_results_changed(self, item: QListWidgetItem | None, _previous) -> None:
        if item is not None:
            self.open_procedure(item.data(Qt.ItemDataRole.UserRole))

    # --- rendering --------------------------------------------------------------------------------

    def _show_fields(self, fields: list[FieldSummary]) -> None:
        self.field_list.blockSignals(True)
        self.field_list.clear()
        total = sum(f.procedures for f in fields)
        label = self.tr("All fields")
        everything = QListWidgetItem(f"{label} ({total})", self.field_list)
        everything.setData(Qt.ItemDataRole.UserRole, ALL_FIELDS)
        for f in fields:
            item = QListWidgetItem(f"{f.name} ({f.procedures})", self.field_list)
            item.setData(Qt.ItemDataRole.UserRole, f.name)
        self.field_list.setCurrentRow(0)
        self.field_list.blockSignals(False)

    def _show_results(self, request: int, rows: list[ProcedureSummary]) -> None:
        if request != self._request:
            return  # a newer query is on its way
        self.results.blockSignals(True)
        self.results.clear()
        for r in rows:
            limit = (
                r.time_limit_text()
                if r.time_limit_unit
                else self.tr("same day")
                if r.time_limit_days == 0
                else self.tr("%n working day(s)", "", r.time_limit_days)
            )  # "15 ngày", "15 giờ" (issue #10)
            item = QListWidgetItem(
                f"{r.name}\n{r.code} · {LEVELS.get(r.level, r.level)} · {limit}", self.results
            )
            item.setData(Qt.ItemDataRole.UserRole, r.code)
            item.setToolTip(r.name)
        self.results.blockSignals(False)
        self.status.setText(
            self.tr("%n procedure(s) in force today", "", len(rows))
            if rows
            else self.tr("No procedure in force today matches")
        )
        if rows:
            self.results.setCurrentRow(0)

    def _show_detail(self, detail: ProcedureDetail | None) -> None:
        self.current = detail
        self.page.setHtml(self.render_detail(detail) if detail else self._placeholder())

    def _placeholder(self) -> str:
        text = self.tr("Choose a procedure to see its documents, time limit and fee.")
        return f"<p style='color:#475467'>{escape(text)}</p>"

    def _labels(self) -> dict[str, str]:
        """The page's words, spelled out so lupdate sees every one."""
        return {
            "published": self.tr("published"),
            "amended": self.tr("amended"),
            "abolished": self.tr("abolished"),
            "in force from %1": self.tr("in force from %1"),
            "until %1": self.tr("until %1"),
            "required": self.tr("required"),
            "only if": self.tr("only if"),
            "Time limit": self.tr("Time limit"),
            "Fees": self.tr("Fees"),
            "Result": self.tr("Result"),
            "Competent agency": self.tr("Competent agency"),
            "version %1": self.tr("version %1"),
            "Documents to submit": self.tr("Documents to submit"),
            "Legal basis": self.tr("Legal basis"),
            "Source": self.tr("Source"),
            "Versions": self.tr("Versions"),
            "Notes": self.tr("Notes"),
        }

    def render_detail(self, d: ProcedureDetail) -> str:
        """The procedure page as HTML: what the counter may ask for, and nothing else."""
        labels = self._labels()
        status = {
            "published": labels["published"],
            "amended": labels["amended"],
            "abolished": labels["abolished"],
        }.get(d.status, d.status)
        valid = labels["in force from %1"].replace("%1", _d(d.effective_from))
        if d.effective_to:
            valid += " " + labels["until %1"].replace("%1", _d(d.effective_to))
        rows = []
        for n, item in enumerate(d.checklist, 1):
            need = (
                f"<b>{escape(labels['required'])}</b>"
                if item.required
                else f"<i>{escape(labels['only if'])}:</i> {escape(item.condition or '')}"
            )
            rows.append(
                f"<tr><td valign='top'>{n}.</td><td>{escape(item.name)}<br>"
                f"<span style='color:#475467'>{escape(item.copies_text)} — {need}</span></td></tr>"
            )
        sections = [
            (labels["Time limit"], escape(d.time_limit_text())),
            (labels["Fees"], escape(d.fee.describe())),
            (labels["Result"], escape(d.result)),
            (labels["Competent agency"], escape(f"{d.agency} ({d.level_text})")),
        ]
        html = [
            f"<h2 style='margin-bottom:2px'>{escape(d.name)}</h2>",
            (
                f"<p style='color:#475467'>{escape(d.code)} · {escape(d.field)} · "
                f"{escape(labels['version %1'].replace('%1', str(d.version)))} ({escape(status)}), "
                f"{escape(valid)}</p>"
            ),
            "<table cellspacing='0' cellpadding='3'>",
        ]
        html += [
            f"<tr><td valign='top' style='color:#475467;padding-right:12px'><b>{escape(k)}</b></td>"
            f"<td>{v}</td></tr>"
            for k, v in sections
        ]
        html.append("</table>")
        html.append(
            f"<h3>{escape(labels['Documents to submit'])}</h3>"
            f"<table cellspacing='0' cellpadding='4'>{''.join(rows)}</table>"
        )
        html.append(
            f"<h3>{escape(labels['Legal basis'])}</h3><ul>"
            + "".join(f"<li>{escape(b)}</li>" for b in d.legal_basis)
            + "</ul>"
        )
        source = (
            d.source_decision
            + (f", {_d(d.source_date)}" if d.source_date else "")
            + (f" — {d.source_publisher}" if d.source_publisher else "")
        )  # the portal (issue #10)
        html.append(f"<p><b>{escape(labels['Source'])}:</b> {escape(source)}</p>")
        if len(d.history) > 1:
            html.append(
                f"<p><b>{escape(labels['Versions'])}:</b> "
                + "; ".join(
                    escape(f"{h.version}: {_d(h.effective_from)}–{_d(h.effective_to)}")
                    for h in d.history
                )
                + "</p>"
            )
        if d.notes:
            html.append(
                f"<p style='color:#b54708'><b>{escape(labels['Notes'])}:</b> {escape(d.notes)}</p>"
            )
        return "".join(html)
