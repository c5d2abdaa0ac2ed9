"""Step 4: the declaration e-form of the procedure, with help, prefilled from the applicant.

The rules are the core's (kiosk/eform.py): the step sends the answers to ``eform.check`` on the task
runner (catalog patterns never run on the UI thread) and shows each message next to its field. Empty
required fields are pointed out once; Continue again goes on with the form incomplete, since a
supplement request or a refusal does not need it (issue 9 §6); acceptance does, and the reception
service refuses it otherwise.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk import eform as rules
from ui.reception.common import Banner, step_title
from ui.style import DANGER

# e-form keys that take their first value from the applicant
PREFILL = {
    "applicant_name": "full_name",
    "applicant_id": "id_number",
    "applicant_phone": "phone",
    "address": "address",
    "residence": "address",
}


class EformStep(QWidget):
    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.eform = None
        self._warned: frozenset[str] | None = None  # the empty required fields already pointed out
        layout = QVBoxLayout(self)
        self.title = step_title(self.tr("Declaration form"))
        layout.addWidget(self.title)
        self.note = QLabel(objectName="cardTitle")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.scroll = QScrollArea(widgetResizable=True)
        layout.addWidget(self.scroll, 1)
        self.banner = Banner()
        layout.addWidget(self.banner)

    def enter(self) -> None:
        eform = self.page.procedure.eform if self.page.procedure else None
        if eform is not self.eform:
            self._build(eform)
        self.banner.clear()
        self.show_errors({})
        self._warned = None
        first = next(iter(self.widgets.values()), None)
        if first is not None and self.isVisible():
            first.setFocus()

    def _build(self, eform) -> None:
        self.eform = eform
        self.widgets.clear()
        self.errors.clear()
        body = QWidget()
        form = QFormLayout(body)
        if eform is None:
            self.title.setText(self.tr("Declaration form"))
            self.note.setText(self.tr("This procedure has no electronic declaration form. Go on."))
            self.scroll.setWidget(body)
            return
        self.title.setText(eform.title)
        self.note.setText(self.tr("Fields marked * are required. Hover a field for help."))
        answers = self.page.dossier.eform or {}
        applicant = self.page.dossier.applicant
        for f in eform.fields:
            widget = self._widget_for(f)
            value = answers.get(f.key)
            if value is None and f.key in PREFILL:
                value = getattr(applicant, PREFILL[f.key], "")
            self._set(widget, value)
            widget.setToolTip(f.help)
            widget.setObjectName(f"eform_{f.key}")
            self.widgets[f.key] = widget
            form.addRow(f.label + (" *" if f.required else ""), widget)
            error = QLabel(objectName=f"eform_error_{f.key}")
            error.setWordWrap(True)
            error.setStyleSheet(f"color:{DANGER}; font-weight:bold;")
            error.hide()
            self.errors[f.key] = error
            form.addRow("", error)
            if f.help:
                hint = QLabel(f.help)
                hint.setWordWrap(True)
                hint.setStyleSheet("color:#667085; font-size:9pt;")
                form.addRow("", hint)
        self.scroll.setWidget(body)

    def _widget_for(self, f) -> QWidget:
        if f.type == "textarea":
            w = QPlainTextEdit()
            w.setFixedHeight(70)
            return w
        if f.type == "choice":
            w = QComboBox()
            w.addItems([""] + list(f.choices))
            return w
        if f.type == "number":
            w = QDoubleSpinBox(
                decimals=0,
                maximum=f.max if f.max is not None else 1e12,
                minimum=f.min if f.min is not None else 0,
            )
            return w
        placeholder = {"date": "dd/mm/yyyy", "id_number": self.tr("12 digits")}.get(f.type, "")
        w = QLineEdit(placeholderText=placeholder)
        if f.max_length:
            w.setMaxLength(f.max_length)
        return w

    @staticmethod
    def _set(widget, value) -> None:
        if value in (None, ""):
            return
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentText(str(value))
        elif isinstance(widget, QDoubleSpinBox):
            widget.setValue(float(value))
        else:
            widget.setText(str(value))

    @staticmethod
    def _get(widget):
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText().strip()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QDoubleSpinBox):
            return int(widget.value())
        return widget.text().strip()

    def raw_answers(self) -> dict:
        """What the widgets hold, unchecked (the core checks and cleans it)."""
        return {
            f.key: self._get(self.widgets[f.key]) for f in (self.eform.fields if self.eform else ())
        }

    def show_errors(self, errors: dict) -> None:
        """Show each of the core's messages (kiosk.eform.FieldError) next to its field."""
        for key, label in self.errors.items():
            error = errors.get(key)
            label.setText((error.english if self.page.english else error.message) if error else "")
            label.setVisible(error is not None)

    def commit(self, done) -> None:
        if self.eform is None:
            done()
            return
        form, answers, on = self.eform, self.raw_answers(), self.page.clock().date()
        self.page.tasks.run(
            lambda: rules.check(form, answers, on=on, complete=True),
            lambda result: self._checked(answers, on, result[1], done),
            self.page.show_error,
            uses_db=False,
            owner=self,
        )

    def _checked(self, answers: dict, on, errors: dict, done) -> None:
        self.show_errors(errors)
        missing = rules.missing_required(self.eform, answers)
        wrong = {k: e for k, e in errors.items() if k not in {f.key for f in missing}}
        first = next(iter(wrong), None) or (missing[0].key if missing else None)
        if first is not None:
            self.widgets[first].setFocus()
        if wrong:
            self._warned = None
            exc = rules.EformInvalid(wrong)
            self.banner.show_message(exc.english if self.page.english else exc.message)
            return
        if missing and self._warned != frozenset(f.key for f in missing):
            self._warned = frozenset(f.key for f in missing)
            vi, en = rules.incomplete_notice(missing)
            self.banner.show_message(en if self.page.english else vi, "warning")
            return
        self.banner.clear()
        self.page.save(lambda r, d: r.save_eform(d, answers, on), done)
