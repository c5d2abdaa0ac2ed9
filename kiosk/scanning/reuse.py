"""Papers already on file: a sealed copy of the same paper from this applicant's earlier dossier.

When the applicant (same personal ID number) already has a sealed, signed copy of the same kind of
paper in a dossier that was decided (not a draft), the officer is offered that copy instead of a
rescan. Taking it links the same PDF blob to this dossier's item and records where it came from
(``ScanPaper.reused_from_item_id``): re-use of digitised data is counted (:func:`count_reused`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk import audit
from kiosk.dossier_types import DRAFT
from kiosk.errors import InvalidInput
from kiosk.models import Dossier, DossierItem, ProcedureVersion, ScanPage, ScanPaper
from kiosk.scanning.pages import DRAFT_PAGE, editable_item, paper_kind, paper_row, touch_draft
from kiosk.timeutil import VIETNAM, aware, vietnam_now


@dataclass(frozen=True)
class OnFile:
    """A sealed copy that can stand for this item's paper."""

    item_id: int  # the item it was sealed for, in the earlier dossier
    dossier_id: str
    dossier_code: str | None
    procedure_name: str
    name: str
    pages: int
    pdf_sha256: str
    sealed_at: datetime


def _applicant_id(s: Session, dossier_id: str) -> str | None:
    dossier = s.get(Dossier, dossier_id)
    if dossier is None:
        raise InvalidInput("Không tìm thấy hồ sơ.", english="Dossier not found.")
    return (dossier.applicant_id_number or "").strip() or None


def on_file(s: Session, dossier_id: str, item_id: int) -> list[OnFile]:
    """Sealed copies of this item's paper from the same applicant's decided dossiers, newest
    first."""
    item = s.get(DossierItem, item_id)
    if item is None or item.dossier_id != dossier_id:
        return []
    person = _applicant_id(s, dossier_id)
    if person is None:
        return []
    rows = s.execute(
        select(ScanPaper, Dossier, ProcedureVersion.name, DossierItem.name)
        .join(Dossier, Dossier.id == ScanPaper.dossier_id)
        .join(DossierItem, DossierItem.id == ScanPaper.dossier_item_id)
        .join(ProcedureVersion, ProcedureVersion.id == Dossier.procedure_version_id)
        .where(
            Dossier.applicant_id_number == person,
            Dossier.id != dossier_id,
            Dossier.status != DRAFT,
            ScanPaper.kind_folded == paper_kind(item.name),
            ScanPaper.pdf_sha256.is_not(None),
            ScanPaper.sealed_at.is_not(None),
        )
        .order_by(ScanPaper.sealed_at.desc())
    ).all()
    seen, out = set(), []
    for paper, dossier, procedure, name in rows:
        if paper.pdf_sha256 in seen:  # the same copy reused again: offered once
            continue
        seen.add(paper.pdf_sha256)
        out.append(
            OnFile(
                paper.dossier_item_id,
                dossier.id,
                dossier.code,
                procedure,
                name,
                paper.pages,
                paper.pdf_sha256,
                paper.sealed_at,
            )
        )
    return out


def count_reused(
    s: Session,
    period: tuple[date | datetime, date | datetime],
    *,
    officer_id: int | None = None,
) -> int:
    """Papers taken from file instead of rescanned, in ``period`` = (start, end): datetimes are a
    half-open range; dates are whole days in Vietnam time, both included. ``officer_id``: only
    the papers that officer reused."""
    start, end = period
    if not isinstance(start, datetime):
        start = datetime.combine(start, time(), VIETNAM)
    if not isinstance(end, datetime):
        end = datetime.combine(end + timedelta(days=1), time(), VIETNAM)
    query = (
        select(func.count())
        .select_from(ScanPaper)
        .where(
            ScanPaper.reused_from_item_id.is_not(None),
            ScanPaper.sealed_at >= aware(start),
            ScanPaper.sealed_at < aware(end),
        )
    )
    if officer_id is not None:
        query = query.where(ScanPaper.sealed_by == officer_id)
    return s.scalar(query)


class PaperReuse:
    """Offering and taking papers already on file. Each method is one transaction."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def offers(self, dossier_id: str, item_id: int) -> list[OnFile]:
        with self._sessions() as s:
            return on_file(s, dossier_id, item_id)

    def offers_by_item(self, dossier_id: str) -> dict[int, list[OnFile]]:
        """Offers for every item of the dossier that is not sealed yet (one read)."""
        with self._sessions() as s:
            items = s.scalars(select(DossierItem).where(DossierItem.dossier_id == dossier_id))
            sealed = set(
                s.scalars(
                    select(ScanPaper.dossier_item_id).where(
                        ScanPaper.dossier_id == dossier_id, ScanPaper.sealed_at.is_not(None)
                    )
                )
            )
            found = {i.id: on_file(s, dossier_id, i.id) for i in items if i.id not in sealed}
            return {k: v for k, v in found.items() if v}

    def reuse(
        self,
        dossier_id: str,
        item_id: int,
        source_item_id: int,
        officer_id: int | None,
        now: datetime | None = None,
    ) -> None:
        """Use the sealed copy of ``source_item_id`` for this item instead of a rescan."""
        now = now or vietnam_now()
        with self._sessions.begin() as s:
            item = editable_item(s, dossier_id, item_id)
            offer = next(
                (o for o in on_file(s, dossier_id, item_id) if o.item_id == source_item_id), None
            )
            if offer is None:
                raise InvalidInput(
                    "Bản số hóa này không dùng lại được cho giấy tờ này (khác người nộp hoặc "
                    "khác loại giấy tờ).",
                    english="This copy cannot be reused for this paper.",
                )
            pending = s.scalar(
                select(func.count())
                .select_from(ScanPage)
                .where(ScanPage.dossier_item_id == item_id, ScanPage.state == DRAFT_PAGE)
            )
            if pending:
                raise InvalidInput(
                    f"“{item.name}” đã có {pending} trang vừa quét; hãy xóa chúng trước khi "
                    "dùng bản đã có.",
                    english="This paper already has scanned pages; delete them first.",
                )
            item.pdf_sha256, item.pages = offer.pdf_sha256, offer.pages
            row = paper_row(s, item)
            row.pdf_sha256, row.pages, row.expected_pages = offer.pdf_sha256, offer.pages, None
            row.sealed_at, row.sealed_by = now, officer_id
            row.reused_from_item_id = source_item_id
            audit.append(
                s,
                f"officer:{officer_id}",
                "paper.reused",
                f"dossier:{dossier_id}",
                {"item": item_id, "from_item": source_item_id, "sha256": offer.pdf_sha256},
            )
            touch_draft(s, dossier_id)
