"""the revision a pulled dossier status applies to (issue 12, owner: central)

Revision ID: 0016
Revises: 0015

``central_statuses.revision``: the dossier revision the central system held when it set the
status (sync/pulls.py confirms this machine's outbox items up to it, never a newer one). NULL for
a status pulled before, or from a system that does not say.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("central_statuses") as batch:
        batch.add_column(sa.Column("revision", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("central_statuses") as batch:
        batch.drop_column("revision")
