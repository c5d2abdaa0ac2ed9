"""The tracking register of a period (issue 14 §4): its lines with early / on time / late, the CSV
and XLSX exports, and the printed register and control sheets (read back with pdftotext)."""

import csv
import io
import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from kiosk.dossier_view import DossierQueries
from kiosk.errors import InvalidInput
from kiosk.exports import HEADERS, export, to_csv
from kiosk.register import RegisterQueries, RegisterService, period_text
from kiosk.returns import ReturnService
from tests.factories import AGENCY
from tests.kiosk.test_apology import CALENDAR, MON, REASON, accepted, at
from tests.kiosk.test_apology import office as office  # noqa: F401  (the fixture)

TODAY = date(2026, 12, 16)


@pytest.fixture
def period(store, office):  # noqa: F811
    """Four dossiers accepted Monday 7/12 (due Friday 11/12; Thursday 10 is a day off), walked
    to Wednesday 16/12: early, on time, reset by an apology then late, stopped."""
    reception, letters, version_id = office
    RegisterService(store.sessions).add_block(AGENCY, 2026, 1, 100, book="01/2026")
    returns = ReturnService(
        store.sessions,
        dossiers=DossierQueries(store.reads),
        calendar=CALENDAR,
        verify=lambda text: None,
    )
    early, on_time, late, stopped = (accepted(reception, version_id) for _ in range(4))
    returns.mark_result_ready(early.id, None, at(date(2026, 12, 9), 10))
    returns.hand_over(early.id, None, "Nguyễn Văn An", False, at(date(2026, 12, 9), 15))
    returns.mark_result_ready(on_time.id, None, at(date(2026, 12, 11), 9))
    letters.apologise(late.id, None, REASON, 1, at(date(2026, 12, 9)))  # new date: Sat 12/12
    letters.stop(
        stopped.id, None, "Người nộp đề nghị dừng giải quyết.", "Thẩm định", "Không thu", MON
    )
    return RegisterQueries(store.reads, CALENDAR).lines(
        date(2026, 12, 1), date(2026, 12, 31), TODAY
    )


def test_lines_judge_each_result_against_its_due_date(period):
    assert [x.number for x in period] == [1, 2, 3, 4]
    assert [x.book for x in period] == ["01/2026"] * 4
    early, on_time, late, stopped = period
    assert early.timing.label == "Trước hạn" and early.returned_at.date() == date(2026, 12, 9)
    assert on_time.timing.label == "Đúng hạn" and on_time.returned_at is None
    assert late.timing.label == "Quá hạn" and late.due_date == date(2026, 12, 12)
    assert late.original_due_date == date(2026, 12, 11)
    assert stopped.timing is None and stopped.stopped_at is not None
    assert early.applicant_name == "Nguyễn Văn An" and early.lead_agency == "UBND cấp xã"


def test_the_period_is_checked(store):
    queries = RegisterQueries(store.reads, CALENDAR)
    with pytest.raises(InvalidInput, match="trước ngày đầu"):
        queries.lines(date(2026, 12, 31), date(2026, 12, 1), TODAY)
    with pytest.raises(InvalidInput, match="tối đa"):
        queries.lines(date(2025, 1, 1), date(2026, 12, 31), TODAY)
    assert queries.lines(date(2026, 11, 1), date(2026, 11, 30), TODAY) == []
    assert period_text(date(2026, 12, 1), date(2026, 12, 31)) == "Tháng 12 năm 2026"
    assert period_text(date(2026, 12, 1), date(2026, 12, 15)).startswith("Từ ngày 01/12/2026")


def test_csv_has_one_row_per_dossier_with_its_result(period, tmp_path):
    out = tmp_path / "so.csv"
    assert export(period, "csv", out) == 4
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(HEADERS)
    assert [r[1] for r in rows[1:]] == ["1", "2", "3", "4"]
    assert [r[-1] for r in rows[1:]] == ["Trước hạn", "Đúng hạn", "Quá hạn", ""]
    assert rows[3][13] == "2026-12-11" and rows[4][16] == "Dừng giải quyết"


def test_xlsx_opens_with_openpyxl_with_the_right_rows(period, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "so.xlsx"
    export(period, "xlsx", out, title="Sổ theo dõi hồ sơ tháng 12/2026")
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Sổ theo dõi hồ sơ tháng 12/2026"
    assert rows[1] == HEADERS
    body = rows[2:]
    assert [r[1] for r in body] == [1, 2, 3, 4]
    assert [r[2] for r in body] == [x.dossier_code for x in period]
    assert [r[-1] or "" for r in body] == ["Trước hạn", "Đúng hạn", "Quá hạn", ""]
    assert body[0][11] == datetime(2026, 12, 7, 9, 30)  # a real date cell, office time
    assert body[2][12] == datetime(2026, 12, 12, 0, 0)  # the reset due date
    assert sheet["L3"].number_format == "DD/MM/YYYY HH:MM"


def test_bad_export_requests_are_refused_in_vietnamese(period, tmp_path):
    with pytest.raises(InvalidInput, match="csv hoặc xlsx"):
        export(period, "pdf", tmp_path / "x.pdf")
    with pytest.raises(InvalidInput, match="không tồn tại"):
        export(period, "csv", tmp_path / "missing" / "x.csv")
    assert to_csv([]).decode("utf-8-sig").startswith("Quyển số,")


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True)
    return " ".join(out.stdout.decode("utf-8").split())


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_printed_register_and_control_sheets(period, tmp_path):
    from kiosk.receipt_qr import QrSigner, load_or_create_signing_key
    from printing import data as d
    from printing.register_documents import render_control_sheets, render_register

    signer = QrSigner(load_or_create_signing_key(tmp_path / "qr.key"))
    agency = d.Agency("Trung tâm Phục vụ hành chính công phường Hạc Thành", "UBND PHƯỜNG HẠC THÀNH")
    now = datetime(2026, 12, 16, 16, 0)
    doc = render_register(period, agency, signer, date(2026, 12, 1), date(2026, 12, 31), now)
    if os.environ.get("KIOSK_KEEP_PDF"):  # to look at it: pdftoppm -png -r 60
        Path(os.environ["KIOSK_KEEP_PDF"], "register.pdf").write_bytes(doc.pdf)
    text = _text(doc.pdf)
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Mẫu số 07" in text
    assert "Tháng 12 năm 2026 - Quyển số 01/2026" in text
    assert "Ngày, tháng, năm" in text  # the grouped date header
    for word in ("Trước hạn", "Đúng hạn", "Quá hạn", "Dừng giải", "Hẹn"):
        assert word in text  # (the notes column is narrow: longer notes wrap)
    assert [line.dossier_code in text for line in period] == [True] * 4
    sheets = render_control_sheets(period, agency, signer, now)
    text = _text(sheets)
    assert text.count("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ") == 4
    assert "Trước hạn" in text and "Đúng hạn" in text and "Hẹn lại từ" in text
    assert [line.dossier_code in text for line in period] == [True] * 4
