"""catalog search: FTS5 index on the folded procedure names (SQLite only), time-limit note

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 10:00:00

On SQLite an FTS5 table ``procedure_search`` (rowid = ``procedure_versions.id``) indexes
``name_folded``; triggers keep it in step with every insert, update and delete, whoever writes.
Other databases (PostgreSQL office mode) get no FTS table: ``kiosk.catalog`` then falls back to
LIKE on ``name_folded``, and a later migration may add a trigram index there.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FTS_STATEMENTS = [
    "CREATE VIRTUAL TABLE procedure_search USING fts5("
    "name, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO procedure_search(rowid, name) SELECT id, name_folded FROM procedure_versions",
    "CREATE TRIGGER procedure_search_ai AFTER INSERT ON procedure_versions BEGIN "
    "INSERT INTO procedure_search(rowid, name) VALUES (new.id, new.name_folded); END",
    "CREATE TRIGGER procedure_search_ad AFTER DELETE ON procedure_versions BEGIN "
    "DELETE FROM procedure_search WHERE rowid = old.id; END",
    "CREATE TRIGGER procedure_search_au AFTER UPDATE OF name_folded ON procedure_versions BEGIN "
    "UPDATE procedure_search SET name = new.name_folded WHERE rowid = old.id; END",
]


def upgrade() -> None:
    op.add_column("procedure_versions", sa.Column("time_limit_note", sa.Text(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in FTS_STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("procedure_search_ai", "procedure_search_ad", "procedure_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS procedure_search")
    with op.batch_alter_table("procedure_versions") as batch:
        batch.drop_column("time_limit_note")
