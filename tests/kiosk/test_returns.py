"""The return desk's rules (Qt-free): the QR check, the applicant match and the hand-over rule."""

from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select

from kiosk.calendar import WorkCalendar
from kiosk.dossier_types import ACCEPTED, RESULT_READY, RETURNED
from kiosk.dossier_view import DossierQueries
from kiosk.errors import InvalidInput
from kiosk.models import AuditEvent, OutboxItem
from kiosk.returns import ReturnService
from tests.factories import MONDAY, make_reception
from tests.kiosk.test_reception import complete_draft

LATER = datetime(2026, 12, 7, 9, 45)  # a quarter of an hour after acceptance


@dataclass(frozen=True)
class Payload:
    dossier_code: str
    applicant_id: str
    document_name: str = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"


def fake_verify(text: str) -> Payload:
    """A stand-in for the signature check: "MC1|code|id" is genuine, anything else forged."""
    parts = text.split("|")
    if parts[0] != "MC1" or len(parts) != 3:
        raise InvalidInput("Chữ ký trên mã QR không hợp lệ.", english="Bad signature.")
    return Payload(parts[1], parts[2])


@pytest.fixture
def reception(store, tmp_path):
    return make_reception(store, tmp_path)


@pytest.fixture
def returns(store):
    return ReturnService(
        store.sessions,
        dossiers=DossierQueries(store.sessions),
        calendar=WorkCalendar(),
        verify=fake_verify,
    )


@pytest.fixture
def accepted(reception, version_id):
    return reception.accept(complete_draft(reception, version_id).id, None, MONDAY).dossier


def kinds(store, dossier_id):
    with store.sessions.begin() as s:
        return s.scalars(
            select(OutboxItem.kind)
            .where(OutboxItem.entity_id == dossier_id)
            .order_by(OutboxItem.id)
        ).all()


def test_minutes_after_acceptance_the_result_cannot_be_handed_over(store, returns, accepted):
    with pytest.raises(InvalidInput, match="chưa được ghi nhận là đã có kết quả"):
        returns.hand_over(accepted.id, None, "Nguyễn Văn An", False, LATER)
    with pytest.raises(InvalidInput, match="lý do trả sớm"):
        returns.hand_over(accepted.id, None, "Nguyễn Văn An", False, LATER, early_reason="gấp")
    assert returns.look_up(accepted.code, LATER.date()).dossier.status == ACCEPTED
    assert kinds(store, accepted.id) == ["dossier.accepted"]


def test_result_ready_then_hand_over(store, returns, accepted):
    ready = returns.mark_result_ready(accepted.id, None, LATER)
    assert ready.status == RESULT_READY and ready.events[-1].note == "Đã nhận kết quả giải quyết"
    done = returns.hand_over(ready.id, None, "  Nguyễn   Văn An ", False, LATER)
    assert (
        done.status == RETURNED and done.events[-1].note == "Trả cho người nộp hồ sơ: Nguyễn Văn An"
    )
    assert kinds(store, accepted.id) == [
        "dossier.accepted",
        "dossier.result_ready",
        "dossier.returned",
    ]
    with pytest.raises(InvalidInput, match="không ở trạng thái chờ trả"):
        returns.hand_over(done.id, None, "Nguyễn Văn An", False, LATER)
    with pytest.raises(InvalidInput, match="Chỉ hồ sơ đã tiếp nhận"):
        returns.mark_result_ready(done.id, None, LATER)


def test_early_hand_over_is_explicit_and_recorded(store, returns, accepted):
    reason = "Người nộp đi công tác xa, lãnh đạo đồng ý trả sớm"
    done = returns.hand_over(accepted.id, None, "Lê Thị Cúc", True, LATER, early_reason=reason)
    assert done.status == RETURNED
    assert done.events[-1].note == (
        "Trả cho người được ủy quyền: Lê Thị Cúc (trả sớm, trước khi "
        f"ghi nhận có kết quả; lý do: {reason})"
    )
    with store.sessions.begin() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "dossier.returned")).one()
        assert event.entity == f"dossier:{accepted.id}"
        assert event.details == {"authorised": True, "early": True}


def test_look_up_by_code_and_qr(returns, accepted):
    assert returns.look_up(accepted.code.lower(), MONDAY.date()).from_qr is None
    found = returns.look_up(f"MC1|{accepted.code}|{accepted.applicant.id_number}", MONDAY.date())
    assert found.dossier.id == accepted.id and found.from_qr.dossier_code == accepted.code
    assert found.needs_early_confirmation and found.can_hand_over


def test_look_up_judges_the_due_date_as_the_lists_do(returns, accepted):
    """Past its due date is overdue, also on a day off, as the dossier list says."""
    from datetime import timedelta

    from kiosk.deadlines import DueState

    due = accepted.due_date
    on_due = returns.look_up(accepted.code, due)
    assert on_due.due is DueState.DUE_SOON and on_due.late_working_days == 0
    day_off = due + timedelta(days=1)
    while WorkCalendar().is_working_day(day_off):
        day_off += timedelta(days=1)
    after = returns.look_up(accepted.code, day_off)
    assert after.due is DueState.OVERDUE
    assert returns.look_up(accepted.code, due - timedelta(days=30)).due is not DueState.OVERDUE


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "Hãy quét mã QR"),
        ("MC1|forged", "Chữ ký trên mã QR không hợp lệ"),
        ("MC1||038090123456", "không phải giấy tiếp nhận"),
    ],
)
def test_look_up_refuses_bad_input(returns, accepted, text, words):
    with pytest.raises(InvalidInput, match=words):
        returns.look_up(text, MONDAY.date())


def test_qr_of_another_applicant_is_refused(returns, accepted):
    with pytest.raises(InvalidInput, match="khác số định danh người nộp"):
        returns.look_up(f"MC1|{accepted.code}|001192012345", MONDAY.date())
