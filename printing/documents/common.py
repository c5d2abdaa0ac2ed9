"""Pieces shared by the dossier forms: the page set-up, the code block with its barcode."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm

from printing.barcode import draw_code128
from printing.data import Agency, DossierRef, Marking
from printing.fonts import SERIF_BOLD, SERIF_ITALIC
from printing.formsets import FormSet, FormSpec
from printing.layout import Sheet, draw_heading, draw_title, place_date

PAGE_SIZES = {"A5": A5, "A4-landscape": landscape(A4), "80mm": (80 * mm, 120 * mm)}


def new_sheet(spec: FormSpec, agency: Agency, marking: Marking, **kw) -> Sheet:
    size = PAGE_SIZES[spec.page]
    if spec.page == "A4-landscape":
        kw.setdefault("left", 15 * mm)
        kw.setdefault("top", 10 * mm)
    return Sheet(size, marking=marking, title=spec.name, author=agency.name, **kw)


def heading(
    sheet: Sheet,
    spec: FormSpec,
    agency: Agency,
    when: datetime,
    qr_text: str,
    *,
    number: str = "",
    circular: str = "",
) -> None:
    label = spec.label + (f" - TT {circular}" if circular and spec.label else "")
    draw_heading(
        sheet,
        agency_parent=agency.parent,
        agency_name=agency.name,
        date_line=place_date(agency.place, when),
        form_label=label,
        qr_text=qr_text,
        number=number,
    )


def code_block(sheet: Sheet, spec: FormSpec, dossier: DossierRef, copy_label: str = "") -> None:
    """Title, ``Mã hồ sơ``, the Code128 of the code (keyboard-wedge readers), the copy label.

    A dossier sent back for a supplement or refused at the counter has no code yet: no code line and
    no barcode then, rather than an empty label and an empty barcode.
    """
    draw_title(sheet, spec.title)
    if dossier.dossier_code:
        sheet.text(f"Mã hồ sơ: {dossier.dossier_code}", font=SERIF_BOLD, size=10, align="center")
        height = 7 * mm
        sheet.ensure(height + 2 * mm)
        sheet.y -= height + 1.2 * mm
        draw_code128(
            sheet.c,
            dossier.dossier_code,
            (sheet.x0 + sheet.x1) / 2,
            sheet.y,
            height=height,
            max_width=sheet.width * 0.8,
        )
    if copy_label:
        sheet.text(f"({copy_label})", font=SERIF_ITALIC, size=8.5, align="center")
    sheet.space(1.2 * mm)


def form_top(
    sheet: Sheet,
    spec: FormSpec,
    form_set: FormSet,
    agency: Agency,
    when: datetime,
    qr_text: str,
    dossier: DossierRef,
    *,
    number: str = "",
    copy_label: str = "",
) -> None:
    """The top of every dossier form: headings with the QR, then title, code and barcode."""
    heading(sheet, spec, agency, when, qr_text, number=number, circular=form_set.circular)
    code_block(sheet, spec, dossier, copy_label)


def dossier_form(
    key: str,
    form_set: FormSet,
    marking: Marking,
    agency: Agency,
    when: datetime,
    qr_text: str,
    dossier: DossierRef,
    *,
    number: str = "",
) -> tuple[Sheet, FormSpec]:
    """A new sheet for the form ``key`` of ``form_set`` with its top drawn."""
    spec = form_set.form(key)
    sheet = new_sheet(spec, agency, marking)
    form_top(sheet, spec, form_set, agency, when, qr_text, dossier, number=number)
    return sheet, spec


def counts(n: int) -> str:
    return f"{n:02d}" if n else "-"


def applicant_lines(sheet: Sheet, dossier: DossierRef, *, with_id: bool = True) -> None:
    a = dossier.applicant
    sheet.field("Ông/Bà (tổ chức, cá nhân)", a.name)
    if with_id:
        sheet.field("Số định danh cá nhân/Mã số doanh nghiệp", a.id_number)
    sheet.field("Địa chỉ", a.address, bold_value=False)
    sheet.rich(
        [
            ("Số điện thoại: ", sheet.font),
            (a.phone or "", sheet.font),
            ("     Email: ", sheet.font),
            (a.email or "", sheet.font),
        ],
        dotted=True,
    )
    sheet.rich(
        [
            ("Nội dung yêu cầu giải quyết: ", sheet.font),
            (dossier.procedure_name, SERIF_BOLD),
            (f" (mã thủ tục {dossier.procedure_code})", sheet.font),
        ],
        dotted=True,
    )
