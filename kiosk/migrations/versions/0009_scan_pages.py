"""scanned pages and scan batches (issue 11, owner: scan-flow)

Revision ID: 0009
Revises: 0008

Placeholder reserved so parallel work keeps one linear chain; it changes nothing until filled in.
"""

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
