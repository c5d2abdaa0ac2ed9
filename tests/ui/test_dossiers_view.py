"""The "Hồ sơ" page: today's list, Vietnamese labels, search, due colours, detail,
open and reprint."""

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from kiosk.dossier_types import ACCEPTED, RESULT_READY, RETURNED
from kiosk.models import CentralStatus
from tests.ui.records_helpers import (
    BINH,
    accepted,
    draft,
    refused,
    settle,
    show_page,
    update_dossier,
)
from ui.dossiers_view import DossiersServices
from ui.services import narrow


@pytest.fixture
def view(qtbot, tasks, demo_config, services, session):
    from ui.dossiers_view import DossiersView

    page = DossiersView(demo_config, tasks, narrow(DossiersServices, services), session)
    return show_page(qtbot, tasks, page)


def reload(qtbot, tasks, view):
    view.refresh()
    settle(qtbot, tasks)


def column(view, col, role=Qt.ItemDataRole.DisplayRole):
    m = view.model
    return [m.data(m.index(r, col), role) for r in range(m.rowCount())]


def select(qtbot, tasks, view, dossier_id):
    view.table.selectRow(view.model.row_of(dossier_id))
    settle(qtbot, tasks)
    assert view.detail.snapshot is not None and view.detail.snapshot.id == dossier_id


def test_list_shows_accepted_and_refused_with_vietnamese_labels(
    qtbot, qtmodeltester, tasks, view, version_id
):
    """Decided dossiers of today appear with their Vietnamese status, code and due date."""
    ok = accepted(view.services, version_id)
    no = refused(view.services, version_id, BINH)
    reload(qtbot, tasks, view)
    qtmodeltester.check(view.model)
    m = view.model
    assert [m.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Mã hồ sơ",
        "Người nộp",
        "Thủ tục",
        "Trạng thái",
        "Ngày nhận",
        "Hẹn trả",
    ]
    rows = {r[1]: r for r in zip(*(column(view, c) for c in range(6)))}
    assert rows["Nguyễn Văn An"][0] == ok.code
    assert rows["Nguyễn Văn An"][2:4] == ("Đăng ký khai sinh", "Đã tiếp nhận")
    assert rows["Nguyễn Văn An"][5] == f"{ok.due_date:%d/%m/%Y}"
    assert rows["Trần Thị Bình"][3] == "Từ chối tiếp nhận" and no.code is None
    assert rows["Trần Thị Bình"][0] == "(chưa có mã)" and rows["Trần Thị Bình"][5] == ""
    assert view.status.text() == "2 hồ sơ"


def test_filters_by_period_and_status(qtbot, tasks, view, version_id, store):
    """Today by default; an older dossier appears under 7 days;
    the status filter narrows the list."""
    old = accepted(view.services, version_id)
    update_dossier(store, old.id, created_at=datetime.now() - timedelta(days=3))
    new = refused(view.services, version_id, BINH)
    reload(qtbot, tasks, view)

    def ids():
        return [view.model.row_id(r) for r in range(view.model.rowCount())]

    assert ids() == [new.id]
    view.period.setCurrentIndex(view.period.findData("week"))
    settle(qtbot, tasks)
    assert set(ids()) == {old.id, new.id}
    view.status_filter.setCurrentIndex(view.status_filter.findData(ACCEPTED))
    settle(qtbot, tasks)
    assert ids() == [old.id]
    view.period.setCurrentIndex(view.period.findData("today"))
    settle(qtbot, tasks)
    assert ids() == []


def test_search_as_you_type_by_unaccented_name_code_and_id(qtbot, tasks, view, version_id):
    """Typing "tran thi binh" finds Trần Thị Bình; the code and the ID number find their dossier."""
    an = accepted(view.services, version_id)
    binh = accepted(view.services, version_id, BINH)
    reload(qtbot, tasks, view)
    assert view.model.rowCount() == 2
    qtbot.keyClicks(view.search, "tran thi binh")
    qtbot.waitUntil(lambda: column(view, 1) == ["Trần Thị Bình"], timeout=5000)
    view.search.setText(an.code)
    qtbot.waitUntil(lambda: column(view, 0) == [an.code], timeout=5000)
    view.search.setText("001192012345")
    qtbot.waitUntil(lambda: column(view, 0) == [binh.code], timeout=5000)
    view.search.setText("không có ai tên này")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)
    assert "Không có hồ sơ" in view.status.text()


def test_ctrl_f_focuses_search(qtbot, view):
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()


def test_due_dates_late_red_soon_amber(qtbot, tasks, view, version_id, store):
    """Late and not returned: red; due today or next working day: amber; returned or far off:
    none."""
    today = date.today()
    nxt = view.services.calendar.next_working_day(today)
    late, due_today, due_next, later, done = (accepted(view.services, version_id) for _ in range(5))
    update_dossier(store, late.id, due_date=today - timedelta(days=1))
    update_dossier(store, due_today.id, due_date=today)
    update_dossier(store, due_next.id, due_date=nxt)
    update_dossier(store, later.id, due_date=nxt + timedelta(days=20))
    update_dossier(store, done.id, due_date=today - timedelta(days=5), status=RETURNED)
    reload(qtbot, tasks, view)
    m = view.model
    flags = {m.data(m.index(r, 0)): m.data(m.index(r, 5), m.FLAG_ROLE) for r in range(m.rowCount())}
    assert flags == {
        late.code: "overdue",
        due_today.code: "due_soon",
        due_next.code: "due_soon",
        later.code: None,
        done.code: None,
    }
    colours = {
        m.data(m.index(r, 0)): m.data(m.index(r, 5), Qt.ItemDataRole.ForegroundRole)
        for r in range(m.rowCount())
    }
    assert colours[late.code].color().name() == "#b42318"
    assert colours[due_today.code].color().name() == "#b54708"
    assert colours[later.code] is None and colours[done.code] is None
    select(qtbot, tasks, view, late.id)
    status_line = next(
        lb
        for lb in view.detail.widget().findChildren(type(view.status))
        if lb.objectName() == "statusLine"
    )
    assert "quá hạn" in status_line.text() and "#b42318" in status_line.text()


def test_detail_labels_voluntary_papers_and_card_fields(qtbot, tasks, view, version_id):
    """The detail shows the checklist state, voluntary papers marked as such,
    fields read from the card."""
    snap = accepted(view.services, version_id, voluntary="Bản sao sổ hộ khẩu cũ")
    reload(qtbot, tasks, view)
    select(qtbot, tasks, view, snap.id)
    from PySide6.QtWidgets import QLabel

    labels = view.detail.widget().findChildren(QLabel)
    voluntary = [lb.text() for lb in labels if lb.objectName() == "voluntaryItem"]
    required = [lb.text() for lb in labels if lb.objectName() == "item"]
    assert len(voluntary) == 1 and "Bản sao sổ hộ khẩu cũ" in voluntary[0]
    assert "nộp thêm (tự nguyện)" in voluntary[0]
    assert all("tự nguyện" not in t for t in required) and "Giấy chứng sinh" in " ".join(required)
    assert any("Đủ" in t or "đủ" in t for t in required)
    assert [lb.text() for lb in labels if lb.objectName() == "cardTag"] == ["đọc từ thẻ CCCD"]
    events = [lb.text() for lb in labels if lb.objectName() == "event"]
    assert len(events) == 2 and "Đã tiếp nhận" in events[1]
    assert any("Đăng ký khai sinh" in lb.text() and "phiên bản 1" in lb.text() for lb in labels)


def test_reprint_adds_a_copy_document(qtbot, tasks, view, version_id):
    """ "In lại (bản sao)" stores a second receipt marked as a copy and says so."""
    snap = accepted(view.services, version_id)
    reload(qtbot, tasks, view)
    select(qtbot, tasks, view, snap.id)
    from PySide6.QtWidgets import QPushButton

    buttons = [
        b
        for b in view.detail.widget().findChildren(QPushButton)
        if b.objectName() == "reprintDocument"
    ]
    assert [b.text() for b in buttons] == ["In lại (bản sao)"]
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    docs = view.services.dossiers.get(snap.id).documents
    assert [(d.kind, d.is_copy) for d in docs] == [("receipt", False), ("receipt", True)]
    assert "bản sao" in view.detail.message.text() and view.detail.message.objectName() == "msgOk"
    assert (
        len(
            [
                b
                for b in view.detail.widget().findChildren(QPushButton)
                if b.objectName() == "reprintDocument"
            ]
        )
        == 2
    )


def test_open_shows_the_stored_pdf(qtbot, tasks, view, version_id, monkeypatch):
    """ "Mở" hands the blob's file to the desktop PDF viewer."""
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    snap = accepted(view.services, version_id)
    reload(qtbot, tasks, view)
    select(qtbot, tasks, view, snap.id)
    from PySide6.QtWidgets import QPushButton

    button = next(
        b
        for b in view.detail.widget().findChildren(QPushButton)
        if b.objectName() == "openDocument"
    )
    assert button.text() == "Mở"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    path = view.services.blobs.path(snap.documents[0].pdf_sha256)
    assert [u.toLocalFile() for u in opened] == [str(path)]
    assert path.read_bytes().startswith(b"%PDF")


def test_a_digitised_paper_opens_from_the_detail(
    qtbot, tasks, view, version_id, store, monkeypatch
):
    """A paper with a sealed scan has "Mở bản số hóa", which hands that PDF to the viewer."""
    from PySide6.QtWidgets import QLabel, QPushButton

    from kiosk.models import DossierItem, PaperTextLayer

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    snap = accepted(view.services, version_id)
    sealed = b"%PDF-1.7\n% a sealed scan stands in here\n%%EOF\n"
    with store.sessions.begin() as s:
        sha = view.services.blobs.put(s, sealed, "application/pdf")
        s.get(DossierItem, snap.items[0].id).pdf_sha256 = sha
        s.add(PaperTextLayer(sealed_sha256=sha, status="skipped", message="thiếu Tesseract"))
    reload(qtbot, tasks, view)
    select(qtbot, tasks, view, snap.id)
    buttons = [
        b for b in view.detail.widget().findChildren(QPushButton) if b.objectName() == "openSealed"
    ]
    assert [b.text() for b in buttons] == ["Mở bản số hóa"]  # only the digitised paper has one
    texts = [label.text() for label in view.detail.widget().findChildren(QLabel)]
    assert sum("chưa có lớp chữ: thiếu Tesseract" in t for t in texts) == 1  # its text layer
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    assert [u.toLocalFile() for u in opened] == [str(view.services.blobs.path(sha))]


def test_draft_is_listed_as_being_received(qtbot, tasks, view, version_id):
    snap = draft(view.services, version_id)
    reload(qtbot, tasks, view)
    assert column(view, 3) == ["Đang tiếp nhận"] and column(view, 0) == ["(chưa có mã)"]
    assert view.model.row_of(snap.id) == 0


def test_supplement_waiting_dossier_offers_to_take_it_up_again(qtbot, tasks, view, version_id):
    """Only a dossier waiting for papers (or a draft) has the button; it names the dossier."""
    from PySide6.QtWidgets import QPushButton

    from tests.ui.records_helpers import supplement_requested

    waiting = supplement_requested(view.services, version_id)
    done = accepted(view.services, version_id)
    reload(qtbot, tasks, view)
    select(qtbot, tasks, view, done.id)
    assert not [
        b
        for b in view.detail.widget().findChildren(QPushButton)
        if b.objectName() == "continueDossier"
    ]
    select(qtbot, tasks, view, waiting.id)
    [button] = [
        b
        for b in view.detail.widget().findChildren(QPushButton)
        if b.objectName() == "continueDossier"
    ]
    assert button.text() == "Nhận giấy tờ bổ sung"
    with qtbot.waitSignal(view.detail.sig_continue, timeout=2000) as signal:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert signal.args == [waiting.id]


def test_abandoned_draft_shows_its_age_and_can_be_discarded(
    qtbot, tasks, view, version_id, store, services
):
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from tests.kiosk.scanning.page_helpers import page_png

    snap = draft(view.services, version_id)
    scanned = services.pages.add_page(snap.id, snap.items[0].id, page_png(1))  # its page file
    update_dossier(store, snap.id, created_at=datetime.now() - timedelta(days=3))
    view.period.setCurrentIndex(view.period.findData("all"))
    reload(qtbot, tasks, view)
    assert column(view, 3) == ["Đang tiếp nhận · 3 ngày"]
    select(qtbot, tasks, view, snap.id)
    assert "bắt đầu" in view.detail.findChild(type(view.status), "statusLine").text()
    [button] = [
        b
        for b in view.detail.widget().findChildren(QPushButton)
        if b.objectName() == "discardDraft"
    ]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(b.isVisible() for b in view.findChildren(QMessageBox)), timeout=3000
    )
    box = next(b for b in view.findChildren(QMessageBox) if b.isVisible())
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    settle(qtbot, tasks)
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=5000)
    assert view.services.dossiers.search("") == []
    assert not services.blobs.path(scanned.sha256).exists()  # no scan of it left on disk


def test_result_ready_at_the_central_system_is_listed_as_ready(
    qtbot, tasks, view, version_id, store
):
    """An accepted dossier whose pulled central status is "result_ready" is listed as ready for
    hand-over (kiosk.returns.is_ready); one the centre only has as accepted is not."""
    ready = accepted(view.services, version_id)
    waiting = accepted(view.services, version_id, BINH)
    with store.sessions.begin() as s:
        s.add(CentralStatus(dossier_id=ready.id, code=ready.code, status=RESULT_READY, at="x"))
        s.add(CentralStatus(dossier_id=waiting.id, code=waiting.code, status=ACCEPTED, at="x"))
    reload(qtbot, tasks, view)
    status = dict(zip(column(view, 0), column(view, 3), strict=True))
    assert status == {
        ready.code: "Đã có kết quả — sẵn sàng trả",
        waiting.code: "Đã tiếp nhận",
    }
