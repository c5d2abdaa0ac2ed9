"""searchable text layers of sealed papers (issue 11 §7, owner: scan-seal)

Revision ID: 0014
Revises: 0013

``paper_text_layers``: one row per sealed PDF (by its blob's SHA-256, so a paper reused from file
shares its original's row) once Tesseract has run on it in the background, or been found missing:
the status and its Vietnamese message for the officer, the searchable copy's blob and the text for
search. The sealed PDF itself stays in ``scan_papers.pdf_sha256`` (0009). A row goes with its
sealed blob (ON DELETE CASCADE).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper_text_layers",
        sa.Column("sealed_sha256", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("copy_sha256", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sealed_sha256"],
            ["blobs.sha256"],
            name=op.f("fk_paper_text_layers_sealed_sha256_blobs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["copy_sha256"],
            ["blobs.sha256"],
            name=op.f("fk_paper_text_layers_copy_sha256_blobs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("sealed_sha256", name=op.f("pk_paper_text_layers")),
    )
    op.create_index(op.f("ix_paper_text_layers_status"), "paper_text_layers", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_paper_text_layers_status"), table_name="paper_text_layers")
    op.drop_table("paper_text_layers")
