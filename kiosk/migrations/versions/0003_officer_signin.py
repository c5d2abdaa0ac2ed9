"""officer sign-in and queue: persisted sign-in failures, queue ticket timings

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 09:00:00

``signin_failures`` is keyed by the username as typed (folded to lower case), not by officer, so a
wrong guess at a name that does not exist is throttled the same way and reveals nothing; it lives
in the store so restarting the app does not reset the delay. Queue tickets get the moment they
(re-)entered the waiting line, the service start and end, and how many times they were called.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signin_failures",
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_signin_failures")),
    )
    op.add_column("queue_tickets", sa.Column("queued_at", sa.DateTime(), nullable=True))
    op.add_column("queue_tickets", sa.Column("started_at", sa.DateTime(), nullable=True))
    op.add_column("queue_tickets", sa.Column("finished_at", sa.DateTime(), nullable=True))
    op.add_column(
        "queue_tickets", sa.Column("calls", sa.Integer(), nullable=False, server_default="0")
    )
    op.execute("UPDATE queue_tickets SET queued_at = issued_at")
    op.create_index("ix_queue_tickets_day_status", "queue_tickets", ["day", "status"])


def downgrade() -> None:
    op.drop_index("ix_queue_tickets_day_status", table_name="queue_tickets")
    with op.batch_alter_table("queue_tickets") as batch:
        for name in ("calls", "finished_at", "started_at", "queued_at"):
            batch.drop_column(name)
    op.drop_table("signin_failures")
