"""apology letters, stop notices, register numbers (issue 14, owner: letters)

Revision ID: 0012
Revises: 0011

- ``dossier_letters``: the apology (form 04) and the notice of stopping (2025 form 05) of a
  dossier, one of each kind per dossier (the date can be reset once only);
- ``register_blocks``: tracking-register numbers reserved per agency and year (kiosk/register.py);
- ``register_entries``: each accepted dossier's book and number, unique per agency and year.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dossier_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("form_set", sa.String(length=10), nullable=False),
        sa.Column("variant", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("old_due_date", sa.Date(), nullable=True),
        sa.Column("new_due_date", sa.Date(), nullable=True),
        sa.Column("extension_days", sa.Integer(), nullable=True),
        sa.Column("stage", sa.Text(), nullable=True),
        sa.Column("fee_settlement", sa.Text(), nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name="fk_dossier_letters_dossier_id_dossiers"
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name="fk_dossier_letters_officer_id_officers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_dossier_letters"),
        sa.UniqueConstraint("dossier_id", "kind", name="uq_dossier_letters_dossier_id"),
    )
    op.create_index("ix_dossier_letters_dossier_id", "dossier_letters", ["dossier_id"])
    op.create_table(
        "register_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("book", sa.String(length=20), nullable=False),
        sa.Column("first", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.Column("next_number", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("reserved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_register_blocks"),
        sa.UniqueConstraint("agency_code", "year", "first", name="uq_register_blocks_agency_code"),
    )
    op.create_table(
        "register_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("agency_code", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("book", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name="fk_register_entries_dossier_id_dossiers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_register_entries"),
        sa.UniqueConstraint("dossier_id", name="uq_register_entries_dossier_id"),
        sa.UniqueConstraint(
            "agency_code", "year", "number", name="uq_register_entries_agency_code"
        ),
    )


def downgrade() -> None:
    op.drop_table("register_entries")
    op.drop_table("register_blocks")
    op.drop_index("ix_dossier_letters_dossier_id", table_name="dossier_letters")
    op.drop_table("dossier_letters")
