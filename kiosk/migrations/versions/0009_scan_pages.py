"""scanned pages, scan batches and digitised papers (issue 11, owner: scan-flow)

Revision ID: 0009
Revises: 0008

Each scanned page is a row naming its image blob, bound to its draft dossier and checklist item
(``scan_pages``); a scanner run is a ``scan_batches`` row with the spool folder its worker writes
into; ``scan_papers`` holds per item the page count the officer counted, the sealed PDF and, for a
paper taken from file instead of rescanned, the item it was reused from. Rows of a discarded draft
go with it (ON DELETE CASCADE).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str | None = None):
    ref_table = target.split(".")[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{ref_table}"), ondelete=ondelete
    )


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "scan_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("dossier_item_id", sa.Integer(), nullable=False),
        sa.Column("device", sa.String(length=200), nullable=False),
        sa.Column("spool", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        _when("started_at"),
        _when("finished_at", nullable=True),
        _fk("scan_batches", "dossier_id", "dossiers.id", "CASCADE"),
        _fk("scan_batches", "dossier_item_id", "dossier_items.id", "CASCADE"),
        _fk("scan_batches", "officer_id", "officers.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_batches")),
    )
    op.create_index(op.f("ix_scan_batches_dossier_id"), "scan_batches", ["dossier_id"])
    op.create_table(
        "scan_papers",
        sa.Column("dossier_item_id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("kind_folded", sa.Text(), nullable=False),
        sa.Column("expected_pages", sa.Integer(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=False),
        _when("sealed_at", nullable=True),
        sa.Column("sealed_by", sa.Integer(), nullable=True),
        sa.Column("reused_from_item_id", sa.Integer(), nullable=True),
        _fk("scan_papers", "dossier_id", "dossiers.id", "CASCADE"),
        _fk("scan_papers", "dossier_item_id", "dossier_items.id", "CASCADE"),
        _fk("scan_papers", "pdf_sha256", "blobs.sha256"),
        _fk("scan_papers", "reused_from_item_id", "dossier_items.id", "SET NULL"),
        _fk("scan_papers", "sealed_by", "officers.id"),
        sa.PrimaryKeyConstraint("dossier_item_id", name=op.f("pk_scan_papers")),
    )
    for column in ("dossier_id", "kind_folded", "sealed_at"):
        op.create_index(op.f(f"ix_scan_papers_{column}"), "scan_papers", [column])
    op.create_table(
        "scan_pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("dossier_item_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("thumbnail_sha256", sa.String(length=64), nullable=True),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("dpi", sa.Integer(), nullable=False),
        sa.Column("rotation", sa.Integer(), nullable=False),
        sa.Column("blank", sa.Boolean(), nullable=False),
        sa.Column("handwritten", sa.Boolean(), nullable=False),
        sa.Column("second_scan_of", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=10), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        _fk("scan_pages", "batch_id", "scan_batches.id", "SET NULL"),
        _fk("scan_pages", "dossier_id", "dossiers.id", "CASCADE"),
        _fk("scan_pages", "dossier_item_id", "dossier_items.id", "CASCADE"),
        _fk("scan_pages", "second_scan_of", "scan_pages.id", "CASCADE"),
        _fk("scan_pages", "sha256", "blobs.sha256"),
        _fk("scan_pages", "thumbnail_sha256", "blobs.sha256"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_pages")),
    )
    for column in ("dossier_id", "dossier_item_id", "state"):
        op.create_index(op.f(f"ix_scan_pages_{column}"), "scan_pages", [column])


def downgrade() -> None:
    op.drop_table("scan_pages")
    op.drop_table("scan_papers")
    op.drop_table("scan_batches")
