"""The "Trả kết quả" page: a real signed receipt QR or a typed code finds the dossier; a forged QR
changes nothing; only an accepted dossier can be handed over."""

from dataclasses import replace
from datetime import datetime

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.services import agency_of
from kiosk.dossier_types import ACCEPTED, RESULT_READY, RETURNED
from kiosk.models import CentralStatus, OutboxItem
from kiosk.paths import AppPaths
from kiosk.receipt_qr import QrSigner, load_or_create_signing_key, public_key_pem
from printing.dossier_documents import dossier_form_data
from printing.render import render
from tests.kiosk.test_reception import PERSON
from tests.ui.records_helpers import (
    BINH,
    accepted,
    refused,
    settle,
    show_page,
    supplement_requested,
)
from ui.return_view import ReturnServices
from ui.services import narrow

LOOKUP = "https://dichvucong.thanhhoa.gov.vn/tra-cuu"
FORGED = "Chữ ký trên mã QR không hợp lệ"


@pytest.fixture
def view(qtbot, tasks, demo_config, services, session):
    from ui.return_view import ReturnView

    return show_page(
        qtbot, tasks, ReturnView(demo_config, tasks, narrow(ReturnServices, services), session)
    )


def receipt_qr(services, snap, *, lookup_url="", signer=None) -> str:
    """The exact QR text the real renderer prints on this dossier's receipt."""
    agency = replace(agency_of(services.config), lookup_url=lookup_url)
    data = dossier_form_data("receipt", snap, agency, datetime.now())
    return render("receipt", data, signer=signer or services.signer).qr_text


def scan(qtbot, tasks, view, text: str) -> None:
    """Type like a keyboard-wedge scanner: plain keys, Enter for each line break and at the end."""
    for line in text.split("\n"):
        for ch in line:
            if ch.isascii():
                qtbot.keyClicks(view.input, ch)
            else:  # a Unicode-capable wedge; QTest can only type ASCII
                QApplication.sendEvent(
                    view.input,
                    QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch),
                )
        qtbot.keyClick(view.input, Qt.Key.Key_Return)
    settle(qtbot, tasks)


def returned_events(store, dossier_id):
    with store.sessions.begin() as s:
        return s.scalars(
            select(OutboxItem.kind).where(
                OutboxItem.entity_id == dossier_id, OutboxItem.kind == "dossier.returned"
            )
        ).all()


def ready(services, version_id, applicant=PERSON):
    """An accepted dossier whose result has arrived at the desk."""
    snap = accepted(services, version_id, applicant)
    return services.returns.mark_result_ready(snap.id, None, datetime.now())


def test_scanned_receipt_qr_finds_dossier_and_records_hand_over(
    qtbot, tasks, view, version_id, store, services
):
    """The receipt's QR (URL form) typed by the scanner shows the dossier; confirming returns it."""
    snap = ready(services, version_id)
    qr = receipt_qr(services, snap, lookup_url=LOOKUP)
    assert qr.startswith(LOOKUP) and "\n" not in qr
    qtbot.keyClicks(view.input, qr)
    qtbot.keyClick(view.input, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    assert view.found is not None and view.found.from_qr.dossier_code == snap.code
    assert snap.code in view.fields["code"].text()
    assert "Nguyễn Văn An" in view.fields["applicant"].text()
    assert "Đã có kết quả" in view.fields["status"].text()
    assert f"{snap.due_date:%d/%m/%Y}" in view.fields["due"].text()
    assert view.hand_over.isVisibleTo(view) and not view.reason.isVisibleTo(view)
    assert view.recipient.text() == "Nguyễn Văn An"
    assert view.confirm_button.text() == "Xác nhận đã trả kết quả"
    with qtbot.waitSignal(view.sig_returned, timeout=10000) as signal:
        qtbot.mouseClick(view.confirm_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert signal.args == [snap.id]
    stored = services.dossiers.get(snap.id)
    assert stored.status == RETURNED
    assert stored.events[-1].note == "Trả cho người nộp hồ sơ: Nguyễn Văn An"
    assert returned_events(store, snap.id) == ["dossier.returned"]
    assert view.message.objectName() == "msgOk" and "Đã ghi nhận" in view.message.text()
    assert not view.hand_over.isVisibleTo(view) and "đã được trả kết quả" in view.reason.text()


def test_multi_line_text_qr_from_the_scanner(qtbot, tasks, view, version_id, services):
    """The default text-form QR arrives line by line (Enter per line) and is read as one."""
    snap = accepted(services, version_id)
    qr = receipt_qr(services, snap)
    assert qr.startswith("MC1\n") and qr.count("\n") >= 8
    scan(qtbot, tasks, view, qr)
    assert view.found is not None and view.found.dossier.id == snap.id
    assert view.found.from_qr.appointment == snap.due_date


def test_tampered_qr_is_refused_and_changes_nothing(
    qtbot, tasks, view, version_id, store, services
):
    """One character of the code changed (pointing at another real dossier): red message,
    nothing else."""
    first = accepted(services, version_id)
    second = accepted(services, version_id, BINH)
    qr = receipt_qr(services, first, lookup_url=LOOKUP)
    assert first.code[-1] == "1" and second.code == first.code[:-1] + "2"
    forged = qr.replace(first.code, second.code)
    assert forged != qr
    qtbot.keyClicks(view.input, forged)
    qtbot.keyClick(view.input, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    assert view.message.objectName() == "msgError" and FORGED in view.message.text()
    assert (
        view.found is None
        and not view.summary.isVisibleTo(view)
        and not view.hand_over.isVisibleTo(view)
    )
    for snap in (first, second):
        assert services.dossiers.get(snap.id).status == ACCEPTED
        assert returned_events(store, snap.id) == []


def test_qr_of_another_counter_needs_its_trusted_key(
    qtbot, tasks, view, store, version_id, tmp_path, services
):
    """A QR signed by another counter is refused until its public key is in keys/trusted/."""
    snap = accepted(services, version_id)
    other = QrSigner(load_or_create_signing_key(tmp_path / "other-counter.pem"))
    qr = receipt_qr(services, snap, lookup_url=LOOKUP, signer=other)
    qtbot.keyClicks(view.input, qr)
    qtbot.keyClick(view.input, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    assert "danh sách tin cậy" in view.message.text() and view.found is None
    trusted = AppPaths(store.folder).trusted_keys
    trusted.mkdir(parents=True)
    (trusted / "quay-2.pem").write_bytes(public_key_pem(other.public_key))
    (trusted / "broken.pem").write_text("not a key")  # skipped, does not block the others
    qtbot.keyClicks(view.input, qr)
    qtbot.keyClick(view.input, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    assert view.found is not None and view.found.dossier.id == snap.id


def test_typed_code_and_authorised_recipient(qtbot, tasks, view, version_id, services):
    """A typed code works; an authorised recipient must be named and differ from the applicant."""
    snap = ready(services, version_id)
    qtbot.keyClicks(view.input, snap.code.lower())
    qtbot.keyClick(view.input, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    assert (
        view.found is not None and view.found.from_qr is None and view.hand_over.isVisibleTo(view)
    )
    view.authorised.setChecked(True)
    assert view.recipient.text() == ""
    qtbot.keyClicks(view.recipient, "nguyen van an")
    qtbot.mouseClick(view.confirm_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert (
        view.message.objectName() == "msgError"
        and "người được ủy quyền" in view.message.text().lower()
    )
    assert services.dossiers.get(snap.id).status == RESULT_READY
    view.recipient.setText("Lê Thị Cúc")
    qtbot.keyClick(view.recipient, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    stored = services.dossiers.get(snap.id)
    assert (
        stored.status == RETURNED
        and stored.events[-1].note == "Trả cho người được ủy quyền: Lê Thị Cúc"
    )


@pytest.mark.parametrize(
    "make, why", [(refused, "từ chối tiếp nhận"), (supplement_requested, "chờ người nộp bổ sung")]
)
def test_dossier_not_accepted_cannot_be_returned(
    qtbot, tasks, view, version_id, make, why, store, services
):
    """Refused or waiting-for-supplement dossiers say why and offer no hand-over."""
    snap = make(services, version_id)
    with (
        store.sessions.begin() as s
    ):  # neither has a code from reception: give one to look it up by
        from kiosk.models import Dossier

        s.get(Dossier, snap.id).code = "000.31.27.H56-261205-0042"
    qtbot.keyClicks(view.input, "000.31.27.H56-261205-0042")
    qtbot.keyClick(view.input, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    assert view.found is not None and why in view.reason.text() and view.reason.isVisibleTo(view)
    assert not view.hand_over.isVisibleTo(view)
    view.confirm()  # even called directly, nothing is recorded
    settle(qtbot, tasks)
    assert services.dossiers.get(snap.id).status == snap.status


def test_unknown_code_and_garbage_get_vietnamese_messages(qtbot, tasks, view):
    for text, expected in (
        ("000.31.27.H56-261205-0077", "Không có hồ sơ mã"),
        ("xin chao", "không phải mã hồ sơ"),
    ):
        qtbot.keyClicks(view.input, text)
        qtbot.keyClick(view.input, Qt.Key.Key_Return)
        settle(qtbot, tasks)
        assert expected in view.message.text() and view.found is None
        assert view.input.text() == "" and view.input.isEnabled()


def test_signed_qr_without_a_dossier_code_says_there_is_no_result(qtbot, tasks, view, services):
    """A genuine QR of a paper for a dossier that never got a code (a supplement request or a
    refusal) has nothing to return."""
    from kiosk.receipt_qr import QrPayload

    payload = QrPayload(
        "",
        "1.001193",
        "038090123456",
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "Một cửa",
        datetime.now(),
    )
    qr = services.signer.sign(payload, lookup_url=LOOKUP)
    qtbot.keyClicks(view.input, qr)
    qtbot.keyClick(view.input, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    assert "không phải giấy tiếp nhận" in view.message.text() and view.found is None


def test_refusal_notice_has_no_qr_to_scan(version_id, services):
    """A refusal notice has no dossier code, so it prints no QR (no QR with an empty HS=) and the
    return desk never sees one."""
    snap = refused(services, version_id)
    agency = replace(agency_of(services.config), lookup_url=LOOKUP)
    data = dossier_form_data("refusal", snap, agency, datetime.now())
    assert render("refusal", data, signer=services.signer).qr_text == ""


def find(qtbot, tasks, view, code: str) -> None:
    view.input.setFocus()  # the officer clicks into the scan field (focus was on the recipient)
    qtbot.keyClicks(view.input, code)
    qtbot.keyClick(view.input, Qt.Key.Key_Return)
    settle(qtbot, tasks)


def test_pasted_qr_ending_with_a_line_break_then_a_typed_code(
    qtbot, tasks, view, version_id, services
):
    """A pasted text QR with a final line break is read; Enter keeps working afterwards."""
    first, second = ready(services, version_id), ready(services, version_id, BINH)
    QApplication.clipboard().setText(receipt_qr(services, first) + "\n")
    view.input.setFocus()
    qtbot.keyClick(view.input, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.input, Qt.Key.Key_Return)
    settle(qtbot, tasks)
    assert view.found is not None and view.found.dossier.id == first.id
    find(qtbot, tasks, view, second.code)
    assert view.found is not None and view.found.dossier.id == second.id, view.message.text()


def test_an_interrupted_scan_is_forgotten(qtbot, tasks, view, version_id, services):
    """Half a text QR, then the pause: the next typed code is read on its own."""
    snap = ready(services, version_id)
    for line in ("MC1", "HS=000.31.27.H56-261205-0001"):
        qtbot.keyClicks(view.input, line)
        qtbot.keyClick(view.input, Qt.Key.Key_Return)
    assert view.input.collecting
    view.input._forget.timeout.emit()  # the pause, without waiting for it
    assert not view.input.collecting
    find(qtbot, tasks, view, snap.code)
    assert view.found is not None and view.found.dossier.id == snap.id


def test_a_new_read_clears_the_dossier_on_screen(qtbot, tasks, view, version_id, services):
    """As soon as the next scan starts, the previous dossier cannot be handed over any more."""
    first = ready(services, version_id)
    find(qtbot, tasks, view, first.code)
    assert view.confirm_button.isEnabled()
    qtbot.keyClicks(view.input, "M")
    assert view.found is None and not view.hand_over.isVisibleTo(view)
    assert not view.confirm_button.isEnabled()
    view.confirm()
    settle(qtbot, tasks)
    assert services.dossiers.get(first.id).status != RETURNED


def test_result_not_ready_needs_an_explicit_early_hand_over(
    qtbot, tasks, view, version_id, services
):
    """Minutes after acceptance: no hand-over unless the officer confirms it early with a reason,
    or records that the result has arrived."""
    snap = accepted(services, version_id)
    find(qtbot, tasks, view, snap.code)
    assert view.hand_over.isVisibleTo(view) and view.not_ready.isVisibleTo(view)
    assert "chưa được ghi nhận là đã có" in view.not_ready.text()
    assert not view.confirm_button.isEnabled()
    view.confirm()
    settle(qtbot, tasks)
    assert services.dossiers.get(snap.id).status == ACCEPTED
    view.early.setChecked(True)
    assert view.early_reason.isVisibleTo(view) and not view.confirm_button.isEnabled()
    view.early_reason.setText("Người nộp cần gấp, lãnh đạo đồng ý")
    assert view.confirm_button.isEnabled()
    qtbot.mouseClick(view.confirm_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    stored = services.dossiers.get(snap.id)
    assert stored.status == RETURNED and "trả sớm" in stored.events[-1].note


def test_recording_the_result_as_ready_enables_the_hand_over(
    qtbot, tasks, view, version_id, services
):
    snap = accepted(services, version_id)
    find(qtbot, tasks, view, snap.code)
    qtbot.mouseClick(view.ready_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert view.found.dossier.status == RESULT_READY and not view.not_ready.isVisibleTo(view)
    assert view.confirm_button.isEnabled()


def test_result_ready_at_the_central_system_is_ready_for_hand_over(
    qtbot, tasks, view, version_id, services, store
):
    """A "result_ready" pulled from the central system (stored as sync/pulls.py stores it): the
    desk says ready for hand-over and needs no early confirmation."""
    snap = accepted(services, version_id)
    with store.sessions.begin() as s:
        s.add(CentralStatus(dossier_id=snap.id, code=snap.code, status=RESULT_READY, at="x"))
    find(qtbot, tasks, view, snap.code)
    assert "Đã có kết quả — sẵn sàng trả" in view.fields["status"].text()
    assert not view.not_ready.isVisibleTo(view) and not view.ready_button.isVisibleTo(view)
    assert view.confirm_button.isEnabled()
    qtbot.mouseClick(view.confirm_button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    stored = services.dossiers.get(snap.id)
    assert stored.status == RETURNED and "trả sớm" not in stored.events[-1].note
    other = accepted(services, version_id, BINH)  # not ready anywhere: as before
    find(qtbot, tasks, view, other.code)
    assert "Đã tiếp nhận" in view.fields["status"].text() and view.not_ready.isVisibleTo(view)


def test_a_message_does_not_move_the_confirm_button(qtbot, tasks, view, version_id, services):
    snap = ready(services, version_id)
    find(qtbot, tasks, view, snap.code)
    view.authorised.setChecked(True)
    view.recipient.setText("Nguyễn Văn An")
    QApplication.processEvents()  # the layouts settle
    before = view.confirm_button.mapTo(view, QPoint(0, 0))
    qtbot.mouseClick(view.confirm_button, Qt.MouseButton.LeftButton)
    assert view.message.isVisible() and view.message.objectName() == "msgError"
    QApplication.processEvents()
    assert view.confirm_button.mapTo(view, QPoint(0, 0)) == before
