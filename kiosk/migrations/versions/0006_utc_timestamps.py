"""timestamps in UTC, time-zone aware

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 21:00:00

Until now timestamps were naive Vietnam local time (UTC+7, no daylight saving). From now on they
are stored in UTC (``kiosk.timeutil.UtcDateTime``). PostgreSQL columns become ``timestamptz``, the
old values read as Asia/Ho_Chi_Minh time. SQLite keeps text: every value is rewritten in UTC, in
Python so the microseconds stay exactly as they were.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OFFSET = timedelta(hours=7)  # Vietnam: UTC+7 since 1975, no daylight saving
COLUMNS = {
    "procedure_versions": ("imported_at",),
    "officers": ("created_at",),
    "signin_failures": ("last_failure_at", "locked_until"),
    "queue_tickets": ("issued_at", "called_at", "queued_at", "started_at", "finished_at"),
    "dossiers": ("received_at", "created_at", "updated_at"),
    "dossier_events": ("at",),
    "printed_documents": ("created_at",),
    "print_jobs": ("created_at", "updated_at"),
    "blobs": ("created_at",),
    "outbox": ("next_attempt_at", "created_at", "updated_at"),
    "ratings": ("at",),
    "audit_events": ("at",),
    "audit_head": ("keyed_at",),
    "code_blocks": ("reserved_at",),
}


def _existing(bind) -> dict[str, tuple[str, ...]]:
    inspector = sa.inspect(bind)
    tables = set(inspector.get_table_names())
    found = {}
    for table, columns in COLUMNS.items():
        if table in tables:
            have = {c["name"] for c in inspector.get_columns(table)}
            found[table] = tuple(c for c in columns if c in have)
    return found


def _shift_sqlite(bind, table: str, columns: tuple[str, ...], delta: timedelta) -> None:
    for column in columns:
        rows = bind.execute(
            sa.text(f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')
        ).all()
        for rowid, value in rows:
            moved = datetime.fromisoformat(str(value)) + delta
            bind.execute(
                sa.text(f'UPDATE "{table}" SET "{column}" = :v WHERE rowid = :r'),
                {"v": moved.strftime("%Y-%m-%d %H:%M:%S.%f"), "r": rowid},
            )


def upgrade() -> None:
    bind = op.get_bind()
    for table, columns in _existing(bind).items():
        if bind.dialect.name == "sqlite":
            _shift_sqlite(bind, table, columns, -OFFSET)
            continue
        for column in columns:
            op.execute(
                f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE timestamptz '
                f"USING \"{column}\" AT TIME ZONE 'Asia/Ho_Chi_Minh'"
            )


def downgrade() -> None:
    bind = op.get_bind()
    for table, columns in _existing(bind).items():
        if bind.dialect.name == "sqlite":
            _shift_sqlite(bind, table, columns, OFFSET)
            continue
        for column in columns:
            op.execute(
                f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE timestamp '
                f"USING \"{column}\" AT TIME ZONE 'Asia/Ho_Chi_Minh'"
            )
