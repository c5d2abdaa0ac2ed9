"""device enrolment, pull cursors, blob upload state (issue 12, owner: central)

Revision ID: 0011
Revises: 0010

A machine's enrolment with the central system (device id, agency; the private key stays in the
machine's keys folder), where its pulls stopped, how far each blob's upload got, and the dossier
statuses the central system reported.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_credentials",
        sa.Column("machine", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("agency_code", sa.String(length=40), nullable=False),
        sa.Column("central_url", sa.Text(), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("machine", name=op.f("pk_device_credentials")),
    )
    op.create_table(
        "pull_cursors",
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("cursor", sa.Integer(), nullable=False),
        sa.Column("pulled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_pull_cursors")),
    )
    op.create_table(
        "blob_uploads",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("upload_id", sa.String(length=36), nullable=True),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_blob_uploads_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blob_uploads")),
    )
    op.create_table(
        "central_statuses",
        sa.Column("dossier_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("pulled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_central_statuses")),
    )
    op.create_index(op.f("ix_central_statuses_code"), "central_statuses", ["code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_central_statuses_code"), table_name="central_statuses")
    op.drop_table("central_statuses")
    op.drop_table("blob_uploads")
    op.drop_table("pull_cursors")
    op.drop_table("device_credentials")
