"""Assembling this machine's sync: the client (signed once the machine is enrolled), the outbox
engine, and after each pass the blob uploads and the pulls (with a code block topped up for today
and a tracking-register block for this year).

Used by the app's services and by ``kiosk sync``; paths are given, never looked up here.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from kiosk.code_service import CodeService
from kiosk.timeutil import vietnam_now
from sync.client import CentralClient
from sync.device import DeviceKeyError, signer_for
from sync.engine import OutboxEngine, OutboxSync
from sync.pulls import Puller
from sync.uploads import BlobUploader


def build_outbox_sync(
    sessions: sessionmaker[Session],
    reads: sessionmaker[Session],
    central_url: str,
    *,
    machine: str,
    keys: Path,
    blobs: Path,
    holidays: Path,
    engine_options: dict | None = None,
) -> OutboxSync:
    """The sync of one machine. Unenrolled, it sends the outbox unsigned (a development server
    takes it; a production one answers 401, shown as "thiết bị chưa được cấp quyền")."""
    try:
        enrolled = signer_for(sessions, machine, keys)
        problem = None
    except DeviceKeyError as exc:
        # sent unsigned (refused): the status bar and `kiosk sync` say why, and what to do
        enrolled, problem = None, exc.message
    signer = enrolled[1] if enrolled else None
    client = CentralClient(central_url, signer=signer)
    engine = OutboxEngine(sessions, client, **(engine_options or {}))
    after: list = [BlobUploader(client, sessions, blobs).run_once]
    if enrolled is not None:
        device = enrolled[0]
        puller = Puller(
            client, sessions, device, codes=CodeService(sessions), holidays_dir=holidays
        )

        def pull_and_top_up():
            report = puller.run_once()  # its status changes refresh the screens (PassReport)
            today = vietnam_now().date()
            puller.top_up(today)
            puller.top_up_register(today.year)
            return report

        after.append(pull_and_top_up)
    return OutboxSync(engine, reads, after=tuple(after), device_problem=problem)
