"""The new-dossier flow driven through the real widgets,
on a real SQLite store and real printing."""

import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from kiosk.catalog import CatalogService
from kiosk.models import Dossier, OutboxItem
from tests.ui.keys import type_text

CATALOG = Path(__file__).parents[1] / "data" / "catalog_small.json"
CARD = "038090123456|173456789|NGUYỄN VĂN AN|01011990|Nam|Thôn 3, xã Quảng Phú, Thanh Hóa|15042021"
MONDAY = datetime(2026, 12, 7, 9, 30)


@pytest.fixture
def page(qtbot, store, demo_config, tasks, services, session):
    from ui.reception.page import ReceptionPage, ReceptionServices
    from ui.services import narrow

    CatalogService(store.sessions).import_file(CATALOG)
    page = ReceptionPage(demo_config, tasks, narrow(ReceptionServices, services), session)
    page.clock = lambda: MONDAY
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    return page


def pick(qtbot, page, query: str):
    step = page.steps[0]
    step.search.clear()
    type_text(step.search, query)
    qtbot.keyClick(step.search, Qt.Key.Key_Return)  # at once: the flow waits for the results itself
    qtbot.waitUntil(lambda: page.stack.currentIndex() == 1, timeout=5000)


def forward(qtbot, page, to: int):
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == to, timeout=5000)


def scan_card(qtbot, page):
    applicant = page.steps[1]
    type_text(
        applicant.fields["phone"], CARD, enter=True
    )  # the scanner types into whatever has focus
    qtbot.waitUntil(lambda: applicant.fields["id_number"].text() == "038090123456", timeout=2000)
    return applicant


def test_accept_flow_end_to_end(qtbot, page, store, tmp_path):
    """Pick by unaccented name, scan the card, tick papers, fill the form, import a scan, accept."""
    pick(qtbot, page, "dang ky ket hon")
    assert page.procedure.version == 1 and page.dossier.status == "draft"
    applicant = scan_card(qtbot, page)
    assert applicant.fields["phone"].text() == ""  # the QR did not land in the focused field
    assert applicant.fields["full_name"].text() == "NGUYỄN VĂN AN"
    assert applicant.fields["gender"].currentText() == "Nam"
    assert all(
        applicant.marks[k].isVisibleTo(applicant) for k in ("full_name", "id_number", "address")
    )
    applicant.fields["address"].end(False)
    type_text(applicant.fields["address"], " (đã chuyển)")  # editing removes the card mark
    assert not applicant.marks["address"].isVisibleTo(applicant)
    assert applicant.marks["full_name"].isVisibleTo(applicant)
    qtbot.keyClicks(applicant.fields["phone"], "0912345678")
    forward(qtbot, page, 2)
    assert page.dossier.applicant.sources == {
        "full_name": "card",
        "id_number": "card",
        "date_of_birth": "card",
        "gender": "card",
    }

    checklist = page.steps[2]
    assert checklist.table.rowCount() == 3 and "2 " in checklist.banner.text()
    assert checklist.fill.shortcut().toString() == "F6"
    qtbot.mouseClick(checklist.fill, Qt.MouseButton.LeftButton)
    assert checklist.missing() == []
    forward(qtbot, page, 3)

    eform = page.steps[3]
    assert eform.widgets["applicant_name"].text() == "NGUYỄN VĂN AN"  # prefilled from the applicant
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "Họ và tên bên nữ" in eform.banner.text(), timeout=2000
    )  # required field
    type_text(eform.widgets["wife_name"], "Trần Thị Bình")
    forward(qtbot, page, 4)
    assert page.dossier.eform["wife_name"] == "Trần Thị Bình"

    scan = tmp_path / "to_khai.png"
    Image.new("RGB", (600, 800), "white").save(scan)
    digitise = page.steps[4]
    qtbot.waitUntil(lambda: digitise.current == page.dossier.items[0].id, timeout=5000)
    digitise.import_file(str(scan))  # the page goes through the scanner's path, page by page
    qtbot.waitUntil(lambda: digitise.strip.count() == 1 and digitise.job is None, timeout=30000)
    forward(qtbot, page, 5)  # leaving the step seals the complete paper
    assert page.dossier.items[0].pages == 1 and page.dossier.items[0].pdf_sha256

    decision = page.steps[5]
    qtbot.waitUntil(lambda: decision.accept_button.isEnabled(), timeout=2000)
    with qtbot.waitSignal(page.sig_decided, timeout=10000) as signal:
        assert decision.accept_button.shortcut().toString() == "Ctrl+Return"
        qtbot.mouseClick(decision.accept_button, Qt.MouseButton.LeftButton)
    d = signal.args[0].dossier
    assert d.status == "accepted" and d.code.startswith("000.31.27.H56-261207-")
    assert d.due_date.isoformat() == "2026-12-14"  # 5 working days after Monday 7 December
    assert d.code in decision.result.text()
    pdf = page.services.blobs.path(signal.args[0].pdf_sha256)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert d.code in text and "NGUYỄN VĂN AN" in text
    with store.sessions.begin() as s:
        assert s.scalars(select(OutboxItem.kind).where(OutboxItem.entity_id == d.id)).all() == [
            "dossier.accepted"
        ]
    assert not decision.accept_button.isEnabled()  # no second accept of the same dossier


def test_supplement_lists_all_missing_items_at_once(qtbot, page, store):
    pick(qtbot, page, "kết hôn")
    scan_card(qtbot, page)
    forward(qtbot, page, 2)
    checklist = page.steps[2]
    checklist.spins[page.dossier.items[0].id][0].setValue(1)  # only the declaration is here
    forward(qtbot, page, 3)
    type_text(page.steps[3].widgets["wife_name"], "Trần Thị Bình")
    forward(qtbot, page, 4)
    forward(qtbot, page, 5)
    decision = page.steps[5]
    assert not decision.accept_button.isEnabled()
    assert "Giấy xác nhận tình trạng hôn nhân" in decision.banner.text()

    from ui.reception.supplement_dialog import SupplementDialog

    qtbot.mouseClick(decision.supplement_button, Qt.MouseButton.LeftButton)
    dialog = decision.findChild(SupplementDialog)
    missing_id = page.dossier.items[1].id
    box = dialog.boxes[missing_id]
    assert box.isChecked() and not box.isEnabled()  # cannot be left out
    assert page.dossier.items[0].id in dialog.boxes  # checklist items only...
    assert len(dialog.boxes) == 3  # ...and nothing else
    with qtbot.waitSignal(page.sig_decided, timeout=10000) as signal:
        dialog.buttons.accepted.emit()
    d = signal.args[0].dossier
    assert d.status == "supplement_requested" and d.code is None
    assert d.supplement_items == (missing_id,)


def test_refuse_needs_a_reason(qtbot, page):
    pick(qtbot, page, "chung thuc ban sao")
    scan_card(qtbot, page)
    for index in (2, 3, 4, 5):
        forward(qtbot, page, index)
    from ui.reception.supplement_dialog import RefuseDialog

    decision = page.steps[5]
    qtbot.mouseClick(decision.refuse_button, Qt.MouseButton.LeftButton)
    dialog = decision.findChild(RefuseDialog)
    dialog._confirm()
    assert "10" in dialog.banner.text() and page.dossier.status == "draft"
    type_text(dialog.reason, "Giấy tờ cần chứng thực có dấu hiệu tẩy xóa, sửa chữa")
    with qtbot.waitSignal(page.sig_decided, timeout=10000) as signal:
        dialog._confirm()
    assert signal.args[0].dossier.status == "refused"
    assert signal.args[0].dossier.last_reason.startswith("Giấy tờ cần chứng thực")


def test_version_changes_between_two_dossiers(qtbot, page, store):
    """Monday uses version 1 (3 papers); from Tuesday only version 2 is offered;
    Monday's keeps v1."""
    pick(qtbot, page, "ket hon")
    monday_id = page.dossier.id
    assert len(page.dossier.items) == 3
    page.clock = lambda: datetime(2026, 12, 8, 8, 0)
    page.start()
    pick(qtbot, page, "ket hon")
    assert page.procedure.version == 2
    assert [i.name for i in page.dossier.items] == ["Tờ khai đăng ký kết hôn (mẫu 2026)"]
    with store.sessions.begin() as s:
        assert len(s.get(Dossier, monday_id).items) == 3


def test_abolished_procedure_is_not_offered(qtbot, page):
    step = page.steps[0]
    qtbot.keyClicks(step.search, "xac nhan bai bo thu")
    qtbot.waitUntil(lambda: step.banner.isVisible(), timeout=5000)
    assert step.results.count() == 0
    assert "xac nhan bai bo thu" in step.banner.text()


def test_typed_text_is_not_taken_for_a_card(qtbot, page):
    """A person typing (slowly, no pipes) is never mistaken for the scanner."""
    pick(qtbot, page, "ket hon")
    applicant = page.steps[1]
    qtbot.keyClicks(applicant.fields["full_name"], "Le Van Binh", delay=80)
    qtbot.keyClick(applicant.fields["full_name"], Qt.Key.Key_Return)
    assert applicant.fields["full_name"].text() == "Le Van Binh"
    assert not applicant.marks["full_name"].isVisibleTo(applicant)


def test_bad_card_qr_shows_why_and_changes_nothing(qtbot, page):
    pick(qtbot, page, "ket hon")
    applicant = page.steps[1]
    type_text(applicant.fields["full_name"], CARD.replace("01011990", "01011991"), enter=True)
    assert "năm sinh" in applicant.banner.text()
    assert applicant.fields["id_number"].text() == "" and applicant.fields["full_name"].text() == ""


def test_supplemented_dossier_is_taken_up_again_and_accepted(qtbot, page, store):
    """The applicant comes back with the missing paper: resume at the papers step, tick, accept."""
    pick(qtbot, page, "chung thuc ban sao")
    scan_card(qtbot, page)
    forward(qtbot, page, 2)
    for index in (3, 4, 5):
        forward(qtbot, page, index)
    from ui.reception.supplement_dialog import SupplementDialog

    qtbot.mouseClick(page.steps[5].supplement_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.sig_decided, timeout=10000):
        page.steps[5].findChild(SupplementDialog).buttons.accepted.emit()
    dossier_id = page.dossier.id
    page.start()
    page.resume(dossier_id)
    qtbot.waitUntil(
        lambda: page.stack.currentIndex() == 2 and page.dossier.status == "draft", timeout=5000
    )
    assert page.dossier.id == dossier_id and page.dossier.supplement_requests == 1
    qtbot.mouseClick(page.steps[2].fill, Qt.MouseButton.LeftButton)
    for index in (3, 4, 5):
        forward(qtbot, page, index)
    with qtbot.waitSignal(page.sig_decided, timeout=10000) as signal:
        qtbot.mouseClick(page.steps[5].accept_button, Qt.MouseButton.LeftButton)
    d = signal.args[0].dossier
    assert (
        d.status == "accepted"
        and d.code
        and [e.status for e in d.events] == ["draft", "supplement_requested", "draft", "accepted"]
    )


def test_preview_and_copy_on_another_printer(qtbot, page, store, tmp_path, services):
    """The Qt path: preview the receipt in the app, print a copy;
    it goes through the print queue."""
    from ui.print_preview import PdfPreviewDialog

    pick(qtbot, page, "chung thuc ban sao")
    scan_card(qtbot, page)
    forward(qtbot, page, 2)
    qtbot.mouseClick(page.steps[2].fill, Qt.MouseButton.LeftButton)
    for index in (3, 4, 5):
        forward(qtbot, page, index)
    decision = page.steps[5]
    with qtbot.waitSignal(page.sig_decided, timeout=10000):
        qtbot.mouseClick(decision.accept_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(decision.open_button, Qt.MouseButton.LeftButton)
    preview = decision.findChild(PdfPreviewDialog)
    qtbot.waitUntil(lambda: preview.document.pageCount() >= 1, timeout=5000)  # read on a worker
    assert preview.isVisible() and preview.pages.text() == f"{preview.document.pageCount()} trang"
    preview.choose_printer()  # the printers are listed on a worker, then offered
    qtbot.waitUntil(lambda: getattr(preview, "printer_dialog", None) is not None, timeout=10000)
    assert preview.printer_dialog.comboBoxItems()[0] == "Máy in biên nhận của quầy"
    preview.printer_dialog.reject()
    from ui.print_status import PrintQueueStatus

    printing = PrintQueueStatus(
        page.tasks
    )  # the window's print-queue status, as MainWindow wires it
    qtbot.addWidget(printing)
    printing.set_queue(services.print_queue)
    page.sig_print_queued.connect(printing.drain)
    out = tmp_path / "printed-copies"
    preview.sig_print_copy.disconnect()
    preview.sig_print_copy.connect(lambda _spec: page.reprint("receipt", f"pdf:{out}"))
    preview.print_copy_on("")  # the printer chosen in the dialog; here a PDF folder

    def printed():
        return [p for p in out.glob("*.pdf") if not p.name.startswith(".")] if out.exists() else []

    qtbot.waitUntil(lambda: bool(printed()), timeout=10000)
    copy = printed()[0]
    text = subprocess.run(
        ["pdftotext", str(copy), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "BẢN SAO" in text and page.dossier.code in text
    assert [(d.kind, d.is_copy) for d in page.services.dossiers.get(page.dossier.id).documents] == [
        ("receipt", False),
        ("receipt", True),
    ]


def test_empty_catalog_says_how_to_load_one(qtbot, tmp_path, demo_config, tasks, session):
    from kiosk.db import open_store, sqlite_url
    from tests.ui.conftest import build_test_services
    from ui.reception.page import ReceptionPage, ReceptionServices
    from ui.services import narrow

    empty = open_store(sqlite_url(tmp_path / "empty" / "empty.sqlite3"))
    services = narrow(ReceptionServices, build_test_services(empty, demo_config))
    page = ReceptionPage(demo_config, tasks, services, session)
    qtbot.addWidget(page)
    page.show()
    step = page.steps[0]
    qtbot.waitUntil(lambda: step.banner.isVisible(), timeout=5000)
    assert "kiosk catalog import" in step.banner.text()
    empty.close()


def marked(applicant) -> set[str]:
    return {k for k, mark in applicant.marks.items() if mark.isVisibleTo(applicant)}


def test_rejected_card_after_a_valid_one_leaves_no_stale_mark(qtbot, page):
    """Valid card, then a rejected one, then a typed name: nothing is left marked "from ID card"."""
    pick(qtbot, page, "ket hon")
    applicant = scan_card(qtbot, page)
    assert marked(applicant) == {"full_name", "id_number", "date_of_birth", "gender", "address"}
    type_text(applicant.fields["phone"], CARD.replace("01011990", "01011991"), enter=True)
    assert "năm sinh" in applicant.banner.text() and "thẻ" in applicant.banner.text()
    assert marked(applicant) == set()
    applicant.fields["full_name"].clear()
    qtbot.keyClicks(applicant.fields["full_name"], "Le Van Binh")
    assert marked(applicant) == set() and applicant.typed().sources == {}


def test_card_with_extra_fields_or_letters_is_caught_with_a_message(qtbot, page):
    """A QR that looks like a card but does not parse never lands in the focused field silently."""
    pick(qtbot, page, "ket hon")
    applicant = page.steps[1]
    type_text(
        applicant.fields["full_name"], CARD.replace("038090123456", "03809012345A"), enter=True
    )
    assert applicant.fields["full_name"].text() == ""
    assert "12 chữ số" in applicant.banner.text()


def test_organisation_typed_fields_never_carry_the_mark(qtbot, page):
    pick(qtbot, page, "ket hon")
    applicant = scan_card(qtbot, page)
    applicant.organisation.setChecked(True)
    for key in ("org_name", "full_name", "address"):
        applicant.fields[key].setText(
            "Công ty TNHH Hạc Thành" if key == "org_name" else "Lê Thị Hoa"
        )
    assert marked(applicant) <= {"id_number", "date_of_birth", "gender"}
    assert set(applicant.typed().sources) == marked(applicant)
    applicant.fields["id_number"].setText("038190123457")
    assert "id_number" not in marked(applicant)


def test_steps_show_the_procedure_and_changing_it_keeps_the_applicant(qtbot, page, store):
    """Steps 2-6 name the procedure; back to step 1 and another procedure: the typed applicant
    stays, and the first draft does not linger."""
    assert not page.procedure_label.isVisibleTo(page)
    pick(qtbot, page, "dang ky ket hon")
    assert (
        page.procedure_label.isVisibleTo(page) and "Đăng ký kết hôn" in page.procedure_label.text()
    )
    applicant = scan_card(qtbot, page)
    first = page.dossier.id
    qtbot.mouseClick(page.back, Qt.MouseButton.LeftButton)
    assert page.stack.currentIndex() == 0 and not page.procedure_label.isVisibleTo(page)
    pick(qtbot, page, "chung thuc ban sao")
    qtbot.waitUntil(lambda: page.dossier.id != first, timeout=5000)
    assert "hứng thực" in page.procedure_label.text()
    assert applicant.fields["full_name"].text() == "NGUYỄN VĂN AN"
    assert applicant.marks["id_number"].isVisibleTo(applicant)
    with store.sessions.begin() as s:
        assert s.scalars(select(Dossier.id)).all() == [page.dossier.id]
    forward(qtbot, page, 2)
    assert page.dossier.applicant.full_name == "NGUYỄN VĂN AN"
    assert page.procedure_label.isVisibleTo(page)


def test_supplement_request_does_not_need_the_e_form(qtbot, page):
    """Papers are missing: the supplement request is printed from the papers step, with the e-form
    left empty (the applicant fills it when they come back)."""
    from ui.reception.supplement_dialog import SupplementDialog

    pick(qtbot, page, "kết hôn")
    scan_card(qtbot, page)
    forward(qtbot, page, 2)
    assert page.supplement_now.isVisibleTo(page)
    page.steps[2].spins[page.dossier.items[0].id][0].setValue(1)
    qtbot.mouseClick(page.supplement_now, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.findChild(SupplementDialog) is not None, timeout=5000)
    dialog = page.findChild(SupplementDialog)
    assert dialog.boxes[page.dossier.items[1].id].isChecked()
    type_text(dialog.reason, " Mang theo bản chính khi quay lại.")
    with qtbot.waitSignal(page.sig_decided, timeout=10000) as signal:
        dialog.buttons.accepted.emit()
    assert signal.args[0].dossier.status == "supplement_requested"
    assert page.stack.currentIndex() == 5 and "bổ sung" in page.steps[5].result.text()
    assert not page.supplement_now.isVisibleTo(page)


def test_supplement_dialog_fits_a_1366x768_screen(qtbot, page, store):
    """A long checklist scrolls inside the dialog: the buttons stay on screen."""
    from dataclasses import replace

    from ui.reception.supplement_dialog import SupplementDialog

    pick(qtbot, page, "kết hôn")
    base = page.dossier.items[0]
    items = tuple(
        replace(base, id=1000 + n, name=f"Giấy tờ số {n} " + "rất dài " * 12) for n in range(24)
    )
    dossier = replace(page.dossier, items=items)
    dialog = SupplementDialog(page, dossier, page, max_height=768 - 80)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= 768 - 80
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    top_left = ok.mapTo(dialog, QPoint(0, 0))
    assert dialog.rect().contains(QRect(top_left, ok.size())) and ok.isVisible()
    last = dialog.boxes[1023]
    dialog.scroll.ensureWidgetVisible(last)
    assert last.visibleRegion().boundingRect().height() == last.height()


def test_an_error_does_not_move_the_decision_buttons(qtbot, page):
    pick(qtbot, page, "chung thuc ban sao")
    scan_card(qtbot, page)
    for index in (2, 3, 4, 5):
        forward(qtbot, page, index)
    decision = page.steps[5]
    qtbot.waitUntil(lambda: page.tasks.running == 0, timeout=5000)  # the due date row is shown
    QApplication.processEvents()  # the layouts settle
    before = decision.accept_button.mapTo(page, QPoint(0, 0))
    page.show_error_text("Không lưu được quyết định: ổ đĩa đầy. Giải phóng chỗ trống rồi thử lại.")
    assert decision.banner.isVisible()
    QApplication.processEvents()
    assert decision.accept_button.mapTo(page, QPoint(0, 0)) == before
