"""Step 2: who applies — read from the citizen-ID card QR (wedge scanner) or typed.

A field carries the "từ thẻ CCCD" mark only while it holds exactly what was read from the card:
typing in it removes its mark, and a rejected scan removes every mark (the card in front of the
officer is no longer the one the fields were read from). The applicant's ``sources`` are derived the
same way, so a typed value is never recorded as read from the card (also in organisation mode).
The ID number is checked against birth date and gender before the officer can go on.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.dossier_types import Applicant
from kiosk.errors import InvalidInput
from kiosk.identity import parse_cccd_qr, validate_personal_id
from ui.reception.common import Banner, step_title
from ui.wedge import WedgeDetector

CARD_FIELDS = ("full_name", "id_number", "date_of_birth", "gender", "address")


class ApplicantStep(QWidget):
    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.card_values: dict[str, str] = {}  # field -> the value read from the card
        self._filling = False
        layout = QVBoxLayout(self)
        layout.addWidget(step_title(self.tr("Who is applying?")))
        self.card_hint = QLabel(
            self.tr(
                "Scan the QR code on the citizen-ID card with the scanner, or type the details."
            )
        )
        self.card_hint.setObjectName("cardTitle")
        layout.addWidget(self.card_hint)

        kinds = QHBoxLayout()
        self.person = QRadioButton(self.tr("Person"), checked=True)
        self.organisation = QRadioButton(self.tr("Organisation"))
        group = QButtonGroup(self)
        for button in (self.person, self.organisation):
            group.addButton(button)
            kinds.addWidget(button)
        kinds.addStretch(1)
        layout.addLayout(kinds)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.marks: dict[str, QLabel] = {}

        def add(key: str, label: str, widget=None, placeholder: str = ""):
            widget = widget or QLineEdit(placeholderText=placeholder)
            widget.setObjectName(key)
            self.fields[key] = widget
            mark = QLabel(self.tr("from ID card"))
            mark.setStyleSheet("color:#067647; font-weight:bold;")
            mark.hide()
            self.marks[key] = mark
            row = QHBoxLayout()
            row.addWidget(widget, 1)
            row.addWidget(mark)
            form.addRow(label, row)
            signal = (
                widget.textChanged if isinstance(widget, QLineEdit) else widget.currentIndexChanged
            )
            signal.connect(lambda *_: self._edited(key))

        add("org_name", self.tr("Organisation name"))
        add("tax_code", self.tr("Tax code"), placeholder=self.tr("10 or 13 digits"))
        add("full_name", self.tr("Full name"))
        add("id_number", self.tr("Personal ID number"), placeholder=self.tr("12 digits"))
        add("date_of_birth", self.tr("Date of birth"), placeholder="dd/mm/yyyy")
        gender = QComboBox()
        gender.addItems(["", "Nam", "Nữ"])
        add("gender", self.tr("Gender"), gender)
        add("address", self.tr("Permanent address"))
        add("phone", self.tr("Phone"))
        add("email", self.tr("Email"))
        add(
            "acting_for",
            self.tr("Submitting on behalf of"),
            placeholder=self.tr("leave empty if for oneself"),
        )
        add("relationship", self.tr("Relationship / authorisation"))
        layout.addLayout(form)
        self.form = form
        self.banner = Banner()
        layout.addWidget(self.banner)
        layout.addStretch(1)
        self.person.toggled.connect(self._kind_changed)
        self._kind_changed()

        self.wedge = WedgeDetector(self)
        self.wedge.sig_scanned.connect(self.fill_from_card)

    # --- showing --------------------------------------------------------------------------------

    def enter(self) -> None:
        self.wedge.set_enabled(True)
        self.fields["full_name"].setFocus()

    def leave(self) -> None:
        self.wedge.set_enabled(False)

    def _kind_changed(self) -> None:
        org = self.organisation.isChecked()
        for key in ("org_name", "tax_code"):
            self.form.setRowVisible(self._row_of(key), org)

    def _row_of(self, key: str) -> int:
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if item and item.layout() and item.layout().indexOf(self.fields[key]) >= 0:
                return row
        return -1

    # --- card -----------------------------------------------------------------------------------

    def fill_from_card(self, text: str) -> None:
        try:
            card = parse_cccd_qr(text)
        except InvalidInput as exc:
            had_marks = bool(self.card_values)
            self.card_values = {}
            self._refresh_marks()
            why = exc.english if self.page.english else exc.message
            if had_marks:
                why += " " + self.tr(
                    "The fields read from the previous card are no longer marked "
                    "as read from a card: check them with the applicant."
                )
            self.banner.show_message(why)
            return
        self._filling = True
        self.person.setChecked(True)
        values = {
            "full_name": card.full_name,
            "id_number": card.id_number,
            "date_of_birth": f"{card.date_of_birth:%d/%m/%Y}",
            "gender": card.gender,
            "address": card.address,
        }
        for key, value in values.items():
            self._set(key, value)
        self.card_values = {key: self._get(key) for key in values}
        self._filling = False
        self._refresh_marks()
        self.banner.show_message(
            self.tr("Read from the ID card. Check the details with the applicant."), "ok"
        )

    @property
    def sources(self) -> dict[str, str]:
        """ "card" for each field that still holds what the card gave."""
        return {k: "card" for k, v in self.card_values.items() if self._get(k) == v}

    def _edited(self, key: str) -> None:
        if not self._filling:
            self._refresh_marks()

    def _refresh_marks(self) -> None:
        sources = self.sources
        for key, mark in self.marks.items():
            mark.setVisible(key in sources)

    def _set(self, key: str, value: str) -> None:
        widget = self.fields[key]
        if isinstance(widget, QComboBox):
            widget.setCurrentText(value)
        else:
            widget.setText(value)

    def _get(self, key: str) -> str:
        widget = self.fields[key]
        return widget.currentText() if isinstance(widget, QComboBox) else widget.text().strip()

    # --- saving ---------------------------------------------------------------------------------

    def load(self, applicant: Applicant) -> None:
        self._filling = True
        self.organisation.setChecked(applicant.kind == "organisation")
        self.person.setChecked(applicant.kind != "organisation")
        for key in self.fields:
            value = getattr(applicant, key)
            self._set(key, f"{value:%d/%m/%Y}" if isinstance(value, date) else (value or ""))
        self.card_values = {
            k: self._get(k)
            for k, v in applicant.sources.items()
            if v == "card" and k in self.fields
        }
        self._filling = False
        self._refresh_marks()
        self.banner.clear()

    def typed(self) -> Applicant:
        """What is on screen, unchecked (a date that does not parse is left out)."""
        try:
            dob = datetime.strptime(self._get("date_of_birth"), "%d/%m/%Y").date()
        except ValueError:
            dob = None
        return Applicant(
            kind="organisation" if self.organisation.isChecked() else "person",
            **{k: self._get(k) for k in self.fields if k != "date_of_birth"},
            date_of_birth=dob,
            sources=dict(self.sources),
        )

    def applicant(self) -> Applicant:
        """The applicant as typed; raises InvalidInput with what is wrong."""
        dob_text = self._get("date_of_birth")
        try:
            dob = datetime.strptime(dob_text, "%d/%m/%Y").date() if dob_text else None
        except ValueError:
            raise InvalidInput(
                f"Ngày sinh “{dob_text}” phải có dạng ngày/tháng/năm, ví dụ 01/01/1990.",
                english="Date of birth must be dd/mm/yyyy.",
            ) from None
        a = Applicant(
            kind="organisation" if self.organisation.isChecked() else "person",
            **{k: self._get(k) for k in self.fields if k != "date_of_birth"},
            date_of_birth=dob,
            sources=dict(self.sources),
        )
        if not a.full_name:
            raise InvalidInput(
                "Hãy nhập họ và tên người nộp hồ sơ.", english="Enter the applicant's name."
            )
        if a.kind == "organisation" and not a.org_name:
            raise InvalidInput("Hãy nhập tên tổ chức.", english="Enter the organisation's name.")
        if a.kind == "person" or a.id_number:
            validate_personal_id(a.id_number, a.date_of_birth, a.gender or None)
        return replace(a, id_number=a.id_number.strip())

    def commit(self, done) -> None:
        try:
            applicant = self.applicant()
        except InvalidInput as exc:
            self.banner.show_message(exc.english if self.page.english else exc.message)
            return
        self.banner.clear()
        self.page.save(lambda r, d: r.save_applicant(d, applicant), done)
