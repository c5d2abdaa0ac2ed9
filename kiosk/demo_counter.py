"""Demo seed steps for the counter: demo officers and a few queue tickets for today.

The PINs below are DEMO DATA, printed in the README's demo section; they are not secrets and exist
only in the demo store (``kiosk demo``). Both steps are idempotent (``kiosk.demo.seed`` runs them at
every demo start).
"""

from __future__ import annotations

from datetime import date, timedelta

from kiosk.db import Store
from kiosk.models import local_now
from kiosk.officers import OfficerService
from kiosk.queueing import QueueService

DEMO_OFFICERS = (
    # username, full name, role, demo PIN (documented in README; demo store only)
    ("canbo1", "Nguyễn Thị Lan", "officer", "123456"),
    ("canbo2", "Trần Văn Minh", "officer", "234567"),
    ("giamsat", "Lê Hoàng Nam", "supervisor", "654321"),
    ("kythuat", "Phạm Quốc Huy", "technician", "111222"),
)

DEMO_TICKETS = (
    # minutes ago, service
    (42, "Chứng thực bản sao từ bản chính"),
    (35, "Đăng ký khai sinh"),
    (27, "Chứng thực chữ ký"),
    (19, "Đăng ký kết hôn"),
    (12, "Cấp bản sao trích lục hộ tịch"),
    (6, "Đăng ký khai sinh"),
    (2, None),
)


def seed_officers(store: Store) -> None:
    """Create the demo officers that do not exist yet."""
    service = OfficerService(store.sessions)
    existing = {o.username for o in service.list()}
    for username, full_name, role, pin in DEMO_OFFICERS:
        if username not in existing:
            service.create(username, full_name, role, pin, actor="demo")


def seed_queue(store: Store, day: date | None = None) -> None:
    """Issue a few tickets for today, issued over the last ~40 minutes, if today has none."""
    day = day or date.today()
    queue = QueueService(store.sessions)
    if queue.waiting(day) or queue.skipped(day) or queue.recent_calls(day, 1):
        return
    now = local_now()
    for minutes, service in DEMO_TICKETS:
        at = now - timedelta(minutes=minutes)
        QueueService(store.sessions, clock=lambda at=at: at).issue(day, service=service)
