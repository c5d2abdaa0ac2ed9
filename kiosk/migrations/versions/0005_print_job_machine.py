"""print jobs belong to a machine

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 20:50:00

On a store shared by several machines (PostgreSQL office mode), a print job's file is on the disk
of the machine that queued it, so only that machine may claim it. Jobs queued before this have no
machine (NULL) and stay claimable by any machine of the store, as before.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("print_jobs") as batch:
        batch.add_column(sa.Column("machine", sa.String(length=36), nullable=True))
        batch.create_index(batch.f("ix_print_jobs_machine"), ["machine"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("print_jobs") as batch:
        batch.drop_index(batch.f("ix_print_jobs_machine"))
        batch.drop_column("machine")
