"""Allocation of dossier sequence numbers from reserved blocks, safe across processes.

Each allocation is one short ``BEGIN IMMEDIATE`` transaction (``kiosk.db``), so concurrent
allocators on one SQLite file are serialised by the database; on PostgreSQL the block row is
locked (``SELECT … FOR UPDATE``) for the rest of the transaction. In both, ``Dossier.code`` is
unique as a last line of defence. Order of use: blocks reserved by the central system or the office
database for that day (lowest first), then this counter's fallback range
(``kiosk.codes.FallbackPlan``).
Never "count today's dossiers plus one" (DESIGN §4.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.codes import FallbackPlan, format_dossier_code, validate_agency_code
from kiosk.errors import CodeAllocationError, InvalidInput
from kiosk.models import CodeBlock


@dataclass(frozen=True)
class BlockInfo:
    agency_code: str
    day: date
    first: int
    last: int
    remaining: int
    source: str


DEFAULT_PLAN = FallbackPlan()


class CodeService:
    """Reserves blocks and hands out dossier codes."""

    def __init__(self, sessions: sessionmaker[Session], plan: FallbackPlan = DEFAULT_PLAN) -> None:
        self._sessions = sessions
        self._plan = plan

    def add_block(
        self, agency_code: str, day: date, first: int, last: int, source: str = "central"
    ) -> None:
        """Record a block reserved for this machine; refuse one overlapping the fallback area."""
        validate_agency_code(agency_code)
        if not 1 <= first <= last < self._plan.base + 1:
            raise InvalidInput(
                f"Khối số {first}–{last} không hợp lệ: "
                f"khối cấp phát phải nằm trong 1–{self._plan.base}.",
                english=f"Block {first}-{last} is invalid: "
                f"blocks must lie within 1-{self._plan.base}.",
            )
        with self._sessions.begin() as s:
            overlap = s.scalar(
                select(CodeBlock.id).where(
                    CodeBlock.agency_code == agency_code,
                    CodeBlock.day == day,
                    CodeBlock.first <= last,
                    CodeBlock.last >= first,
                )
            )
            if overlap is not None:
                raise InvalidInput(
                    f"Khối số {first}–{last} trùng với khối đã có.",
                    english=f"Block {first}-{last} overlaps an existing block.",
                )
            s.add(
                CodeBlock(
                    agency_code=agency_code,
                    day=day,
                    first=first,
                    last=last,
                    next_seq=first,
                    source=source,
                )
            )

    def allocate(self, agency_code: str, day: date, counter: int) -> str:
        """Return a new dossier code for ``day``; raise CodeAllocationError if none is left."""
        with self._sessions.begin() as s:
            return self.allocate_in(s, agency_code, day, counter)

    def allocate_in(self, s: Session, agency_code: str, day: date, counter: int) -> str:
        """Allocate inside the caller's transaction (so an accept that fails gives the number
        back)."""
        block = s.scalars(
            select(CodeBlock)
            .where(
                CodeBlock.agency_code == agency_code,
                CodeBlock.day == day,
                CodeBlock.source != "fallback",
                CodeBlock.next_seq <= CodeBlock.last,
            )
            .order_by(CodeBlock.first)
            .limit(1)
            .with_for_update()
        ).first()
        if block is None:
            block = self._fallback_block(s, agency_code, day, counter)
        seq = block.next_seq
        block.next_seq = seq + 1
        s.flush()
        return format_dossier_code(agency_code, day, seq)

    def _fallback_block(self, s: Session, agency_code: str, day: date, counter: int) -> CodeBlock:
        first, last = self._plan.range_for(counter)
        mine = (
            select(CodeBlock)
            .where(
                CodeBlock.agency_code == agency_code,
                CodeBlock.day == day,
                CodeBlock.source == "fallback",
                CodeBlock.counter == counter,
            )
            .with_for_update()
        )
        block = s.scalars(mine).first()
        if block is None:
            # Two processes of one counter may both find none (PostgreSQL runs them side by side):
            # the unique (agency, day, first) lets one insert; the other reads the winner's row.
            try:
                with s.begin_nested():
                    s.add(
                        CodeBlock(
                            agency_code=agency_code,
                            day=day,
                            first=first,
                            last=last,
                            next_seq=first,
                            source="fallback",
                            counter=counter,
                        )
                    )
            except IntegrityError:
                pass
            block = s.scalars(mine).one()
        if block.next_seq > block.last:
            raise CodeAllocationError(
                f"Quầy {counter} đã dùng hết {self._plan.size} số dự phòng "
                f"của ngày {day:%d/%m/%Y}. "
                "Hãy kết nối với hệ thống trung tâm để nhận khối số mới.",
                english=f"Counter {counter} used all fallback numbers for {day}. "
                "Connect to get a new block.",
            )
        return block

    def blocks(self, agency_code: str, day: date) -> list[BlockInfo]:
        with self._sessions.begin() as s:
            rows = s.scalars(
                select(CodeBlock)
                .where(CodeBlock.agency_code == agency_code, CodeBlock.day == day)
                .order_by(CodeBlock.first)
            )
            return [
                BlockInfo(b.agency_code, b.day, b.first, b.last, b.last - b.next_seq + 1, b.source)
                for b in rows
            ]
