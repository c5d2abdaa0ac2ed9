"""Where one dossier stands with the central system, in Vietnamese for its detail pane (Qt-free: the
widget only displays the lines).

Two facts, kept apart because they mean different things to the officer:

- **sync**: how this machine's changes of the dossier travel (its outbox items rolled up, the worst
  state first: conflict, refused, sending, retry later, queued, received, confirmed), with the
  last error and the time of the next attempt when it waits;
- **centre**: the status the central system last reported for it (pulled), and when:
  "Trung tâm: đã có kết quả — 07/12 10:05".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.dossier_types import STATUS_LABELS, DossierStatus
from kiosk.models import CentralStatus, OutboxItem
from kiosk.timeutil import to_vietnam_time
from sync.engine import DONE, ROLLUP_RANK

SYNC_LABELS = {
    "queued": "chờ gửi lên hệ thống trung tâm",
    "uploading": "đang gửi",
    "acknowledged": "đã gửi, hệ thống trung tâm đã nhận",
    "confirmed": "hệ thống trung tâm đã xác nhận",
    "retry_later": "chưa gửi được, sẽ thử lại",
    "failed": "bị hệ thống trung tâm từ chối, cần xử lý",
    "conflict": "xung đột với bản trên hệ thống trung tâm, cần xử lý",
}
NEED_A_PERSON = ("failed", "conflict")


@dataclass(frozen=True)
class DossierSync:
    state: str | None  # rolled up (ROLLUP_ORDER); None: nothing of it to send (a draft)
    changes: int  # outbox items of the dossier
    waiting: int  # of them not yet received by the central system
    last_error: str | None  # of the item in the rolled-up state that changed last
    next_attempt_at: datetime | None  # when it is retried (retry later)
    central_status: str | None  # as the central system last reported it (pulled)
    central_at: datetime | None  # when the central system set it

    @property
    def needs_a_person(self) -> bool:
        return self.state in NEED_A_PERSON


def read(sessions: sessionmaker[Session], dossier_id: str) -> DossierSync:
    """The dossier's items and pulled status, in one short read."""
    with sessions.begin() as s:
        rows = s.execute(
            select(
                OutboxItem.status,
                OutboxItem.last_error,
                OutboxItem.next_attempt_at,
                OutboxItem.updated_at,
            ).where(OutboxItem.entity_id == dossier_id)
        ).all()
        central = s.get(CentralStatus, dossier_id)
        central_status = central.status if central is not None else None
        central_at = _moment(central.at) if central is not None else None
    state, error, next_at = None, None, None
    if rows:
        worst = min(rows, key=lambda r: (ROLLUP_RANK.get(r.status, 0), -r.updated_at.timestamp()))
        state, error, next_at = worst.status, worst.last_error, worst.next_attempt_at
    waiting = sum(1 for r in rows if r.status not in DONE)
    return DossierSync(
        state,
        len(rows),
        waiting,
        error if state in ("retry_later", *NEED_A_PERSON) else None,
        next_at if state == "retry_later" else None,
        central_status,
        central_at,
    )


def sync_line(sync: DossierSync, now: datetime) -> str:
    """ "Đồng bộ: chưa gửi được, sẽ thử lại lúc 10:30 — lỗi: …" """
    if sync.state is None:
        return "Đồng bộ: chưa có thay đổi nào cần gửi"
    text = "Đồng bộ: " + SYNC_LABELS.get(sync.state, sync.state)
    if sync.next_attempt_at is not None:
        later = sync.next_attempt_at > now
        text += f" lúc {_when(sync.next_attempt_at, now)}" if later else " ở lượt gửi tới"
    if sync.waiting > 1:
        text += f" ({sync.waiting} thay đổi chờ gửi)"
    if sync.last_error:
        text += f" — lỗi: {sync.last_error}"
    return text


def central_line(sync: DossierSync, now: datetime) -> str | None:
    """ "Trung tâm: đã có kết quả — 07/12 10:05"; None when the centre reported nothing yet."""
    if sync.central_status is None:
        return None
    try:
        label = STATUS_LABELS[DossierStatus(sync.central_status)]
    except ValueError:
        label = sync.central_status  # a status this version does not know: shown as it came
    text = f"Trung tâm: {label[:1].lower()}{label[1:]}"
    if sync.central_at is not None:
        text += f" — {_day_time(sync.central_at, now)}"
    return text


def _moment(text: str) -> datetime | None:
    try:
        return to_vietnam_time(datetime.fromisoformat(text))
    except (TypeError, ValueError):
        return None


def _when(moment: datetime, now: datetime) -> str:
    moment = to_vietnam_time(moment)
    if moment.date() == to_vietnam_time(now).date():
        return f"{moment:%H:%M}"
    return _day_time(moment, now)


def _day_time(moment: datetime, now: datetime) -> str:
    moment = to_vietnam_time(moment)
    if moment.year == to_vietnam_time(now).year:
        return f"{moment:%d/%m %H:%M}"
    return f"{moment:%d/%m/%Y %H:%M}"
