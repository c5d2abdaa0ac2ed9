"""Every path of the citizen kiosk through pytest-qt, with the stranger's tap count from home
(each main task at most 4 taps: issue 13, done means)."""

from __future__ import annotations

from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from kiosk.receipt_qr import QrPayload, QrSigner
from kiosk.timeutil import VIETNAM
from tests.factories import add_procedure, complete_draft, make_reception
from tests.ui.citizen.conftest import CARD, citizen_services
from tests.ui.citizen.helpers import to_home, wedge

MAX_TAPS = 4


def _accepted(store, tmp_path):
    reception = make_reception(store, tmp_path)
    version = add_procedure(store, code="9.000001", name="Thủ tục thử")
    snap = complete_draft(reception, version)
    return reception.accept(snap.id, None, datetime(2026, 12, 7, 9, 30, tzinfo=VIETNAM)).dossier


def test_find_by_life_event_and_print_the_checklist_in_four_taps(window, qtbot):
    taps = to_home(window, qtbot)
    taps.tap(window.page("home").choices["find"])
    find = window.page("find")
    qtbot.waitUntil(lambda: len(find.buttons) >= 4, timeout=10000)
    assert {"Khai sinh", "Kết hôn", "Tạm trú"} <= {b.text() for b in find.buttons}
    taps.tap(next(b for b in find.buttons if b.text() == "Khai sinh"))
    qtbot.waitUntil(lambda: find.heading.text() == "Khai sinh", timeout=10000)
    qtbot.wait(50)
    taps.tap(find.buttons[0])
    page = window.page("procedure")
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10000)
    assert window.current_name() == "procedure"
    shown = " ".join(w.text() for w in page.sections)
    assert "Giấy tờ cần nộp" in shown and "Lệ phí" in shown and "Thời hạn giải quyết" in shown
    assert "Nơi nộp hồ sơ" in shown
    taps.tap(page.print_button)
    qtbot.waitUntil(lambda: page.message.text().startswith("Đã in"), timeout=20000)
    assert taps.count <= MAX_TAPS
    printed = list(window.services.papers.handout_printer.folder.glob("*.pdf"))
    assert len(printed) == 1


def test_search_typed_on_the_onscreen_keyboard_without_accents(window, qtbot):
    taps = to_home(window, qtbot)
    taps.tap(window.page("home").choices["find"])
    find = window.page("find")
    taps.tap(find.keyboard_button)
    for ch in "ket hon":
        key = find.keyboard.space_key if ch == " " else find.keyboard.keys[ch]
        qtbot.mouseClick(key, Qt.MouseButton.LeftButton)
    assert find.search_box.text() == "ket hon"
    qtbot.waitUntil(lambda: find.heading.text() == "Kết quả" and bool(find.buttons), timeout=10000)
    assert any("kết hôn" in b.text().lower() for b in find.buttons)
    qtbot.mouseClick(find.keyboard.clear_key, Qt.MouseButton.LeftButton)
    for ch in "zzqqxx":
        qtbot.mouseClick(find.keyboard.keys[ch], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Không tìm thấy" in find.status.text(), timeout=10000)


def test_procedure_page_in_plain_words_with_conditional_papers(window, qtbot):
    window.go("procedure", code="1.001193")
    page = window.page("procedure")
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10000)
    shown = "\n".join(w.text() for w in page.sections)
    assert "Giấy tờ chỉ cần trong trường hợp" in shown
    assert "Trẻ bị bỏ rơi" in shown  # a condition, next to its paper
    assert "Miễn lệ phí" in shown
    assert "A – Hộ tịch, chứng thực" in shown  # where to go: the service area


def test_take_a_ticket_in_two_taps_printed_through_escpos(window, qtbot, tmp_path):
    from escpos.printer import File

    from printing.backends import EscposPrinter

    out = tmp_path / "escpos.bin"
    device = File(str(out))
    window.services.papers.ticket_printer = EscposPrinter(device)
    taps = to_home(window, qtbot)
    taps.tap(window.page("home").choices["ticket"])
    page = window.page("ticket")
    taps.tap(page.area_buttons["A"])
    qtbot.waitUntil(lambda: page.issued is not None, timeout=10000)
    assert taps.count <= MAX_TAPS
    assert page.number.text() == "A001"
    assert "Số người đang chờ trước ông/bà: 0" in page.details.text()
    assert "09:00 07/12/2026" in page.details.text()
    device.close()
    raw = out.read_bytes()
    assert raw.startswith(b"\x1dv0\x00") and raw.endswith(b"\x1dV\x00")


def test_ticket_as_pdf_and_people_ahead(window, qtbot):
    page = window.page("ticket")
    window.go("ticket")
    qtbot.mouseClick(page.area_buttons["B"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.issued is not None, timeout=10000)
    qtbot.mouseClick(page.area_buttons["A"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.issued.label == "A001", timeout=10000)
    assert "Số người đang chờ trước ông/bà: 1" in page.details.text()
    assert "Phiếu đã in" in page.message.text()
    assert sorted(p.name for p in window.services.papers.spooled()) == [
        "ticket-A001.pdf",
        "ticket-B001.pdf",
    ]


def test_office_closed_says_so(qtbot, kiosk_app, tasks, app_services):
    from ui.citizen.window import CitizenWindow

    sunday = datetime(2026, 12, 6, 10, 0, tzinfo=VIETNAM)
    w = CitizenWindow(tasks, citizen_services(app_services, clock=lambda: sunday))
    qtbot.addWidget(w)
    w.show()
    w.go("ticket")
    page = w.page("ticket")
    assert "ngoài giờ làm việc" in page.message.text()
    assert not any(b.isEnabled() for b in page.area_buttons.values())
    w._allow_close = True


def test_card_qr_scan_starts_a_ticket_and_keeps_nothing(window, qtbot):
    to_home(window, qtbot)
    wedge(qtbot, window, CARD)
    qtbot.waitUntil(lambda: window.current_name() == "ticket", timeout=5000)
    assert "xin chào An" in window.page("ticket").greeting.text()
    assert "038090123456" not in window.visible_texts()


def test_look_up_by_receipt_qr_scan_in_one_tap(window, qtbot, store, tmp_path):
    dossier = _accepted(store, tmp_path)
    signer = window.services.papers.signer
    qr = signer.sign(
        QrPayload(dossier.code, "9.000001", "038090123456", "Giấy tiếp nhận", "HT", datetime.now())
    )
    taps = to_home(window, qtbot)
    taps.tap(window.page("home").choices["lookup"])
    wedge(qtbot, window, qr)
    page = window.page("lookup")
    qtbot.waitUntil(lambda: page.facts is not None, timeout=10000)
    assert taps.count <= MAX_TAPS
    text = page.result.text()
    assert dossier.code in text and "Thủ tục thử" in text and "Đã tiếp nhận" in text
    assert "Theo dữ liệu tại Bộ phận Một cửa" in text  # the central system is not reachable
    assert "038090123456" not in window.visible_texts()
    assert "Nguyễn" not in window.visible_texts()


def test_look_up_by_typed_code(window, qtbot, store, tmp_path):
    dossier = _accepted(store, tmp_path)
    window.go("lookup")
    page = window.page("lookup")
    page.code_box.setText(dossier.code.lower())
    qtbot.mouseClick(page.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.facts is not None, timeout=10000)
    assert dossier.code in page.result.text()


def test_forged_receipt_qr_gets_a_clear_message(window, qtbot, store, tmp_path):
    dossier = _accepted(store, tmp_path)
    forger = QrSigner(Ed25519PrivateKey.generate())
    payload = QrPayload(dossier.code, "9.000001", "1", "Giấy tiếp nhận", "HT", datetime.now())
    genuine = window.services.papers.signer.sign(payload)
    page = window.page("lookup")
    for qr, words in (
        (forger.sign(payload), "khóa không có trong danh sách tin cậy"),
        (genuine.replace("TT=9.000001", "TT=9.000002"), "giả mạo"),
    ):
        window.go("home")
        wedge(qtbot, window, qr)
        qtbot.waitUntil(lambda w=words: w in page.message.text(), timeout=10000)
        assert page.message.isVisible() and page.facts is None
        assert dossier.code not in page.result.text()
    page.code_box.setText("000.31.27.H56-261207-0999")
    qtbot.mouseClick(page.go_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Không tìm thấy hồ sơ" in page.message.text(), timeout=10000)


def test_rate_a_dossier_with_big_choices(window, qtbot, store, tmp_path):
    from sqlalchemy import select

    from kiosk.models import OutboxItem, Rating

    dossier = _accepted(store, tmp_path)
    taps = to_home(window, qtbot)
    taps.tap(window.page("home").choices["rate"])
    page = window.page("rate")
    page.code_box.setText(dossier.code)
    taps.tap(page.find_button)
    qtbot.waitUntil(lambda: page.target is not None, timeout=10000)
    assert page.for_label.text() == f"Đánh giá cho {dossier.code}"
    by_text = {b.text(): b for b, _c in page.choice_buttons}
    taps.tap(by_text["Đúng hẹn"])
    taps.tap(by_text["Nhiệt tình, chu đáo"])
    taps.tap(page.send_button)
    qtbot.waitUntil(lambda: "Cảm ơn" in page.message.text(), timeout=10000)
    with store.sessions.begin() as s:
        rating = s.scalars(select(Rating)).one()
        assert rating.answers == {"time": 1, "attitude": 2}
        assert s.scalars(select(OutboxItem).where(OutboxItem.kind == "rating")).one()


def test_language_font_and_contrast_switches(window, qtbot):
    to_home(window, qtbot)
    home = window.page("home")
    assert home.choices["find"].text().startswith("Tìm thủ tục")
    qtbot.mouseClick(window.bar_buttons["language"], Qt.MouseButton.LeftButton)
    assert home.choices["find"].text().startswith("Find a procedure")
    assert window.bar_buttons["language"].text() == "Tiếng Việt"
    size_before = home.choices["find"].font().pixelSize()
    qtbot.mouseClick(window.bar_buttons["bigger"], Qt.MouseButton.LeftButton)
    assert "font-size: 28px" in window.styleSheet() and size_before != 28
    qtbot.mouseClick(window.bar_buttons["contrast"], Qt.MouseButton.LeftButton)
    assert "#000000" in window.styleSheet() and "#ffff00" in window.styleSheet()


def test_no_way_out_for_the_public(window, qtbot):
    window.close()
    assert window.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()


def test_technician_exit_needs_a_technician_pin_and_is_audited(window, qtbot, store):
    from sqlalchemy import select

    from kiosk.models import AuditEvent
    from kiosk.officers import OfficerService

    officers = OfficerService(store.sessions)
    officers.create("ky-thuat", "Lê Văn Kỹ", "technician", "pin-ky-thuat-1")
    officers.create("lan", "Trần Thị Lan", "officer", "pin-can-bo-1")
    for _ in range(5):
        qtbot.mouseClick(window.agency, Qt.MouseButton.LeftButton)
    assert window.current_name() == "technician"
    page = window.page("technician")
    exits = []
    window.sig_technician_exit.connect(exits.append)
    for user, pin, words in (
        ("lan", "pin-can-bo-1", "Chỉ kỹ thuật viên"),
        ("ky-thuat", "sai", "Sai tên đăng nhập hoặc mã PIN"),
    ):
        page.user_box.setText(user)
        page.pin_box.setText(pin)
        qtbot.mouseClick(page.exit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda w=words: w in page.message.text(), timeout=10000)
        assert window.isVisible() and not exits
    page.user_box.setText("ky-thuat")
    page.pin_box.setText("pin-ky-thuat-1")
    qtbot.mouseClick(page.exit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(exits), timeout=10000)
    assert not window.isVisible()
    with store.sessions.begin() as s:
        actions = list(s.scalars(select(AuditEvent.action)))
    assert "officer.kiosk_exit" in actions and "officer.kiosk_exit_refused" in actions


def test_touch_targets_are_at_least_12_mm_on_every_screen(window, qtbot):
    from ui.citizen.style import mm_to_px

    minimum = mm_to_px(12)
    for size in ((1080, 1920), (1920, 1080)):
        window.resize(*size)
        for name, page in window.pages.items():
            window.go(name) if name != "procedure" else window.go(name, code="1.001193")
            qtbot.wait(30)
            for b in page.findChildren(QPushButton) + list(window.bar_buttons.values()):
                if b.isVisible():
                    assert b.height() >= minimum and b.width() >= minimum, (name, b.text())
            for box in page.findChildren(QLineEdit):
                if box.isVisible():
                    assert box.height() >= minimum, name
