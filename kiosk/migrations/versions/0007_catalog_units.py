"""catalog from the national portal: time-limit unit, portal details, paper kinds (issue #10)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 21:15:00

``time_limit_unit`` (null = working days, as before), ``time_limit_value`` (calendar days, hours,
months… in that unit) and ``details`` (variants, fees per channel, subject types, life-event
groups, notes, the review reasons) on procedure versions; ``kind`` (submit | present |
conditional), ``copies`` and ``templates`` on checklist items.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN, not batch mode: recreating procedure_versions would drop its FTS triggers
    op.add_column("procedure_versions", sa.Column("time_limit_unit", sa.String(length=20)))
    op.add_column("procedure_versions", sa.Column("time_limit_value", sa.Float()))
    op.add_column("procedure_versions", sa.Column("details", sa.JSON()))
    op.add_column("checklist_items", sa.Column("kind", sa.String(length=20)))
    op.add_column(
        "checklist_items", sa.Column("copies", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("checklist_items", sa.Column("templates", sa.JSON()))


def downgrade() -> None:
    with op.batch_alter_table("checklist_items") as batch:
        for name in ("templates", "copies", "kind"):
            batch.drop_column(name)
    with op.batch_alter_table("procedure_versions") as batch:
        for name in ("details", "time_limit_value", "time_limit_unit"):
            batch.drop_column(name)
