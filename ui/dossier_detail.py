"""One dossier in full, beside the dossier list: procedure, applicant, papers, documents, history.

"Mở" opens a printed PDF from the blob store (the hash is checked first, on the io worker);
"In lại (bản sao)" asks the reception service for a copy, which is marked BẢN SAO on paper.
"""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.dossier_types import (
    APPLICANT_FIELDS,
    STATUS_LABELS,
    DocumentInfo,
    DossierItemState,
    DossierSnapshot,
    DossierStatus,
)
from kiosk.timeutil import vietnam_now
from ui import ops
from ui.dossier_table import LATE, SOON
from ui.errors import message_for
from ui.letter_dialog import ApologyDialog, StopDialog
from ui.scanning.text_layers import text_layer_label
from ui.session import Session
from ui.style import DANGER, OK, WARNING
from ui.tasks import TaskManager

MUTED = "#475467"

CARD_FIELDS = tuple(f for f in APPLICANT_FIELDS if f != "kind")


def _label(html: str, name: str = "") -> QLabel:
    label = QLabel(html, objectName=name) if name else QLabel(html)
    label.setWordWrap(True)
    return label


class DossierDetailView(QScrollArea):
    sig_reprinted = Signal(str)
    """A copy of a document was printed; carries the dossier id."""

    sig_continue = Signal(str)
    """The officer takes up this dossier again (papers brought for a supplement, or a draft)."""

    sig_discarded = Signal(str)
    """A draft was discarded; carries its id (the list refreshes)."""

    sig_letter_issued = Signal(str)
    """An apology or a notice of stopping was issued and sent to the printer; carries the id."""

    def __init__(self, tasks: TaskManager, services, session: Session) -> None:
        """``services``: the dossier page's (``ui.dossiers_view.DossiersServices``)."""
        super().__init__()
        self.tasks, self.services, self.session = tasks, services, session
        self.snapshot: DossierSnapshot | None = None
        self.sync_state = None  # sync.dossier_state.DossierSync of the dossier on screen
        self.sync_label: QLabel | None = None
        self.flag: str | None = None
        self.letter_dialog = None  # the open apology or stop dialog, if any
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(380)
        body = QWidget(objectName="detail")
        self.box = QVBoxLayout(body)
        self.box.setContentsMargins(16, 8, 8, 8)
        self.box.setSpacing(6)
        self.setWidget(body)
        self.message = _label("", "detailMessage")
        self.clear()

    # --- content --------------------------------------------------------------------------------

    def clear(self) -> None:
        self.snapshot, self.sync_state = None, None
        self._reset()
        self.box.addWidget(_label(self.tr("Select a dossier in the list to see it here."), "hint"))
        self.box.addStretch(1)

    def show_dossier(self, snap: DossierSnapshot, flag: str | None = None) -> None:
        """Show ``snap``; ``flag`` is the list's due flag (late / soon / None)."""
        if self.snapshot is None or self.snapshot.id != snap.id:
            self.sync_state = None
        self.snapshot, self.flag = snap, flag
        self._reset()
        self.box.addWidget(_label(escape(snap.code or self.tr("(no code yet)")), "detailCode"))
        self.box.addWidget(_label(self._status_line(snap, flag), "statusLine"))
        self.sync_label = _label("", "syncState")  # filled from the worker (``refresh_sync``)
        self.sync_label.hide()
        self.box.addWidget(self.sync_label)
        self.refresh_sync()
        if snap.status in (DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.DRAFT):
            text = (
                self.tr("Receive the supplemented papers")
                if snap.status == DossierStatus.SUPPLEMENT_REQUESTED
                else self.tr("Continue receiving this dossier")
            )
            resume = QPushButton(text, objectName="continueDossier")
            resume.clicked.connect(lambda: self.sig_continue.emit(snap.id))
            self._add_button(resume)
        if snap.status == "draft":
            discard = QPushButton(self.tr("Discard this draft"), objectName="discardDraft")
            discard.clicked.connect(lambda: self._ask_discard(snap, discard))
            self._add_button(discard)
        self._letters(snap)
        self._procedure(snap)
        self._applicant(snap)
        self._items(snap)
        self._documents(snap)
        self._history(snap)
        self.box.addWidget(self.message)
        self.box.addStretch(1)

    def refresh_sync(self) -> None:
        """Read where the dossier on screen stands with the central system (on the database
        worker) and show it under its status: the words are the core's (sync/dossier_state.py)."""
        sync, snap = getattr(self.services, "sync", None), self.snapshot
        if sync is None or snap is None:
            return
        label, dossier_id = self.sync_label, snap.id
        self.tasks.run(
            lambda: sync.dossier_state(dossier_id),
            lambda state: self._show_sync(label, state),
            owner=label,
        )

    def _show_sync(self, label: QLabel, state) -> None:
        from sync.dossier_state import central_line, sync_line

        now = vietnam_now()
        colour = (
            DANGER if state.needs_a_person else WARNING if state.state == "retry_later" else MUTED
        )
        lines = [f"<span style='color:{colour}'>{escape(sync_line(state, now))}</span>"]
        central = central_line(state, now)
        if central is not None:
            lines.append(f"<b>{escape(central)}</b>")
        self.sync_state = state
        label.setText("<br>".join(lines))
        label.show()

    def _letters(self, snap: DossierSnapshot) -> None:
        """The letters after reception: what was sent, and the buttons for what can be."""
        apology = snap.letter("apology")
        if apology is not None:
            text = self.tr("Apology sent %1: due date moved from %2 to %3.")
            text = (
                text.replace("%1", f"{apology.issued_at:%d/%m/%Y}")
                .replace("%2", f"{apology.old_due_date:%d/%m/%Y}")
                .replace("%3", f"{apology.new_due_date:%d/%m/%Y}")
            )
            self.box.addWidget(_label(escape(text), "apologySent"))
        if snap.status != DossierStatus.ACCEPTED or getattr(self.services, "letters", None) is None:
            return
        if apology is None:
            button = QPushButton(self.tr("Apology letter and new date…"), objectName="issueApology")
            button.clicked.connect(lambda: self._open_letter(snap, "apology", button))
            self._add_button(button)
        stop = QPushButton(self.tr("Stop processing…"), objectName="stopDossier")
        stop.clicked.connect(lambda: self._open_letter(snap, "stop_notice", stop))
        self._add_button(stop)

    def _add_button(self, button: QPushButton) -> None:
        """A button of the pane at its full height (the wrapped labels never squeeze it)."""
        button.setMinimumHeight(button.sizeHint().height())
        self.box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)

    def _reset(self) -> None:
        self.message.setParent(None)
        while self.box.count():
            item = self.box.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)  # out of the tree now (findChildren, focus), freed later
                widget.deleteLater()

    def _section(self, title: str) -> None:
        self.box.addSpacing(6)
        self.box.addWidget(_label(escape(title), "sectionTitle"))

    def _status_line(self, snap: DossierSnapshot, flag: str | None) -> str:
        parts = [f"<b>{escape(STATUS_LABELS.get(snap.status, snap.status))}</b>"]
        if snap.status == "draft":
            parts.append(self.tr("started %1").replace("%1", f"{snap.created_at:%H:%M %d/%m/%Y}"))
        if snap.received_at:
            parts.append(self.tr("received %1").replace("%1", f"{snap.received_at:%H:%M %d/%m/%Y}"))
        if snap.due_date:
            due = self.tr("due %1").replace("%1", f"{snap.due_date:%d/%m/%Y}")
            colour = {LATE: DANGER, SOON: WARNING}.get(flag)
            if flag == LATE:
                due += " — " + self.tr("late")
            elif flag == SOON:
                due += " — " + self.tr("due soon")
            parts.append(
                f"<span style='color:{colour}; font-weight:bold'>{escape(due)}</span>"
                if colour
                else escape(due)
            )
        return " · ".join(parts)

    def _procedure(self, snap: DossierSnapshot) -> None:
        self._section(self.tr("Procedure"))
        limit = (
            self.tr("same day")
            if snap.time_limit_days == 0
            else self.tr("%n working day(s)", "", snap.time_limit_days)
        )
        if snap.time_limit_unit not in (None, "working_day", "same_day"):
            limit = snap.time_limit_text  # the rule's own words: "15 ngày", "15 giờ" (#10)
        if snap.variant:  # the case picked, with its own limit
            limit = f"{snap.variant['code']} — {limit}"
        version = self.tr("version %1").replace("%1", str(snap.procedure_version))
        self.box.addWidget(
            _label(
                f"{escape(snap.procedure_code)} — <b>{escape(snap.procedure_name)}</b><br>"
                f"{escape(version)} · {escape(snap.field)} · {escape(limit)}"
            )
        )

    def _applicant(self, snap: DossierSnapshot) -> None:
        self._section(self.tr("Applicant"))
        a = snap.applicant
        names = {
            "full_name": self.tr("Full name"),
            "id_number": self.tr("ID number"),
            "date_of_birth": self.tr("Date of birth"),
            "gender": self.tr("Gender"),
            "address": self.tr("Address"),
            "phone": self.tr("Phone"),
            "email": self.tr("Email"),
            "org_name": self.tr("Organisation"),
            "tax_code": self.tr("Tax code"),
            "acting_for": self.tr("On behalf of"),
            "relationship": self.tr("Relationship"),
        }
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 1)
        row = 0
        for key in CARD_FIELDS:
            value = getattr(a, key)
            if not value:
                continue
            text = f"{value:%d/%m/%Y}" if key == "date_of_birth" else str(value)
            grid.addWidget(_label(escape(names[key]), "fieldName"), row, 0)
            grid.addWidget(_label(escape(text)), row, 1)
            if a.sources.get(key) == "card":
                grid.addWidget(
                    QLabel(self.tr("read from the CCCD card"), objectName="cardTag"),
                    row,
                    2,
                    Qt.AlignmentFlag.AlignTop,
                )
            row += 1
        holder = QWidget()
        holder.setLayout(grid)
        self.box.addWidget(holder)

    def _items(self, snap: DossierSnapshot) -> None:
        self._section(self.tr("Papers received"))
        for item in snap.items:
            label = _label(self._item_html(item), "voluntaryItem" if item.voluntary else "item")
            if not item.pdf_sha256:
                self.box.addWidget(label)
                continue
            row = QWidget(objectName="sealedItemRow")  # its sealed, signed PDF can be opened
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(label, 1)
            button = QPushButton(self.tr("Open the scan"), objectName="openSealed")
            sha = item.pdf_sha256
            button.clicked.connect(lambda _=False, b=button, sha=sha: self._open_blob(sha, b))
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.box.addWidget(row)

    def _item_html(self, item: DossierItemState) -> str:
        r = item.received
        counts = [
            self.tr("%n original(s)", "", r.originals) if r.originals else "",
            self.tr("%n certified copy(ies)", "", r.certified_copies) if r.certified_copies else "",
            self.tr("%n photocopy(ies)", "", r.photocopies) if r.photocopies else "",
        ]
        counts = [c for c in counts if c] or [self.tr("nothing received")]
        pages = (
            self.tr("%n page(s) digitised", "", item.pages)
            if item.pages
            else self.tr("not digitised")
        )
        if item.pdf_sha256:
            pages = f"{pages} · {text_layer_label(item.text_layer)}"
        if item.voluntary:
            voluntary = self.tr("submitted in addition (voluntary)")
            tag = f"<i>{escape(voluntary)}</i>"
        elif item.required:
            ok = item.complete
            state = self.tr("complete") if ok else self.tr("missing")
            tag = f"<span style='color:{OK if ok else DANGER}'>{escape(state)}</span>"
        else:
            tag = escape(self.tr("conditional: %1").replace("%1", item.condition or ""))
        return (
            f"<b>{escape(item.name)}</b> — {tag}<br>"
            f"<span style='color:#475467'>{escape(', '.join(counts))} · {escape(pages)}</span>"
        )

    def _documents(self, snap: DossierSnapshot) -> None:
        self._section(self.tr("Documents printed"))
        if not snap.documents:
            self.box.addWidget(_label(self.tr("None yet."), "hint"))
        for doc in snap.documents:
            self.box.addWidget(self._document_row(doc))

    def document_name(self, kind: str) -> str:
        return {
            "receipt": self.tr("Receipt and appointment"),
            "supplement": self.tr("Supplement request"),
            "refusal": self.tr("Refusal notice"),
            "apology": self.tr("Apology letter"),
            "stop_notice": self.tr("Notice of stopping"),
        }.get(kind, kind)

    def _document_row(self, doc: DocumentInfo) -> QWidget:
        row = QWidget(objectName="documentRow")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        copy = self.tr("copy")
        copy = f" <i>({escape(copy)})</i>" if doc.is_copy else ""
        line.addWidget(
            _label(
                f"{escape(self.document_name(doc.kind))}{copy}<br>"
                f"<span style='color:#475467'>{doc.created_at:%H:%M %d/%m/%Y}</span>"
            ),
            1,
        )
        open_button = QPushButton(self.tr("Open"), objectName="openDocument")
        open_button.clicked.connect(lambda: self._open_blob(doc.pdf_sha256, open_button))
        line.addWidget(open_button)
        reprint = QPushButton(self.tr("Reprint (copy)"), objectName="reprintDocument")
        reprint.clicked.connect(lambda: self._reprint(doc, reprint))
        line.addWidget(reprint)
        return row

    def _history(self, snap: DossierSnapshot) -> None:
        self._section(self.tr("Status history"))
        for e in snap.events:
            who = escape(e.officer) if e.officer else self.tr("(no officer recorded)")
            note = f"<br><span style='color:#475467'>{escape(e.note)}</span>" if e.note else ""
            self.box.addWidget(
                _label(
                    f"{e.at:%H:%M %d/%m/%Y} — <b>{escape(STATUS_LABELS.get(e.status, e.status))}"
                    f"</b> — {who}{note}",
                    "event",
                )
            )

    # --- actions --------------------------------------------------------------------------------

    def _say(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setObjectName("msgOk" if ok else "msgError")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _open_blob(self, sha256: str, button: QPushButton) -> None:
        """Open a stored PDF (a printed document or a sealed scan) in the desktop's viewer."""
        blobs = self.services.blobs

        def check():
            blobs.read(sha256)  # raises StoreError if missing or corrupt
            return blobs.path(sha256)

        def opened(path) -> None:
            button.setEnabled(True)
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                self._say(
                    self.tr("No PDF viewer could open the file: %1").replace("%1", str(path)), False
                )

        button.setEnabled(False)
        self.tasks.run(
            check, opened, lambda exc: self._failed(exc, button), uses_db=False, owner=button
        )

    def _reprint(self, doc: DocumentInfo, button: QPushButton) -> None:
        snap, reception = self.snapshot, self.services.reception
        officer_id = self.session.officer_id
        button.setEnabled(False)
        ops.reprint_document(
            self, self.tasks, reception, snap.id, kind=doc.kind, officer_id=officer_id
        ).success(self._reprinted).failure(
            lambda exc: self._failed(exc, button)
        ).run_in_background()

    def _open_letter(self, snap: DossierSnapshot, kind: str, button: QPushButton) -> None:
        """Read the plan (contact details, form set, due dates) off the UI thread, then ask."""
        letters = self.services.letters
        button.setEnabled(False)

        def ask(plan) -> None:
            button.setEnabled(True)
            if kind == "apology" and not plan.can_apologise:
                self._say(plan.why_not, False)  # the service would refuse it too
                return
            self.letter_dialog = self._letter_dialog(plan, kind)
            self.letter_dialog.open()

        ops.letter_plan(self, self.tasks, letters, snap.id, today=date.today()).success(
            ask
        ).failure(lambda exc: self._failed(exc, button)).run_in_background()

    def _letter_dialog(self, plan, kind: str):
        letters, officer_id = self.services.letters, self.session.officer_id
        if kind == "apology":
            dialog = ApologyDialog(self, plan, letters.new_due_date)
            dialog.sig_confirmed.connect(
                lambda reason, days: (
                    ops.issue_apology(
                        self,
                        self.tasks,
                        letters,
                        plan.dossier.id,
                        officer_id=officer_id,
                        reason=reason,
                        extension_days=days,
                        when=vietnam_now(),
                    )
                    .success(self._letter_issued)
                    .failure(lambda exc: self._say(message_for(exc), False))
                    .run_in_background()
                )
            )
            return dialog
        dialog = StopDialog(self, plan)
        dialog.sig_confirmed.connect(
            lambda reason, stage, fee: (
                ops.stop_processing(
                    self,
                    self.tasks,
                    letters,
                    plan.dossier.id,
                    officer_id=officer_id,
                    reason=reason,
                    stage=stage,
                    fee_settlement=fee,
                    when=vietnam_now(),
                )
                .success(self._letter_issued)
                .failure(lambda exc: self._say(message_for(exc), False))
                .run_in_background()
            )
        )
        return dialog

    def _letter_issued(self, decision) -> None:
        self.show_dossier(decision.dossier, None)
        self._say(
            self.tr("“%1” was sent to the printer. Tell the applicant.").replace(
                "%1", self.document_name(decision.document_kind)
            ),
            True,
        )
        self.sig_letter_issued.emit(decision.dossier.id)

    def _ask_discard(self, snap: DossierSnapshot, button: QPushButton) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Discard this draft"),
            self.tr(
                "Discard the draft started %1? What was entered is deleted; this cannot be undone."
            ).replace("%1", f"{snap.created_at:%H:%M %d/%m/%Y}"),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Discard"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Keep"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            lambda result: result == QMessageBox.StandardButton.Ok and self._discard(snap, button)
        )
        box.open()

    def _discard(self, snap: DossierSnapshot, button: QPushButton) -> None:
        drafts = self.services.drafts
        officer_id = self.session.officer_id
        button.setEnabled(False)
        ops.discard_draft(self, self.tasks, drafts, snap.id, officer_id=officer_id).success(
            lambda _none: self._discarded(snap.id)
        ).failure(lambda exc: self._failed(exc, button)).run_in_background()

    def _discarded(self, dossier_id: str) -> None:
        self.clear()
        self.sig_discarded.emit(dossier_id)

    def _reprinted(self, decision) -> None:
        self.show_dossier(decision.dossier, self.flag)
        self._say(
            self.tr("A copy of “%1” was sent to the printer.").replace(
                "%1", self.document_name(decision.document_kind)
            ),
            True,
        )
        self.sig_reprinted.emit(decision.dossier.id)

    def _failed(self, exc: BaseException, button: QPushButton) -> None:
        button.setEnabled(True)
        self._say(message_for(exc), False)
