"""indexes for lists and statistics at scale (issue 14, owner: stats)

Revision ID: 0013
Revises: 0012

With a million dossiers the officer's lists and a month's statistics stay range scans:

- ``dossiers(status, due_date, due_date_reset, officer_id)``: the deadline watch (accepted
  dossiers due by a day, those whose apology is due) and the late ones per officer, read from the
  index alone;
- ``dossiers(created_at)``: the dossier list, newest first, one page at a time;
- ``dossiers(received_at, officer_id, id)``: dossiers received in a period, per officer (the id
  finds their papers without reading the row);
- ``dossier_events(status, at, dossier_id, officer_id)``: supplement requests, refusals and
  results in a period, read from the index alone;
- ``dossier_events(dossier_id, id, status)``: "did this dossier have a result ready" lookups, read
  from the index alone (``id`` second keeps a dossier's events in their written order);
- ``dossier_items(dossier_id, pdf_sha256, originals, …)``: "is every kept paper digitised",
  read from the index alone;
- ``ratings(day, officer_id)``: ratings given in a period (satisfaction).

Plain B-tree indexes: the same on SQLite and PostgreSQL.
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

INDEXES = (
    (
        "ix_dossiers_status_due_date",
        "dossiers",
        ["status", "due_date", "due_date_reset", "officer_id"],
    ),
    ("ix_dossiers_created_at", "dossiers", ["created_at"]),
    ("ix_dossiers_received_at_officer_id", "dossiers", ["received_at", "officer_id", "id"]),
    ("ix_dossier_events_status_at", "dossier_events", ["status", "at", "dossier_id", "officer_id"]),
    # with ``id`` before ``status``, a dossier's events still come in the order they were written
    ("ix_dossier_events_dossier_id_status", "dossier_events", ["dossier_id", "id", "status"]),
    (
        "ix_dossier_items_dossier_id_pdf",
        "dossier_items",
        ["dossier_id", "pdf_sha256", "originals", "certified_copies", "photocopies"],
    ),
    ("ix_ratings_day_officer_id", "ratings", ["day", "officer_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
