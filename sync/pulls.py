"""Pulls from the central system since a cursor, applied to the local store (DESIGN §7).

``GET /pull?since=N`` returns the changes after N in order: catalog versions (the document format
the national-catalog converter writes, imported as ``kiosk catalog import`` would), holiday
override files, dossier-code and tracking-register blocks reserved for this device (held where
``kiosk.code_service`` and ``kiosk.register`` allocate from them), and the agency's dossier status
changes (the return desk reads them from ``CentralStatus``). A status change carries the dossier
revision the central system holds: this machine's "acknowledged" outbox items of the dossier up to
that revision become "confirmed", in the transaction that stores the status; an item of a newer
revision (an edit still on its way) is confirmed by a later change, never by this one.

Each page is fetched with no transaction open, then applied with the cursor moved in one short
transaction: a kill in between applies the page again, which changes nothing (a catalog version is
never re-written, a block already held is refused as an overlap, a status is an upsert). A change
that fails validation is skipped and logged, never applied half, and never stops the others.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import requests
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.catalog_import import check_document, write_document
from kiosk.code_service import CodeService
from kiosk.errors import KioskError
from kiosk.files import atomic_write
from kiosk.models import CentralStatus, OutboxItem, PullCursor, RegisterBlock, local_now
from kiosk.register import RegisterService
from sync.client import API, CentralClient, json_object
from sync.device import Device

log = logging.getLogger(__name__)
_HOLIDAY_FILE = re.compile(r"[a-z0-9][a-z0-9-]{0,60}\.toml")
BLOCK_SIZE = 50
LOW_WATER = 10  # numbers left in a day's central blocks below which another block is reserved
REGISTER_BLOCK_SIZE = 200  # tracking-register numbers (one register per agency and year)
REGISTER_LOW_WATER = 40
_BLOCKS = ("code_block", "register_block")


@dataclass
class PullReport:
    applied: int = 0
    skipped: int = 0
    cursor: int = 0
    catalog: int = 0
    holidays: int = 0
    blocks: int = 0
    register_blocks: int = 0
    statuses: int = 0
    confirmed: int = 0  # outbox items "acknowledged" before, "confirmed" by a pulled status
    stopped: str | None = None


class Puller:
    def __init__(
        self,
        client: CentralClient,
        sessions: sessionmaker[Session],
        device: Device,
        *,
        codes: CodeService | None = None,
        register: RegisterService | None = None,
        holidays_dir: Path | None = None,
        page: int = 100,
    ) -> None:
        self.client, self.sessions, self.device = client, sessions, device
        self.codes = codes or CodeService(sessions)
        self.register = register or RegisterService(sessions)
        self.holidays_dir, self.page = holidays_dir, page

    def cursor(self) -> int:
        with self.sessions.begin() as s:
            row = s.get(PullCursor, self.device.device_id)
            return row.cursor if row is not None else 0

    def run_once(self) -> PullReport:
        report = PullReport(cursor=self.cursor())
        while True:
            try:
                answer = self.client.request(
                    "GET", f"{API}/pull", params={"since": report.cursor, "limit": self.page}
                )
            except requests.RequestException:
                report.stopped = "offline"
                return report
            if answer.status_code in (401, 403):
                report.stopped = "auth"
                return report
            data = json_object(answer) if answer.status_code == 200 else None
            changes = data.get("changes") if data else None
            if not isinstance(changes, list) or not isinstance(data.get("cursor"), int):
                report.stopped = "offline"  # a portal or a broken answer
                return report
            self._apply(changes, data["cursor"], report)
            if not data.get("more") or not changes:
                return report

    def _apply(self, changes: list, cursor: int, report: PullReport) -> None:
        blocks = [c for c in changes if isinstance(c, dict) and c.get("topic") in _BLOCKS]
        for change in blocks:  # the block services open their own transactions: before the page's
            if change["topic"] == "code_block":
                self._block(change.get("data"), report)
            else:
                self._register_block(change.get("data"), report)
        with self.sessions.begin() as s:
            for change in changes:
                if not isinstance(change, dict) or change.get("topic") in _BLOCKS:
                    continue
                topic, data = change.get("topic"), change.get("data")
                try:
                    with s.begin_nested():
                        if topic == "catalog":
                            self._catalog(s, data, report)
                        elif topic == "holidays":
                            self._holidays(data, report)
                        elif topic == "dossier_status":
                            self._status(s, data, report)
                        else:
                            report.skipped += 1
                            continue
                    report.applied += 1
                except (
                    KioskError,
                    ValueError,
                    TypeError,
                    KeyError,
                    AttributeError,
                    OSError,
                ) as exc:
                    report.skipped += 1
                    log.warning("pull: %s change skipped (%s)", topic, type(exc).__name__)
            row = s.get(PullCursor, self.device.device_id) or PullCursor(
                device_id=self.device.device_id
            )
            row.cursor, row.pulled_at = max(cursor, row.cursor or 0), local_now()
            s.add(row)
        report.cursor = cursor

    def _catalog(self, s: Session, data, report: PullReport) -> None:
        document = data.get("document")
        problems = check_document(s, document)
        if problems:
            raise ValueError(f"{len(problems)} problems")
        write_document(s, document)
        report.catalog += 1

    def _holidays(self, data, report: PullReport) -> None:
        name, text = data.get("name"), data.get("text")
        if self.holidays_dir is None:
            raise ValueError("no holidays folder")
        if not isinstance(name, str) or not _HOLIDAY_FILE.fullmatch(name):
            raise ValueError("bad file name")
        tomllib.loads(text)  # TOML or nothing (the calendar validates its fields when it loads)
        self.holidays_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(self.holidays_dir / name, text.encode("utf-8"))
        report.holidays += 1

    def _status(self, s: Session, data, report: PullReport) -> None:
        dossier_id, status = str(data["dossier_id"])[:64], str(data["status"])[:30]
        revision = data.get("revision")
        if type(revision) is not int or not 0 <= revision < 2**63:
            revision = None  # not the contract's: the status is kept, nothing is confirmed
        row = s.get(CentralStatus, dossier_id) or CentralStatus(dossier_id=dossier_id)
        code = data.get("code")
        row.code = code[:40] if isinstance(code, str) else None
        row.status, row.at, row.revision = status, str(data.get("at", ""))[:40], revision
        s.add(row)
        report.statuses += 1
        if revision is None:
            log.warning("pull: a status change without its revision confirms nothing")
            return
        report.confirmed += s.execute(  # a newer revision, still on its way, is not confirmed
            update(OutboxItem)
            .where(
                OutboxItem.entity_id == dossier_id,
                OutboxItem.status == "acknowledged",
                OutboxItem.revision <= revision,
            )
            .values(status="confirmed", updated_at=local_now())
        ).rowcount

    def _block(self, data, report: PullReport) -> None:
        try:
            if data["agency_code"] != self.device.agency_code:
                return
            day = date.fromisoformat(data["day"])
            self.codes.add_block(
                data["agency_code"], day, int(data["first"]), int(data["last"]), "central"
            )
            report.blocks += 1
        except KioskError:
            pass  # already held (a page applied again after a kill), or outside the allowed range
        except (KeyError, TypeError, ValueError):
            report.skipped += 1

    def _register_block(self, data, report: PullReport) -> None:
        try:
            if data["agency_code"] != self.device.agency_code:
                return
            first, last, book = int(data["first"]), int(data["last"]), str(data["book"])[:20]
            self.register.add_block(
                data["agency_code"], int(data["year"]), first, last, book=book, source="central"
            )
            report.register_blocks += 1
        except KioskError:
            pass  # already held (a page applied again after a kill), or outside the allowed range
        except (KeyError, TypeError, ValueError):
            report.skipped += 1

    # -- code blocks ------------------------------------------------------------------------------
    def reserve(self, day: date, size: int = BLOCK_SIZE) -> bool:
        """Reserve the next block of the agency's numbers for ``day`` (while online) and hold it
        locally; False when offline, refused or exhausted (the counter's fallback range is left)."""
        try:
            answer = self.client.request(
                "POST",
                f"{API}/code-blocks",
                json={"day": day.isoformat(), "size": size},
            )
        except requests.RequestException:
            return False
        data = json_object(answer) if answer.status_code == 201 else None
        if not data:
            return False
        self._block(data, PullReport())
        return True

    def top_up(self, day: date, size: int = BLOCK_SIZE) -> bool:
        """Reserve a block for ``day`` when fewer than LOW_WATER central numbers are left."""
        left = sum(
            b.remaining
            for b in self.codes.blocks(self.device.agency_code, day)
            if b.source == "central"
        )
        return left >= LOW_WATER or self.reserve(day, size)

    # -- tracking-register blocks ----------------------------------------------------------------
    def reserve_register(self, year: int, size: int = REGISTER_BLOCK_SIZE) -> bool:
        """Reserve the next block of the agency's register numbers for ``year`` (while online)
        and hold it locally (kiosk/register.py reads it); False when offline, refused or
        exhausted (the counter's fallback range 900000+ is left)."""
        try:
            answer = self.client.request(
                "POST", f"{API}/register-blocks", json={"year": year, "size": size}
            )
        except requests.RequestException:
            return False
        data = json_object(answer) if answer.status_code == 201 else None
        if not data:
            return False
        self._register_block(data, PullReport())
        return True

    def top_up_register(self, year: int, size: int = REGISTER_BLOCK_SIZE) -> bool:
        """Reserve a register block for ``year`` when fewer than REGISTER_LOW_WATER central
        numbers are left."""
        with self.sessions.begin() as s:
            left = s.scalar(
                select(
                    func.coalesce(func.sum(RegisterBlock.last - RegisterBlock.next_number + 1), 0)
                ).where(
                    RegisterBlock.agency_code == self.device.agency_code,
                    RegisterBlock.year == year,
                    RegisterBlock.source == "central",
                    RegisterBlock.next_number <= RegisterBlock.last,
                )
            )
        return left >= REGISTER_LOW_WATER or self.reserve_register(year, size)
