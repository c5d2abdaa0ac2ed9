"""The kiosk's papers: the checklist handout (its VietQR decodes with zbarimg to a valid EMVCo
payload, CRC checked) and the queue ticket through ESC/POS (File printer) and as PDF."""

from __future__ import annotations

from datetime import datetime

import pytest

from kiosk.calendar import WorkCalendar
from kiosk.catalog import CatalogService
from kiosk.paths import resource
from kiosk.queueing import QueueService
from kiosk.ticketing import TicketDesk
from kiosk.timeutil import VIETNAM
from kiosk.vietqr import CollectionAccount, parse, read_transfer
from printing.citizen_papers import (
    PRESENT_ONLY,
    print_ticket_escpos,
    render_handout,
    ticket_data,
    ticket_pdf,
)
from printing.data import Agency
from tests.printing.conftest import pdf_text, zbar_codes

AGENCY = Agency(name="UBND phường Hạc Thành", parent="UBND TỈNH THANH HÓA", code="000.31.27.H56")
ACCOUNT = CollectionAccount("970415", "113000001", "UBND PHUONG HAC THANH")
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=VIETNAM)


@pytest.fixture
def catalog(store):
    service = CatalogService(store.sessions)
    service.import_file(resource("catalog", "seed.json"))
    return service


def _vietqr(codes):
    return [text for kind, text in codes if kind == "QR-Code" and text.startswith("000201")]


def test_handout_with_a_fixed_fee_carries_a_vietqr_that_decodes(catalog, signer, tmp_path):
    detail = catalog.get("2.000635", NOW.date())  # 8.000 đồng per copy
    doc = render_handout(detail, AGENCY, signer, NOW, ACCOUNT)
    payloads = _vietqr(zbar_codes(doc.pdf, tmp_path))
    assert len(payloads) == 1
    parse(payloads[0])  # raises on a bad CRC or structure
    transfer = read_transfer(payloads[0])
    assert (transfer.bank_bin, transfer.account, transfer.amount) == ("970415", "113000001", 8000)
    assert transfer.bill == "2.000635"
    text = pdf_text(doc.pdf)
    assert "VietQR" in text and "8.000 đồng" in text


def test_handout_lists_what_to_hand_in_show_and_bring_when(catalog, signer):
    detail = catalog.get("1.001193", NOW.date())
    text = " ".join(pdf_text(render_handout(detail, AGENCY, signer, NOW, ACCOUNT).pdf).split())
    assert "Giấy chứng sinh" in text
    assert "Trẻ bị bỏ rơi" in text  # a conditional paper with its condition
    assert "Bắt buộc" in text
    assert "Thời hạn giải quyết" in text
    # birth registration is free: no payment QR even with an account
    assert "VietQR" not in text


def test_handout_without_an_account_has_no_payment_qr(catalog, signer, tmp_path):
    detail = catalog.get("2.000635", NOW.date())
    doc = render_handout(detail, AGENCY, signer, NOW, None)
    assert _vietqr(zbar_codes(doc.pdf, tmp_path)) == []


def test_present_only_and_conditional_papers_are_told_apart():
    from kiosk.catalog import ChecklistEntry
    from printing.citizen_papers import entry_condition

    def item(kind, required=True, condition=None):
        return ChecklistEntry(1, 1, "Giấy", 1, 0, 0, required, condition, None, kind=kind)

    assert entry_condition(item("present")) == PRESENT_ONLY
    assert entry_condition(item("submit")) == ""
    assert entry_condition(item("conditional", False, "Khi ủy quyền")) == "Khi ủy quyền"
    assert entry_condition(item("submit", False)) == "Khi thuộc trường hợp phải có"


def test_ticket_prints_as_escpos_raster_and_as_pdf(store, tmp_path):
    from escpos.printer import File

    desk = TicketDesk(
        QueueService(store.sessions, clock=lambda: NOW),
        WorkCalendar(),
        ((datetime.min.time(), datetime.max.time()),),
        clock=lambda: NOW,
    )
    desk.issue("A")
    data = ticket_data(desk.issue("A"), AGENCY.name)
    assert (data.number, data.waiting_ahead) == ("A002", 1)
    out = tmp_path / "ticket.bin"
    device = File(str(out))
    print_ticket_escpos(data, device)
    device.close()
    raw = out.read_bytes()
    assert raw.startswith(b"\x1dv0\x00") and raw.endswith(b"\x1dV\x00")
    assert b"A002" not in raw  # text goes as an image, never as code-page text
    text = " ".join(pdf_text(ticket_pdf(data)).split())
    assert "A002" in text and "Hộ tịch, chứng thực" in text
    assert "Số người đang chờ trước bạn: 1" in text
    assert "07/12/2026" in text
