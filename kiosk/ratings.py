"""Citizens rate the service at the kiosk (Decree 61 Art. 27–31; Circular 01/2018 Art. 13–15).

The questions are data (``resources/citizen/rating_criteria.json``): the per-dossier indicators
that electronic evaluation devices collect (1 time, 3 contacts, 4 agencies, 7 attitude), each with
its 2/1/0-point choices. Rules enforced here, whatever the screen does:

- a rating is tied to a received dossier (its code, or its verified receipt QR) or to a served
  ticket of the day, and through it to the officer who handled it; the citizen never names anyone;
- one rating per dossier and per ticket (a second one is refused, and the store's unique
  constraints hold it too);
- confidentiality (Art. 27 cl. 3): the rating keeps no personal data and only its day, never its
  time; an officer sees only averages over at least ``MIN_SHOWN`` ratings, never one rating;
- the rating and its outbox item (kind ``rating``) are one transaction, so sync carries it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk import outbox
from kiosk.codes import DOSSIER_CODE_RE
from kiosk.dossier_types import DRAFT
from kiosk.errors import InvalidInput
from kiosk.models import Dossier, Officer, ProcedureVersion, QueueTicket, Rating
from kiosk.paths import resource
from kiosk.receipt_qr import MAGIC
from kiosk.timeutil import vietnam_now

MIN_SHOWN = 5
SERVED = ("called", "serving", "done")
_TICKET = re.compile(r"([A-Z]{0,4})0*(\d{1,4})")


@dataclass(frozen=True)
class Choice:
    points: int
    vi: str
    en: str


@dataclass(frozen=True)
class Criterion:
    key: str
    indicator: int
    question_vi: str
    question_en: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class CriteriaSet:
    id: str
    source: str
    criteria: tuple[Criterion, ...]

    def get(self, key: str) -> Criterion | None:
        return next((c for c in self.criteria if c.key == key), None)


def load_criteria(path: Path | None = None) -> CriteriaSet:
    """The criteria set of ``path`` (default: the bundled one); InvalidInput if it is malformed."""
    path = path or resource("citizen", "rating_criteria.json")
    try:
        data = json.loads(Path(path).read_text("utf-8"))
        criteria = tuple(
            Criterion(
                c["key"],
                int(c["indicator"]),
                c["question"]["vi"],
                c["question"]["en"],
                tuple(Choice(int(x["points"]), x["vi"], x["en"]) for x in c["choices"]),
            )
            for c in data["criteria"]
        )
        result = CriteriaSet(str(data["id"]), str(data.get("source", "")), criteria)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            f"Tệp tiêu chí đánh giá {Path(path).name} không hợp lệ.",
            english=f"Bad rating criteria file: {exc}",
        ) from None
    if not criteria or any(sorted(x.points for x in c.choices) != [0, 1, 2] for c in criteria):
        raise InvalidInput(
            "Mỗi tiêu chí đánh giá phải có đủ ba mức 2, 1, 0 điểm.",
            english="Each criterion needs choices worth 2, 1 and 0 points.",
        )
    return result


@dataclass(frozen=True)
class RatingTarget:
    """What is rated. ``label`` is what the citizen sees (the dossier code or ticket number);
    the officer is resolved here and never shown."""

    kind: str  # dossier | ticket
    label: str
    dossier_id: str | None
    ticket_id: int | None
    officer_id: int | None
    procedure_name: str = ""


@dataclass(frozen=True)
class RatingSummary:
    """Averages per criterion over ``count`` ratings (Circular 01/2018 Art. 15 cl. 2)."""

    count: int
    averages: dict[str, float]
    total: float


class ReceiptVerifier(Protocol):
    def __call__(self, text: str) -> Any: ...


class RatingService:
    """Finds what a citizen rates and stores the rating. Each public method is one transaction."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        criteria: CriteriaSet | None = None,
        verify: ReceiptVerifier | None = None,
        clock: Callable[[], datetime] = vietnam_now,
    ) -> None:
        self._sessions = sessions
        self.criteria = criteria or load_criteria()
        self._verify, self._clock = verify, clock

    def find_target(self, text: str, today: date) -> RatingTarget:
        """The dossier of a code or a receipt QR, or the ticket of a number served ``today``."""
        text = (text or "").strip()
        if not text:
            raise InvalidInput(
                "Hãy nhập mã hồ sơ, quét mã QR trên giấy tiếp nhận, hoặc nhập số thứ tự.",
                english="Type the dossier code, scan the receipt QR or type the ticket number.",
            )
        if text.startswith(MAGIC) or text.lower().startswith(("http://", "https://")):
            if self._verify is None:
                raise InvalidInput("Máy này chưa kiểm tra được mã QR.", english="No verifier.")
            text = self._verify(text).dossier_code
            if not text:
                raise InvalidInput(
                    "Giấy này không phải giấy tiếp nhận hồ sơ.", english="Not a receipt."
                )
        with self._sessions.begin() as s:
            if DOSSIER_CODE_RE.match(text.upper()):
                return self._dossier_target(s, text.upper())
            m = _TICKET.fullmatch(text.upper().replace(" ", ""))
            if m:
                return self._ticket_target(s, m[1], int(m[2]), today)
        raise InvalidInput(
            f"“{text[:40]}” không phải mã hồ sơ hay số thứ tự.",
            english="Not a dossier code or a ticket number.",
        )

    def submit(self, target: RatingTarget, answers: dict[str, int]) -> RatingSummary:
        """Store one rating (at least one criterion answered) and enqueue it for sync."""
        clean = self._validate(answers)
        now = self._clock()
        score = sum(clean.values())
        try:
            with self._sessions.begin() as s:
                self._refuse_second(s, target)
                rating = Rating(
                    dossier_id=target.dossier_id,
                    ticket_id=target.ticket_id,
                    officer_id=target.officer_id,
                    at=now.replace(hour=0, minute=0, second=0, microsecond=0),
                    day=now.date(),
                    answers=clean,
                    channel="kiosk",
                    criteria=self.criteria.id,
                    score=score,
                )
                s.add(rating)
                s.flush()
                outbox.enqueue(s, "rating", rating.id, 1, self._payload(s, rating, target))
        except IntegrityError:  # a second kiosk stored one for the same target meanwhile
            raise _already_rated(target) from None
        return RatingSummary(1, {k: float(v) for k, v in clean.items()}, float(score))

    def officer_summary(self, officer_id: int, *, since: date | None = None) -> RatingSummary:
        """Averages of the officer's ratings; refused below ``MIN_SHOWN`` ratings, so no officer
        can tell one citizen's answers."""
        with self._sessions.begin() as s:
            query = select(Rating.answers).where(Rating.officer_id == officer_id)
            if since is not None:
                query = query.where(Rating.day >= since)
            rows = list(s.scalars(query))
        if len(rows) < MIN_SHOWN:
            raise InvalidInput(
                f"Chưa đủ {MIN_SHOWN} lượt đánh giá để xem kết quả (để giữ bí mật cho người "
                "đánh giá).",
                english=f"Fewer than {MIN_SHOWN} ratings: not shown, to keep raters anonymous.",
            )
        averages: dict[str, float] = {}
        for c in self.criteria.criteria:
            values = [r[c.key] for r in rows if isinstance(r.get(c.key), int)]
            if values:
                averages[c.key] = round(sum(values) / len(values), 1)
        return RatingSummary(len(rows), averages, round(sum(averages.values()), 1))

    # --- helpers ----------------------------------------------------------------------------------

    def _validate(self, answers: dict[str, int]) -> dict[str, int]:
        clean: dict[str, int] = {}
        for key, points in (answers or {}).items():
            criterion = self.criteria.get(key)
            if criterion is None or points not in {c.points for c in criterion.choices}:
                raise InvalidInput(
                    "Câu trả lời đánh giá không hợp lệ.", english=f"Bad answer {key}={points}."
                )
            clean[key] = int(points)
        if not clean:
            raise InvalidInput(
                "Hãy chọn ít nhất một câu trả lời trước khi gửi.",
                english="Choose at least one answer first.",
            )
        return clean

    def _dossier_target(self, s: Session, code: str) -> RatingTarget:
        d = s.scalars(select(Dossier).where(Dossier.code == code)).first()
        if d is None or d.status == DRAFT:
            raise InvalidInput(
                f"Không tìm thấy hồ sơ mã {code} tại đây.", english=f"No dossier {code} here."
            )
        name = s.scalar(
            select(ProcedureVersion.name).where(ProcedureVersion.id == d.procedure_version_id)
        )
        return RatingTarget("dossier", code, d.id, d.ticket_id, d.officer_id, name or "")

    def _ticket_target(self, s: Session, prefix: str, number: int, today: date) -> RatingTarget:
        t = s.scalars(
            select(QueueTicket).where(
                QueueTicket.day == today,
                QueueTicket.prefix == prefix,
                QueueTicket.number == number,
            )
        ).first()
        label = f"{prefix}{number:03d}"
        if t is None:
            raise InvalidInput(
                f"Hôm nay không có số thứ tự {label}.", english=f"No ticket {label} today."
            )
        if t.status not in SERVED:
            raise InvalidInput(
                f"Số {label} chưa được phục vụ: hãy đánh giá sau khi làm việc tại quầy.",
                english=f"Ticket {label} has not been served yet.",
            )
        dossier = s.scalars(select(Dossier).where(Dossier.ticket_id == t.id)).first()
        return RatingTarget(
            "ticket",
            label,
            dossier.id if dossier is not None and dossier.status != DRAFT else None,
            t.id,
            t.officer_id,
        )

    def _refuse_second(self, s: Session, target: RatingTarget) -> None:
        clauses = []
        if target.dossier_id:
            clauses.append(Rating.dossier_id == target.dossier_id)
        if target.ticket_id:
            clauses.append(Rating.ticket_id == target.ticket_id)
        if clauses and s.scalar(select(func.count()).select_from(Rating).where(or_(*clauses))):
            raise _already_rated(target)

    def _payload(self, s: Session, rating: Rating, target: RatingTarget) -> dict[str, Any]:
        officer = (
            s.scalar(select(Officer.username).where(Officer.id == rating.officer_id))
            if rating.officer_id
            else None
        )
        code = (
            s.scalar(select(Dossier.code).where(Dossier.id == rating.dossier_id))
            if rating.dossier_id
            else None
        )
        return {
            "rating_id": rating.id,
            "criteria": rating.criteria,
            "answers": rating.answers,
            "score": rating.score,
            "day": rating.day.isoformat() if rating.day else None,
            "dossier_code": code,
            "ticket": target.label if target.kind == "ticket" else None,
            "officer": officer,
            "channel": rating.channel,
        }


def _already_rated(target: RatingTarget) -> InvalidInput:
    what = "hồ sơ" if target.kind == "dossier" else "số thứ tự"
    return InvalidInput(
        f"{what.capitalize()} {target.label} đã được đánh giá. Cảm ơn ông/bà.",
        english=f"{target.label} has already been rated. Thank you.",
    )
