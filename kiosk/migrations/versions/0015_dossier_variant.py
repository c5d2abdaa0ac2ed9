"""the case (variant) of the procedure chosen for a dossier (issue 10, owner: variants)

Revision ID: 0015
Revises: 0014

``dossiers.variant_code``: the code of the case (``cases[]`` of the national catalog, e.g.
``1.000894.01``) the officer picked after the procedure; its own time limit sets the due date.
NULL: the procedure has no cases, or none was picked.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("variant_code", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("variant_code")
