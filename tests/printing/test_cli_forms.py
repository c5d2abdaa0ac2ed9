"""``kiosk forms list`` and ``kiosk forms sample``."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

import pytest

from app.cli import main
from kiosk.calendar import office_calendar
from printing.samples import sample, sample_office
from tests.printing.conftest import pdf_text, zbar_codes


def test_forms_list_shows_both_sets(capsys):
    assert main(["forms", "list"]) == 0
    out = capsys.readouterr().out
    assert "01/2018/TT-VPCP" in out and "03/2025/TT-VPCP" in out
    assert "stop_notice" in out and "Thông báo dừng giải quyết hồ sơ" in out


def test_forms_sample_writes_marked_pdf(tmp_path, capsys):
    out = tmp_path / "mau.pdf"
    assert main(["forms", "sample", "--form", "receipt", "--set", "2018", "--out", str(out)]) == 0
    text = pdf_text(out.read_bytes())
    assert "MẪU" in text and "TT 01/2018/TT-VPCP" in text


def test_forms_sample_ticket_png(tmp_path):
    out = tmp_path / "ticket.png"
    assert main(["forms", "sample", "--form", "queue_ticket", "--png", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")


def test_forms_sample_bad_name_is_a_vietnamese_error(tmp_path, capsys):
    assert main(["forms", "sample", "--form", "nope", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "Không có mẫu" in capsys.readouterr().err
    assert (
        main(
            [
                "forms",
                "sample",
                "--form",
                "stop_notice",
                "--set",
                "2018",
                "--out",
                str(tmp_path / "x.pdf"),
            ]
        )
        == 2
    )


# --- the samples are what the app would print (issue 9 §6) -----------------------------------

CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}")
LONG_DATE = re.compile(r"(\d{1,2}) giờ (\d{1,2}) phút, ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})")
ANY_DATE = re.compile(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})|(\d{1,2})/(\d{1,2})/(\d{4})")
DOSSIER_FORMS = ("receipt", "supplement", "refusal", "apology", "stop_notice", "control_sheet")


def _printed(tmp_path, form: str, form_set: str = "2025") -> tuple[str, bytes]:
    out = tmp_path / f"{form}-{form_set}.pdf"
    assert main(["forms", "sample", "--form", form, "--set", form_set, "--out", str(out)]) == 0
    pdf = out.read_bytes()
    return " ".join(unicodedata.normalize("NFC", pdf_text(pdf)).split()), pdf


def _moments(text: str) -> list[datetime]:
    return [
        datetime(int(y), int(mo), int(d), int(h), int(mi))
        for h, mi, d, mo, y in LONG_DATE.findall(text)
    ]


@pytest.fixture(scope="module")
def calendar():
    return office_calendar(None)


@pytest.mark.parametrize("form_set", ["2018", "2025"])
def test_sample_receipt_time_limit_agrees_with_its_due_date(tmp_path, calendar, form_set):
    text, _ = _printed(tmp_path, "receipt", form_set)
    limit = re.search(r"theo quy định: (trong ngày|(\d+) ngày làm việc)", text)
    assert limit, text
    received, due = _moments(text)[:2]
    assert calendar.is_working_day(received.date()) and calendar.is_working_day(due.date())
    if limit.group(2) is None:
        assert due.date() == calendar.due_date(received, 0)
    else:
        assert due.date() == calendar.add_working_days(received.date(), int(limit.group(2)))


def test_sample_apology_asks_for_a_working_day(tmp_path, calendar):
    text, _ = _printed(tmp_path, "apology")
    due = _moments(text.split("Thời gian hẹn trả kết quả", 1)[1])[0]
    new = _moments(text.split("gia hạn thời gian giải quyết hồ sơ đến", 1)[1])[0]
    assert new > due and calendar.is_working_day(new.date()), (due, new)


@pytest.mark.parametrize("form", [*DOSSIER_FORMS, "register"])
def test_every_date_on_a_sample_is_a_working_day(tmp_path, calendar, form):
    text, _ = _printed(tmp_path, form)
    days = [
        date(int(g[2] or g[5]), int(g[1] or g[4]), int(g[0] or g[3]))
        for g in ANY_DATE.findall(text)
    ]
    assert days
    assert [day for day in days if not calendar.is_working_day(day)] == []


@pytest.mark.parametrize("form", DOSSIER_FORMS)
def test_every_code_on_a_sample_belongs_to_its_dossier(tmp_path, form):
    text, pdf = _printed(tmp_path, form)
    office = sample_office()
    dossiers = [*office.accepted, office.supplement, office.refused]
    code = sample(form).dossier.dossier_code
    [snap] = [s for s in dossiers if (s.code or "") == code and s.applicant.full_name in text]
    scanned = zbar_codes(pdf, tmp_path)
    qr = " ".join(v for k, v in scanned if k == "QR-Code")
    assert snap.applicant.id_number in text or f"DD={snap.applicant.id_number}" in qr
    printed = set(CODE.findall(text)) | {v for k, v in scanned if k == "CODE-128"}
    printed |= {
        line[3:]
        for k, v in scanned
        if k == "QR-Code"
        for line in v.splitlines()
        if line.startswith("HS=")
    }
    assert printed == ({code} if code else set())


def test_receipt_register_number_points_to_its_own_row(tmp_path):
    receipt_text, _ = _printed(tmp_path, "receipt")
    number = re.search(r"Số thứ tự: ([\d.]+)", receipt_text).group(1).replace(".", "")
    code = CODE.search(receipt_text).group(0)
    register_text, _ = _printed(tmp_path, "register")
    rows = dict(re.findall(r"\b(\d{4}) (" + CODE.pattern + ")", register_text))
    assert len(rows) == len(sample_office().accepted) and rows[number] == code
