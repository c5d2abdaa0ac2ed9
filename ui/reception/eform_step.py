"""Step 4: the declaration e-form of the procedure, with validation and help, prefilled from the applicant."""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtWidgets import (
    QComboBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget,
)

from kiosk.errors import InvalidInput
from kiosk.identity import validate_personal_id
from ui.reception.common import Banner, step_title

# e-form keys that take their first value from the applicant
PREFILL = {"applicant_name": "full_name", "applicant_id": "id_number", "applicant_phone": "phone",
           "address": "address", "residence": "address"}


class EformStep(QWidget):
    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.widgets: dict[str, QWidget] = {}
        self.eform = None
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
        first = next(iter(self.widgets.values()), None)
        if first is not None and self.isVisible():
            first.setFocus()

    def _build(self, eform) -> None:
        self.eform = eform
        self.widgets.clear()
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
            w = QDoubleSpinBox(decimals=0, maximum=f.max if f.max is not None else 1e12,
                               minimum=f.min if f.min is not None else 0)
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

    def answers(self) -> dict:
        """The answers, validated; raises InvalidInput naming the first bad field."""
        result = {}
        for f in self.eform.fields if self.eform else ():
            value = self._get(self.widgets[f.key])
            if f.required and value in ("", None):
                raise InvalidInput(f"Hãy điền “{f.label}”.", english=f"Fill in '{f.label}'.")
            if isinstance(value, str) and value:
                self._check(f, value)
            result[f.key] = value
        return result

    @staticmethod
    def _check(f, value: str) -> None:
        if f.type == "date":
            try:
                datetime.strptime(value, "%d/%m/%Y")
            except ValueError:
                raise InvalidInput(f"“{f.label}”: “{value}” phải có dạng ngày/tháng/năm.",
                                   english=f"'{f.label}' must be dd/mm/yyyy.") from None
        elif f.type == "id_number":
            validate_personal_id(value)
        elif f.type == "phone" and not re.fullmatch(r"\+?[0-9 ]{8,15}", value):
            raise InvalidInput(f"“{f.label}”: số điện thoại không hợp lệ.", english="Invalid phone number.")
        elif f.type == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise InvalidInput(f"“{f.label}”: thư điện tử không hợp lệ.", english="Invalid e-mail.")
        if f.pattern and not re.fullmatch(f.pattern, value):
            raise InvalidInput(f"“{f.label}”: “{value}” không đúng định dạng.", english=f"'{f.label}' is malformed.")

    def commit(self, done) -> None:
        try:
            answers = self.answers()
        except InvalidInput as exc:
            self.banner.show_message(exc.english if self.page.english else exc.message)
            return
        if not answers:
            done()
            return
        self.page.save(lambda r, d: r.save_eform(d, answers), done)
