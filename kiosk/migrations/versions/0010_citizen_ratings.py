"""ratings and citizen-kiosk tables (issue 13, owner: citizen)

Revision ID: 0010
Revises: 0009

A rating records which criteria set it answered (``criteria``), its points (``score``) and its day
(``day``); the exact time stays out of what officers and the central system see. One rating per
dossier and one per ticket (unique, NULLs allowed many times on SQLite and PostgreSQL).
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("ratings") as batch:
        batch.add_column(sa.Column("criteria", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("score", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("day", sa.Date(), nullable=True))
        batch.create_unique_constraint("uq_ratings_dossier_id", ["dossier_id"])
        batch.create_unique_constraint("uq_ratings_ticket_id", ["ticket_id"])


def downgrade() -> None:
    with op.batch_alter_table("ratings") as batch:
        batch.drop_constraint("uq_ratings_ticket_id", type_="unique")
        batch.drop_constraint("uq_ratings_dossier_id", type_="unique")
        batch.drop_column("day")
        batch.drop_column("score")
        batch.drop_column("criteria")
