"""outbox: what the sync engine records per item

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 21:15:00

The sync engine (sync/engine.py) claims an item for a while (``lease_until``: a sender killed
mid-send is re-claimed when it expires), records what kind its last error was (auth, fatal,
transient, conflict) and, once the central system has acknowledged it, when and with what receipt.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("error_kind", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("receipt", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("receipt")
        batch.drop_column("acknowledged_at")
        batch.drop_column("lease_until")
        batch.drop_column("error_kind")
