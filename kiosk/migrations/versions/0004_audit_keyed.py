"""audit chain head: one row to lock and to seal the chain's tail

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 20:15:00

The chain becomes keyed (HMAC) when the store is next opened with its audit key: the key is not
known here, so ``kiosk.audit.ensure_keyed`` re-keys the existing events once and records it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=True),
        sa.Column("key_id", sa.String(length=16), nullable=True),
        sa.Column("keyed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.bulk_insert(head, [{"id": 1, "events": 0, "last_hash": "0" * 64}])


def downgrade() -> None:
    op.drop_table("audit_head")
