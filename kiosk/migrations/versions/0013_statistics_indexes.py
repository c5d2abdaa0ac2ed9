"""indexes for lists and statistics at scale (issue 14, owner: stats)

Revision ID: 0013
Revises: 0012

Placeholder reserved so parallel work keeps one linear chain; it changes nothing until filled in.
"""

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
