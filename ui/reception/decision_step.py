"""Step 6: accept (code, due date, receipt), request a supplement (all missing items at once),
or refuse."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import QDate, QLocale, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk import eform as eform_rules
from kiosk.dossier_types import DossierStatus
from ui import ops
from ui.reception.common import Banner, step_title
from ui.reception.supplement_dialog import RefuseDialog, SupplementDialog


class DecisionStep(QWidget):
    sig_decided = Signal(object)
    """The kiosk.dossier_types.Decision just taken."""

    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        layout = QVBoxLayout(self)
        layout.addWidget(step_title(self.tr("Decision")))
        self.summary = QGridLayout()
        self.summary.setColumnStretch(1, 1)
        layout.addLayout(self.summary)
        self.banner = Banner()
        layout.addWidget(self.banner)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton(
            self.tr("Accept and print receipt (Ctrl+Enter)"), objectName="primary"
        )
        self.accept_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.accept_button.setMinimumHeight(48)
        self.supplement_button = QPushButton(self.tr("Request supplement…"))
        self.refuse_button = QPushButton(self.tr("Refuse…"))
        for b in (self.accept_button, self.supplement_button, self.refuse_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.open_button = QPushButton(self.tr("View the printed document…"))
        self.open_button.hide()
        self.open_button.clicked.connect(self._open_document)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._pdf_path = self._kind = self.preview = None
        layout.addStretch(1)
        self.accept_button.clicked.connect(self.accept)
        self.supplement_button.clicked.connect(self.ask_supplement)
        self.refuse_button.clicked.connect(self.ask_refuse)

    def _row(self, row: int, label: str, value: str) -> None:
        name = QLabel(label)
        name.setObjectName("cardTitle")
        text = QLabel(value)
        text.setWordWrap(True)
        self.summary.addWidget(name, row, 0)
        self.summary.addWidget(text, row, 1)

    def enter(self) -> None:
        while self.summary.count():
            widget = self.summary.takeAt(0).widget()
            widget.setParent(None)
            widget.deleteLater()
        d, p = self.page.dossier, self.page.procedure
        a = d.applicant
        who = a.org_name or a.full_name
        self._row(
            0,
            self.tr("Procedure"),
            f"{d.procedure_name} ({d.procedure_code}, v{d.procedure_version})",
        )
        self._row(1, self.tr("Applicant"), f"{who} · {a.id_number or a.tax_code}")
        required = [i for i in d.items if i.required]
        conditional = [
            i for i in d.items if not i.required and not i.voluntary and i.received.total
        ]
        extra = sum(1 for i in d.items if i.voluntary)
        papers = (
            self.tr("%1 of %2 required papers")
            .replace("%1", str(sum(i.complete for i in required)))
            .replace("%2", str(len(required)))
        )
        if conditional:
            papers += " · " + self.tr("%n conditional paper(s)", "", len(conditional))
        if extra:
            papers += " · " + self.tr("%n voluntary", "", extra)
        self._row(2, self.tr("Papers"), papers)
        if d.variant:  # the case picked has its own limit (issue #10)
            limit = f"{d.variant['code']} — {d.time_limit_text}"
        else:
            limit = p.time_limit_text() if p else ""
        self._row(3, self.tr("Time limit"), limit)
        self.result.clear()
        self.open_button.hide()
        self.banner.clear()
        self._set_enabled(True)
        form_missing = self._form_missing()
        self.accept_button.setEnabled(d.complete and not form_missing)
        if d.missing_required:
            self.banner.show_message(
                self.tr(
                    "Missing: %1. Request a supplement listing all of them, or refuse."
                ).replace("%1", "; ".join(i.name for i in d.missing_required)),
                "warning",
            )
        elif form_missing:  # the core's notice (kiosk.eform): acceptance needs the whole form
            vi, en = eform_rules.incomplete_notice(form_missing)
            self.banner.show_message(en if self.page.english else vi, "warning")
        else:
            now, services = self.page.clock(), self.page.services
            cutoff = (
                datetime.strptime(d.cutoff, "%H:%M").time() if d.cutoff else services.config.cutoff
            )
            value = d.time_limit_value if d.time_limit_unit else d.time_limit_days
            self.page.tasks.run(  # in the limit's own unit; one only text shows no date here
                lambda: services.calendar.due(now, value, d.time_limit_unit, cutoff),
                self._show_due,
                lambda _error: None,
                uses_db=False,
                owner=self,
            )
            self.accept_button.setFocus()

    def _show_due(self, due) -> None:
        text = QLocale().toString(QDate(due.year, due.month, due.day), "dddd dd/MM/yyyy")
        self._row(4, self.tr("Result due if accepted now"), f"<b>{text}</b>")

    def _set_enabled(self, on: bool) -> None:
        for b in (self.accept_button, self.supplement_button, self.refuse_button):
            b.setEnabled(on)

    def _form_missing(self) -> list:
        procedure = self.page.procedure
        return eform_rules.missing_required(
            procedure.eform if procedure else None, self.page.dossier.eform
        )

    def accept(self) -> None:
        if not self.page.dossier.complete or self._form_missing():
            return
        self._set_enabled(False)
        officer = self.page.officer_id()
        now = self.page.clock()
        self.page.decide(partial(ops.accept_dossier, officer_id=officer, when=now), self._decided)

    def ask_supplement(self) -> None:
        dialog = SupplementDialog(self, self.page.dossier, self.page)
        dialog.sig_confirmed.connect(self.supplement)
        dialog.open()

    def supplement(self, item_ids: list, reason: str, supervisor) -> None:
        self._set_enabled(False)
        officer = self.page.officer_id()
        supervisor_id = supervisor.id if supervisor else None
        self.page.decide(
            partial(
                ops.request_supplement,
                officer_id=officer,
                item_ids=item_ids,
                reason=reason,
                supervisor_id=supervisor_id,
            ),
            self._decided,
        )

    def ask_refuse(self) -> None:
        dialog = RefuseDialog(self)
        dialog.sig_confirmed.connect(self._refuse)
        dialog.open()

    def _refuse(self, reason: str) -> None:
        self._set_enabled(False)
        officer = self.page.officer_id()
        self.page.decide(
            partial(ops.refuse_dossier, officer_id=officer, reason=reason), self._decided
        )

    def _decided(self, decision) -> None:
        d = decision.dossier
        if d.status == DossierStatus.ACCEPTED:
            due = QLocale().toString(
                QDate(d.due_date.year, d.due_date.month, d.due_date.day), "dddd dd/MM/yyyy"
            )
            text = self.tr(
                "Accepted. Dossier code <b>%1</b>, result due <b>%2</b>. The receipt is printing."
            )
            self.result.setText(text.replace("%1", d.code).replace("%2", due))
        elif d.status == DossierStatus.SUPPLEMENT_REQUESTED:
            self.result.setText(
                self.tr("Supplement request printed. The dossier waits for the papers.")
            )
        else:
            self.result.setText(self.tr("Refusal printed with its reason."))
        self.result.setStyleSheet("font-size:13pt; color:#067647;")
        self.banner.clear()
        self._set_enabled(False)
        self._pdf_path = self.page.services.blobs.path(decision.pdf_sha256)
        self._kind = decision.document_kind
        self.open_button.show()
        self.page.new.setFocus()
        self.sig_decided.emit(decision)

    def _open_document(self) -> None:
        """Preview what was printed; from there a copy can go to any printer."""
        from ui.print_preview import PdfPreviewDialog

        if self._pdf_path is None:
            return
        self.preview = PdfPreviewDialog(
            self, self._pdf_path, self.tr("Printed document"), self.page.tasks
        )
        kind = self._kind
        self.preview.sig_print_copy.connect(
            lambda printer: self.page.reprint(kind, printer or None)
        )
        self.preview.open()

    def on_failed(self) -> None:
        self._set_enabled(True)
        self.accept_button.setEnabled(self.page.dossier.complete and not self._form_missing())
