"""The e-form step shows the core's messages (kiosk/eform.py) next to the fields, and lets an
incomplete form go on to a supplement request (issue 9 §6)."""

from PySide6.QtCore import Qt

from kiosk import eform
from tests.ui.keys import type_text
from tests.ui.test_reception_flow import MONDAY, forward, page, pick, scan_card  # noqa: F401


def to_eform(qtbot, page):  # noqa: F811
    pick(qtbot, page, "kết hôn")
    scan_card(qtbot, page)
    forward(qtbot, page, 2)
    qtbot.mouseClick(page.steps[2].fill, Qt.MouseButton.LeftButton)  # every paper is here
    forward(qtbot, page, 3)
    return page.steps[3]


def test_step_shows_the_core_message_next_to_the_field(qtbot, page):  # noqa: F811
    step = to_eform(qtbot, page)
    type_text(step.widgets["wife_name"], "Trần Thị Bình")
    type_text(step.widgets["husband_dob"], "01/01/2010")
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    label = step.errors["husband_dob"]
    qtbot.waitUntil(lambda: label.isVisibleTo(step), timeout=3000)
    _clean, errors = eform.check(step.eform, step.raw_answers(), on=MONDAY.date(), complete=True)
    assert label.text() == errors["husband_dob"].message
    assert label.text().startswith("Bên nam phải từ đủ 20 tuổi")
    assert not step.errors["wife_name"].isVisibleTo(step)
    assert page.stack.currentIndex() == 3 and page.dossier.eform == {}  # nothing was saved

    step.widgets["husband_dob"].clear()
    type_text(step.widgets["husband_dob"], "08/12/2026")  # the day after reception
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "tương lai" in label.text(), timeout=3000)

    step.widgets["husband_dob"].clear()
    type_text(step.widgets["husband_dob"], "01/01/1990")
    forward(qtbot, page, 4)
    assert not label.isVisibleTo(step)
    assert page.dossier.eform["husband_dob"] == "01/01/1990"


def test_incomplete_form_is_pointed_out_once_then_goes_on_to_a_supplement(qtbot, page):  # noqa: F811
    step = to_eform(qtbot, page)
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Tờ khai còn thiếu" in step.banner.text(), timeout=3000)
    assert "Họ và tên bên nữ" in step.banner.text()
    assert step.errors["wife_name"].text() == "Bắt buộc phải điền."
    assert page.stack.currentIndex() == 3
    forward(qtbot, page, 4)  # Continue again: on, with the form incomplete
    assert page.dossier.eform["wife_name"] == ""
    forward(qtbot, page, 5)
    decision = page.steps[5]
    assert decision.supplement_button.isEnabled()
    assert not decision.accept_button.isEnabled()  # acceptance needs the whole form
    assert "Tờ khai còn thiếu: “Họ và tên bên nữ”" in decision.banner.text()
